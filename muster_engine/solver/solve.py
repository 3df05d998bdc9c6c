"""Build the CP-SAT model from the constraint modules and search it: `solve(problem, options) -> Solution`.

The search runs in phases within the time limit:

1. CP-SAT on the whole model (all workers) for a short first share, from a hint (the base roster, or one
   given). Small problems end here, proved optimal.
2. Column generation (colgen.py): every hard rule is one person's row and only cover ties rows together, so an
   LP over generated rows, priced by one-person CP-SAT models built from the same constraint modules, gives a
   lower bound far tighter than the compact model's, and repeated dives on it give rosters, each polished by
   exact one-person moves (polish.py), and in a long run (ENUMERATE_SHARE) a MIP over every row that could be in
   a better roster, which finds or proves the optimum when few rows qualify; when too many do, a MIP over the
   rows nearest the LP's choice and branch-and-price look for a roster better than the best. (Without
   convergence in its share of the time, a MIP over the rows generated gives the roster instead.) Before it,
   bounds.py: integer aggregate bounds (how many people on each shift each day), and for small blocks of people
   only they can cover with (a station's sergeants) their rows from the aggregate's numbers and a bound of their
   own; column generation then runs on the people outside the blocks, whose bound adds to the blocks'.
3. Large-neighbourhood search on the full model for the rest of the time: free part of the best roster (a few
   people's whole rows, a window of days for everyone, or people and days around a gap in cover), fix the
   rest, and let CP-SAT re-optimise that part. Rounds are short (about a second) and get longer when they stop
   improving; neighbourhood sizes adapt: grown while sub-problems solve to optimality, shrunk when they time
   out; a neighbourhood that is the whole problem proves optimality.

Big problems (LARGE_CELLS person-days and more) start column generation with a roster built one person at a time
against the open cover and polished by exact one-person moves (polish.py), which is their quickest good roster; a
huge model (HUGE_CELLS literals, the Curtois scale instances 23-24) skips phase 1, which finds nothing there in
its share. Whatever happens later, that roster (or, failing it, one seed row per person) is returned when the full
model cannot take over in the time, after every hard rule is checked on it.

The returned objective is re-priced on the roster by the rules' pure `cost` functions (objective.evaluate);
the roster passes every pure `check`. Progress (best objective and bound over time) goes to `on_progress`, and
`should_stop` is polled to cancel.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .bounds import DIVE_SHARE, FIRST_SHARE, LAST_SHARE, Aggregate, BlockBounds, sub_problem
from .constraints import ALL_RULES
from .constraints.cover import segments
from .model import RosterModel
from .objective import ActivePenalty, active, breaches, evaluate, expression
from .problem import Problem
from .roster import OFF, Roster

# Above this many decision literals the first whole-model phase is skipped (Curtois 23-24: 0.5-1.1 million).
HUGE_CELLS = 300_000
# From this many person-days, column generation starts with a roster built and polished one person at a time
# (polish.py) for a share of the time: the whole model and plain column generation are slow to a good roster there.
LARGE_CELLS = 2_000
CONSTRUCT_SHARE = 0.3
LNS_LITERALS_PER_SECOND = 3_000  # an LNS round's time limit grows with the model: 1 s up to 3000 literals
STALLED_ROUNDS = 40  # LNS rounds without a better roster before each round gets twice the time
# Each block of people (bounds.py) is solved on its own, its rows tried in the roster, for up to this share of the time.
BLOCK_SOLVE_SHARE = 0.2
# A block's rows within this share of its aggregate bound need no more search (bounds.aggregate): the 1 %.
# (The sergeants' rows from the aggregate are 0.01-0.7 % above it; ten seconds of search on the block rarely does
# better, and the time is worth more to the rest of the roster.)
BLOCK_CLOSE_ENOUGH = 0.01
# Column generation runs on the people outside the blocks only when the requirements it and the blocks both leave
# out cost at most this share of the roster's objective (_colgen).
LEFT_OUT_SHARE = 0.002
# The end of the diving time goes to listing every row that could be in a better roster and an IP over them
# (colgen.Master.enumerate), when that share is at least ENUMERATE_SECONDS: the lists take tens of seconds.
ENUMERATE_SHARE = 0.25
ENUMERATE_SECONDS = 60.0
# When the lists are too long for one IP (Curtois 8), branch-and-price (colgen._branch_and_price) goes on past the
# dives' share to this share of the run, and the full model's neighbourhoods get only the rest: on 8 they never
# improved on the dives' roster, while branch-and-price needs minutes to find a better one.
BRANCH_SHARE = 0.97


@dataclass(frozen=True)
class Progress:
    seconds: float
    objective: int
    bound: int


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 30.0
    workers: int = 2
    seed: int = 1
    hint: Roster | None = None  # default: the base roster when the people have one
    lns: bool = True
    colgen: bool = True  # column generation for a strong bound and a restricted-master roster
    first_share: float = 0.08  # share of the time limit for the first whole-model phase
    colgen_share: float = 0.6  # column generation ends by this share of the time limit (sooner if it converges)
    dive_share: float = 0.85  # diving ends by this share of the time limit
    log: bool = False
    on_progress: Callable[[Progress], None] | None = None
    should_stop: Callable[[], bool] | None = None
    parameters: dict[str, object] = field(default_factory=dict)  # extra CP-SAT parameters


@dataclass(frozen=True)
class Solution:
    """`status`: optimal (proved), feasible (a roster, maybe not the best), infeasible (no roster keeps the hard
    rules: `impossible` says which, when the model could tell), unknown (no roster found in the time)."""

    status: str
    roster: Roster | None
    objective: int | None
    best_bound: int | None
    seconds: float
    penalties: tuple[ActivePenalty, ...] = ()
    progress: tuple[Progress, ...] = ()
    impossible: tuple[str, ...] = ()
    lns_rounds: int = 0
    lns_stats: dict[str, list[int]] = field(default_factory=dict)  # kind -> [calls, improved, solved to optimality]
    model_objective: int | None = None  # CP-SAT's own value of the roster: always equal to `objective`

    @property
    def gap(self) -> float | None:
        """(objective - bound) / objective, 0 when both are 0."""
        if self.objective is None or self.best_bound is None:
            return None
        if self.objective == 0:
            return 0.0
        return (self.objective - self.best_bound) / abs(self.objective)


def build_model(problem: Problem) -> RosterModel:
    m = RosterModel(problem, problem.allowed.copy())
    for rule in ALL_RULES:
        if hasattr(rule, "add"):
            rule.add(m)
    m.model.minimize(expression(m.penalties))
    return m


def cells(m: RosterModel) -> list[tuple[int, int, int, int]]:
    """(person, day, shift, variable index) of every decision literal."""
    return [(p, d, s, v.index) for p in range(m.n_people) for d in range(m.n_days) for s, v in m.shifts_on(p, d)]


def roster_from(m: RosterModel, values: list[int]) -> Roster:
    rows = [[OFF] * m.n_days for _ in range(m.n_people)]
    for p, d, s, i in cells(m):
        if values[i]:
            rows[p][d] = s
    return Roster(m.problem, tuple(tuple(r) for r in rows))


def _hint(m: RosterModel, roster: Roster) -> None:
    for p, d, s, i in cells(m):
        m.model.proto.solution_hint.vars.append(i)
        m.model.proto.solution_hint.values.append(1 if roster.rows[p][d] == s else 0)


class _Recorder(cp_model.CpSolverSolutionCallback):
    def __init__(self, started: float, options: SolveOptions, trail: list[Progress], offset: float = 0.0) -> None:
        super().__init__()
        self.started, self.options, self.trail = started, options, trail

    def on_solution_callback(self) -> None:
        point = Progress(round(time.monotonic() - self.started, 3), int(self.objective_value),
                         int(self.best_objective_bound))
        self.trail.append(point)
        if self.options.on_progress:
            self.options.on_progress(point)
        if self.options.should_stop and self.options.should_stop():
            self.stop_search()


def _solver(options: SolveOptions, seconds: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.01)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.log_search_progress = options.log
    for key, value in options.parameters.items():
        setattr(solver.parameters, key, value)
    return solver


def solve(problem: Problem, options: SolveOptions | None = None) -> Solution:
    options = options or SolveOptions()
    started = time.monotonic()
    deadline = started + options.time_limit
    m = build_model(problem)
    hint = options.hint if options.hint is not None else (
        Roster.base(problem) if any(p.base is not None for p in problem.people) else None)
    if hint is not None:
        _hint(m, hint)
    trail: list[Progress] = []
    more = options.lns or options.colgen
    n_cells = sum(len(m.shifts_on(p, d)) for p in range(m.n_people) for d in range(m.n_days))
    # A huge model (hundreds of thousands of literals) finds no roster in a short first phase, only spends
    # memory and presolve time: column generation's one-person moves give the first roster instead.
    skip_first = more and options.colgen and n_cells > HUGE_CELLS
    first = options.time_limit * (options.first_share if more else 1.0)
    values: list[int] | None = None
    best: int | None = None
    bound = 0
    proved = False
    if not skip_first:
        solver = _solver(options, min(first, deadline - time.monotonic()), options.workers, options.seed)
        status = solver.solve(m.model, _Recorder(started, options, trail))
        if status == cp_model.MODEL_INVALID:
            raise RuntimeError(f"CP-SAT rejected the model: {m.model.validate()}")
        if status == cp_model.INFEASIBLE:
            return Solution("infeasible", None, None, None, time.monotonic() - started,
                            impossible=tuple(m.impossible))
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            values = list(solver.response_proto.solution)
            best = int(round(solver.objective_value))
            bound = int(round(solver.best_objective_bound))
        proved = status == cp_model.OPTIMAL
    rounds = 0
    stats: dict[str, list[int]] = {}
    fallback: list[tuple[int, ...]] | None = None  # a valid roster from column generation, should the model fail
    blocked: BlockBounds | None = None
    if not proved and options.colgen and time.monotonic() < deadline:
        # Small blocks of people (five sergeants for a sergeant band) prove a bound where the whole problem's
        # column generation cannot in its share of the time (bounds.py). First the integer aggregate bounds (the
        # whole problem's too, blocks or none), then each block's rows from its aggregate (_solve_blocks), then
        # the blocks' column generation; the whole problem's column generation then runs on the others only
        # (_colgen), and the blocks' again after it when neither has converged and the LP still leads.
        blocked = BlockBounds(problem, options.workers, None if values is None else list(roster_from(m, values).rows))
        first_until = min(deadline, started + options.time_limit * FIRST_SHARE)
        bound = max(bound, blocked.aggregate(first_until, options.should_stop))
        if values is not None and best is not None:
            values, best = _solve_blocks(m, blocked, values, best, bound, deadline, options, started, trail, stats)
        bound = max(bound, blocked.run(first_until, options.should_stop))
        values, best, bound, fallback = _colgen(m, values, best, bound, deadline, options, started, trail, stats,
                                                large=m.n_people * m.n_days >= LARGE_CELLS, blocked=blocked)
        if blocked is not None and not blocked.converged and blocked.lp_leads and not stats["colgen"][2]:
            bound = max(bound, blocked.run(min(deadline, started + options.time_limit * LAST_SHARE),
                                           options.should_stop))
        if blocked is not None:
            stats["blocks"] = [len(blocked.blocks), int(blocked.converged), blocked.bound, 0]
            if values is not None and best is not None and time.monotonic() < deadline:
                values, best = _adopt_blocks(m, blocked, values, best, bound, deadline, options, started, trail,
                                             stats)
    if values is None and time.monotonic() < deadline - 0.05:
        # No roster yet (a hard problem, or a very short first phase): give CP-SAT the rest of the time.
        solver = _solver(options, deadline - time.monotonic(), options.workers, options.seed)
        status = solver.solve(m.model, _Recorder(started, options, trail))
        if status == cp_model.INFEASIBLE:
            return Solution("infeasible", None, None, None, time.monotonic() - started,
                            impossible=tuple(m.impossible))
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            values, best = list(solver.response_proto.solution), int(round(solver.objective_value))
            bound = max(bound, int(round(solver.best_objective_bound)))
            proved = status == cp_model.OPTIMAL
    if (values is None or best is None) and fallback is not None:
        roster = Roster(problem, tuple(fallback))
        if not breaches(roster):
            priced = evaluate(roster).total
            return Solution("feasible", roster, priced, min(bound, priced), round(time.monotonic() - started, 3),
                            progress=tuple(trail), impossible=tuple(m.impossible), lns_stats=stats)
    if values is None or best is None:
        return Solution("unknown", None, None, None, time.monotonic() - started, impossible=tuple(m.impossible))
    if not proved and options.lns:
        values, best, bound, rounds = _lns(m, values, best, bound, deadline, options, started, trail, stats)
    roster = roster_from(m, values)
    priced = evaluate(roster).total
    proved = proved or best <= bound
    return Solution(
        "optimal" if proved else "feasible",
        roster,
        priced,
        min(bound, priced),
        round(time.monotonic() - started, 3),
        tuple(active(m.penalties, values)),
        tuple(trail),
        tuple(m.impossible),
        rounds,
        stats,
        best,
    )


def _colgen(
    m: RosterModel,
    values: list[int] | None,
    best: int | None,
    bound: int,
    deadline: float,
    options: SolveOptions,
    started: float,
    trail: list[Progress],
    stats: dict[str, list[int]],
    large: bool = False,
    blocked: BlockBounds | None = None,
) -> tuple[list[int] | None, int | None, int, list[tuple[int, ...]] | None]:
    from .colgen import generate, integer_bound, master_ip

    start = None if values is None else list(roster_from(m, values).rows)
    # With blocks (bounds.py) and a roster holding their rows, column generation runs on the others only: the
    # block's LP stalls (the sergeants in fill mode: no bound from the whole problem in a minute), while the
    # others' converges (the constables: 6,444 against the best roster's 6,508), and their bound adds to the
    # blocks'. Rows found for the others go back into the roster around the block's rows. Not when the
    # requirements both sides count for (taser holders among sergeants and constables) cost much in the roster:
    # the split bound leaves them out (a 20-person station short everywhere: 9 % of its objective).
    people = list(range(m.n_people))
    problem = m.problem
    if (blocked is not None and blocked.blocks and start is not None and best is not None
            and blocked.left_out_cost(start) <= LEFT_OUT_SHARE * best):
        people, reqs = blocked.others()
        problem = sub_problem(m.problem, people, reqs)

    def whole(rows: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
        if problem is m.problem:
            return rows
        out = list(start)
        for p, row in zip(people, rows, strict=True):
            out[p] = tuple(row)
        return out

    until = min(deadline, started + options.time_limit * options.colgen_share)
    dive_until = min(deadline, started + options.time_limit * options.dive_share)
    construct_until = min(until, started + options.time_limit * CONSTRUCT_SHARE) if large else None
    listing = options.time_limit * ENUMERATE_SHARE
    enumerate_from = dive_until - listing if listing >= ENUMERATE_SECONDS else None
    def better(cost: int, lower: int) -> None:
        """A dive's roster beats everything so far: show it (the roster itself is adopted below)."""
        if trail and cost >= min(point.objective for point in trail):
            return
        trail.append(Progress(round(time.monotonic() - started, 3), cost, max(bound, lower)))
        if options.on_progress:
            options.on_progress(trail[-1])

    # A dive on the people outside the blocks prices only their part of the roster: nothing to show.
    result = generate(problem, None if start is None else [start[p] for p in people], until, options.workers,
                      options.should_stop, dive_until, construct_until, options.seed,
                      better if problem is m.problem else None, enumerate_from,
                      min(deadline, started + options.time_limit * BRANCH_SHARE))
    stats["colgen"] = [result.iterations, sum(len(c) for c in result.columns), int(result.converged), result.dives,
                       round(result.seconds, 1), round(result.lower_bound, 1), result.moves,
                       *(result.enumerated or ())]
    if problem is m.problem:
        bound = max(bound, integer_bound(result))
    else:
        blocked.others_bound = integer_bound(result)
        bound = max(bound, blocked.bound)
    candidates = [whole(rows) for rows in (result.dived, result.constructed) if rows is not None]
    if values is None and not candidates and result.seeded is not None:
        candidates.append(whole(result.seeded))  # every row keeps its person's rules: a roster, if a poor one
    # The MIP over the columns rarely beats a dive in the time left: run it when there was no dive.
    if result.dived is None and (best is None or best > bound) and time.monotonic() < deadline and all(result.columns):
        limit = max(1.0, (deadline - time.monotonic()) / 2)
        hint = min(candidates + ([start] if start else []), default=None,
                   key=lambda rows: evaluate(Roster(m.problem, tuple(rows))).total)
        rows = master_ip(problem, result.columns, limit, None if hint is None else [hint[p] for p in people])
        if rows is not None:
            candidates.append(whole(rows))
    priced = [(evaluate(Roster(m.problem, tuple(rows))).total, rows) for rows in candidates]
    stats["master"] = [len(priced), 0, 0, *(cost for cost, _ in priced)]
    fallback = None
    if priced and (best is None or min(priced)[0] < best):
        rows = min(priced)[1]
        fallback = rows
        adopted = _adopt(m, rows, best, bound, deadline, options, started, trail)
        if adopted is not None:
            stats["master"][1] = 1
            values, best = adopted
    return values, best, bound, fallback


