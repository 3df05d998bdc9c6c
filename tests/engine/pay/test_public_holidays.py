"""POL-7 public-holiday working: double time, minimum 4 h, a day in lieu below 8 clear days; POL-4 inspectors."""

from .builders import constable, costed, day, duty, owed, rows

GOOD_FRIDAY = "2026-04-03"


def test_pol7_a_public_holiday_worked_with_8_clear_days_is_double_time_only():
    # given: told Wed 25 Mar of Fri 3 Apr: (3 Apr - 25 Mar) - 1 = 8 clear days
    shift = duty(f"{GOOD_FRIDAY} 07:00", f"{GOOD_FRIDAY} 15:00", told="2026-03-25", public_holiday=True)

    # when
    result = costed("police-officer", [constable()], [shift])

    # then: 8 h x 20.00 x 2
    assert rows(result) == [("POL-7", "public holiday worked", 8.0, 2.0, "320.00")]
    assert owed(result) == []


def test_pol7_fewer_than_8_clear_days_also_owe_a_day_in_lieu():
    # given: told Thu 26 Mar: 7 clear days
    shift = duty(f"{GOOD_FRIDAY} 07:00", f"{GOOD_FRIDAY} 15:00", told="2026-03-26", public_holiday=True)

    # when
    result = costed("police-officer", [constable()], [shift])

    # then
    assert rows(result) == [("POL-7", "public holiday worked", 8.0, 2.0, "320.00")]
    assert owed(result) == [("POL-7", "public_holiday_in_lieu", 1.0, None)]


def test_pol7_a_short_duty_on_a_public_holiday_is_credited_at_least_4_hours():
    # given
    shift = duty(f"{GOOD_FRIDAY} 10:00", f"{GOOD_FRIDAY} 12:00", told="2026-03-01", public_holiday=True)

    # when
    result = costed("police-officer", [constable()], [shift])

    # then: 4 h x 20.00 x 2
    assert rows(result) == [("POL-7", "public holiday worked", 4.0, 2.0, "160.00")]


def test_pol7_public_holidays_can_be_given_as_a_list_of_dates():
    # given: the duty itself is not flagged
    shift = duty(f"{GOOD_FRIDAY} 07:00", f"{GOOD_FRIDAY} 17:00", told="2026-03-01")

    # when
    result = costed("police-officer", [constable()], [shift], public_holidays=[day(GOOD_FRIDAY)])

    # then
    assert rows(result) == [("POL-7", "public holiday worked", 10.0, 2.0, "400.00")]


def test_pol7_without_a_list_only_the_duty_flag_makes_a_public_holiday():
    # given
    shift = duty(f"{GOOD_FRIDAY} 07:00", f"{GOOD_FRIDAY} 15:00", told="2026-03-01")

    # when
    result = costed("police-officer", [constable()], [shift])

    # then
    assert rows(result) == []


def test_pol7_a_public_holiday_on_a_rest_day_is_paid_double_time_not_also_rest_day_working():
    # given
    shift = duty(
        f"{GOOD_FRIDAY} 07:00", f"{GOOD_FRIDAY} 15:00", told="2026-04-01", public_holiday=True, rostered_rest_day=True
    )

    # when
    result = costed("police-officer", [constable()], [shift])

    # then
    assert rows(result) == [("POL-7", "public holiday worked", 8.0, 2.0, "320.00")]
    assert owed(result) == [("POL-7", "public_holiday_in_lieu", 1.0, None)]


def test_pol7_overtime_on_a_public_holiday_is_inside_the_double_time():
    # given: a 10 h duty with 2 h planned overtime on the holiday
    shift = duty(
        f"{GOOD_FRIDAY} 07:00",
        f"{GOOD_FRIDAY} 17:00",
        told="2026-03-01",
        public_holiday=True,
        overtime="planned",
        tour_end=f"{GOOD_FRIDAY} 15:00",
    )

    # when
    result = costed("police-officer", [constable()], [shift])

    # then
    assert rows(result) == [("POL-7", "public holiday worked", 10.0, 2.0, "400.00")]


def test_pol4_pol11_an_inspector_on_a_public_holiday_is_owed_a_day_in_lieu_and_no_premium():
    # given
    shift = duty(f"{GOOD_FRIDAY} 07:00", f"{GOOD_FRIDAY} 15:00", told="2026-04-01", public_holiday=True)

    # when
    result = costed("police-officer", [constable(rank="superintendent")], [shift])

    # then
    assert rows(result) == []
    assert owed(result) == [("POL-4", "public_holiday_in_lieu", 1.0, None)]
