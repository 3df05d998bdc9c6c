"""explain: what each soft rule cost, and for a gap in cover who had the skill, what stopped each, and the cheapest
cover rejected."""

from muster_engine.solver import Person, Request, Requirement, Unavailable, WorkRules
from muster_engine.solver.explain import explain

from .builders import day, problem, solved

DRIVER = frozenset({"driver"})


def gap_problem():
    # One Night wanted on Monday with a driver. Ann is on leave; bea, at court by day, has a locked Early on
    # Tuesday (no rest after a night); cy's contract allows one shift and she is locked to Wednesday; dee
    # drives an Early that is worth more where she is; ed does not drive (and is on a course).
    rest = WorkRules(daily_rest_minutes=11 * 60)
    staff = (
        Person("ann", skills=DRIVER, unavailable=(Unavailable(day(0), "annual leave"),)),
        Person("bea", skills=DRIVER, rules=rest, fixed={day(1): "E"},
               unavailable=(Unavailable(day(0), "court", ("E", "L")),)),
        Person("cy", skills=DRIVER, max_minutes=480, fixed={day(2): "E"}),
        Person("dee", skills=DRIVER, fixed={day(1): None, day(2): None},
               requests=(Request(day(0), "N", False, 7),)),
        Person("ed", unavailable=(Unavailable(day(0), "training"),)),
    )
    reqs = (
        Requirement(day(0), target=1, shift="N", skill="driver", under_target=100),
        Requirement(day(0), target=1, shift="E", under_target=300),
    )
    return problem(staff, reqs, n_days=3)


def test_a_gap_lists_who_could_not_cover_it_and_why():
    # given
    p = gap_problem()
    solution = solved(p)

    # when
    lines = explain(p, solution.roster).sentences()

    # then
    assert "Mon 2 Mar Night (driver): 1 driver short of the target of 1." in lines
    assert "  - ann is unavailable on Mon 2 Mar (annual leave)" in lines
    assert ("  - bea would have only 0 h rest between Night on Mon 2 Mar and Early on Tue 3 Mar; "
            "the daily rest rule needs 11 h") in lines
    assert "  - cy would be rostered 16 h, over the 8 h their contract allows" in lines


def test_the_cheapest_cover_rejected_is_priced_with_what_it_would_cost():
    # given
    p = gap_problem()
    solution = solved(p)

    # when
    gap = explain(p, solution.roster).gaps[0]

    # then: dee would leave Early short (300) and break her request (7) to save 100
    assert gap.cheapest is not None and gap.cheapest.person == "dee"
    assert gap.cheapest.extra == 300 + 7 - 100
    assert gap.cheapest.sentence().startswith("dee could cover it by moving from Early, at +207 to the objective")


def test_each_cost_is_a_sentence_with_its_price():
    # given
    p = gap_problem()
    solution = solved(p)

    # when
    explanation = explain(p, solution.roster)

    # then
    assert explanation.objective == solution.objective == 100
    assert explanation.by_rule() == {"cover": 100}
    assert "- Mon 2 Mar Night (driver): 1 driver short of the target of 1 (costs 100)." in explanation.sentences()
