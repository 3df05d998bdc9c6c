"""rostering/solving.py: the ORM as the optimiser sees it, and its answer back as duty changes."""

import datetime as dt
from decimal import Decimal

import pytest

from rostering.actions import do_set_duty, parse_value
from rostering.solving import build_problem, interpret, run_solver

from .solving_world import absent, constables, monday_ahead, need, police_shifts

pytestmark = pytest.mark.django_db


def person_of(built, person):
    return built.problem.person(str(person.pk))


def test_contract_minutes_over_the_period_less_approved_leave_with_one_shift_either_side(org):
    # given Sam on 40 h a week, on annual leave of 16 hours over two days of the week
    police_shifts()
    start = monday_ahead()
    absent(org.sam, start + dt.timedelta(days=1), start + dt.timedelta(days=2), hours=Decimal("16"))
    # when the week is built
    built = build_problem(org.northtown, start, start + dt.timedelta(days=6), "fill")
    sam = person_of(built, org.sam)
    # then the target is 40 h less 16 h, bounded by one 8-hour shift either side (and nothing planned yet)
    assert sam.target_minutes == (40 - 16) * 60
    assert sam.max_minutes == (24 + 8) * 60
    assert sam.min_minutes == 0  # the empty roster already planned is never made "infeasible"
    # and the leave days are unavailable, named by the type
    assert [(u.day, u.reason) for u in sam.unavailable] == [
        (start + dt.timedelta(days=1), "annual leave"), (start + dt.timedelta(days=2), "annual leave")]


def test_a_young_worker_gets_wtr8_rules_and_no_night_shifts(org):
    # given a constable who is 17 during the period
    police_shifts()
    start = monday_ahead()
    young = constables(org, 1, birth_date=start - dt.timedelta(days=17 * 365))[1]
    # when
    built = build_problem(org.northtown, start, start + dt.timedelta(days=6), "build")
    person = person_of(built, young)
    # then 12 h daily rest, 48 h weekly rest (WTR-8), and every shift reaching into 22:00-06:00 is unavailable:
    # the night, and the late that ends at 23:00
    assert (person.rules.daily_rest_minutes, person.rules.weekly_rest_minutes) == (720, 2880)
    nights = [u for u in person.unavailable if "young worker" in u.reason]
    assert len(nights) == 7 and all(u.shifts == ("L", "N") for u in nights)
    # and an adult is judged by the adult rules
    assert person_of(built, org.sam).rules.daily_rest_minutes == 660


def test_requirements_become_bands_per_day_by_rank_and_skill(org):
    # given constables 07:00-15:00 (1, target 2) and taser 22:00-03:00 (1)
    police_shifts()
    start = monday_ahead()
    need(org.northtown, rank=org.constable, minimum=1, target=2)
    need(org.northtown, skill=org.taser, start="22:00", end="03:00", minimum=1)
    # when
    built = build_problem(org.northtown, start, start + dt.timedelta(days=6), "fill")
    reqs = built.problem.requirements
    # then each day has a constable band 07:00-15:00 and the taser night split at midnight
    monday = [(r.skill, r.start_minute, r.end_minute, r.minimum, r.wanted) for r in reqs if r.day == start]
    assert ("rank:constable", 420, 900, 1, 2) in monday
    assert ("skill:taser", 0, 180, 1, 1) in monday  # Sunday night's band running into Monday
    assert ("skill:taser", 1320, 1440, 1, 1) in monday
    assert built.labels["rank:constable"] == "Constable"


def test_a_skill_counts_only_while_it_is_held(org):
    # given Sam's taser expires on the Wednesday of the week
    from tests.factories import give_skill

    police_shifts()
    start = monday_ahead()
    need(org.northtown, skill=org.taser, minimum=1)
    give_skill(org.sam, org.taser, expires=start + dt.timedelta(days=2))
    # when
    built = build_problem(org.northtown, start, start + dt.timedelta(days=6), "fill")
    # then Thursday's taser requirement asks for a token Sam does not hold, Monday's one he does
    sam = person_of(built, org.sam)
    by_day = {r.day: r.skill for r in built.problem.requirements}
    assert by_day[start] in sam.skills
    assert by_day[start + dt.timedelta(days=3)] not in sam.skills


def test_history_reads_the_week_before_and_current_duties_are_the_fill_base(org):
    # given Sam worked a night the day before the period and has an early on its first day
    police_shifts()
    start = monday_ahead()
    do_set_duty(person=org.sam, date=start - dt.timedelta(days=1), value=parse_value("N"), expected_version=0,
                acting_user=None)
    do_set_duty(person=org.sam, date=start, value=parse_value("E"), expected_version=0, acting_user=None)
    # when
    built = build_problem(org.northtown, start, start + dt.timedelta(days=6), "fill")
    sam = person_of(built, org.sam)
    # then
    assert sam.history[-1] == "N" and len(sam.history) == 7
    assert sam.base[0] == "E" and sam.base[1] is None


def test_a_restricted_officer_is_never_put_on_front_line_cover(org):
    # given four constables, three on annual leave all week, Sam on restricted duties; two constables wanted
    police_shifts()
    start = monday_ahead()
    end = start + dt.timedelta(days=6)
    people = constables(org, 3)
    need(org.northtown, rank=org.constable, minimum=2)
    for other in people[1:]:
        absent(other, start, end)
    absent(org.sam, start, end, code="restricted-duties")
    # when the optimiser fills the week
    built = build_problem(org.northtown, start, end, "fill")
    solution = run_solver(built, time_limit=2, workers=1)
    result = interpret(built, solution)
    # then Sam keeps his rest days: every day is locked to what he is rostered, and no change names him
    assert set(person_of(built, org.sam).fixed.values()) == {None}
    assert [c for c in result["changes"] if c["person"] == org.sam.pk] == []
    # and every day's gap is explained: who could have worked it and why not
    assert result["unfilled"]
    why = " ".join(c["why"] for gap in result["unfilled"] for c in gap["candidates"])
    assert "annual leave" in why.lower()