def _adopt(m: RosterModel, rows: list[tuple[int, ...]], best: int | None, bound: int, deadline: float,
           options: SolveOptions, started: float, trail: list[Progress]) -> tuple[list[int], int] | None:
    """The full model's values for a roster found outside it (column generation, a block's search), with its
    objective, when cheaper than `best` (None otherwise). Re-solving with every row fixed fills the auxiliary
    variables and prices what the rows alone do not (fairness)."""
    fixed = m.model.clone()
    for p, d, s, i in cells(m):
        domain = fixed.proto.variables[i].domain
        domain[0] = domain[1] = int(rows[p][d] == s)
    solver = _solver(options, max(1.0, deadline - time.monotonic()), options.workers, options.seed)
    status = solver.solve(fixed)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or (best is not None and solver.objective_value >= best):
        return None
    found = int(round(solver.objective_value))
    trail.append(Progress(round(time.monotonic() - started, 3), found, bound))
    if options.on_progress:
        options.on_progress(trail[-1])
    return list(solver.response_proto.solution), found


def _solve_blocks(m: RosterModel, blocked: BlockBounds, values: list[int], best: int, bound: int, deadline: float,
                  options: SolveOptions, started: float, trail: list[Progress], stats: dict[str, list[int]],
                  ) -> tuple[list[int], int]:
    """Each block of people (the five sergeants) solved on its own, from its rows in the roster, and its rows kept
    when the whole roster is then cheaper: the block pays most of the objective, and CP-SAT on its few rows finds
    in seconds what the whole model (even with everyone else fixed) misses for a minute."""
    rows = [tuple(r) for r in roster_from(m, values).rows]
    cost = evaluate(Roster(m.problem, tuple(rows))).total
    tally = stats.setdefault("block_solve", [0, 0, 0])
    for k, (people, reqs) in enumerate(blocked.blocks):
        left = deadline - time.monotonic()
        if left <= 1.0 or (options.should_stop and options.should_stop()):
            break
        sub = sub_problem(m.problem, people, reqs)
        share = min(left / 2, options.time_limit * BLOCK_SOLVE_SHARE)
        until = time.monotonic() + share
        hint = Roster(sub, tuple(rows[p] for p in people))
        tally[0] += 1
        aggregate = blocked.aggregates[k] if k < len(blocked.aggregates) else None
        block_rows = _disaggregate(sub, aggregate, hint, share / 2, options) if aggregate else None
        if block_rows is not None:
            hint = Roster(sub, block_rows)
        if block_rows is None or evaluate(hint).total > aggregate.bound * (1 + BLOCK_CLOSE_ENOUGH):
            # Not (nearly) proved optimal for the block by the aggregate: search on from the best rows known.
            found = solve(sub, SolveOptions(time_limit=max(0.5, until - time.monotonic()), workers=options.workers,
                                            seed=options.seed, colgen=False, log=options.log, hint=hint,
                                            should_stop=options.should_stop))
            if found.roster is not None and (block_rows is None or found.objective < evaluate(hint).total):
                block_rows = found.roster.rows
        else:
            tally[2] += 1
        if block_rows is None:
            continue
        trial = list(rows)
        for p, row in zip(people, block_rows, strict=True):
            trial[p] = tuple(row)
        roster = Roster(m.problem, tuple(trial))
        if not breaches(roster) and (priced := evaluate(roster).total) < cost:
            rows, cost = trial, priced
            tally[1] += 1
    if not tally[1] or time.monotonic() >= deadline:
        return values, best
    return _adopt(m, rows, best, bound, deadline, options, started, trail) or (values, best)


