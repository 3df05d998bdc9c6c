"""POL-5 rest-day working by clear days (C-3), the run-on into a rest day, and POL-4/POL-11 for inspectors."""

from .builders import at, constable, costed, day, duty, owed, rows


def test_pol5_a_rest_day_worked_at_short_notice_is_paid_at_time_and_a_half():
    # given: told on Tue 10 Mar of a duty on Sat 14 Mar: 3 clear days
    shift = duty("2026-03-14 07:00", "2026-03-14 15:00", told="2026-03-10", rostered_rest_day=True)

    # when
    result = costed("police-officer", [constable()], [shift])

    # then
    assert rows(result) == [("POL-5", "rest day worked", 8.0, 1.5, "240.00")]
    assert owed(result) == []
    assert str(result.total) == "240.00"


def test_pol5_a_short_rest_day_duty_is_credited_at_least_4_hours():
    # given
    shift = duty("2026-03-14 10:00", "2026-03-14 12:30", told="2026-03-13", rostered_rest_day=True)

    # when
    result = costed("police-officer", [constable()], [shift])

    # then: 4 h x 20.00 x 1.5
    assert rows(result) == [("POL-5", "rest day worked", 4.0, 1.5, "120.00")]


def test_pol5_15_clear_days_owe_a_rest_day_in_lieu_and_no_payment():
    # given: duty Fri 20 Mar, told Wed 4 Mar: (20 - 4) - 1 = 15 clear days
    shift = duty("2026-03-20 07:00", "2026-03-20 15:00", told="2026-03-04", rostered_rest_day=True)

    # when
    result = costed("police-officer", [constable()], [shift])

    # then
    assert rows(result) == []
    assert owed(result) == [("POL-5", "rdil", 1.0, None)]


def test_pol5_14_clear_days_are_still_paid():
    # given: told Thu 5 Mar: 14 clear days
    shift = duty("2026-03-20 07:00", "2026-03-20 15:00", told="2026-03-05 23:59", rostered_rest_day=True)

    # when
    result = costed("police-officer", [constable()], [shift])

    # then
    assert rows(result) == [("POL-5", "rest day worked", 8.0, 1.5, "240.00")]
    assert owed(result) == []


def test_pol5_a_rest_day_can_come_from_the_rest_days_list_instead_of_the_duty_flag():
    # given
    shift = duty("2026-03-14 07:00", "2026-03-14 17:00", told="2026-03-12")

    # when
    result = costed("police-officer", [constable()], [shift], rest_days=[("P1", day("2026-03-14"))])

    # then: 10 h x 20 x 1.5
    assert rows(result) == [("POL-5", "rest day worked", 10.0, 1.5, "300.00")]


def test_pol5_an_unrecorded_notice_is_costed_as_short_notice():
    # given
    shift = duty("2026-03-14 07:00", "2026-03-14 15:00", rostered_rest_day=True)

    # when
    result = costed("police-officer", [constable()], [shift])

    # then
    assert [r[0] for r in rows(result)] == ["POL-5"]


def test_pol5_refreshment_breaks_are_paid_so_they_count_as_hours_worked():
    # given: 8 h with a 45 min refreshment break
    shift = duty("2026-03-14 07:00", "2026-03-14 15:00", breaks=45, told="2026-03-13", rostered_rest_day=True)

    # when
    result = costed("police-officer", [constable()], [shift])

    # then
    assert rows(result)[0][2:] == (8.0, 1.5, "240.00")


def test_pol5_a_run_on_of_up_to_an_hour_into_a_rest_day_is_paid_in_completed_15_minute_units():
    # given: a late tour to 23:00 Fri, casual overtime to 00:50 Sat, a rest day
    shift = duty("2026-03-13 15:00", "2026-03-14 00:50", overtime="casual", tour_end="2026-03-13 23:00")

    # when
    result = costed("police-officer", [constable()], [shift], rest_days=[("P1", day("2026-03-14"))])

    # then: 50 min on the rest day -> 45 min x 1.5; the 60 min before midnight is POL-8 (less the 30 min
    # casual disregard: 30 min x 4/3)
    assert rows(result, "POL-5", "POL-8") == [
        ("POL-5", "run-on into a rest day", 0.75, 1.5, "22.50"),
        ("POL-8", "casual overtime", 0.5, 1.3333, "13.33"),
    ]


