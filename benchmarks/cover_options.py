"""Benchmark ranked cover options for a gap in a 600-person area (issue 7: answer in < 500 ms).

    python benchmarks/cover_options.py [--quick] [--runs N]

Creates a throw-away test database (PostgreSQL when DATABASE_URL is set, else SQLite) holding one LPA of three
stations × five teams (600 constables and sergeants by default; --quick: 60) working earlies, lates and nights
around a day three days ahead, with rest days, staffing requirements per station and pay rates. One constable
reports sick; the benchmark times cover.options.find_options for the resulting gap (candidates from the whole
LPA, costed by pay, ranked, the best ten checked with the working-time rules) and the staffing board of the LPA.
Last line: {"benchmark": "cover_options", "people": 600, "candidates": ..., "median_ms": ..., ...}
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

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

TARGET_MS = 500
SEED = 7
SHIFTS = {"E": ("07:00", "17:00"), "L": ("14:00", "00:00"), "N": ("22:00", "07:00")}


def build(people: int):
    from org.choices import UnitKind
    from org.models import Rank, StaffGroup, Unit
    from pay.models import PayRate
    from people.models import Contract, Person
    from rostering.models import Duty, Requirement, ShiftType
    from rostering.projection import duty_instants

    rng = random.Random(SEED)
    day = timezone.localdate() + dt.timedelta(days=3)

    def unit(name, kind, parent=None):
        u = Unit.objects.create(name=name, code=name.lower().replace(" ", "-"), kind=kind, parent=parent)
        u.set_path()
        u.save(update_fields=["path", "depth"])
        return u

    force = unit("Bench force", UnitKind.FORCE)
    lpa = unit("Bench LPA", UnitKind.AREA, force)
    group, _ = StaffGroup.objects.get_or_create(code="police-officer", defaults={
        "name": "Police officer", "kind": "police-officer", "rule_pack": "police-officer"})
    constable, _ = Rank.objects.get_or_create(code="constable", defaults={"name": "Constable", "staff_group": group,
                                                                          "seniority": 10})
    sergeant, _ = Rank.objects.get_or_create(code="sergeant", defaults={"name": "Sergeant", "staff_group": group,
                                                                        "seniority": 20})
    for rank in (constable, sergeant):
        PayRate.objects.get_or_create(rank_code=rank.code, point="3", effective_from=dt.date(2020, 1, 1),
                                      defaults={"scheme": "police-officer", "annual_salary": Decimal("41000")})
    types = {code: ShiftType.objects.create(code=f"B{code}", name=code, start_time=dt.time.fromisoformat(s),
                                            end_time=dt.time.fromisoformat(e), break_minutes=45)
             for code, (s, e) in SHIFTS.items()}
    stations, teams = [], []
    for s in range(3):
        station = unit(f"Bench station {s}", UnitKind.STATION, lpa)
        stations.append(station)
        teams += [unit(f"Bench {s} team {t}", UnitKind.TEAM, station) for t in range(5)]
    persons = [Person(payroll_number=f"B{i:05d}", first_name=f"P{i}", last_name="Bench", staff_group=group,
                      rank=sergeant if i % 10 == 0 else constable, home_unit=teams[i % len(teams)],
                      start_date=dt.date(2015, 1, 5), birth_date=dt.date(1990, 1, 1)) for i in range(people)]
    Person.objects.bulk_create(persons)
    persons = list(Person.objects.filter(payroll_number__startswith="B").order_by("pk"))
    Contract.objects.bulk_create([Contract(person=p, effective_from=p.start_date, hours_per_week=Decimal("40"),
                                           fte=Decimal("1"), pay_point="3") for p in persons])
    # Each team works one shift a day (early, late, night, rest, rest) rotating by day: a 5-team roster.
    duties = []
    for p in persons:
        team = teams.index(next(t for t in teams if t.pk == p.home_unit_id)) % 5
        for offset in range(-4, 5):
            d = day + dt.timedelta(days=offset)
            code = ("E", "L", "N", "", "")[(team + offset) % 5]
            if not code or rng.random() < 0.05:
                duties.append(Duty(person=p, unit_id=p.home_unit_id, date=d, is_rest_day=True, published=True))
                continue
            start, end = duty_instants(d, types[code].start_time, types[code].end_time)
            duties.append(Duty(person=p, unit_id=p.home_unit_id, date=d, start=start, end=end, shift_type=types[code],
                               break_minutes=45, published=True))
    Duty.objects.bulk_create(duties, batch_size=2000)
    per_station = people // 3 // 5  # on one shift
    for station in stations:
        for rank, share in ((constable, 0.9), (sergeant, 0.1)):
            Requirement.objects.create(unit=station, rank=rank, weekdays="0123456", start_time=dt.time(7),
                                       end_time=dt.time(17), minimum=max(1, int(per_station * share)),
                                       target=max(1, int(per_station * share)) + 1, effective_from=day - dt.timedelta(
                                           days=30))
    return lpa, stations[0], day, len(duties)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="60 people, 3 runs: a smoke test")
    parser.add_argument("--runs", type=int, default=None)
    args = parser.parse_args(argv)
    people = 60 if args.quick else 600
    runs = args.runs or (3 if args.quick else 10)

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from absence.actions import do_report_sick
        from cover.board import build_board
        from cover.options import find_options, shortfall
        from rostering.models import Duty

        started = time.perf_counter()
        lpa, station, day, duty_count = build(people)
        setup_seconds = time.perf_counter() - started
        # Whoever of station 0 works the early that day goes sick.
        sick = Duty.objects.filter(unit__path__startswith=station.path, date=day, is_rest_day=False,
                                   shift_type__code="BE", person__rank__code="constable").first().person
        do_report_sick(sick, first_day=day, acting_user=None)
        board = build_board(station, day, 7)
        gap = next(g for g in board.gaps if g.day == day)
        ask = shortfall(gap.unit, rank_id=gap.rank_id, skill_id=gap.skill_id, start=gap.start, end=gap.end)
        found = find_options(ask)
        timings = []
        for _ in range(runs):
            t = time.perf_counter()
            found = find_options(ask)
            timings.append((time.perf_counter() - t) * 1000)
        with CaptureQueriesContext(connection) as queries:
            find_options(ask)
        board_timings = []
        for _ in range(max(3, runs // 2)):
            t = time.perf_counter()
            build_board(lpa, day, 10)
            board_timings.append((time.perf_counter() - t) * 1000)
        median = statistics.median(timings)
        board_ms = statistics.median(board_timings)
        print(f"Cover options on {connection.vendor}: {people} people in {lpa.name}, {duty_count} duties "
              f"(setup {setup_seconds:.1f} s); gap: {found.label}")
        print(f"{'median find_options':<32}{median:>9.1f} ms   (min {min(timings):.1f}, max {max(timings):.1f}, "
              f"{runs} runs; target < {TARGET_MS} ms)")
        print(f"{'candidates / offered':<32}{found.candidates:>9} / {len(found.options)}")
        print(f"{'queries':<32}{len(queries.captured_queries):>9}")
        print(f"{'LPA board, 10 days':<32}{board_ms:>9.1f} ms")
        for i, o in enumerate(found.options[:5], 1):
            print(f"  {i}. {o.kind_label:<34} {o.person.full_name:<16} £{o.cost:>8}  {o.notice_hours:>6} h notice")
        print(json.dumps({"benchmark": "cover_options", "vendor": connection.vendor, "people": people,
                          "duties": duty_count, "candidates": found.candidates, "offered": len(found.options),
                          "median_ms": round(median, 1), "max_ms": round(max(timings), 1),
                          "queries": len(queries.captured_queries), "board_10d_ms": round(board_ms, 1),
                          "target_ms": TARGET_MS, "within_target": median < TARGET_MS}))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
