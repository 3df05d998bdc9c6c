"""Every optimiser output passes the rules engine: a realistic unit (two teams on the police 5-team pattern,
requirements, leave) built, filled and repaired through the adapter, each accepted result checked by
rostering.compliance; and repair end to end — a published roster, a new sickness, the fewest changes, written as
duty changes with notice and compensation."""

import datetime as dt

import pytest
from django.utils import timezone

from rostering.actions import do_accept_solver_result, do_publish_roster, do_start_solver_run
from rostering.actions.patterns import assign_team_pattern
from rostering.compliance import violations_for
from rostering.models import Duty, DutyChange, SolverRun
from rostering.tasks import execute_run
from tests.factories import PersonFactory, give_contract

from .helpers import materialise, police_pattern
from .solving_world import absent, monday_ahead, need

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def station(org, start: dt.date, per_team: int = 5, target: int | None = 2) -> list[int]:
    """Teams A and B on the police pattern a week apart, five constables each (Sam among A's), materialised from
    four weeks before `start` so the optimiser and the rules engine both see a real history."""
    pattern = police_pattern()
    assign_team_pattern(org.team_a, pattern, start - dt.timedelta(weeks=10))
    assign_team_pattern(org.team_b, pattern, start - dt.timedelta(weeks=10), offset_days=7)
    people = [org.sam, org.kim]
    for team, n in ((org.team_a, per_team - 1), (org.team_b, per_team)):
        for _ in range(n):
            person = PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=team)
            give_contract(person)
            people.append(person)
    materialise(org.northtown, start - dt.timedelta(weeks=4), start - dt.timedelta(days=1))
    need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=1, target=target)
    need(org.northtown, rank=org.constable, start="22:00", end="07:00", minimum=1)
    return [p.pk for p in people]


def run(org, mode: str, start: dt.date, end: dt.date) -> SolverRun:
    solver_run = do_start_solver_run(unit=org.northtown, mode=mode, start=start, end=end, time_limit=6, workers=1,
                                     acting_user=org.pat)
    assert execute_run(solver_run.pk) == "finished"
    solver_run.refresh_from_db()
    assert solver_run.solver_status in ("optimal", "feasible"), solver_run.result
    return solver_run


def accept_and_check(org, solver_run: SolverRun, ids: list[int]) -> list:
    if solver_run.changes:
        do_accept_solver_result(run=solver_run, expected_version=solver_run.version, acting_user=org.pat)
    return [f"{v.rule} {v.message}" for v in violations_for(ids, solver_run.start_date, solver_run.end_date)
            if v.severity == "breach"]


def test_build_fill_and_repair_on_a_police_station_never_leave_a_working_time_breach(org):
    # given two teams on the police pattern with four weeks of history, and two weeks to roster eight weeks ahead
    start = monday_ahead(8)
    end = start + dt.timedelta(days=13)
    ids = station(org, start)
    absent(org.sam, start + dt.timedelta(days=2), start + dt.timedelta(days=4))
    # when the fortnight is built from the pattern and accepted
    built = run(org, "build", start, end)
    # then the rules engine finds no breach in it
    assert accept_and_check(org, built, ids) == []
    assert Duty.objects.filter(date__range=(start, end), is_rest_day=False).exists()
    # when someone else books leave and the fortnight is filled
    other = ids[3]
    absent(PersonFactory._meta.model.objects.get(pk=other), start + dt.timedelta(days=6),
           start + dt.timedelta(days=9))
    assert accept_and_check(org, run(org, "fill", start, end), ids) == []
    # when the roster is published, a constable goes sick and the roster is repaired
    do_publish_roster(unit=org.northtown, start=start, end=end, acting_user=org.pat)
    absent(PersonFactory._meta.model.objects.get(pk=ids[5]), start + dt.timedelta(days=10),
           start + dt.timedelta(days=12), code="sickness")
    repaired = run(org, "repair", start, end)
    # then the repair is accepted without a breach either
    assert accept_and_check(org, repaired, ids) == []


def test_repair_after_a_new_sickness_proposes_few_changes_on_the_gap_days_with_notice_and_compensation(org):
    # given a fortnight starting tomorrow for two teams on the police pattern, filled and published
    start = timezone.localdate() + dt.timedelta(days=1)
    end = start + dt.timedelta(days=13)
    ids = station(org, start, target=None)
    materialise(org.northtown, start, end)
    assert accept_and_check(org, run(org, "fill", start, end), ids) == []
    do_publish_roster(unit=org.northtown, start=start, end=end, late_reason="a short-notice test", acting_user=org.pat)
    # and Sam is off sick for three days from the day after tomorrow
    sick = [start + dt.timedelta(days=k) for k in (1, 2, 3)]
    absent(org.sam, sick[0], sick[-1], code="sickness")
    # when the roster is repaired
    repaired = run(org, "repair", start, end)
    changes = repaired.changes
    # then nothing changes for Sam (his duties stay under the sickness), every change is to a published day,
    # carries its notice in clear days and its compensation class, and the changes stay few
    assert [c for c in changes if c["person"] == org.sam.pk] == []
    assert all(c["published"] and c["compensation"] for c in changes)
    assert len(changes) <= 2 * len(sick)
    # when accepted
    assert accept_and_check(org, repaired, ids) == []
    # then each change is a duty change with its notice and compensation, and the week passes the rules
    written = DutyChange.objects.filter(duty__date__range=(start, end))
    assert written.count() == len(changes)
    assert all(w.compensation_class for w in written)

