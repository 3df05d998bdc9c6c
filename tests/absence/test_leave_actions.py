"""Leave requests through the absence actions: balance checks, overlaps, approval debits, cancellation credits."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from absence.actions import (
    do_approve_leave,
    do_cancel_leave,
    do_record_abstraction,
    do_refuse_leave,
    do_request_leave,
)
from absence.choices import AbstractionStatus, EntryKind, Ledger
from absence.ledgers import balance, balances, year_of
from absence.models import LedgerEntry
from absence.periods import clean_period
from common.errors import ConflictError, DomainError
from common.models import AuditEvent

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2030, 6, 3)  # far ahead: staff may only request leave from today on


def week(first=MONDAY, days=5):
    return clean_period(first, first + dt.timedelta(days=days - 1))


def test_a_request_waits_for_a_manager_and_approval_debits_the_hours_from_the_leave_years_balance(org, types):
    # given Sam, a full-time constable (40 h, joined January 2015), asking for a week's annual leave
    leave = do_request_leave(org.sam, types["annual-leave"], week(), acting_user=org.sam_user)
    year = year_of(org.sam, MONDAY)[0]
    # then it waits, at 5 standard days of 8 h, and nothing is posted yet
    assert leave.status == AbstractionStatus.REQUESTED and leave.hours == Decimal("40.00")
    assert not LedgerEntry.objects.filter(person=org.sam).exists()
    # when Mo (manager of North LPA) approves it
    do_approve_leave(leave, acting_user=org.mo, reason="Enough cover")
    # then the year opens with its entitlement (28 days × 8 h: 15 years' service by 2031), 40 h are taken in a row
    # that names the leave, and the balance is the sum of the rows
    leave.refresh_from_db()
    opened = Decimal("224.00")
    entitlement = LedgerEntry.objects.get(person=org.sam, kind=EntryKind.ENTITLEMENT, ledger=Ledger.ANNUAL_LEAVE)
    assert entitlement.amount == opened
    assert leave.status == AbstractionStatus.APPROVED and leave.decided_by == org.mo
    taken = LedgerEntry.objects.get(abstraction=leave, kind=EntryKind.TAKEN)
    assert taken.amount == Decimal("-40.00") and "approved" in taken.reason
    assert balance(org.sam, Ledger.ANNUAL_LEAVE, year) == opened - 40
    assert AuditEvent.objects.filter(action="absence.leave.approved", person_id=org.sam.pk).count() == 1


def test_cancelling_approved_leave_gives_the_hours_back(org, types):
    # given approved leave
    leave = do_request_leave(org.sam, types["annual-leave"], week(), acting_user=org.sam_user)
    do_approve_leave(leave, acting_user=org.pat)
    year = year_of(org.sam, MONDAY)[0]
    before = balance(org.sam, Ledger.ANNUAL_LEAVE, year)
    # when Sam cancels it before it starts
    do_cancel_leave(leave, acting_user=org.sam_user)
    # then the balance is back where it was, through a "returned" row (nothing edited or deleted)
    assert balance(org.sam, Ledger.ANNUAL_LEAVE, year) == before + 40
    kinds = list(LedgerEntry.objects.filter(abstraction=leave).values_list("kind", flat=True).order_by("id"))
    assert kinds == [EntryKind.TAKEN, EntryKind.RETURNED]


def test_a_refusal_needs_a_reason_and_moves_no_balance(org, types):
    leave = do_request_leave(org.sam, types["annual-leave"], week(), acting_user=org.sam_user)
    with pytest.raises(DomainError) as error:
        do_refuse_leave(leave, acting_user=org.mo, reason=" ")
    assert error.value.errors[0].field == "reason"
    do_refuse_leave(leave, acting_user=org.mo, reason="Two sergeants already off that week")
    leave.refresh_from_db()
    assert leave.status == AbstractionStatus.REFUSED and leave.decision_reason.startswith("Two sergeants")
    assert not LedgerEntry.objects.filter(abstraction=leave).exists()


def test_overlapping_abstractions_are_rejected_with_a_message_naming_both(org, types):
    # given Sam booked on a training course on Wednesday
    do_record_abstraction(org.sam, types["training"], clean_period(MONDAY + dt.timedelta(days=2)),
                          acting_user=org.pat)
    # when he asks for the week off
    with pytest.raises(DomainError) as error:
        do_request_leave(org.sam, types["annual-leave"], week(), acting_user=org.sam_user)
    # then the message names the leave, the person, and the training it clashes with
    message = error.value.message
    assert "Annual leave Mon 03 Jun 2030 – Fri 07 Jun 2030 for Sam Jones overlaps Training Wed 05 Jun 2030" in message
    assert error.value.errors[0].field == "start_date"


def test_part_days_that_do_not_meet_may_share_a_day(org, types):
    # given a dentist's appointment in the morning recorded as a part day
    day = MONDAY
    do_record_abstraction(org.sam, types["compassionate"], clean_period(day, day, "08:00", "12:00"),
                          acting_user=org.pat)
    # when the afternoon is booked for training, and then a slot that overlaps the morning
    do_record_abstraction(org.sam, types["training"], clean_period(day, day, "13:00", "17:00"), acting_user=org.pat)
    with pytest.raises(DomainError) as error:
        do_record_abstraction(org.sam, types["training"], clean_period(day, day, "11:00", "12:30"),
                              acting_user=org.pat)
    # then only the clash is refused
    assert "Compassionate leave Mon 03 Jun 2030 08:00 – Mon 03 Jun 2030 12:00" in error.value.message


def test_a_court_warning_may_lie_under_leave_because_it_does_not_take_the_officer_off_the_roster(org, types):
    from absence.actions import do_record_court_warning

    do_record_court_warning(org.sam, week(), reference="R v Smith, Northtown Crown Court", acting_user=org.pat)
    leave = do_request_leave(org.sam, types["annual-leave"], week(MONDAY, 2), acting_user=org.sam_user)
    assert leave.pk


def test_a_request_beyond_the_balance_is_refused_naming_what_is_left(org, types):
    # given Sam's 224 h (28 days: 15 years' service), less a 210 h request waiting
    do_request_leave(org.sam, types["annual-leave"], week(MONDAY, 1), hours="210", acting_user=org.sam_user)
    # when he asks for another 24 h
    with pytest.raises(DomainError) as error:
        do_request_leave(org.sam, types["annual-leave"], week(MONDAY + dt.timedelta(days=7), 3),
                         acting_user=org.sam_user)
    # then he is told how much is needed and how much is left after what is already requested
    assert "24.00 h needed, 14.00 h left" in error.value.message


def test_staff_cannot_decide_their_own_leave_nor_request_for_others(org, types):
    leave = do_request_leave(org.sam, types["annual-leave"], week(), acting_user=org.sam_user)
    with pytest.raises(PermissionDenied):
        do_approve_leave(leave, acting_user=org.sam_user)
    with pytest.raises(PermissionDenied):
        do_approve_leave(leave, acting_user=org.olly)  # plans Southport, not Sam's unit
    with pytest.raises(PermissionDenied):
        do_request_leave(org.kim, types["annual-leave"], week(), acting_user=org.sam_user)


def test_two_managers_deciding_at_once_cannot_both_win(org, types):
    leave = do_request_leave(org.sam, types["annual-leave"], week(), acting_user=org.sam_user)
    do_approve_leave(leave, acting_user=org.mo, expected_version=1)
    with pytest.raises(ConflictError):
        do_refuse_leave(leave, acting_user=org.pat, reason="No", expected_version=1)


def test_staff_may_not_request_leave_in_the_past_or_types_that_are_not_self_service(org, types):
    with pytest.raises(DomainError) as past:
        do_request_leave(org.sam, types["annual-leave"], week(dt.date(2020, 1, 6)), acting_user=org.sam_user)
    assert past.value.errors[0].field == "start_date"
    with pytest.raises(DomainError) as kind:
        do_request_leave(org.sam, types["training"], week(), acting_user=org.sam_user)
    assert kind.value.errors[0].field == "type"


def test_balances_show_pending_requests_beside_the_ledger_sum(org, types):
    do_request_leave(org.sam, types["annual-leave"], week(), acting_user=org.sam_user)
    annual = next(b for b in balances(org.sam, MONDAY) if b.ledger == Ledger.ANNUAL_LEAVE)
    assert (annual.remaining, annual.pending, annual.after_pending) == (Decimal(224), Decimal(40), Decimal(184))
