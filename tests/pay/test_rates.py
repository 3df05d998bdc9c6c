"""Rate tables: hourly rates from annual salaries (RULES.md POL-14 note, PSC-1, NHS-1), pay points, versions."""

import datetime as dt
from decimal import Decimal

import pytest

from common.errors import DomainError
from pay.costing import hourly_rate
from pay.models import PayRate, hourly_from_annual
from pay.seed import load_national_scales, national_scales
from tests.factories import PersonFactory, RankFactory, StaffGroupFactory, give_contract
from tests.pay.helpers import band5_call_handler, give_pay_point

ON = dt.date(2026, 3, 2)


def test_police_hourly_rate_is_annual_over_2086_67_kept_to_four_places():
    # given a constable's annual pay of £33,720 (POL-14: annual / 2,086.67)
    # then
    assert hourly_from_annual("police-officer", Decimal("33720")) == Decimal("16.1597")


def test_nhs_hourly_rate_is_annual_over_52_143_weeks_of_37_5_hours():
    assert hourly_from_annual("nhs-afc", Decimal("29970")) == Decimal("15.3271")


def test_police_staff_hourly_rate_is_annual_over_52_143_weeks_of_37_hours():
    assert hourly_from_annual("police-staff", Decimal("26400")) == Decimal("13.6838")


def test_loading_the_national_scales_twice_adds_each_row_once(db):
    # given the scales the migration seeds (loaded again here: a flushed test database has none)
    load_national_scales()
    # when they are loaded again
    added = load_national_scales()
    # then nothing is added and every shipped row is there once
    assert added == 0
    assert PayRate.objects.count() == len(national_scales())


def test_a_database_without_any_rate_table_gets_the_shipped_scales_when_first_costing(org):
    # given an empty rate table
    PayRate.objects.all().delete()
    give_pay_point(org.sam, "3")
    # when / then
    assert hourly_rate(org.sam, ON) == Decimal("16.1597")


def test_a_constables_rate_comes_from_the_pay_point_on_the_contract(org):
    # given sam on "Constable point 3" (£33,720 from 1 Sep 2025)
    give_pay_point(org.sam, "Constable point 3")
    # then
    assert hourly_rate(org.sam, ON) == Decimal("16.1597")


@pytest.mark.parametrize("written", ["3", "PP3", "pay point 3", "Constable point 3"])
def test_a_pay_point_may_be_written_as_a_number_in_any_words(org, written):
    give_pay_point(org.sam, written)
    assert hourly_rate(org.sam, ON) == Decimal("16.1597")


def test_a_pay_point_above_the_top_of_a_shortened_scale_is_paid_at_the_top(org):
    # given kim, a sergeant, on point 7 of a scale that has 4 points
    give_pay_point(org.kim, "Sergeant point 7")
    # then she is paid at point 4 (£52,950)
    assert hourly_rate(org.kim, ON) == hourly_from_annual("police-officer", Decimal("52950"))


def test_a_pay_award_applies_from_its_date_and_earlier_days_keep_the_old_rate(org):
    # given the constable scale of 1 Sep 2024 and the award of 1 Sep 2025
    give_pay_point(org.sam, "7")
    # then
    assert hourly_rate(org.sam, dt.date(2025, 8, 31)) == hourly_from_annual("police-officer", Decimal("45066"))
    assert hourly_rate(org.sam, dt.date(2025, 9, 1)) == hourly_from_annual("police-officer", Decimal("46970"))


def test_an_nhs_band_5_rate_is_versioned_by_financial_year(org):
    person = band5_call_handler(org, point="1")
    assert hourly_rate(person, dt.date(2025, 3, 31)) == hourly_from_annual("nhs-afc", Decimal("28407"))
    assert hourly_rate(person, dt.date(2025, 4, 1)) == Decimal("15.3271")


def test_a_contract_without_a_pay_point_is_a_clear_error_naming_the_field(org):
    # given sam's contract has no pay point
    # when / then
    with pytest.raises(DomainError) as caught:
        hourly_rate(org.sam, ON)
    assert caught.value.errors[0].field == "pay_point"
    assert "Sam Jones has no pay point" in caught.value.message


def test_a_rank_without_a_scale_is_a_clear_error(org):
    # given a rank no rate table knows
    group = StaffGroupFactory(code="police-staff", name="Police staff", kind="police-staff", rule_pack="police-staff")
    rank = RankFactory(code="analyst-local", name="Analyst (local grade)", staff_group=group)
    person = PersonFactory(staff_group=group, rank=rank, home_unit=org.team_a)
    give_contract(person, hours="37", pay_point="2")
    # when / then
    with pytest.raises(DomainError, match="no pay rate for Analyst") as caught:
        hourly_rate(person, ON)
    assert caught.value.errors[0].field == "rate"


def test_a_pay_point_that_is_not_on_the_scale_names_the_points_there_are(org):
    give_pay_point(org.sam, "Volunteer")
    with pytest.raises(DomainError, match=r"points: 1, 2, 3"):
        hourly_rate(org.sam, ON)
