"""max_shifts_per_type: at most (and at least) so many shifts of a type; a limit of 0 removes the choice."""

from muster_engine.solver import Roster
from muster_engine.solver.constraints import max_shifts_per_type

from .builders import every_day, people, problem, row, solved


def test_at_most_two_nights():
    # given
    p = problem(people("ann", max_shifts={"N": 2}), every_day(5, "N", 1), n_days=5)

    # when
    solution = solved(p)

    # then
    assert row(solution, "ann").count("N") == 2
    assert solution.objective == 300


def test_a_limit_of_zero_removes_the_shift_before_the_model_is_built():
    # given
    p = problem(people("ann", max_shifts={"N": 0}), n_days=3)

    # then
    assert not p.allowed[0, :, 2].any()


def test_at_least_two_lates_even_when_nobody_wants_them():
    # given: min 2 Lates, cover wants only Earlies
    p = problem(people("ann", min_shifts={"L": 2}), every_day(4, "E", 1), n_days=4)

    # when
    solution = solved(p)

    # then
    assert row(solution, "ann").count("L") == 2


def test_check_reports_too_many():
    # given
    p = problem(people("ann", max_shifts={"N": 1}), n_days=3)

    # when
    found = max_shifts_per_type.check(Roster.from_ids(p, {"ann": ["N", "N", None]}))

    # then
    assert [b.message for b in found] == ["ann would work 2 Nights; at most 1 allowed"]
