"""Benchmark the call forecast against seasonal naive on the held-back tail of the demo 111 history.

    python benchmarks/forecast.py [--quick]

The demo's 111 history (muster_engine.queueing.synthetic, the demo's seed) over a fixed eight weeks,
Monday 7 April to Sunday 1 June 2025, so the figures do not move with today's date: it holds Good Friday,
Easter Monday, the early-May and the spring bank holidays. The first six weeks train, the last two (with the
spring bank holiday) are held back. MAPE is the mean absolute percentage error over the held-back half-hours;
seasonal naive repeats the last week. Target: >= 20 % lower MAPE than seasonal naive. Other seeds of the same
generator are scored too, to show the result is not one lucky draw. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from muster_engine.queueing import forecast as fc  # noqa: E402
from muster_engine.queueing.history import History, from_rows  # noqa: E402
from muster_engine.queueing.synthetic import DEMO_SEED, nhs111_history  # noqa: E402

FIRST_DAY = date(2025, 4, 7)
DAYS = 56
HELD_BACK_DAYS = 14
INTERVAL = 30


def score(seed: int) -> dict:
    rows = nhs111_history(FIRST_DAY, DAYS, seed=seed)
    history = from_rows([r.start for r in rows], [r.calls for r in rows])
    cut = FIRST_DAY + timedelta(days=DAYS - HELD_BACK_DAYS)
    train = history.before(cut)
    tail = History(history.starts[len(train):], history.calls[len(train):], history.tz, INTERVAL)
    began = time.perf_counter()
    model = fc.forecast_calls(train, interval_minutes=INTERVAL, horizon_days=HELD_BACK_DAYS)
    seconds = time.perf_counter() - began
    naive = fc.seasonal_naive(train, interval_minutes=INTERVAL, horizon_days=HELD_BACK_DAYS)
    m = fc.accuracy(fc.epoch_seconds(model.starts), model.calls, tail)
    n = fc.accuracy(fc.epoch_seconds(naive.starts), naive.calls, tail)
    return {"seed": seed, "intervals": m.intervals, "mape": m.mape, "bias": m.bias, "naive_mape": n.mape,
            "naive_bias": n.bias, "improvement": 1 - m.mape / n.mape, "ms": seconds * 1000}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the demo seed and two others only")
    args = parser.parse_args()
    others = range(1, 3) if args.quick else range(1, 21)
    demo = score(DEMO_SEED)
    rest = [score(seed) for seed in others]
    print(f"held back: {HELD_BACK_DAYS} days ({demo['intervals']} half-hours) after "
          f"{DAYS - HELD_BACK_DAYS} days of training, {FIRST_DAY} onwards")
    print(f"{'seed':>6}{'model MAPE':>12}{'naive MAPE':>12}{'lower by':>10}{'model bias':>12}{'ms':>8}")
    for result in [demo, *rest]:
        print(f"{result['seed']:>6}{result['mape']:>12.2%}{result['naive_mape']:>12.2%}"
              f"{result['improvement']:>10.1%}{result['bias']:>12.2%}{result['ms']:>8.1f}")
    mean_improvement = statistics.mean(r["improvement"] for r in rest)
    worst = min(r["improvement"] for r in rest)
    print(f"demo seed {DEMO_SEED}: MAPE {demo['mape']:.2%} vs seasonal naive {demo['naive_mape']:.2%} "
          f"({demo['improvement']:.1%} lower; target >= 20 %: {'met' if demo['improvement'] >= 0.2 else 'NOT met'})")
    print(f"other seeds: {mean_improvement:.1%} lower on average, {worst:.1%} at worst")
    print(json.dumps({"benchmark": "forecast", "history_days": DAYS - HELD_BACK_DAYS, "held_back_days": HELD_BACK_DAYS,
                      "interval_minutes": INTERVAL, "intervals": demo["intervals"], "seed": DEMO_SEED,
                      "mape": round(demo["mape"], 4), "naive_mape": round(demo["naive_mape"], 4),
                      "improvement": round(demo["improvement"], 4), "bias": round(demo["bias"], 4),
                      "other_seeds": len(rest), "mean_improvement": round(mean_improvement, 4),
                      "worst_improvement": round(worst, 4), "forecast_ms": round(demo["ms"], 1), "target": 0.2}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
