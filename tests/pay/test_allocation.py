"""Fair allocation: willing and free people, least overtime in the last 12 weeks first, each explained."""

import datetime as dt

import pytest

from pay.actions import do_record_overtime, do_set_overtime_willingness
from pay.allocation import allocate, fair_candidates
from rostering.actions import do_set_duty, parse_value
from tests.factories import PersonFactory, give_contract
from tests.pay.helpers import at, give_pay_point

DAY = dt.date(2026, 3, 14)


@pytest.fixture
def team(org):
    """sam, kim and two more Northtown constables, all on point 3."""
    extra = [PersonFactory(first_name=n, last_name="Extra", rank=org.constable, staff_group=org.officers,
                           home_unit=org.team_a) for n in ("Ali", "Bea")]
    for person in extra:
        give_contract(person)
    for person in (org.sam, org.kim, org.lee, *extra):
        give_pay_point(person, "3")
    return extra


def worked_overtime(org, person, day: dt.date, hours: int):
    do_record_overtime(person, start=at(day, 8), end=at(day, 8 + hours), kind="overtime", reason="Backlog",
                       acting_user=org.alice, authorised_by=org.alice)


def test_the_willing_are_ranked_by_least_overtime_in_the_last_12_weeks(org, team):
    ali, bea = team
    # given four willing people (lee at Southport too) and one who said no
    for person in (org.sam, org.kim, ali, org.lee):
        do_set_overtime_willingness(person, willing=True, acting_user=org.alice)
    do_set_overtime_willingness(bea, willing=False, acting_user=org.alice)
    worked_overtime(org, org.sam, DAY - dt.timedelta(days=10), 6)
    worked_overtime(org, org.kim, DAY - dt.timedelta(days=20), 2)
    worked_overtime(org, ali, DAY - dt.timedelta(weeks=13), 9)  # before the 12 weeks: does not count
    # when Northtown looks for someone on Saturday
    ranked = fair_candidates(org.northtown, at(DAY, 7), at(DAY, 17))
    # then Ali (0 h in 12 weeks), Kim (2 h), Sam (6 h); Bea unwilling, Lee at another station
    assert [c.person for c in ranked] == [ali, org.kim, org.sam]
    assert ranked[1].explanation == "2 of 3: 2 h overtime in the 12 weeks before 14 Mar"


def test_people_on_duty_or_absent_then_are_not_offered(org, team):
    ali, bea = team
    for person in (org.sam, ali):
        do_set_overtime_willingness(person, willing=True, acting_user=org.alice)
    do_set_duty(person=org.sam, date=DAY, value=parse_value("07:00-17:00"), expected_version=0,
                acting_user=org.alice)
    # when
    result = allocate(org.northtown, at(DAY, 9), at(DAY, 12))
    # then
    assert [c.person for c in result.candidates] == [ali]
    assert result.not_able == [(org.sam, "already on duty or on overtime then")]


def test_a_personal_monthly_limit_is_respected(org, team):
    ali, _ = team
    do_set_overtime_willingness(ali, willing=True, max_hours_per_month=8, acting_user=ali.user or org.alice)
    worked_overtime(org, ali, DAY - dt.timedelta(days=5), 6)
    result = allocate(org.northtown, at(DAY, 7), at(DAY, 10))
    assert result.candidates == []
    assert "limit of 8 h a month" in result.not_able[0][1]


def test_a_rest_day_is_mentioned_because_it_costs_more(org, team):
    ali, _ = team
    do_set_overtime_willingness(ali, willing=True, acting_user=org.alice)
    do_set_duty(person=ali, date=DAY, value=parse_value("RD"), expected_version=0, acting_user=org.alice)
    [candidate] = fair_candidates(org.northtown, at(DAY, 7), at(DAY, 17))
    assert candidate.on_rest_day and "rest day" in candidate.explanation
