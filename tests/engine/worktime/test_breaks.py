"""WTR-5 rest breaks and POL-1 police refreshment by tour length."""

from datetime import date

import pytest

from muster_engine.worktime import Person

from .builders import check, duty, only, period, weekly_average

MARCH = period("2026-03-01", "2026-03-31")


@pytest.mark.parametrize(
    ("minutes", "break_minutes", "expected"),
    [
        (360, 0, []),  # exactly 6 h of work needs no break
        (361, 0, [(0, 20)]),  # one minute more does
        (380, 20, []),  # 6 h 20 with a 20 min break: 6 h of work
        (380, 19, [(19, 20)]),  # 6 h 1 min of work with a 19 min break
        (500, 21, []),
    ],
)
def test_wtr5_more_than_6_hours_of_work_needs_a_20_minute_break(minutes, break_minutes, expected):
    # given an AfC duty
    duties = [duty("2026-03-10 09:00", minutes, break_minutes)]

    # when
    found = only(check(duties, MARCH, pack="nhs-afc"), "WTR-5")

    # then
    assert [(v.measured, v.limit) for v in found] == expected
    assert all(v.severity == "breach" and v.unit == "minutes" for v in found)


def test_wtr5_ambulance_missed_break_is_a_warning_with_compensatory_rest_and_a_clear_message():
    # given a 12 h ambulance shift with a 10 min break
    duties = [duty("2026-03-10 19:00", "2026-03-11 07:00", 10)]

    # when
    (found,) = only(check(duties, MARCH, pack="nhs-ambulance"), "WTR-5")

    # then
    assert (found.severity, found.compensatory_rest_minutes) == ("warning", 10)
    assert found.message == (
        "The duty Tue 10 Mar 19:00–Wed 11 Mar 07:00 has 11 h 50 min working time but only a 10 min break; "
        "WTR needs 20 min after 6 h (reg 12) — 10 min compensatory rest owed."
    )


@pytest.mark.parametrize(
    ("minutes", "break_minutes", "breaches"), [(270, 0, 0), (271, 0, 1), (301, 30, 0), (300, 29, 1)]
)
def test_wtr5_young_worker_needs_30_minutes_over_4_hours_30(minutes, break_minutes, breaches):
    # given a 16-year-old, even in a pack that allows exceptions
    young = Person("P1", pack="police-staff", birth_date=date(2009, 6, 1))

    # when
    found = only(check([duty("2026-03-10 09:00", minutes, break_minutes)], MARCH, who=young), "WTR-5")

    # then
    assert len(found) == breaches
    assert all(v.severity == "breach" and v.limit == 30 for v in found)


@pytest.mark.parametrize(
    ("tour", "refreshment", "expected"),
    [
        (299, 0, []),  # under 5 h: no refreshment due
        (300, 29, [30]),
        (300, 30, []),
        (359, 30, []),
        (360, 30, [35]),  # 6 h: 35 min
        (480, 45, []),  # the normal 8 h day with 45 min
        (540, 45, [50]),
        (599, 50, []),
        (600, 59, [60]),
        (720, 60, []),
    ],
)
def test_pol1_refreshment_by_tour_length(tour, refreshment, expected):
    # given a police officer's tour
    duties = [duty("2026-03-10 07:00", tour, refreshment)]

    # when
    found = check(duties, MARCH, pack="police-officer")

    # then POL-1 replaces WTR-5 and is a warning
    assert [v.limit for v in only(found, "POL-1")] == expected
    assert all(v.severity == "warning" for v in only(found, "POL-1"))
    assert only(found, "WTR-5") == []


def test_pol1_autumn_night_is_a_10_hour_tour_needing_an_hour():
    # given a 22:00-07:00 night with 50 min refreshment over the autumn change
    duties = [duty("2026-10-24 22:00", "2026-10-25 07:00", 50)]

    # when
    (found,) = only(check(duties, period("2026-10-01", "2026-10-31"), pack="police-officer"), "POL-1")

    # then
    assert found.message == (
        "The 10 h tour Sat 24 Oct 22:00–Sun 25 Oct 07:00 had 50 min refreshment; Police Regulations give 1 h "
        "for a tour of 10 h or more (POL-1)."
    )


def test_police_refreshment_is_working_time_but_other_breaks_are_not():
    # given the same 8 h duty with a 45 min break
    duties = [duty("2026-03-10 07:00", "2026-03-10 15:00", 45)]

    # when
    officer = weekly_average(duties, "2026-03-10", pack="police-officer") * 17
    staff = weekly_average(duties, "2026-03-10", pack="police-staff") * 17

    # then
    assert (officer, staff) == (pytest.approx(8), pytest.approx(7.25))