def _disaggregate(block: Problem, aggregate: Aggregate, hint: Roster, seconds: float,
                  options: SolveOptions) -> tuple[tuple[int, ...], ...] | None:
    """The block's cheapest roster with exactly the aggregate's numbers on each shift each day (bounds.aggregate),
    or None. Those numbers already give the cover the bound counts; all that is left is who works which, which
    CP-SAT settles in a moment (the sergeants: 0.3 s to 31,359, where the search on the block takes a minute)."""
    if aggregate.counts is None:
        return None
    m = build_model(block)
    for (g, d, s), n in aggregate.counts.items():
        m.model.add(m.linear((1, v) for p in aggregate.pools[g] if (v := m.lit(p, d, s)) is not False) == n)
    _hint(m, hint)
    solver = _solver(options, seconds, options.workers, options.seed)
    status = solver.solve(m.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return roster_from(m, list(solver.response_proto.solution)).rows


def _adopt_blocks(m: RosterModel, blocked: BlockBounds, values: list[int], best: int, bound: int, deadline: float,
                  options: SolveOptions, started: float, trail: list[Progress], stats: dict[str, list[int]],
                  ) -> tuple[list[int], int]:
    """Each converged block's dive (bounds.py) in place of its people's rows, kept when the whole roster is then
    cheaper: five sergeants short of cover are a small problem column generation solves well, which the search
    on the whole roster finds slowly."""
    rows = [tuple(r) for r in roster_from(m, values).rows]
    cost = evaluate(Roster(m.problem, tuple(rows))).total
    changed = False
    for people, block_rows in blocked.dive(min(deadline, started + options.time_limit * DIVE_SHARE),
                                           options.should_stop):
        trial = list(rows)
        for p, row in zip(people, block_rows, strict=True):
            trial[p] = tuple(row)
        roster = Roster(m.problem, tuple(trial))
        if not breaches(roster) and (priced := evaluate(roster).total) < cost:
            rows, cost, changed = trial, priced, True
    if not changed or time.monotonic() >= deadline:
        return values, best
    adopted = _adopt(m, rows, best, bound, deadline, options, started, trail)
    if adopted is None:
        return values, best
    stats["blocks"][3] = 1
    return adopted


# -- large-neighbourhood search ---------------------------------------------------------------------------


def _lns(
    m: RosterModel,
    values: list[int],
    best: int,
    bound: int,
    deadline: float,
    options: SolveOptions,
    started: float,
    trail: list[Progress],
    stats: dict[str, list[int]],
) -> tuple[list[int], int, int, int]:
    rng = random.Random(options.seed)
    all_cells = cells(m)
    n_people, n_days = m.n_people, m.n_days
    kinds = ("people", "window", "gap", "people_window")
    # Share of the rows x days each kind frees, adapted as its sub-problems solve or time out.
    sizes = dict.fromkeys(kinds, 0.3)
    # Many short rounds beat a few long ones: on Curtois 8, 120 s of 1 s rounds went from 1721 to 1324, of 3 s
    # rounds only to 1505. Bigger models need longer for the copy and presolve alone. But once short rounds stop
    # improving (a local optimum for neighbourhoods solved in that time), the time doubles, and with it the size of
    # neighbourhood that solves: Curtois 8 stalled at 1311 for the last 226 s of 600 s of 1 s rounds.
    longest = max(1.0, options.time_limit / 20)
    round_limit = min(longest, max(1.0, len(all_cells) / LNS_LITERALS_PER_SECOND))
    stalled = 0
    rounds = 0
    while time.monotonic() < deadline - 0.05 and best > bound:
        if options.should_stop and options.should_stop():
            break
        kind = kinds[rounds % len(kinds)]
        free_people, free_days = _neighbourhood(kind, m, values, all_cells, sizes[kind], rng, n_people, n_days)
        clone = m.model.clone()
        proto = clone.proto
        for p, d, _, i in all_cells:
            if p in free_people and d in free_days:
                continue
            domain = proto.variables[i].domain
            domain[0] = domain[1] = values[i]
        proto.clear_solution_hint()
        proto.solution_hint.vars.extend(range(len(values)))
        proto.solution_hint.values.extend(values)
        remaining = deadline - time.monotonic()
        limit = min(remaining, round_limit)
        before = best
        solver = _solver(options, limit, options.workers, options.seed + rounds + 1)
        status = solver.solve(clone)
        rounds += 1
        tally = stats.setdefault(kind, [0, 0, 0])
        tally[0] += 1
        tally[2] += status == cp_model.OPTIMAL
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = int(round(solver.objective_value))
            tally[1] += found < best
            if found <= best:
                if found < best:
                    point = Progress(round(time.monotonic() - started, 3), found, bound)
                    trail.append(point)
                    if options.on_progress:
                        options.on_progress(point)
                values, best = list(solver.response_proto.solution), found
            if status == cp_model.OPTIMAL and len(free_people) == n_people and len(free_days) == n_days:
                bound = best  # the whole problem was the neighbourhood: optimality is proved
        stalled = 0 if best < before else stalled + 1
        if stalled >= STALLED_ROUNDS and round_limit < longest:
            round_limit, stalled = min(longest, 2 * round_limit), 0
        grow = status == cp_model.OPTIMAL
        sizes[kind] = min(1.0, sizes[kind] * 1.15) if grow else max(0.02, sizes[kind] * 0.85)
    return values, best, bound, rounds


def _neighbourhood(
    kind: str,
    m: RosterModel,
    values: list[int],
    all_cells: list[tuple[int, int, int, int]],
    size: float,
    rng: random.Random,
    n_people: int,
    n_days: int,
) -> tuple[set[int], set[int]]:
    everyone, every_day = set(range(n_people)), set(range(n_days))
    if kind == "people":
        k = max(2, round(size * n_people))
        return set(rng.sample(range(n_people), min(k, n_people))), every_day
    if kind == "window":
        length = max(2, round(size * n_days))
        start = rng.randrange(0, max(1, n_days - length + 1))
        return everyone, set(range(start, start + length))
    # Rectangles: people x days, each side about the square root of the share.
    side = size**0.5
    length = max(3, round(side * n_days))
    k = max(2, round(side * n_people))
    if kind == "gap":
        gaps = _gap_days(roster_from(m, values))
        centre = rng.choice(gaps) if gaps else rng.randrange(n_days)
        start = max(0, min(n_days - length, centre - length // 2))
    else:
        start = rng.randrange(0, max(1, n_days - length + 1))
    return set(rng.sample(range(n_people), min(k, n_people))), set(range(start, start + length))


def _gap_days(roster: Roster) -> list[int]:
    problem = roster.problem
    found = []
    for req in problem.requirements:
        wanted = req.wanted
        if not wanted:
            continue
        people = [p for p, person in enumerate(problem.people) if req.skill is None or req.skill in person.skills]
        for seg in segments(problem, req):
            n = sum(1 for p in people for d, s in seg.cells if roster.known(p, d) == s)
            if n < wanted:
                found.append(problem.day_index[req.day])
                break
    return found


__all__ = ["Progress", "Solution", "SolveOptions", "build_model", "cells", "roster_from", "solve"]
