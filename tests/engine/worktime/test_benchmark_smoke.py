"""benchmarks/check_force.py --quick runs on its own and ends with one line of JSON (no timing asserted)."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[3] / "benchmarks" / "check_force.py"


def test_check_force_quick_ends_with_one_json_line():
    # when
    done = subprocess.run([sys.executable, str(SCRIPT), "--quick"], capture_output=True, text=True, timeout=120)

    # then
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["benchmark"] == "check_force"
    assert {"people", "duties", "seconds", "one_person_17_weeks_ms"} <= set(figures)
    assert figures["people"] == 300 and figures["duties"] > 50_000
    assert "one person, 17 weeks" in done.stdout
