"""WTR-3 daily rest and WTR-7 compensatory rest."""

from datetime import date

import pytest

from muster_engine.worktime import Person, shipped_packs

from .builders import at, check, duty, later, only, period

MARCH = period("2026-03-01", "2026-03-31")


@pytest.mark.parametrize(
    ("next_start", "expected"),
    [("2026-03-11 06:00", []), ("2026-03-11 06:01", []), ("2026-03-11 05:59", [659 / 60])],
)
def test_wtr3_rest_of_exactly_11_hours_passes_and_one_minute_less_is_a_breach(next_start, expected):
    # given an NHS AfC worker whose duty ends at 19:00
    duties = [duty("2026-03-10 07:00", "2026-03-10 19:00", 30), duty(next_start, 8 * 60, 30)]

    # when
    found = only(check(duties, MARCH, pack="nhs-afc"), "WTR-3")

    # then
    assert [v.measured for v in found] == pytest.approx(expected)
    assert all(v.severity == "breach" and v.compensatory_rest_minutes is None for v in found)


def test_wtr3_police_shortfall_is_a_warning_with_the_example_message():
    # given a night ending Sat 28 Mar 07:00 and a late tour at 16:30 the same day
    duties = [duty("2026-03-27 22:00", "2026-03-28 07:00", 50), duty("2026-03-28 16:30", "2026-03-29 00:30", 45)]

    # when
    (found,) = only(check(duties, MARCH, pack="police-officer"), "WTR-3")

    # then
    assert found.severity == "warning"
    assert (found.measured, found.limit, found.unit) == (9.5, 11, "hours")
    assert found.compensatory_rest_minutes == 90
    assert found.start == at("2026-03-28 07:00") and found.end == at("2026-03-28 16:30")
    assert found.message == (
        "Only 9 h 30 min rest between the duty ending Sat 28 Mar 07:00 and the next starting 16:30; "
        "WTR needs 11 h (reg 10) — 1 h 30 min compensatory rest owed."
    )


def test_wtr3_ambulance_may_fall_short_with_compensatory_rest_but_afc_may_not():
    # given the same 10 h rest in both packs
    duties = [duty("2026-03-10 07:00", "2026-03-10 19:00", 30), duty("2026-03-11 05:00", 8 * 60, 30)]

    # when
    ambulance = only(check(duties, MARCH, pack="nhs-ambulance"), "WTR-3")
    afc = only(check(duties, MARCH, pack="nhs-afc"), "WTR-3")

    # then
    assert [(v.severity, v.compensatory_rest_minutes) for v in ambulance] == [("warning", 60)]
    assert [(v.severity, v.compensatory_rest_minutes) for v in afc] == [("breach", None)]


def test_wtr3_rest_across_midnight_names_both_days():
    # given a late ending at 23:00 and an early at 09:30 next morning
    duties = [duty("2026-03-13 15:00", "2026-03-13 23:00", 30), duty("2026-03-14 09:30", 8 * 60, 30)]

    # when
    (found,) = only(check(duties, MARCH), "WTR-3")

    # then
    assert found.measured == 10.5
    assert "ending Fri 13 Mar 23:00 and the next starting Sat 14 Mar 09:30" in found.message


def test_wtr3_spring_clock_change_takes_an_hour_from_the_rest():
    # given a duty ending Sat 28 Mar 20:00 GMT and the next at Sun 29 Mar 07:00 BST: 11 h on the clock
    duties = [duty("2026-03-28 08:00", "2026-03-28 20:00", 30), duty("2026-03-29 07:00", 8 * 60, 30)]

    # when
    (found,) = only(check(duties, MARCH), "WTR-3")

    # then only 10 h really passed
    assert found.measured == 10
    assert found.message.startswith("Only 10 h rest between the duty ending Sat 28 Mar 20:00 and the next")


def test_wtr3_autumn_clock_change_adds_an_hour_to_the_rest():
    # given a duty ending Sat 24 Oct 20:00 BST and the next at Sun 25 Oct 06:00 GMT: 10 h on the clock
    duties = [duty("2026-10-24 08:00", "2026-10-24 20:00", 30), duty("2026-10-25 06:00", 8 * 60, 30)]

    # when
    found = only(check(duties, period("2026-10-01", "2026-10-31")), "WTR-3")

    # then 11 h really passed
    assert found == []


@pytest.mark.parametrize(("rest_minutes", "breaches"), [(720, 0), (719, 1)])
def test_wtr3_young_worker_needs_12_hours_even_where_the_pack_allows_exceptions(rest_minutes, breaches):
    # given a 17-year-old police staff member
    young = Person("P1", pack="police-staff", birth_date=date(2008, 6, 1))
    first = duty("2026-03-10 09:00", "2026-03-10 15:00", 30)
    duties = [first, duty(later(first.end, rest_minutes), 6 * 60, 30)]

    # when
    found = only(check(duties, MARCH, who=young), "WTR-3")

    # then
    assert len(found) == breaches
    assert all(v.severity == "breach" and v.limit == 12 for v in found)
    assert all("a young worker needs 12 h (WTR reg 10)" in v.message for v in found)


