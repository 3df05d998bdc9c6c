"""Benchmark the pay engine: cost 4 weeks of duties for a 600-person area, and one cover option.

    python benchmarks/cost.py [--quick]

Generates (seeded) constables on 8 h and 10 h rotating tours with rest days, casual and planned overtime,
recalls, rest-day working at short and long notice and a public holiday; and an NHS area with AfC bands
and nights. Times `cost()` for the whole area (with and without the WTR-7 evaluation, best of 3) and the
median of costing one person's single option (what cover ranking does per candidate). Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from muster_engine.pay import Overtime, PayDuty, PayPerson, cost  # noqa: E402
from muster_engine.worktime import LONDON  # noqa: E402

SEED = 20260309
FIRST_DAY = date(2026, 3, 9)  # a Monday; Good Friday 3 Apr falls inside 4 weeks


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def police_area(people: int, weeks: int, rng: random.Random):
    persons, duties = [], []
    starts = (7, 14, 22)
    for n in range(people):
        pid = f"P{n}"
        rank = "sergeant" if n % 8 == 0 else ("inspector" if n % 40 == 0 else "constable")
        hours = Decimal(40) if n % 10 else Decimal(24)
        persons.append(PayPerson(pid, Decimal("20.00") + Decimal(n % 7), rank=rank, hours_per_week=hours))
        for d in range(weeks * 7):
            day = FIRST_DAY + timedelta(days=d)
            slot = (d + n) % 7
            if slot >= 5 and rng.random() > 0.08:
                continue  # rest day; 8 % of rest days are worked
            hour = starts[((d + n) // 7) % 3]
            start = local(day, hour)
            length = 8 * 60 if n % 2 else 10 * 60
            end = start + timedelta(minutes=length)
            overtime = None
            roll = rng.random()
            if roll < 0.10:
                overtime = Overtime("casual", end)
                end = end + timedelta(minutes=rng.choice((20, 45, 75, 130)))
            elif roll < 0.13:
                overtime = Overtime("planned", end)
                end = end + timedelta(minutes=rng.choice((60, 120, 240)))
            told = start - timedelta(days=rng.choice((1, 3, 9, 20, 40)))
            duties.append(
                PayDuty(
                    pid,
                    start,
                    end,
                    break_minutes=45,
                    rostered_rest_day=slot >= 5,
                    public_holiday=day == date(2026, 4, 3),
                    overtime=overtime,
                    notified_at=told,
                )
            )
            if rng.random() < 0.01:
                recall_start = end + timedelta(hours=4)
                duties.append(
                    PayDuty(pid, recall_start, recall_start + timedelta(hours=2), overtime=Overtime("recall"))
                )
    return persons, duties


def timed(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - began)
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a reduced size that runs in a few seconds")
    args = parser.parse_args(argv)
    rng = random.Random(SEED)
    size, weeks = (60, 2) if args.quick else (600, 4)
    people, duties = police_area(size, weeks, rng)
    result = cost("police-officer", people, duties, compensatory_rest=False)
    area_s = timed(lambda: cost("police-officer", people, duties, compensatory_rest=False), 3)
    area_wtr_s = timed(lambda: cost("police-officer", people, duties), 1 if args.quick else 3)

    # One cover option: one person's week plus the extra duty offered to them, as cover ranking costs it.
    singles = []
    for n in range(50 if args.quick else 300):
        person = people[n % len(people)]
        own = [d for d in duties if d.person == person.id][:6]
        extra = PayDuty(
            person.id,
            local(FIRST_DAY + timedelta(days=5), 7),
            local(FIRST_DAY + timedelta(days=5), 17),
            rostered_rest_day=True,
            notified_at=local(FIRST_DAY, 9),
        )
        began = time.perf_counter()
        cost("police-officer", [person], [*own, extra], compensatory_rest=False)
        singles.append((time.perf_counter() - began) * 1000)
    one_ms = statistics.median(singles)

    by_rule: dict[str, Decimal] = {}
    for item in result.items:
        by_rule[item.rule] = by_rule.get(item.rule, Decimal(0)) + item.amount
    print(f"{'rule':<8} {'amount':>12}")
    for rule in sorted(by_rule):
        print(f"{rule:<8} {by_rule[rule]:>12.2f}")
    print(f"{'total':<8} {result.total:>12.2f}")
    print()
    print(f"{'measure':<44} {'value':>10}")
    print(f"{'people':<44} {size:>10}")
    print(f"{'duties':<44} {len(duties):>10}")
    print(f"{'items':<44} {len(result.items):>10}")
    print(f"{'area cost, seconds (best of 3)':<44} {area_s:>10.3f}")
    print(f"{'area cost with WTR-7, seconds':<44} {area_wtr_s:>10.3f}")
    print(f"{'one option, ms (median)':<44} {one_ms:>10.3f}")
    print(
        json.dumps(
            {
                "benchmark": "cost",
                "people": size,
                "duties": len(duties),
                "items": len(result.items),
                "total": str(result.total),
                "seconds": round(area_s, 4),
                "seconds_with_wtr7": round(area_wtr_s, 4),
                "one_option_ms": round(one_ms, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
