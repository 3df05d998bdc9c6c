"""The Europe/London clock of the engine: offsets, local midnights, wall-time conversion, formatting."""

from datetime import date

import numpy as np

from muster_engine.worktime.clock import LocalClock, day_number, fmt_duration, fmt_instant, to_minutes

from .builders import at


def test_the_offset_table_finds_both_2026_clock_changes_to_the_minute():
    # when
    clock = LocalClock.build(day_number(date(2026, 1, 1)), day_number(date(2026, 12, 31)))

    # then
    changes = [int(m) for m in clock.transitions[1:]]
    assert changes == [to_minutes(at("2026-03-29 02:00")), to_minutes(at("2026-10-25 01:00")) + 60]
    assert list(clock.offsets) == [0, 60, 0]


def test_local_midnights_of_the_change_days_are_23_and_25_hours_apart():
    # given
    clock = LocalClock.build(day_number(date(2026, 1, 1)), day_number(date(2026, 12, 31)))
    days = np.array(
        [day_number(date(2026, 3, d)) for d in (28, 29, 30)] + [day_number(date(2026, 10, d)) for d in (24, 25, 26)]
    )

    # when
    midnights = clock.midnight(days)

    # then
    assert list(np.diff(midnights)[[0, 1, 3, 4]]) == [1440, 1380, 1440, 1500]


def test_wall_times_in_the_gap_and_the_fold_follow_python_fold_0():
    # given
    clock = LocalClock.build(day_number(date(2026, 1, 1)), day_number(date(2026, 12, 31)))
    spring_gap = day_number(date(2026, 3, 29)) * 1440 + 90  # 01:30 does not exist
    autumn_fold = day_number(date(2026, 10, 25)) * 1440 + 90  # 01:30 happens twice

    # when
    utc = clock.to_utc(np.array([spring_gap, autumn_fold]))

    # then
    assert list(utc) == [to_minutes(at("2026-03-29 01:30")), to_minutes(at("2026-10-25 01:30"))]
    assert to_minutes(at("2026-10-25 01:30")) == day_number(date(2026, 10, 25)) * 1440 + 30  # BST, the first


def test_planner_formats():
    assert [fmt_duration(m) for m in (570, 660, 45, 0, 61)] == ["9 h 30 min", "11 h", "45 min", "0 min", "1 h 1 min"]
    assert fmt_instant(at("2026-03-28 07:00")) == "Sat 28 Mar 07:00"
