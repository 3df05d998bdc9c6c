"""fixed: locked duties and locked rest days stay, even when cover would want otherwise."""

import pytest

from muster_engine.solver import SolveOptions, Unavailable, solve

from .builders import day, every_day, people, problem, row, solved


def test_a_locked_shift_and_a_locked_rest_day_are_kept():
    # given: Early wanted daily; ann locked to Late on Monday and to a rest day on Tuesday
    staff = people("ann", fixed={day(0): "L", day(1): None})
    p = problem(staff, every_day(3, "E", 1), n_days=3)

    # when
    solution = solved(p)

    # then
    assert row(solution, "ann") == ["L", None, "E"]
    assert solution.objective == 200


def test_a_lock_on_a_day_of_leave_is_reported_as_impossible():
    # given
    staff = people("ann", fixed={day(0): "E"}, unavailable=(Unavailable(day(0), "annual leave"),))
    p = problem(staff, n_days=1)

    # when
    solution = solve(p, SolveOptions(time_limit=5))

    # then
    assert solution.status == "infeasible"
    assert solution.impossible == ("ann is locked to Early on Mon 2 Mar, which another hard rule forbids "
                                   "(leave, skills or a limit of 0)",)


@pytest.mark.parametrize("locked", ["E", None])
def test_check_reports_a_broken_lock(locked):
    # given
    from muster_engine.solver import Roster
    from muster_engine.solver.constraints import fixed

    p = problem(people("ann", fixed={day(0): locked}), n_days=1)

    # when
    found = fixed.check(Roster.from_ids(p, {"ann": ["L"]}))

    # then
    assert len(found) == 1 and "Mon 2 Mar" in found[0].message
