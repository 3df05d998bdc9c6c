"""rostering/solving.py: working-time facts the adapter must hand the optimiser so its rosters pass the rules engine —
young workers day by day (WTR-8), duties with their own times around the period (WTR-3), and the hours already
worked in the 17 weeks before it (WTR-1)."""

import datetime as dt

import pytest

from rostering.actions import do_accept_solver_result, do_set_duty, do_start_solver_run, parse_value
from rostering.compliance import violations_for
from rostering.models import Duty
from rostering.solving import build_problem, run_solver
from rostering.tasks import execute_run

from .helpers import shift_type
from .solving_world import constables, monday_ahead, need, police_shifts

pytestmark = pytest.mark.django_db


def person_of(built, person):
    return built.problem.person(str(person.pk))


def young_days(person):
    return sorted(u.day for u in person.unavailable if "young worker" in u.reason)


def test_a_young_worker_turning_18_inside_the_period_is_young_only_until_the_birthday(org):
    # given a constable whose 18th birthday is the Thursday of the week, and 8-hour police tours
    police_shifts()
    start = monday_ahead()
    birthday = start + dt.timedelta(days=3)
    young = constables(org, 1, birth_date=birthday.replace(year=birthday.year - 18))[1]
    # when
    built = build_problem(org.northtown, start, start + dt.timedelta(days=6), "build")
    person = person_of(built, young)
    # then lates and nights are closed Monday to Wednesday only (WTR-8 is judged on the duty date)
    assert young_days(person) == [start, start + dt.timedelta(days=1), start + dt.timedelta(days=2)]
    # and, the early being open on young days, the young rest numbers are kept, which the planner is told
    assert person.rules.daily_rest_minutes == 720
    assert any("turns 18" in note for note in built.notes)


def test_when_every_young_day_is_closed_the_adult_rules_govern_the_rest_of_the_period(org):
    # given only 10-hour tours (over the young daily limit) and a constable who turns 18 on the Wednesday
    shift_type("D", "07:00", "17:00", name="Day", break_minutes=45, break_paid=True)
    shift_type("X", "17:00", "03:00", name="Late", break_minutes=45, break_paid=True)
    start = monday_ahead()
    birthday = start + dt.timedelta(days=2)
    young = constables(org, 1, birth_date=birthday.replace(year=birthday.year - 18))[1]
    # when
    built = build_problem(org.northtown, start, start + dt.timedelta(days=6), "build")
    person = person_of(built, young)
    # then Monday and Tuesday are closed to every tour, and from Wednesday the adult numbers apply (11 h, 48 h avg)
    assert young_days(person) == [start, start + dt.timedelta(days=1)]
    assert person.rules.daily_rest_minutes == 660 and person.rules.weekly_rest_minutes == 1440
    assert person.rules.max_minutes_per_window[0] == 119


def test_someone_18_on_the_first_day_is_an_adult_and_keeps_their_opt_out(org):
    police_shifts()
    start = monday_ahead()
    adult = constables(org, 1, birth_date=start.replace(year=start.year - 18))[1]
    adult.contracts.update(wtr_opt_out=True)
    built = build_problem(org.northtown, start, start + dt.timedelta(days=6), "build")
    person = person_of(built, adult)
    assert young_days(person) == [] and person.rules.max_minutes_per_window is None


def test_a_duty_with_its_own_times_before_the_period_counts_for_daily_rest_from_its_real_end(org):
    # given Sam's last duty before the period is a custom 15:30-23:30 (the late tour runs to 23:00)
    police_shifts()
    start = monday_ahead()
    do_set_duty(person=org.sam, date=start - dt.timedelta(days=1), value=parse_value("15:30-23:30"),
                expected_version=0, acting_user=None)
    # when
    built = build_problem(org.northtown, start, start + dt.timedelta(days=6), "fill")
    problem, sam = built.problem, person_of(built, org.sam)
    # then history holds it as a synthetic shift with its own times, and the 07:00 early is closed on Monday
    # (7 h 30 min of rest, WTR-3 needs 11 h) but the 15:00 late is open
    code = sam.history[-1]
    assert code.startswith("~1530+480")
    p = problem.person_index[sam.id]
    assert not problem.allowed[p, 0, problem.shift_index["E"]]
    assert problem.allowed[p, 0, problem.shift_index["L"]]
    # and nobody can be given that synthetic shift
    assert not problem.allowed[:, :, problem.shift_index[code]].any()


