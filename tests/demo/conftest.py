import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The demo logins are hashed with Argon2 in real use; a cheap hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
