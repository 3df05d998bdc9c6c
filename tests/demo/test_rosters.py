"""The demo's shift patterns, base roster, published periods and the working-time breaches planted for the
compliance pages, checked with the rules engine itself."""

import datetime as dt
import hashlib
from collections import defaultdict

import pytest
from django.test import override_settings
from django.utils import timezone

from absence.models import Abstraction
from demo.generate import breaches as planted
from demo.generate import delete_demo_data, load_demo_organisation
from demo.generate.rosters import PUBLISHED_WEEKS_AHEAD, WEEKS_AFTER, WEEKS_BEFORE, RosterWindow
from org.models import Unit
from people.models import Person
from rostering.compliance import violations_for
from rostering.models import Duty, DutyChange, RosterPeriod, TeamPattern
from tests.demo.conftest import wipe_database

TODAY = dt.date(2026, 3, 2)
SEED, SCALE = 7, 0.15
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WINDOW = RosterWindow.around(TODAY)
# What the compliance pages show by default: four weeks either side of today.
PAGE_START, PAGE_END = TODAY - dt.timedelta(days=28), TODAY + dt.timedelta(days=28)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One small demo shared by this module's tests (each test still rolls back its own changes), removed after."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        result = load_demo_organisation(SEED, today=TODAY, scale=SCALE)
    yield result
    with django_db_blocker.unblock():
        wipe_database()


def rules_by_person(person_ids, start=PAGE_START, end=PAGE_END) -> dict[int, set[tuple[str, str]]]:
    found = defaultdict(set)
    for v in violations_for(list(person_ids), start, end):
        found[int(v.person)].add((v.rule, v.severity))
    return found


def roster_fingerprint() -> tuple[int, int, str]:
    """Duties by payroll number, date and times, independent of database ids."""
    rows = sorted(Duty.objects.values_list("person__payroll_number", "date", "is_rest_day", "start", "end",
                                           "shift_type__code", "published"))
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()
    return len(rows), sum(1 for row in rows if row[2]), digest


@pytest.mark.django_db
def test_every_response_team_follows_the_police_pattern_a_week_apart_from_a_monday(demo):
    # given
    teams = Unit.objects.filter(code__contains="-response-")
    # when
    assignments = {tp.team.code: tp for tp in TeamPattern.objects.select_related("team", "pattern")}
    # then
    assert teams.count() == 60
    assert all(team.code in assignments for team in teams)
    for team in teams:
        tp = assignments[team.code]
        relief = "abcde".index(team.code[-1])
        assert (tp.pattern.code, tp.offset_days, tp.anchor_date.weekday()) == ("police-5-team-10h", 7 * relief, 0)
        assert tp.end_date is None
    assert {assignments[f"control-room-watch-{n}"].offset_days for n in range(1, 6)} == {0, 7, 14, 21, 28}
    assert {tp.pattern.code for code, tp in assignments.items() if code.startswith(("kestrel", "larkfield"))} \
        == {"nhs-111-6-week"}


