"""pattern_adherence (soft): keep to the base roster; changes at short notice cost more (repair)."""

from datetime import timedelta

from muster_engine.solver import Unavailable, Weights
from muster_engine.solver.constraints import pattern_adherence

from .builders import MONDAY, day, every_day, people, problem, row, solved


def test_fill_keeps_the_base_roster_when_nothing_forces_a_change():
    # given: base roster E E E; cover wants Late on Tuesday (cheaper to leave short than change a duty)
    p = problem(people("ann", base=("E", "E", "E")), every_day(3, "E", 1), n_days=3,
                weights=Weights(remove=50, add=20), mode="fill")

    # when
    solution = solved(p)

    # then
    assert row(solution, "ann") == ["E", "E", "E"]
    assert solution.objective == 0


def test_repair_changes_the_latest_duty_it_can():
    # given: bea's Early on day 2 is lost to sickness; ann (base E, E, E, E on days 0-3 ... ) could move;
    # today is the day before the horizon, so a change on day 0 has the least notice
    ann = people("ann", base=("L", "L", "L", "L"))[0]
    bea = people("bea", base=("E", "E", "E", "E"), unavailable=(Unavailable(day(0), "sickness"),
                                                                Unavailable(day(3), "sickness")))[0]
    reqs = (*every_day(4, "E", 1, under_target=1000), *every_day(4, "L", 1, under_target=10))
    weights = Weights(remove=10, add=10, short_notice=5, notice_days=28)
    p = problem([ann, bea], reqs, n_days=4, weights=weights, mode="repair", today=MONDAY - timedelta(days=1))

    # when
    solution = solved(p)

    # then: ann covers both Earlies (Late left short), and the day-0 change costs more than the day-3 one
    assert row(solution, "ann") == ["E", "L", "L", "E"]
    assert pattern_adherence.weight(p, 0, 10) == 10 + 5 * 27
    assert pattern_adherence.weight(p, 3, 10) == 10 + 5 * 24
    assert solution.objective == (10 + 5 * 27) + (10 + 5 * 24) + 2 * 10


def test_a_change_forced_by_new_leave_is_not_charged():
    # given
    p = problem(people("bea", base=("E",), unavailable=(Unavailable(day(0), "sickness"),)), n_days=1,
                weights=Weights(remove=10))

    # when
    solution = solved(p)

    # then
    assert solution.objective == 0
