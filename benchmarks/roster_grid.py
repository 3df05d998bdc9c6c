"""Benchmark the roster grid page: 60 people x 28 days, server time of the view function.

    python benchmarks/roster_grid.py [--quick] [--runs N]

Creates a throw-away test database on the configured database (PostgreSQL when DATABASE_URL is set, else
SQLite in memory), builds a station of five teams following the 5-team police pattern with 17 weeks of
history (so the working-time check has its reference window), then calls the roster view as the station's
planner and reports the median over N runs, the query count and where the time goes (grid, working-time
check, the staffing foot against the "police-response-station" requirements). Target: < 150 ms.
Last line: {"benchmark": "roster_grid", "people": 60, "days": 28, "median_ms": ...}
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

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

FIRST_DAY = dt.date(2026, 3, 2)  # a Monday; the period holds the spring clock change


def build(people: int, history_days: int, days: int, requirements: bool = True):
    from absence.models import Abstraction, AbstractionType
    from common.choices import Role
    from org.models import Rank, RoleAssignment, StaffGroup, Unit
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
    area = unit("Bench LPA", "area", force)
    station = unit("Bench Station", "station", area)
    teams = [unit(f"Bench Team {c}", "team", station) for c in "ABCDE"]
    officers = StaffGroup.objects.create(code="police-officer", name="Police officer", kind="police-officer",
                                         rule_pack="police-officer")
    constable = Rank.objects.create(code="constable", name="Constable", staff_group=officers, seniority=10)
    sergeant = Rank.objects.create(code="sergeant", name="Sergeant", staff_group=officers, seniority=20)
    skills = [Skill.objects.create(code=c, name=n) for c, n in
              (("taser", "Taser"), ("response-driver-standard", "Response driver"), ("pst", "PST"))]
    leave = AbstractionType.objects.create(code="al", name="Annual leave", category="leave",
                                           excluded_from_wtr_average=True)
    planner = get_user_model().objects.create_user("bench-planner", password="x" * 12)
    RoleAssignment.objects.create(user=planner, role=Role.PLANNER, unit=station)
    created = []
    for i in range(people):
        person = Person.objects.create(payroll_number=f"B{i:05d}", first_name=f"First{i}", last_name=f"Last{i}",
                                       staff_group=officers, rank=sergeant if i % 12 == 0 else constable,
                                       home_unit=teams[i % len(teams)], start_date=dt.date(2015, 1, 5))
        Contract.objects.create(person=person, effective_from=person.start_date, hours_per_week=Decimal("40"),
                                fte=Decimal("1"))
        for k, skill in enumerate(skills):
            if (i + k) % 3 == 0:
                PersonSkill.objects.create(person=person, skill=skill, acquired=dt.date(2024, 1, 1))
        if i % 7 == 0:
            Abstraction.objects.create(person=person, type=leave, start_date=FIRST_DAY + dt.timedelta(days=i % 20),
                                       end_date=FIRST_DAY + dt.timedelta(days=i % 20 + 4))
        created.append(person)
    pattern = do_import_library_pattern(code="police-5-team-10h", acting_user=None)
    anchor = FIRST_DAY - dt.timedelta(days=history_days)
    for k, team in enumerate(teams):
        assign_team_pattern(team, pattern, anchor, pattern.team_offset_days(k))
    materialise_duties(station, anchor, FIRST_DAY + dt.timedelta(days=days - 1))
    if requirements:
        # The station's staffing requirements: the grid's foot shows planned against them per day.
        do_apply_requirement_template(station, "police-response-station", effective_from=anchor, acting_user=None)
    return station, planner


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 people x 7 days, 3 runs: a smoke test")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--no-requirements", action="store_true",
                        help="without staffing requirements (no staffing foot): to see what the foot costs")
    args = parser.parse_args(argv)
    people, days = (20, 7) if args.quick else (60, 28)
    runs = args.runs or (3 if args.quick else 15)
    history = 21 if args.quick else 17 * 7

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from rostering import compliance
        from rostering.grid import build_grid
        from rostering.staffing import daily_staffing
        from rostering.views.roster import roster

        started = time.perf_counter()
        station, planner = build(people, history, days, requirements=not args.no_requirements)
        setup_seconds = time.perf_counter() - started
        factory = RequestFactory()
        url = f"/rostering/units/{station.code}/roster/?start={FIRST_DAY}&days={days}"

        def call():
            request = factory.get(url)
            request.user = planner
            response = roster(request, station.code)
            assert response.status_code == 200, response.status_code
            return response

        call()  # warm caches (templates, URL resolvers, pack tables)
        timings = []
        for _ in range(runs):
            reset_queries()
            t = time.perf_counter()
            call()
            timings.append((time.perf_counter() - t) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = call()
        end = FIRST_DAY + dt.timedelta(days=days - 1)
        t = time.perf_counter()
        grid = build_grid(station, FIRST_DAY, end)
        grid_ms = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        violations = compliance.violations_for([r.person.pk for r in grid.rows], FIRST_DAY, end)
        check_ms = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        staffing = daily_staffing(station, FIRST_DAY, end)
        staffing_ms = (time.perf_counter() - t) * 1000
        median = statistics.median(timings)
        print(f"Roster grid on {connection.vendor}: {len(grid.rows)} people x {days} days "
              f"(history {history} days, setup {setup_seconds:.1f} s)")
        print(f"{'median view time':<32}{median:>10.1f} ms   (min {min(timings):.1f}, max {max(timings):.1f}, "
              f"{runs} runs)")
        print(f"{'  of which grid queries + build':<32}{grid_ms:>10.1f} ms")
        print(f"{'  of which working-time check':<32}{check_ms:>10.1f} ms   ({len(violations)} violations)")
        print(f"{'  of which staffing foot':<32}{staffing_ms:>10.1f} ms   ({len(staffing)} requirements)")
        print(f"{'queries per request':<32}{len(queries.captured_queries):>10}")
        print(f"{'response size':<32}{len(response.content) / 1024:>10.0f} KiB")
        print(json.dumps({"benchmark": "roster_grid", "database": connection.vendor, "people": len(grid.rows),
                          "days": days, "median_ms": round(median, 1), "queries": len(queries.captured_queries),
                          "grid_ms": round(grid_ms, 1), "check_ms": round(check_ms, 1),
                          "staffing_ms": round(staffing_ms, 1)}))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
