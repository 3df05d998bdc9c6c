"""Pricing and listing rows by dynamic programming (sequence.py) must give exactly what CP-SAT gives on the person's
model built from constraints/: the same cheapest reduced cost and the same rows under a ceiling, on random people
with every rule the fast path takes, and on Curtois people."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from muster_engine.solver import Person, Problem, Request, Roster, ShiftType, Unavailable, Weights, WorkRules
from muster_engine.solver.colgen import Master, _Pricer, personal_cost
from muster_engine.solver.objective import breaches, evaluate
from muster_engine.solver.roster import OFF
from muster_engine.solver.sequence import Sequence

from .builders import MONDAY, problem


@st.composite
def one_person_problems(draw):
    """A person with random sequence rules over 5-12 days from a random weekday, and random integer duals (so
    CP-SAT's duals x SCALE are exact and both sides see the same costs)."""
    n = draw(st.integers(5, 12))
    first = MONDAY + timedelta(days=draw(st.integers(0, 6)))
    lengths = draw(st.lists(st.sampled_from([240, 480, 600]), min_size=2, max_size=3))
    ids = ["A", "B", "C"][: len(lengths)]
    shifts = tuple(ShiftType(i, length, cannot_follow=tuple(draw(st.sets(st.sampled_from(ids)))))
                   for i, length in zip(ids, lengths, strict=True))
    maybe = lambda values: draw(st.one_of(st.none(), st.sampled_from(values)))  # noqa: E731
    rules = WorkRules(max_consecutive_days=maybe([1, 2, 3, 5]), min_consecutive_days=maybe([2, 3]),
                      min_consecutive_days_off=maybe([2, 3]), max_weekends=maybe([0, 1, 2]))
    longest = n * max(lengths)
    low = draw(st.one_of(st.none(), st.integers(0, longest // 3)))
    high = draw(st.one_of(st.none(), st.integers(max(low or 0, longest // 4), longest)))
    days = [first + timedelta(days=d) for d in range(n)]
    requests = tuple(Request(draw(st.sampled_from(days)), draw(st.one_of(st.none(), st.sampled_from(ids))),
                             draw(st.booleans()), draw(st.integers(1, 3))) for _ in range(draw(st.integers(0, 4))))
    person = Person(
        "p", rules=rules, min_minutes=low, max_minutes=high,
        max_shifts={i: draw(st.integers(0, n)) for i in ids if draw(st.booleans())},
        min_shifts={i: draw(st.integers(0, 2)) for i in ids if draw(st.booleans())},
        unavailable=tuple(Unavailable(d, "leave") for d in draw(st.sets(st.sampled_from(days), max_size=2))),
        requests=requests)
    p = Problem(tuple(days), shifts, (person,), (), Weights())
    duals = {(d, s): float(draw(st.integers(-3, 12))) for d in range(n) for s in range(len(ids))}
    return p, duals


def _cp_sat_pricer(p, person: int = 0) -> _Pricer:
    pricer = _Pricer(p, person)
    pricer.sequence = None  # the CP-SAT model, as every other person's pricing
    return pricer


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_person_problems(), st.integers(0, 6))
def test_the_cheapest_row_and_the_rows_under_a_ceiling_are_cp_sats(case, gap):
    # given
    p, duals = case
    assert Sequence.supports(p, 0)
    sequence, cp_sat = Sequence(p, 0), _cp_sat_pricer(p)

    # when
    cheapest = sequence.cheapest(duals)
    found, best = cp_sat.price(duals, 10.0)

    # then: both infeasible, or the same cheapest cost, and the same rows within `gap` of it
    if cheapest is None:
        assert not cp_sat.feasible
        return
    assert best is not None and cheapest[0] == pytest.approx(best)
    rows, complete = sequence.within(duals, cheapest[0] + gap, 10.0, 3000)
    assume(complete)  # people with hardly a rule have 3^12 rows: CP-SAT takes minutes to list them
    expected, expected_complete = cp_sat.within(duals, cheapest[0] + gap, 10.0, 3000)
    assert expected_complete
    assert rows == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_person_problems(), st.data())
def test_a_person_priced_at_other_duals_first_is_priced_as_afresh(case, data):
    # given: a person priced and listed at other duals first, which leaves its shift limits' penalties (the next
    # bisection starts from them) and its relaxation (kept for the same duals)
    p, duals = case
    earlier = {cell: float(data.draw(st.integers(-3, 12))) for cell in duals}
    used = Sequence(p, 0)
    used.cheapest(earlier)
    used.within(earlier, 5.0, 10.0, 3000)

    # when
    cheapest, fresh = used.cheapest(duals), Sequence(p, 0).cheapest(duals)

    # then: the same cheapest row's cost, a relaxation that is still a lower bound, and the same rows within 3
    if fresh is None:
        assert cheapest is None
        return
    assert cheapest[0] == pytest.approx(fresh[0])
    assert used._root(used._relaxed(duals)) <= cheapest[0] + 1e-9
    rows, complete = used.within(duals, cheapest[0] + 3, 10.0, 3000)
    assert (rows, complete) == Sequence(p, 0).within(duals, cheapest[0] + 3, 10.0, 3000)


def test_every_listed_row_keeps_the_rules_and_costs_what_the_objective_says(curtois_dir):
    # given: a Curtois 4 person (weekends, runs, minutes, shift limits) and duals that make work pay
    from muster_engine.solver.curtois import read_instance, to_problem

    p = to_problem(read_instance(curtois_dir / "Instance4.txt"))
    duals = {(d, s): 30.0 + 7 * ((d * 3 + s) % 5) for d in range(p.horizon) for s in range(len(p.shift_types))}
    sequence = Sequence(p, 2)
    cheapest, _ = sequence.cheapest(duals)

    # when
    rows, complete = sequence.within(duals, cheapest + 20, 30.0, 10**6)

    # then
    assert complete and len(rows) > 10
    empty = (OFF,) * p.horizon
    for row in rows:
        roster = Roster(p, tuple(row if q == 2 else empty for q in range(len(p.people))))
        assert [b for b in breaches(roster) if b.person == p.people[2].id] == []
        worked = sum(duals.get((d, s), 0.0) for d, s in enumerate(row) if s != OFF)
        assert cheapest - 1e-9 <= personal_cost(p, 2, row) - worked <= cheapest + 20 + 1e-9


def test_a_list_cut_at_its_cap_holds_the_cheapest_rows(curtois_dir):
    # given: the Curtois 4 person and duals above, whose rows within 20 of the cheapest are more than 40
    from muster_engine.solver.curtois import read_instance, to_problem

    p = to_problem(read_instance(curtois_dir / "Instance4.txt"))
    duals = {(d, s): 30.0 + 7 * ((d * 3 + s) % 5) for d in range(p.horizon) for s in range(len(p.shift_types))}
    sequence = Sequence(p, 2)
    cheapest, _ = sequence.cheapest(duals)
    every, _ = sequence.within(duals, cheapest + 20, 30.0, 10**6)
    assert len(every) > 40

    # when
    rows, complete = sequence.within(duals, cheapest + 20, 30.0, 40)

    # then: not claimed complete, and the 40 cheapest of them (ties at the cut aside), not the first 40 found
    def cost(row):
        return personal_cost(p, 2, row) - sum(duals.get((d, s), 0.0) for d, s in enumerate(row) if s != OFF)

    assert not complete and len(rows) == 40
    ranked = sorted(cost(row) for row in every)
    assert max(cost(row) for row in rows) == pytest.approx(ranked[39])


@pytest.mark.parametrize("change", [
    {"history": ("E",)},
    {"rules": WorkRules(daily_rest_minutes=660)},
    {"rules": WorkRules(weekly_rest_minutes=24 * 60)},
    {"rules": WorkRules(max_minutes_per_window=(7, 2400))},
])
def test_people_with_rules_beyond_sequences_are_left_to_cp_sat(change):
    # given
    person = replace(Person("p"), **change)
    p = problem([person], shifts=(ShiftType("E", 480, start_minute=420),))

    # then
    assert not Sequence.supports(p, 0)
    assert _Pricer(p, 0).sequence is None


def test_a_horizon_longer_than_four_weeks_is_left_to_cp_sat():
    p = problem([Person("p")], n_days=29, shifts=(ShiftType("E", 480),))
    assert not Sequence.supports(p, 0)


def test_pricing_out_of_time_gives_a_lower_bound_not_a_claim(curtois_dir):
    # given: no time at all to search
    from muster_engine.solver.curtois import read_instance, to_problem

    p = to_problem(read_instance(curtois_dir / "Instance4.txt"))
    duals = {(d, s): 30.0 for d in range(p.horizon) for s in range(len(p.shift_types))}
    sequence = Sequence(p, 0)
    cheapest, _ = sequence.cheapest(duals)

    # when
    _, bound = sequence.price(duals, -1.0)

    # then: the relaxation's bound, at most the true cheapest
    assert bound is not None and bound <= cheapest + 1e-9
    rows, complete = sequence.within(duals, cheapest + 50, -1.0, 10**6)
    assert not complete


@pytest.mark.slow
def _curtois_1_master(curtois_dir, pool):
    """Curtois 1, its optimum (607) and a master converged on it, and a roster one person off the optimum."""
    from muster_engine.solver.curtois import read_instance, to_problem
    from muster_engine.solver.solve import SolveOptions, solve

    p = to_problem(read_instance(curtois_dir / "Instance1.txt"))
    optimum = solve(p, SolveOptions(time_limit=30, workers=2))
    assert optimum.objective == 607
    rows = list(optimum.roster.rows)
    master = Master(p, workers=2)
    master.seed(rows, pool=pool)
    master.converge(pool, time.monotonic() + 20)
    worse = rows.copy()
    worse[0] = next(c for c in master.columns[0] if c != rows[0] and _keeps_rules(p, 0, c))
    return p, master, worse


def test_a_cover_branch_binds_the_lp_and_undoing_it_restores_it(curtois_dir):
    # given
    with ThreadPoolExecutor(2) as pool:
        p, master, _ = _curtois_1_master(curtois_dir, pool)
        master.lp.Solve()
        root = master.objective.Value()
        branching = master.fractional_cover()
        assert branching is not None
        k, count = branching

        # when: at most the count rounded down, column generation again; then the branch undone
        master.branch(k, at_most=int(count))
        master.converge(pool, time.monotonic() + 20)
        master.lp.Solve()
        branched = master.objective.Value()
        counted = sum(var.solution_value() * sum(1 for d, s in master.rows[k].cells if master.columns[q][j][d] == s)
                      for q in master.rows[k].people for j, var in enumerate(master.vars[q]))
        master.unbranch()
        master.lp.Solve()
        undone = master.objective.Value()

    # then: the branch holds (columns priced after it included), costs something, and leaves no trace
    assert counted <= int(count) + 1e-6
    assert branched >= root - 1e-6
    assert undone == pytest.approx(root, abs=1e-6) or undone < root  # new columns can only help the LP
    assert master.branches == [] and all(i < len(master.cover) for e in master.cell_rows.values() for _, i in e)


def test_undone_branches_leave_no_rows_behind_and_the_next_branch_counts_only_its_own_cells(curtois_dir):
    # given: a master converged on Curtois 1, and two cover rows that count different cells
    with ThreadPoolExecutor(2) as pool:
        p, master, _ = _curtois_1_master(curtois_dir, pool)
    rows_before = master.lp.NumConstraints()
    first, second = 0, next(k for k, row in enumerate(master.rows) if set(row.cells) != set(master.rows[0].cells))

    # when: branched and undone many times (a long branch-and-price run), then branched on the second row
    for _ in range(20):
        master.branch(first, at_least=1)
        master.unbranch()
    master.branch(second, at_most=0)
    constraint, _ = master.cover[-1]

    # then: one row in the LP for the branch in force (GLOP cannot delete rows: they piled up, 362 after 320 nodes
    # of Curtois 6), and it counts the second row's cells in each column and nothing of the first's
    assert master.lp.NumConstraints() == rows_before + 1
    for q in range(master.n_people):
        for j, var in enumerate(master.vars[q]):
            expected = (sum(1 for d, s in master.rows[second].cells if master.columns[q][j][d] == s)
                        if q in master.rows[second].people else 0)
            assert constraint.GetCoefficient(var) == expected


def test_when_glop_fails_warm_cold_and_without_presolve_the_lp_is_solved_as_its_dual(curtois_dir):
    # given: a master whose GLOP fails on every solve but one of the dual problem (as it did at a tree's root after
    # 320 nodes of Curtois 6, keeping a deep node's basis whatever else was asked)
    from ortools.linear_solver import pywraplp

    with ThreadPoolExecutor(2) as pool:
        p, master, _ = _curtois_1_master(curtois_dir, pool)
    real, asked = master.lp, []

    class FailingGlop:
        parameters = ""

        def SetSolverSpecificParametersAsString(self, text):
            self.parameters = text
            return real.SetSolverSpecificParametersAsString(text)

        def Solve(self, *args):
            asked.append(self.parameters)
            if "solve_dual_problem: ALWAYS_DO" not in self.parameters:
                return pywraplp.Solver.ABNORMAL
            return real.Solve(*args)

    master.lp = FailingGlop()

    # when
    solved = master._solve_lp()

    # then: solved, after the warm start, from scratch and without presolve; GLOP's parameters are left as they were
    assert solved and real.Objective().Value() == pytest.approx(master.lower_bound, abs=1.0)
    assert asked == ["", "", "use_preprocessing: false", "solve_dual_problem: ALWAYS_DO"]
    assert master.lp.parameters == ""


def test_luby_sequence():
    from muster_engine.solver.colgen import luby

    # Luby, Sinclair and Zuckerman (1993): each run of the sequence repeats itself and then doubles
    assert [luby(i) for i in range(16)] == [1, 1, 2, 1, 1, 2, 4, 1, 1, 2, 1, 1, 2, 4, 8, 1]


def test_branch_and_price_cut_into_small_trees_still_finds_the_optimum_and_proves_it(curtois_dir, monkeypatch):
    # given: a roster one person off Curtois 1's optimum, trees cut at 2 x Luby's sequence nodes, and nodes that
    # must branch (no more than 50 rows)
    from muster_engine.solver import colgen

    monkeypatch.setattr(colgen, "TREE_NODES", 2)
    monkeypatch.setattr(colgen, "NODE_MOST", 50)
    with ThreadPoolExecutor(2) as pool:
        p, master, worse = _curtois_1_master(curtois_dir, pool)
        worse_cost = evaluate(Roster(p, tuple(worse))).total
        trees: list[list[int]] = []  # per tree: its place in Luby's sequence, and its nodes
        real_node_bound, real_luby, asked = master.node_bound, colgen.luby, []
        monkeypatch.setattr(colgen, "luby", lambda i: (asked.append(i), real_luby(i))[1])

        def node_bound(*a, **k):
            if not master.branches:
                trees.append([asked[-1], 0])
            trees[-1][1] += 1
            return real_node_bound(*a, **k)

        monkeypatch.setattr(master, "node_bound", node_bound)

        # when
        found = colgen.ColumnGeneration(p, master.columns, lower_bound=master.lower_bound, dived=worse)
        best = colgen._branch_and_price(master, pool, found, worse_cost, time.monotonic() + 240, None)

    # then: trees were cut and restarted, none past its share, and in the end the optimum was found and proved
    assert len(trees) > 2 and max(i for i, _ in trees) > 1
    assert all(nodes <= 2 * real_luby(i) for i, nodes in trees)
    assert best == 607 == evaluate(Roster(p, tuple(found.dived))).total
    assert colgen.integer_bound(found) == 607


def test_the_count_to_branch_on_is_read_from_the_lp_as_it_stands(curtois_dir):
    # given: the master LP solved, then a column added (as a node's last pricing round leaves it)
    with ThreadPoolExecutor(2) as pool:
        p, master, worse = _curtois_1_master(curtois_dir, pool)
    master.lp.Solve()
    master.add_column(0, tuple(OFF for _ in range(p.horizon)))

    # when
    branching = master.fractional_cover()

    # then: a fractional count of the re-solved LP, not nothing
    assert branching is not None and branching[1] % 1 > 1e-4


def test_a_node_whose_bound_passes_the_target_by_a_fraction_is_settled(curtois_dir, monkeypatch):
    # given: nodes whose bound is half a unit past the target (objectives are whole numbers, so nothing is within it)
    from muster_engine.solver import colgen

    with ThreadPoolExecutor(2) as pool:
        p, master, worse = _curtois_1_master(curtois_dir, pool)
        monkeypatch.setattr(master, "node_bound", lambda _pool, target, *a, **k: (target + 0.5, [{}], [0.0]))
        monkeypatch.setattr(master, "node_lists", lambda *a, **k: pytest.fail("listed rows within a negative gap"))
        result = colgen.ColumnGeneration(p, master.columns, lower_bound=605.5, dived=worse)

        # when
        colgen._branch_and_price(master, pool, result, 607, time.monotonic() + 30, None)

    # then: the tree for 606 is settled at its root, which raises the bound to 607 (listing within the negative gap
    # found no rows and left such nodes unsettled for ever)
    assert colgen.integer_bound(result) == 607


def test_the_pick_mip_keeps_a_roster_costing_the_cutoff_and_proves_none_below_it(curtois_dir):
    # given: the columns of a master converged on Curtois 1 and the cheapest roster over them (SCIP's objective limit
    # is strict, so the cutoff must be passed with room for a roster costing exactly it)
    from muster_engine.solver import colgen

    with ThreadPoolExecutor(2) as pool:
        p, master, worse = _curtois_1_master(curtois_dir, pool)
    columns = [sorted(set(cols)) for cols in master.columns]
    rows, cheapest = colgen._pick(p, columns, 60, worse)
    assert cheapest == evaluate(Roster(p, tuple(rows))).total

    # when
    at_cutoff, at_cutoff_cost = colgen._pick(p, columns, 60, worse, cutoff=cheapest)
    below, below_cost = colgen._pick(p, columns, 60, worse, cutoff=cheapest - 1)

    # then: the cutoff is "at most", and nothing within it is a proof (inf), not a failure (None)
    assert at_cutoff_cost == cheapest == evaluate(Roster(p, tuple(at_cutoff))).total
    assert below is None and below_cost == float("inf")


def test_branch_and_price_branches_to_the_optimum_and_proves_it(curtois_dir, monkeypatch):
    # given: a roster one person off Curtois 1's optimum
    from muster_engine.solver import colgen

    with ThreadPoolExecutor(2) as pool:
        p, master, worse = _curtois_1_master(curtois_dir, pool)
        worse_cost = evaluate(Roster(p, tuple(worse))).total
        assert worse_cost > 607
        branched = []
        real_branch = master.branch
        monkeypatch.setattr(master, "branch", lambda *a, **k: (branched.append(a), real_branch(*a, **k)))

        # when: nodes may hold no more than 50 rows, so the root must branch; then, lists as usual, from its roster
        with monkeypatch.context() as few:
            few.setattr(colgen, "NODE_MOST", 50)
            found = colgen.ColumnGeneration(p, master.columns, lower_bound=master.lower_bound, dived=worse)
            branched_best = colgen._branch_and_price(master, pool, found, worse_cost, time.monotonic() + 120, None)
        proof = colgen.ColumnGeneration(p, master.columns, lower_bound=master.lower_bound, dived=found.dived)
        best = colgen._branch_and_price(master, pool, proof, branched_best, time.monotonic() + 120, None)

    # then: branching found a better valid roster (how close to 607 depends on which small trees settle in time)
    assert branched and master.branches == []
    assert branched_best < worse_cost
    assert evaluate(Roster(p, tuple(found.dived))).total == branched_best
    assert breaches(Roster(p, tuple(found.dived))) == []
    # from it, the optimum, and nothing within 606: the bound is raised to 607
    assert best == 607 == evaluate(Roster(p, tuple(proof.dived))).total
    assert colgen.integer_bound(proof) == 607


def test_near_the_bound_branch_and_price_looks_for_a_roster_better_than_the_best_first(curtois_dir, monkeypatch):
    # given: a roster one person off Curtois 1's optimum, counted near the bound
    from muster_engine.solver import colgen

    monkeypatch.setattr(colgen, "ENUMERATE_GAP", 1.0)
    with ThreadPoolExecutor(2) as pool:
        p, master, worse = _curtois_1_master(curtois_dir, pool)
        worse_cost = evaluate(Roster(p, tuple(worse))).total
        targets = []
        real_node_bound = master.node_bound
        monkeypatch.setattr(master, "node_bound",
                            lambda pool, target, *a, **k: (targets.append(target), real_node_bound(pool, target, *a,
                                                                                                     **k))[1])

        # when
        found = colgen.ColumnGeneration(p, master.columns, lower_bound=master.lower_bound, dived=worse)
        best = colgen._branch_and_price(master, pool, found, worse_cost, time.monotonic() + 120, None)

    # then: the first tree is for the best less one (rising from the bound, 606), and the optimum is found and proved
    assert targets[0] == worse_cost - 1
    assert best == 607 == evaluate(Roster(p, tuple(found.dived))).total
    assert colgen.integer_bound(found) == 607


def _keeps_rules(p, person: int, row) -> bool:
    empty = (OFF,) * p.horizon
    roster = Roster(p, tuple(row if q == person else empty for q in range(len(p.people))))
    return not [b for b in breaches(roster) if b.person == p.people[person].id and b.rule != "cover"]
