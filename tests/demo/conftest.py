import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The demo logins are hashed with Argon2 in real use; a cheap hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def wipe_database() -> None:
    """Remove everything a module-scoped demo committed, reference data and library patterns included: it was
    written outside the per-test rollback, and any row left behind would leak into later tests on this worker."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
