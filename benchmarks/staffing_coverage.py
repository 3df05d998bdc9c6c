"""Benchmark staffing coverage: planned vs minimum vs target per hour for a 200-person station.

    python benchmarks/staffing_coverage.py [--quick] [--runs N]

Creates a throw-away test database on the configured database (PostgreSQL when DATABASE_URL is set, else
SQLite in memory), builds a station of five teams following the 5-team police pattern with the
"police-response-station" requirement template, skills, leave and restricted duties, then times
rostering.staffing.coverage for 1, 3, 14 and 56 days, the "what if this leave were approved" question
(coverage_change with `without`) for a two-week request, and the roster foot summary (daily_staffing) for
28 days. Targets: coverage ~2 ms a day for a few days; the leave question well inside the 50 ms the
leave-impact check has.
Last line: {"benchmark": "staffing_coverage", "people": 200, ...}
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
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

FIRST_DAY = dt.date(2026, 3, 2)  # a Monday; eight weeks from here hold the spring clock change


def build(people: int, days: int):
    from absence.models import Abstraction, AbstractionType
    from org.models import Rank, StaffGroup, Unit
    from people.models import Contract, Person, PersonSkill, Skill
    from rostering.actions import (
        assign_team_pattern,
        do_apply_requirement_template,
        do_import_library_pattern,
        materialise_duties,
    )

    def unit(name, kind, parent=None):
        u = Unit.objects.create(name=name, code=name.lower().replace(" ", "-"), kind=kind, parent=parent)
        u.set_path()
        u.save(update_fields=["path", "depth"])
        return u

    force = unit("Bench Force", "force")
    station = unit("Bench Station", "station", unit("Bench LPA", "area", force))
    teams = [unit(f"Bench Team {c}", "team", station) for c in "ABCDE"]
    officers = StaffGroup.objects.create(code="police-officer", name="Police officer", kind="police-officer",
                                         rule_pack="police-officer")
    constable = Rank.objects.create(code="constable", name="Constable", staff_group=officers, seniority=10)
    sergeant = Rank.objects.create(code="sergeant", name="Sergeant", staff_group=officers, seniority=20)
    skills = [Skill.objects.create(code=c, name=n) for c, n in
              (("taser", "Taser"), ("response-driver-standard", "Response driver"), ("pst", "PST"))]
    leave = AbstractionType.objects.create(code="al", name="Annual leave", category="leave")
    restricted = AbstractionType.objects.create(code="rd", name="Restricted duties", category="restriction",
                                                removes_from_roster=False)
    for i in range(people):
        person = Person.objects.create(payroll_number=f"B{i:05d}", first_name=f"First{i}", last_name=f"Last{i}",
                                       staff_group=officers, rank=sergeant if i % 10 == 0 else constable,
                                       home_unit=teams[i % len(teams)], start_date=dt.date(2015, 1, 5))
        Contract.objects.create(person=person, effective_from=person.start_date, hours_per_week=Decimal("40"),
                                fte=Decimal("1"))
        for k, skill in enumerate(skills):
            if (i + k) % 3 == 0:
                PersonSkill.objects.create(person=person, skill=skill, acquired=dt.date(2024, 1, 1),
                                           expires=dt.date(2026, 4, 1) if i % 11 == 0 else None)
        if i % 7 == 0:
            Abstraction.objects.create(person=person, type=leave, start_date=FIRST_DAY + dt.timedelta(days=i % 40),
                                       end_date=FIRST_DAY + dt.timedelta(days=i % 40 + 6))
        if i % 29 == 0:
            Abstraction.objects.create(person=person, type=restricted, start_date=FIRST_DAY,
                                       end_date=FIRST_DAY + dt.timedelta(days=days))
    pattern = do_import_library_pattern(code="police-5-team-10h", acting_user=None)
    for k, team in enumerate(teams):
        assign_team_pattern(team, pattern, FIRST_DAY, pattern.team_offset_days(k))
    materialise_duties(station, FIRST_DAY - dt.timedelta(days=1), FIRST_DAY + dt.timedelta(days=days))
    do_apply_requirement_template(station, "police-response-station", acting_user=None,
                                  effective_from=FIRST_DAY - dt.timedelta(days=7))
    return station, Person.objects.filter(home_unit=teams[1]).order_by("pk").first()


def timed(fn, runs: int) -> tuple[float, object, int]:
    fn()  # warm
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    with CaptureQueriesContext(connection) as queries:
        fn()
    return statistics.median(times), result, len(queries.captured_queries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 people x 14 days, 3 runs: a smoke test")
    parser.add_argument("--runs", type=int, default=None)
    args = parser.parse_args(argv)
    people, days = (40, 14) if args.quick else (200, 56)
    runs = args.runs or (3 if args.quick else 15)

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from rostering.staffing import coverage, coverage_change, daily_staffing

        started = time.perf_counter()
        station, someone = build(people, days)
        setup_seconds = time.perf_counter() - started
        print(f"Staffing coverage on {connection.vendor}: {people} people, police-response-station requirements "
              f"(setup {setup_seconds:.1f} s)")
        print(f"{'question':<44}{'median ms':>10}{'ms/day':>9}{'queries':>9}{'rows':>8}")
        figures: dict[str, float] = {}
        spans = [1, 3, 14] + ([days] if days > 14 else [])
        for span in spans:
            end = FIRST_DAY + dt.timedelta(days=span - 1)
            ms, rows, q = timed(lambda end=end: coverage(station, FIRST_DAY, end), runs)
            print(f"{f'coverage, {span} days hourly':<44}{ms:>10.1f}{ms / span:>9.2f}{q:>9}{len(rows):>8}")
            figures[f"coverage_{span}d_ms"] = round(ms, 2)
        leave = [(someone.pk, FIRST_DAY + dt.timedelta(days=7), FIRST_DAY + dt.timedelta(days=13))]
        ms, pairs, q = timed(lambda: coverage_change(station, FIRST_DAY + dt.timedelta(days=7),
                                                     FIRST_DAY + dt.timedelta(days=13), without=leave), runs)
        fewer = sum(1 for now, then in pairs if then.planned < now.planned)
        worse = sum(1 for now, then in pairs if then.shortfall > now.shortfall)
        print(f"{'leave question: 7 days with and without':<44}{ms:>10.1f}{ms / 7:>9.2f}{q:>9}{len(pairs):>8}"
              f"   ({fewer} intervals with one fewer, {worse} of them further short)")
        figures["leave_question_7d_ms"] = round(ms, 2)
        span = min(28, days)
        ms, summary, q = timed(lambda: daily_staffing(station, FIRST_DAY, FIRST_DAY + dt.timedelta(days=span - 1)),
                               runs)
        print(f"{f'roster foot summary, {span} days':<44}{ms:>10.1f}{ms / span:>9.2f}{q:>9}{len(summary):>8}")
        figures[f"daily_staffing_{span}d_ms"] = round(ms, 2)
        print(json.dumps({"benchmark": "staffing_coverage", "database": connection.vendor, "people": people,
                          **figures}))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
