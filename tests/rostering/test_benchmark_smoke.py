"""benchmarks/staffing_coverage.py and benchmarks/roster_grid.py --quick run on their own and end with one line of
JSON (no timing asserted)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
pytestmark = pytest.mark.slow


def run(script: str, *args: str) -> tuple[dict, str]:
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), "--quick", *args], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout


def test_staffing_coverage_quick_ends_with_one_json_line():
    figures, text = run("staffing_coverage.py")
    assert figures["benchmark"] == "staffing_coverage" and figures["people"] == 40
    assert {"coverage_1d_ms", "coverage_3d_ms", "coverage_14d_ms", "leave_question_7d_ms"} <= set(figures)
    assert "leave question" in text


def test_roster_grid_quick_reports_the_staffing_foot():
    figures, text = run("roster_grid.py")
    assert figures["benchmark"] == "roster_grid" and "staffing_ms" in figures
    assert "staffing foot" in text and "(4 requirements)" in text
