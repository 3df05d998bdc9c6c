"""TOIL instead of payment, the person's choice per duty: POL-5 at the same rate, POL-8/9 in units with the bonus
unit, POL-12 hour for hour, NHS-4 at plain time (paid at the overtime rate when not taken within 3 months), PSC-1
equal TOIL below 5 days' notice and TOIL at the overtime rate otherwise [C]."""

from datetime import date
from decimal import Decimal

import pytest

from muster_engine.pay import PayInputError, TimeOffOwed, pol8_toil_minutes, toil_expires_on, value_expired_toil
from muster_engine.pay.ledger import add_months
from muster_engine.pay.toil import value_expired_toil_all

from .builders import afc, constable, costed, day, duty, owed, rows, staff


def overtime_to(end: str, kind: str = "planned", when: str = "2026-03-09", **flags):
    """A 07:00-15:00 tour with overtime of `kind` to `end`, TOIL chosen."""
    return duty(f"{when} 07:00", f"{when} {end}", overtime=kind, tour_end=f"{when} 15:00", compensation="toil", **flags)


@pytest.mark.parametrize(
    ("end", "hours"),
    [
        ("16:00", 1.25),  # 4 units + 1 bonus
        ("15:44", 0.5),  # 2 completed units, no bonus
        ("15:45", 1.0),  # 3 units + 1 bonus
        ("17:10", 2.5),  # 8 units + 2 bonus; the 10 min are not a completed unit
    ],
)
def test_pol8_toil_is_1_unit_per_completed_15_minutes_plus_1_bonus_unit_per_3(end, hours):
    # when
    result = costed("police-officer", [constable()], [overtime_to(end)])

    # then: nothing paid, the time off owed instead
    assert rows(result) == []
    assert owed(result) == [("POL-8", "toil", None, hours)]
    assert result.time_off_owed[0].earned_on == date(2026, 3, 9)
    assert str(result.total) == "0.00"


def test_pol8_toil_units_never_round_up():
    # then
    assert [pol8_toil_minutes(m, 15, 3) for m in (0, 14, 15, 44, 45, 60, 179, 180)] == [0, 0, 15, 30, 60, 75, 210, 240]


def test_pol8_the_casual_disregard_applies_to_toil_too():
    # when: an hour of casual overtime, the first occasion in the force week
    result = costed("police-officer", [constable()], [overtime_to("16:00", "casual")])

    # then: 30 min disregarded; 2 units, no bonus
    assert owed(result) == [("POL-8", "toil", None, 0.5)]


def test_pol9_a_recall_taken_as_toil_is_in_units_with_the_bonus():
    # given: recalled 19:00-20:50 after a tour
    tour = duty("2026-03-09 07:00", "2026-03-09 15:00")
    recall = duty("2026-03-09 19:00", "2026-03-09 20:50", overtime="recall", compensation="toil")

    # when
    result = costed("police-officer", [constable()], [tour, recall])

    # then: 1 h 45 min = 7 units + 2 bonus = 2 h 15 min
    assert rows(result) == []
    assert owed(result) == [("POL-9", "toil", None, 2.25)]


def test_pol12_a_part_timers_plain_hours_are_toil_hour_for_hour_and_the_rest_in_pol8_units():
    # given: 32 h contract, four 8 h tours, then a 10 h extra duty on Friday taken as TOIL
    tours = [duty(f"2026-03-{d} 07:00", f"2026-03-{d} 15:00") for d in ("09", "10", "11", "12")]
    extra = duty("2026-03-13 07:00", "2026-03-13 17:00", overtime="planned", compensation="toil")

    # when
    result = costed("police-officer", [constable(hours_per_week=Decimal(32))], [*tours, extra])

    # then: 8 h plain to reach 40 h; 2 h = 8 units + 2 bonus
    assert owed(result) == [("POL-12", "toil", None, 8.0), ("POL-8", "toil", None, 2.5)]


