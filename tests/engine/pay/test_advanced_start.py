"""POL-10 advancing a start time: with less than 8 h notice, on a police day already worked, the time before the
original start is overtime at time and a third in completed 15-min units (POL-8)."""

from datetime import date

import pytest

from muster_engine.pay import PayInputError, shipped_pay_rules

from .builders import at, constable, costed, duty, owed, rows

PREMIA = ("POL-5", "POL-8", "POL-10")  # POL-14 unsocial hours have their own tests
EARLY_TOUR = duty("2026-03-09 07:00", "2026-03-09 15:00")


def night_advanced(new_start: str, told: str | None = "2026-03-09 16:00", **flags):
    """Mon 9 Mar night tour rostered 22:00-06:00, brought forward to `new_start` (local time on the 9th)."""
    return duty(
        f"2026-03-09 {new_start}", "2026-03-10 06:00", told=told, original_start=at("2026-03-09 22:00"), **flags
    )


def police_day_from(hour: int):
    """The force's police day starting at `hour` (C-2 [C])."""
    return shipped_pay_rules().replace("police-officer", date(2026, 3, 1), force_day_start_minutes=hour * 60)


def test_pol10_a_start_advanced_without_due_notice_on_a_day_already_worked_is_time_and_a_third():
    # given: after the early tour, told at 16:00 to start the night at 20:00 instead of 22:00 (4 h notice)
    # when
    result = costed("police-officer", [constable()], [EARLY_TOUR, night_advanced("20:00")])

    # then: 2 h x 20.00 x 4/3
    assert rows(result, *PREMIA) == [("POL-10", "start advanced without due notice", 2.0, 1.3333, "53.33")]


@pytest.mark.parametrize(("told", "amount"), [("2026-03-09 12:00", None), ("2026-03-09 12:01", "53.33")])
def test_pol10_due_notice_is_8_hours_before_the_new_start(told, amount):
    # when
    result = costed("police-officer", [constable()], [EARLY_TOUR, night_advanced("20:00", told)])

    # then: told exactly 8 h before is due notice; a minute later is not
    assert [r[4] for r in rows(result, *PREMIA)] == ([] if amount is None else [amount])


def test_pol10_an_unrecorded_notice_counts_as_short():
    # when
    result = costed("police-officer", [constable()], [EARLY_TOUR, night_advanced("20:00", told=None)])

    # then
    assert [r[4] for r in rows(result, *PREMIA)] == ["53.33"]


def test_pol10_the_advance_is_counted_in_completed_15_minute_units():
    # when: advanced by 1 h 59 min
    result = costed("police-officer", [constable(rate="18.27")], [EARLY_TOUR, night_advanced("20:01")])

    # then: 1 h 45 min x 18.27 x 4/3 = 42.63
    assert rows(result, *PREMIA) == [("POL-10", "start advanced without due notice", 1.75, 1.3333, "42.63")]


def test_pol10_no_overtime_when_the_new_start_is_on_a_police_day_not_yet_worked():
    # given: Tue 07:00 tour brought forward to 05:00; the police day starts at 00:00, so Tuesday is not yet worked
    advanced = duty(
        "2026-03-10 05:00", "2026-03-10 15:00", told="2026-03-10 01:00", original_start=at("2026-03-10 07:00")
    )

    # when / then
    assert rows(costed("police-officer", [constable()], [EARLY_TOUR, advanced]), *PREMIA) == []


def test_pol10_with_a_police_day_from_07_00_an_early_start_straddles_the_day_already_worked():
    # given: the same advance where the police day runs 07:00 to 07:00 [C]
    advanced = duty(
        "2026-03-10 05:00", "2026-03-10 15:00", told="2026-03-10 01:00", original_start=at("2026-03-10 07:00")
    )

    # when
    result = costed("police-officer", [constable()], [EARLY_TOUR, advanced], rules=police_day_from(7))

    # then: 05:00-07:00 is overtime
    assert rows(result, *PREMIA) == [("POL-10", "start advanced without due notice", 2.0, 1.3333, "53.33")]


