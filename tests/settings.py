"""Settings for the test suite: Muster's own settings with a cheap Argon2.

At production cost (100 MiB and several passes per hash) Argon2 dominated the suite's time: every persona's
password is hashed when the Org is built and every sign-in verifies one. Tests keep the same algorithm and code
path with the smallest parameters; tests/test_security_headers.py checks the production hasher itself."""

from django.contrib.auth.hashers import Argon2PasswordHasher

from muster.settings import *  # noqa: F403
from muster.settings import PASSWORD_HASHERS as PRODUCTION_PASSWORD_HASHERS


class CheapArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 64  # KiB
    parallelism = 1


PASSWORD_HASHERS = ["tests.settings.CheapArgon2PasswordHasher", *PRODUCTION_PASSWORD_HASHERS]