def test_pol8_the_choice_is_per_duty():
    # given: one hour paid on Monday, one hour as TOIL on Tuesday
    paid = duty("2026-03-09 07:00", "2026-03-09 16:00", overtime="planned", tour_end="2026-03-09 15:00")

    # when
    result = costed("police-officer", [constable()], [paid, overtime_to("16:00", when="2026-03-10")])

    # then
    assert rows(result) == [("POL-8", "planned overtime", 1.0, 1.3333, "26.67")]
    assert owed(result) == [("POL-8", "toil", None, 1.25)]


def test_pol5_rest_day_toil_is_time_off_at_the_same_rate_with_the_4_hour_minimum():
    # given: 3 h and 8 h on rest days, told with fewer than 15 clear days
    short = duty("2026-03-14 10:00", "2026-03-14 13:00", told="2026-03-10", rostered_rest_day=True, compensation="toil")
    whole = duty("2026-03-15 07:00", "2026-03-15 15:00", told="2026-03-10", rostered_rest_day=True, compensation="toil")

    # when
    result = costed("police-officer", [constable()], [short, whole])

    # then: 4 h x 1.5 and 8 h x 1.5
    assert rows(result) == []
    assert owed(result) == [("POL-5", "toil", None, 6.0), ("POL-5", "toil", None, 12.0)]


def test_pol5_with_15_clear_days_the_rest_day_in_lieu_is_owed_whatever_the_choice():
    # when
    shift = duty("2026-03-28 07:00", "2026-03-28 15:00", told="2026-03-10", rostered_rest_day=True, compensation="toil")
    result = costed("police-officer", [constable()], [shift])

    # then
    assert owed(result) == [("POL-5", "rdil", 1.0, None)]


def test_pol7_public_holiday_working_is_paid_even_when_toil_is_chosen():
    # when
    shift = duty("2026-04-06 07:00", "2026-04-06 15:00", told="2026-03-01", public_holiday=True, compensation="toil")
    result = costed("police-officer", [constable()], [shift])

    # then
    assert rows(result, "POL-7") == [("POL-7", "public holiday worked", 8.0, 2.0, "320.00")]
    assert owed(result) == []


def test_police_toil_has_no_payout_date_in_the_rules():
    # when
    result = costed("police-officer", [constable()], [overtime_to("16:00")])

    # then: RULES.md gives POL-8 TOIL no expiry, so nothing is ever valued as expired
    assert result.time_off_owed[0].expires_on is None
    assert value_expired_toil("police-officer", constable(), result.time_off_owed[0], on=date(2027, 1, 1)) is None


def nhs_overtime(when: str = "2026-03-11", **flags):
    """Band 5, 2 h overtime after an 08:00-17:00 tour with a 30 min break, TOIL chosen."""
    return duty(
        f"{when} 08:00",
        f"{when} 19:00",
        "N1",
        breaks=30,
        overtime="planned",
        tour_end=f"{when} 17:00",
        compensation="toil",
        **flags,
    )


def test_nhs4_toil_is_at_plain_time_and_expires_after_3_months():
    # when
    result = costed("nhs-afc", [afc()], [nhs_overtime()])

    # then: 2 h of TOIL hour for hour, to be paid at x 1.5 when not taken by 11 June
    assert rows(result) == []
    assert owed(result) == [("NHS-4", "toil", None, 2.0)]
    (toil,) = result.time_off_owed
    assert (toil.earned_on, toil.expires_on, toil.multiplier) == (date(2026, 3, 11), date(2026, 6, 11), Decimal("1.5"))
    assert result.as_dict()["time_off_owed"] == [
        {
            "person": "N1",
            "rule": "NHS-4",
            "kind": "toil",
            "hours": 2.0,
            "earned_on": "2026-03-11",
            "expires_on": "2026-06-11",
        }
    ]


def test_nhs4_toil_not_taken_within_3_months_is_paid_at_the_overtime_rate():
    # given
    (toil,) = costed("nhs-afc", [afc()], [nhs_overtime()]).time_off_owed

    # when / then: still takeable on the last day; paid from the day after: 2 h x 20.00 x 1.5
    assert value_expired_toil("nhs-afc", afc(), toil, on=date(2026, 6, 11)) is None
    item = value_expired_toil("nhs-afc", afc(), toil, on=date(2026, 6, 12))
    assert (item.rule, item.what, float(item.hours), float(item.multiplier), str(item.amount)) == (
        "NHS-4",
        "TOIL not taken within 3 months",
        2.0,
        1.5,
        "60.00",
    )
    assert item.start.isoformat() == "2026-06-12T00:00:00+01:00"


