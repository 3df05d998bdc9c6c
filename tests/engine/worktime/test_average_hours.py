"""WTR-1 / NHS-7 rolling 17-week average ((A + B) / C), WTR-2 opt-outs."""

from datetime import date, timedelta

import pytest

from muster_engine.worktime import Abstraction, Person, RestDay, Timelines, average_weekly_hours, shipped_packs

from .builders import at, check, duty, only, period, weekdays, weekly_average

WINDOW_START = date(2026, 1, 5)  # Monday; 17 weeks later is Sun 3 May 2026
LAST_DAY = period("2026-05-03")


def seventeen_weeks(extra_minutes: int = 0, weeks: int = 17, first: date = WINDOW_START) -> list:
    """12 h of work (07:00-19:20 with a 20 min unpaid break) Monday to Thursday: exactly 48 h a week."""
    duties = weekdays(first, weeks, (0, 1, 2, 3), "07:00", 12 * 60, 20)
    if extra_minutes:
        last = duties[-1]
        duties[-1] = duty(last.start, 12 * 60 + 20 + extra_minutes, 20)
    return duties


@pytest.mark.parametrize(("extra", "breaches"), [(0, 0), (-1, 0), (1, 1)])
def test_wtr1_average_of_exactly_48_hours_passes_and_one_minute_more_is_a_breach(extra, breaches):
    # given 17 weeks of 4 x 12 h (816 h), give or take a minute
    duties = seventeen_weeks(extra)

    # when
    found = only(check(duties, LAST_DAY), "WTR-1")

    # then
    assert len(found) == breaches
    assert weekly_average(duties, "2026-05-03") == pytest.approx(48 + extra / 60 / 17)


def test_wtr1_breach_names_the_window_and_cites_nhs7_for_afc():
    # given one 12 h duty more than 48 h a week
    duties = seventeen_weeks() + [duty("2026-05-01 07:00", 12 * 60 + 20, 20)]

    # when
    (found,) = only(check(duties, LAST_DAY, pack="nhs-afc"), "WTR-1")

    # then
    assert (found.severity, found.measured, found.limit, found.unit) == ("breach", 48.71, 48, "hours per week")
    assert (found.start, found.end) == (at("2026-01-05 00:00"), at("2026-05-04 00:00"))
    assert found.message == (
        "Average working week of 48.7 h over the 17 weeks to Sun 3 May 2026 is over the 48 h limit (WTR reg 4; NHS-7)."
    )


def test_wtr1_days_in_a_row_over_the_limit_are_one_violation():
    # given an extra duty on Fri 1 May: the windows ending 1, 2 and 3 May are all over 48 h
    duties = seventeen_weeks() + [duty("2026-05-01 07:00", 12 * 60 + 20, 20)]

    # when
    found = only(check(duties, period("2026-04-27", "2026-05-03"), pack="police-staff"), "WTR-1")

    # then
    assert len(found) == 1
    assert found[0].message.endswith("(WTR reg 4); over the limit on 3 days, Fri 1 May 2026 to Sun 3 May 2026.")


def leave_week(kind: str, last: str = "2026-04-17") -> Abstraction:
    return Abstraction("P1", kind, date(2026, 4, 13), date.fromisoformat(last))


def with_a_week_of_leave() -> list:
    """The 17 weeks without the week of 13 April, and the same pattern on after the window."""
    duties = [d for d in seventeen_weeks() if not date(2026, 4, 13) <= d.start.date() <= date(2026, 4, 19)]
    return duties + weekdays(date(2026, 5, 4), 2, (0, 1, 2, 3), "07:00", 12 * 60, 20)


def test_wtr1_annual_leave_is_excluded_and_made_good_from_the_first_working_days_after_the_window():
    # given a week of annual leave (5 excluded days) in the window: A = 768 h
    duties = with_a_week_of_leave()

    # when
    (found,) = only(check(duties, LAST_DAY, abstractions=[leave_week("annual_leave")]), "WTR-1")

    # then B = the 5 working days after the window (4-7 May and 11 May) = 60 h; (768 + 60) / 17
    assert found.measured == 48.71
    assert "5 excluded days of leave or sickness made good from the days after" in found.message


def test_wtr1_sickness_is_excluded_like_leave():
    # given
    duties = with_a_week_of_leave()

    # when
    average = weekly_average(duties, "2026-05-03", abstractions=[leave_week("sickness")])

    # then
    assert average == pytest.approx((768 + 60) / 17)


def test_wtr1_other_abstractions_are_not_excluded_days():
    # given a week of training away (not an excluded type)
    duties = with_a_week_of_leave()

    # when
    found = check(duties, LAST_DAY, abstractions=[leave_week("training")])

    # then the week counts as zero: 768 / 17 = 45.2 h
    assert only(found, "WTR-1") == []
    assert weekly_average(duties, "2026-05-03", abstractions=[leave_week("training")]) == pytest.approx(768 / 17)


