"""Optimiser runs: start, the task, cancel, accept whole or part, stale bases refused, permissions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from common.errors import ConflictError, DomainError
from common.models import AuditEvent
from rostering.actions import (
    do_accept_solver_result,
    do_cancel_solver_run,
    do_publish_roster,
    do_set_duty,
    do_start_solver_run,
    parse_value,
)
from rostering.choices import DutySource
from rostering.compliance import violations_for
from rostering.models import Duty, DutyChange, Notification, SolverRun
from rostering.tasks import execute_run

from .solving_world import constables, monday_ahead, need, police_shifts

pytestmark = pytest.mark.django_db


def week(org, n_constables: int = 3, days: int = 7):
    police_shifts()
    start = monday_ahead()
    people = constables(org, n_constables)
    need(org.northtown, rank=org.constable, start="07:00", end="15:00", minimum=1, target=2)
    need(org.northtown, rank=org.constable, start="15:00", end="23:00", minimum=1)
    return start, start + dt.timedelta(days=days - 1), people


def solved_run(org, mode="fill", **kw) -> SolverRun:
    start, end, _ = week(org, **kw)
    run = do_start_solver_run(unit=org.northtown, mode=mode, start=start, end=end, time_limit=2, workers=1,
                              acting_user=org.pat)
    assert execute_run(run.pk) == "finished"
    run.refresh_from_db()
    return run


def test_a_fill_run_covers_the_requirements_and_every_duty_passes_the_working_time_rules(org):
    # given an empty week for four constables who must cover an early and a late every day
    run = solved_run(org)
    # then the run finished with a roster, progress points and a bound
    assert run.status == "finished" and run.solver_status in ("optimal", "feasible")
    assert run.progress and run.objective is not None and run.best_bound is not None
    assert run.result["unfilled"] == []  # minimums and targets met
    # when the planner accepts it all
    do_accept_solver_result(run=run, expected_version=run.version, acting_user=org.pat)
    # then the duties exist, from the solver, and the rules engine finds no breach at all (one source of truth)
    duties = Duty.objects.filter(date__range=(run.start_date, run.end_date), is_rest_day=False)
    assert duties.count() == 7 * 3 and set(duties.values_list("source", flat=True)) == {DutySource.SOLVER}
    ids = list({d.person_id for d in duties})
    assert [v.message for v in violations_for(ids, run.start_date, run.end_date) if v.severity == "breach"] == []


def test_accepting_part_of_a_result_writes_only_those_changes_and_one_audit_row(org):
    run = solved_run(org)
    chosen = [c["id"] for c in run.changes[:2]]
    audits = AuditEvent.objects.count()
    # when
    do_accept_solver_result(run=run, change_ids=chosen, expected_version=run.version, acting_user=org.pat)
    # then
    assert Duty.objects.filter(source=DutySource.SOLVER).count() == 2
    assert AuditEvent.objects.count() == audits + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "rostering.solver_run.accept" and len(event.after["changes"]) == 2
    run.refresh_from_db()
    assert run.accepted_changes == chosen and run.accepted_by == org.pat
    # and the result cannot be accepted twice
    with pytest.raises(DomainError, match="already accepted"):
        do_accept_solver_result(run=run, expected_version=run.version, acting_user=org.pat)


def test_a_change_to_a_published_roster_gets_notice_compensation_and_a_notification(org):
    # given the week is published with Sam on rest days, and a repair run moves someone onto it
    start, end, people = week(org)
    do_publish_roster(unit=org.northtown, start=start, end=end, acting_user=org.pat)
    run = do_start_solver_run(unit=org.northtown, mode="repair", start=start, end=end, time_limit=2, workers=1,
                              acting_user=org.pat)
    execute_run(run.pk)
    run.refresh_from_db()
    assert run.changes and all(c["published"] and c["compensation"] for c in run.changes)
    # when
    do_accept_solver_result(run=run, change_ids=[run.changes[0]["id"]], expected_version=run.version,
                            acting_user=org.pat)
    # then a duty change with the optimiser's reason and a notification to the person
    change = DutyChange.objects.get()
    assert "optimiser" in change.reason and change.compensation_class
    assert Notification.objects.filter(person_id=run.changes[0]["person"]).exists()


def test_a_result_for_a_roster_changed_since_the_run_is_refused_naming_the_cell(org):
    run = solved_run(org)
    # given a planner edits Sam's Monday after the run read the roster
    do_set_duty(person=org.sam, date=run.start_date, value=parse_value("N"), expected_version=0, acting_user=org.pat)
    # when / then
    with pytest.raises(ConflictError, match="Sam Jones") as caught:
        do_accept_solver_result(run=run, expected_version=run.version, acting_user=org.pat)
    assert caught.value.errors[0].field == "base"
    assert Duty.objects.filter(source=DutySource.SOLVER).count() == 0


def test_cancelling_a_queued_run_ends_it_and_the_task_then_does_nothing(org):
    start, end, _ = week(org)
    run = do_start_solver_run(unit=org.northtown, mode="fill", start=start, end=end, time_limit=2, workers=1,
                              acting_user=org.pat)
    # when
    do_cancel_solver_run(run=run, acting_user=org.pat)
    # then
    assert execute_run(run.pk) == "cancelled"
    run.refresh_from_db()
    assert (run.status, run.cancel_requested, run.result) == ("cancelled", True, None)
    with pytest.raises(DomainError, match="already ended"):
        do_cancel_solver_run(run=run, acting_user=org.pat)


def test_a_running_run_stops_when_cancel_is_requested_and_keeps_its_best_roster(org, monkeypatch):
    # given a two-week build with a long limit, and the planner pressing cancel as soon as the search polls
    from rostering import tasks

    start, end, _ = week(org, days=14)
    run = do_start_solver_run(unit=org.northtown, mode="build", start=start, end=end, time_limit=60, workers=1,
                              acting_user=org.pat)
    original = tasks._Watch.should_stop

    def press_cancel(self):
        SolverRun.objects.filter(pk=run.pk).update(cancel_requested=True)
        self.last_poll = 0.0
        return original(self)

    monkeypatch.setattr(tasks._Watch, "should_stop", press_cancel)
    # when
    final = execute_run(run.pk)
    # then the run is cancelled, with the best roster found so far to look at
    run.refresh_from_db()
    assert final == run.status == "cancelled"
    assert run.result is not None and run.solver_status in ("optimal", "feasible")


def test_a_run_flagged_before_a_worker_claims_it_is_never_started(org):
    start, end, _ = week(org)
    run = do_start_solver_run(unit=org.northtown, mode="fill", start=start, end=end, time_limit=2, workers=1,
                              acting_user=org.pat)
    SolverRun.objects.filter(pk=run.pk).update(cancel_requested=True)
    assert execute_run(run.pk) == "queued"
    run.refresh_from_db()
    assert run.started_at is None and run.result is None


@pytest.mark.parametrize("field,kwargs", [
    ("end", {"end_offset": 100}),
    ("end", {"end_offset": -1}),
    ("time_limit", {"time_limit": 0}),
    ("time_limit", {"time_limit": 3600}),
    ("mode", {"mode": "magic"}),
])
def test_bad_input_is_refused_naming_the_field(org, field, kwargs):
    start = monday_ahead()
    end = start + dt.timedelta(days=kwargs.pop("end_offset", 6))
    with pytest.raises(DomainError) as caught:
        do_start_solver_run(unit=org.northtown, start=start, end=end, acting_user=org.pat,
                            **{"mode": "fill", "time_limit": 5, **kwargs})
    assert caught.value.errors[0].field == field


def test_only_planners_of_the_unit_start_cancel_or_accept(org):
    start = monday_ahead()
    for user in (org.olly, org.mo, org.sam_user):
        with pytest.raises(PermissionDenied):
            do_start_solver_run(unit=org.northtown, mode="fill", start=start, end=start, acting_user=user)
    run = do_start_solver_run(unit=org.northtown, mode="fill", start=start, end=start, acting_user=org.pat)
    with pytest.raises(PermissionDenied):
        do_cancel_solver_run(run=run, acting_user=org.olly)
    with pytest.raises(PermissionDenied):
        do_accept_solver_result(run=run, expected_version=run.version, acting_user=org.mo)
