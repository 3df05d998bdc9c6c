"""PSC-1 rest-day working with TOIL below 5 days' notice; PSC-2 overtime x 1.5 weekdays and Saturdays, x 2
Sundays and public holidays."""

from .builders import costed, day, duty, owed, rows, staff


def test_psc2_weekday_overtime_is_time_and_a_half():
    # given
    shift = duty(
        "2026-03-11 09:00", "2026-03-11 19:00", "S1", breaks=30, overtime="planned", tour_end="2026-03-11 17:00"
    )

    # when
    result = costed("police-staff", [staff()], [shift])

    # then: 2 h x 20.00 x 1.5 (the unpaid break belongs to the tour)
    assert rows(result) == [("PSC-2", "overtime", 2.0, 1.5, "60.00")]


def test_psc2_saturday_overtime_is_time_and_a_half_and_sunday_double_time():
    # given
    saturday = duty("2026-03-14 10:00", "2026-03-14 14:00", "S1", overtime="planned")
    sunday = duty("2026-03-15 10:00", "2026-03-15 14:00", "S1", overtime="planned")

    # when
    result = costed("police-staff", [staff()], [saturday, sunday])

    # then
    assert rows(result) == [
        ("PSC-2", "overtime", 4.0, 1.5, "120.00"),
        ("PSC-2", "overtime (Sunday or public holiday)", 4.0, 2.0, "160.00"),
    ]


def test_psc2_overtime_across_saturday_midnight_is_split_per_minute():
    # when
    result = costed("police-staff", [staff()], [duty("2026-03-14 22:00", "2026-03-15 02:00", "S1", overtime="casual")])

    # then
    assert rows(result) == [
        ("PSC-2", "overtime", 2.0, 1.5, "60.00"),
        ("PSC-2", "overtime (Sunday or public holiday)", 2.0, 2.0, "80.00"),
    ]


def test_psc2_public_holiday_overtime_is_double_time():
    # given: Easter Monday from the public holiday list
    shift = duty("2026-04-06 08:00", "2026-04-06 12:00", "S1", overtime="planned")

    # when
    result = costed("police-staff", [staff()], [shift], public_holidays=[day("2026-04-06")])

    # then
    assert rows(result) == [("PSC-2", "overtime (Sunday or public holiday)", 4.0, 2.0, "160.00")]


def test_psc2_an_unpaid_break_in_an_extra_duty_is_not_paid():
    # given: 8 h 30 min with a 30 min unpaid break on a Wednesday
    shift = duty("2026-03-11 08:00", "2026-03-11 16:30", "S1", breaks=30, overtime="planned")

    # when
    result = costed("police-staff", [staff()], [shift])

    # then
    assert rows(result) == [("PSC-2", "overtime", 8.0, 1.5, "240.00")]


def test_psc1_a_rest_day_worked_with_less_than_5_days_notice_is_overtime_plus_equal_toil():
    # given: told Tue 10 Mar of Sat 14 Mar: 4 days
    shift = duty("2026-03-14 08:00", "2026-03-14 16:00", "S1", breaks=30, told="2026-03-10", rostered_rest_day=True)

    # when
    result = costed("police-staff", [staff()], [shift])

    # then: 7.5 h x 20 x 1.5, and 7.5 h TOIL
    assert rows(result) == [("PSC-1", "rest day worked", 7.5, 1.5, "225.00")]
    assert owed(result) == [("PSC-1", "toil", None, 7.5)]


def test_psc1_a_rest_day_worked_with_5_days_notice_is_overtime_only():
    # given: told Mon 9 Mar
    shift = duty("2026-03-14 08:00", "2026-03-14 16:00", "S1", breaks=30, told="2026-03-09", rostered_rest_day=True)

    # when
    result = costed("police-staff", [staff()], [shift])

    # then
    assert rows(result) == [("PSC-1", "rest day worked", 7.5, 1.5, "225.00")]
    assert owed(result) == []


def test_psc1_a_sunday_rest_day_is_paid_double_time():
    # given
    shift = duty("2026-03-15 08:00", "2026-03-15 12:00", "S1", told="2026-03-01", rostered_rest_day=True)

    # when
    result = costed("police-staff", [staff()], [shift])

    # then
    assert rows(result) == [("PSC-1", "rest day worked (Sunday or public holiday)", 4.0, 2.0, "160.00")]


def test_psc_a_rostered_duty_earns_nothing_extra():
    # when
    result = costed("police-staff", [staff()], [duty("2026-03-15 22:00", "2026-03-16 06:00", "S1")])

    # then: staff unsocial-hours allowances are local settings, none by default
    assert rows(result) == []
