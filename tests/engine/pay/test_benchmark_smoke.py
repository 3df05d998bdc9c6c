"""benchmarks/cost.py --quick runs on its own and ends with one line of JSON (no timing asserted)."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[3] / "benchmarks" / "cost.py"


def test_cost_quick_ends_with_one_json_line():
    # when
    done = subprocess.run([sys.executable, str(SCRIPT), "--quick"], capture_output=True, text=True, timeout=120)

    # then
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["benchmark"] == "cost"
    assert {"people", "duties", "items", "total", "seconds", "seconds_with_wtr7", "one_option_ms"} <= set(figures)
    assert figures["people"] == 60 and figures["items"] > 100
    assert "one option, ms (median)" in done.stdout