def test_wtr1_rostered_rest_days_inside_leave_are_not_excluded_days():
    # given leave Monday to Sunday whose Friday to Sunday are rostered rest days
    duties = with_a_week_of_leave()
    rest = [RestDay("P1", date(2026, 4, d)) for d in (17, 18, 19)]

    # when
    found = check(duties, LAST_DAY, abstractions=[leave_week("annual_leave", "2026-04-19")], rest_days=rest)

    # then 4 excluded days, made good by 4 x 12 h: exactly 48 h
    assert only(found, "WTR-1") == []


def test_wtr1_person_employed_less_than_17_weeks_is_averaged_over_the_weeks_since_they_started():
    # given someone who started on Mon 6 Apr and has worked 4 weeks of 48 h
    starter = Person("P1", pack="nhs-afc", employed_from=date(2026, 4, 6))
    duties = seventeen_weeks(weeks=4, first=date(2026, 4, 6))
    over = seventeen_weeks(1, weeks=4, first=date(2026, 4, 6))

    # when
    ok = only(check(duties, LAST_DAY, who=starter), "WTR-1")
    (found,) = only(check(over, LAST_DAY, who=starter), "WTR-1")

    # then
    assert ok == []
    assert "over the 4 weeks to Sun 3 May 2026" in found.message
    assert found.start == at("2026-04-06 00:00")


def sixty_hour_weeks() -> list:
    return weekdays(WINDOW_START, 17, (0, 1, 2, 3, 4), "07:00", 12 * 60, 20)


def test_wtr1_opt_out_suspends_the_breach_but_the_average_is_still_reported():
    # given someone working 60 h a week with an opt-out
    opted = Person("P1", pack="police-staff", wtr_opt_out=True)
    duties = sixty_hour_weeks()

    # when
    found = check(duties, LAST_DAY, who=opted)
    average = weekly_average(duties, "2026-05-03", who=opted)
    without = only(check(duties, LAST_DAY, pack="police-staff"), "WTR-1")

    # then
    assert only(found, "WTR-1") == []
    assert average == pytest.approx(60)
    assert [v.measured for v in without] == [60]


def test_wtr2_young_worker_opt_out_is_not_valid_and_wtr1_still_applies():
    # given a 17-year-old with an opt-out working 60 h a week
    young = Person("P1", pack="nhs-afc", wtr_opt_out=True, birth_date=date(2008, 9, 1))

    # when
    found = check(sixty_hour_weeks(), LAST_DAY, who=young)

    # then
    (invalid,) = only(found, "WTR-2")
    assert (invalid.severity, invalid.measured, invalid.limit) == ("breach", 17, 18)
    assert invalid.message == (
        "The WTR opt-out of P1 is not valid: they are 17 on Sun 3 May 2026 and young workers cannot opt out of the "
        "48-hour week (WTR reg 5), so it is ignored until Tue 1 Sep 2026."
    )
    assert [v.measured for v in only(found, "WTR-1")] == [60]


def test_wtr1_part_time_worker_well_under_the_limit_has_no_violations():
    # given 20 h a week: 4 x 5 h
    part_time = Person("P1", pack="nhs-afc", hours_per_week=20)
    duties = weekdays(WINDOW_START, 17, (0, 1, 2, 3), "09:00", 5 * 60)

    # when
    found = check(duties, period("2026-04-27", "2026-05-03"), who=part_time)

    # then
    assert found == []
    assert weekly_average(duties, "2026-05-03", who=part_time) == pytest.approx(20)


@pytest.mark.parametrize(("extra", "breaches"), [(0, 0), (1, 1)])
def test_wtr1_window_over_the_leap_day_has_119_days(extra, breaches):
    # given 17 weeks from Mon 8 Nov 2027 to Sun 5 Mar 2028, with a duty on Tue 29 Feb 2028
    first = date(2027, 11, 8)
    duties = seventeen_weeks(weeks=17, first=first)
    leap = next(i for i, d in enumerate(duties) if d.start.date() == date(2028, 2, 29))
    duties[leap] = duty(duties[leap].start, 12 * 60 + 20 + extra, 20)

    # when
    found = only(check(duties, period("2028-03-05")), "WTR-1")

    # then
    assert len(found) == breaches
    assert weekly_average(duties, "2028-03-05") == pytest.approx(48 + extra / 60 / 17)


def test_average_weekly_hours_gives_every_day_of_the_period_for_a_chart():
    # given 17 weeks of 48 h
    timelines = Timelines.from_records([Person("P1", pack="nhs-afc")], seventeen_weeks())

    # when
    averages = average_weekly_hours(timelines, shipped_packs(), period("2026-05-01", "2026-05-07"))

    # then the window drops a 12 h Monday on 4 May and a Tuesday on 5 May
    series = averages.series("P1")
    assert [d for d, _ in series] == [date(2026, 5, 1) + timedelta(days=i) for i in range(7)]
    assert [round(h, 3) for _, h in series] == [
        48,
        48,
        48,
        round(804 / 17, 3),
        round(792 / 17, 3),
        round(780 / 17, 3),
        round(768 / 17, 3),
    ]
    assert list(averages.limit_hours) == [48]
