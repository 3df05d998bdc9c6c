"""weekends: at most so many weekends worked (a weekend is worked when Saturday or Sunday is)."""

from muster_engine.solver import Roster
from muster_engine.solver.constraints import weekends

from .builders import every_day, people, problem, row, solved, with_rules


def test_one_weekend_in_two():
    # given: 14 days from a Monday, Early wanted every day, at most 1 weekend
    ann = with_rules(people("ann")[0], max_weekends=1)
    p = problem([ann], every_day(14, "E", 1), n_days=14)

    # when
    solution = solved(p)

    # then: one weekend fully worked, the other not at all
    shifts = row(solution, "ann")
    worked = [shifts[5] is not None or shifts[6] is not None, shifts[12] is not None or shifts[13] is not None]
    assert sorted(worked) == [False, True]
    assert solution.objective == 200


def test_check_counts_a_weekend_with_only_sunday_worked():
    # given
    ann = with_rules(people("ann")[0], max_weekends=0)
    p = problem([ann], n_days=7)

    # when
    found = weekends.check(Roster.from_ids(p, {"ann": [None] * 6 + ["E"]}))

    # then
    assert [b.message for b in found] == ["ann would work 1 weekend; at most 0 allowed"]
