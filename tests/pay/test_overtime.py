"""Overtime records and budgets: costed on recording, budget refusal and its audited override, the life of a
record (requested → authorised → worked, or cancelled), permissions and concurrent authorisation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from common.errors import ConflictError, DomainError
from common.models import AuditEvent
from pay.actions import (
    do_authorise_overtime,
    do_cancel_overtime,
    do_mark_overtime_worked,
    do_record_overtime,
    do_set_overtime_budget,
)
from pay.budgets import budget_status
from pay.choices import OvertimeStatus
from rostering.models import Notification
from tests.pay.helpers import at, give_pay_point

SAT = dt.date(2026, 3, 14)
Q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


@pytest.fixture
def paid(org):
    for person in (org.sam, org.kim, org.lee):
        give_pay_point(person, "3")
    return org


def budget(org, unit, amount: str):
    return do_set_overtime_budget(unit, start_date=Q1[0], end_date=Q1[1], amount=Decimal(amount),
                                  acting_user=org.alice, reason="Q1 allocation")


def rest_day(org, person=None, **extra):
    """Sam works his Saturday rest day 07:00–17:00, told 3 clear days before: £242.40 (POL-5)."""
    return do_record_overtime(person or org.sam, start=at(SAT, 7), end=at(SAT, 17), kind="rest_day_working",
                              reason="Minimum staffing", acting_user=org.pat,
                              notified_at=at(dt.date(2026, 3, 10), 9), **extra)


def test_recording_overtime_costs_it_and_audits_the_request(paid):
    # when pat records sam's rest-day working
    row = rest_day(paid)
    # then it is requested, 10 hours, costed by the pay rules
    assert (row.status, row.hours, row.cost) == (OvertimeStatus.REQUESTED, Decimal("10.00"), Decimal("242.40"))
    assert row.cost_detail == "£242.40: rest day worked ×1.5 (POL-5)"
    assert row.unit == paid.team_a
    assert AuditEvent.objects.filter(action="pay.overtime.request", object_id=str(row.pk)).exists()


def test_committed_spent_and_remaining_follow_the_record_through_its_life(paid):
    # given a budget of £1,000 on Northtown and sam's overtime (team A, below Northtown)
    budget(paid, paid.northtown, "1000")
    row = rest_day(paid)
    # when authorised, then worked
    row = do_authorise_overtime(row, acting_user=paid.pat, expected_version=1)
    committed = budget_status(paid.team_a, SAT)
    row = do_mark_overtime_worked(row, acting_user=paid.pat, expected_version=2)
    spent = budget_status(paid.team_a, SAT)
    # then the team draws on its station's budget: first committed, then spent
    assert committed.row.unit == paid.northtown
    assert (committed.committed, committed.spent, committed.remaining) == (Decimal("242.40"), 0, Decimal("757.60"))
    assert (spent.committed, spent.spent, spent.remaining) == (0, Decimal("242.40"), Decimal("757.60"))
    assert Notification.objects.filter(person=paid.sam, text__startswith="Overtime authorised").exists()


def test_authorising_beyond_the_remaining_budget_is_refused_naming_the_budget(paid):
    # given £200 left and a £242.40 rest day
    budget(paid, paid.northtown, "200")
    row = rest_day(paid)
    audits = AuditEvent.objects.count()
    # when / then
    with pytest.raises(DomainError) as caught:
        do_authorise_overtime(row, acting_user=paid.pat, expected_version=1)
    assert caught.value.errors[0].field == "budget"
    assert "£200.00 of £200.00 remains" in caught.value.message
    row.refresh_from_db()
    assert row.status == OvertimeStatus.REQUESTED and AuditEvent.objects.count() == audits


def test_an_override_without_a_reason_is_refused(paid):
    budget(paid, paid.northtown, "200")
    with pytest.raises(DomainError) as caught:
        rest_day(paid, authorised_by=paid.pat, override_budget=True)
    assert caught.value.errors[0].field == "override_reason"


def test_an_override_with_a_reason_is_authorised_over_budget_and_audited_as_such(paid):
    budget(paid, paid.northtown, "200")
    # when pat records and authorises at once, over budget, saying why
    row = rest_day(paid, authorised_by=paid.pat, override_budget=True, override_reason="Murder scene cordon")
    # then
    assert row.status == OvertimeStatus.AUTHORISED and row.over_budget
    event = AuditEvent.objects.get(action="pay.overtime.authorise_over_budget", object_id=str(row.pk))
    assert "Murder scene cordon" in event.reason
    assert budget_status(paid.northtown, SAT).remaining == Decimal("-42.40")


def test_cancelling_authorised_overtime_releases_the_commitment_and_needs_a_reason(paid):
    budget(paid, paid.northtown, "1000")
    row = rest_day(paid, authorised_by=paid.pat)
    with pytest.raises(DomainError):
        do_cancel_overtime(row, acting_user=paid.pat, expected_version=1, reason=" ")
    row = do_cancel_overtime(row, acting_user=paid.pat, expected_version=1, reason="Cover found")
    assert row.status == OvertimeStatus.CANCELLED
    assert budget_status(paid.northtown, SAT).remaining == Decimal("1000.00")


def test_two_planners_authorising_the_same_request_cannot_both_succeed(paid):
    # given both opened version 1 of the request
    row = rest_day(paid)
    do_authorise_overtime(row, acting_user=paid.pat, expected_version=1)
    # when alice submits hers
    with pytest.raises(ConflictError) as caught:
        do_authorise_overtime(row, acting_user=paid.alice, expected_version=1)
    # then she is told it changed, and only one authorisation is audited
    assert caught.value.errors[0].field == "version"
    assert AuditEvent.objects.filter(action="pay.overtime.authorise").count() == 1


def test_the_second_of_two_authorisations_sharing_a_budget_sees_the_first(paid):
    # given £300: room for one £242.40 rest day, not two
    budget(paid, paid.northtown, "300")
    first, second = rest_day(paid), rest_day(paid, person=paid.kim)
    do_authorise_overtime(first, acting_user=paid.pat, expected_version=1)
    with pytest.raises(DomainError, match="exceed the overtime budget"):
        do_authorise_overtime(second, acting_user=paid.pat, expected_version=1)


def test_a_planner_cannot_record_overtime_for_another_units_budget(paid):
    with pytest.raises(PermissionDenied):
        rest_day(paid, person=paid.lee)
    with pytest.raises(PermissionDenied):
        do_record_overtime(paid.sam, start=at(SAT, 7), end=at(SAT, 17), kind="overtime", reason="x",
                           acting_user=paid.mo)


def test_a_manager_cannot_authorise_and_a_planner_cannot_set_their_own_budget(paid):
    row = rest_day(paid)
    with pytest.raises(PermissionDenied):
        do_authorise_overtime(row, acting_user=paid.mo, expected_version=1)
    with pytest.raises(PermissionDenied):
        do_set_overtime_budget(paid.northtown, start_date=Q1[0], end_date=Q1[1], amount=Decimal("9999"),
                               acting_user=paid.pat, reason="More")
    # but pat may share out Northtown's money to his teams
    assert do_set_overtime_budget(paid.team_a, start_date=Q1[0], end_date=Q1[1], amount=Decimal("100"),
                                  acting_user=paid.pat, reason="Team A share").amount == Decimal("100.00")


def test_a_unit_without_any_budget_reports_its_quarter_and_refuses_nothing(paid):
    row = rest_day(paid, authorised_by=paid.pat)
    status = budget_status(paid.team_a, SAT)
    assert row.status == OvertimeStatus.AUTHORISED
    assert (status.budget, status.remaining, status.committed) == (None, None, Decimal("242.40"))
    assert (status.start, status.end) == Q1


@pytest.mark.parametrize("kind,field", [("bonus", "kind"), ("overtime", "reason")])
def test_bad_input_names_the_field(paid, kind, field):
    with pytest.raises(DomainError) as caught:
        do_record_overtime(paid.sam, start=at(SAT, 7), end=at(SAT, 17), kind=kind,
                           reason="" if field == "reason" else "x", acting_user=paid.pat)
    assert caught.value.errors[0].field == field


def test_overlapping_budgets_of_one_unit_are_refused(paid):
    budget(paid, paid.northtown, "1000")
    with pytest.raises(DomainError) as caught:
        do_set_overtime_budget(paid.northtown, start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 5, 31),
                               amount=Decimal("5"), acting_user=paid.alice, reason="x")
    assert caught.value.errors[0].field == "start_date"
