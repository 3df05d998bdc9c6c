"""polish: a roster built one person at a time keeps every hard rule, one-person and group moves never raise its
cost, and solve() on a problem too big for the whole model still returns a valid roster."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from muster_engine.solver import Request, Roster, SolveOptions, solve
from muster_engine.solver.colgen import Master, personal_cost
from muster_engine.solver.objective import breaches, evaluate
from muster_engine.solver.polish import CoverCounts, block_moves, construct, polish

from .builders import day, every_day, people, problem, with_rules


def five_people_two_weeks():
    staff = [with_rules(p, daily_rest_minutes=11 * 60, max_consecutive_days=4, min_consecutive_days_off=2)
             for p in people("ann", "bea", "cy", "di", "ed", min_minutes=6 * 480, max_minutes=9 * 480)]
    staff[0] = staff[0].__class__(**{**staff[0].__dict__, "requests": (Request(day(3), None, False, 3),)})
    reqs = every_day(14, "E", 1) + every_day(14, "L", 1) + every_day(14, "N", 1, under_target=50)
    return problem(staff, reqs, n_days=14)


def cost_of(p, master, rows, counts):
    return counts.total() + sum(personal_cost(p, q, r) for q, r in enumerate(rows))


def test_the_constructed_roster_keeps_every_hard_rule_and_its_cost_is_the_evaluated_cost():
    # given
    p = five_people_two_weeks()
    master = Master(p, 2)
    assert master.seed(None)

    # when
    with ThreadPoolExecutor(2) as pool:
        rows, counts = construct(master, pool, time.monotonic() + 10)

    # then
    roster = Roster(p, tuple(rows))
    assert breaches(roster) == []
    assert cost_of(p, master, rows, counts) == evaluate(roster).total


def test_one_person_and_group_moves_never_raise_the_cost_and_keep_the_rules():
    # given
    p = five_people_two_weeks()
    master = Master(p, 2)
    assert master.seed(None)
    seeded = [master.columns[q][0] for q in range(len(p.people))]  # each person's own best, cover ignored
    counts = CoverCounts(master)
    for q, row in enumerate(seeded):
        counts.apply(q, row, +1)
    before = cost_of(p, master, seeded, counts)

    # when
    with ThreadPoolExecutor(2) as pool:
        polished, moves = polish(master, pool, seeded, counts, time.monotonic() + 10)
    after_polish = cost_of(p, master, polished, counts)
    grouped, _ = block_moves(master, polished, counts, time.monotonic() + 3, workers=2)
    after_groups = cost_of(p, master, grouped, counts)

    # then
    assert moves > 0 and after_polish < before
    assert after_groups <= after_polish
    for rows in (polished, grouped):
        assert breaches(Roster(p, tuple(rows))) == []
    assert after_groups == evaluate(Roster(p, tuple(grouped))).total


@pytest.mark.slow
def test_a_problem_too_big_for_the_whole_model_gets_a_valid_roster_from_the_one_person_moves(monkeypatch):
    # given: thresholds lowered so this small problem takes the path of the Curtois scale instances
    import sys

    module = sys.modules["muster_engine.solver.solve"]
    monkeypatch.setattr(module, "HUGE_CELLS", 0)
    monkeypatch.setattr(module, "LARGE_CELLS", 0)
    p = five_people_two_weeks()

    # when
    solution = solve(p, SolveOptions(time_limit=8, workers=2))

    # then
    assert solution.status in ("feasible", "optimal")
    assert breaches(solution.roster) == []
    assert solution.objective == evaluate(solution.roster).total
    assert solution.lns_stats["master"][0] >= 1  # the constructed roster was a candidate (polish moves vary with load)
