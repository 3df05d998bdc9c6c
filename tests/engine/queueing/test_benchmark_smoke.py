"""benchmarks/erlang.py and benchmarks/forecast.py --quick run on their own and end with one JSON line
(no timing asserted)."""

import json
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"


def run_quick(name: str) -> tuple[dict, str]:
    done = subprocess.run([sys.executable, str(BENCHMARKS / name), "--quick"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout


def test_erlang_benchmark_quick_ends_with_one_json_line():
    figures, out = run_quick("erlang.py")
    assert figures["benchmark"] == "erlang" and figures["intervals"] == 672
    assert {"erlang_c_ms", "erlang_a_ms", "large_centre_ms", "peak_agents"} <= set(figures)
    assert figures["peak_scheduled"] > figures["peak_agents"] > 0
    assert "lock-step" in out


def test_forecast_benchmark_quick_ends_with_one_json_line_and_beats_seasonal_naive():
    figures, _ = run_quick("forecast.py")
    assert figures["benchmark"] == "forecast" and figures["intervals"] == 14 * 48
    assert figures["mape"] < figures["naive_mape"]
    assert figures["improvement"] >= 0.2
