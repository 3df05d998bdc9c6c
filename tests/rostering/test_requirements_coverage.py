"""Staffing requirements turned into intervals, and who counts against them (rostering.staffing)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from absence.models import Abstraction, AbstractionType
from common.choices import BankHolidayRegion
from common.errors import DomainError
from rostering.models import Duty, Requirement, RequirementOverride
from rostering.projection import duty_instants
from rostering.staffing import coverage, coverage_change, daily_staffing, required_intervals
from tests.factories import PersonFactory, SkillFactory, give_skill

FRIDAY = dt.date(2026, 6, 5)
SPRING_FORWARD = dt.date(2026, 3, 29)  # 23 hours
FALL_BACK = dt.date(2026, 10, 25)  # 25 hours


def need(unit, *, rank=None, skill=None, weekdays="0123456", start="00:00", end="00:00", minimum=1, target=None,
         effective_from=dt.date(2020, 1, 1), **extra) -> Requirement:
    return Requirement.objects.create(unit=unit, rank=rank, skill=skill, weekdays=weekdays,
                                      start_time=dt.time.fromisoformat(start), end_time=dt.time.fromisoformat(end),
                                      minimum=minimum, target=minimum if target is None else target,
                                      effective_from=effective_from, **extra)


def on_duty(person, day, start="07:00", end="17:00", unit=None, **extra) -> Duty:
    s, e = duty_instants(day, dt.time.fromisoformat(start), dt.time.fromisoformat(end))
    return Duty.objects.create(person=person, unit=unit or person.home_unit, date=day, start=s, end=e, **extra)


def absent(person, first, last, *, code="al", category="leave", removes=True, status="approved") -> Abstraction:
    kind, _created = AbstractionType.objects.get_or_create(
        code=code, defaults={"name": code, "category": category, "removes_from_roster": removes})
    return Abstraction.objects.create(person=person, type=kind, start_date=first, end_date=last, status=status)


def at(rows, day, hour, rank=None, skill=None):
    """The row starting at local `hour` on `day` for the given rank/skill ids."""
    from django.utils import timezone
    found = [r for r in rows if timezone.localtime(r.start).date() == day and timezone.localtime(r.start).hour == hour
             and r.rank_id == rank and r.skill_id == skill]
    assert len(found) == 1, found
    return found[0]


def test_a_friday_and_saturday_night_band_needs_people_until_three_the_next_morning(org):
    # given Northtown needs 2 sergeants Fri–Sat 22:00–03:00
    need(org.northtown, rank=org.sergeant, weekdays="45", start="22:00", end="03:00", minimum=2, target=3)
    # when the requirement is read from Thursday to Sunday
    rows = required_intervals(org.northtown, FRIDAY - dt.timedelta(days=1), FRIDAY + dt.timedelta(days=2))
    # then Friday 22:00 to Saturday 03:00 and Saturday 22:00 to Sunday 03:00 are required: 10 hours
    assert len(rows) == 10
    assert [r.minimum for r in rows] == [2] * 10 and {r.target for r in rows} == {3}
    assert at(rows, FRIDAY, 22, org.sergeant.pk).end - at(rows, FRIDAY, 22, org.sergeant.pk).start == dt.timedelta(
        hours=1)
    assert at(rows, FRIDAY + dt.timedelta(days=2), 2, org.sergeant.pk).minimum == 2
    with pytest.raises(AssertionError):
        at(rows, FRIDAY, 3, org.sergeant.pk)  # the band starts Friday night, not Thursday night


def test_a_night_duty_counts_after_midnight_in_the_band_that_crosses_it(org):
    # given 2 sergeants needed Fri–Sat 22:00–03:00 and Kim (sergeant) on a Friday night 22:00–07:00
    need(org.northtown, rank=org.sergeant, weekdays="45", start="22:00", end="03:00", minimum=2, target=2)
    on_duty(org.kim, FRIDAY, "22:00", "07:00")
    # when coverage is counted for Saturday
    rows = coverage(org.northtown, FRIDAY + dt.timedelta(days=1), FRIDAY + dt.timedelta(days=1))
    # then at 01:00 on Saturday Kim counts and one sergeant is missing; Saturday's own band starts at 22:00
    one_am = at(rows, FRIDAY + dt.timedelta(days=1), 1, org.sergeant.pk)
    assert (one_am.planned, one_am.shortfall, one_am.people) == (1, 1, (org.kim.pk,))
    late = at(rows, FRIDAY + dt.timedelta(days=1), 23, org.sergeant.pk)
    assert (late.planned, late.shortfall, late.below_target) == (0, 2, 2)
    assert len(rows) == 3 + 2  # 00–03 from Friday's band, 22–24 of Saturday's


def test_the_spring_clock_change_day_has_23_hourly_intervals_and_the_autumn_one_25(org):
    # given a round-the-clock requirement
    need(org.northtown, rank=org.constable, minimum=3)
    # when each clock-change day is read hour by hour and half-hour by half-hour
    spring = required_intervals(org.northtown, SPRING_FORWARD, SPRING_FORWARD)
    autumn = required_intervals(org.northtown, FALL_BACK, FALL_BACK)
    autumn_halves = required_intervals(org.northtown, FALL_BACK, FALL_BACK, interval_minutes=30)
    # then every interval is a real hour (or half-hour) of elapsed time
    assert len(spring) == 23 and len(autumn) == 25 and len(autumn_halves) == 50
    assert all(r.end - r.start == dt.timedelta(hours=1) for r in spring + autumn)
    assert spring[0].start.isoformat() == "2026-03-29T00:00:00+00:00"
    assert autumn[-1].end.isoformat() == "2026-10-26T00:00:00+00:00"


def test_a_night_over_the_autumn_clock_change_counts_in_ten_hours(org):
    # given a night 22:00–07:00 starting the evening before the clocks go back
    need(org.northtown, rank=org.constable, minimum=1)
    on_duty(org.sam, FALL_BACK - dt.timedelta(days=1), "22:00", "07:00")
    # when coverage is counted over both days
    rows = coverage(org.northtown, FALL_BACK - dt.timedelta(days=1), FALL_BACK)
    # then Sam is planned in 10 one-hour intervals (two 01:00s)
    assert sum(r.planned for r in rows) == 10
    assert len(rows) == 24 + 25


def test_a_bank_holiday_override_replaces_the_weekly_numbers_of_the_same_rank_in_its_band(org):
    # given constables 6/8 every day 07:00–17:00, 2/3 on bank holidays 07:00–12:00, and sergeants 1
    need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=6, target=8)
    need(org.northtown, rank=org.sergeant, start="07:00", end="17:00", minimum=1)
    RequirementOverride.objects.create(unit=org.northtown, on_bank_holidays=True, rank=org.constable,
                                       start_time=dt.time(7), end_time=dt.time(12), minimum=2, target=3,
                                       reason="Bank holiday")
    # when the English summer bank holiday (31 August 2026) and the Scottish one (3 August) are read
    rows = required_intervals(org.northtown, dt.date(2026, 8, 3), dt.date(2026, 8, 3)) + required_intervals(
        org.northtown, dt.date(2026, 8, 31), dt.date(2026, 8, 31))
    # then Northtown (England and Wales) has 2/3 constables until noon on 31 August only; sergeants unchanged
    morning = at(rows, dt.date(2026, 8, 31), 9, org.constable.pk)
    assert (morning.minimum, morning.target) == (2, 3)
    assert at(rows, dt.date(2026, 8, 31), 14, org.constable.pk).minimum == 6
    assert at(rows, dt.date(2026, 8, 31), 9, org.sergeant.pk).minimum == 1
    assert at(rows, dt.date(2026, 8, 3), 9, org.constable.pk).minimum == 6


def test_a_scottish_unit_follows_scottish_bank_holidays_and_a_dated_override_beats_a_bank_holiday_one(org):
    # given Southport in Scotland with a bank-holiday override and, for 3 August, a dated one of 0 (not needed)
    org.southport.bank_holiday_region = BankHolidayRegion.SCOTLAND
    org.southport.save(update_fields=["bank_holiday_region"])
    need(org.southport, rank=org.constable, start="07:00", end="17:00", minimum=6, target=8)
    RequirementOverride.objects.create(unit=org.southport, on_bank_holidays=True, rank=org.constable,
                                       start_time=dt.time(7), end_time=dt.time(17), minimum=2, target=3,
                                       reason="Bank holiday")
    RequirementOverride.objects.create(unit=org.southport, date=dt.date(2026, 8, 3), rank=org.constable,
                                       start_time=dt.time(7), end_time=dt.time(12), minimum=0, target=0,
                                       reason="Gala: the road is closed")
    # when 3 August (a Scottish bank holiday) and 31 August (not in Scotland) are read
    rows = required_intervals(org.southport, dt.date(2026, 8, 3), dt.date(2026, 8, 3))
    later = required_intervals(org.southport, dt.date(2026, 8, 31), dt.date(2026, 8, 31))
    # then the morning needs nobody, the afternoon the bank-holiday 2, and 31 August the weekly 6
    assert [timezone_hour(r) for r in rows] == [12, 13, 14, 15, 16]
    assert {r.minimum for r in rows} == {2}
    assert {r.minimum for r in later} == {6}


def timezone_hour(row) -> int:
    from django.utils import timezone
    return timezone.localtime(row.start).hour


def test_overlapping_bands_of_the_same_rank_need_the_largest_not_the_sum(org):
    # given 1 sergeant every night 22:00–07:00 and 2 on Friday 22:00–03:00
    need(org.northtown, rank=org.sergeant, start="22:00", end="07:00", minimum=1, target=1)
    need(org.northtown, rank=org.sergeant, weekdays="4", start="22:00", end="03:00", minimum=2, target=2)
    # when Friday night is read
    rows = required_intervals(org.northtown, FRIDAY + dt.timedelta(days=1), FRIDAY + dt.timedelta(days=1))
    # then 2 until 03:00, 1 from 03:00 to 07:00
    assert at(rows, FRIDAY + dt.timedelta(days=1), 2, org.sergeant.pk).minimum == 2
    assert at(rows, FRIDAY + dt.timedelta(days=1), 3, org.sergeant.pk).minimum == 1


def test_a_requirement_applies_only_within_its_effective_dates(org):
    need(org.northtown, rank=org.constable, minimum=5, effective_from=FRIDAY, effective_to=FRIDAY)
    assert required_intervals(org.northtown, FRIDAY - dt.timedelta(days=1), FRIDAY - dt.timedelta(days=1)) == []
    assert len(required_intervals(org.northtown, FRIDAY, FRIDAY + dt.timedelta(days=1))) == 24


def test_a_sergeant_with_taser_counts_for_sergeants_and_for_taser(org):
    # given sergeants and taser officers are needed, and Kim (sergeant) holds taser and works an early
    need(org.northtown, rank=org.sergeant, start="07:00", end="17:00", minimum=1)
    need(org.northtown, skill=org.taser, start="07:00", end="17:00", minimum=1)
    give_skill(org.kim, org.taser, acquired=dt.date(2026, 1, 1), expires=dt.date(2026, 12, 31))
    on_duty(org.kim, FRIDAY)
    # when coverage is counted
    rows = coverage(org.northtown, FRIDAY, FRIDAY)
    # then Kim counts in both
    assert at(rows, FRIDAY, 8, org.sergeant.pk).people == (org.kim.pk,)
    assert at(rows, FRIDAY, 8, None, org.taser.pk).people == (org.kim.pk,)
    assert at(rows, FRIDAY, 8, None, org.taser.pk).shortfall == 0


def test_an_expired_skill_does_not_count_but_the_rank_still_does(org):
    # given Sam's taser expired the day before and Kim's is valid
    need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=1)
    need(org.northtown, skill=org.taser, start="07:00", end="17:00", minimum=2)
    give_skill(org.sam, org.taser, acquired=dt.date(2025, 1, 1), expires=FRIDAY - dt.timedelta(days=1))
    give_skill(org.kim, org.taser, acquired=dt.date(2025, 1, 1), expires=FRIDAY)
    on_duty(org.sam, FRIDAY)
    on_duty(org.kim, FRIDAY)
    # when coverage is counted on the Friday
    rows = coverage(org.northtown, FRIDAY, FRIDAY)
    # then only Kim (valid through the Friday) counts for taser; Sam still counts as a constable
    taser = at(rows, FRIDAY, 10, None, org.taser.pk)
    assert (taser.planned, taser.shortfall, taser.people) == (1, 1, (org.kim.pk,))
    assert at(rows, FRIDAY, 10, org.constable.pk).people == (org.sam.pk,)


def test_an_officer_on_restricted_duties_counts_for_their_rank_but_never_for_a_skill(org):
    # given Sam holds taser, works the Friday and is on restricted duties that week
    need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=1)
    need(org.northtown, skill=org.taser, start="07:00", end="17:00", minimum=1)
    give_skill(org.sam, org.taser)
    on_duty(org.sam, FRIDAY)
    absent(org.sam, FRIDAY - dt.timedelta(days=4), FRIDAY + dt.timedelta(days=2), code="restricted",
           category="restriction", removes=False)
    # when coverage is counted
    rows = coverage(org.northtown, FRIDAY, FRIDAY)
    # then Sam is a constable on duty but not a taser officer
    assert at(rows, FRIDAY, 10, org.constable.pk).planned == 1
    taser = at(rows, FRIDAY, 10, None, org.taser.pk)
    assert (taser.planned, taser.shortfall) == (0, 1)


def test_approved_leave_removes_a_duty_and_a_request_does_not_yet(org):
    # given Sam and a second constable on an early, Sam on approved leave, the other only asking for it
    need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=2, target=3)
    other = PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=org.team_b)
    on_duty(org.sam, FRIDAY)
    on_duty(other, FRIDAY)
    absent(org.sam, FRIDAY, FRIDAY)
    absent(other, FRIDAY, FRIDAY, status="requested")
    # when coverage is counted
    row = at(coverage(org.northtown, FRIDAY, FRIDAY), FRIDAY, 9, org.constable.pk)
    # then only the other constable counts
    assert (row.planned, row.shortfall, row.below_target, row.people) == (1, 1, 2, (other.pk,))


def test_leave_covers_the_duties_starting_on_its_days_not_the_night_before(org):
    # given Sam works Thursday night into Friday and takes Friday off
    need(org.northtown, rank=org.constable, minimum=1)
    on_duty(org.sam, FRIDAY - dt.timedelta(days=1), "22:00", "07:00")
    absent(org.sam, FRIDAY, FRIDAY)
    # then Sam still counts at 03:00 on Friday (the duty is Thursday's)
    assert at(coverage(org.northtown, FRIDAY, FRIDAY), FRIDAY, 3, org.constable.pk).planned == 1


def test_without_asks_what_if_a_leave_request_were_approved(org):
    # given Sam and Kim on earlies Friday and Saturday
    need(org.northtown, start="07:00", end="17:00", minimum=2, target=2)
    for day in (FRIDAY, FRIDAY + dt.timedelta(days=1)):
        on_duty(org.sam, day)
        on_duty(org.kim, day)
    # when coverage is asked without Sam on the Saturday
    rows = coverage(org.northtown, FRIDAY, FRIDAY + dt.timedelta(days=1),
                    without=[(org.sam.pk, FRIDAY + dt.timedelta(days=1), FRIDAY + dt.timedelta(days=1))])
    pairs = coverage_change(org.northtown, FRIDAY, FRIDAY + dt.timedelta(days=1),
                            without=[(org.sam.pk, FRIDAY + dt.timedelta(days=1), FRIDAY + dt.timedelta(days=1))])
    # then Friday is whole and Saturday one short, and the pairs say what changes
    assert at(rows, FRIDAY, 9).planned == 2
    saturday = at(rows, FRIDAY + dt.timedelta(days=1), 9)
    assert (saturday.planned, saturday.shortfall, saturday.people) == (1, 1, (org.kim.pk,))
    changed = [(now, then) for now, then in pairs if now.planned != then.planned]
    assert len(changed) == 10
    assert all(now.shortfall == 0 and then.shortfall == 1 for now, then in changed)


def test_extra_adds_a_hypothetical_duty(org):
    # given one sergeant needed on Friday night and nobody planned
    need(org.northtown, rank=org.sergeant, start="22:00", end="07:00", minimum=1)
    start, end = duty_instants(FRIDAY, dt.time(22), dt.time(7))
    # when Kim's overtime is tried
    rows = coverage(org.northtown, FRIDAY, FRIDAY + dt.timedelta(days=1), extra=[(org.kim.pk, start, end)])
    # then the night is covered (9 hours) and nothing else changed in the database
    assert sum(r.planned for r in rows) == 9 and not any(r.shortfall for r in rows if r.planned)
    assert Duty.objects.count() == 0
    pairs = coverage_change(org.northtown, FRIDAY, FRIDAY + dt.timedelta(days=1), extra=[(org.kim.pk, start, end)])
    assert sum(now.planned for now, _then in pairs) == 0 and sum(then.planned for _now, then in pairs) == 9


def test_only_live_duties_of_the_units_sub_tree_count(org):
    # given a rest day, a cancelled duty and a Southport duty, besides Sam's early
    need(org.northtown, start="07:00", end="17:00", minimum=1)
    on_duty(org.sam, FRIDAY)
    Duty.objects.create(person=org.kim, unit=org.team_b, date=FRIDAY, is_rest_day=True)
    on_duty(org.kim, FRIDAY + dt.timedelta(days=1), status="cancelled")
    on_duty(org.lee, FRIDAY)
    # then only Sam counts for Northtown; Lee counts for Southport's own requirement
    rows = coverage(org.northtown, FRIDAY, FRIDAY + dt.timedelta(days=1))
    assert {r.people for r in rows if r.start.date() == FRIDAY} == {(org.sam.pk,)}
    assert all(r.planned == 0 for r in rows if r.start.date() > FRIDAY)
    need(org.southport, start="07:00", end="17:00", minimum=1)
    assert at(coverage(org.southport, FRIDAY, FRIDAY), FRIDAY, 9).people == (org.lee.pk,)


def test_a_duty_counts_in_an_interval_when_it_covers_its_middle(org):
    # given a duty 07:30–15:30
    need(org.northtown, start="06:00", end="18:00", minimum=1)
    on_duty(org.sam, FRIDAY, "07:30", "15:30")
    hourly = coverage(org.northtown, FRIDAY, FRIDAY)
    halves = coverage(org.northtown, FRIDAY, FRIDAY, interval_minutes=30)
    # then with hours it counts from 07:00 to 15:00, with half-hours exactly 07:30 to 15:30
    assert [timezone_hour(r) for r in hourly if r.planned] == list(range(7, 15))
    assert sum(r.planned for r in halves) == 16


def test_intervals_must_divide_an_hour(org):
    with pytest.raises(DomainError) as caught:
        coverage(org.northtown, FRIDAY, FRIDAY, interval_minutes=45)
    assert caught.value.errors[0].field == "interval_minutes"
    with pytest.raises(DomainError) as caught:
        required_intervals(org.northtown, FRIDAY, FRIDAY - dt.timedelta(days=1))
    assert caught.value.errors[0].field == "end"


def test_coverage_takes_a_constant_number_of_queries(org):
    # given requirements of ranks and skills and a few people
    need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=2)
    need(org.northtown, skill=org.taser, start="07:00", end="17:00", minimum=1)
    on_duty(org.sam, FRIDAY)
    with CaptureQueriesContext(connection) as small:
        coverage(org.northtown, FRIDAY, FRIDAY)
    # when 30 more people with skills, leave and duties over two weeks are added
    driver = SkillFactory(code="driver", name="Response driver")
    need(org.northtown, skill=driver, minimum=1)
    for i in range(30):
        person = PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=org.team_a)
        give_skill(person, driver if i % 2 else org.taser)
        for d in range(14):
            on_duty(person, FRIDAY + dt.timedelta(days=d), "22:00", "07:00")
        absent(person, FRIDAY + dt.timedelta(days=i % 14), FRIDAY + dt.timedelta(days=i % 14))
    with CaptureQueriesContext(connection) as large:
        rows = coverage(org.northtown, FRIDAY, FRIDAY + dt.timedelta(days=13),
                        without=[(org.sam.pk, FRIDAY, FRIDAY)])
    # then the number of queries is the same (and small)
    assert len(large.captured_queries) == len(small.captured_queries) <= 5
    assert max(r.planned for r in rows if r.skill_id == driver.pk) == 15  # every other one drives


def test_a_unit_without_requirements_costs_two_queries_and_returns_nothing(org):
    with CaptureQueriesContext(connection) as queries:
        assert coverage(org.northtown, FRIDAY, FRIDAY + dt.timedelta(days=27)) == []
    assert len(queries.captured_queries) == 2


def test_the_daily_summary_names_the_worst_hour_of_each_day(org):
    # given 1 sergeant (target 2) needed every day 07:00–17:00, Kim on Friday morning, constables not needed
    need(org.northtown, rank=org.sergeant, start="07:00", end="17:00", minimum=1, target=2)
    need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=0, target=0)
    on_duty(org.kim, FRIDAY, "07:00", "12:00")
    # when the roster foot is summarised for Friday and Saturday
    (row,) = daily_staffing(org.northtown, FRIDAY, FRIDAY + dt.timedelta(days=1))
    friday, saturday = row.days
    # then Friday is short from noon (5 hours), Saturday all day, and constables have no row
    assert row.label == "Sergeant"
    assert (friday.status, friday.text, friday.short_intervals, friday.short_person_hours) == ("short", "0/1", 5, 5)
    assert timezone_hour_of(friday.worst_start) == 12
    assert (saturday.status, saturday.short_intervals) == ("short", 10)
    assert "12:00–13:00" in friday.title


def timezone_hour_of(instant) -> int:
    from django.utils import timezone
    return timezone.localtime(instant).hour


def test_a_part_day_abstraction_takes_the_person_off_only_from_its_time(org):
    # given Sam on an early 07:00–17:00 with approved leave from 12:00 that day
    need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=1)
    on_duty(org.sam, FRIDAY)
    leave = absent(org.sam, FRIDAY, FRIDAY)
    leave.start_time = dt.time(12)
    leave.save(update_fields=["start_time"])
    # when coverage is counted
    rows = coverage(org.northtown, FRIDAY, FRIDAY)
    # then Sam counts in the morning only
    assert [timezone_hour(r) for r in rows if r.planned] == [7, 8, 9, 10, 11]


def test_without_given_instants_asks_about_part_of_a_day(org):
    # given Sam on an early; what if Sam left at 15:00?
    from common.calendar import local_instant
    need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=1)
    on_duty(org.sam, FRIDAY)
    rows = coverage(org.northtown, FRIDAY, FRIDAY, without=[
        (org.sam.pk, local_instant(FRIDAY, dt.time(15)), local_instant(FRIDAY, dt.time(23)))])
    # then the last two hours are short
    assert [timezone_hour(r) for r in rows if r.shortfall] == [15, 16]


def test_the_daily_summary_tells_short_below_target_at_target_and_over_target_apart(org):
    # given 1 constable (target 2) needed 07:00–17:00, and three more constables
    need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=1, target=2)
    more = [PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=org.team_a) for _ in range(3)]
    days = [FRIDAY + dt.timedelta(days=i) for i in range(4)]
    # Friday: nobody until 12:00, one after; Saturday: one; Sunday: two; Monday: three
    on_duty(org.sam, days[0], "12:00", "17:00")
    on_duty(org.sam, days[1])
    for person in [org.sam, more[0]]:
        on_duty(person, days[2])
    for person in [org.sam, *more[:2]]:
        on_duty(person, days[3])
    # when the foot is summarised
    (row,) = daily_staffing(org.northtown, days[0], days[-1])
    # then each day says what it is, at its worst hour
    assert [(d.status, d.text) for d in row.days] == [("short", "0/1"), ("below", "1/2"), ("ok", "2/2"), ("over", "+1")]
    assert timezone_hour_of(row.days[0].worst_start) == 7
    assert row.days[0].short_intervals == 5 and row.days[1].short_intervals == 0


def test_bands_over_the_clock_changes_follow_the_wall_clock(org):
    # given constables 07:00–17:00 and sergeants 01:00–03:00 every day
    need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=1)
    need(org.northtown, rank=org.sergeant, start="01:00", end="03:00", minimum=1)
    for day, night_hours in ((SPRING_FORWARD, 1), (FALL_BACK, 3)):
        rows = required_intervals(org.northtown, day, day)
        constables = [r for r in rows if r.rank_id == org.constable.pk]
        sergeants = [r for r in rows if r.rank_id == org.sergeant.pk]
        # then the day band is 10 real hours from 07:00 local, and the night band as long as the clock says
        assert len(constables) == 10 and timezone_hour(constables[0]) == 7 and timezone_hour(constables[-1]) == 16
        assert len(sergeants) == night_hours


def test_the_daily_summary_says_why_a_day_differs(org):
    # given a derby on Friday evening needs 12 constables
    need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=1)
    RequirementOverride.objects.create(unit=org.northtown, date=FRIDAY, rank=org.constable, start_time=dt.time(18),
                                       end_time=dt.time(2), minimum=12, target=14, reason="Derby match")
    (row,) = daily_staffing(org.northtown, FRIDAY, FRIDAY + dt.timedelta(days=1))
    # then Friday's worst hour is in the derby band and its title gives the reason; Saturday has none
    assert (row.days[0].minimum, row.days[0].reasons) == (12, ("Derby match",))
    assert "Derby match" in row.days[0].title and row.days[1].reasons == ()
