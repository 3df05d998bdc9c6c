"""The demo plan is deterministic and keeps the organisation's shape at any scale."""

import datetime as dt

import pytest

from demo.generate import build_plan
from org.choices import UnitKind

TODAY = dt.date(2026, 3, 2)


def people_of(ctx) -> list[tuple]:
    return [(p.payroll_number, p.first_name, p.last_name, p.birth_date, p.unit, p.rank, p.skills) for p in ctx.people]


@pytest.mark.django_db
def test_the_same_seed_plans_the_same_people_names_and_payroll_numbers():
    # given / when
    first = build_plan(11, today=TODAY, scale=0.1)
    second = build_plan(11, today=TODAY, scale=0.1)
    # then
    assert people_of(first) == people_of(second)
    assert [p.payroll_number for p in first.people][:3] == [p.payroll_number for p in second.people][:3]


@pytest.mark.django_db
def test_a_different_seed_plans_different_names_and_payroll_numbers():
    # given / when
    first = build_plan(11, today=TODAY, scale=0.1)
    other = build_plan(12, today=TODAY, scale=0.1)
    # then
    assert {p.payroll_number for p in first.people} != {p.payroll_number for p in other.people}
    assert [(p.first_name, p.last_name) for p in first.people] != [(p.first_name, p.last_name) for p in other.people]


@pytest.mark.django_db
def test_a_small_plan_keeps_4_lpas_12_stations_and_60_response_teams():
    # given / when
    ctx = build_plan(3, today=TODAY, scale=0.1)
    # then
    units = ctx.units
    assert sum(u.kind == UnitKind.AREA for u in units) == 4
    assert sum(u.kind == UnitKind.STATION and u.parent in {"north", "south", "east", "west"} for u in units) == 12
    assert sum("-response-" in u.key for u in units) == 60
    assert [u.name for u in units if u.parent is None] == ["Northshire Police", "Northshire 111"]


@pytest.mark.django_db
def test_payroll_numbers_are_unique_and_nobody_is_older_than_60():
    # given / when
    ctx = build_plan(5, today=TODAY)
    # then
    numbers = [p.payroll_number for p in ctx.people]
    assert len(numbers) == len(set(numbers))
    ages = [(TODAY - p.birth_date).days / 365.25 for p in ctx.people]
    assert max(ages) < 60.5
    assert sorted(a for a in ages if a < 19)[:1] and all(17 <= a < 18 for a in ages if a < 19)
    assert all(p.start_date <= TODAY for p in ctx.people)
    assert min(p.start_date for p in ctx.people) >= TODAY - dt.timedelta(days=round(25 * 365.25) + 1)
