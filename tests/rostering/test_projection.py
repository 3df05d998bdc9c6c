import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from rostering.library import library_patterns
from rostering.projection import ShiftTimes, code_on, cycle_index, duty_instants, project, summarise

LONDON = ZoneInfo("Europe/London")


def hours(start: dt.datetime, end: dt.datetime) -> float:
    return (end - start).total_seconds() / 3600


def test_a_night_over_the_spring_clock_change_is_eight_hours():
    # given a 22:00-07:00 night starting on Saturday 28 March 2026 (clocks go forward at 01:00 on Sunday)
    # when its instants are built
    start, end = duty_instants(dt.date(2026, 3, 28), dt.time(22), dt.time(7))
    # then it lasts 8 hours and still shows 22:00 and 07:00 on the local clock
    assert hours(start, end) == 8
    assert (start.astimezone(LONDON).hour, end.astimezone(LONDON).hour) == (22, 7)
    assert end.astimezone(LONDON).utcoffset() == dt.timedelta(hours=1)


def test_a_night_over_the_autumn_clock_change_is_ten_hours():
    start, end = duty_instants(dt.date(2026, 10, 24), dt.time(22), dt.time(7))
    assert hours(start, end) == 10
    assert start.astimezone(LONDON).utcoffset() == dt.timedelta(hours=1)
    assert end.astimezone(LONDON).utcoffset() == dt.timedelta(0)


def test_a_day_shift_away_from_clock_changes_keeps_its_wall_clock_length():
    start, end = duty_instants(dt.date(2026, 7, 1), dt.time(7), dt.time(17))
    assert hours(start, end) == 10
    assert start.astimezone(dt.UTC).hour == 6  # BST


def test_a_shift_starting_in_the_skipped_spring_hour_starts_at_the_real_instant():
    # 01:30 does not exist on 29 March 2026; the duty starts at 02:30 BST (01:30 UTC)
    start, _ = duty_instants(dt.date(2026, 3, 29), dt.time(1, 30), dt.time(9, 30))
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)


def test_projection_counts_the_leap_day_so_the_cycle_position_differs_from_a_common_year():
    # given a 5-week (35-day) cycle anchored on 1 February
    # then 7 March is day 0 again in a leap year (35 days later) but day 34 in a common year
    assert cycle_index(dt.date(2024, 3, 7), dt.date(2024, 2, 1), 0, 35) == 0
    assert cycle_index(dt.date(2023, 3, 7), dt.date(2023, 2, 1), 0, 35) == 34
    assert cycle_index(dt.date(2024, 2, 29), dt.date(2024, 2, 1), 0, 35) == 28


def test_an_offset_moves_a_team_forward_through_the_cycle_and_dates_before_the_anchor_wrap_round():
    days = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N"]
    anchor = dt.date(2026, 1, 5)
    assert code_on(days, anchor, anchor, offset_days=7) == "H"
    assert code_on(days, anchor - dt.timedelta(days=1), anchor, offset_days=0) == "N"
    assert code_on(days, anchor + dt.timedelta(days=15), anchor, offset_days=-1) == "A"


def test_projection_is_the_same_across_a_clock_change_weekend():
    days = ["E", "L", "N", "", "", "", ""]
    got = project(days, dt.date(2026, 3, 23), 0, dt.date(2026, 3, 28), dt.date(2026, 3, 31))
    assert [c for _, c in got] == ["", "", "E", "L"]


def test_the_police_library_pattern_covers_every_shift_every_day_with_five_teams():
    # given the 5-team 10-hour police pattern
    pattern = next(p for p in library_patterns() if p.code == "police-5-team-10h")
    types = {t.code: t.times() for t in pattern.shift_types}
    # when summarised
    summary = summarise(pattern.days, types, pattern.teams)
    # then it averages 40.6 h a week and there is never an hour of the week without someone on duty
    assert summary.hours_per_week == pytest.approx(40.6)
    assert summary.shifts_per_cycle == 21
    assert summary.coverage_min >= 1
    assert summary.nights_per_cycle == 7
    assert summary.weekends_worked == 5 and summary.weekends_in_cycle == 5


def test_the_four_on_four_off_pattern_has_one_team_on_at_every_hour():
    pattern = next(p for p in library_patterns() if p.code == "four-on-four-off-12h")
    summary = summarise(pattern.days, {t.code: t.times() for t in pattern.shift_types}, pattern.teams)
    assert len(pattern.days) == 56
    assert summary.coverage_min == summary.coverage_max == 1
    assert summary.hours_per_week == pytest.approx(38.5)


def test_every_library_pattern_is_valid_and_up_to_twelve_weeks():
    patterns = library_patterns()
    assert {p.code for p in patterns} >= {"police-5-team-10h", "four-on-four-off-12h", "panama-2-2-3-12h",
                                         "nhs-111-6-week"}
    for p in patterns:
        assert 1 <= p.weeks <= 12 and len(p.days) == p.weeks * 7


def test_the_111_pattern_gives_thirty_seven_and_a_half_hours():
    pattern = next(p for p in library_patterns() if p.code == "nhs-111-6-week")
    summary = summarise(pattern.days, {t.code: t.times() for t in pattern.shift_types}, pattern.teams)
    assert summary.hours_per_week == pytest.approx(37.5)
    assert summary.coverage_min >= 1


def test_wall_minutes_of_a_midnight_crossing_shift():
    assert ShiftTimes("N", dt.time(22), dt.time(7)).wall_minutes == 540
