"""min_consecutive_days: runs of work inside the horizon are at least so long; runs at the edges are exempt."""

from muster_engine.solver import Request, Roster
from muster_engine.solver.constraints import min_consecutive_days

from .builders import day, people, problem, row, solved, with_rules


def test_a_lone_working_day_between_days_off_is_not_planned():
    # given: ann asks to work Early on Wednesday only; at least 2 days in a row
    ann = with_rules(people("ann", requests=(Request(day(2), "E", True, 5),))[0], min_consecutive_days=2)
    p = problem([ann], n_days=5)

    # when
    solution = solved(p)

    # then: Wednesday with a neighbour (or not at all): never a lone day
    shifts = row(solution, "ann")
    assert min_consecutive_days.short_runs(solution.roster, 0, 2, True, min_consecutive_days.ALL) == []
    assert shifts[2] == "E" and (shifts[1] is not None or shifts[3] is not None)


def test_runs_touching_the_first_or_last_day_are_exempt():
    # given
    ann = with_rules(people("ann")[0], min_consecutive_days=3)
    p = problem([ann], n_days=5)

    # when
    edge = min_consecutive_days.check(Roster.from_ids(p, {"ann": ["E", None, None, None, "E"]}))
    inside = min_consecutive_days.check(Roster.from_ids(p, {"ann": [None, "E", "E", None, None]}))

    # then
    assert edge == []
    assert [b.message for b in inside] == ["ann would work only 2 days in a row from Tue 3 Mar; at least 3 wanted"]
