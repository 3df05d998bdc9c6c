"""requests (soft): shift-on and shift-off requests cost their weight when broken; an off request names a shift."""

from muster_engine.solver import Request, Roster
from muster_engine.solver.constraints import requests

from .builders import day, every_day, people, problem, row, solved


def test_a_heavier_request_wins_over_a_lighter_one():
    # given: ann asks for Late on Monday (weight 3), bea asks for Monday off (weight 1); one Late wanted
    staff = people("ann", requests=(Request(day(0), "L", True, 3),)) + people(
        "bea", requests=(Request(day(0), None, False, 1),))
    p = problem(staff, every_day(1, "L", 1), n_days=1)

    # when
    solution = solved(p)

    # then
    assert row(solution, "ann") == ["L"] and row(solution, "bea") == [None]
    assert solution.objective == 0


def test_cover_outweighs_an_off_request_and_the_cost_is_paid():
    # given: only bea, who asked not to work Early on Monday (weight 2); Early wanted
    p = problem(people("bea", requests=(Request(day(0), "E", False, 2),)), every_day(1, "E", 1), n_days=1)

    # when
    solution = solved(p)

    # then
    assert row(solution, "bea") == ["E"]
    assert solution.objective == 2
    assert [pen.message for pen in solution.penalties] == ["bea asked not to work Early on Mon 2 Mar but does"]


def test_working_another_shift_keeps_an_off_request_for_a_named_shift():
    # given
    p = problem(people("bea", requests=(Request(day(0), "E", False, 2),)), n_days=1)

    # when
    costs = requests.cost(Roster.from_ids(p, {"bea": ["L"]}))

    # then
    assert costs == []
