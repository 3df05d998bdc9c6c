"""WTR-8 young workers: under 18 on the duty date."""

from datetime import date

import pytest

from muster_engine.worktime import Person

from .builders import at, check, duty, only, period, weekdays

YOUNG = Person("P1", pack="nhs-afc", birth_date=date(2009, 3, 10))  # 18 on Wed 10 Mar 2027
MARCH = period("2026-03-01", "2026-03-31")


@pytest.mark.parametrize(("work", "breaches"), [(480, 0), (479, 0), (481, 1)])
def test_wtr8_young_worker_works_at_most_8_hours_a_day(work, breaches):
    # given a duty with a 30 min break
    duties = [duty("2026-03-10 09:00", work + 30, 30)]

    # when
    found = only(check(duties, MARCH, who=YOUNG), "WTR-8")

    # then
    assert len(found) == breaches
    assert all(v.limit == 8 and v.start == at("2026-03-10 00:00") for v in found)


def test_wtr8_daily_limit_adds_up_two_duties_on_the_same_day():
    # given 5 h and 4 h on one day
    duties = [duty("2026-03-10 06:00", "2026-03-10 11:00", 30), duty("2026-03-10 16:00", "2026-03-10 20:00")]

    # when
    (found,) = only(check(duties, MARCH, who=YOUNG), "WTR-8")

    # then
    assert found.measured == 8.5
    assert found.message == (
        "8 h 30 min worked on Tue 10 Mar 2026 by a young worker; the limit is 8 h a day with no averaging (WTR reg 5A)."
    )


@pytest.mark.parametrize(("extra", "breaches"), [(0, 0), (1, 1)])
def test_wtr8_young_worker_works_at_most_40_hours_a_week(extra, breaches):
    # given five 8 h days Monday to Friday
    duties = weekdays(date(2026, 3, 9), 1, (0, 1, 2, 3, 4), "09:00", 8 * 60, 30)
    duties.append(duty("2026-03-15 09:00", extra)) if extra else None

    # when
    found = [v for v in only(check(duties, MARCH, who=YOUNG), "WTR-8") if v.unit == "hours" and v.limit == 40]

    # then
    assert len(found) == breaches


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [("14:00", "22:00", 0), ("14:01", "22:01", 1), ("06:00", "14:00", 0), ("05:59", "13:59", 1)],
)
def test_wtr8_no_work_between_22_and_06(start, end, minutes):
    # given
    duties = [duty(f"2026-03-10 {start}", f"2026-03-10 {end}", 30)]

    # when
    found = [v for v in only(check(duties, MARCH, who=YOUNG), "WTR-8") if v.limit == 0]

    # then
    assert [round(v.measured * 60) for v in found] == ([minutes] if minutes else [])


def test_wtr8_stops_on_the_18th_birthday():
    # given 9 h duties on the day before and on the 18th birthday
    duties = [duty("2027-03-09 08:00", 9 * 60 + 30, 30), duty("2027-03-10 08:00", 9 * 60 + 30, 30)]

    # when
    found = only(check(duties, period("2027-03-01", "2027-03-31"), who=YOUNG), "WTR-8")

    # then
    assert [v.start.date() for v in found] == [date(2027, 3, 9)]


def test_wtr8_someone_born_on_29_february_comes_of_age_on_1_march():
    # given a leap-day birthday, 18 in 2030 (not a leap year)
    leapling = Person("P1", pack="nhs-afc", birth_date=date(2012, 2, 29))
    duties = [duty("2030-02-28 08:00", 9 * 60 + 30, 30), duty("2030-03-01 08:00", 9 * 60 + 30, 30)]

    # when
    found = only(check(duties, period("2030-02-01", "2030-03-31"), who=leapling), "WTR-8")

    # then
    assert [v.start.date() for v in found] == [date(2030, 2, 28)]


def test_wtr8_young_worker_shift_on_the_leap_day_is_checked():
    # given a 16-year-old working 9 h on Tue 29 Feb 2028
    young = Person("P1", pack="nhs-afc", birth_date=date(2012, 1, 1))

    # when
    found = only(check([duty("2028-02-29 08:00", 9 * 60 + 30, 30)], period("2028-02-29"), who=young), "WTR-8")

    # then
    assert [v.start for v in found] == [at("2028-02-29 00:00")]


def test_wtr8_young_night_is_local_time_in_summer_too():
    # given a 06:00-14:00 BST early and a 14:00-22:01 BST late in July
    duties = [duty("2026-07-06 06:00", "2026-07-06 14:00", 30), duty("2026-07-08 14:00", "2026-07-08 22:01", 30)]

    # when
    found = [v for v in only(check(duties, period("2026-07-01", "2026-07-31"), who=YOUNG), "WTR-8") if v.limit == 0]

    # then only the last minute of the late is at night
    assert [(v.start, round(v.measured * 60)) for v in found] == [(at("2026-07-08 14:00"), 1)]
