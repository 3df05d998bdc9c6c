"""Ledgers: every movement a row with a reason, balances as sums, carry-over, TOIL expiry, recall from leave."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from absence.actions import (
    do_adjust_balance,
    do_approve_leave,
    do_close_leave_year,
    do_credit_time_off,
    do_expire_time_off,
    do_open_leave_year,
    do_record_abstraction,
    do_record_recall_from_leave,
    do_request_leave,
)
from absence.choices import EntryKind, Ledger
from absence.ledgers import balance, balances, statement
from absence.models import LedgerEntry
from absence.periods import clean_period
from common.errors import DomainError
from people.models import Contract

pytestmark = pytest.mark.django_db
YEAR = dt.date(2030, 4, 1)


def test_opening_a_leave_year_twice_posts_its_entitlement_once(org, types):
    first = do_open_leave_year(org.sam, day=dt.date(2030, 6, 1), acting_user=org.pat)
    again = do_open_leave_year(org.sam, day=dt.date(2030, 6, 1), acting_user=org.pat)
    assert {e.ledger for e in first} == {Ledger.ANNUAL_LEAVE, Ledger.PUBLIC_HOLIDAY} and again == []
    assert all(e.reason for e in first)


def test_a_contract_change_is_posted_as_a_recalculation_row_not_an_edit(org, types):
    # given Sam's year opened full time, then a move to 20 hours from 1 October 2030
    do_open_leave_year(org.sam, day=YEAR, acting_user=org.pat)
    org.sam.contracts.update(effective_to=dt.date(2030, 9, 30))
    Contract.objects.create(person=org.sam, effective_from=dt.date(2030, 10, 1), hours_per_week=Decimal(20),
                            fte=Decimal("0.5"))
    # when the year is recalculated
    rows = do_open_leave_year(org.sam, day=YEAR, acting_user=org.pat, recalculate=True)
    # then a recalculation row takes off half of the second half year: 224 × 6/12 × 0.5 = 56 h
    annual = next(r for r in rows if r.ledger == Ledger.ANNUAL_LEAVE)
    assert (annual.kind, annual.amount) == (EntryKind.RECALCULATION, Decimal("-56.00"))
    assert balance(org.sam, Ledger.ANNUAL_LEAVE, YEAR) == Decimal("168.00")


def test_carry_over_is_capped_at_five_days_and_the_rest_is_forfeited_with_reasons(org, types):
    # given Sam's 2030/31 year with 224 h, of which he took 160 h
    do_open_leave_year(org.sam, day=YEAR, acting_user=org.pat)
    do_adjust_balance(org.sam, ledger=Ledger.ANNUAL_LEAVE, amount="-160", day=dt.date(2030, 8, 1),
                      acting_user=org.pat, reason="Leave taken before Muster")
    # when the year is closed
    rows = do_close_leave_year(org.sam, year_start=YEAR, acting_user=org.pat)
    # then 40 h (5 days, POL-13) go into 2031/32 and the other 24 h are forfeited
    by_kind = {r.kind: r for r in rows}
    assert by_kind[EntryKind.CARRY_OUT].amount == Decimal("-40.00")
    assert by_kind[EntryKind.CARRY_IN].amount == Decimal("40.00")
    assert by_kind[EntryKind.CARRY_IN].year_start == dt.date(2031, 4, 1)
    assert by_kind[EntryKind.FORFEITED].amount == Decimal("-24.00")
    assert balance(org.sam, Ledger.ANNUAL_LEAVE, YEAR) == 0
    assert balance(org.sam, Ledger.ANNUAL_LEAVE, dt.date(2031, 4, 1)) == Decimal(40)
    # and a year closes once
    with pytest.raises(DomainError):
        do_close_leave_year(org.sam, year_start=YEAR, acting_user=org.pat)


def test_a_part_timer_carries_over_five_days_pro_rata(org, types):
    org.sam.contracts.update(hours_per_week=Decimal(20), fte=Decimal("0.5"))
    do_open_leave_year(org.sam, day=YEAR, acting_user=org.pat)
    rows = do_close_leave_year(org.sam, year_start=YEAR, acting_user=org.pat)
    assert next(r for r in rows if r.kind == EntryKind.CARRY_IN).amount == Decimal("20.00")


def test_toil_not_taken_within_three_months_expires_and_is_marked_to_be_paid(org, types):
    # given Sam earned 6 h of TOIL on 1 March and 4 h on 1 May 2030, and took 5 h on 20 March
    do_credit_time_off(org.sam, ledger=Ledger.TOIL, amount="6", earned_on=dt.date(2030, 3, 1), acting_user=org.pat,
                       reason="Overtime on 28 February (POL-8)")
    do_credit_time_off(org.sam, ledger=Ledger.TOIL, amount="4", earned_on=dt.date(2030, 5, 1), acting_user=org.pat,
                       reason="Overtime on 30 April")
    taken = do_record_abstraction(org.sam, types["toil"], clean_period(dt.date(2030, 3, 20), None, "09:00", "14:00"),
                                  hours="5", acting_user=org.pat)
    assert taken.hours == Decimal("5.00")
    # when expiry runs on 2 June (the March lot expired on 1 June)
    expired = do_expire_time_off(org.sam, on=dt.date(2030, 6, 2))
    # then the 1 h left of March's lot expires, May's 4 h stay, and running it again changes nothing
    assert [(e.amount, e.rule) for e in expired] == [(Decimal("-1.00"), "POL-8")]
    assert "paid" in expired[0].reason
    assert balance(org.sam, Ledger.TOIL) == Decimal("4.00")
    assert do_expire_time_off(org.sam, on=dt.date(2030, 6, 2)) == []


def test_the_balance_is_always_the_sum_of_the_rows_and_the_statement_runs_to_it(org, types):
    do_credit_time_off(org.sam, ledger=Ledger.RDIL, amount="2", earned_on=dt.date(2030, 5, 1), acting_user=org.pat,
                       reason="Rest days worked at short notice (POL-5)")
    leave = do_request_leave(org.sam, types["rdil"], clean_period(dt.date(2030, 6, 4)), acting_user=org.sam_user)
    do_approve_leave(leave, acting_user=org.mo)
    rows = statement(org.sam, Ledger.RDIL)
    total = LedgerEntry.objects.filter(person=org.sam, ledger=Ledger.RDIL).aggregate(t=Sum("amount"))["t"]
    assert [r.running for r in rows] == [Decimal(2), Decimal(1)]
    assert total == balance(org.sam, Ledger.RDIL) == Decimal(1)
    rdil = next(b for b in balances(org.sam, dt.date(2030, 5, 2)) if b.ledger == Ledger.RDIL)
    assert rdil.unit == "days" and rdil.booked == Decimal(1) and rdil.expiring == [(dt.date(2031, 5, 1), Decimal(1))]


def test_an_officer_recalled_from_a_week_of_leave_on_three_days_gets_five_and_a_half_days_back(org, types):
    # given a week of approved annual leave
    leave = do_request_leave(org.sam, types["annual-leave"], clean_period(dt.date(2030, 6, 3), dt.date(2030, 6, 9)),
                             acting_user=org.sam_user)
    do_approve_leave(leave, acting_user=org.mo)
    # when he is recalled on Monday, Tuesday and Wednesday
    entry = do_record_recall_from_leave(leave, days_worked=[dt.date(2030, 6, d) for d in (3, 4, 5)],
                                        acting_user=org.pat, reason="Major incident")[0]
    # then 2 + 2 + 1.5 = 5.5 days of 8 h come back (POL-13)
    assert (entry.amount, entry.rule) == (Decimal("44.00"), "POL-13")
