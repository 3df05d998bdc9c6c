"""Lower bounds from small blocks of people: where column generation on the whole problem cannot prove one in time.

A realistic unit (issue 5: 60 officers, 8 weeks, bands per rank and skill) pays most of its objective for cover
that a few people must give: five sergeants cannot keep one of them on duty every hour with the rest rules, so
the sergeant minimum is short whatever the roster. Column generation over all 60 people spends its time on the
constables and proves nothing in a minute (its Lagrangian bound turns positive only near convergence); the
compact model's LP proves almost nothing either (shifts split into fractions obey the rest rules).

Every hard rule concerns one person and every cost is never negative, so for disjoint blocks of people the sum
over blocks of "the cheapest roster of the block's people for the requirements only they can meet" (their own
costs included, fairness left out) is a lower bound on the whole problem: other requirements and people only add
cost. A block is the set of people qualified for some requirement (the sergeants); small blocks are solved by
column generation (colgen.generate), whose Lagrangian bound is valid converged or not. Requirements nobody can
meet add their whole cost.

Column generation's LP is not the whole story: on the realistic unit (solve_unit, build mode) the sergeants' LP
stops at 29,800 while no roster of theirs costs less than 31,357, because the LP covers a Friday night's
01:00-03:00 with a fifth of a shift. So each block, and the whole problem, also gets an integer bound
(`aggregate`): how many people of each pool (the people who count for the same requirements) work each shift
each day, as whole numbers, against the cover, within the pool's contract minutes, one shift a day, the rest
between shifts and what is fixed, with the changes to the base no pooled roster avoids. It forgets who works
what, so it is a relaxation (valid), but it keeps the whole shifts the LP splits: for the sergeants it proves
31,357 in a tenth of a second, and a roster with its numbers (solve.py) costs 31,359. A block's bound is the
better of the two. The people in no block (the constables) get column generation of their own in solve(): their
LP converges where the whole problem's, held up by the sergeants, does not, and their bound adds to the blocks'.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields, replace
from math import ceil

from ortools.sat.python import cp_model

from .colgen import Master, _history_shift
from .constraints import cover, pattern_adherence
from .constraints.forbidden_successions import successions
from .problem import Problem
from .roster import Roster

BLOCK_PEOPLE = 12  # larger blocks take column generation too long for a bound within a minute
# solve(): the blocks first run until this share of the time limit (small ones converge there), and when neither
# they nor the whole problem's column generation have converged, again after it until the second share.
FIRST_SHARE = 0.25
LAST_SHARE = 0.95
DIVE_SHARE = 0.98  # then a dive on each converged block (solve() tries its rows in the roster) until this
AGGREGATE_SECONDS = 2.0  # at most, for each block's integer aggregate bound (0.1 s on the realistic unit)
AGGREGATE_WHOLE_SECONDS = 3.0  # at most, for the whole problem's (1-2 s on the realistic unit)
AGGREGATE_CELLS = 50_000  # pools x days x shift types: above this, no aggregate bound
AGGREGATE_SLICE = 5.0  # column generation on a block runs in slices this long (pricing keeps its 2 s a person), checked
# against the aggregate bound after each


def blocks(problem: Problem, most: int = BLOCK_PEOPLE) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """(people, requirements) of disjoint small blocks: the smallest sets of people qualified for a requirement,
    each with every requirement only its people can meet. The people are never everyone (that is the problem)."""
    if not _costs_never_negative(problem):
        return []  # a negative weight would pay for leaving people and requirements out: no bound from blocks
    qualified = [frozenset(cover.qualified(problem, req)) for req in problem.requirements]
    candidates = sorted({q for q in qualified if q and len(q) <= most and len(q) < len(problem.people)},
                        key=lambda q: (len(q), sorted(q)))
    used: set[int] = set()
    found = []
    for q in candidates:
        if q & used:
            continue
        used |= q
        reqs = tuple(k for k, other in enumerate(qualified) if other and other <= q)
        found.append((tuple(sorted(q)), reqs))
    return found


def _costs_never_negative(problem: Problem) -> bool:
    weights = [getattr(problem.weights, f.name) for f in fields(problem.weights)]
    return all(min(r.under_minimum, r.under_target, r.over) >= 0 for r in problem.requirements) and all(
        w >= 0 for w in weights if isinstance(w, int))


def unmet_cost(problem: Problem) -> int:
    """What requirements nobody is qualified for cost whatever the roster (hard minimums aside: solve() reports
    those as impossible)."""
    total = 0
    for req in problem.requirements:
        if req.hard_minimum or cover.qualified(problem, req):
            continue
        for seg in cover.segments(problem, req):
            if req.minimum and req.under_minimum:
                total += seg.coef(req.under_minimum) * req.minimum
            if req.wanted and req.under_target:
                total += seg.coef(req.under_target) * req.wanted
    return total


def sub_problem(problem: Problem, people: tuple[int, ...], requirements: tuple[int, ...]) -> Problem:
    """The block's people and requirements alone; fairness, which couples everyone, is left out."""
    return replace(problem, people=tuple(problem.people[p] for p in people),
                   requirements=tuple(problem.requirements[k] for k in requirements),
                   weights=replace(problem.weights, fair_nights=0, fair_weekends=0))


