"""Lower bounds for the realistic unit (issue 5): every bound stays at or below CP-SAT's proved optimum."""

import time

import pytest

from muster_engine.solver import Person, Problem, Requirement, SolveOptions, Unavailable, Weights, solve
from muster_engine.solver.bounds import (
    BLOCK_PEOPLE,
    BlockBounds,
    aggregate,
    aggregate_bound,
    blocks,
    sub_problem,
    unmet_cost,
)
from muster_engine.solver.colgen import generate, integer_bound

from .builders import day, people, problem, with_rules


def test_a_night_worked_before_the_period_counts_for_the_cover_of_day_0_in_the_column_generation_bound():
    # given: ann's night before the period (23:00-07:00) covers 00:00-06:00 of day 0, which no shift inside the
    # period can reach; the minimum there is met by history alone, so the optimum pays nothing for it
    staff = people("ann", "bea", min_minutes=0, max_minutes=3 * 480)
    staff = (staff[0].__class__(**{**staff[0].__dict__, "history": ("N",)}), staff[1])
    reqs = (Requirement(day(0), minimum=1, start_minute=0, end_minute=360),
            Requirement(day(1), minimum=1, target=1, shift="E", under_target=10))
    p = problem(staff, reqs, n_days=3)
    optimum = solve(p, SolveOptions(time_limit=10, colgen=False, lns=False))
    assert optimum.status == "optimal"

    # when
    result = generate(p, None, time.monotonic() + 10, workers=2)

    # then
    assert result.converged
    assert integer_bound(result) <= optimum.objective


def sergeants_and_constables():
    """Two sergeants cannot give the sergeant every shift of the week that is wanted: a shortfall no roster avoids."""
    sergeants = people("sgt-a", "sgt-b", skills=frozenset({"sergeant"}), min_minutes=0, max_minutes=3 * 480)
    constables = people("pc-a", "pc-b", "pc-c", skills=frozenset({"constable"}), min_minutes=0, max_minutes=3 * 480)
    staff = tuple(with_rules(p, daily_rest_minutes=11 * 60) for p in sergeants + constables)
    reqs = tuple(Requirement(day(d), minimum=1, shift=s, skill="sergeant") for d in range(4) for s in ("E", "L", "N"))
    reqs += tuple(Requirement(day(d), minimum=1, target=2, shift="E", skill="constable") for d in range(4))
    return problem(staff, reqs, n_days=4)


def test_the_blocks_are_the_smallest_groups_of_people_some_requirement_needs_and_never_everyone():
    # given
    p = sergeants_and_constables()

    # when
    found = blocks(p)

    # then: the sergeants with the sergeant cover, the constables with theirs
    assert [(people_, len(reqs)) for people_, reqs in found] == [((0, 1), 12), ((2, 3, 4), 4)]
    assert blocks(p, most=2) == [((0, 1), tuple(range(12)))]


def test_the_block_bound_proves_the_shortfall_and_never_passes_the_proved_optimum():
    # given
    p = sergeants_and_constables()
    optimum = solve(p, SolveOptions(time_limit=20, colgen=False, lns=False))
    assert optimum.status == "optimal"

    # when
    bound = BlockBounds(p).run(time.monotonic() + 20)

    # then: most of the optimum is the sergeants' shortfall (6 shifts short at least), and the bound sees it
    assert 6 * 1000 <= bound <= optimum.objective


def test_requirements_nobody_is_qualified_for_cost_their_whole_shortfall():
    # given: a taser requirement with no taser holder: 2 short of the minimum, 3 of the target, on a 10-hour band
    p = problem(people("ann"), (Requirement(day(0), minimum=2, target=3, skill="taser", start_minute=420,
                                            end_minute=1020),), n_days=1)

    # when
    cost = unmet_cost(p)

    # then: per person-hour, 1000 under the minimum and 10 under the target (cover.py)
    assert cost == 2 * 1000 * 10 + 3 * 10 * 10


