"""Column generation: a strong lower bound and good building blocks for the search.

Every hard rule concerns one person's row (their shifts over the horizon); only cover ties rows together. So the
problem is "choose one feasible row per person" with cover priced on the sum of the rows. The master LP does that
choice over the rows generated so far (columns); the pricing problem finds, for each person, the row with the
best reduced cost under the master's cover duals. Pricing is a one-person CP-SAT model built from the same
constraint modules as the full model (constraints/), so every rule a person's roster must keep is there by
construction; only the objective changes: the person's own soft costs (requests, pattern adherence, contract
hours) minus the cover duals of the shifts worked.

The Lagrangian bound (Σ cover duals x right-hand sides + each person's cheapest row at those duals) bounds the
roster's objective from below, converged or not: far tighter than the compact model's LP, which for the Curtois
instances is near 0. Duals are smoothed (Wentges) and pricing starts from the row the LP uses most. Rosters come
from a dive (fix the people whose LP row is whole or nearly, re-price the rest, repeat) or, when the dive cannot
finish, from a MIP over the generated rows (`master_ip`); solve() then improves them by large-neighbourhood
search on the full model. Near the end, with the best roster close to the bound, every row that could be in a
better roster is listed (reduced cost within the gap of the person's cheapest, `Master.enumerate`) for targets
rising from the bound, and a MIP over the lists finds the cheapest roster within each, or proves there is none,
which raises the bound. When those lists grow too long and every row is listed by dynamic programming (sequence.py:
the Curtois rule set), branch-and-price on cover counts (`_branch_and_price`) takes the time left, for the same
rising targets: a node's bound rises with its branches, so its lists shrink until the same listing and MIP settle
it. Once the dives are near the bound, a second branch-and-price search runs beside them in a process of its own
(second_search.py).

Fairness couples rows but is left out of the master: the bound stays valid because fairness costs are never
negative, and the full-model search prices it exactly.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import timedelta
from math import ceil

from ortools.linear_solver import pywraplp
from ortools.math_opt import result_pb2
from ortools.math_opt.core.python import solver as mathopt_core
from ortools.math_opt.python import callback, init_arguments, mathopt
from ortools.math_opt.python import result as mathopt_result
from ortools.sat.python import cp_model
from pybind11_abseil.status import StatusNotOk

from .constraints import cover, pattern_adherence, requests, total_minutes
from .model import RosterModel
from .objective import evaluate
from .problem import Problem
from .roster import OFF, Roster
from .second_search import SECOND_SEARCH_GAP, SECOND_SEARCH_SECONDS, SecondSearch
from .sequence import Sequence
from .terms import Scope

SCALE = 1000  # pricing objectives are integers: duals x SCALE, rounded
PERSONAL = (requests, pattern_adherence, total_minutes)  # soft rules that concern one row only
EPS = 1e-6
# Objectives are whole numbers, so a bound past a target by more than floating-point noise leaves nothing within it.
BOUND_SLACK = 1e-4
# Pricing problems are small but their LP is weak: a tighter LP and no probing solve them a third faster.
PRICING_PARAMETERS: dict[str, object] = {"linearization_level": 2, "cp_model_probing_level": 0}
# A long row (Curtois 22-24: 364 days x 10-32 shift types) is the other way round: presolve alone takes seconds on
# every call and the tight contract-minutes window keeps a first row out of reach for 3-10 s; without presolve or
# the LP a first row comes in under a second and a good one in a few.
LONG_ROW = 2_000  # literals
LONG_ROW_PARAMETERS: dict[str, object] = {"linearization_level": 0, "cp_model_presolve": False}
# A first row only has to keep the person's rules: stop at the first one, with quick restarts and no LP. On Curtois
# 22 (232-234 shifts in 328 days, at most 5 in a row) this finds rows in about a second that the pricing
# parameters miss for minutes; each retry takes another seed.
FIRST_ROW_PARAMETERS: dict[str, object] = {
    "stop_after_first_solution": True, "linearization_level": 0,
    "search_branching": cp_model.PORTFOLIO_WITH_QUICK_RESTART_SEARCH}
# Wentges smoothing: price at a mix of the duals that gave the best bound so far and the LP's, which damps the
# oscillating duals of plain column generation (about a third fewer rounds here).
SMOOTHING = 0.5
PRICING_SECONDS = 2.0  # most a person's pricing takes in a round
# Dives, tried in turn while time allows: (share of the people fixed a step when no LP row is whole, pricing rounds
# between steps). A dive's outcome depends on which columns exist, so later dives, with more, often do better.
DIVES: tuple[tuple[float, int], ...] = ((0.2, 2), (0.1, 3), (0.05, 4))
# Share of the people freed in a re-dive from the best roster (Master.redive). On Curtois 8, 0.3 gave back the same
# roster nearly every time (1618 for a minute); 0.6 went 1618 -> 1315 in 3 minutes.
REDIVE_SHARE = 0.6
# Dives that have not improved the best roster for this share of their time end early when lists follow: Curtois 6
# and 7 stopped improving at 66-126 s of 600 and dived on to 360 s, where the searches after the lists find their
# best known from the LP in 20-64 s (8 improved until 242-294 s, with gaps of up to 126 s between rosters).
DIVE_STALL_SHARE = 0.45
# Branch-and-price (_branch_and_price): pricing rounds a node's column generation takes at most, and the most time
# the MIP over one node's lists takes. On Curtois 8 (bound 1296.6, best known 1300) listing and a MIP over the whole
# problem's rows within 1300 (820,000) is out of reach, and exact neighbourhoods of the best roster (up to 24 of 30
# people freed) were nearly always proved to hold nothing better. Branching on cover counts with the target 1300
# found 1300 at the 25th node, 300 s from a dive's columns (a scratch search); the same tree for 1298 takes about
# 130 s (a node's column generation 2-4 s, its MIP 0.5-20 s with SCIP's objective limit, 10-60 s with a cutoff row).
NODE_ROUNDS = 20
NODE_IP_SECONDS = 60.0
# First, the most time a MIP over listed rows takes for any roster better than the best: a node of Curtois 8's tree
# for 1298, 3,700 rows, held a roster of 1300 (the best known), which SCIP found and proved the cheapest in 8 s;
# over the whole problem's 2,700 rows for 1297, SCIP found nothing better than 1303 in 73 s.
BETTER_SECONDS = 10.0
# Most rows in all for a node's MIP; more, and the node is branched. With SCIP's objective limit, nodes of Curtois 8
# with up to 7,700 rows settle in 0.5-20 s; 20,000 settled the tree for 1298 no sooner (MIPs of 20-55 s).
NODE_MOST = 8_000
# Enumeration (Master.enumerate): most rows listed per person, and in all, before the IP over them is not worth its
# time. Curtois 6: 15,400 rows (5,000 for two people, who are cut short) and SCIP finds the best known in 15 s;
# Curtois 8 needs 33,000 within 1298 and 820,000 within 1300 (sequence.py lists them in 5 s and 25 s; over 33,000
# rows within 1298, SCIP finds nothing better than 1304 in 200 s). CP-SAT lists about 500 rows a second per worker
# (its LP helps: without it, half as many).
ENUMERATE_CAP = 5_000
ENUMERATE_MOST = 30_000
# Rows in all nearest the LP's choice for a MIP when no target's list is short enough (Master.closest): on Curtois
# 8, SCIP found the best known 1300 over 4,058 rows (those within 0.6 of their person's cheapest) in 144 s; over
# 2,632 (within 0.4) and 8,897 (0.85) nothing in 150 s, and over 16,454 (1.1) 1303.
CLOSEST_ROWS = 4_000
# Nor is listing tried with the best roster more than this share above the bound: the lists would be far too long
# (the Curtois scale instances), and the time is the search's. Curtois 5-8 are within 0.2-0.6 % when it starts.
ENUMERATE_GAP = 0.01
# Branch-and-price's trees are cut at TREE_NODES x Luby's sequence (1, 1, 2, 1, 1, 2, 4, ...) nodes; each tree after
# the first branches on one of the BRANCH_CHOICES most fractional cover counts, and takes its first side, at random.
# On Curtois 6 from a 600 s run's columns (best 1951, bound 1949), one tree searched 547 nodes in 350 s without
# finding 1950, and another found it at its 35th node; restarted trees found it in 118-227 s with three seeds of
# five (300 s each).
TREE_NODES = 40
BRANCH_CHOICES = 3


@dataclass
class CoverRow:
    """One piece of cover as the master LP sees it: who counts, which cells, and the convex cost of the count.
    `minimum` and `target` are net of the people history already counts (a night from before day 0): the target
    can be negative, when history alone is over it."""

    people: frozenset[int]
    cells: tuple[tuple[int, int], ...]
    minimum: int
    target: int
    under_minimum: int  # per person below the minimum (0: none; hard minimums use a large penalty)
    under_target: int
    over: int


@dataclass
class ColumnGeneration:
    problem: Problem
    columns: list[list[tuple[int, ...]]] = field(default_factory=list)  # per person, rows (shift index or OFF)
    lower_bound: float = 0.0
    lp_value: float | None = None
    converged: bool = False
    iterations: int = 0
    seconds: float = 0.0
    dived: list[tuple[int, ...]] | None = None
    dives: int = 0
    constructed: list[tuple[int, ...]] | None = None  # construct + polish (polish.py), when asked for
    moves: int = 0  # polish moves made
    seeded: list[tuple[int, ...]] | None = None  # one seed row per person: a valid roster whatever else happens
    enumerated: list[int] | None = None  # rows listed for the IP (Master.enumerate), and 1 when the lists are complete


def cover_rows(problem: Problem) -> list[CoverRow]:
    rows = []
    heaviest = max((max(r.under_minimum, r.under_target) for r in problem.requirements), default=1)
    for req in problem.requirements:
        people = frozenset(cover.qualified(problem, req))
        for seg in cover.segments(problem, req):
            cells = tuple((d, s) for d, s in seg.cells if 0 <= d < problem.horizon)
            # People whose history already works a cell before the horizon (a night into day 0) count as the
            # full model counts them: the rows see only what is left, or the bound would overstate the cost.
            known = sum(1 for p in people for d, s in seg.cells if d < 0 and _history_shift(problem, p, d) == s)
            under_min = seg.coef(req.under_minimum) if req.minimum and not req.hard_minimum else 0
            if req.minimum and req.hard_minimum:
                under_min = 100 * heaviest * max(1, seg.coef(1))  # an artificial slack keeps the LP feasible
            rows.append(CoverRow(people, cells, max(0, req.minimum - known), req.wanted - known, under_min,
                                 seg.coef(req.under_target) if req.wanted else 0, seg.coef(req.over)))
    return rows


def _history_shift(problem: Problem, p: int, d: int) -> int | None:
    """The shift index person p worked on day d < 0, as the model reads it (None: off or unknown)."""
    history = problem.people[p].history
    if not -len(history) <= d < 0 or history[d] is None:
        return None
    return problem.shift_index[history[d]]


def personal_cost(problem: Problem, p: int, row: tuple[int, ...]) -> int:
    empty = [tuple([OFF] * problem.horizon) for _ in problem.people]
    empty[p] = row
    roster = Roster(problem, tuple(empty))
    scope = Scope(people={p})
    return sum(c.total for rule in PERSONAL for c in rule.cost(roster, scope))


def reduced_cost(problem: Problem, p: int, row: tuple[int, ...], duals: dict[tuple[int, int], float]) -> float:
    """Person p's row priced at their cover duals (Master._duals), before the convexity dual."""
    return personal_cost(problem, p, row) - sum(duals.get((d, s), 0.0) for d, s in enumerate(row) if s != OFF)


