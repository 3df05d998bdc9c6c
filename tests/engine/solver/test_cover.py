"""cover (soft, optionally hard): minimum, target and oversupply by skill, per shift or per time band."""

from muster_engine.solver import Requirement, Roster, SolveOptions, solve
from muster_engine.solver.constraints import cover

from .builders import day, people, problem, row, solved


def test_a_person_counts_in_every_requirement_whose_skill_they_hold():
    # given: want 2 constables of whom 1 driver on Early; ann drives, bea and cy do not
    staff = people("ann", skills=frozenset({"constable", "driver"})) + people(
        "bea", "cy", skills=frozenset({"constable"}))
    reqs = (Requirement(day(0), minimum=2, shift="E", skill="constable"),
            Requirement(day(0), minimum=1, shift="E", skill="driver"))
    p = problem(staff, reqs, n_days=1)

    # when
    solution = solved(p)

    # then: ann is on, plus one other constable; nothing short
    assert row(solution, "ann") == ["E"]
    assert solution.objective == 0


def test_below_the_minimum_costs_more_than_below_the_target():
    # given: minimum 1 (1000 each short) and target 2 (10 each short), nobody available
    p = problem((), (Requirement(day(0), minimum=1, target=2, shift="E"),), n_days=1)

    # when
    costs = cover.cost(Roster.empty(p))

    # then: 1 below the minimum, 2 below the target
    assert sorted(c.total for c in costs) == [20, 1000]


def test_oversupply_costs_when_weighted():
    # given: target 1, over 5 per person; three people must each work (min 8 h)
    staff = people("ann", "bea", "cy", min_minutes=480)
    p = problem(staff, (Requirement(day(0), target=1, shift="E", over=5, under_target=10),), n_days=1)

    # when
    solution = solved(p)

    # then: one on Early, the others on other shifts, no oversupply
    assert [row(solution, x) for x in ("ann", "bea", "cy")].count(["E"]) == 1
    assert solution.objective == 0


def test_a_time_band_is_covered_by_the_shifts_spanning_it():
    # given: one person wanted 22:00-03:00 (Late 15-23 covers an hour, Night 23-07 the rest)
    staff = people("ann", "bea")
    band = Requirement(day(0), minimum=1, start_minute=22 * 60, end_minute=27 * 60, under_minimum=60)
    p = problem(staff, (band,), n_days=1)

    # when
    solution = solved(p)

    # then: one on Late, one on Night; nothing short at any minute
    assert sorted(str(row(solution, x)[0]) for x in ("ann", "bea")) == ["L", "N"]
    assert solution.objective == 0


def test_a_band_short_for_part_of_it_costs_per_person_hour():
    # given: only Night is worked; 22:00-23:00 has nobody: 1 hour x 60 below the minimum, 1 hour x 10 below the
    # target (which defaults to the minimum)
    p = problem(people("ann"), (Requirement(day(0), minimum=1, start_minute=22 * 60, end_minute=27 * 60,
                                            under_minimum=60),), n_days=1)

    # when
    costs = cover.cost(Roster.from_ids(p, {"ann": ["N"]}))

    # then
    assert [c.total for c in costs] == [60, 10]


def test_a_hard_minimum_that_nobody_can_meet_is_infeasible():
    # given
    p = problem(people("ann"), (Requirement(day(0), minimum=2, shift="E", hard_minimum=True),), n_days=1)

    # when
    solution = solve(p, SolveOptions(time_limit=5))

    # then
    assert solution.status == "infeasible"
    assert solution.impossible == ("Mon 2 Mar Early: only 1 could work it, the minimum is 2",)