def test_solve_on_a_unit_with_a_short_sergeant_block_reports_a_valid_bound():
    # given
    p = sergeants_and_constables()

    # when
    solution = solve(p, SolveOptions(time_limit=6, workers=2, first_share=0.01))

    # then the reported bound holds and proves the sergeants' shortfall, whichever phase proved it: on a quiet
    # machine the first whole-model phase can prove optimality before the blocks run at all
    assert solution.best_bound is not None and solution.objective is not None
    assert 6 * 1000 <= solution.best_bound <= solution.objective
    if "blocks" in solution.lns_stats:  # the blocks ran: the sergeants' block converged and its bound holds
        n_blocks, converged, bound, _adopted = solution.lns_stats["blocks"]
        assert (n_blocks, converged) == (2, 1)
        assert 6 * 1000 <= bound <= solution.objective


def a_short_station_with_a_base(weights: Weights) -> Problem:
    """Two sergeants and three constables over four days with a base roster and contract hours; a sergeant's
    base Early is on leave, and the cover wants more than the base gives: changes, rest days worked and hours
    away from the contract are all paid."""
    base = {"sgt-a": ("E", "E", None, "L"), "sgt-b": (None, "L", "L", None), "pc-a": ("E", "E", "E", None),
            "pc-b": ("L", None, "N", "N"), "pc-c": (None, "E", None, "L")}
    staff = []
    for name, row_ in base.items():
        skill = "sergeant" if name.startswith("sgt") else "constable"
        leave = (Unavailable(day(0), "leave"),) if name == "sgt-a" else ()
        staff.append(with_rules(Person(name, skills=frozenset({skill}), min_minutes=480, max_minutes=3 * 480,
                                       target_minutes=2 * 480 + 120, base=row_, unavailable=leave),
                                daily_rest_minutes=11 * 60))
    reqs = tuple(Requirement(day(d), minimum=1, shift=s, skill="sergeant") for d in range(4) for s in ("E", "L", "N"))
    reqs += tuple(Requirement(day(d), minimum=1, target=2, skill="constable", start_minute=7 * 60, end_minute=23 * 60)
                  for d in range(4))
    return problem(staff, reqs, n_days=4, weights=weights)


@pytest.mark.parametrize("mode", ["build", "fill", "repair"])
def test_the_aggregate_bound_never_passes_the_proved_optimum_and_sees_most_of_it(mode):
    # given
    p = a_short_station_with_a_base(Weights.for_mode(mode))
    optimum = solve(p, SolveOptions(time_limit=30, colgen=False, lns=False))
    assert optimum.status == "optimal"

    # when
    found = aggregate(p, 10)

    # then: a bound, and the sergeants' shortfall alone (12 shifts wanted, at most 6 worked) is in it
    assert 6 * 1000 <= found.bound <= optimum.objective
    assert found.pools == ((0, 1), (2, 3, 4))
    assert found.counts is not None


def test_the_aggregate_bound_of_the_short_sergeant_block_proves_the_shortfall():
    # given
    p = sergeants_and_constables()
    optimum = solve(p, SolveOptions(time_limit=20, colgen=False, lns=False))
    people_, reqs = blocks(p)[0]

    # when
    bound = aggregate_bound(sub_problem(p, people_, reqs), 5)

    # then: 12 sergeant shifts wanted, 6 at most (3 x 8 h each): 6 short
    assert 6 * 1000 <= bound <= optimum.objective


def test_the_others_are_the_people_in_no_block_with_the_requirements_only_they_can_meet():
    # given: two sergeants (a block) and more constables than a block holds; a requirement anyone may meet counts
    # people on both sides, so it is left out of the others' requirements
    sergeants = people("sgt-a", "sgt-b", skills=frozenset({"sergeant"}))
    constables = people(*(f"pc-{i}" for i in range(BLOCK_PEOPLE + 1)), skills=frozenset({"constable"}))
    reqs = (Requirement(day(0), minimum=1, shift="E", skill="sergeant"),
            Requirement(day(0), minimum=4, shift="E", skill="constable"), Requirement(day(0), minimum=1, shift="L"))
    p = problem(sergeants + constables, reqs, n_days=1)

    # when
    bounds = BlockBounds(p)
    others, others_reqs = bounds.others()

    # then
    assert [people_ for people_, _ in bounds.blocks] == [(0, 1)]
    assert others == tuple(range(2, 2 + BLOCK_PEOPLE + 1))
    assert others_reqs == (1,)