class _Pricer:
    """One person's CP-SAT model (their rules, their soft costs), re-solved with each round's cover duals."""

    def __init__(self, problem: Problem, p: int) -> None:
        from .solve import build_model  # solve imports this module

        person = problem.people[p]
        self.p = p
        weights = replace(problem.weights, fair_nights=0, fair_weekends=0)
        sub = Problem(problem.days, problem.shift_types, (person,), (), weights, problem.mode, problem.today,
                      problem.timezone, problem.name)
        self.m: RosterModel = build_model(sub)
        self.own = [(pen.weight, pen.expr) for pen in self.m.penalties]
        self.cells = [(d, s, v) for d in range(self.m.n_days) for s, v in self.m.shifts_on(0, d)]
        self.feasible = True
        # Rows of sequence rules only are listed, and their cheapest found exactly, by dynamic programming
        # (sequence.py): on Curtois 8 it lists rows hundreds of times as fast as CP-SAT. Column generation's pricing
        # stays with CP-SAT, which is faster there (0.3 s a round of 30 people on 2 workers, against 1.8 s).
        self.sequence = Sequence(problem, p) if Sequence.supports(problem, p) else None
        # How far CP-SAT's rounding of the duals to 1/SCALE can take a row's reduced cost: half of it on every cell.
        self.rounding = problem.horizon * 0.5 / SCALE

    def _expression(self, duals: dict[tuple[int, int], float]):
        """The row's reduced cost x SCALE at `duals` (before the convexity dual); a clone of the model takes it
        too, its variables having the same indices."""
        return sum(SCALE * w * e for w, e in self.own) - sum(
            round(SCALE * duals.get((d, s), 0.0)) * v for d, s, v in self.cells if abs(duals.get((d, s), 0.0)) > EPS)

    def price(
        self, duals: dict[tuple[int, int], float], limit: float, hint: tuple[int, ...] | None = None,
        parameters: dict[str, object] | None = None,
    ) -> tuple[list[tuple[int, ...]], float | None]:
        """Rows found with their reduced cost (before the convexity dual), and a lower bound on the best one.
        `hint`: the row the LP uses most, a good first solution for CP-SAT to improve on. `parameters`: CP-SAT's,
        instead of the ones chosen by the row's length."""
        model = self.m.model
        model.minimize(self._expression(duals))
        model.clear_hints()
        if hint is not None:
            for d, s, v in self.cells:
                model.add_hint(v, hint[d] == s)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = max(limit, 0.05)
        if parameters is None:
            parameters = LONG_ROW_PARAMETERS if len(self.cells) >= LONG_ROW else PRICING_PARAMETERS
        for key, value in parameters.items():
            setattr(solver.parameters, key, value)
        found: list[tuple[int, ...]] = []
        n_days = self.m.n_days
        cells = self.cells

        class Collect(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                row = [OFF] * n_days
                for d, s, v in cells:
                    if self.boolean_value(v):
                        row[d] = s
                found.append(tuple(row))

        status = solver.solve(model, Collect())
        if status == cp_model.INFEASIBLE:
            self.feasible = False
            return [], None
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return [], None
        return found[-5:], solver.best_objective_bound / SCALE

    def cheapest(self, duals: dict[tuple[int, int], float], limit: float) -> float | None:
        """A lower bound on the cheapest row's reduced cost at `duals` (before the convexity dual): exact from
        sequence.py, CP-SAT's bound less its rounding otherwise. None: not known in the time."""
        if self.sequence is not None:
            return self.sequence.price(duals, limit)[1]
        best = self.price(duals, limit)[1]
        return None if best is None else best - self.rounding

    def within(self, duals: dict[tuple[int, int], float], ceiling: float, limit: float, cap: int,
               keep_cheapest: bool = True) -> tuple[set[tuple[int, ...]], bool]:
        """Every row whose reduced cost at `duals` is at most `ceiling` (and, from CP-SAT, some a rounding above),
        up to `cap` rows (the cheapest, from sequence.py, unless `keep_cheapest` is False: then it stops at the cap);
        True when the list is complete."""
        if self.sequence is not None:
            return self.sequence.within(duals, ceiling, limit, cap, keep_cheapest)
        model = self.m.model.clone()
        model.clear_objective()
        model.clear_hints()
        model.add(self._expression(duals) <= int(SCALE * (ceiling + self.rounding)))
        solver = cp_model.CpSolver()
        solver.parameters.enumerate_all_solutions = True
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = max(limit, 0.05)
        rows: set[tuple[int, ...]] = set()
        n_days, cells = self.m.n_days, self.cells

        class Collect(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                row = [OFF] * n_days
                for d, s, v in cells:
                    if self.boolean_value(v):
                        row[d] = s
                rows.add(tuple(row))
                if len(rows) >= cap:
                    self.stop_search()

        status = solver.solve(model, Collect())
        return rows, status in (cp_model.OPTIMAL, cp_model.INFEASIBLE) and len(rows) < cap


class Master:
    """The master LP over the columns generated so far, with per-person pricing, and diving on top of it."""

    def __init__(self, problem: Problem, workers: int = 2) -> None:
        self.problem = problem
        self.rows = cover_rows(problem)
        self.n_people = len(problem.people)
        self.columns: list[list[tuple[int, ...]]] = [[] for _ in problem.people]
        self.vars: list[list[pywraplp.Variable]] = [[] for _ in problem.people]
        self.seen: list[set[tuple[int, ...]]] = [set() for _ in problem.people]
        self.fixed: dict[int, int] = {}  # person -> column index, while diving
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.workers = max(1, workers)
        self.lower_bound = 0.0
        self.lp_value: float | None = None
        self.iterations = 0
        self.converged = False  # the last round found no row that prices out, and could have
        self.center: list[float] | None = None  # cover duals at the best Lagrangian bound
        self.alpha = SMOOTHING
        self.deadline: float | None = None  # first_row gives up here (generate sets it): the run keeps its time limit
        self._listing: tuple[int, object] | None = None  # enumerate's duals, by the LP iteration they are from
        # While a node of branch-and-price is solved (Master.node_bound): its best Lagrangian bound and the duals
        # that gave it, and the target it must beat.
        self.local: tuple[float, list[float] | None] | None = None
        self.local_target = 0.0
        self.branches: list[tuple[int, int | None, int | None]] = []  # (cover row, at least, at most): branch()
        self.spare: list[pywraplp.Constraint] = []  # branches' rows undone, empty, for the next branch to take
        lp, inf = self.lp, self.lp.infinity()
        self.objective = lp.Objective()
        self.objective.SetMinimization()
        self.convexity = [lp.Constraint(1, 1, f"one_row[{p}]") for p in range(self.n_people)]
        # Cover: n + under_min >= minimum, n + under >= target, n - over <= target.
        self.cover: list[tuple[pywraplp.Constraint, int]] = []  # constraint, right-hand side
        self.cell_rows: dict[tuple[int, int], list[tuple[int, int]]] = {}  # cell -> (cover row, constraint index)
        for k, row in enumerate(self.rows):
            made = []
            for wanted, weight, sign, name in ((row.minimum, row.under_minimum, 1, "under_min"),
                                               (row.target, row.under_target, 1, "under"),
                                               (row.target, row.over, -1, "over")):
                if not weight or (sign > 0 and not wanted):
                    continue
                low, high = (wanted, inf) if sign > 0 else (-inf, wanted)
                c = lp.Constraint(low, high, f"{name}[{k}]")
                slack = lp.NumVar(0, inf, f"{name}_slack[{k}]")
                c.SetCoefficient(slack, sign)
                self.objective.SetCoefficient(slack, weight)
                made.append(len(self.cover))
                self.cover.append((c, wanted))
            for cell in row.cells:
                for i in made:
                    self.cell_rows.setdefault(cell, []).append((k, i))
        self.pricers = [_Pricer(problem, p) for p in range(self.n_people)]

    def add_column(self, p: int, row: tuple[int, ...]) -> bool:
        if row in self.seen[p]:
            return False
        self.seen[p].add(row)
        self.columns[p].append(row)
        var = self.lp.NumVar(0, self.lp.infinity(), f"col[{p},{len(self.columns[p])}]")
        if p in self.fixed:
            var.SetUb(0)
        self.vars[p].append(var)
        self.convexity[p].SetCoefficient(var, 1)
        self.objective.SetCoefficient(var, personal_cost(self.problem, p, row))
        counts: dict[int, int] = {}
        for d, s in enumerate(row):
            if s != OFF:
                for k, i in self.cell_rows.get((d, s), ()):
                    if p in self.rows[k].people:
                        counts[i] = counts.get(i, 0) + 1
        for i, n in counts.items():
            self.cover[i][0].SetCoefficient(var, n)
        return True

    def seed(self, *starts: list[tuple[int, ...]] | None, pool: ThreadPoolExecutor | None = None,
             price: bool = True) -> bool:
        """Give everyone first columns (rows from `starts` that keep every hard rule: a roster found, the base
        roster); False when someone has no feasible row at all. With `pool`, people are priced in parallel."""
        from .objective import breaches  # objective imports the constraint modules, as this module does

        empty = (OFF,) * self.problem.horizon
        for start in starts:
            for p, row in enumerate(start or ()):
                rows = tuple(row if q == p else empty for q in range(self.n_people))
                found = breaches(Roster(self.problem, rows), Scope(people={p}))
                if not [b for b in found if b.rule != "cover"]:  # cover minimums need the others too
                    self.add_column(p, tuple(row))
        if not price:
            return True  # construct() (polish.py) prices everyone anyway: it gives the missing first rows
        if pool is not None:  # a first try for everyone at once; the loop below retries the few it misses
            jobs = {p: pool.submit(self.pricers[p].price, {}, 1.0) for p in range(self.n_people) if not self.columns[p]}
            for p, job in jobs.items():
                found, _ = job.result()
                if found:
                    self.add_column(p, found[-1])
        return all(self.first_row(p) for p in range(self.n_people))

    def first_row(self, p: int) -> bool:
        """Make sure person p has a column. A long horizon with many shift types (Curtois 24: 364 days x 32) can
        take CP-SAT seconds to a first row: try longer before giving up, and give up only on a proof that there is
        none (or after minutes)."""
        # The parameter sets alternate: on some rows of Curtois 23 only the LP finds a first row within seconds.
        for limit, parameters in ((2.0, {**FIRST_ROW_PARAMETERS, "random_seed": 1}), (1.0, None),
                                  (5.0, {**FIRST_ROW_PARAMETERS, "random_seed": 2}), (5.0, PRICING_PARAMETERS),
                                  (20.0, {**FIRST_ROW_PARAMETERS, "random_seed": 3}), (20.0, None), (60.0, {}),
                                  (120.0, PRICING_PARAMETERS)):
            if self.columns[p]:
                break
            if self.deadline is not None:
                left = self.deadline - time.monotonic()
                if left <= 0:
                    break  # out of time: no row for p, so no roster from here (the caller says unknown)
                limit = min(limit, left)
            found, _ = self.pricers[p].price({}, limit, parameters=parameters)
            if found:
                self.add_column(p, found[-1])
            elif not self.pricers[p].feasible:
                return False
        return bool(self.columns[p])

    def _solve_lp(self) -> bool:
        """Solve the master LP; True when optimal. A failed warm start is retried from scratch: with 12,000 columns
        and bounds switched on and off by dives, GLOP has been seen to fail (Curtois 8 at 309 s, 6 at 110 s), and
        the dives and lists stopped there. When that fails too, GLOP's presolve is what fails: a re-dive on Curtois
        8 with 16,215 columns was ABNORMAL warm and cold, and optimal in half a second without presolve (the dives
        then ended at 190-200 s of 600, twice in two runs). Last, GLOP solves the dual problem: at the root of a
        branch-and-price tree after 320 nodes on Curtois 6, GLOP kept the deep node's basis whatever was asked
        (cold, no presolve, dual simplex, no initial basis) and failed on it; only the dual problem was solved."""
        if self.lp.Solve() == pywraplp.Solver.OPTIMAL:
            return True
        scratch = pywraplp.MPSolverParameters()
        scratch.SetIntegerParam(pywraplp.MPSolverParameters.INCREMENTALITY,
                                pywraplp.MPSolverParameters.INCREMENTALITY_OFF)
        try:
            for parameters in ("", "use_preprocessing: false", "solve_dual_problem: ALWAYS_DO"):
                self.lp.SetSolverSpecificParametersAsString(parameters)
                if self.lp.Solve(scratch) == pywraplp.Solver.OPTIMAL:
                    return True
            return False
        finally:
            self.lp.SetSolverSpecificParametersAsString("")

    def _favourite(self, p: int) -> tuple[int, ...] | None:
        """The column the LP uses most for person p."""
        if not self.vars[p]:
            return None
        values = [v.solution_value() for v in self.vars[p]]
        return self.columns[p][max(range(len(values)), key=values.__getitem__)]

    def _duals(self, p: int, mu: list[float]) -> dict[tuple[int, int], float]:
        """The cover dual of each cell for person p: the sum over the cover rows they count in."""
        mine: dict[tuple[int, int], float] = {}
        for cell, entries in self.cell_rows.items():
            total = sum(mu[i] for k, i in entries if p in self.rows[k].people)
            if abs(total) > EPS:
                mine[cell] = total
        return mine

    def round(self, pool: ThreadPoolExecutor, deadline: float) -> int | None:
        """Solve the LP and price everyone not fixed; the number of columns added (None: the LP failed)."""
        if not self._solve_lp():
            return None
        self.lp_value = self.objective.Value()
        self.iterations += 1
        free = [p for p in range(self.n_people) if p not in self.fixed]
        # Read every dual before new columns change the LP.
        mu_lp = [c.dual_value() for c, _ in self.cover]
        pis = {p: self.convexity[p].dual_value() for p in free}
        # Smoothing about the duals of the best bound: the whole problem's, or a node's (not a dive's).
        center = self.local[1] if self.local is not None else None if self.fixed else self.center
        if center is not None and len(center) != len(mu_lp):
            center = None  # from before a branch was made or undone: not the same rows
        alpha = self.alpha if center is not None else 0.0
        mu = mu_lp if not alpha else [alpha * a + (1 - alpha) * b for a, b in zip(center, mu_lp, strict=True)]
        duals = {p: self._duals(p, mu) for p in free}
        lp_duals = duals if not alpha else {p: self._duals(p, mu_lp) for p in free}
        # Each person's share of the time left (the pool prices `workers` at once): a round of a big problem (150
        # people) must not run far past the deadline.
        limit = max(0.05, min(PRICING_SECONDS, (deadline - time.monotonic()) * self.workers / max(1, len(free))))
        hints = {p: self._favourite(p) for p in free}
        jobs = {p: pool.submit(self.pricers[p].price, duals[p], limit, hints[p]) for p in free}
        # The Lagrangian bound at the pricing duals: Σ dual x right-hand side + each person's cheapest row priced
        # at them. CP-SAT prices at duals rounded to 1/SCALE: allow for it so the bound stays a bound.
        bound = sum(m * rhs for m, (_, rhs) in zip(mu, self.cover, strict=True))
        bound -= len(free) * self.problem.horizon * 0.5 / SCALE
        exact = not self.fixed
        proven = True  # every person's best reduced cost at the LP's duals is proved not negative
        added = 0
        for p, job in jobs.items():
            found, best = job.result()
            if best is None:
                exact = proven = False
            else:
                bound += best
                proven = proven and best - pis[p] >= -self.problem.horizon * 0.5 / SCALE - EPS
            for row in found:
                reduced = personal_cost(self.problem, p, row) - pis[p] - sum(
                    lp_duals[p].get((d, s), 0.0) for d, s in enumerate(row) if s != OFF)
                if reduced < -EPS and self.add_column(p, row):
                    added += 1
        if exact and self.local is not None and bound > self.local[0]:
            self.local = (bound, mu)
        if exact and not self.fixed and self.local is None and bound > self.lower_bound:
            self.lower_bound = bound
            self.center = mu
        if alpha and not added:
            self.alpha = 0.0
            return self.round(pool, deadline)  # mispriced: the LP has not changed, so price at its own duals
        self.alpha = SMOOTHING
        # Converged when no row prices out: proved, or not found by pricing with its full time (waiting for
        # pricing's proofs took 5x as long for the same bound on Curtois 8). Pricing cut short by the deadline
        # that finds nothing proves nothing: that was taken for convergence, and dives started on a poor LP.
        self.converged = not alpha and not added and (proven or limit >= PRICING_SECONDS)
        return added

    def converge(self, pool: ThreadPoolExecutor, deadline: float, should_stop=None, most: int | None = None) -> bool:
        rounds = 0
        while time.monotonic() < deadline and not (should_stop and should_stop()):
            added = self.round(pool, deadline)
            rounds += 1
            if added is None:
                return False
            if self.converged:
                return True
            whole_problem = not self.fixed and self.local is None  # a node's LP is not compared with the root's bound
            if whole_problem and self.lp_value is not None and self.lp_value - self.lower_bound <= max(
                    1e-3 * abs(self.lp_value), 1e-6):
                return True  # the bound is within 0.1 % of the LP: more rounds buy almost nothing
            if self.local is not None and self.local[0] > self.local_target:
                return True  # the node has no roster within its target
            if most is not None and rounds >= most:
                return False
        return False

    def dive(
        self, pool: ThreadPoolExecutor, deadline: float, should_stop=None, share: float = 0.2, rounds: int = 2
    ) -> list[tuple[int, ...]] | None:
        """Fix the people whose LP row is (nearly) whole, or else the ones closest to it, re-price the rest, and
        repeat until everyone has a row: a roster that follows the LP's choices. At the deadline the people not
        yet fixed take the row the LP uses most."""
        while len(self.fixed) < self.n_people:
            if not self._solve_lp():
                return None
            if time.monotonic() >= deadline or (should_stop and should_stop()):
                # Out of time: everyone not yet fixed takes the row the LP uses most. Every row keeps its
                # person's hard rules, so the roster is valid, if less good than a finished dive.
                return [self.columns[p][self.fixed[p]] if p in self.fixed else self._favourite(p) or
                        self.columns[p][0] for p in range(self.n_people)]
            whole = []
            for p in range(self.n_people):
                if p in self.fixed:
                    continue
                values = [v.solution_value() for v in self.vars[p]]
                j = max(range(len(values)), key=values.__getitem__)
                if values[j] > 0.999:
                    whole.append((p, j))
            if not whole:
                # Nothing whole yet: fix the tenth of the people (at least one) the LP is surest about.
                ranked = sorted(((max(v.solution_value() for v in self.vars[p]), p) for p in range(self.n_people)
                                 if p not in self.fixed), reverse=True)
                for _, p in ranked[: max(1, int(len(ranked) * share))]:
                    values = [v.solution_value() for v in self.vars[p]]
                    whole.append((p, max(range(len(values)), key=values.__getitem__)))
            for p, j in whole:
                self.fixed[p] = j
                for k, var in enumerate(self.vars[p]):
                    if k != j:
                        var.SetUb(0)
            if len(self.fixed) < self.n_people:
                self.converge(pool, deadline, should_stop, most=rounds)
        return [self.columns[p][self.fixed[p]] for p in range(self.n_people)]

    def redive(self, pool: ThreadPoolExecutor, rows: list[tuple[int, ...]], free: set[int], deadline: float,
               should_stop=None, share: float = 0.2, rounds: int = 2) -> list[tuple[int, ...]] | None:
        """A dive from a roster: everyone outside `free` keeps their row, the master is re-priced for the free
        people against the others' cover, and a dive gives them rows. Large-neighbourhood search whose sub-problem
        is solved on this LP, which is far tighter than the full model's (Curtois 8: a bound of 1296 against
        CP-SAT's 1227), so small gains that whole-model neighbourhoods miss are found."""
        self._keep(rows, free)
        self.converge(pool, deadline, should_stop, most=2 * rounds)
        return self.dive(pool, deadline, should_stop, share, rounds)

    def _keep(self, rows: list[tuple[int, ...]], free: set[int]) -> None:
        """Fix everyone outside `free` to their row in `rows` (added as a column when new)."""
        for p in range(self.n_people):
            if p not in free:
                self.add_column(p, rows[p])
                j = self.columns[p].index(rows[p])
                self.fixed[p] = j
                for k, var in enumerate(self.vars[p]):
                    if k != j:
                        var.SetUb(0)

    def branch(self, k: int, at_least: int | None = None, at_most: int | None = None) -> None:
        """Branch on cover row k's count (the people it counts on its cells): at least or at most that many. It is a
        row of the master like the cover's own, so its dual reaches pricing through `_duals` and new columns take
        their coefficient in `add_column`. Undone, last first, by `unbranch`."""
        row, inf = self.rows[k], self.lp.infinity()
        low, high = (at_least, inf) if at_least is not None else (-inf, at_most)
        constraint = self.spare.pop() if self.spare else self.lp.Constraint()
        constraint.SetBounds(low, high)
        for p in row.people:
            for j, col in enumerate(self.columns[p]):
                n = sum(1 for d, s in row.cells if col[d] == s)
                if n:
                    constraint.SetCoefficient(self.vars[p][j], n)
        i = len(self.cover)
        self.cover.append((constraint, low if at_least is not None else high))
        for cell in row.cells:
            self.cell_rows.setdefault(cell, []).append((k, i))
        self.branches.append((k, at_least, at_most))
        self._listing = None

    def unbranch(self) -> None:
        k, _, _ = self.branches.pop()
        constraint, _ = self.cover.pop()
        # GLOP cannot delete a row: it is emptied and kept for the next branch. Left in place, free, such rows piled
        # up: 362 of them in an LP of 208 after 320 nodes of Curtois 6.
        constraint.Clear()
        constraint.SetBounds(-self.lp.infinity(), self.lp.infinity())
        self.spare.append(constraint)
        for cell in self.rows[k].cells:
            self.cell_rows[cell].pop()
        self._listing = None

    def fractional_cover(self, rng: random.Random | None = None) -> tuple[int, float] | None:
        """The cover row whose count in the LP's solution is furthest from whole, with that count (None: all whole,
        or the LP failed); with `rng`, one of the BRANCH_CHOICES furthest at random, so that a restarted tree is a
        different one. The LP is solved first: a node's column generation can stop at its round limit with
        columns added since the last solve, and OR-Tools then gives no values (a 600 s run of Curtois 8 branched on
        nothing)."""
        if not self._solve_lp():
            return None
        counts = [0.0] * len(self.rows)
        for p in range(self.n_people):
            for j, var in enumerate(self.vars[p]):
                x = var.solution_value()
                if x <= EPS:
                    continue
                for d, s in enumerate(self.columns[p][j]):
                    if s != OFF:
                        for k in {k for k, _ in self.cell_rows.get((d, s), ())}:
                            if p in self.rows[k].people:
                                counts[k] += x
        def whole_by(k: int) -> float:
            return min(counts[k] % 1, 1 - counts[k] % 1)

        fractional = sorted((k for k in range(len(counts)) if whole_by(k) > 1e-4), key=whole_by, reverse=True)
        if not fractional:
            return None
        k = fractional[0] if rng is None else rng.choice(fractional[:BRANCH_CHOICES])
        return k, counts[k]

    def node_bound(self, pool: ThreadPoolExecutor, target: int, deadline: float, should_stop=None,
                   rounds: int = NODE_ROUNDS):
        """Column generation on the master as it stands (branches in force), then the Lagrangian bound at the duals
        of its best round with everyone's cheapest row exact (sequence.py): (bound, duals, cheapest). Duals None:
        the rounds alone proved nothing is within `target`. None: not known (out of time)."""
        self.local, self.local_target = (float("-inf"), None), target + BOUND_SLACK
        try:
            self.converge(pool, deadline, should_stop, most=rounds)
            bound, mu = self.local
        finally:
            self.local = None
        if bound > self.local_target:
            return bound, None, None
        if mu is None:
            return None
        duals = [self._duals(p, mu) for p in range(self.n_people)]
        limit = max(0.05, min(PRICING_SECONDS, (deadline - time.monotonic()) * self.workers / (4 * self.n_people)))
        cheapest = [job.result() for job in [pool.submit(self.pricers[p].cheapest, duals[p], limit)
                                              for p in range(self.n_people)]]
        if None in cheapest:
            return None
        return sum(m * rhs for m, (_, rhs) in zip(mu, self.cover, strict=True)) + sum(cheapest), duals, cheapest

    def node_lists(self, duals, cheapest, slack: float, deadline: float, most: int,
                   ) -> tuple[list[set[tuple[int, ...]]] | None, bool]:
        """Everyone's rows within `slack` of their cheapest at `duals`, person by person, and whether complete; None
        as soon as there are more than `most` in all (the node is branched instead)."""
        lists: list[set[tuple[int, ...]]] = []
        complete = True
        total = 0
        for p in range(self.n_people):
            limit = max(0.05, deadline - time.monotonic())
            rows, whole = self.pricers[p].within(duals[p], cheapest[p] + slack, limit, most - total + 1,
                                                 keep_cheapest=False)
            total += len(rows)
            if total > most:
                return None, False
            lists.append(rows)
            complete = complete and whole
        return lists, complete

    def enumerate(self, pool: ThreadPoolExecutor, target: int, deadline: float,
                  ) -> tuple[list[set[tuple[int, ...]]] | None, bool]:
        """Every row that can be in a roster costing at most `target` (fairness aside), per person, by the
        Lagrangian bound at the LP's duals μ: any roster costs at least Σ μ x right-hand side + Σ each row's reduced
        cost, so in a roster within `target` nobody's row is more than `target` - bound above their cheapest. With
        a small gap that leaves few rows (Curtois 6: 15,000 of which SCIP picks the best known in 15 s), and the
        IP over them is exact when the lists are complete (`True`). None: out of time, or more rows than
        ENUMERATE_MOST, not worth an IP."""
        found = self._at_duals(pool, deadline)
        if found is None:
            return None, False
        duals, cheapest, bound = found
        slack = target - bound
        if slack < 0:
            return [set() for _ in range(self.n_people)], True  # no roster within the target at all
        # People are listed side by side, each for the same share of the time.
        limit = max(0.05, (deadline - time.monotonic()) * self.workers / self.n_people)
        jobs = [pool.submit(self.pricers[p].within, duals[p], cheapest[p] + slack, limit, ENUMERATE_CAP)
                for p in range(self.n_people)]
        rows: list[set[tuple[int, ...]]] = []
        complete = True
        for job in jobs:
            listed, whole = job.result()
            rows.append(listed)
            complete = complete and whole
            if sum(map(len, rows)) > ENUMERATE_MOST:
                for waiting in jobs:
                    waiting.cancel()
                return None, False
        return rows, complete

    def closest(self, pool: ThreadPoolExecutor, best: int, most: int, deadline: float,
                ) -> list[set[tuple[int, ...]]] | None:
        """About `most` rows in all nearest the LP's choice: each person's rows whose reduced cost at the LP's duals
        is within one distance of their cheapest, the largest distance that keeps `most` (rows tied at it all come
        in). Only rows that could be in a roster cheaper than `best` are looked at. None: out of time. Where no
        list for a target is short enough for a MIP (Curtois 8: 29,600 rows within 1298 and still cut short, over
        which SCIP found nothing better than 1306 in 140 s), the best known roster's rows are nevertheless close:
        their reduced costs are at most 0.81 each, and SCIP found 1300 over the 4,058 rows within 0.6."""
        found = self._at_duals(pool, deadline)
        if found is None:
            return None
        duals, cheapest, bound = found
        limit = max(0.05, (deadline - time.monotonic()) * self.workers / self.n_people)
        jobs = [pool.submit(self.pricers[p].within, duals[p], cheapest[p] + best - 1 - bound, limit, most)
                for p in range(self.n_people)]
        distances = sorted((reduced_cost(self.problem, p, row, duals[p]) - cheapest[p], p, row)
                           for p, job in enumerate(jobs) for row in job.result()[0])
        furthest = distances[most - 1][0] + EPS if len(distances) > most else float("inf")
        lists: list[set[tuple[int, ...]]] = [set() for _ in range(self.n_people)]
        for distance, p, row in distances:
            if distance > furthest:
                break
            lists[p].add(row)
        return lists

    def _at_duals(self, pool: ThreadPoolExecutor, deadline: float):
        """The LP's cover duals per person, each person's cheapest reduced cost at them, and the Lagrangian bound
        they give; kept while the LP has not changed (enumerate is called for target after target)."""
        if self._listing is not None and self._listing[0] == self.iterations:
            return self._listing[1]
        self.release()
        if not self._solve_lp():
            return None
        mu = [c.dual_value() for c, _ in self.cover]
        duals = [self._duals(p, mu) for p in range(self.n_people)]
        # Each person's cheapest row at μ, or a lower bound on it when pricing runs out of time: a lower bound only
        # lets more rows in, so the lists stay complete.
        limit = max(0.05, min(PRICING_SECONDS, (deadline - time.monotonic()) * self.workers / (4 * self.n_people)))
        cheapest = [job.result() for job in [pool.submit(self.pricers[p].cheapest, duals[p], limit)
                                              for p in range(self.n_people)]]
        found = None if None in cheapest else (
            duals, cheapest, sum(m * rhs for m, (_, rhs) in zip(mu, self.cover, strict=True)) + sum(cheapest))
        self._listing = (self.iterations, found)
        return found

    def release(self) -> None:
        self.local = None
        for p in self.fixed:
            for var in self.vars[p]:
                var.SetUb(self.lp.infinity())
        self.fixed.clear()


def generate(
    problem: Problem,
    start: list[tuple[int, ...]] | None,
    deadline: float,
    workers: int = 2,
    should_stop=None,
    dive_until: float | None = None,
    construct_until: float | None = None,
    seed: int = 1,
    on_roster: Callable[[int, int], None] | None = None,
    enumerate_from: float | None = None,
    branch_until: float | None = None,
) -> ColumnGeneration:
    """Column generation until it converges or the deadline; `start` (one row per person) and the base roster
    (where it keeps the rules) seed the master. With `dive_until`, a dive after convergence adds a roster
    (`ColumnGeneration.dived`). With `construct_until`, a roster built one person at a time and polished by
    one-person moves until then comes first (`ColumnGeneration.constructed`, polish.py): for big problems, where
    it is the quickest good roster and its rows are good first columns. `on_roster(cost, bound)` hears of each
    better roster from a dive, so a long run shows its progress. With `enumerate_from`, dives stop then (or earlier,
    when they stop improving: DIVE_STALL_SHARE), and every row that could be in a better roster is listed
    (Master.enumerate) for an IP over them until `dive_until`; when the lists are too long or cut short, a MIP over
    the rows nearest the LP's choice, then branch-and-price, follow until `branch_until` (default `dive_until`)."""
    began = time.monotonic()
    master = Master(problem, workers)
    master.deadline = deadline
    result = ColumnGeneration(problem, master.columns)
    base = None
    if any(person.base is not None for person in problem.people):
        # The base roster less what the hard rules now rule out (leave, lost skills): a good first column.
        allowed = problem.allowed
        base = [tuple(s if s == OFF or allowed[p, d, s] else OFF for d, s in enumerate(row))
                for p, row in enumerate(Roster.base(problem).rows)]
    with ThreadPoolExecutor(max_workers=master.workers) as pool:
        if not master.seed(start, base, pool=pool, price=construct_until is None):
            result.seconds = time.monotonic() - began
            return result  # someone has no feasible row at all: the full model will say so
        if construct_until is not None:
            from .polish import construct, polish  # polish imports this module

            # Building the people's models of a big problem takes a while (150 people x 364 days: a minute or
            # more): construction and polish get at least half of what is left of column generation's time.
            construct_until = max(construct_until, time.monotonic() + 0.5 * (deadline - time.monotonic()))
            rows, counts = construct(master, pool, construct_until, seed)
            if rows is None:
                result.seconds = time.monotonic() - began
                return result  # someone has no feasible row at all: the full model will say so
            result.seeded = rows
            result.constructed, result.moves = polish(master, pool, rows, counts, construct_until, seed, should_stop)
        else:
            result.seeded = [master.columns[p][0] for p in range(master.n_people)]
        result.converged = master.converge(pool, deadline, should_stop)
        result.lower_bound = master.lower_bound
        result.lp_value = master.lp_value
        result.iterations = master.iterations
        best = None
        k = 0
        from .polish import CoverCounts, polish

        rng = random.Random(seed)
        until = branch_until or dive_until
        dives_until = dive_until if enumerate_from is None or dive_until is None else min(dive_until, enumerate_from)
        # When the lists follow, dives that have stopped improving give way to them early.
        stall = DIVE_STALL_SHARE * (dives_until - began) if enumerate_from is not None else float("inf")
        improved = time.monotonic()
        second: SecondSearch | None = None  # a second branch-and-price search, started beside the dives
        try:
            # At least one dive, whenever listing starts: it needs a roster to beat.
            while dive_until is not None and result.converged and (
                    time.monotonic() < min(dives_until, improved + stall)
                    or (result.dived is None and time.monotonic() < dive_until)):
                share, rounds = DIVES[k % len(DIVES)]
                if result.dived is None or k < len(DIVES):
                    rows = master.dive(pool, dive_until, should_stop, share, rounds)
                else:  # after a dive of each kind, re-dive a share of the people from the best roster so far
                    free = set(rng.sample(range(master.n_people), max(2, round(REDIVE_SHARE * master.n_people))))
                    rows = master.redive(pool, result.dived, free, dive_until, should_stop, share, rounds)
                master.release()
                k += 1
                if rows is None:
                    break
                # Exact one-person moves against the true cover take a dive's roster down by a tenth or more in under a
                # second (Curtois 8: 1721 -> 1618, 2614 -> 1905): a dive leaves people on rows priced at LP duals.
                counts = CoverCounts(master)
                for p, row in enumerate(rows):
                    counts.apply(p, row, +1)
                rows, moves = polish(master, pool, rows, counts, dive_until, seed + k, should_stop)
                result.moves += moves
                cost = evaluate(Roster(problem, tuple(rows))).total
                # A re-dive as good as the best moves to it: the next one starts from a neighbour, not the same roster.
                if on_roster is not None and (best is None or cost < best):
                    on_roster(cost, integer_bound(result))
                if best is None or cost < best:
                    improved = time.monotonic()
                if best is None or cost < best or (cost == best and k > len(DIVES)):
                    best, result.dived = cost, rows
                if second is None and enumerate_from is not None and _second_search_due(master, result, best, until):
                    second = SecondSearch(problem, master.columns, result.dived, best, result.lower_bound, until,
                                          master.workers, seed + 1)
                if second is not None:
                    best = second.take(result, best, on_roster)
                if best <= integer_bound(result) or (should_stop and should_stop()):
                    break
            result.dives = k
            if enumerate_from is not None and result.dived is not None and not (should_stop and should_stop()):
                best = _list_and_pick(master, pool, result, best, dive_until, on_roster)
                if second is not None:
                    best = second.take(result, best, on_roster)
                if _close_enough(result, best) and best > integer_bound(result):
                    best = _pick_closest(master, pool, result, best, until, on_roster)
                if all(pricer.sequence is not None for pricer in master.pricers):
                    elsewhere = None if second is None else lambda mine: second.take(result, mine, on_roster)
                    best = _branch_and_price(master, pool, result, best, until, on_roster, should_stop, seed,
                                             elsewhere)
        finally:
            if second is not None:
                second.close(result, best, on_roster)
    result.seconds = time.monotonic() - began
    return result


def _second_search_due(master: Master, result: ColumnGeneration, best: int, until: float) -> bool:
    """Whether a second branch-and-price search should start beside the dives (second_search.py): two cores or
    more, rows listed by the sequence pricer, the roster near the bound and time for it."""
    return (master.workers > 1 and all(pricer.sequence is not None for pricer in master.pricers)
            and best - integer_bound(result) <= SECOND_SEARCH_GAP * abs(best)
            and best > integer_bound(result) and until - time.monotonic() >= SECOND_SEARCH_SECONDS)


def _list_and_pick(master: Master, pool: ThreadPoolExecutor, result: ColumnGeneration, best: int, deadline: float,
                   on_roster: Callable[[int, int], None] | None) -> int:
    """Rosters within targets rising from the bound, each by an IP over the rows listed for it (Master.enumerate),
    until one is met, the lists grow too long or are cut short, or the time runs out. A target met is the optimum;
    one proved out of reach raises the bound. Low targets list few rows: on Curtois 6, the bound's 1948 and 1949 then
    the best known 1950, where listing for the dives' 1951 straight away gave more rows than an IP takes. Lists cut
    short prove nothing, and a MIP over them rarely finds anything (Curtois 8: 29,600 rows within 1298, nothing
    better than 1306 in 140 s; 7: 24,300 within 1055, 46 s): the rows nearest the LP's choice and branch-and-price
    are searched instead."""
    target = integer_bound(result)
    if not _close_enough(result, best):
        return best
    while target < best and time.monotonic() < deadline:
        # Half the time left to list the rows, the rest for the IP over them.
        lists, complete = master.enumerate(pool, target, (time.monotonic() + deadline) / 2)
        if lists is None:
            break
        result.enumerated = [sum(map(len, lists)), int(complete)]
        if not complete:
            break
        for p, row in enumerate(result.dived):
            lists[p].add(row)  # nobody without a row: the MIP then proves nothing is within the target
        rows, cost, proved = _pick_within(master.problem, lists, target, best, deadline, deadline - time.monotonic())
        if proved:
            # Every roster within the target uses listed rows only; every other roster costs more than the target.
            result.lower_bound = max(result.lower_bound, min(cost, target + 1))
        if rows is not None:
            best, result.dived = cost, rows
            if on_roster is not None:
                on_roster(cost, integer_bound(result))
        if not proved or cost <= target:
            break  # the MIPs ran out of time, or found the cheapest roster within the target
        target += 1
    return best


def _close_enough(result: ColumnGeneration, best: int) -> bool:
    """Whether the best roster is within ENUMERATE_GAP of the bound, so that rows can be listed against the gap."""
    return best - integer_bound(result) <= ENUMERATE_GAP * abs(best)


def _pick_closest(master: Master, pool: ThreadPoolExecutor, result: ColumnGeneration, best: int, deadline: float,
                  on_roster: Callable[[int, int], None] | None) -> int:
    """A roster better than the best from the rows nearest the LP's choice (Master.closest), by MIPs until they are
    settled or the deadline: one with the cutoff best - 1 and, side by side, one halfway between the bound and the
    best (SCIP runs outside the GIL). On Curtois 6 and 7 the nearest rows hold nothing better and SCIP proves it in
    1-15 s; on 8 they hold the best known 1300, where the lists for a target (Master.enumerate) and
    branch-and-price have never found anything better in a run. A tighter cutoff prunes more of SCIP's tree: over
    one run's 4,005 nearest rows of 8 (bound 1298, best 1304), SCIP found 1300 in 117-172 s with the cutoff 1303 (3
    runs), 116 s with 1301, and 23-79 s with 1300 (2 runs); but proving nothing within 1299 took more than 200 s,
    so the cutoff best - 1 keeps its search, which finds any better roster there is."""
    lists = master.closest(pool, best, CLOSEST_ROWS, (time.monotonic() + deadline) / 2)
    if lists is None:
        return best
    for p, row in enumerate(result.dived):
        lists[p].add(row)  # nobody without a row
    columns = [sorted(listed) for listed in lists]
    low = integer_bound(result)  # no roster over the rows costs less
    with ThreadPoolExecutor(max_workers=2) as mips:
        while low < best and time.monotonic() < deadline:
            cutoffs = {(low + best - 1) // 2, best - 1} if master.workers > 1 else {best - 1}
            jobs = {cutoff: mips.submit(_pick, master.problem, columns, deadline - time.monotonic(), cutoff=cutoff)
                    for cutoff in cutoffs}
            found = best, None
            for cutoff, job in jobs.items():
                rows, cheapest = job.result()
                if rows is not None:
                    found = min(found, (evaluate(Roster(master.problem, tuple(rows))).total, rows), key=lambda f: f[0])
                if cheapest is not None:  # proved: the cheapest roster over the rows, or none within the cutoff
                    low = max(low, cheapest if rows is not None else cutoff + 1)
            if found[1] is None:
                break  # out of time, or nothing better over the rows
            best, result.dived = found
            if on_roster is not None:
                on_roster(best, integer_bound(result))
    return best


def _pick_within(problem: Problem, lists: list[set[tuple[int, ...]]], target: int, best: int, deadline: float,
                 seconds: float, branches: list[tuple[int, int | None, int | None]] = (),
                 ) -> tuple[list[tuple[int, ...]] | None, int, bool]:
    """MIPs over rows listed for a target below the best roster's cost: first, for BETTER_SECONDS, for any
    roster better than the best (the lists for a low target can hold one), then for one within the target, each
    cutoff SCIP's objective limit. Returns the best roster found (None: nothing better than `best`), its cost
    (`best` when none) and whether the lists are settled: a roster within the target found, or proved that none
    is. Without a cutoff, SCIP took 187 s on 2,800 rows of Curtois 8 listed for 1297 to prove the dives' 1303 the
    cheapest."""
    columns = [sorted(listed) for listed in lists]
    found, found_cost = None, best
    tries = [(best - 1, BETTER_SECONDS)] if best - 1 > target else []
    for cutoff, most in [*tries, (target, seconds)]:
        rows, cheapest = _pick(problem, columns, min(most, deadline - time.monotonic()), branches=branches,
                               cutoff=cutoff)
        cost = None if rows is None else evaluate(Roster(problem, tuple(rows))).total
        if cost is not None and cost < found_cost:
            found, found_cost = rows, cost
        if found_cost <= target or cheapest is not None:
            # Known: a roster within the target, or the cheapest over the lists (more than the target) or none.
            return found, found_cost, True
    return found, found_cost, False


def _branch_and_price(master: Master, pool: ThreadPoolExecutor, result: ColumnGeneration, best: int,
                      deadline: float, on_roster: Callable[[int, int], None] | None, should_stop=None,
                      seed: int = 1, elsewhere: Callable[[int], int] | None = None) -> int:
    """When the whole problem's lists grew too long (Curtois 8: 33,000 rows within 1298, 820,000 within 1300):
    depth first branch-and-price for a roster better than the best, again and again; a tree searched to the end
    without one proves the best optimal. A node's column generation gives its bound; when its rows within the
    gap are few enough, the MIP over them settles it (a roster, or the proof there is none); otherwise it branches
    on the cover count furthest from whole, the nearer side first. A tree is cut after its share of nodes
    (TREE_NODES, Luby's sequence) and the next branches at random among the counts furthest from whole: which tree
    holds a better roster near its root is luck. Within ENUMERATE_GAP of the bound the target is
    the best less one: from the columns of 600 s runs, that found Curtois 6's 1950 in 20 s and 7's 1056 in 54 s,
    where targets rising from the bound spent the rest of the run on 7's tree for 1055 (its published bound, likely
    empty) and on 6's for 1949. On 8 (bound 1298, best 1306) it found nothing better in 200 s: the rows nearest
    the LP's choice are searched before it (`_pick_closest`). Further from the bound, targets rise from it, which
    keeps the trees small (Curtois 1 from a roster of 908: the optimum 607, proved). `elsewhere(best)` gives the
    best cost another search has found (second_search.py; it adopts that roster into `result`): a tree aiming
    above it stops there, and the next aims below it."""
    found: list[tuple[int, ...]] | None = None
    nodes, trees, rng = 0, 0, None  # the first tree branches on the most fractional counts

    def visit(target: int) -> bool:
        """True when the node is settled: a roster within `target` found (`found`), or proved to hold none."""
        nonlocal found, best, nodes
        if (time.monotonic() >= deadline or (should_stop and should_stop()) or nodes >= TREE_NODES * luby(trees)
                or (elsewhere is not None and elsewhere(best) < best)):
            return False
        nodes += 1
        node = master.node_bound(pool, target, deadline, should_stop)
        if node is None:
            return False
        bound, duals, cheapest = node
        if not master.branches:  # the root's bound is the whole problem's
            result.lower_bound = max(result.lower_bound, bound)
        if duals is None or bound > target + BOUND_SLACK:
            return True
        lists, complete = master.node_lists(duals, cheapest, target - bound, deadline, NODE_MOST)
        if lists is not None:
            rows, cost, proved = _pick_within(master.problem, lists, target, best, deadline, NODE_IP_SECONDS,
                                              master.branches)
            if rows is not None and cost <= target:
                found = rows
                return True
            if rows is not None:
                best, result.dived = cost, rows
                if on_roster is not None:
                    on_roster(best, integer_bound(result))
            return proved and complete
        branching = master.fractional_cover(rng)
        if branching is None:
            return False  # every count whole, and still too many rows: not settled here
        k, count = branching
        sides = [(None, int(count)), (int(count) + 1, None)]  # at most the count rounded down; at least, up
        if (count % 1 > 0.5) if rng is None else rng.random() < 0.5:
            sides.reverse()
        settled = True
        for at_least, at_most in sides:
            master.branch(k, at_least, at_most)
            try:
                settled = visit(target) and settled
            finally:
                master.unbranch()
            if found is not None:
                return True
        return settled

    while best > integer_bound(result) and time.monotonic() < deadline and not (should_stop and should_stop()):
        if elsewhere is not None:
            best = elsewhere(best)
            if best <= integer_bound(result):
                break
        target = best - 1 if _close_enough(result, best) else integer_bound(result)
        nodes = 0
        settled = visit(target)
        if found is not None:
            cost = evaluate(Roster(master.problem, tuple(found))).total
            if elsewhere is None or elsewhere(cost) == cost:  # not beaten meanwhile by the other search
                best, result.dived = cost, found
                if on_roster is not None:
                    on_roster(best, integer_bound(result))
            found, trees = None, 0
        elif elsewhere is not None and elsewhere(best) < best:
            continue  # the other search found a better roster: the next tree aims below it
        elif settled:
            result.lower_bound = max(result.lower_bound, target + 1)
        elif nodes > 1:  # a tree cut short, or with whole counts and still too many rows: the next is another
            trees, rng = trees + 1, rng or random.Random(seed)
        else:
            break  # the root itself settled nothing: out of time, the LP failed, or no count to branch on
    return best


def luby(i: int) -> int:
    """The i-th term (from 0) of Luby's sequence 1, 1, 2, 1, 1, 2, 4, 1, ...: restarts that waste at most a log
    factor against the best fixed tree size, whatever it is, while some trees grow without limit (for a proof)."""
    size = 1
    while size < i + 1:
        size = 2 * size + 1
    while True:
        if i + 1 == size:
            return (size + 1) // 2
        size //= 2
        if i >= size:
            i -= size


def master_ip(
    problem: Problem, columns: list[list[tuple[int, ...]]], seconds: float, hint: list[tuple[int, ...]] | None = None
) -> list[tuple[int, ...]] | None:
    """Choose one generated row per person by a MIP (SCIP) over the columns: set partitioning with the convex
    cover costs. Fairness is left to the full-model search. Returns the rows, or None when nothing was found."""
    return _pick(problem, columns, seconds, hint)[0]


def _pick(
    problem: Problem, columns: list[list[tuple[int, ...]]], seconds: float, hint: list[tuple[int, ...]] | None = None,
    branches: list[tuple[int, int | None, int | None]] = (), cutoff: int | None = None,
) -> tuple[list[tuple[int, ...]] | None, float | None]:
    """master_ip's rows, and their cost when SCIP proved them the cheapest choice over the columns (None: not
    proved); `branches` (Master.branch) hold as constraints on the cover counts. With `cutoff`, only rosters
    costing at most that are sought, and (None, inf) is the proof there is none. The cutoff is SCIP's objective
    limit (MathOpt's cutoff_limit: OR-Tools' linear_solver has no way to set it), not a constraint row: SCIP prunes
    every subtree whose bound passes it and fixes columns by reduced cost. On the node MIPs of Curtois 8 (800-7,700
    rows, cutoff 1298) that settles each in 0.2-10 s, where a cutoff row took 6-60 s or more. SCIP, not CP-SAT:
    over 15,000 listed rows of Curtois 6, CP-SAT's bound stayed at 95 for 2 minutes against an optimum of 1950,
    where SCIP's LP starts at 1949 and it finds 1950 in 15 s."""
    if not all(columns):
        return None, None
    rows = cover_rows(problem)
    mip = mathopt.Model(name="pick")
    picks = [[mip.add_binary_variable() for _ in cols] for cols in columns]
    costs = []
    for p, cols in enumerate(columns):
        mip.add_linear_constraint(mathopt.fast_sum(picks[p]) == 1)
        costs += [personal_cost(problem, p, row) * pick for row, pick in zip(cols, picks[p], strict=True)]
    for k, row in enumerate(rows):
        terms = []
        for p in row.people:
            for col, pick in zip(columns[p], picks[p], strict=True):
                n = sum(1 for d, s in row.cells if col[d] == s)
                if n:
                    terms.append(n * pick)
        count = mathopt.fast_sum(terms)
        for branched, at_least, at_most in branches:
            if branched == k:
                mip.add_linear_constraint(count >= at_least if at_least is not None else count <= at_most)
        if row.minimum and row.under_minimum:
            y = mip.add_variable(lb=0.0)
            mip.add_linear_constraint(count + y >= row.minimum)
            costs.append(row.under_minimum * y)
        if row.target and row.under_target:
            y = mip.add_variable(lb=0.0)
            mip.add_linear_constraint(count + y >= row.target)
            costs.append(row.under_target * y)
        if row.over:
            z = mip.add_variable(lb=0.0)
            mip.add_linear_constraint(count - z <= row.target)
            costs.append(row.over * z)
    mip.minimize(mathopt.fast_sum(costs))
    # Optimal means optimal (SCIP's default stops 0.01 % short: 3 on 31,000).
    parameters = mathopt.SolveParameters(time_limit=timedelta(seconds=max(0.1, seconds)),
                                         relative_gap_tolerance=0.0, absolute_gap_tolerance=0.0)
    if cutoff is not None:
        parameters.cutoff_limit = cutoff + 0.5  # objectives are whole numbers: keep a roster costing the cutoff
    hints = []
    if hint is not None:
        hints.append(mathopt.SolutionHint(variable_values={
            pick: float(col == hint[p])
            for p, cols in enumerate(columns) for col, pick in zip(cols, picks[p], strict=True)}))
    try:
        solved = _solve_scip(mip, parameters, mathopt.ModelSolveParameters(solution_hints=hints))
    except StatusNotOk:  # MathOpt's own checks of SCIP's result: the MIP only aids the search, so "not known"
        return None, None
    reason = None if solved is None else solved.termination.reason
    if cutoff is not None and reason in (None, mathopt.TerminationReason.INFEASIBLE):
        return None, float("inf")
    if not solved.has_primal_feasible_solution():
        return None, None
    values = solved.variable_values()
    chosen = [next(col for col, pick in zip(cols, picks[p], strict=True) if values[pick] > 0.5)
              for p, cols in enumerate(columns)]
    return chosen, round(solved.objective_value()) if reason == mathopt.TerminationReason.OPTIMAL else None


def _solve_scip(mip: mathopt.Model, parameters: mathopt.SolveParameters,
                model_parameters: mathopt.ModelSolveParameters) -> mathopt.SolveResult | None:
    """mathopt.solve with SCIP, or None when SCIP proved nothing within the cutoff. The proto comes first because
    OR-Tools 9.15's Python Limit enum lacks LIMIT_CUTOFF, so parsing that result raises; and SCIP's own objective
    limit (parameters.gscip.objective_limit) instead fails MathOpt's checks whenever SCIP keeps a heuristic roster
    beyond it (seen on Curtois 1)."""
    proto = mathopt_core.solve(
        mip.export_model(), mathopt.SolverType.GSCIP.value,
        init_arguments.StreamableSolverInitArguments().to_proto(), parameters.to_proto(), model_parameters.to_proto(),
        None, callback.CallbackRegistration().to_proto(), None, None)
    if proto.termination.limit == result_pb2.LIMIT_CUTOFF:
        return None
    return mathopt_result.parse_solve_result(proto, mip, validate=False)


def integer_bound(result: ColumnGeneration) -> int:
    """The lower bound rounded up (objectives are integers), with a little slack for floating point."""
    return ceil(result.lower_bound - BOUND_SLACK) if result.lower_bound > 0 else 0


__all__ = ["ColumnGeneration", "CoverRow", "Master", "cover_rows", "generate", "integer_bound", "master_ip",
           "personal_cost", "reduced_cost"]
