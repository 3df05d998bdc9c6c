"""skills: a shift type that requires a skill is open only to people holding it."""

from dataclasses import replace

from muster_engine.solver import Roster
from muster_engine.solver.constraints import skills

from .builders import NIGHT, SHIFTS, every_day, people, problem, row, solved

CUSTODY = replace(NIGHT, requires=frozenset({"custody"}))


def test_only_a_qualified_person_is_rostered_on_a_shift_needing_a_skill():
    # given: Night needs custody; only bea has it
    staff = people("ann") + people("bea", skills=frozenset({"custody"}))
    p = problem(staff, every_day(1, "N", 2), n_days=1, shifts=(*SHIFTS[:2], CUSTODY))

    # when
    solution = solved(p)

    # then: bea works it, ann cannot, and one person short is paid for
    assert row(solution, "bea") == ["N"]
    assert row(solution, "ann") != ["N"]
    assert solution.objective == 100


def test_check_names_the_missing_skill():
    # given
    p = problem(people("ann"), n_days=1, shifts=(*SHIFTS[:2], CUSTODY))

    # when
    found = skills.check(Roster.from_ids(p, {"ann": ["N"]}))

    # then
    assert [b.message for b in found] == ["ann is not qualified for Night (needs custody)"]
