"""Shift design: how many people start which shift each day so the requirement curve is covered with the
fewest paid hours (CP-SAT).

Given a requirement per interval over whole days, the allowed shift lengths and start times, and break rules
(a shift of at least so long takes an unpaid break somewhere in a window), the model chooses integer counts
x[day, start, length, break position]. Each interval is covered by the people on those shifts who are not on
their break. Coverage below the requirement is a shortfall, allowed but weighted above any shift's paid
minutes, so the solver first covers everything it can and then pays as little as it can: when the
requirement can be met it is met with the fewest paid hours; when it cannot (no shift starts early enough,
a cap on starts) the shortfall is as small as possible. The week wraps around by default (cyclic), so
Sunday's night shift covers Monday's early hours, as in a repeating pattern.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace

import numpy as np
from ortools.sat.python import cp_model


@dataclass(frozen=True)
class BreakRule:
    """Shifts of at least `min_shift_minutes` take `break_minutes` unpaid, starting no earlier than
    `earliest_after_minutes` into the shift and ending no later than `latest_before_end_minutes` before its end."""

    min_shift_minutes: int
    break_minutes: int
    earliest_after_minutes: int = 120
    latest_before_end_minutes: int = 120


@dataclass(frozen=True)
class DesignProblem:
    requirement: tuple[int, ...]  # agents per interval, days x intervals per day, day 0 first
    interval_minutes: int
    shift_lengths_minutes: tuple[int, ...] = (480, 600, 720)
    start_minutes: tuple[int, ...] = tuple(range(0, 1440, 60))  # allowed local start times
    break_rules: tuple[BreakRule, ...] = (BreakRule(360, 30),)
    cyclic: bool = True
    max_starts_per_day: int | None = None  # cap on people starting per day, e.g. seats or head-count
    # Explicit shift types as (start minute, length minutes) pairs, e.g. a centre's existing Early/Late/Night;
    # given, they replace the cross product of start_minutes and shift_lengths_minutes.
    shift_types: tuple[tuple[int, int], ...] | None = None
    # At most this many shift types (start and length) in the whole design, so it can seed a pattern: the first
    # half of the time limit designs freely, the second redesigns with the most used types only.
    max_shift_types: int | None = None
    time_limit_s: float = 10.0
    workers: int = 1  # one worker is reproducible; several on few cores made CP-SAT erratic here

    @property
    def slots_per_day(self) -> int:
        return 1440 // self.interval_minutes

    @property
    def days(self) -> int:
        return len(self.requirement) // self.slots_per_day

    def validate(self) -> None:
        if self.interval_minutes <= 0 or 1440 % self.interval_minutes:
            raise ValueError("interval_minutes: must divide a day evenly (15, 30, 60)")
        if not self.requirement or len(self.requirement) % self.slots_per_day:
            raise ValueError(f"requirement: give whole days of {self.slots_per_day} intervals")
        if any(r < 0 for r in self.requirement):
            raise ValueError("requirement: every interval needs 0 or more agents")
        lengths = self.shift_lengths_minutes
        if not lengths or any(n <= 0 or n % self.interval_minutes or n > 1440 for n in lengths):
            raise ValueError(f"shift_lengths_minutes: lengths must be whole multiples of {self.interval_minutes} "
                             "minutes, up to 24 hours")
        if not self.start_minutes or any(
                s < 0 or s >= 1440 or s % self.interval_minutes for s in self.start_minutes):
            raise ValueError(f"start_minutes: start times must fall on {self.interval_minutes}-minute boundaries "
                             "within the day")
        for start, length in self.shift_types or ():
            if start < 0 or start >= 1440 or start % self.interval_minutes or length <= 0 \
                    or length % self.interval_minutes or length > 1440:
                raise ValueError(f"shift_types: ({start}, {length}) must start on a {self.interval_minutes}-minute "
                                 "boundary within the day and last whole intervals, up to 24 hours")
        if self.max_shift_types is not None and self.max_shift_types < 1:
            raise ValueError("max_shift_types: allow at least 1 shift type")
        for rule in self.break_rules:
            if rule.break_minutes < 0 or rule.min_shift_minutes <= 0:
                raise ValueError("break_rules: minutes must be positive")
        if self.time_limit_s <= 0:
            raise ValueError("time_limit_s: must be more than 0 seconds")


@dataclass(frozen=True)
class ShiftStart:
    """`count` people start this shift on `day` (0 = the first day of the requirement)."""

    day: int
    start_minute: int
    length_minutes: int
    break_start_minute: int | None  # minutes after midnight of `day` (may pass 1440 for late shifts)
    break_minutes: int
    paid_minutes: int
    count: int

    def label(self) -> str:
        start = f"{self.start_minute // 60:02d}:{self.start_minute % 60:02d}"
        end_minute = (self.start_minute + self.length_minutes) % 1440
        return f"{start}–{end_minute // 60:02d}:{end_minute % 60:02d}"


@dataclass(frozen=True)
class ShiftDesign:
    status: str  # optimal | feasible | unknown (no solution in the time limit)
    starts: list[ShiftStart]
    requirement: np.ndarray
    coverage: np.ndarray
    over: np.ndarray
    under: np.ndarray
    paid_hours: float
    shortfall_agent_hours: float
    objective: float
    bound: float
    seconds: float
    interval_minutes: int
    notes: list[str] = field(default_factory=list)

    @property
    def requirement_met(self) -> bool:
        return self.status in {"optimal", "feasible"} and not self.under.any()

    def daily_counts(self) -> dict[tuple[int, int, int], int]:
        """People starting per (day, start minute, length), break positions added together."""
        counts: dict[tuple[int, int, int], int] = {}
        for start in self.starts:
            key = (start.day, start.start_minute, start.length_minutes)
            counts[key] = counts.get(key, 0) + start.count
        return counts


@dataclass(frozen=True)
class _Variant:
    day: int
    start_slot: int
    length_slots: int
    break_slot: int | None  # offset from the shift start, in slots
    break_slots: int
    paid_minutes: int


def _break_for(length: int, rules: tuple[BreakRule, ...]) -> BreakRule | None:
    applicable = [r for r in rules if length >= r.min_shift_minutes and r.break_minutes > 0]
    return max(applicable, key=lambda r: r.min_shift_minutes) if applicable else None


def _variants(problem: DesignProblem) -> tuple[list[_Variant], list[str]]:
    step = problem.interval_minutes
    notes: list[str] = []
    variants: list[_Variant] = []
    types = problem.shift_types or tuple((start, length) for length in problem.shift_lengths_minutes
                                         for start in problem.start_minutes)
    starts_by_length: dict[int, set[int]] = {}
    for start, length in types:
        starts_by_length.setdefault(length, set()).add(start)
    for length, starts in sorted(starts_by_length.items()):
        rule = _break_for(length, problem.break_rules)
        length_slots = length // step
        if rule is None:
            positions: list[int | None] = [None]
            break_slots, paid = 0, length
        else:
            break_slots = math.ceil(rule.break_minutes / step)
            first = math.ceil(rule.earliest_after_minutes / step)
            last = length_slots - break_slots - math.ceil(rule.latest_before_end_minutes / step)
            if last < first:
                first = last = max(0, (length_slots - break_slots) // 2)
                notes.append(f"{length // 60} h shifts: the break window does not fit; the break is mid-shift")
            positions = list(range(first, last + 1))
            paid = length - rule.break_minutes
        for day in range(problem.days):
            for start in sorted(starts):
                for position in positions:
                    variants.append(_Variant(day, start // step, length_slots, position, break_slots, paid))
    return variants, notes


def _covered(variant: _Variant, slots_per_day: int, total: int, cyclic: bool) -> list[int]:
    first = variant.day * slots_per_day + variant.start_slot
    covered = []
    for offset in range(variant.length_slots):
        if variant.break_slot is not None and variant.break_slot <= offset < variant.break_slot + variant.break_slots:
            continue
        slot = first + offset
        if slot >= total:
            if not cyclic:
                continue
            slot %= total
        covered.append(slot)
    return covered


def _relaxation(variants: list[_Variant], covers: list[list[int]], requirement: np.ndarray,
                weight: int) -> tuple[np.ndarray, float] | None:
    """The LP relaxation (GLOP): fractional people per variant, and the fractional shortfall."""
    from ortools.linear_solver import pywraplp

    lp = pywraplp.Solver.CreateSolver("GLOP")
    if lp is None:
        return None
    total = len(requirement)
    xs = [lp.NumVar(0, lp.infinity(), "") for _ in variants]
    gaps = [lp.NumVar(0, float(r), "") for r in requirement]
    by_slot: list[list[int]] = [[] for _ in range(total)]
    for i, slots in enumerate(covers):
        for slot in slots:
            by_slot[slot].append(i)
    for slot in range(total):
        if requirement[slot] > 0:
            lp.Add(sum(xs[i] for i in by_slot[slot]) + gaps[slot] >= float(requirement[slot]))
    lp.Minimize(sum(v.paid_minutes * xs[i] for i, v in enumerate(variants)) + weight * sum(gaps))
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return np.array([x.solution_value() for x in xs]), float(sum(g.solution_value() for g in gaps))


def _rounded_lp(variants: list[_Variant], covers: list[list[int]], requirement: np.ndarray, weight: int,
                problem: DesignProblem) -> np.ndarray | None:
    """A good first solution for CP-SAT: the LP relaxation (GLOP, milliseconds) rounded up, then trimmed
    greedily while coverage holds. Shift covering LPs are nearly integral, so this is usually within a few
    per cent of the optimum and CP-SAT spends its time closing the gap rather than finding a start."""
    if problem.max_starts_per_day is not None:
        return None
    solved = _relaxation(variants, covers, requirement, weight)
    if solved is None:
        return None
    relaxed = solved[0]
    total = len(requirement)
    values = np.maximum(np.floor(relaxed + 1e-6), 0).astype(np.int64)
    coverage = np.zeros(total, dtype=np.int64)
    for i, slots in enumerate(covers):
        if values[i]:
            coverage[slots] += values[i]
    # Cover what the whole parts leave short, each time with the shift that covers most shortfall per paid
    # minute (ties to the larger LP fraction).
    fraction = relaxed - values
    cover_arrays = [np.asarray(slots, dtype=np.int64) for slots in covers]
    paid = np.array([v.paid_minutes for v in variants], dtype=float)
    candidates = np.flatnonzero(fraction > 1e-6)
    if not len(candidates):
        candidates = np.arange(len(variants))
    while True:
        short = np.maximum(requirement - coverage, 0)
        if not short.any():
            break
        gains = np.array([np.minimum(short[cover_arrays[i]], 1).sum() for i in candidates], dtype=float)
        if gains.max() <= 0:
            if len(candidates) == len(variants):
                break
            candidates = np.arange(len(variants))
            continue
        best = candidates[np.argmax(gains / paid[candidates] + 1e-9 * fraction[candidates])]
        values[best] += 1
        coverage[cover_arrays[best]] += 1
    # Trim: drop whole people from the dearest shifts first while every interval stays covered.
    target = np.minimum(requirement, coverage)
    for i in sorted(np.flatnonzero(values), key=lambda k: -variants[k].paid_minutes):
        slots = covers[i]
        while values[i] and np.all(coverage[slots] - 1 >= target[slots]):
            values[i] -= 1
            coverage[slots] -= 1
    return values


def design_shifts(problem: DesignProblem) -> ShiftDesign:
    """Solve the shift design problem within `problem.time_limit_s` seconds (in all).

    With `max_shift_types`, two choices of types are tried (pruned on the LP relaxation of the whole problem,
    which keeps the differences between weekdays and weekends; and chosen by CP-SAT on an average "design
    day"), the days are designed with each, and the cheaper design is kept."""
    problem.validate()
    if problem.max_shift_types is None:
        return _solve(problem)
    began = time.perf_counter()
    budget = problem.time_limit_s
    limit = int(problem.max_shift_types)
    candidates = []
    pruned = _prune_types(problem, deadline=began + budget / 4)
    if len(pruned[0]) <= limit:
        candidates.append(pruned)
    candidates.append(_design_day_types(problem, deadline=time.perf_counter() + budget / 4))
    best: ShiftDesign | None = None
    for index, (keep, note) in enumerate(candidates):
        left = (began + budget - time.perf_counter()) / (len(candidates) - index)
        result = _solve(replace(problem, shift_types=keep, max_shift_types=None, time_limit_s=max(0.5, left)))
        result = replace(result, notes=[*result.notes, note])
        if best is None or (result.status != "unknown" and (best.status == "unknown"
                                                             or result.objective < best.objective)):
            best = result
    return replace(best, seconds=time.perf_counter() - began)


def _prune_types(problem: DesignProblem, *, deadline: float) -> tuple[tuple[tuple[int, int], ...], str]:
    """Repeatedly drop the types carrying the fewest paid hours in the LP relaxation (all unused ones at once,
    then several at a time while many remain), never one whose loss would leave demand no remaining type can
    reach. Dropping every unused type can throw away the one versatile type a very small limit needs; the
    design-day fallback catches that."""
    limit = int(problem.max_shift_types or 1)
    step = problem.interval_minutes
    types = sorted(set(problem.shift_types or ((start, length) for length in problem.shift_lengths_minutes
                                                for start in problem.start_minutes)))
    requirement = np.asarray(problem.requirement, dtype=np.int64)
    protected: set[tuple[int, int]] = set()
    # Breaks fixed mid-shift here: a tenth of the variables, and which types matter hardly depends on it.
    mid_breaks = tuple(BreakRule(r.min_shift_minutes, r.break_minutes, 10**6, 10**6) for r in problem.break_rules)
    while len(types) > limit and time.perf_counter() < deadline:
        trial = replace(problem, shift_types=tuple(types), max_shift_types=None, break_rules=mid_breaks)
        variants, _ = _variants(trial)
        covers = [_covered(v, trial.slots_per_day, len(requirement), trial.cyclic) for v in variants]
        solved = _relaxation(variants, covers, requirement, max(v.paid_minutes for v in variants) * 2 + 1)
        if solved is None:
            break
        hours = dict.fromkeys(types, 0.0)
        for v, x in zip(variants, solved[0], strict=True):
            hours[(v.start_slot * step, v.length_slots * step)] += x * v.paid_minutes
        droppable = [t for t in sorted(types, key=lambda k: hours[k]) if t not in protected]
        if not droppable:
            break
        unused = sum(1 for t in droppable if hours[t] < 1e-6)
        count = max(unused, 1, (len(types) - limit) // 3)
        drop = droppable[:min(count, len(types) - limit)]
        remaining = [t for t in types if t not in drop]
        check = replace(problem, shift_types=tuple(remaining), max_shift_types=None)
        reach = np.zeros(len(requirement), dtype=bool)
        for v in _variants(check)[0]:
            reach[_covered(v, check.slots_per_day, len(requirement), check.cyclic)] = True
        if np.any((requirement > 0) & ~reach):
            protected.add(drop[0])  # some interval would lose every shift that reaches it
            continue
        types = remaining
    names = ", ".join(f"{s // 60:02d}:{s % 60:02d}+{n / 60:g}h" for s, n in types)
    return tuple(types), f"{len(types)} shift types, pruned on the LP relaxation: {names}"


def _design_day_types(problem: DesignProblem, *, deadline: float) -> tuple[tuple[tuple[int, int], ...], str]:
    """CP-SAT on one "design day": the requirement of every day added up per time of day, with a boolean per
    shift type and a cap on how many are used."""
    limit = int(problem.max_shift_types or 1)
    step = problem.interval_minutes
    slots = problem.slots_per_day
    types = sorted(set(problem.shift_types or ((start, length) for length in problem.shift_lengths_minutes
                                                for start in problem.start_minutes)))
    if len(types) <= limit:
        return tuple(types), f"all {len(types)} shift types allowed are within the limit of {limit}"
    day = np.asarray(problem.requirement, dtype=np.int64).reshape(problem.days, slots).sum(axis=0)
    one_day = replace(problem, requirement=tuple(int(x) for x in day), shift_types=tuple(types),
                      max_shift_types=None, cyclic=True)
    variants, _ = _variants(one_day)
    covers = [_covered(v, slots, slots, True) for v in variants]
    peak = int(day.max()) if len(day) else 0
    model = cp_model.CpModel()
    counts = [model.new_int_var(0, peak, "") for _ in variants]
    used = {t: model.new_bool_var("") for t in types}
    for i, v in enumerate(variants):
        model.add(counts[i] <= peak * used[(v.start_slot * step, v.length_slots * step)])
    model.add(sum(used.values()) <= limit)
    weight = max(v.paid_minutes for v in variants) * 2 + 1
    short = []
    for slot in range(slots):
        if day[slot] > 0:
            gap = model.new_int_var(0, int(day[slot]), "")
            model.add(sum(counts[i] for i, c in enumerate(covers) if slot in c) + gap >= int(day[slot]))
            short.append(gap)
    model.minimize(sum(v.paid_minutes * counts[i] for i, v in enumerate(variants)) + weight * sum(short))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.2, deadline - time.perf_counter())
    solver.parameters.num_workers = max(1, int(problem.workers))
    solver.parameters.random_seed = 7
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return tuple(types), f"no choice of {limit} shift types was found in time; all allowed types were used"
    chosen = tuple(t for t in types if solver.value(used[t]))
    names = ", ".join(f"{s // 60:02d}:{s % 60:02d}+{n / 60:g}h" for s, n in chosen)
    return chosen, f"{len(chosen)} shift types, chosen for the shape of an average day: {names}"


def _solve(problem: DesignProblem) -> ShiftDesign:
    began = time.perf_counter()
    requirement = np.asarray(problem.requirement, dtype=np.int64)
    total = len(requirement)
    slots_per_day = problem.slots_per_day
    variants, notes = _variants(problem)
    covers = [_covered(v, slots_per_day, total, problem.cyclic) for v in variants]
    peak = int(requirement.max()) if total else 0

    model = cp_model.CpModel()
    counts = [model.new_int_var(0, peak, f"x{i}") for i in range(len(variants))]
    # A variant covering no interval with demand can only cost money: fix it at zero.
    for i, slots in enumerate(covers):
        if not any(requirement[s] > 0 for s in slots):
            model.add(counts[i] == 0)
    by_slot: list[list[int]] = [[] for _ in range(total)]
    for i, slots in enumerate(covers):
        for slot in slots:
            by_slot[slot].append(i)
    short = []
    for slot in range(total):
        need = int(requirement[slot])
        if need == 0:
            short.append(None)
            continue
        gap = model.new_int_var(0, need, f"short{slot}")
        model.add(sum(counts[i] for i in by_slot[slot]) + gap >= need)
        short.append(gap)
    if problem.max_starts_per_day is not None:
        for day in range(problem.days):
            model.add(sum(counts[i] for i, v in enumerate(variants) if v.day == day) <= problem.max_starts_per_day)
    # One agent-interval short must cost more than any whole shift, so coverage always comes first.
    weight = max(v.paid_minutes for v in variants) * 2 + 1 if variants else 1
    step_hours = problem.interval_minutes / 60.0
    model.minimize(sum(v.paid_minutes * counts[i] for i, v in enumerate(variants))
                   + weight * sum(g for g in short if g is not None))

    heuristic = _rounded_lp(variants, covers, requirement, weight, problem)
    solver = cp_model.CpSolver()
    # The limit covers the whole call: CP-SAT gets what model building and the LP left of it.
    solver.parameters.max_time_in_seconds = max(0.2, float(problem.time_limit_s) - (time.perf_counter() - began))
    solver.parameters.num_workers = max(1, int(problem.workers))
    solver.parameters.random_seed = 7
    status = solver.solve(model)
    names = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible"}
    status_name = names.get(status, "unknown")
    chosen: np.ndarray | None = None
    objective = bound = math.nan
    if status_name != "unknown":
        chosen = np.array([solver.value(x) for x in counts], dtype=np.int64)
        objective, bound = float(solver.objective_value), float(solver.best_objective_bound)
    if heuristic is not None and status_name != "optimal":
        cost = _cost(heuristic, variants, covers, requirement, weight)
        if chosen is None or cost < objective:
            # The time limit ran out before CP-SAT beat the rounded LP: keep the better of the two.
            chosen, objective, status_name = heuristic, cost, "feasible"
            notes.append("the time limit ended the search early: this is the rounded LP design, "
                         f"at most {100 * (cost - bound) / bound:.1f} % dearer than the best possible"
                         if bound and math.isfinite(bound) else "the time limit ended the search early")
    coverage = np.zeros(total, dtype=np.int64)
    starts: list[ShiftStart] = []
    if chosen is not None:
        for i, variant in enumerate(variants):
            count = int(chosen[i])
            if not count:
                continue
            for slot in covers[i]:
                coverage[slot] += count
            step = problem.interval_minutes
            break_start = None if variant.break_slot is None else (variant.start_slot + variant.break_slot) * step
            starts.append(ShiftStart(day=variant.day, start_minute=variant.start_slot * step,
                                     length_minutes=variant.length_slots * step, break_start_minute=break_start,
                                     break_minutes=(variant.length_slots * step - variant.paid_minutes),
                                     paid_minutes=variant.paid_minutes, count=count))
    under = np.maximum(requirement - coverage, 0) if chosen is not None else requirement.copy()
    over = np.maximum(coverage - requirement, 0)
    paid = sum(s.paid_minutes * s.count for s in starts) / 60.0
    if status_name == "unknown":
        notes.append(f"no design found within {problem.time_limit_s:g} s; allow more time or fewer start times")
    return ShiftDesign(
        status=status_name, starts=sorted(starts, key=lambda s: (s.day, s.start_minute, s.length_minutes)),
        requirement=requirement, coverage=coverage, over=over, under=under, paid_hours=paid,
        shortfall_agent_hours=float(under.sum() * step_hours), objective=objective, bound=bound,
        seconds=time.perf_counter() - began, interval_minutes=problem.interval_minutes, notes=notes)


def _cost(values: np.ndarray, variants: list[_Variant], covers: list[list[int]], requirement: np.ndarray,
          weight: int) -> float:
    coverage = np.zeros(len(requirement), dtype=np.int64)
    for i, slots in enumerate(covers):
        if values[i]:
            coverage[slots] += values[i]
    paid = sum(v.paid_minutes * int(values[i]) for i, v in enumerate(variants))
    return float(paid + weight * np.maximum(requirement - coverage, 0).sum())
