"""colgen: the column-generation bound never passes the optimum, and its rows keep every hard rule."""

import time

import pytest

from muster_engine.solver import Request, Roster, SolveOptions, solve
from muster_engine.solver.colgen import generate, integer_bound
from muster_engine.solver.objective import breaches

from .builders import day, every_day, people, problem, with_rules


def small_problem():
    staff = [with_rules(p, daily_rest_minutes=11 * 60, max_consecutive_days=4, min_consecutive_days_off=2)
             for p in people("ann", "bea", "cy", min_minutes=4 * 480, max_minutes=6 * 480)]
    staff[0] = staff[0].__class__(**{**staff[0].__dict__, "requests": (Request(day(3), None, False, 3),)})
    reqs = every_day(10, "E", 1) + every_day(10, "L", 1) + every_day(10, "N", 1, under_target=50)
    return problem(staff, reqs, n_days=10)


@pytest.mark.slow
def test_the_bound_is_at_most_the_optimum_and_close_to_it():
    # given
    p = small_problem()
    optimum = solve(p, SolveOptions(time_limit=20, colgen=False, lns=False)).objective

    # when
    result = generate(p, None, time.monotonic() + 20, workers=2)

    # then
    assert result.converged
    assert 0 < integer_bound(result) <= optimum
    assert optimum - integer_bound(result) <= 0.1 * optimum


def test_every_generated_row_keeps_the_hard_rules():
    # given
    p = small_problem()

    # when
    result = generate(p, None, time.monotonic() + 20, workers=2, dive_until=time.monotonic() + 20)

    # then
    for person, rows in enumerate(result.columns):
        for r in rows:
            roster = Roster(p, tuple(r if q == person else (-1,) * p.horizon for q in range(len(p.people))))
            assert [b for b in breaches(roster) if b.person == p.people[person].id] == []
    assert result.dived is not None and len(result.dived) == 3