def test_a_shift_type_duty_that_ran_late_is_measured_from_its_real_end(org):
    # given Sam's Sunday late was extended to 02:00
    police_shifts()
    start = monday_ahead()
    sunday = start - dt.timedelta(days=1)
    do_set_duty(person=org.sam, date=sunday, value=parse_value("L"), expected_version=0, acting_user=None)
    duty = Duty.objects.get(person=org.sam, date=sunday)
    Duty.objects.filter(pk=duty.pk).update(end=duty.end + dt.timedelta(hours=3))
    do_set_duty(person=org.kim, date=start + dt.timedelta(days=3), value=parse_value("E"), expected_version=0,
                acting_user=None)  # the early is in use in the unit
    # when
    built = build_problem(org.northtown, start, start + dt.timedelta(days=6), "fill")
    problem, sam = built.problem, person_of(built, org.sam)
    # then the late is not read as the 15:00-23:00 tour, and Monday's 15:00 late (13 h later) is still open
    assert sam.history[-1] != "L"
    p = problem.person_index[sam.id]
    assert not problem.allowed[p, 0, problem.shift_index["E"]]
    assert problem.allowed[p, 0, problem.shift_index["L"]]


def test_a_custom_duty_inside_the_period_is_locked_and_counts_for_hours_and_rest(org):
    # given Sam has a custom 10:00-20:00 on the Tuesday of the week
    police_shifts()
    start = monday_ahead()
    tuesday = start + dt.timedelta(days=1)
    do_set_duty(person=org.sam, date=tuesday, value=parse_value("10:00-20:00"), expected_version=0,
                acting_user=None)
    constables(org, 1)
    # when
    built = build_problem(org.northtown, start, start + dt.timedelta(days=6), "fill")
    problem, sam = built.problem, person_of(built, org.sam)
    code = sam.fixed[tuesday]
    # then it is locked to a synthetic shift of its own times, part of the planned hours
    assert code.startswith("~1000+600") and sam.base[1] == code
    p = problem.person_index[sam.id]
    # and Wednesday's early (11 h after 20:00) is open, but nobody else and no other day gets that shift
    assert problem.allowed[p, 2, problem.shift_index["E"]]
    s = problem.shift_index[code]
    assert problem.allowed[:, :, s].sum() == 1
    # and a solved roster keeps it and proposes no change to it
    solution = run_solver(built, time_limit=2, workers=1)
    assert solution.roster.to_ids()[sam.id][1] == code


def _worked_before(org, start: dt.date, days: int, skip_weekday: int = 6):
    """Sam on earlies (8 h) every day but Sundays for `days` days before the period: about 48 h a week."""
    for k in range(1, days + 1):
        day = start - dt.timedelta(days=k)
        if day.weekday() != skip_weekday:
            do_set_duty(person=org.sam, date=day, value=parse_value("E"), expected_version=0, acting_user=None)


def test_hours_worked_in_the_17_weeks_before_cap_the_period_so_the_rolling_average_stays_within_48_hours(org):
    # given Sam, the only constable, on a 48-hour contract, worked six earlies a week (48 h) for 17 weeks, and an
    # early is wanted every day: a seventh would lift the rolling average over 48 h
    police_shifts()
    start = monday_ahead()
    end = start + dt.timedelta(days=6)
    org.sam.contracts.update(hours_per_week=48)
    _worked_before(org, start, 118)
    need(org.northtown, rank=org.constable, minimum=1)
    # when the week is filled
    built = build_problem(org.northtown, start, end, "fill")
    # then the optimiser sees the whole reference period before the week
    assert len(person_of(built, org.sam).history) == 118
    run = do_start_solver_run(unit=org.northtown, mode="fill", start=start, end=end, time_limit=3, workers=1,
                              acting_user=org.pat)
    assert execute_run(run.pk) == "finished"
    run.refresh_from_db()
    # and it leaves one early unfilled rather than take Sam over the 48-hour average
    assert len(run.result["unfilled"]) == 1
    do_accept_solver_result(run=run, expected_version=run.version, acting_user=org.pat)
    found = [v for v in violations_for([org.sam.pk], start, end) if v.rule == "WTR-1"]
    assert found == []


def test_normal_hours_before_the_period_keep_the_short_history(org):
    # given Sam worked four earlies a week before the period (32 h): the average cannot reach 48 h in a week
    police_shifts()
    start = monday_ahead()
    for k in range(1, 29):
        day = start - dt.timedelta(days=k)
        if day.weekday() < 4:
            do_set_duty(person=org.sam, date=day, value=parse_value("E"), expected_version=0, acting_user=None)
    built = build_problem(org.northtown, start, start + dt.timedelta(days=6), "fill")
    assert len(person_of(built, org.sam).history) == 7


def test_a_past_already_over_the_average_never_makes_the_period_impossible(org):
    # given Sam worked an early every single day for 17 weeks (56 h a week)
    police_shifts()
    start = monday_ahead()
    _worked_before(org, start, 118, skip_weekday=-1)
    # when
    built = build_problem(org.northtown, start, start + dt.timedelta(days=6), "fill")
    # then the history is trimmed to what fits, the planner is told, and a roster is still found
    assert len(person_of(built, org.sam).history) < 118
    assert any("48-hour average" in n for n in built.notes)
    assert run_solver(built, time_limit=2, workers=1).roster is not None