def test_pol10_the_advance_and_the_time_past_the_tours_length_are_both_overtime():
    # given: police day from 06:00; Mon 09:00-17:00 done; Tue 09:00 tour advanced to 04:00 (told 21:00), worked to
    # 14:00: the 8 h tour ends at 12:00, so 12:00-14:00 is planned overtime too
    monday = duty("2026-03-09 09:00", "2026-03-09 17:00")
    tuesday = duty(
        "2026-03-10 04:00",
        "2026-03-10 14:00",
        told="2026-03-09 21:00",
        original_start=at("2026-03-10 09:00"),
        overtime="planned",
        tour_end="2026-03-10 12:00",
    )

    # when
    result = costed("police-officer", [constable()], [monday, tuesday], rules=police_day_from(6))

    # then: 5 h x 4/3 and 2 h x 4/3
    assert rows(result, *PREMIA) == [
        ("POL-10", "start advanced without due notice", 5.0, 1.3333, "133.33"),
        ("POL-8", "planned overtime", 2.0, 1.3333, "53.33"),
    ]
    # and the advanced time is part of the tour (reg 25): its 04:00-06:00 earns POL-14 unsocial hours
    assert rows(result, "POL-14") == [("POL-14", "unsocial hours allowance", 2.0, 0.1, "4.00")]
    assert str(result.total) == "190.66"


def test_pol10_across_the_spring_clock_change_the_advance_is_its_true_length():
    # given: police day from 07:00; Sat 28 Mar 07:00-15:00 done; the night rostered from 03:00 Sun (BST) brought
    # forward to 00:30 (GMT): 1 h 30 min of real time
    saturday = duty("2026-03-28 07:00", "2026-03-28 15:00")
    night = duty("2026-03-29 00:30", "2026-03-29 11:00", told="2026-03-28 20:00", original_start=at("2026-03-29 03:00"))

    # when
    result = costed("police-officer", [constable()], [saturday, night], rules=police_day_from(7))

    # then: 1.5 h x 20 x 4/3 = 40.00
    assert rows(result, *PREMIA) == [("POL-10", "start advanced without due notice", 1.5, 1.3333, "40.00")]


def test_pol10_toil_is_in_pol8_units_with_the_bonus_unit():
    # when
    result = costed("police-officer", [constable()], [EARLY_TOUR, night_advanced("20:00", compensation="toil")])

    # then: 8 units + 2 bonus
    assert rows(result, *PREMIA) == []
    assert owed(result) == [("POL-10", "toil", None, 2.5)]


def test_pol10_pol11_inspectors_get_no_overtime_for_an_advance():
    # when
    result = costed("police-officer", [constable(rank="inspector")], [EARLY_TOUR, night_advanced("20:00")])

    # then
    assert rows(result, *PREMIA) == []


def test_pol10_an_advance_into_a_rest_day_is_rest_day_working_instead():
    # given: Sat 14 Mar 07:00-15:00 done; the rest-day duty rostered from 18:00 brought forward to 16:00
    saturday = duty("2026-03-14 07:00", "2026-03-14 12:00")
    rest_day = duty(
        "2026-03-15 05:00",
        "2026-03-15 13:00",
        told="2026-03-15 01:00",
        original_start=at("2026-03-15 07:00"),
        rostered_rest_day=True,
    )

    # when
    result = costed("police-officer", [constable()], [saturday, rest_day], rules=police_day_from(7))

    # then: POL-5 only
    assert [r[0] for r in rows(result, *PREMIA)] == ["POL-5"]


def test_pol10_an_original_start_not_after_the_start_is_bad_input():
    # when / then
    shift = duty("2026-03-09 22:00", "2026-03-10 06:00", original_start=at("2026-03-09 21:00"))
    with pytest.raises(PayInputError) as raised:
        costed("police-officer", [constable()], [shift])
    assert raised.value.field == "duties[0].original_start"
