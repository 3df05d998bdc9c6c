"""The second branch-and-price search, in a process of its own (second_search.py), and how the first hears of it."""

import pickle
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from muster_engine.solver import Person, colgen
from muster_engine.solver.objective import breaches, evaluate
from muster_engine.solver.roster import Roster
from muster_engine.solver.second_search import SecondSearch

from .builders import day
from .test_explain import gap_problem
from .test_sequence import _curtois_1_master


def test_a_problem_goes_to_another_process_whole():
    # given: a problem with locked days, shift limits, a base roster and history (frozen maps inside), its cached
    # lookups already made
    base = gap_problem()
    extra = Person("fay", max_shifts={"N": 1}, min_shifts={"E": 1}, fixed={day(0): None}, base=("E", None, "L"),
                   history=("N",))
    p = type(base)(base.days, base.shift_types, (*base.people, extra), base.requirements, base.weights)
    before = p.allowed.copy()

    # when
    copy = pickle.loads(pickle.dumps(p))

    # then: the same problem, frozen maps still read-only, the same choices left open
    assert copy == p and copy.people[-1].fixed == {day(0): None}
    assert type(copy.people[-1].max_shifts) is type(p.people[-1].max_shifts)
    assert np.array_equal(copy.allowed, before)


def test_a_second_search_in_its_own_process_finds_the_optimum_and_hands_it_over(curtois_dir):
    # given: Curtois 1's converged columns and a roster one person off its optimum (607)
    with ThreadPoolExecutor(2) as pool:
        p, master, worse = _curtois_1_master(curtois_dir, pool)
    worse_cost = evaluate(Roster(p, tuple(worse))).total
    result = colgen.ColumnGeneration(p, master.columns, lower_bound=master.lower_bound, dived=worse)
    heard = []

    # when: the second search runs until it ends (the optimum proved) and the first process looks now and then
    second = SecondSearch(p, master.columns, worse, worse_cost, master.lower_bound, time.monotonic() + 120, 2, 1)
    best = worse_cost
    until = time.monotonic() + 120
    while not second.done and time.monotonic() < until:
        best = second.take(result, best, lambda cost, bound: heard.append(cost))
        time.sleep(0.2)
    best = second.close(result, best)

    # then: its roster, valid and optimal, is now the first's, with its proof; and the process is gone
    assert second.error is None
    assert best == 607 == evaluate(Roster(p, tuple(result.dived))).total
    assert breaches(Roster(p, tuple(result.dived))) == []
    assert heard and heard[-1] == 607
    assert second.take(result, worse_cost) == 607  # asked again with an older best: still the best known
    assert colgen.integer_bound(result) == 607
    assert not second.process.is_alive()


def test_a_second_search_that_fails_changes_nothing_and_says_why(curtois_dir):
    # given: a second search that cannot start its master (no problem to solve)
    result = colgen.ColumnGeneration(None, [], lower_bound=600.0, dived=[(0,)])
    second = SecondSearch(None, [[(0,)]], [(0,)], 700, 600.0, time.monotonic() + 60, 2, 1)

    # when
    best = second.close(result, 700)

    # then: the first search keeps its roster, bound and best; the error is kept to be reported
    assert best == 700 and result.dived == [(0,)] and result.lower_bound == 600.0
    assert second.error is not None and second.error.startswith("AttributeError")
    assert not second.process.is_alive()


def test_branch_and_price_aims_below_a_roster_found_elsewhere(curtois_dir, monkeypatch):
    # given: Curtois 1's master, a roster one person off the optimum, and another search that reports the optimum's
    # cost (607) from its second look on, before this search's first node
    with ThreadPoolExecutor(2) as pool:
        p, master, worse = _curtois_1_master(curtois_dir, pool)
        worse_cost = evaluate(Roster(p, tuple(worse))).total
        result = colgen.ColumnGeneration(p, master.columns, lower_bound=master.lower_bound, dived=worse)
        looks, targets = [], []
        real_node_bound = master.node_bound
        monkeypatch.setattr(master, "node_bound",
                            lambda _pool, target, *a, **k: (targets.append(target), real_node_bound(_pool, target, *a,
                                                                                                    **k))[1])

        def elsewhere(mine: int) -> int:
            looks.append(mine)
            return mine if len(looks) < 2 else min(mine, 607)

        # when
        best = colgen._branch_and_price(master, pool, result, worse_cost, time.monotonic() + 120, None,
                                        elsewhere=elsewhere)

    # then: every node aimed below the other's 607 (the targets rise from the bound), which its trees proved
    # optimal; the roster is the other's to hand over, so this search's own is unchanged
    assert worse_cost > 607 and targets and max(targets) <= 606
    assert best == 607 and colgen.integer_bound(result) == 607
    assert result.dived == worse and master.branches == []
