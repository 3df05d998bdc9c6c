"""WTR-4 weekly rest: 24 h in each week from Monday 00:00 local (young 48 h; fortnight option; 35 h local)."""

import dataclasses
from datetime import date

import pytest

from muster_engine.worktime import Person, shipped_packs

from .builders import at, chain, check, duty, later, only, period

WEEK = period("2026-03-02", "2026-03-08")  # Mon 2 Mar - Sun 8 Mar 2026, no clock change


def week_with_one_long_rest(rest_minutes: int) -> list:
    """13 h duties with 11 h rests from Sunday noon, except one rest of `rest_minutes` on Wednesday."""
    before = chain("2026-03-01 12:00", 4, 13 * 60, 11 * 60, 60)  # up to Wed 4 Mar 01:00
    gap_start = before[-1].end
    after = chain(later(gap_start, rest_minutes), 12, 13 * 60, 11 * 60, 60)
    return before + after


@pytest.mark.parametrize(("rest_minutes", "expected"), [(24 * 60, []), (24 * 60 + 1, []), (24 * 60 - 1, [1439 / 60])])
def test_wtr4_24_hours_in_the_week_pass_and_a_minute_less_is_a_breach(rest_minutes, expected):
    # given
    duties = week_with_one_long_rest(rest_minutes)

    # when
    found = only(check(duties, WEEK, pack="nhs-afc"), "WTR-4")

    # then
    assert [v.measured for v in found] == pytest.approx(expected)
    assert all(v.severity == "breach" and v.limit == 24 for v in found)


def test_wtr4_police_shortfall_is_a_warning_with_compensatory_rest_and_names_the_week():
    # given
    duties = week_with_one_long_rest(20 * 60)

    # when
    (found,) = only(check(duties, WEEK, pack="police-officer"), "WTR-4")

    # then
    assert (found.severity, found.measured, found.compensatory_rest_minutes) == ("warning", 20, 4 * 60)
    assert (found.start, found.end) == (at("2026-03-02 00:00"), at("2026-03-09 00:00"))
    assert found.message == (
        "Longest uninterrupted rest in the week Mon 2 Mar 2026 to Sun 8 Mar 2026 was 20 h; "
        "WTR needs 24 h in each 7 days (reg 11) — 4 h compensatory rest owed."
    )


def test_wtr4_counts_only_the_part_of_a_rest_inside_the_week():
    # given 13 h on / 11 h off all week, then a long rest from Sun 8 Mar 20:00 into the next week
    duties = chain("2026-03-01 07:00", 8, 13 * 60, 11 * 60, 60) + [duty("2026-03-10 07:00", 8 * 60, 30)]

    # when
    (found,) = only(check(duties, WEEK), "WTR-4")

    # then only 20:00 to midnight of the 30 h rest lies in the week; the 11 h rests are longer
    assert found.measured == 11


def test_wtr4_a_week_without_duties_is_all_rest():
    # given nothing in the week
    duties = [duty("2026-02-20 07:00", 8 * 60, 30)]

    # when
    found = check(duties, WEEK)

    # then
    assert only(found, "WTR-4") == []


def test_wtr4_spring_week_is_an_hour_short_so_a_rest_from_sunday_0030_is_22_hours_30():
    # given the week of the spring change, working 13 on / 11 off until Sun 29 Mar 00:30
    end = at("2026-03-29 00:30")
    duties = chain(later(end, -(13 * 60 + 24 * 60 * 6)), 7, 13 * 60, 11 * 60, 60)
    assert duties[-1].end == end
    duties.append(duty("2026-03-30 08:00", 8 * 60, 30))

    # when
    found = only(check(duties, period("2026-03-23", "2026-03-29")), "WTR-4")

    # then the week ends at midnight BST, 22 h 30 min after 00:30 GMT
    assert [v.measured for v in found] == [22.5]


def test_wtr4_autumn_week_is_an_hour_long_so_a_rest_from_sunday_0100_is_24_hours():
    # given the week of the autumn change, working until Sun 25 Oct 01:00 BST
    end = at("2026-10-25 01:00")
    duties = chain(later(end, -(13 * 60 + 24 * 60 * 6)), 7, 13 * 60, 11 * 60, 60)
    assert duties[-1].end == end
    duties.append(duty("2026-10-26 08:00", 8 * 60, 30))

    # when
    found = only(check(duties, period("2026-10-19", "2026-10-25")), "WTR-4")

    # then
    assert found == []


@pytest.mark.parametrize(("rest_minutes", "breaches"), [(48 * 60, 0), (48 * 60 - 1, 1)])
def test_wtr4_young_worker_needs_48_hours(rest_minutes, breaches):
    # given a 17-year-old working short days with one long rest in the week
    young = Person("P1", pack="nhs-ambulance", birth_date=date(2008, 9, 1))
    before = chain("2026-03-01 12:00", 3, 6 * 60, 12 * 60, 30)
    after = chain(later(before[-1].end, rest_minutes), 6, 6 * 60, 12 * 60, 30)

    # when
    found = only(check(before + after, WEEK, who=young), "WTR-4")

    # then
    assert len(found) == breaches
    assert all(v.severity == "breach" and v.limit == 48 for v in found)


def test_wtr4_tightened_to_35_hours():
    # given an AfC pack asking for 24 h + 11 h
    afc = shipped_packs().in_force("nhs-afc", date(2026, 3, 1)).tightened(weekly_rest_minutes=35 * 60)

    # when
    short = only(check(week_with_one_long_rest(35 * 60 - 1), WEEK, packs=afc), "WTR-4")
    enough = only(check(week_with_one_long_rest(35 * 60), WEEK, packs=afc), "WTR-4")

    # then
    assert [v.limit for v in short] == [35]
    assert "the local rule needs 35 h in each 7 days (WTR minimum 24 h, WTR reg 11)" in short[0].message
    assert enough == []


def fortnightly_packs():
    afc = shipped_packs().in_force("nhs-afc", date(2026, 3, 1))
    return shipped_packs().with_version(dataclasses.replace(afc, weekly_rest_fortnightly=True))


def test_wtr4_fortnight_option_accepts_one_48_hour_rest_in_the_fortnight():
    # given 13 on / 11 off for two weeks (Mon 2 - Sun 15 Mar) but one 48 h rest in the second week
    before = chain("2026-03-01 12:00", 10, 13 * 60, 11 * 60, 60)
    after = chain(later(before[-1].end, 48 * 60), 4, 13 * 60, 11 * 60, 60)
    fortnight = period("2026-03-02", "2026-03-15")

    # when
    weekly = only(check(before + after, fortnight), "WTR-4")
    fortnightly = only(check(before + after, fortnight, packs=fortnightly_packs()), "WTR-4")

    # then the first week alone has no 24 h rest, the fortnight is fine
    assert [v.start.date() for v in weekly] == [date(2026, 3, 2)]
    assert fortnightly == []


def test_wtr4_fortnight_option_needs_two_24_hour_rests_or_one_of_48():
    # given only one rest of 47 h 59 min in the fortnight
    before = chain("2026-03-01 12:00", 10, 13 * 60, 11 * 60, 60)
    after = chain(later(before[-1].end, 48 * 60 - 1), 4, 13 * 60, 11 * 60, 60)

    # when
    (found,) = only(check(before + after, period("2026-03-02", "2026-03-15"), packs=fortnightly_packs()), "WTR-4")

    # then
    assert (found.measured, found.limit) == (pytest.approx(47 + 59 / 60), 48)
    assert (found.start, found.end) == (at("2026-03-02 00:00"), at("2026-03-16 00:00"))
    assert "two rests of 24 h or one of 48 h" in found.message
