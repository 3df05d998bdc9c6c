"""Absence test helpers: the shipped abstraction types, and leave-ready people of the named Org."""

import pytest

from absence.models import AbstractionType
from absence.reference import ensure_abstraction_types


@pytest.fixture
def types(db) -> dict[str, AbstractionType]:
    ensure_abstraction_types()
    return {t.code: t for t in AbstractionType.objects.all()}
