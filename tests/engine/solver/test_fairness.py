"""fairness (soft): nights and weekend days spread evenly among the people who may work them."""

from muster_engine.solver import Roster, Weights
from muster_engine.solver.constraints import fairness

from .builders import every_day, people, problem, row, solved


def test_nights_are_shared_out_when_fairness_is_weighted():
    # given: one Night wanted on each of 4 days, two people, spread costs 5 a night
    p = problem(people("ann", "bea"), every_day(4, "N", 1, over=100), n_days=4,
                weights=Weights(fair_nights=5))

    # when
    solution = solved(p)

    # then
    assert row(solution, "ann").count("N") == row(solution, "bea").count("N") == 2
    assert solution.objective == 0


def test_the_spread_is_measured_and_priced():
    # given
    p = problem(people("ann", "bea"), n_days=4, weights=Weights(fair_nights=5))

    # when
    roster = Roster.from_ids(p, {"ann": ["N", "N", "N", None], "bea": [None, None, None, "N"]})

    # then
    assert fairness.measures(roster)["nights"] == {"ann": 3, "bea": 1}
    assert [(c.amount, c.total) for c in fairness.cost(roster)] == [(2, 10)]