def test_nhs4_only_the_toil_not_taken_is_paid_to_the_penny():
    # given: 1 h 15 min of the 2 h taken; an awkward rate
    (toil,) = costed("nhs-afc", [afc(rate="18.27")], [nhs_overtime()]).time_off_owed

    # when
    item = value_expired_toil("nhs-afc", afc(rate="18.27"), toil, on=date(2026, 7, 1), untaken_hours=Decimal("0.75"))

    # then: 0.75 x 18.27 x 1.5 = 20.55375 -> 20.55
    assert str(item.amount) == "20.55"


def test_nhs4_public_holiday_toil_is_paid_at_double_time_when_it_expires():
    # given: an extra duty on Good Friday taken as TOIL
    extra = duty("2026-04-03 10:00", "2026-04-03 14:00", "N1", overtime="planned", compensation="toil")
    result = costed("nhs-afc", [afc()], [extra], public_holidays=[day("2026-04-03")])

    # when
    paid = value_expired_toil_all("nhs-afc", [afc()], result.time_off_owed, on=date(2026, 8, 1))

    # then: 4 h TOIL; 4 h x 20 x 2 when not taken
    assert owed(result) == [("NHS-4", "toil", None, 4.0)]
    assert str(paid.total) == "160.00"


def test_nhs4_a_part_timers_plain_hours_expire_at_plain_time_and_the_rest_at_time_and_a_half():
    # given: 22.5 h contract, three 7.5 h days, then two 8 h extra duties taken as TOIL
    tours = [duty(f"2026-03-{d} 08:00", f"2026-03-{d} 16:00", "N1", breaks=30) for d in ("09", "10", "11")]
    extras = [
        duty(f"2026-03-{d} 08:00", f"2026-03-{d} 16:00", "N1", overtime="planned", compensation="toil")
        for d in ("12", "13")
    ]
    result = costed("nhs-afc", [afc(hours="22.5")], [*tours, *extras])

    # when
    paid = value_expired_toil_all("nhs-afc", [afc(hours="22.5")], result.time_off_owed, on=date(2026, 7, 1))

    # then: 16 h of TOIL: 15 h plain (to 37.5 h) and 1 h at x 1.5 = 300.00 + 30.00
    assert owed(result) == [("NHS-4", "toil", None, 8.0), ("NHS-4", "toil", None, 7.0), ("NHS-4", "toil", None, 1.0)]
    assert [str(i.amount) for i in paid.items] == ["160.00", "140.00", "30.00"]
    assert str(paid.total) == "330.00"


def test_nhs4_bands_8_and_9_earn_no_overtime_and_so_no_toil():
    # when
    result = costed("nhs-afc", [afc(band=8)], [nhs_overtime()])

    # then
    assert rows(result) == [] and owed(result) == []


def test_nhs4_toil_across_the_spring_clock_change_is_the_true_length():
    # given: an extra duty 00:00-04:00 on Sun 29 Mar 2026, 3 real hours
    extra = duty("2026-03-29 00:00", "2026-03-29 04:00", "N1", overtime="planned", compensation="toil")

    # when
    result = costed("nhs-afc", [afc()], [extra])

    # then
    assert owed(result) == [("NHS-4", "toil", None, 3.0)]


def test_psc1_below_5_days_notice_is_paid_plus_equal_toil_whatever_the_choice():
    # given: told Tue 10 Mar of Sat 14 Mar (4 days), TOIL asked for
    shift = duty(
        "2026-03-14 08:00",
        "2026-03-14 16:00",
        "S1",
        breaks=30,
        told="2026-03-10",
        rostered_rest_day=True,
        compensation="toil",
    )

    # when
    result = costed("police-staff", [staff()], [shift])

    # then: 7.5 h x 20 x 1.5 paid, 7.5 h TOIL to take by 14 June
    assert rows(result) == [("PSC-1", "rest day worked", 7.5, 1.5, "225.00")]
    assert owed(result) == [("PSC-1", "toil", None, 7.5)]
    assert result.time_off_owed[0].expires_on == date(2026, 6, 14)


