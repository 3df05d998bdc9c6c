"""min_consecutive_days_off: runs of days off between worked days are at least so long."""

from muster_engine.solver import Request, Roster
from muster_engine.solver.constraints import min_consecutive_days_off

from .builders import day, every_day, people, problem, row, solved, with_rules


def test_a_single_day_off_between_duties_becomes_two():
    # given: Early wanted every day, ann asks for Wednesday off, days off come at least two together
    ann = with_rules(people("ann", requests=(Request(day(2), None, False, 500),))[0], min_consecutive_days_off=2)
    p = problem([ann], every_day(5, "E", 1), n_days=5)

    # when
    solution = solved(p)

    # then: Wednesday off takes a neighbour with it
    shifts = row(solution, "ann")
    assert shifts[2] is None and (shifts[1] is None or shifts[3] is None)
    assert solution.objective == 200


def test_check_reports_a_lone_day_off():
    # given
    ann = with_rules(people("ann")[0], min_consecutive_days_off=2)
    p = problem([ann], n_days=5)

    # when
    found = min_consecutive_days_off.check(Roster.from_ids(p, {"ann": ["E", "E", None, "E", "E"]}))

    # then
    assert [b.message for b in found] == ["ann would have only 1 day off in a row from Wed 4 Mar; at least 2 wanted"]
