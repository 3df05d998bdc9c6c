"""Every duty change has a cost (pay.changes): worked cases to the penny, totals, bounded queries, the export.

Sam is a constable on point 3: £33,720 / 2,086.67 = £16.1597 an hour. Ash is an AfC band 5 call handler on
point 1: £29,970 / (52.143 × 37.5) = £15.3271 an hour. Changes are recorded by rostering's own record_change,
as the roster grid does after publication, at the instant the person was told."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.errors import DomainError
from pay import changes
from tests.factories import PersonFactory, give_contract
from tests.pay.helpers import NONE, REST, at, band5_call_handler, change, give_pay_point, shift

SAT = dt.date(2026, 3, 14)
SUN = dt.date(2026, 3, 15)
CHRISTMAS = dt.date(2026, 12, 25)
def costed(person, start=SAT - dt.timedelta(days=14), end=CHRISTMAS):
    return changes.costs_for_person(person, start, end)


@pytest.fixture
def sam(org):
    give_pay_point(org.sam, "3")
    return org.sam


def test_a_rest_day_worked_with_3_clear_days_notice_costs_time_and_a_half(sam):
    # given Sam told on Tuesday 10 March to work his rest day on Saturday 14th 07:00–17:00
    made = change(sam, SAT, REST, shift(SAT, 7, 17), told=at(dt.date(2026, 3, 10), 9))
    # when
    row = costed(sam).rows[0]
    # then 3 clear days: POL-5, 10 h × £16.1597 × 1.5 = £242.3955 → £242.40
    assert made.clear_days == 3
    assert (row.kind, row.amount, row.detail) == ("rest_day_worked", Decimal("242.40"),
                                                  "£242.40: rest day worked ×1.5 (POL-5)")
    assert row.time_off == []


def test_a_rest_day_worked_with_16_clear_days_notice_costs_nothing_but_owes_a_rest_day_in_lieu(sam):
    made = change(sam, SAT, REST, shift(SAT, 7, 17), told=at(dt.date(2026, 2, 25), 9))
    row = costed(sam).rows[0]
    assert made.clear_days == 16
    assert row.amount == Decimal("0.00")
    assert row.detail.endswith("RDiL owed")
    assert [(t["rule"], t["kind"]) for t in row.time_off] == [("POL-5", "rdil")]


def test_a_christmas_day_rest_day_worked_at_5_clear_days_is_double_time_and_a_day_in_lieu(sam):
    # given Christmas Day 2026 (a Friday, an England & Wales bank holiday) told on 19 December
    made = change(sam, CHRISTMAS, REST, shift(CHRISTMAS, 7, 17), told=at(dt.date(2026, 12, 19), 10))
    row = costed(sam).rows[0]
    # then POL-7 alone (not POL-5 too): 10 h × £16.1597 × 2 = £323.194 → £323.19, and a public holiday in lieu
    assert (made.rule, made.clear_days) == ("POL-7", 5)
    assert row.amount == Decimal("323.19")
    assert [(t["rule"], t["kind"]) for t in row.time_off] == [("POL-7", "public_holiday_in_lieu")]


def test_an_afc_sunday_shift_made_four_hours_longer_costs_the_four_hours_at_time_and_a_half(org):
    # given Ash's Sunday 09:00–17:00 (NHS-2: +60 % on Sunday) made 07:00–19:00, told on the Wednesday before
    ash = band5_call_handler(org)
    change(ash, SUN, shift(SUN, 9, 17), shift(SUN, 7, 19), told=at(dt.date(2026, 3, 11), 12))
    row = costed(ash).rows[0]
    # then the 8 standard hours still earn 8 × £15.3271 × 60 % = £73.57 as before, and the 4 extra hours are NHS-4
    # overtime: 4 × £15.3271 × 1.5 = £91.9626 → £91.96 (overtime earns no unsocial-hours enhancement)
    assert row.kind == "changed_shift"
    assert row.amount == Decimal("91.96")
    assert "was £73.57: unsocial hours (Sunday or public holiday)" in row.detail


def test_an_afc_sunday_duty_cancelled_saves_its_unsocial_hours_enhancement(org):
    ash = band5_call_handler(org)
    change(ash, SUN, shift(SUN, 9, 17), NONE, told=at(dt.date(2026, 3, 11), 12))
    row = costed(ash).rows[0]
    assert (row.kind, row.amount) == ("cancelled", Decimal("-73.57"))


def test_an_extra_duty_told_the_day_before_is_planned_overtime_at_time_and_a_third(sam):
    # given nothing rostered on Saturday, Sam asked on Friday to work 17:00–19:07
    change(sam, SAT, NONE, {**shift(SAT, 17, 19), "end": at(SAT, 19, 7).isoformat()}, told=at(SAT - dt.timedelta(1), 9))
    row = costed(sam).rows[0]
    # then POL-8 planned: no disregard, completed quarters: 2:00 × 4/3 × £16.1597 = £43.0925 → £43.09
    assert (row.kind, row.amount) == ("extra_duty", Decimal("43.09"))


def test_a_rest_day_reinstated_with_fewer_than_8_clear_days_leaves_the_rest_day_payment_standing(sam):
    # given the rest day worked (3 clear days: £242.40) and then handed back with 2 clear days
    first = change(sam, SAT, REST, shift(SAT, 7, 17), told=at(dt.date(2026, 3, 10), 9))
    change(sam, SAT, shift(SAT, 7, 17), REST, told=at(dt.date(2026, 3, 11), 9), duty=first.duty)
    costs = costed(sam)
    # then POL-6: the officer may work it at the rate originally due, so nothing is saved
    assert [(r.kind, r.amount) for r in costs.rows] == [("rest_day_worked", Decimal("242.40")),
                                                        ("rest_day_reinstated", Decimal("0.00"))]
    assert "POL-6" in costs.rows[1].detail
    assert costs.total == Decimal("242.40")


def test_a_rest_day_reinstated_with_more_than_7_clear_days_cancels_the_rest_day_payment(sam):
    # given the rest day worked told with 12 clear days (£242.40), handed back with 11
    first = change(sam, SAT, REST, shift(SAT, 7, 17), told=at(dt.date(2026, 3, 1), 9))
    change(sam, SAT, shift(SAT, 7, 17), REST, told=at(dt.date(2026, 3, 2), 9), duty=first.duty)
    costs = costed(sam)
    # then the reinstatement saves what the working was costed at, told when it was arranged
    assert [r.amount for r in costs.rows] == [Decimal("242.40"), Decimal("-242.40")]
    assert costs.total == Decimal("0.00")


def test_totals_are_per_person_and_per_unit_and_the_unit_includes_its_sub_tree(org, sam):
    # given two changes for Sam (team A), one for Kim (team B, a sergeant) and one for Lee in Southport
    for person in (org.kim, org.lee):
        give_pay_point(person, "3")
    change(sam, SAT, REST, shift(SAT, 7, 17), told=at(dt.date(2026, 3, 10), 9))
    change(sam, SUN, REST, shift(SUN, 7, 17), told=at(dt.date(2026, 3, 10), 9))
    change(org.kim, SAT, REST, shift(SAT, 7, 17), told=at(dt.date(2026, 3, 10), 9))
    change(org.lee, SAT, REST, shift(SAT, 7, 17), told=at(dt.date(2026, 3, 10), 9))
    # when Northtown's March is costed
    costs = changes.costs_for_unit(org.northtown, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    # then Lee is not in it; Sam's two rest days cost £242.40 each
    people = {t.key.first_name: t for t in costs.people}
    assert set(people) == {"Sam", "Kim"}
    assert (people["Sam"].changes, people["Sam"].amount) == (2, Decimal("484.80"))
    assert people["Kim"].changes == 1 and people["Kim"].amount > 0
    assert [t.key.code for t in costs.units] == [org.team_a.code, org.team_b.code]
    assert costs.total == sum(t.amount for t in costs.units)
    assert costs.units[0].amount == Decimal("484.80")


def test_the_number_of_queries_does_not_grow_with_the_number_of_changes(org, sam):
    # given one change, then six for three people
    change(sam, SAT, REST, shift(SAT, 7, 17), told=at(dt.date(2026, 3, 10), 9))
    changes.costs_for_unit(org.northtown, dt.date(2026, 3, 1), dt.date(2026, 3, 31))  # rate tables seeded once
    with CaptureQueriesContext(connection) as one:
        changes.costs_for_unit(org.northtown, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    give_pay_point(org.kim, "3")
    other = PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=org.team_b)
    give_contract(other, pay_point="2")
    for person in (sam, org.kim, other):
        for day in (SUN, SAT + dt.timedelta(days=7)):
            change(person, day, REST, shift(day, 7, 17), told=at(dt.date(2026, 3, 10), 9))
    # when
    with CaptureQueriesContext(connection) as many:
        costs = changes.costs_for_unit(org.northtown, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    # then
    assert len(costs.rows) == 7
    assert len(many.captured_queries) == len(one.captured_queries) <= 6


def test_a_change_that_cannot_be_costed_says_why_and_is_left_out_of_the_totals(org, sam):
    # given Kim's contract names no pay point
    from people.models import Contract

    Contract.objects.filter(person=org.kim).update(pay_point="")
    change(sam, SAT, REST, shift(SAT, 7, 17), told=at(dt.date(2026, 3, 10), 9))
    change(org.kim, SAT, REST, shift(SAT, 7, 17), told=at(dt.date(2026, 3, 10), 9))
    costs = changes.costs_for_unit(org.northtown, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    kim = next(r for r in costs.rows if r.change.person == org.kim)
    assert kim.amount is None and "no pay point" in kim.problem
    assert (costs.total, costs.uncosted) == (Decimal("242.40"), 1)


def test_the_period_defaults_to_the_month_and_bad_dates_name_the_field():
    assert changes.period(None, None, today=dt.date(2026, 2, 10)) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert changes.period("2026-03-05", "", today=dt.date(2026, 2, 10)) == (dt.date(2026, 3, 5),
                                                                         dt.date(2026, 3, 31))
    with pytest.raises(DomainError) as bad:
        changes.period("5 March", None, today=dt.date(2026, 2, 10))
    assert bad.value.errors[0].field == "start"
    with pytest.raises(DomainError) as backwards:
        changes.period("2026-03-05", "2026-03-01", today=dt.date(2026, 2, 10))
    assert backwards.value.errors[0].field == "end"
    with pytest.raises(DomainError):
        changes.period("2025-01-01", "2026-03-01", today=dt.date(2026, 2, 10))


def test_the_payroll_exports_carry_each_change_and_the_totals(org, sam):
    from openpyxl import load_workbook

    change(sam, SAT, REST, shift(SAT, 7, 17), told=at(dt.date(2026, 3, 10), 9))
    costs = changes.costs_for_unit(org.northtown, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    # CSV: a header and one line, the amount as a plain number
    lines = changes.as_csv(costs).splitlines()
    assert lines[0].startswith("payroll_number,name,unit,duty_date")
    assert f"{sam.payroll_number},Sam Jones,{org.team_a.code},2026-03-14" in lines[1] and ",242.40," in lines[1]
    # XLSX: the changes, people and units sheets with £ amounts
    book = load_workbook(io.BytesIO(changes.as_xlsx(costs, title="Northtown")))
    assert book.sheetnames == ["Changes", "People", "Units"]
    assert book["Changes"]["A3"].value == sam.payroll_number
    assert book["People"]["E2"].value == pytest.approx(242.40)
    assert book["Units"].cell(book["Units"].max_row, 5).value == pytest.approx(242.40)
