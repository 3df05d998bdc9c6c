import pytest

from tests.factories import PASSWORD, Org


@pytest.fixture
def org(db) -> Org:
    return Org()


@pytest.fixture
def client_as(client, org):
    """Sign the test client in as one of the Org personas: client_as('pat')."""

    def sign_in(username: str):
        assert client.login(username=username, password=PASSWORD)
        return client

    return sign_in