def test_pol5_a_run_on_of_more_than_an_hour_is_credited_at_least_4_hours():
    # given: 90 min into the rest day
    shift = duty("2026-03-13 15:00", "2026-03-14 01:30", overtime="casual", tour_end="2026-03-13 23:00")

    # when
    result = costed("police-officer", [constable()], [shift], rest_days=[("P1", day("2026-03-14"))])

    # then
    assert rows(result, "POL-5") == [("POL-5", "run-on into a rest day", 4.0, 1.5, "120.00")]


def test_pol5_a_duty_flagged_on_a_rest_day_with_a_tour_end_is_read_as_a_run_on():
    # given: the run-on duty itself carries rostered_rest_day
    shift = duty(
        "2026-03-13 15:00",
        "2026-03-14 00:30",
        overtime="casual",
        tour_end="2026-03-13 23:00",
        rostered_rest_day=True,
    )

    # when
    result = costed("police-officer", [constable()], [shift])

    # then: 30 min on Saturday in units x 1.5 = 15.00; Friday's hour is overtime
    assert rows(result, "POL-5") == [("POL-5", "run-on into a rest day", 0.5, 1.5, "15.00")]


def test_pol5_across_the_march_clock_change_a_night_on_a_rest_day_is_its_true_8_hours():
    # given: Sat 28 Mar 22:00 GMT to Sun 29 Mar 07:00 BST is 8 h, not 9 (no POL-14 on premium time)
    shift = duty("2026-03-28 22:00", "2026-03-29 07:00", told="2026-03-26", rostered_rest_day=True)

    # when
    result = costed("police-officer", [constable()], [shift])

    # then
    assert rows(result) == [("POL-5", "rest day worked", 8.0, 1.5, "240.00")]


def test_pol5_across_the_october_clock_change_a_night_on_a_rest_day_is_its_true_10_hours():
    # given: Sat 24 Oct 22:00 BST to Sun 25 Oct 07:00 GMT is 10 h
    shift = duty("2026-10-24 22:00", "2026-10-25 07:00", told="2026-10-22", rostered_rest_day=True)

    # when
    result = costed("police-officer", [constable()], [shift])

    # then
    assert rows(result) == [("POL-5", "rest day worked", 10.0, 1.5, "300.00")]
    assert result.items[0].start == at("2026-10-24 22:00")


def test_pol4_pol11_an_inspector_working_a_rest_day_is_owed_a_day_in_lieu_and_no_premium():
    # given
    shift = duty("2026-03-14 07:00", "2026-03-14 15:00", told="2026-03-13", rostered_rest_day=True)

    # when
    result = costed("police-officer", [constable(rank="inspector")], [shift])

    # then
    assert rows(result) == []
    assert owed(result) == [("POL-4", "rdil", 1.0, None)]


def test_pol11_a_chief_inspector_rank_is_read_whatever_its_spelling():
    # given
    shift = duty("2026-03-14 07:00", "2026-03-14 15:00", told="2026-03-13", rostered_rest_day=True)

    # when
    result = costed("police-officer", [constable(rank="Chief Inspector")], [shift])

    # then
    assert owed(result) == [("POL-4", "rdil", 1.0, None)]


def test_pol5_a_part_time_constable_still_gets_the_rest_day_premium():
    # given: POL-12 keeps rest-day premia for part-timers
    from decimal import Decimal

    shift = duty("2026-03-14 07:00", "2026-03-14 13:00", told="2026-03-13", rostered_rest_day=True)

    # when
    result = costed("police-officer", [constable(hours_per_week=Decimal(24))], [shift])

    # then
    assert rows(result) == [("POL-5", "rest day worked", 6.0, 1.5, "180.00")]
