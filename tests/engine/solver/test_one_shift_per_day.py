"""one_shift_per_day: a person works at most one shift a day, however much cover is wanted."""

from muster_engine.solver import Roster
from muster_engine.solver.constraints import one_shift_per_day

from .builders import day, every_day, people, problem, row, solved


def test_one_person_covers_only_one_of_two_wanted_shifts_a_day():
    # given: one person, Early and Late both wanted every day
    p = problem(people("ann"), every_day(3, "E", 1) + every_day(3, "L", 1), n_days=3)

    # when
    solution = solved(p)

    # then: one shift a day, and the other one's gap is paid for (3 days x 100)
    assert all(s is not None for s in row(solution, "ann"))
    assert solution.objective == 300


def test_a_roster_is_one_shift_or_off_per_cell_by_construction():
    # given
    p = problem(people("ann"), n_days=2)

    # when
    found = one_shift_per_day.check(Roster.from_ids(p, {"ann": ["E", None]}))

    # then
    assert found == []
    assert p.days[0] == day(0)