@dataclass(frozen=True)
class Aggregate:
    """aggregate()'s answer: the bound, and the cheapest pooled roster found: how many of each pool (people, by
    index) work each shift each day. A real roster with exactly those numbers costs little more than the bound
    when one exists (the sergeants: 31,359 against 31,357), and CP-SAT finds it in a moment (solve.py)."""

    bound: int
    pools: tuple[tuple[int, ...], ...] = ()
    counts: dict[tuple[int, int, int], int] | None = None  # (pool, day, shift) -> people


def aggregate_bound(problem: Problem, seconds: float, workers: int = 2) -> int:
    return aggregate(problem, seconds, workers).bound


def aggregate(problem: Problem, seconds: float, workers: int = 2) -> Aggregate:
    """A lower bound on the problem's cost (a block's `sub_problem`, or the whole problem) from whole numbers of
    people on each shift each day. People who count for the same requirements are pooled, so every rule that
    concerns one person is relaxed to what the pool can do: its contract minutes together, one shift a day each,
    the rest between shifts, what is fixed. Cover as cover.py prices it; the pattern adherence no pooled roster
    avoids (fewer on a base shift than its base holds: that many changed; more at work than hold a base shift:
    that many rest days worked); the contract hours the pool is away from its targets together. Other costs are
    never negative and are left out. 0 when CP-SAT proves nothing in the time."""
    n_days, n_shifts = problem.horizon, len(problem.shift_types)
    if not problem.people or not n_days:
        return Aggregate(0)
    allowed = problem.allowed
    qualified = [set(cover.qualified(problem, req)) for req in problem.requirements]
    pools: dict[tuple[int, ...], list[int]] = {}
    for p in range(len(problem.people)):
        pools.setdefault(tuple(k for k, q in enumerate(qualified) if p in q), []).append(p)
    if len(pools) * n_days * n_shifts > AGGREGATE_CELLS or not _costs_never_negative(problem) or any(
            r.weight < 0 for person in problem.people for r in person.requests):
        # Too big to build in a moment (Curtois 23-24), or a negative weight would pay for what is left out.
        return Aggregate(0)
    model = cp_model.CpModel()
    on: dict[tuple[int, int, int], cp_model.IntVar] = {}  # (pool, day, shift) -> how many of the pool work it
    costs = []
    w = problem.weights
    for g, members in enumerate(pools.values()):
        people = [problem.people[p] for p in members]
        for d, day in enumerate(problem.days):
            for s, shift in enumerate(problem.shift_types):
                fixed = sum(1 for person in people if person.fixed.get(day) == shift.id)
                most = max(fixed, int(allowed[members, d, s].sum()))
                on[g, d, s] = model.new_int_var(fixed, most, f"on[{g},{d},{s}]")
            model.add(sum(on[g, d, s] for s in range(n_shifts)) <= int(allowed[members, d, :].any(axis=1).sum()))
        minutes = sum(shift.paid * on[g, d, s] for d in range(n_days) for s, shift in enumerate(problem.shift_types))
        if all(person.max_minutes is not None for person in people):
            model.add(minutes <= sum(person.max_minutes for person in people))
        model.add(minutes >= sum(person.min_minutes or 0 for person in people))
        if w.contract_hour and all(person.target_minutes is not None for person in people):
            # Σ ⌈|minutes - target| / 60⌉ over the pool is at least ⌈|Σ minutes - Σ targets| / 60⌉.
            target = sum(person.target_minutes for person in people)
            most = sum(shift.paid * on[g, d, s].proto.domain[-1] for d in range(n_days)
                       for s, shift in enumerate(problem.shift_types))
            away = model.new_int_var(0, max(target, most) // 60 + 1, "")
            model.add(60 * away >= minutes - target)
            model.add(60 * away >= target - minutes)
            costs.append(w.contract_hour * away)
        # Rest between shifts: a person on s one day works none of its forbidden successors on a later day (at
        # most one a day), so the pool's numbers of the two together never pass the pool's size. The shortest
        # daily rest of the pool forbids the fewest pairs: valid for everyone in it.
        rests = [person.rules.daily_rest_minutes for person in people]
        if all(rests):
            for (d, s), after in successions(problem, min(rests)).items():
                if not 0 <= d < n_days:
                    continue
                later: dict[int, list[int]] = {}
                for d2, u, _ in after:
                    if d2 < n_days:
                        later.setdefault(d2, []).append(u)
                for d2, shifts in later.items():
                    model.add(on[g, d, s] + sum(on[g, d2, u] for u in shifts) <= len(members))
        for d in range(n_days):
            holders = [person.base[d] if person.base is not None else None for person in people]
            if w.remove:
                for s, shift in enumerate(problem.shift_types):
                    kept = sum(1 for p, code in zip(members, holders, strict=True)
                               if code == shift.id and allowed[p, d, s])
                    if kept:
                        changed = model.new_int_var(0, kept, "")
                        model.add(changed >= kept - on[g, d, s])
                        costs.append(pattern_adherence.weight(problem, d, w.remove) * changed)
            if w.add:
                # Rest days worked are charged to people with a base: the others and base shifts are free.
                free = sum(1 for person, code in zip(people, holders, strict=True)
                           if person.base is None or code is not None)
                added = model.new_int_var(0, len(members), "")
                model.add(added >= sum(on[g, d, s] for s in range(n_shifts)) - free)
                costs.append(pattern_adherence.weight(problem, d, w.add) * added)
    pool_of = {p: g for g, members in enumerate(pools.values()) for p in members}
    for k, req in enumerate(problem.requirements):
        counted = {pool_of[p] for p in qualified[k]}
        for seg in cover.segments(problem, req):
            known = sum(1 for p in qualified[k] for d, s in seg.cells if d < 0 and _history_shift(problem, p, d) == s)
            n = sum(on[g, d, s] for g in counted for d, s in seg.cells if 0 <= d < n_days) + known
            if req.minimum and req.hard_minimum:
                model.add(n >= req.minimum)
            for wanted, weight in ((0 if req.hard_minimum else req.minimum, req.under_minimum),
                                   (req.wanted, req.under_target)):
                if wanted and weight:
                    short = model.new_int_var(0, wanted, "")
                    model.add(short >= wanted - n)
                    costs.append(seg.coef(weight) * short)
    if not costs:
        return Aggregate(0)
    model.minimize(sum(costs))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = max(1, workers)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Aggregate(0)
    return Aggregate(max(0, ceil(solver.best_objective_bound - 1e-6)), tuple(tuple(g) for g in pools.values()),
                     {key: int(solver.value(var)) for key, var in on.items()})


class BlockBounds:
    """Column generation on each small block, resumable: solve() runs it before the whole problem's column
    generation (a share of the time; small blocks converge there) and, when neither has converged, again after
    it. `bound` is valid whenever read: the blocks' Lagrangian bounds plus the cost of what nobody can meet."""

    def __init__(self, problem: Problem, workers: int = 2, start: list[tuple[int, ...]] | None = None) -> None:
        self.constant = unmet_cost(problem)
        self.workers = max(1, workers)
        self.blocks = blocks(problem)
        self.masters: list[Master] = []
        self.starts = [[tuple(start[p]) for p in people] if start is not None else None for people, _ in self.blocks]
        self.problem = problem
        self.done: list[bool] = []
        self.aggregates: list[Aggregate] = []  # each block's aggregate(), once computed
        self.whole: int | None = None  # the whole problem's aggregate_bound, once run() has computed it
        # The people in no block and the requirements only they can meet: solve() runs column generation on them
        # instead of the whole problem (the block's stalling LP no longer holds it up) and sets their bound here.
        self.others_bound = 0

    def _lagrangian(self, i: int) -> int:
        if i < len(self.masters) and self.masters[i].lower_bound > 0:
            return ceil(self.masters[i].lower_bound - 1e-4)
        return 0

    def _aggregate(self, i: int) -> int:
        return self.aggregates[i].bound if i < len(self.aggregates) else 0

    def block_bound(self, i: int) -> int:
        """The better of block i's Lagrangian bound (so far) and its integer aggregate bound."""
        return max(self._lagrangian(i), self._aggregate(i))

    @property
    def bound(self) -> int:
        """The better of the blocks' bounds (plus what nobody can meet and the bound on the others) and the whole
        problem's aggregate bound."""
        blocks = sum(self.block_bound(i) for i in range(len(self.blocks)))
        return max(self.constant + blocks + self.others_bound, self.whole or 0)

    def left_out_cost(self, rows: list[tuple[int, ...]]) -> int:
        """What a roster pays for the requirements that neither a block nor the others hold (people on both sides
        count for them): the most that the blocks' and the others' bounds together can miss of the optimum's
        cost, against the whole problem's column generation (solve() picks by it)."""
        roster = Roster(self.problem, tuple(tuple(r) for r in rows))
        held = {k for _, reqs in self.blocks for k in reqs} | set(self.others()[1])
        total = 0
        for k, req in enumerate(self.problem.requirements):
            people = cover.qualified(self.problem, req)
            if k in held or not people:
                continue
            for seg in cover.segments(self.problem, req):
                n = cover.count(roster, req, seg, people)
                if req.minimum and not req.hard_minimum and req.under_minimum and n < req.minimum:
                    total += seg.coef(req.under_minimum) * (req.minimum - n)
                if req.wanted and req.under_target and n < req.wanted:
                    total += seg.coef(req.under_target) * (req.wanted - n)
                if req.over and n > req.wanted:
                    total += seg.coef(req.over) * (n - req.wanted)
        return total

    def others(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(people, requirements) outside every block: the people in none, and the requirements only they can meet.
        Their cheapest roster is paid on top of the blocks' (no person or requirement is in both; requirements met
        by both sides are left out, and their cost is never negative), so a bound on it adds to the blocks'."""
        inside = {p for people, _ in self.blocks for p in people}
        people = tuple(p for p in range(len(self.problem.people)) if p not in inside)
        reqs = tuple(k for k, req in enumerate(self.problem.requirements)
                     if (q := set(cover.qualified(self.problem, req))) and not q & inside)
        return people, reqs

    @property
    def converged(self) -> bool:
        return len(self.done) == len(self.blocks) and all(self.done)

    @property
    def lp_leads(self) -> bool:
        """Whether more column generation could still raise the bound: some block not done whose Lagrangian bound
        is already at least its aggregate bound. Where the aggregate leads, the LP has a long way to go to pass it
        (the sergeants in fill mode: not in a minute), and solve() gives the time to the roster instead."""
        return any(not done and self._lagrangian(i) >= self._aggregate(i) for i, done in enumerate(self.done))

    def aggregate(self, deadline: float, should_stop=None) -> int:
        """The integer aggregate bounds (aggregate_bound) of the whole problem and of each block: a second or two,
        and often the better bound. The whole problem's also sees what the people outside the blocks must pay
        (fill mode: the constables' changes for their own cover). run() starts with them."""
        if self.whole is None:
            left = deadline - time.monotonic()
            if left <= 0 or (should_stop and should_stop()):
                return self.bound
            self.whole = aggregate_bound(self.problem, min(AGGREGATE_WHOLE_SECONDS, left / 2), self.workers)
        for people, reqs in self.blocks[len(self.aggregates):]:
            left = deadline - time.monotonic()
            if left <= 0 or (should_stop and should_stop()):
                return self.bound
            self.aggregates.append(aggregate(sub_problem(self.problem, people, reqs),
                                             min(AGGREGATE_SECONDS, left / 2), self.workers))
        return self.bound

    def run(self, deadline: float, should_stop=None) -> int:
        self.aggregate(deadline, should_stop)
        if len(self.aggregates) < len(self.blocks):
            return self.bound  # out of time
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            for i, (people, reqs) in enumerate(self.blocks):
                now = time.monotonic()
                if now >= deadline or (should_stop and should_stop()):
                    break
                if i == len(self.masters):
                    master = Master(sub_problem(self.problem, people, reqs), self.workers)
                    self.masters.append(master)
                    self.done.append(False)
                    if not master.seed(self.starts[i], pool=pool):
                        self.done[i] = True  # someone has no feasible row: the full model will say so
                        continue
                if self.done[i]:
                    continue
                # Share what is left among the blocks still to do.
                until = now + (deadline - now) / (len(self.blocks) - i)
                master = self.masters[i]
                # In slices, to stop as soon as the LP falls below the aggregate bound: then no Lagrangian bound
                # can pass it (the realistic unit's sergeants: after a few seconds instead of forty).
                while not self.done[i] and time.monotonic() < until and not (should_stop and should_stop()):
                    converged = master.converge(pool, min(until, time.monotonic() + AGGREGATE_SLICE), should_stop)
                    # Done only when the bound meets the LP: converge() also stops when pricing runs out of time.
                    self.done[i] = master.lp_value is not None and (
                        master.lp_value - master.lower_bound <= 1e-3 * abs(master.lp_value) + 1e-6
                        or master.lp_value <= self.aggregates[i].bound)
                    if converged:
                        break  # no column improves the LP: more rounds would not move it
        return self.bound

    def dive(self, deadline: float, should_stop=None) -> list[tuple[tuple[int, ...], list[tuple[int, ...]]]]:
        """(people, rows) for each block whose bound met its LP: a dive on its columns (colgen.Master.dive), the
        block's roster as cheap as column generation finds it, for solve() to try in the whole roster."""
        found = []
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            for i, master in enumerate(self.masters):
                if not self.done[i] or time.monotonic() >= deadline or (should_stop and should_stop()):
                    continue
                rows = master.dive(pool, deadline, should_stop)
                master.release()
                if rows is not None:
                    found.append((self.blocks[i][0], rows))
        return found


def block_bound(
    problem: Problem,
    deadline: float,
    workers: int = 2,
    start: list[tuple[int, ...]] | None = None,
    should_stop=None,
) -> int:
    """A lower bound on the problem's objective from its small blocks (0 when nothing is proved in the time).
    `start`: a roster of the whole problem, whose rows seed each block."""
    return BlockBounds(problem, workers, start).run(deadline, should_stop)


__all__ = ["AGGREGATE_CELLS", "AGGREGATE_SECONDS", "AGGREGATE_WHOLE_SECONDS", "BLOCK_PEOPLE", "DIVE_SHARE",
           "FIRST_SHARE", "LAST_SHARE", "Aggregate", "BlockBounds", "aggregate", "aggregate_bound", "block_bound",
           "blocks", "sub_problem", "unmet_cost"]
