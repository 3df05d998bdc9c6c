"""Benchmark the abstractions forecast for a whole LPA: 12 weeks ahead from two years of history plus bookings.

    python benchmarks/absence_forecast.py [--quick] [--runs N]

Creates a throw-away test database (PostgreSQL when DATABASE_URL is set, else SQLite) holding one LPA of three
stations × five teams (300 people by default) with two years of seeded abstraction history — annual leave
peaking in summer and at Christmas, sickness peaking in winter, training, court, TOIL — and leave booked up to
four months ahead. Times `absence.forecast.unit_forecast` for the LPA (what the forecast page and
GET /api/absence/units/{code}/forecast compute) and the forecast page itself. Target: < 2 s.
It also backtests the model against seasonal naive (the same weeks last year) from rolling origins.
Last line: {"benchmark": "absence_forecast", "people": 300, "abstractions": ..., "median_ms": ..., ...}
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "muster.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

TODAY = dt.date(2026, 6, 10)
TARGET_MS = 2000
SEED = 20260610


def build(people: int):
    from absence.models import Abstraction
    from absence.reference import ensure_abstraction_types, type_for
    from common.choices import Role
    from org.models import Rank, RoleAssignment, StaffGroup, Unit
    from people.models import Contract, Person

    rng = random.Random(SEED)

    def unit(name, kind, parent=None):
        u = Unit.objects.create(name=name, code=name.lower().replace(" ", "-"), kind=kind, parent=parent)
        u.set_path()
        u.save(update_fields=["path", "depth"])
        return u

    ensure_abstraction_types()
    force = unit("Bench Force", "force")
    lpa = unit("Bench LPA", "area", force)
    teams = []
    for s in range(3):
        station = unit(f"Bench Station {s + 1}", "station", lpa)
        teams += [unit(f"Bench Team {s + 1}{c}", "team", station) for c in "ABCDE"]
    officers = StaffGroup.objects.create(code="police-officer", name="Police officer", kind="police-officer",
                                         rule_pack="police-officer")
    constable = Rank.objects.create(code="constable", name="Constable", staff_group=officers, seniority=10)
    planner = get_user_model().objects.create_user("bench-planner", password="x" * 12)
    RoleAssignment.objects.create(user=planner, role=Role.PLANNER, unit=lpa)
    staff = Person.objects.bulk_create([
        Person(payroll_number=f"F{i:05d}", first_name=f"First{i}", last_name=f"Last{i}", staff_group=officers,
               rank=constable, home_unit=teams[i % len(teams)], start_date=dt.date(2012, 1, 2)) for i in range(people)])
    Contract.objects.bulk_create([Contract(person=p, effective_from=p.start_date, hours_per_week=Decimal(40),
                                           fte=Decimal(1)) for p in staff])
    codes = {c: type_for(c) for c in ("annual-leave", "sickness", "training", "court", "toil")}
    start = TODAY - dt.timedelta(days=2 * 365)
    horizon = TODAY + dt.timedelta(days=120)
    rows = []

    def add(person, code, first, days, status="approved"):
        rows.append(Abstraction(person=person, type=codes[code], start_date=first,
                                end_date=first + dt.timedelta(days=days - 1), status=status))

    for person in staff:
        busy: set[dt.date] = set()

        def place(code, days, lo, hi, weights=None, status="approved", person=person, busy=busy):
            for _ in range(10):
                span = (hi - lo).days
                offset = rng.choices(range(span), weights=weights)[0] if weights else rng.randrange(span)
                first = lo + dt.timedelta(days=offset)
                run = {first + dt.timedelta(days=k) for k in range(days)}
                if not run & busy:
                    busy.update(run)
                    add(person, code, first, days, status)
                    return

        span = (horizon - start).days
        # Leave peaks in summer (Jul–Aug) and at Christmas; sickness in winter.
        leave_w = [3.0 if d.month in (7, 8) else 2.0 if (d.month == 12 and d.day > 15) else 1.0
                   for d in (start + dt.timedelta(days=i) for i in range(span))]
        sick_w = [2.0 if d.month in (12, 1, 2) else 1.0 for d in (start + dt.timedelta(days=i) for i in range(span))]
        for _ in range(14):
            place("annual-leave", rng.choice([1, 2, 3, 5, 5, 7]), start, horizon, leave_w,
                  status="requested" if rng.random() < 0.1 else "approved")
        for _ in range(rng.choice([0, 1, 1, 2, 3, 4])):
            place("sickness", rng.choice([1, 1, 2, 3, 5, 7, 14]), start, TODAY, sick_w[:(TODAY - start).days])
        for _ in range(rng.choice([1, 2, 3])):
            place("training", rng.choice([1, 2, 3, 5]), start, horizon)
        if rng.random() < 0.3:
            place("court", 1, start, horizon)
        if rng.random() < 0.3:
            place("toil", 1, start, horizon)
    Abstraction.objects.bulk_create(rows, batch_size=2000)
    return lpa, planner, len(rows)


def backtest(lpa) -> dict:
    """The model against seasonal naive (the same weeks last year), 12 weeks ahead from rolling origins every two
    weeks over the last half year, bookings ignored: mean absolute error in people off per day."""
    from absence.forecast import forecast_series, unit_forecast

    result = unit_forecast(lpa, today=TODAY)
    by_type = np.array([t.history for t in result.types])
    total = by_type.sum(axis=0)
    model_errors, naive_errors = [], []
    for cut in range(len(total) - 40, len(total) - 11, 2):
        held = total[cut:cut + 12]
        model = sum(forecast_series(series[:cut], 12) for series in by_type)
        model_errors.append(float(np.abs(model - held).mean()))
        naive_errors.append(float(np.abs(total[cut - 52:cut - 40] - held).mean()))
    return {"mae_model": round(statistics.mean(model_errors), 2), "mae_naive": round(statistics.mean(naive_errors), 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="60 people, 3 runs: a smoke test")
    parser.add_argument("--runs", type=int, default=None)
    args = parser.parse_args(argv)
    people = 60 if args.quick else 300
    runs = args.runs or (3 if args.quick else 10)

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from absence.forecast import unit_forecast
        from absence.views.insight import forecast as forecast_view

        started = time.perf_counter()
        lpa, planner, abstractions = build(people)
        setup_seconds = time.perf_counter() - started
        unit_forecast(lpa, today=TODAY)
        timings = []
        for _ in range(runs):
            t = time.perf_counter()
            result = unit_forecast(lpa, today=TODAY)
            timings.append((time.perf_counter() - t) * 1000)
        with CaptureQueriesContext(connection) as queries:
            result = unit_forecast(lpa, today=TODAY)
        factory = RequestFactory()

        def page():
            http = factory.get(f"/absence/units/{lpa.code}/forecast/")
            http.user = planner
            response = forecast_view(http, lpa.code)
            assert response.status_code == 200, response.status_code
            return response

        page()
        page_timings = []
        for _ in range(max(3, runs // 2)):
            t = time.perf_counter()
            page()
            page_timings.append((time.perf_counter() - t) * 1000)
        median = statistics.median(timings)
        scores = backtest(lpa)
        flagged = sum(result.flagged)
        print(f"Absence forecast on {connection.vendor}: {result.headcount} people in {lpa.name}, "
              f"{abstractions} abstractions over two years (setup {setup_seconds:.1f} s)")
        print(f"{'median forecast time':<32}{median:>9.1f} ms   (min {min(timings):.1f}, max {max(timings):.1f}, "
              f"{runs} runs; target < {TARGET_MS} ms)")
        print(f"{'forecast page (view + chart)':<32}{statistics.median(page_timings):>9.1f} ms")
        print(f"{'queries':<32}{len(queries.captured_queries):>9}")
        print(f"{'types forecast':<32}{len(result.types):>9}   weeks above headroom: {flagged} of 12")
        print(f"{'backtest, 12 weeks ahead (MAE)':<32}{scores['mae_model']:>9}   people off per day; seasonal naive "
              f"{scores['mae_naive']}")
        print(json.dumps({"benchmark": "absence_forecast", "database": connection.vendor,
                          "people": result.headcount, "abstractions": abstractions, "median_ms": round(median, 1),
                          "page_ms": round(statistics.median(page_timings), 1),
                          "queries": len(queries.captured_queries), **scores, "target_ms": TARGET_MS}))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
