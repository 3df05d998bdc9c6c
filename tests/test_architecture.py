"""The layering contracts (pyproject.toml, checked by `lint-imports` in `make test`) cover every app.

import-linter only checks the packages it is told about: an app added to INSTALLED_APPS but not to the contracts
would escape the layering silently. This test makes that omission fail instead."""

import re
import tomllib
from pathlib import Path

from django.conf import settings

REPO = Path(__file__).resolve().parents[1]


def importlinter_config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def muster_apps() -> set[str]:
    """INSTALLED_APPS that live in this repository (not Django's or third parties')."""
    packages = {app.split(".")[0] for app in settings.INSTALLED_APPS}
    return {package for package in packages if (REPO / package / "__init__.py").exists()}


def contract(type_: str) -> dict:
    return next(c for c in importlinter_config()["contracts"] if c["type"] == type_)


def test_every_app_is_a_root_package_of_the_import_linter():
    # given
    roots = set(importlinter_config()["root_packages"])

    # when
    missing = muster_apps() - roots

    # then
    assert "common" in muster_apps()
    assert missing == set(), f"add {sorted(missing)} to [tool.importlinter] root_packages in pyproject.toml"


def test_every_app_has_its_place_in_the_layers_contract():
    # given
    layered = {name for layer in contract("layers")["layers"] for name in re.split(r"[|:]", layer)}

    # when
    missing = muster_apps() - {name.strip(" ()") for name in layered}

    # then
    assert missing == set(), f"place {sorted(missing)} in the layers contract (DESIGN.md § Layout) in pyproject.toml"


def test_the_engine_may_import_no_app_and_no_django():
    # given
    forbidden = set(contract("forbidden")["forbidden_modules"])

    # when
    allowed = (muster_apps() | {"django"}) - forbidden

    # then
    assert contract("forbidden")["source_modules"] == ["muster_engine"]
    assert allowed == set(), f"forbid muster_engine to import {sorted(allowed)} in pyproject.toml"
