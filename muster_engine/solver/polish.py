"""Construct and polish: a good roster one person at a time, for problems too big for the whole model to find one
in the time (the Curtois scale instances: up to 150 people x 364 days x 32 shift types, a million literals).

Every hard rule concerns one person's row, and with everyone else's row fixed the exact change in cover cost from
one more person working a cell is known: cover is a separable, convex cost of each requirement's count. So the
pricing model of column generation (one person's rules and soft costs, colgen._Pricer), priced with those exact
marginal values instead of LP duals, finds that person's best row given the others: an exact one-person move.
`construct` places people one by one against the cover still open (always a valid roster: at worst a person
keeps their seed row, which keeps their rules); `polish` repeats the move over everyone while it pays
(coordinate descent). Moves are accepted on the exact change in cover and personal cost, so the roster's cost
never rises. Fairness (coupling rows) is left to the full-model search, as in column generation.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from .colgen import LONG_ROW, Master, personal_cost
from .problem import Problem
from .roster import OFF

Row = tuple[int, ...]


class CoverCounts:
    """How many people count for each cover row of the master (colgen.cover_rows) in a roster being built."""

    def __init__(self, master: Master) -> None:
        self.master = master
        self.rows = master.rows
        self.counts = [0] * len(self.rows)
        self.cells_of: dict[tuple[int, int], list[int]] = {}
        for k, row in enumerate(self.rows):
            if row.under_minimum or row.under_target or row.over:
                for cell in row.cells:
                    self.cells_of.setdefault(cell, []).append(k)

    def cost(self, k: int, n: int) -> int:
        r = self.rows[k]
        return (r.under_minimum * max(0, r.minimum - n) + r.under_target * max(0, r.target - n)
                + r.over * max(0, n - r.target))

    def total(self) -> int:
        return sum(self.cost(k, n) for k, n in enumerate(self.counts))

    def touched(self, p: int, row: Row) -> Counter[int]:
        found: Counter[int] = Counter()
        for d, s in enumerate(row):
            if s != OFF:
                for k in self.cells_of.get((d, s), ()):
                    if p in self.rows[k].people:
                        found[k] += 1
        return found

    def apply(self, p: int, row: Row | None, sign: int) -> None:
        if row is not None:
            for k, n in self.touched(p, row).items():
                self.counts[k] += sign * n

    def values(self, p: int) -> dict[tuple[int, int], float]:
        """What person p working each cell saves in cover cost, the others as they are (p's own row taken out)."""
        found = {}
        for cell, ks in self.cells_of.items():
            v = sum(self.cost(k, self.counts[k]) - self.cost(k, self.counts[k] + 1)
                    for k in ks if p in self.rows[k].people)
            if v:
                found[cell] = float(v)
        return found

    def change(self, p: int, old: Row | None, new: Row) -> int:
        """Cover cost with p on `new` less with p on `old`, the others as they are (p's row taken out)."""
        a = self.touched(p, old) if old is not None else Counter()
        b = self.touched(p, new)
        return sum(self.cost(k, self.counts[k] + b[k]) - self.cost(k, self.counts[k] + a[k]) for k in set(a) | set(b))


def _limit(deadline: float, left: int, workers: int, most: float) -> float:
    per = (deadline - time.monotonic()) * workers / max(1, left)
    return max(0.05, min(most, per))


def construct(master: Master, pool: ThreadPoolExecutor, deadline: float, seed: int = 1,
              counts: CoverCounts | None = None) -> tuple[list[Row] | None, CoverCounts]:
    """Place people one at a time (a few in parallel), each on their best row against the cover still open. People
    with fewer allowed cells go first: they have the least choice. At the deadline the rest take their first row
    (Master.first_row: a valid roster even past the deadline). None when someone has no row at all."""
    counts = counts or CoverCounts(master)
    n = master.n_people
    rng = random.Random(seed)
    order = sorted(range(n), key=lambda p: (len(master.pricers[p].cells), rng.random()))
    rows: list[Row | None] = [None] * n
    workers = master.workers
    for i in range(0, n, workers):
        batch = order[i:i + workers]
        if time.monotonic() < deadline:
            # A long row needs about a second to a first solution (colgen.LONG_ROW_PARAMETERS).
            floor = 1.0 if len(master.pricers[batch[0]].cells) >= LONG_ROW else 0.05
            limit = max(floor, _limit(deadline, n - i, workers, 2.0))
            jobs = {p: pool.submit(master.pricers[p].price, counts.values(p), limit, None) for p in batch}
            results = {p: job.result()[0] for p, job in jobs.items()}
        else:
            results = {p: [] for p in batch}
        for p in batch:
            if not results[p] and not master.first_row(p):
                return None, counts
            options = [*results[p][-1:], *master.columns[p][:1]]
            row = min(options, key=lambda r, p=p: counts.change(p, None, r) + personal_cost(master.problem, p, r))
            rows[p] = row
            counts.apply(p, row, +1)
            master.add_column(p, row)
    return [r for r in rows if r is not None], counts


def polish(master: Master, pool: ThreadPoolExecutor, rows: list[Row], counts: CoverCounts, deadline: float,
           seed: int = 1, should_stop=None) -> tuple[list[Row], int]:
    """Coordinate descent: re-place each person on their best row given everyone else, while time allows and a
    whole pass still improves. Returns the rows and the number of moves made."""
    rows = list(rows)
    rng = random.Random(seed)
    n, workers = master.n_people, master.workers
    moves = 0
    most = 1.0
    while time.monotonic() < deadline and not (should_stop and should_stop()):
        order = list(range(n))
        rng.shuffle(order)
        improved = 0
        for i in range(0, n, workers):
            if time.monotonic() >= deadline or (should_stop and should_stop()):
                break
            batch = order[i:i + workers]
            values = {}
            for p in batch:
                counts.apply(p, rows[p], -1)
                values[p] = counts.values(p)
                counts.apply(p, rows[p], +1)
            limit = _limit(deadline, n - i, workers, most)
            jobs = {p: pool.submit(master.pricers[p].price, values[p], limit, rows[p]) for p in batch}
            for p, job in jobs.items():
                found, _ = job.result()
                if not found:
                    continue
                new = found[-1]
                counts.apply(p, rows[p], -1)
                gain = (counts.change(p, rows[p], new) + personal_cost(master.problem, p, new)
                        - personal_cost(master.problem, p, rows[p]))
                if gain < 0:
                    rows[p] = new
                    master.add_column(p, new)
                    improved += 1
                counts.apply(p, rows[p], +1)
        moves += improved
        if not improved:
            if most >= 4.0:
                break
            most *= 2  # nothing moved at this effort: give each person's model longer before giving up
    return rows, moves


def block_moves(master: Master, rows: list[Row], counts: CoverCounts, deadline: float, workers: int, seed: int = 1,
                should_stop=None) -> tuple[list[Row], int]:
    """Re-optimise a few people's rows together, everyone else fixed: the sub-problem is the full model of just those
    people (every rule from the constraint modules) with each requirement reduced by the others' cover, which
    prices cover exactly. It swaps shifts between people where one-person moves cannot. Only for shift
    requirements (a time band's pieces do not reduce to one count); returns the rows and the moves made."""
    from ortools.sat.python import cp_model

    from .solve import build_model  # solve imports this module's callers

    problem = master.problem
    if any(req.shift is None for req in problem.requirements) or len(counts.rows) != len(problem.requirements):
        return rows, 0
    rows = list(rows)
    rng = random.Random(seed)
    n = master.n_people
    weights = replace(problem.weights, fair_nights=0, fair_weekends=0)
    size = min(n, 3)
    moves = tries = last = 0
    limit = 1.5
    while time.monotonic() < deadline - 0.5 and not (should_stop and should_stop()) and n > 1:
        subset = _group(master, counts, rows, size, rng)
        for p in subset:
            counts.apply(p, rows[p], -1)
        reqs = []
        for k, req in enumerate(problem.requirements):
            others = counts.counts[k]
            reqs.append(replace(req, minimum=max(0, req.minimum - others), target=max(0, req.wanted - others)))
        sub = Problem(problem.days, problem.shift_types, tuple(problem.people[p] for p in subset), tuple(reqs),
                      weights, problem.mode, problem.today, problem.timezone, problem.name)
        m = build_model(sub)
        for i, p in enumerate(subset):
            for d in range(m.n_days):
                for s, v in m.shifts_on(i, d):
                    m.model.add_hint(v, rows[p][d] == s)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = rng.randrange(1 << 20)
        # Short: a sub-problem rarely proves optimality quickly (its LP is weak), but improves in the first second.
        solver.parameters.max_time_in_seconds = max(0.1, min(limit, deadline - time.monotonic()))
        status = solver.solve(m.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            new = {}
            for i, p in enumerate(subset):
                row = [OFF] * m.n_days
                for d in range(m.n_days):
                    for s, v in m.shifts_on(i, d):
                        if solver.boolean_value(v):
                            row[d] = s
                new[p] = tuple(row)
            old_cost = _group_cost(master, counts, {p: rows[p] for p in subset})
            if _group_cost(master, counts, new) < old_cost:
                for p in subset:
                    rows[p] = new[p]
                    master.add_column(p, new[p])
                moves += 1
        for p in subset:
            counts.apply(p, rows[p], +1)
        # Grow the group while its sub-problems solve to optimality, else try a bigger one now and then.
        tries += 1
        if status == cp_model.OPTIMAL:
            size = min(n, size + 1)
        elif tries % 10 == 0:
            size = min(n, size + 1) if moves > last else max(2, size - 1)
            last = moves
    return rows, moves


def _group(master: Master, counts: CoverCounts, rows: list[Row], size: int, rng: random.Random) -> list[int]:
    """`size` people: half the time at random, else around a gap in cover (people who may work the short cell:
    one of them can take it if the group can rearrange the rest)."""
    n = master.n_people
    short = [k for k, c in enumerate(counts.counts) if c < counts.rows[k].target] if rng.random() < 0.6 else []
    if short:
        row = counts.rows[rng.choice(short)]
        able = [p for p in row.people if any(master.problem.allowed[p, d, s] and rows[p][d] != s for d, s in row.cells)]
        if able:
            first = rng.sample(able, min(len(able), max(1, size // 2)))
            rest = [p for p in range(n) if p not in first]
            return first + rng.sample(rest, min(len(rest), size - len(first)))
    return rng.sample(range(n), size)




def _group_cost(master: Master, counts: CoverCounts, group: dict[int, Row]) -> int:
    """Cover and personal cost of `group`'s rows, everyone else as counted (the group taken out of `counts`)."""
    extra: Counter[int] = Counter()
    for p, row in group.items():
        extra.update(counts.touched(p, row))
    cover_cost = sum(counts.cost(k, counts.counts[k] + e) - counts.cost(k, counts.counts[k]) for k, e in extra.items())
    return cover_cost + sum(personal_cost(master.problem, p, row) for p, row in group.items())


__all__ = ["CoverCounts", "block_moves", "construct", "polish"]
