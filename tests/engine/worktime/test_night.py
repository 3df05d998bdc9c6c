"""WTR-6 night work: night workers average 8 h per 24 h; special hazards 8 h in any 24 h; clock changes."""

from datetime import date

import pytest

from muster_engine.worktime import Person

from .builders import at, check, duty, only, period, weekdays, weekly_average

HAZARDOUS = Person("P1", pack="nhs-afc", night_worker=True, special_hazards=True)


def test_a_22_to_07_night_over_the_spring_change_is_8_hours_and_over_the_autumn_change_10():
    # given the two nights of the clock changes in 2026
    spring = duty("2026-03-28 22:00", "2026-03-29 07:00")
    autumn = duty("2026-10-24 22:00", "2026-10-25 07:00")

    # when
    spring_hours = weekly_average([spring], "2026-03-29") * 17
    autumn_hours = weekly_average([autumn], "2026-10-25") * 17

    # then
    assert (spring_hours, autumn_hours) == (pytest.approx(8), pytest.approx(10))


def test_wtr6_special_hazards_spring_night_is_within_8_hours_but_the_autumn_night_is_not():
    # given a night worker with special hazards on both clock-change nights
    duties = [duty("2026-03-28 22:00", "2026-03-29 07:00"), duty("2026-10-24 22:00", "2026-10-25 07:00")]

    # when
    found = only(check(duties, period("2026-03-01", "2026-10-31"), who=HAZARDOUS), "WTR-6")

    # then
    assert [(v.start, v.measured) for v in found] == [(at("2026-10-24 22:00"), 10)]


@pytest.mark.parametrize(("end", "expected"), [("2026-03-11 06:00", []), ("2026-03-11 06:01", [481 / 60])])
def test_wtr6_special_hazards_allow_8_hours_in_any_24(end, expected):
    # given a night of exactly 8 h, or one minute more
    duties = [duty("2026-03-10 22:00", end, 0)]

    # when
    found = only(check(duties, period("2026-03-01", "2026-03-31"), who=HAZARDOUS), "WTR-6")

    # then
    assert [v.measured for v in found] == pytest.approx(expected)


def test_wtr6_special_hazards_counts_a_day_duty_in_the_same_24_hours_as_the_night():
    # given a 6 h night and a 3 h duty that afternoon
    duties = [duty("2026-03-10 23:00", "2026-03-11 05:00"), duty("2026-03-11 17:00", "2026-03-11 20:00")]

    # when
    (found,) = only(check(duties, period("2026-03-01", "2026-03-31"), who=HAZARDOUS), "WTR-6")

    # then
    assert found.measured == 9
    assert found.message == (
        "9 h worked in the 24 h from Tue 10 Mar 23:00, which include night work; a night worker with special hazards "
        "may work at most 8 h in any 24 h (WTR reg 6(7))."
    )


def seventeen_weeks(extra: int = 0) -> list:
    duties = weekdays(date(2026, 1, 5), 17, (0, 1, 2, 3), "19:00", 12 * 60, 20)
    if extra:
        duties[-1] = duty(duties[-1].start, 12 * 60 + 20 + extra, 20)
    return duties


@pytest.mark.parametrize(("extra", "breaches"), [(0, 0), (-1, 0), (1, 1)])
def test_wtr6_night_worker_averages_at_most_8_hours_per_24_over_17_weeks(extra, breaches):
    # given a night worker with 816 h in 119 days: 816 / (119 - 17) = 8 h per 24 h
    worker = Person("P1", pack="nhs-ambulance", night_worker=True)

    # when
    found = only(check(seventeen_weeks(extra), period("2026-05-03"), who=worker), "WTR-6")

    # then
    assert len(found) == breaches
    assert all((v.severity, v.limit, v.unit) == ("breach", 8, "hours per 24 hours") for v in found)


def test_wtr6_night_average_message_shows_the_days_after_weekly_rest():
    # given a night worker with one 12 h night too many
    worker = Person("P1", pack="nhs-ambulance", night_worker=True, wtr_opt_out=True)
    duties = seventeen_weeks() + [duty("2026-05-01 19:00", 12 * 60 + 20, 20)]

    # when
    found = check(duties, period("2026-05-03"), who=worker)

    # then the opt-out silences WTR-1 but never WTR-6
    (night,) = only(found, "WTR-6")
    assert only(found, "WTR-1") == []
    assert night.message == (
        "As a night worker P1 averages 8.1 h per 24 h over the 17 weeks to Sun 3 May 2026 (828 h over 102 days "
        "after weekly rest); the limit is 8 h (WTR reg 6)."
    )


def test_wtr6_night_worker_is_derived_from_mostly_night_duties():
    # given no flag, 11 h nights 20:00-07:00 five days a week (935 h in 17 weeks)
    unflagged = Person("P1", pack="nhs-ambulance", wtr_opt_out=True)
    nights = weekdays(date(2026, 1, 5), 17, (0, 1, 2, 3, 4), "20:00", 11 * 60)
    days = weekdays(date(2026, 1, 5), 17, (0, 1, 2, 3, 4), "07:00", 11 * 60)

    # when
    on_nights = only(check(nights, period("2026-05-03"), who=unflagged), "WTR-6")
    on_days = only(check(days, period("2026-05-03"), who=unflagged), "WTR-6")

    # then
    assert [v.measured for v in on_nights] == [pytest.approx(935 / 102, abs=0.01)]
    assert on_days == []
