"""A rota pattern from a shift design (issue 8): which team works which designed shift on which day of a cycle.

A shift design says how many people start which shift on each day of a week. Teams in a rota all work the same
duty, so the pattern is built at team granularity: a cycle of W weeks for W teams, team k working week
(k + n) mod W of the cycle in week n. On any weekday the teams together work every week-row of the pattern
once, so the people on a shift that day are (rows with that shift on that weekday) × the team size.

CP-SAT chooses one shift or a rest day per row and weekday so that people on duty follow the requirement curve
per interval (shortfall weighted above oversupply), within the teams' contracted hours on average over the cycle
and the working-time limits a rota must keep whatever the rule pack: at least `min_rest_minutes` between the end
of one duty and the start of the next (WTR-3), at least one rest day in every row-week (WTR-4), at most
`max_consecutive_days` working days in a row across the rows of the cycle, and no row-week above 48 paid hours.
Team sizes differ; the model counts the mean (the fill mode then tops up or trims by person).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

MAX_ROWS = 12  # a pattern is at most 12 weeks (one row per team)


class RotaSeedError(ValueError):
    """The problem cannot be posed (no shifts, no teams, a requirement of the wrong shape)."""


@dataclass(frozen=True)
class SeedShift:
    """A shift the rota may use: starts `start_minute` after local midnight, lasts `length_minutes` (wall clock),
    of which `paid_minutes` are paid."""

    key: str
    start_minute: int
    length_minutes: int
    paid_minutes: int

    @property
    def end_minute(self) -> int:
        return self.start_minute + self.length_minutes


@dataclass(frozen=True)
class RotaProblem:
    requirement: tuple[tuple[int, ...], ...]  # 7 rows, Monday first: people needed per interval of that weekday
    interval_minutes: int
    shifts: tuple[SeedShift, ...]
    team_sizes: tuple[int, ...]  # one row of the pattern per team
    hours_per_week: float = 37.5
    min_rest_minutes: int = 660
    max_consecutive_days: int = 6
    max_week_minutes: int = 48 * 60
    time_limit_s: float = 10.0
    workers: int = 2

    @property
    def slots_per_day(self) -> int:
        return 1440 // self.interval_minutes

    def validate(self) -> None:
        if not self.shifts:
            raise RotaSeedError("the design starts no shifts")
        if not 1 <= len(self.team_sizes) <= MAX_ROWS:
            raise RotaSeedError(f"a pattern needs 1 to {MAX_ROWS} teams, got {len(self.team_sizes)}")
        if any(size < 1 for size in self.team_sizes):
            raise RotaSeedError("every team needs at least one member")
        if len(self.requirement) != 7 or any(len(r) != self.slots_per_day for r in self.requirement):
            raise RotaSeedError(f"the requirement needs 7 days of {self.slots_per_day} intervals")
        if not 0 < self.hours_per_week <= self.max_week_minutes / 60:
            raise RotaSeedError("hours per week must be above 0 and at most the weekly limit")
        if not 1 <= self.max_consecutive_days <= 6:
            raise RotaSeedError("at most 1 to 6 consecutive working days")


@dataclass(frozen=True)
class Rota:
    status: str  # optimal | feasible | infeasible | unknown
    rows: list[list[str | None]]  # W rows of 7 shift keys (None: rest day), Monday first
    team_size: int  # the size the model counted per team
    requirement: np.ndarray  # 7 × slots
    coverage: np.ndarray  # 7 × slots, people on duty by the pattern
    average_paid_hours: float  # per team per week over the cycle
    seconds: float
    notes: list[str] = field(default_factory=list)

    @property
    def under(self) -> np.ndarray:
        return np.maximum(self.requirement - self.coverage, 0)

    @property
    def over(self) -> np.ndarray:
        return np.maximum(self.coverage - self.requirement, 0)

    def shortfall_person_hours(self, interval_minutes: int) -> float:
        return float(self.under.sum() * interval_minutes / 60)

    def oversupply_person_hours(self, interval_minutes: int) -> float:
        return float(self.over.sum() * interval_minutes / 60)


def _slots(shift: SeedShift, day: int, step: int) -> list[tuple[int, int]]:
    """(weekday, slot) pairs a shift starting on `day` covers, wrapping from Sunday into Monday."""
    first = shift.start_minute // step
    count = math.ceil(shift.length_minutes / step)
    per_day = 1440 // step
    return [((day + (first + i) // per_day) % 7, (first + i) % per_day) for i in range(count)]


def coverage_of(rows: list[list[str | None]], shifts: tuple[SeedShift, ...], team_size: int,
                interval_minutes: int) -> np.ndarray:
    """People on duty per weekday and interval when the teams work every row of `rows` once a week."""
    by_key = {s.key: s for s in shifts}
    cover = np.zeros((7, 1440 // interval_minutes), dtype=np.int64)
    for row in rows:
        for day, key in enumerate(row):
            if key is not None:
                for d, slot in _slots(by_key[key], day, interval_minutes):
                    cover[d, slot] += team_size
    return cover


def build_rota(problem: RotaProblem) -> Rota:
    """Solve within `problem.time_limit_s`; an infeasible problem (hours that no row can keep within the rest
    rules) comes back with status "infeasible" and a note saying which limit to relax."""
    problem.validate()
    began = time.perf_counter()
    step = problem.interval_minutes
    rows_n = len(problem.team_sizes)
    size = max(1, round(sum(problem.team_sizes) / rows_n))
    requirement = np.asarray(problem.requirement, dtype=np.int64)
    shifts = problem.shifts
    model = cp_model.CpModel()
    x = {(w, d, t): model.new_bool_var(f"x{w}_{d}_{t}") for w in range(rows_n) for d in range(7)
         for t in range(len(shifts))}
    works = {}
    for w in range(rows_n):
        for d in range(7):
            works[w, d] = model.new_bool_var(f"work{w}_{d}")
            model.add(sum(x[w, d, t] for t in range(len(shifts))) == works[w, d])
        # WTR-4: a rest day in every week of the cycle; and no week above the weekly limit.
        model.add(sum(works[w, d] for d in range(7)) <= 6)
        model.add(sum(x[w, d, t] * s.paid_minutes for d in range(7) for t, s in enumerate(shifts))
                  <= problem.max_week_minutes)
    # The days of the cycle in order: row w's Sunday is followed by row w+1's Monday (the team moves on a week).
    sequence = [(w, d) for w in range(rows_n) for d in range(7)]
    total_days = len(sequence)
    for index, (w, d) in enumerate(sequence):
        nw, nd = sequence[(index + 1) % total_days]
        for t, first in enumerate(shifts):
            for u, second in enumerate(shifts):
                rest = 1440 + second.start_minute - first.end_minute
                if rest < problem.min_rest_minutes:  # WTR-3 daily rest between consecutive duties
                    model.add_bool_or([x[w, d, t].Not(), x[nw, nd, u].Not()])
    window = problem.max_consecutive_days + 1
    if window <= total_days:
        for index in range(total_days):
            model.add(sum(works[sequence[(index + k) % total_days]] for k in range(window))
                      <= problem.max_consecutive_days)
    # Contracted hours on average over the cycle, within half the longest paid shift either way.
    target = round(problem.hours_per_week * 60 * rows_n)
    slack = max(s.paid_minutes for s in shifts) * rows_n // 2
    paid = sum(var * shifts[t].paid_minutes for (_w, _d, t), var in x.items())
    model.add(paid >= target - slack)
    model.add(paid <= target + slack)
    deviation = model.new_int_var(0, slack, "deviation")
    model.add(paid - target <= deviation)
    model.add(target - paid <= deviation)
    covers: dict[tuple[int, int], list] = {}
    for (_w, d, t), var in x.items():
        for cell in _slots(shifts[t], d, step):
            covers.setdefault(cell, []).append(var)
    peak = int(requirement.max(initial=0)) + size * rows_n
    under_terms, over_terms = [], []
    for d in range(7):
        for slot in range(problem.slots_per_day):
            need = int(requirement[d, slot])
            vars_ = covers.get((d, slot), [])
            on_duty = size * sum(vars_) if vars_ else 0
            under = model.new_int_var(0, max(need, 0), f"u{d}_{slot}")
            over = model.new_int_var(0, peak, f"o{d}_{slot}")
            model.add(on_duty + under - over == need)
            under_terms.append(under)
            over_terms.append(over)
    # Shortfall first (a person short costs four people over), then hours close to the contract as a tie-break.
    model.minimize((4 * sum(under_terms) + sum(over_terms)) * step * 10 + deviation)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.5, problem.time_limit_s - (time.perf_counter() - began))
    solver.parameters.num_workers = max(1, problem.workers)
    solver.parameters.random_seed = 7
    status = solver.solve(model)
    names = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible", cp_model.INFEASIBLE: "infeasible"}
    status_name = names.get(status, "unknown")
    notes: list[str] = []
    rows: list[list[str | None]] = [[None] * 7 for _ in range(rows_n)]
    if status_name in {"optimal", "feasible"}:
        for (w, d, t), var in x.items():
            if solver.value(var):
                rows[w][d] = shifts[t].key
    elif status_name == "infeasible":
        notes.append(f"no rota keeps {problem.hours_per_week:g} hours a week with these shifts, "
                     f"{problem.min_rest_minutes // 60} hours' rest between duties and at most "
                     f"{problem.max_consecutive_days} days in a row; change the hours or the shift lengths")
    else:
        notes.append(f"no rota found within {problem.time_limit_s:g} s; allow more time")
    coverage = coverage_of(rows, shifts, size, step)
    by_key = {s.key: s for s in shifts}
    paid_minutes = sum(by_key[k].paid_minutes for row in rows for k in row if k is not None)
    return Rota(status=status_name, rows=rows, team_size=size, requirement=requirement, coverage=coverage,
                average_paid_hours=paid_minutes / 60 / rows_n, seconds=time.perf_counter() - began, notes=notes)
