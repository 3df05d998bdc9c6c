"""Benchmark the working-time check over a whole force: 6,000 people x 365 days of duties.

    python benchmarks/check_force.py [--quick]

Generates a synthetic but realistic year (seeded): rotating 8 h and 10 h police shifts, office days,
12 h ambulance 4-on-4-off, contact-centre earlies and lates, overtime run-ons, on-call, annual leave and
sickness, and a few planted breaches. Times the full check (Timelines.from_arrays + evaluate, best of 3)
and one person's 17-week check from dataclasses (median), prints a table and ends with one JSON line.
Targets: full check <= 2 s, one person <= 5 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from muster_engine.worktime import (  # noqa: E402
    Abstraction,
    Duty,
    Period,
    Person,
    RestDay,
    Timelines,
    evaluate,
    shipped_packs,
)
from muster_engine.worktime.clock import LocalClock, day_date, day_number, from_minutes  # noqa: E402

SEED = 20260105
FIRST_DAY = date(2026, 1, 5)

# Shift types: (local start minute, length minutes, unpaid break or police refreshment minutes).
SHIFTS = (
    (0, 0, 0),  # 0 rest day
    (7 * 60, 8 * 60, 45),  # 1 early 07:00-15:00
    (15 * 60, 8 * 60, 45),  # 2 late 15:00-23:00
    (23 * 60, 8 * 60, 45),  # 3 night 23:00-07:00
    (7 * 60, 10 * 60, 60),  # 4 early 07:00-17:00
    (14 * 60, 10 * 60, 60),  # 5 late 14:00-00:00
    (22 * 60, 9 * 60, 50),  # 6 night 22:00-07:00
    (9 * 60, 8 * 60, 30),  # 7 office 09:00-17:00
    (7 * 60, 12 * 60, 60),  # 8 ambulance day 07:00-19:00
    (19 * 60, 12 * 60, 60),  # 9 ambulance night 19:00-07:00
    (8 * 60, 8 * 60, 30),  # 10 contact centre early 08:00-16:00
    (14 * 60, 8 * 60, 30),  # 11 contact centre late 14:00-22:00
)
PATTERNS = (
    ("8 h rotation (5 on, 2 off)", (1,) * 5 + (0, 0) + (2,) * 5 + (0, 0) + (3,) * 5 + (0, 0)),
    ("10 h rotation", (4, 4, 5, 5, 0, 6, 6, 6, 0, 0, 0, 4, 4, 0)),
    ("office Mon-Fri", (7,) * 5 + (0, 0)),
    ("12 h 4 on 4 off", (8, 8, 9, 9, 0, 0, 0, 0)),
    ("contact centre", (10,) * 5 + (0, 0) + (11,) * 5 + (0, 0)),
)
# (pack, share of people, patterns it uses)
STAFF_GROUPS = (
    ("police-officer", 0.60, (0, 1)),
    ("police-staff", 0.15, (2, 4)),
    ("nhs-ambulance", 0.15, (3,)),
    ("nhs-afc", 0.10, (2, 4)),
)


def generate(people_count: int, days: int, rng: np.random.Generator) -> dict:
    """Everything as arrays (what a bulk check from the database would build), plus the Person list."""
    first = day_number(FIRST_DAY)
    shifts = np.array(SHIFTS, dtype=np.int64)
    clock = LocalClock.build(first - 10, first + days + 10)
    shares = np.array([g[1] for g in STAFF_GROUPS])
    group = rng.choice(len(STAFF_GROUPS), size=people_count, p=shares / shares.sum())
    pattern = np.array([rng.choice(STAFF_GROUPS[g][2]) for g in group])
    cycle = max(len(p[1]) for p in PATTERNS)
    table = np.zeros((len(PATTERNS), cycle * 4), np.int64)
    lengths = np.array([len(p[1]) for p in PATTERNS])
    for k, (_, codes) in enumerate(PATTERNS):
        table[k, : len(codes)] = codes
    # Teams start their cycle on a Monday, a week or more apart, so rest days fall at the week's end.
    offset = 7 * rng.integers(0, 4, size=people_count)
    t = np.arange(days)
    codes = table[pattern[:, None], (t[None, :] + offset[:, None]) % lengths[pattern][:, None]]

    # Annual leave: five weeks-ish in blocks; sickness for some. Leave days have no duty.
    abs_person, abs_start, abs_end, abs_type = [], [], [], []
    for p in range(people_count):
        for start in rng.choice(np.arange(0, days - 7, 7), size=5, replace=False):
            abs_person.append(p)
            abs_start.append(first + int(start))
            abs_end.append(first + int(start) + 4)
            abs_type.append("annual_leave")
        if rng.random() < 0.3:
            start = int(rng.integers(0, days - 10))
            abs_person.append(p)
            abs_start.append(first + start)
            abs_end.append(first + start + int(rng.integers(0, 10)))
            abs_type.append("sickness")
    abs_person_a = np.array(abs_person, np.int64)
    abs_start_a = np.array(abs_start, np.int64)
    abs_end_a = np.array(abs_end, np.int64)
    off = np.zeros((people_count, days + 1), np.int64)
    np.add.at(off, (abs_person_a, abs_start_a - first), 1)
    np.add.at(off, (abs_person_a, np.minimum(abs_end_a - first + 1, days)), -1)
    on_leave = np.cumsum(off, axis=1)[:, :days] > 0

    # A few people work their rest days for 20 weeks (WTR-1, WTR-4, POL-4 findings).
    greedy = rng.choice(people_count, size=max(1, people_count // 300), replace=False)
    rest_work = np.zeros_like(codes, dtype=bool)
    rest_work[greedy, 100:240] = codes[greedy, 100:240] == 0
    codes = np.where(rest_work, 7, codes)

    working = (codes > 0) & ~on_leave
    person, day = np.nonzero(working)
    code = codes[person, day]
    local_start = (first + day) * 1440 + shifts[code, 0]
    start = clock.to_utc(local_start)
    # Ends are wall-clock times too, so a night over a clock change is an hour shorter or longer.
    end = clock.to_utc(local_start + shifts[code, 1])
    breaks = shifts[code, 2]
    kind = np.zeros(len(person), np.int8)

    # Overtime run-ons straight after a quarter of police tours and a tenth of others, a quick return
    # for 1 % of people, and some tours with the break missed.
    run_on = rng.random(len(person)) < np.where(group[person] == 0, 0.25, 0.1)
    extra_p = [person[run_on]]
    extra_s = [end[run_on]]
    extra_e = [end[run_on] + rng.integers(15, 61, size=int(run_on.sum()))]
    quick = rng.choice(len(person), size=max(1, people_count // 100), replace=False)
    extra_p.append(person[quick])
    extra_s.append(end[quick] + 6 * 60)
    extra_e.append(end[quick] + 10 * 60)
    missed = rng.choice(len(person), size=max(1, people_count // 200), replace=False)
    breaks[missed] = 0
    # On-call away from the workplace on one rest day a fortnight for ambulance staff (not working time).
    amb_rest = (group[:, None] == 2) & (codes == 0) & ~on_leave & ((np.arange(days)[None, :] % 14) == 5)
    op, od = np.nonzero(amb_rest)
    oc_start = clock.to_utc((first + od) * 1440 + 8 * 60)
    extra_p.append(op)
    extra_s.append(oc_start)
    extra_e.append(oc_start + 12 * 60)

    n_extra = sum(len(x) for x in extra_p)
    person = np.concatenate([person, *extra_p])
    start = np.concatenate([start, *extra_s])
    end = np.concatenate([end, *extra_e])
    breaks = np.concatenate([breaks, np.zeros(n_extra, np.int64)])
    kind = np.concatenate([kind, np.zeros(n_extra - len(op), np.int8), np.full(len(op), 3, np.int8)])
    order = np.lexsort((start, person))  # a bulk query would ORDER BY person, start

    rest_p, rest_d = np.nonzero(codes == 0)
    people = [
        Person(
            id=f"P{p:05d}",
            pack=STAFF_GROUPS[group[p]][0],
            hours_per_week=40 if group[p] == 0 else 37.5,
            night_worker=bool(pattern[p] in (0, 1, 3)) or None,
            birth_date=date(1970, 1, 1) + timedelta(days=int(rng.integers(0, 365 * 35))),
            employed_from=date(2010, 1, 1),
        )
        for p in range(people_count)
    ]
    return {
        "people": people,
        "arrays": dict(
            duty_person=person[order],
            duty_start=start[order],
            duty_end=end[order],
            duty_break=breaks[order],
            duty_kind=kind[order],
            rest_person=rest_p,
            rest_day=rest_d + first,
            abs_person=abs_person_a,
            abs_start_day=abs_start_a,
            abs_end_day=abs_end_a,
            abs_excluded=np.ones(len(abs_person_a), bool),
        ),
        "abs_type": abs_type,
    }


def one_person_inputs(data: dict, index: int, period: Period) -> tuple[Person, list[Duty], list, list]:
    """One person's duties over the 17 weeks of the period and the 17 weeks before, as dataclasses."""
    a = data["arrays"]
    person = data["people"][index]
    lo = day_number(period.start) - 119
    mine = np.flatnonzero((a["duty_person"] == index) & (a["duty_start"] >= lo * 1440))
    duties = [
        Duty(person.id, from_minutes(a["duty_start"][i]), from_minutes(a["duty_end"][i]), int(a["duty_break"][i]))
        for i in mine
    ]
    rest = [RestDay(person.id, day_date(d)) for d in a["rest_day"][a["rest_person"] == index]]
    leave = [
        Abstraction(person.id, data["abs_type"][k], day_date(a["abs_start_day"][k]), day_date(a["abs_end_day"][k]))
        for k in np.flatnonzero(a["abs_person"] == index)
    ]
    return person, duties, rest, leave


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a reduced size that runs in a couple of seconds")
    args = parser.parse_args(argv)
    people_count, days, repeats = (300, 365, 2) if args.quick else (6000, 365, 3)
    rng = np.random.default_rng(SEED)

    began = time.perf_counter()
    data = generate(people_count, days, rng)
    generated = time.perf_counter() - began
    packs = shipped_packs()
    period = Period(FIRST_DAY, FIRST_DAY + timedelta(days=days - 1))

    timings = []
    violations: list = []
    for _ in range(repeats):
        began = time.perf_counter()
        timelines = Timelines.from_arrays(data["people"], **data["arrays"])
        violations = evaluate(timelines, packs, period)
        timings.append(time.perf_counter() - began)
    duties = len(data["arrays"]["duty_person"])

    last17 = Period(period.end - timedelta(days=118), period.end)
    person, mine, rest, leave = one_person_inputs(data, 0, last17)
    one = []
    for _ in range(30 if args.quick else 200):
        began = time.perf_counter()
        small = Timelines.from_records([person], mine, rest, leave)
        evaluate(small, packs, last17)
        one.append(time.perf_counter() - began)
    one_ms = statistics.median(one) * 1000

    by_rule = Counter((v.rule, v.severity) for v in violations)
    print(f"check_force: {people_count:,} people, {duties:,} duties over {days} days (generated in {generated:.2f} s)")
    print(f"{'measure':<40} {'value':>12}")
    print(f"{'full check, best of ' + str(repeats) + ' (s)':<40} {min(timings):>12.3f}")
    print(f"{'full check, all runs (s)':<40} {', '.join(f'{t:.3f}' for t in timings):>12}")
    print(f"{'one person, 17 weeks, median (ms)':<40} {one_ms:>12.2f}")
    print(f"{'  its duties':<40} {len(mine):>12}")
    print(f"{'violations':<40} {len(violations):>12,}")
    for (rule, severity), count in sorted(by_rule.items()):
        print(f"{'  ' + rule + ' ' + severity:<40} {count:>12,}")
    print(
        json.dumps(
            {
                "benchmark": "check_force",
                "people": people_count,
                "duties": duties,
                "seconds": round(min(timings), 3),
                "one_person_17_weeks_ms": round(one_ms, 2),
                "violations": len(violations),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
