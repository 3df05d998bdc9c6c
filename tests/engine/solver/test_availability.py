"""availability: nobody is rostered on a day (or shift) they are unavailable for."""

from muster_engine.solver import Roster, Unavailable
from muster_engine.solver.constraints import availability

from .builders import day, every_day, people, problem, row, solved


def test_a_person_on_leave_is_not_rostered_even_when_cover_is_short():
    # given: ann is on annual leave on Tuesday; Early wanted every day
    staff = people("ann", unavailable=(Unavailable(day(1), "annual leave"),))
    p = problem(staff, every_day(3, "E", 1), n_days=3)

    # when
    solution = solved(p)

    # then
    assert row(solution, "ann") == ["E", None, "E"]
    assert solution.objective == 100


def test_unavailable_for_one_shift_leaves_the_others_open():
    # given: ann is at court in the afternoon (Late only)
    staff = people("ann", unavailable=(Unavailable(day(0), "court", ("L",)),))
    p = problem(staff, every_day(1, "L", 1, under_target=5) + every_day(1, "E", 1, under_target=1), n_days=1)

    # when
    solution = solved(p)

    # then
    assert row(solution, "ann") == ["E"]


def test_check_gives_the_reason():
    # given
    p = problem(people("ann", unavailable=(Unavailable(day(0), "sickness"),)), n_days=1)

    # when
    found = availability.check(Roster.from_ids(p, {"ann": ["E"]}))

    # then
    assert [b.message for b in found] == ["ann is unavailable on Mon 2 Mar (sickness)"]
