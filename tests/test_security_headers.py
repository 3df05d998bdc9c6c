"""What every deployment relies on without configuring anything: headers, local assets, Argon2, throttling, CSRF."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client, override_settings

from muster import settings as production_settings
from tests.factories import PASSWORD

REPO = Path(__file__).resolve().parents[1]
# An asset is anything the browser fetches by itself: scripts, stylesheets, images, frames, media, CSS imports.
REMOTE_ASSET = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*\b(?:src|href|srcset|data)\s*=\s*"
    r"[\"']?\s*(?:https?:)?//"
    r"|url\(\s*[\"']?\s*(?:https?:)?//|@import\s+[\"']?(?:https?:)?//",
    re.IGNORECASE,
)


def template_and_static_files() -> list[Path]:
    roots = [REPO / "templates", REPO / "static", *REPO.glob("*/templates"), *REPO.glob("*/static")]
    files = [path for root in roots for path in root.rglob("*") if path.suffix in {".html", ".css", ".txt"}]
    return [path for path in files if "vendor" not in path.parts and ".venv" not in path.parts]


@pytest.mark.parametrize("who", ["anonymous", "pat"])
def test_pages_carry_a_strict_content_security_policy_and_the_other_security_headers(who, client_as, client):
    # given
    if who != "anonymous":
        client = client_as(who)

    # when
    response = client.get("/login/" if who == "anonymous" else "/")

    # then
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] in {"same-origin", "no-referrer", "strict-origin-when-cross-origin"}


def test_no_template_or_stylesheet_loads_an_asset_from_another_site():
    # given
    files = template_and_static_files()
    assert any(path.name == "base.html" for path in files)

    # when
    offenders = [f"{path.relative_to(REPO)}: {match.group(0)}"
                 for path in files for match in REMOTE_ASSET.finditer(path.read_text(encoding="utf-8"))]

    # then
    assert offenders == []


def test_new_passwords_are_stored_as_argon2_hashes_at_full_cost(db):
    # given: the production hashers (the suite runs with a cheap Argon2, tests/settings.py)
    with override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS):
        # when
        user = get_user_model().objects.create_user("newcomer", password="a-long-enough-password")
        user.refresh_from_db()

        # then
        assert user.password.startswith("argon2$argon2id$")
        assert f"$m={Argon2PasswordHasher.memory_cost},t={Argon2PasswordHasher.time_cost}," in user.password
        assert user.check_password("a-long-enough-password")


def test_after_too_many_failures_even_the_right_password_is_refused_with_429(org, client):
    # given: LOGIN_FAILURE_LIMIT wrong passwords for pat
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert client.post("/login/", {"username": "pat", "password": "wrong-password"}).status_code == 401

    # when
    response = client.post("/login/", {"username": "pat", "password": PASSWORD})

    # then
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_sign_in_without_a_csrf_token_is_forbidden(org):
    # given
    client = Client(enforce_csrf_checks=True)

    # when
    response = client.post("/login/", {"username": "pat", "password": PASSWORD})

    # then
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
