"""The Curtois & Qu instances live outside the repository, in ../shared/benchmarks/curtois (from the repo root)."""

from pathlib import Path

import pytest

CURTOIS = Path(__file__).resolve().parents[3].parent / "shared" / "benchmarks" / "curtois"


@pytest.fixture
def curtois_dir() -> Path:
    if not (CURTOIS / "Instance1.txt").exists():
        pytest.skip(f"the Curtois benchmark instances are not in {CURTOIS} (../shared/benchmarks/curtois)")
    return CURTOIS
