"""The event deployment model (muster_engine.solver.deploy): needs met, unit minimums and rest kept, the cheapest and
fairest way chosen, shortfalls explained."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from muster_engine.solver.deploy import (
    Blocked,
    DeployError,
    DeployProblem,
    Minimum,
    Need,
    Option,
    Person,
    solve,
    summarise,
)

H = 60  # minutes


def person(pid: str, rank: str = "constable", *skills: str, **history) -> Person:
    return Person(pid, pid.title(), rank, frozenset(skills), **history)


def option(oid: str, pid: str, *, phases=("deploy",), day="sat", start=10 * H, end=18 * H, method="on_duty",
           cost=0, notice=30, rest=False, draws=()) -> Option:
    return Option(oid, pid, day, tuple(phases), start, end, method, cost, notice, rest, tuple(draws))


def test_meets_a_need_with_the_cheapest_way_to_have_people_there():
    # given two constables needed; one on duty at a unit with spare, one on a rest day, one on overtime
    problem = DeployProblem(
        needs=(Need("n1", "deploy", 2, rank="constable"),),
        people=(person("ann"), person("bob"), person("cat")),
        options=(option("a", "ann", method="on_duty", draws=("m1",)),
                 option("b", "bob", method="rest_day", cost=18000, rest=True),
                 option("c", "cat", method="overtime", cost=16000)),
        minimums=(Minimum("m1", "Northtown constables 10:00", 1),))
    # when
    result = solve(problem, time_limit=5)
    # then the on-duty move and the overtime are chosen: the rest day is dearer and also a cancellation
    assert result.status == "optimal"
    assert set(result.chosen) == {"a", "c"}
    assert result.met and result.rest_days_cancelled == 0
    assert result.cost == 16000


def test_never_takes_a_unit_below_its_minimum_and_explains_the_shortfall():
    # given three constables on duty at a unit with only one to spare, needed three
    problem = DeployProblem(
        needs=(Need("n1", "deploy", 3, rank="constable", label="3 constables"),),
        people=(person("ann"), person("bob"), person("cat")),
        options=tuple(option(p, p, draws=("m1",)) for p in ("ann", "bob", "cat")),
        minimums=(Minimum("m1", "Northtown constables Sat 10:00", 1),))
    # when
    result = solve(problem, time_limit=5)
    # then one goes, two short, and the planner reads why the others could not
    assert len(result.chosen) == 1
    assert result.short == {"n1": 2}
    [unmet] = result.unmet
    assert unmet.short == 2
    assert all("below its minimum" in why for _name, why in unmet.reasons)
    assert "3 constables: 2 short." in unmet.sentence()


def test_explains_blocked_people_with_their_reason():
    # given a medic on leave and no other medic
    problem = DeployProblem(
        needs=(Need("n1", "deploy", 1, skill="medic", label="1 medic"),),
        people=(person("ann", "constable", "medic"),),
        options=(),
        blocked=(Blocked("ann", "on annual leave"),))
    # when
    result = solve(problem, time_limit=5)
    # then
    assert result.unmet[0].reasons == (("Ann", "on annual leave"),)


def test_one_person_counts_for_every_need_of_the_phase_they_satisfy():
    # given a sergeant who drives: "1 sergeant" and "1 driver"
    problem = DeployProblem(
        needs=(Need("s", "deploy", 1, rank="sergeant"), Need("d", "deploy", 1, skill="driver")),
        people=(person("sue", "sergeant", "driver"), person("dan", "constable", "driver")),
        options=(option("sue", "sue", cost=100), option("dan", "dan", cost=100)))
    # when
    result = solve(problem, time_limit=5)
    # then she alone meets both
    assert result.chosen == ("sue",)
    assert result.met


def test_prefers_more_notice_and_fewer_cancelled_rest_days_at_equal_cost():
    problem = DeployProblem(
        needs=(Need("n", "deploy", 1),),
        people=(person("ann"), person("bob"), person("cat")),
        options=(option("short", "ann", method="shift_change", cost=500, notice=2),
                 option("long", "bob", method="shift_change", cost=500, notice=20),
                 option("rest", "cat", method="rest_day", cost=500, notice=40, rest=True)))
    assert solve(problem, time_limit=5).chosen == ("long",)


def test_spreads_event_duty_towards_people_who_carried_less_of_it():
    problem = DeployProblem(
        needs=(Need("n", "deploy", 1),),
        people=(person("ann", event_duties_before=6), person("bob", event_duties_before=1)),
        options=(option("a", "ann"), option("b", "bob")))
    assert solve(problem, time_limit=5).chosen == ("b",)


def test_a_person_works_one_run_a_day_and_keeps_eleven_hours_between_event_duties():
    # given one person with options for a late on Saturday and an early on Sunday (8 h apart)
    problem = DeployProblem(
        needs=(Need("sat", "late", 1), Need("sun", "early", 1)),
        people=(person("ann"),),
        options=(option("late", "ann", phases=("late",), start=14 * H, end=23 * H),
                 option("early", "ann", phases=("early",), day="sun", start=31 * H, end=39 * H)))
    # when
    result = solve(problem, time_limit=5)
    # then only one of them
    assert len(result.chosen) == 1
    assert sum(result.short.values()) == 1


def test_fixed_options_are_kept():
    problem = DeployProblem(
        needs=(Need("n", "deploy", 1),),
        people=(person("ann"), person("bob")),
        options=(option("a", "ann", cost=9000), option("b", "bob", cost=0)),
        fixed=frozenset({"a"}))
    assert solve(problem, time_limit=5).chosen == ("a",)


def test_a_malformed_problem_names_what_is_wrong():
    with pytest.raises(DeployError, match="unknown minimum m9"):
        solve(DeployProblem(needs=(), people=(person("ann"),), options=(option("a", "ann", draws=("m9",)),)))


def test_summarise_totals_a_planners_own_choice():
    problem = DeployProblem(
        needs=(Need("n", "deploy", 2),),
        people=(person("ann"), person("bob")),
        options=(option("a", "ann", method="rest_day", cost=1234, rest=True, notice=3),
                 option("b", "bob", cost=0)))
    result = summarise(problem, ["a"])
    assert (result.cost, result.rest_days_cancelled, result.min_notice_days) == (1234, 1, 3)
    assert result.short == {"n": 1}


# --- property: never a unit below its minimum, never a hard rule broken -----------------------------------------------

@st.composite
def instances(draw) -> DeployProblem:
    n_people = draw(st.integers(1, 8))
    ranks = ("constable", "sergeant")
    skills = ("psu", "driver", "medic")
    people = tuple(Person(f"p{i}", f"P{i}", draw(st.sampled_from(ranks)),
                          frozenset(draw(st.sets(st.sampled_from(skills), max_size=2))),
                          draw(st.integers(0, 5)), draw(st.integers(0, 3))) for i in range(n_people))
    minimums = tuple(Minimum(f"m{i}", f"unit {i}", draw(st.integers(0, 3))) for i in range(draw(st.integers(0, 3))))
    phases = [("d0", "brief", 9 * H, 10 * H), ("d0", "deploy", 10 * H, 18 * H), ("d1", "deploy2", 26 * H, 34 * H)]
    options = []
    for p in people:
        for k in range(draw(st.integers(0, 4))):
            a, b = sorted(draw(st.lists(st.integers(0, 2), min_size=2, max_size=2)))
            run = phases[a:b + 1]
            if len({d for d, *_ in run}) > 1:
                run = run[:1]
            method = draw(st.sampled_from(("on_duty", "shift_change", "overtime", "rest_day")))
            draws = tuple(draw(st.sets(st.sampled_from([m.id for m in minimums]), max_size=2))) if minimums else ()
            options.append(Option(f"{p.id}-{k}", p.id, run[0][0], tuple(ph for _d, ph, *_ in run), run[0][2],
                                  run[-1][3], method, draw(st.integers(0, 30000)), draw(st.integers(-1, 40)),
                                  method == "rest_day", draws if method in ("on_duty", "shift_change") else ()))
    needs = tuple(Need(f"n{i}", ph, draw(st.integers(0, 4)), draw(st.sampled_from((None, *ranks))),
                       draw(st.sampled_from((None, *skills)))) for i, (_d, ph, *_r) in enumerate(phases))
    return DeployProblem(needs, people, tuple(options), minimums)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_property_no_unit_below_minimum_and_no_person_twice_a_day_or_short_of_rest(problem):
    # when
    result = solve(problem, time_limit=5, workers=1)
    # then
    assert result.status in ("optimal", "feasible")
    options = {o.id: o for o in problem.options}
    chosen = [options[i] for i in result.chosen]
    drawn = Counter(d for o in chosen for d in o.draws)
    for m in problem.minimums:
        assert drawn[m.id] <= m.spare, f"{m.label} taken below its minimum"
    for i, a in enumerate(chosen):
        for b in chosen[i + 1:]:
            if a.person == b.person:
                assert a.day != b.day
                assert a.end + problem.min_rest_minutes <= b.start or b.end + problem.min_rest_minutes <= a.start
    # and the reported shortfall is the true one
    assert result.short == summarise(problem, result.chosen).short
