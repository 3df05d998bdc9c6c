"""total_minutes: contracted hours within tolerance (hard), near the target (soft), and an average-hours cap."""

from muster_engine.solver import Roster, Weights
from muster_engine.solver.constraints import total_minutes

from .builders import every_day, people, problem, row, solved, with_rules


def test_hours_stay_within_the_contract_band():
    # given: 24-32 h over the week; Early wanted every day
    p = problem(people("ann", min_minutes=24 * 60, max_minutes=32 * 60), every_day(7, "E", 1), n_days=7)

    # when
    solution = solved(p)

    # then: 4 shifts of 8 h
    assert sum(s is not None for s in row(solution, "ann")) == 4


def test_the_minimum_is_worked_even_without_cover_wanted():
    # given
    p = problem(people("ann", min_minutes=16 * 60), n_days=7)

    # when
    solution = solved(p)

    # then
    assert sum(s is not None for s in row(solution, "ann")) == 2


def test_hours_away_from_the_target_cost_per_hour():
    # given: target 40 h, nothing wanted, 3 per hour away
    p = problem(people("ann", target_minutes=40 * 60), n_days=7, weights=Weights(contract_hour=3))

    # when
    solution = solved(p)

    # then: 5 shifts of 8 h meet it exactly
    assert sum(s is not None for s in row(solution, "ann")) == 5
    assert solution.objective == 0


def test_a_rolling_window_caps_hours():
    # given: at most 24 h in any 4 days
    ann = with_rules(people("ann")[0], max_minutes_per_window=(4, 24 * 60))
    p = problem([ann], every_day(8, "E", 1), n_days=8)

    # when
    solution = solved(p)

    # then
    shifts = row(solution, "ann")
    assert all(sum(s is not None for s in shifts[d : d + 4]) <= 3 for d in range(5))


def test_check_names_the_contract():
    # given
    p = problem(people("ann", max_minutes=16 * 60), n_days=3)

    # when
    found = total_minutes.check(Roster.from_ids(p, {"ann": ["E", "E", "E"]}))

    # then
    assert [b.message for b in found] == ["ann would be rostered 24 h, over the 16 h their contract allows"]