def test_psc1_toil_not_taken_within_3_months_is_paid_at_plain_time():
    # given
    shift = duty("2026-03-14 08:00", "2026-03-14 16:00", "S1", breaks=30, told="2026-03-10", rostered_rest_day=True)
    (toil,) = costed("police-staff", [staff()], [shift]).time_off_owed

    # when
    item = value_expired_toil("police-staff", staff(), toil, on=date(2026, 6, 15))

    # then: 7.5 h x 20.00 [C]
    assert (item.rule, float(item.hours), float(item.multiplier), str(item.amount)) == ("PSC-1", 7.5, 1.0, "150.00")


def test_psc1_with_5_days_notice_the_employee_may_take_toil_at_the_overtime_rate():
    # given: told Mon 9 Mar
    shift = duty(
        "2026-03-14 08:00",
        "2026-03-14 16:00",
        "S1",
        breaks=30,
        told="2026-03-09",
        rostered_rest_day=True,
        compensation="toil",
    )

    # when
    result = costed("police-staff", [staff()], [shift])

    # then: 7.5 h x 1.5 = 11.25 h, nothing paid
    assert rows(result) == []
    assert owed(result) == [("PSC-1", "toil", None, 11.25)]


def test_psc2_overtime_as_toil_is_at_time_and_a_half_weekdays_and_double_on_sundays():
    # given
    weekday = duty("2026-03-11 17:00", "2026-03-11 19:00", "S1", overtime="planned", compensation="toil")
    sunday = duty("2026-03-15 10:00", "2026-03-15 14:00", "S1", overtime="planned", compensation="toil")

    # when
    result = costed("police-staff", [staff()], [weekday, sunday])

    # then
    assert owed(result) == [("PSC-2", "toil", None, 3.0), ("PSC-2", "toil", None, 8.0)]


def test_toil_runs_for_3_months_by_the_corresponding_date():
    # then: the last day of the period; a shorter month ends on its last day
    assert add_months(date(2026, 3, 11), 3) == date(2026, 6, 11)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2026, 1, 31), 3) == date(2026, 4, 30)
    assert toil_expires_on("nhs-afc", date(2026, 10, 15)) == date(2027, 1, 15)
    assert toil_expires_on("police-officer", date(2026, 10, 15)) is None


def test_only_toil_can_be_valued_as_expired():
    # given
    rdil = TimeOffOwed("P1", "POL-5", "rdil", days=Decimal(1))

    # when / then
    with pytest.raises(PayInputError) as raised:
        value_expired_toil("nhs-afc", afc(), rdil, on=date(2027, 1, 1))
    assert raised.value.field == "owed.kind"


def test_more_hours_untaken_than_owed_is_bad_input():
    # given
    toil = TimeOffOwed("N1", "NHS-4", "toil", hours=Decimal(2), earned_on=date(2026, 3, 11))

    # when / then
    with pytest.raises(PayInputError) as raised:
        value_expired_toil("nhs-afc", afc(), toil, on=date(2027, 1, 1), untaken_hours=Decimal(3))
    assert raised.value.field == "untaken_hours"


def test_toil_recorded_by_hand_for_nhs_is_paid_at_the_overtime_rate():
    # given: an entry without the multiplier the engine records
    toil = TimeOffOwed("N1", "NHS-4", "toil", hours=Decimal(2), earned_on=date(2026, 3, 11))

    # when
    item = value_expired_toil("nhs-afc", afc(), toil, on=date(2026, 6, 12))

    # then
    assert str(item.amount) == "60.00"


def test_an_unknown_compensation_is_bad_input_naming_the_field():
    # when / then
    with pytest.raises(PayInputError) as raised:
        costed("police-officer", [constable()], [duty("2026-03-09 07:00", "2026-03-09 15:00", compensation="cash")])
    assert raised.value.field == "duties[0].compensation"
