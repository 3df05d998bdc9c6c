"""POL-4 rest days per week and POL-15 consecutive days and nights (Scotland)."""

from datetime import date, timedelta

import pytest

from muster_engine.worktime import RestDay

from .builders import check, duty, only, period

FORTNIGHT = period("2026-03-02", "2026-03-15")


def roster(rest_days: set[int]) -> tuple[list, list]:
    """Days 0..13 of the fortnight from Mon 2 Mar: 8 h earlies, except the rest days."""
    duties, rests = [], []
    for i in range(14):
        day = date(2026, 3, 2) + timedelta(days=i)
        if i in rest_days:
            rests.append(RestDay("P1", day))
        else:
            duties.append(duty(f"{day.isoformat()} 07:00", 8 * 60, 45))
    return duties, rests


@pytest.mark.parametrize(("rest_days", "expected"), [({5, 6, 12, 13}, []), ({5, 12, 13}, [1.5])])
def test_pol4_two_rest_days_a_week_on_average_or_a_warning(rest_days, expected):
    # given a police officer's fortnight
    duties, rests = roster(rest_days)

    # when
    found = only(check(duties, FORTNIGHT, pack="police-officer", rest_days=rests), "POL-4")

    # then
    assert [v.measured for v in found] == expected
    assert all(v.severity == "warning" and v.limit == 2 for v in found)


def test_pol4_a_rest_day_worked_is_not_a_rest_day():
    # given four rostered rest days, one of them worked
    duties, rests = roster({5, 6, 12, 13})
    duties.append(duty("2026-03-14 07:00", 8 * 60, 45))

    # when
    (found,) = only(check(duties, FORTNIGHT, pack="police-officer", rest_days=rests), "POL-4")

    # then
    assert found.message == (
        "3 rest days in 14 rostered days from Mon 2 Mar 2026 to Sun 15 Mar 2026 averages 1.50 a week; "
        "Police Regulations give 2 rest days a week so far as exigencies permit (POL-4)."
    )


def test_pol4_does_not_apply_to_nhs_packs():
    # given
    duties, rests = roster(set())

    # when
    found = check(duties, FORTNIGHT, pack="nhs-afc", rest_days=rests)

    # then
    assert only(found, "POL-4") == []


@pytest.mark.parametrize(("days", "breaches"), [(6, 0), (7, 1)])
def test_pol15_scotland_allows_at_most_6_working_days_in_a_row(days, breaches):
    # given days in a row from Mon 2 Mar
    duties = [duty(f"2026-03-{2 + i:02d} 07:00", 8 * 60, 45) for i in range(days)]

    # when
    found = only(check(duties, FORTNIGHT, pack="police-officer-scotland"), "POL-15")

    # then
    assert len(found) == breaches
    assert all((v.measured, v.limit, v.unit) == (7, 6, "working days") for v in found)


@pytest.mark.parametrize(("nights", "breaches"), [(4, 0), (5, 1)])
def test_pol15_scotland_allows_at_most_4_nights_in_a_row(nights, breaches):
    # given 22:00-07:00 nights from Mon 2 Mar
    duties = [duty(f"2026-03-{2 + i:02d} 22:00", 9 * 60, 50) for i in range(nights)]

    # when
    found = only(check(duties, FORTNIGHT, pack="police-officer-scotland"), "POL-15")

    # then
    assert [v.unit for v in found] == ["nights"] * breaches


def test_pol15_does_not_apply_in_england_and_wales():
    # given
    duties = [duty(f"2026-03-{2 + i:02d} 07:00", 8 * 60, 45) for i in range(9)]

    # when
    found = check(duties, FORTNIGHT, pack="police-officer")

    # then
    assert only(found, "POL-15") == []


@pytest.mark.parametrize(("end", "breaches"), [("02:00", 1), ("01:59", 0)])
def test_pol15_a_night_is_3_hours_of_local_night_time_in_summer(end, breaches):
    # given five 20:00 starts in July: until 02:00 BST is 3 h of night time (23:00-06:00 local)
    duties = [duty(f"2026-07-{6 + i:02d} 20:00", f"2026-07-{7 + i:02d} {end}", 30) for i in range(5)]

    # when
    found = only(check(duties, period("2026-07-01", "2026-07-31"), pack="police-officer-scotland"), "POL-15")

    # then
    assert len(found) == breaches


def test_pol4_overtime_running_on_from_a_night_does_not_take_the_rest_day():
    # given nights into Saturday and Sunday rest days, the last night running on until 07:30 on Saturday
    duties = [duty(f"2026-03-{2 + i:02d} 22:00", 9 * 60, 50) for i in range(5)]
    duties.append(duty("2026-03-07 07:00", "2026-03-07 07:30"))
    rests = [RestDay("P1", date(2026, 3, 7)), RestDay("P1", date(2026, 3, 8))]

    # when
    found = only(check(duties, period("2026-03-02", "2026-03-08"), pack="police-officer", rest_days=rests), "POL-4")

    # then 2 rest days in 7 rostered days
    assert found == []