def test_wtr3_a_tightened_pack_demands_12_hours_and_says_it_is_local():
    # given an AfC pack tightened to 12 h daily rest
    afc = shipped_packs().in_force("nhs-afc", date(2026, 3, 1)).tightened(daily_rest_minutes=720)
    duties = [duty("2026-03-10 07:00", "2026-03-10 19:00", 30), duty("2026-03-11 06:30", 8 * 60, 30)]

    # when
    (found,) = only(check(duties, MARCH, packs=afc), "WTR-3")

    # then
    assert (found.measured, found.limit) == (11.5, 12)
    assert "the local rule needs 12 h (WTR minimum 11 h, WTR reg 10)" in found.message


def test_wtr3_a_duty_inside_a_longer_one_leaves_no_rest_of_its_own():
    # given an overtime duty inside a long tour, then a duty 10 h after the tour ends
    duties = [
        duty("2026-03-10 08:00", "2026-03-10 20:00", 30),
        duty("2026-03-10 10:00", "2026-03-10 12:00"),
        duty("2026-03-11 06:00", 8 * 60, 30),
    ]

    # when
    found = only(check(duties, MARCH), "WTR-3")

    # then only the rest after the long tour is short
    assert [(v.start, v.measured) for v in found] == [(at("2026-03-10 20:00"), 10)]


def test_wtr3_overtime_straight_after_a_tour_is_not_a_rest_and_on_call_away_is_rest():
    # given a run-on starting as the tour ends, and on-call at home overnight
    duties = [
        duty("2026-03-10 07:00", "2026-03-10 17:00", 30),
        duty("2026-03-10 17:00", "2026-03-10 18:00"),
        duty("2026-03-10 19:00", "2026-03-11 06:30", kind="on_call_away"),
        duty("2026-03-11 07:00", 8 * 60, 30),
    ]

    # when
    found = only(check(duties, MARCH), "WTR-3")

    # then 18:00 to 07:00 is 13 h of rest
    assert found == []


def test_wtr3_is_reported_for_the_duty_that_starts_in_the_period_only():
    # given a short rest before a duty on the last day before the period and one on its first day
    duties = [
        duty("2026-02-27 07:00", "2026-02-27 19:00", 30),
        duty("2026-02-28 05:00", "2026-02-28 16:00", 30),
        duty("2026-03-01 01:00", "2026-03-01 09:00", 30),
    ]

    # when
    found = only(check(duties, MARCH), "WTR-3")

    # then the first short rest ends before the period and is history only
    assert [(v.end, v.measured) for v in found] == [(at("2026-03-01 01:00"), 9)]


def test_wtr3_a_night_running_straight_into_an_early_leaves_no_daily_rest():
    # given a night 22:00-07:00 and an early starting at 07:00, no gap at all (19 h of work)
    duties = [duty("2026-03-10 22:00", "2026-03-11 07:00", 30), duty("2026-03-11 07:00", "2026-03-11 17:00", 30)]

    # when
    (found,) = only(check(duties, MARCH, pack="nhs-afc"), "WTR-3")

    # then only 5 h of the 24 h from 22:00 are rest, against 11 h
    assert (found.severity, found.measured, found.limit) == ("breach", 5, 11)
    assert "2 duties back to back" in found.message


@pytest.mark.parametrize(("hours_minutes", "flagged"), [(13 * 60, False), (13 * 60 + 1, True), (12 * 60 + 59, False)])
def test_wtr3_one_spell_of_exactly_13_hours_leaves_11_hours_rest_and_one_minute_more_does_not(hours_minutes,
                                                                                                 flagged):
    # given a single long duty (24 h - 11 h daily rest = 13 h is the longest a spell may be)
    duties = [duty("2026-03-10 07:00", hours_minutes, 30)]

    # when
    found = only(check(duties, MARCH, pack="nhs-afc"), "WTR-3")

    # then
    assert bool(found) is flagged


def test_wtr3_a_tour_extended_by_overtime_is_one_spell_and_police_are_owed_compensatory_rest():
    # given a 10 h tour and 4 h of overtime straight after it (14 h without rest)
    duties = [duty("2026-03-10 07:00", "2026-03-10 17:00", 60), duty("2026-03-10 17:00", "2026-03-10 21:00", 0)]

    # when
    (found,) = only(check(duties, MARCH, pack="police-officer"), "WTR-3")

    # then it is a warning with 1 h compensatory rest owed (10 h rest in the 24 h against 11 h)
    assert (found.severity, found.measured, found.compensatory_rest_minutes) == ("warning", 10, 60)
