"""The costing adapter on worked cases, to the penny (RULES.md POL-5, POL-7, POL-8, NHS-2, C-3, C-4).

Sam is a constable on point 3: £33,720 / 2,086.67 = £16.1597 an hour. Ash is an AfC band 5 call handler on
point 1: £29,970 / (52.143 × 37.5) = £15.3271 an hour."""

import datetime as dt
from decimal import Decimal

import pytest

from common.errors import DomainError
from pay.costing import cost_of_duties, cost_of_duty
from tests.pay.helpers import at, band5_call_handler, give_pay_point

SAT = dt.date(2026, 3, 14)
EASTER_MONDAY = dt.date(2026, 4, 6)


@pytest.fixture
def sam(org):
    give_pay_point(org.sam, "3")
    return org.sam


def test_pol_5_a_rest_day_worked_with_3_clear_days_notice_is_paid_at_time_and_a_half(sam):
    # given sam told on Tuesday to work his rest day on Saturday: 3 clear days (Wed, Thu, Fri)
    told = at(dt.date(2026, 3, 10), 9)
    # when a 10-hour duty is costed
    cost = cost_of_duty(sam, at(SAT, 7), at(SAT, 17), rostered_rest_day=True, notified_at=told)
    # then 10 h × £16.1597 × 1.5 = £242.3955 → £242.40, no rest day owed
    assert cost.total == Decimal("242.40")
    assert [(i.rule, i.multiplier) for i in cost.items] == [("POL-5", Decimal("1.5"))]
    assert cost.time_off_owed == ()
    assert cost.describe() == "£242.40: rest day worked ×1.5 (POL-5)"


def test_pol_5_a_rest_day_worked_with_15_clear_days_notice_earns_a_rest_day_in_lieu_not_money(sam):
    cost = cost_of_duty(sam, at(SAT, 7), at(SAT, 17), rostered_rest_day=True, notified_at=at(dt.date(2026, 2, 20), 9))
    assert cost.total == Decimal("0.00")
    assert [(t.rule, t.kind) for t in cost.time_off_owed] == [("POL-5", "rdil")]
    assert cost.describe().endswith("RDiL owed")


def test_pol_7_a_public_holiday_worked_at_short_notice_is_double_time_and_a_day_in_lieu(sam):
    # given Easter Monday 2026 (an England & Wales bank holiday), told 4 clear days before
    cost = cost_of_duty(sam, at(EASTER_MONDAY, 7), at(EASTER_MONDAY, 17), notified_at=at(dt.date(2026, 4, 1), 9))
    # then 10 h × £16.1597 × 2 = £323.194 → £323.19 and a public holiday in lieu
    assert cost.total == Decimal("323.19")
    assert [(i.rule, i.multiplier) for i in cost.items] == [("POL-7", Decimal("2"))]
    assert [(t.kind, t.days) for t in cost.time_off_owed] == [("public_holiday_in_lieu", 1)]


def test_pol_8_casual_overtime_disregards_the_first_half_hour_and_pays_completed_quarters(sam):
    # given 2 h 07 min after a tour, not told before it began
    cost = cost_of_duty(sam, at(SAT, 17), at(SAT, 19, 7), overtime="casual")
    # then 2:07 − 0:30 = 1:37 → 1:30 in completed quarters × 4/3 × £16.1597 = £32.32
    assert cost.total == Decimal("32.32")


def test_pol_8_planned_overtime_has_no_disregard(sam):
    cost = cost_of_duty(sam, at(SAT, 17), at(SAT, 19, 7), overtime="planned")
    # 2:00 × 4/3 × £16.1597 = £43.0925 → £43.09
    assert cost.total == Decimal("43.09")


def test_nhs_2_a_band_5_saturday_night_earns_both_unsocial_hours_enhancements(org):
    # given Ash works Saturday 20:00 to Sunday 08:00
    ash = band5_call_handler(org)
    cost = cost_of_duty(ash, at(SAT, 20), at(SAT + dt.timedelta(days=1), 8))
    # then Saturday 4 h × £15.3271 × 30 % = £18.39 and Sunday 8 h × 60 % = £73.57
    assert [(i.rule, i.hours, i.amount) for i in cost.items] == [
        ("NHS-2", Decimal("4"), Decimal("18.39")), ("NHS-2", Decimal("8"), Decimal("73.57"))]
    assert cost.total == Decimal("91.96")


def test_a_night_over_the_spring_clock_change_is_costed_for_its_true_length(org):
    # given Saturday 28 March 2026 22:00 to Sunday 07:00 BST: 8 real hours, not 9
    ash = band5_call_handler(org)
    day = dt.date(2026, 3, 28)
    cost = cost_of_duty(ash, at(day, 22), at(day + dt.timedelta(days=1), 7))
    # then 2 h Saturday at 30 % and 6 h Sunday at 60 %
    assert [i.hours for i in cost.items] == [Decimal("2"), Decimal("6")]
    assert cost.total == Decimal("9.20") + Decimal("55.18")


def test_many_duties_of_different_rule_packs_are_costed_in_one_call(sam, org):
    ash = band5_call_handler(org)
    rows = [
        {"person": sam, "start": at(SAT, 7), "end": at(SAT, 17), "rostered_rest_day": True,
         "notified_at": at(dt.date(2026, 3, 10), 9)},
        {"person": ash.pk, "start": at(SAT, 20), "end": at(SAT + dt.timedelta(days=1), 8)},
    ]
    cost = cost_of_duties(rows)
    assert cost.total == Decimal("242.40") + Decimal("91.96")
    assert {i.person for i in cost.items} == {str(sam.pk), str(ash.pk)}


def test_costing_someone_without_a_pay_point_names_the_field(org):
    with pytest.raises(DomainError) as caught:
        cost_of_duty(org.lee, at(SAT, 7), at(SAT, 17))
    assert caught.value.errors[0].field == "pay_point"


def test_an_unknown_overtime_type_is_refused(sam):
    with pytest.raises(DomainError) as caught:
        cost_of_duty(sam, at(SAT, 17), at(SAT, 19), overtime="double")
    assert caught.value.errors[0].field == "overtime"



def test_bank_hours_are_paid_at_the_basic_rate_with_police_refreshment_breaks_paid_and_nhs_breaks_not(sam, org):
    from pay.costing import cost_of_bank_hours

    ash = band5_call_handler(org)
    # when 8 h with a 30 min break on a Saturday are costed as bank hours
    police = cost_of_bank_hours(sam, at(SAT, 7), at(SAT, 15), break_minutes=30)
    nhs = cost_of_bank_hours(ash, at(SAT, 7), at(SAT, 15), break_minutes=30)
    # then the constable is paid all 8 h (refreshment breaks are worked time): 8 × £16.1597 = £129.2776 → £129.28
    assert police.total == Decimal("129.28")
    assert [(i.rule, i.multiplier) for i in police.items] == [("BANK", Decimal("1"))]
    assert police.time_off_owed == ()
    # and the call handler 7.5 h at plain time, no overtime or unsocial-hours premium: 7.5 × £15.3271 → £114.95
    assert nhs.total == Decimal("114.95")
    assert police.describe() == "£129.28: bank hours at the basic rate ×1 (BANK)"
