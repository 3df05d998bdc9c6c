"""Benchmark the leave-impact check: one request against a 200-person unit, server time.

    python benchmarks/leave_impact.py [--quick] [--runs N]

Creates a throw-away test database (PostgreSQL when DATABASE_URL is set, else SQLite), builds a station of
five response teams of 40 (sergeants, constables with taser / driver skills) on the 5-team police pattern, with
staffing requirements on every team and on the station (ranks, skills, a Friday/Saturday night band), a leave
policy and a quota, leave and sickness already booked. Then times `rostering.leave.assess` for a constable's
week of annual leave (what the decision page and GET /api/leave/requests/{id} compute) and the decision page
view as a manager. Target: assess < 50 ms.
Last line: {"benchmark": "leave_impact", "people": 200, "median_ms": ..., ...}
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
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

FIRST_DAY = dt.date(2031, 3, 3)  # a Monday far ahead: staff may request it
TARGET_MS = 50


def build(people_per_team: int, teams_n: int):
    from absence.actions import do_request_leave, do_save_leave_policy
    from absence.models import Abstraction, LeaveQuota
    from absence.periods import clean_period
    from absence.reference import ensure_abstraction_types, type_for
    from common.choices import Role
    from org.models import Rank, RoleAssignment, StaffGroup, Unit
    from people.models import Contract, Person, PersonSkill, Skill
    from rostering.actions import assign_team_pattern, do_import_library_pattern, materialise_duties
    from rostering.models import Requirement

    def unit(name, kind, parent=None):
        u = Unit.objects.create(name=name, code=name.lower().replace(" ", "-"), kind=kind, parent=parent)
        u.set_path()
        u.save(update_fields=["path", "depth"])
        return u

    ensure_abstraction_types()
    force = unit("Bench Force", "force")
    area = unit("Bench LPA", "area", force)
    station = unit("Bench Station", "station", area)
    teams = [unit(f"Bench Team {c}", "team", station) for c in "ABCDEFGH"[:teams_n]]
    officers = StaffGroup.objects.create(code="police-officer", name="Police officer", kind="police-officer",
                                         rule_pack="police-officer")
    constable = Rank.objects.create(code="constable", name="Constable", staff_group=officers, seniority=10)
    sergeant = Rank.objects.create(code="sergeant", name="Sergeant", staff_group=officers, seniority=20)
    taser = Skill.objects.create(code="taser", name="Taser")
    driver = Skill.objects.create(code="driver", name="Response driver")
    manager = get_user_model().objects.create_user("bench-manager", password="x" * 12)
    RoleAssignment.objects.create(user=manager, role=Role.MANAGER, unit=area)
    created = []
    for i in range(people_per_team * teams_n):
        person = Person.objects.create(payroll_number=f"B{i:05d}", first_name=f"First{i}", last_name=f"Last{i}",
                                       staff_group=officers, rank=sergeant if i % 10 == 0 else constable,
                                       home_unit=teams[i % teams_n], start_date=dt.date(2015, 1, 5))
        Contract.objects.create(person=person, effective_from=person.start_date, hours_per_week=Decimal("40"),
                                fte=Decimal("1"))
        if i % 3 == 0:
            PersonSkill.objects.create(person=person, skill=taser, acquired=dt.date(2024, 1, 1))
        if i % 4 == 1:
            PersonSkill.objects.create(person=person, skill=driver, acquired=dt.date(2024, 1, 1))
        created.append(person)
    pattern = do_import_library_pattern(code="police-5-team-10h", acting_user=None)
    anchor = FIRST_DAY - dt.timedelta(days=35)
    for k, team in enumerate(teams):
        assign_team_pattern(team, pattern, anchor, pattern.team_offset_days(k % 5))
    materialise_duties(station, FIRST_DAY - dt.timedelta(days=7), FIRST_DAY + dt.timedelta(days=13))
    for team in teams:
        for rank, minimum in ((constable, 4), (sergeant, 1)):
            Requirement.objects.create(unit=team, rank=rank, weekdays="0123456", start_time=dt.time(0),
                                       end_time=dt.time(0), minimum=minimum, target=minimum + 1,
                                       effective_from=dt.date(2020, 1, 1))
    for skill, minimum in ((taser, 3), (driver, 4)):
        Requirement.objects.create(unit=station, skill=skill, weekdays="0123456", start_time=dt.time(0),
                                   end_time=dt.time(0), minimum=minimum, target=minimum + 2,
                                   effective_from=dt.date(2020, 1, 1))
    Requirement.objects.create(unit=station, rank=constable, weekdays="45", start_time=dt.time(22),
                               end_time=dt.time(3), minimum=10, target=12, effective_from=dt.date(2020, 1, 1))
    do_save_leave_policy(station, auto_approve=True, auto_approve_max_days=10, acting_user=None)
    LeaveQuota.objects.create(unit=station, rank=constable, max_off=3, per_team=True)
    annual, sick = type_for("annual-leave"), type_for("sickness")
    rows = []
    for i, person in enumerate(created):
        if i % 9 == 0:
            first = FIRST_DAY + dt.timedelta(days=i % 12)
            rows.append(Abstraction(person=person, type=annual, start_date=first, end_date=first + dt.timedelta(days=3),
                                    hours=Decimal(30)))
        elif i % 23 == 0:
            rows.append(Abstraction(person=person, type=sick, start_date=FIRST_DAY - dt.timedelta(days=2),
                                    end_date=FIRST_DAY + dt.timedelta(days=4)))
    Abstraction.objects.bulk_create(rows)
    target = next(p for p in created if p.rank_id == constable.pk and p.home_unit_id == teams[0].pk and p.pk % 9)
    request = do_request_leave(target, annual, clean_period(FIRST_DAY, FIRST_DAY + dt.timedelta(days=6)),
                               acting_user=None)
    for other in created[1:6]:
        if other.pk != target.pk:
            do_request_leave(other, annual, clean_period(FIRST_DAY + dt.timedelta(days=2)), acting_user=None)
    return station, manager, request, len(created)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 teams of 8, 3 runs: a smoke test")
    parser.add_argument("--runs", type=int, default=None)
    args = parser.parse_args(argv)
    per_team, teams_n = (8, 5) if args.quick else (40, 5)
    runs = args.runs or (3 if args.quick else 25)

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from rostering import leave
        from rostering.views.leave import leave_decide

        started = time.perf_counter()
        station, manager, request, people = build(per_team, teams_n)
        setup_seconds = time.perf_counter() - started
        leave.assess(request, viewer=manager)  # warm caches (bank holidays, pack tables)
        timings = []
        for _ in range(runs):
            t = time.perf_counter()
            impact = leave.assess(request, viewer=manager)
            timings.append((time.perf_counter() - t) * 1000)
        with CaptureQueriesContext(connection) as queries:
            impact = leave.assess(request, viewer=manager)
        factory = RequestFactory()

        def page():
            http = factory.get(f"/rostering/leave/{request.pk}/")
            http.user = manager
            http._messages = []
            response = leave_decide(http, request.pk)
            assert response.status_code == 200, response.status_code
            return response

        page()
        page_timings = []
        for _ in range(max(3, runs // 3)):
            t = time.perf_counter()
            page()
            page_timings.append((time.perf_counter() - t) * 1000)
        median = statistics.median(timings)
        bands = sum(len(u.bands) for u in impact.units)
        print(f"Leave impact on {connection.vendor}: {people} people in {station.name}, a week's leave "
              f"(setup {setup_seconds:.1f} s)")
        print(f"{'median assess time':<34}{median:>9.1f} ms   (min {min(timings):.1f}, max {max(timings):.1f}, "
              f"{runs} runs; target < {TARGET_MS} ms)")
        print(f"{'decision page (view + template)':<34}{statistics.median(page_timings):>9.1f} ms")
        print(f"{'queries per check':<34}{len(queries.captured_queries):>9}")
        print(f"{'units checked':<34}{len(impact.units):>9}   bands changed {bands}, breaches "
              f"{len(impact.breaches)}, others off {len(impact.others_off)}, quotas {len(impact.quotas)}")
        print(json.dumps({"benchmark": "leave_impact", "database": connection.vendor, "people": people,
                          "days": request.days, "median_ms": round(median, 1),
                          "page_ms": round(statistics.median(page_timings), 1),
                          "queries": len(queries.captured_queries), "units": len(impact.units),
                          "breaches": len(impact.breaches), "target_ms": TARGET_MS}))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
