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
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields, replace
from math import ceil

from .colgen import Master
from .constraints import cover
from .problem import Problem

BLOCK_PEOPLE = 12  # larger blocks take column generation too long for a bound within a minute
# solve(): the blocks first run until this share of the time limit (small ones converge there), and when neither
# they nor the whole problem's column generation have converged, again after it until the second share.
FIRST_SHARE = 0.25
LAST_SHARE = 0.95
DIVE_SHARE = 0.98  # then a dive on each converged block (solve() tries its rows in the roster) until this


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

    @property
    def bound(self) -> int:
        return self.constant + sum(ceil(m.lower_bound - 1e-4) if m.lower_bound > 0 else 0 for m in self.masters)

    @property
    def converged(self) -> bool:
        return len(self.done) == len(self.blocks) and all(self.done)

    def run(self, deadline: float, should_stop=None) -> int:
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
                master.converge(pool, until, should_stop)
                # Done only when the bound meets the LP: converge() also stops when pricing runs out of time.
                self.done[i] = master.lp_value is not None and (
                    master.lp_value - master.lower_bound <= 1e-3 * abs(master.lp_value) + 1e-6)
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


__all__ = ["BLOCK_PEOPLE", "DIVE_SHARE", "FIRST_SHARE", "LAST_SHARE", "BlockBounds", "block_bound", "blocks",
           "sub_problem", "unmet_cost"]
