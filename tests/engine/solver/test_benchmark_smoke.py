"""benchmarks/curtois.py and benchmarks/solver_unit.py --quick run on their own and end with one JSON line."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"


def run(script: str) -> tuple[subprocess.CompletedProcess, dict]:
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), "--quick"], capture_output=True, text=True,
                          timeout=300)
    return done, json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_curtois_quick_checks_every_roster_and_ends_with_json(curtois_dir):
    # when
    done, figures = run("curtois.py")

    # then
    assert done.returncode == 0, done.stderr
    assert figures["benchmark"] == "curtois" and figures["all_valid"] is True
    assert [r["instance"] for r in figures["instances"]] == ["Instance1", "Instance2"]
    assert figures["instances"][0]["objective"] == 607
    assert "gap %" in done.stdout


@pytest.mark.slow
def test_solver_unit_quick_reports_the_gap_to_the_bound():
    # when
    done, figures = run("solver_unit.py")

    # then
    assert done.returncode == 0, done.stderr
    assert figures["benchmark"] == "solver_unit"
    assert {"people", "days", "objective", "best_bound", "gap_percent", "seconds", "valid"} <= set(figures)
    assert figures["valid"] is True