@pytest.mark.django_db
def test_duties_run_from_21_weeks_back_to_8_weeks_ahead_and_cover_every_day_of_every_rostered_member(demo):
    # given
    first, last = WINDOW.first, WINDOW.last
    team_ids = TeamPattern.objects.values_list("team_id", flat=True)
    members = Person.objects.filter(home_unit_id__in=team_ids, start_date__lte=first, leave_date__isnull=True)
    # when
    days_by_person = defaultdict(set)
    for pid, day in Duty.objects.filter(person__in=members).values_list("person_id", "date"):
        days_by_person[pid].add(day)
    # then
    assert (first, last) == (TODAY - dt.timedelta(weeks=WEEKS_BEFORE), TODAY + dt.timedelta(weeks=WEEKS_AFTER + 1,
                                                                                            days=-1))
    assert not Duty.objects.exclude(date__range=(first, last)).exists()
    assert members.count() > 250
    window_days = (last - first).days + 1
    # Only working days under leave or sickness are left out, so nearly every day of every member has a row.
    assert sum(len(d) for d in days_by_person.values()) >= 0.9 * window_days * members.count()
    # Every pattern has a rest day each week, and rest days are kept under leave: no member has an empty week.
    weeks = {(day - first).days // 7 for day in range_days(first, last)}
    assert all({(day - first).days // 7 for day in d} == weeks for d in days_by_person.values())
    assert demo.counts["duties"] == Duty.objects.filter(is_rest_day=False).count()
    assert demo.counts["rest days rostered"] == Duty.objects.filter(is_rest_day=True).count()


@pytest.mark.django_db
def test_nobody_is_rostered_to_work_on_a_day_of_approved_annual_leave_or_sickness(demo):
    # given
    away = Abstraction.objects.filter(status="approved", type__code__in=["annual-leave", "sickness"],
                                      end_date__gte=WINDOW.first, start_date__lte=WINDOW.last)
    # when
    clashes = sum(Duty.objects.filter(person_id=a.person_id, date__range=(a.start_date, a.end_date),
                                      is_rest_day=False).exclude(source="overtime").count() for a in away[:300])
    # then
    assert away.count() > 100
    assert clashes == 0


@pytest.mark.django_db
def test_rosters_are_published_to_four_weeks_ahead_on_time_and_draft_after(demo):
    # given
    published_last = WINDOW.published_last
    north = Unit.objects.get(code="north")
    # when
    periods = list(RosterPeriod.objects.filter(unit=north).order_by("start_date"))
    # then
    assert published_last == TODAY + dt.timedelta(weeks=PUBLISHED_WEEKS_AHEAD + 1, days=-1)
    assert (periods[0].start_date, periods[-1].end_date) == (WINDOW.first, published_last)
    assert all(a.end_date + dt.timedelta(days=1) == b.start_date for a, b in zip(periods, periods[1:], strict=False))
    # POL-3: a month's notice at least; each went out a week before its deadline.
    assert all(p.is_published and not p.late and p.notice_days == p.lead_time_days + 7 and p.lead_time_days >= 28
               and p.published_at.date() < TODAY for p in periods)
    assert not Duty.objects.filter(date__lte=published_last, published=False).exists()
    assert not Duty.objects.filter(date__gt=published_last, published=True).exists()
    assert not Duty.objects.filter(published=True, notified_at__isnull=True).exists()
    assert not Duty.objects.filter(source="pattern", published=True, is_rest_day=True,
                                   published_rest_day=False).exists()


@pytest.mark.django_db
def test_four_quick_changeovers_are_wtr3_warnings_with_4_hours_compensatory_rest(demo):
    # given
    people = planted.planted_people(planted.QUICK_CHANGEOVER_REASONS)
    # when
    found = violations_for(list(people), PAGE_START, PAGE_END)
    # then
    assert len(people) == 4
    assert {(v.rule, v.severity, v.compensatory_rest_minutes) for v in found} == {("WTR-3", "warning", 240)}
    assert {int(v.person) for v in found} == people
    north = Unit.objects.get(code="north")
    assert Person.objects.filter(id__in=people, home_unit__path__startswith=north.path).count() == 2


@pytest.mark.django_db
def test_the_dispatcher_on_rest_day_overtime_averages_over_48_hours_without_an_opt_out(demo):
    # given
    (person_id,) = planted.planted_people([planted.OVERTIME_REASON])
    person = Person.objects.select_related("home_unit").get(pk=person_id)
    # when
    found = violations_for([person_id], PAGE_START, PAGE_END)
    # then
    assert person.home_unit.code.startswith("control-room-watch-")
    assert not person.contracts.filter(wtr_opt_out=True).exists()
    assert [(v.rule, v.severity) for v in found] == [("WTR-1", "breach")]
    assert 48 < found[0].measured < 58
    assert DutyChange.objects.filter(person_id=person_id).count() >= 17


@pytest.mark.django_db
def test_the_17_year_old_cadet_on_a_late_to_22_30_breaks_the_young_workers_night_rule(demo):
    # given
    (person_id,) = planted.planted_people([planted.CADET_REASON])
    person = Person.objects.select_related("home_unit").get(pk=person_id)
    # when
    found = violations_for([person_id], PAGE_START, PAGE_END)
    # then
    assert (TODAY - person.birth_date).days < 18 * 365
    assert person.home_unit.code == "northtown"
    assert [(v.rule, v.severity) for v in found] == [("WTR-8", "breach")]
    assert "22:00" in found[0].message


@pytest.mark.django_db
def test_eight_early_tours_in_a_row_leave_no_weekly_rest_and_too_few_rest_days_that_week(demo):
    # given
    (person_id,) = planted.planted_people([planted.OPERATION_REASON, planted.OPERATION_TOUR_REASON])
    # when
    found = violations_for([person_id], PAGE_START, PAGE_END)
    monday = timezone.localtime(found[0].start).date()
    week = violations_for([person_id], monday, monday + dt.timedelta(days=6))
    # then
    assert [(v.rule, v.severity) for v in found] == [("WTR-4", "warning")]
    assert found[0].compensatory_rest_minutes == 600  # 14 h rest against 24 h
    assert monday.weekday() == 0
    assert ("POL-4", "warning") in {(v.rule, v.severity) for v in week}
    run = sorted(Duty.objects.filter(person_id=person_id, date__range=(PAGE_START, PAGE_END), is_rest_day=False,
                                     shift_type__code="E10").values_list("date", flat=True))
    longest = max(sum(1 for _ in group) for group in _runs(run))
    assert longest >= 8


def range_days(first, last):
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _runs(days):
    """Consecutive dates grouped into runs."""
    group = []
    for day in days:
        if group and day - group[-1] != dt.timedelta(days=1):
            yield group
            group = []
        group.append(day)
    if group:
        yield group


@pytest.mark.django_db
def test_the_111_advisor_with_9_hours_between_a_late_and_an_early_breaches_daily_rest(demo):
    # given
    (person_id,) = planted.planted_people([planted.ADVISOR_REASON])
    person = Person.objects.select_related("staff_group").get(pk=person_id)
    # when
    found = violations_for([person_id], PAGE_START, PAGE_END)
    # then
    assert person.staff_group.rule_pack == "nhs-afc"
    assert [(v.rule, v.severity, v.measured) for v in found] == [("WTR-3", "breach", 9.0)]


@pytest.mark.django_db
def test_only_the_planted_people_break_a_rule_and_none_of_them_signs_in_as_a_demo_login(demo):
    # given
    everyone = list(Person.objects.values_list("id", flat=True))
    reasons = planted.QUICK_CHANGEOVER_REASONS + [planted.OVERTIME_REASON, planted.CADET_REASON,
                                                  planted.OPERATION_REASON, planted.OPERATION_TOUR_REASON,
                                                  planted.ADVISOR_REASON]
    people = planted.planted_people(reasons)
    # when
    found = rules_by_person(everyone)
    # then
    assert set(found) == people
    assert demo.counts["working-time breaches planted"] == len(people) == 8
    assert not Person.objects.filter(id__in=people, user__isnull=False).exists()


@pytest.mark.django_db
def test_each_planted_change_is_a_duty_change_with_its_notice_and_compensation(demo):
    # given
    changes = DutyChange.objects.select_related("duty")
    # when
    rules = {c.reason: c.rule for c in changes}
    # then
    assert changes.count() == demo.counts["duty changes"]
    assert all(rules[reason] == "POL-5" for reason in planted.QUICK_CHANGEOVER_REASONS)
    assert rules[planted.OVERTIME_REASON] == "PSC-1" and rules[planted.ADVISOR_REASON] == "NHS"
    assert all(c.duty.note == c.reason and c.duty.version == 2 and c.duty.published for c in changes)
    assert all(c.changed_at.date() < TODAY and c.clear_days >= 0 and c.notice_minutes > 0 for c in changes)


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_roster(demo):
    # given
    before = roster_fingerprint()
    deleted = delete_demo_data()
    assert deleted["duties"] == before[0] and not Duty.objects.exists() and not TeamPattern.objects.exists()
    # when
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        load_demo_organisation(SEED, today=TODAY, scale=SCALE)
    # then
    assert roster_fingerprint() == before
    assert before[0] > 50_000
