"""Tiny rostering problems for the optimiser tests: a week from Monday 2 March 2026, Early/Late/Night shifts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from muster_engine.solver import (
    Person,
    Problem,
    Requirement,
    Roster,
    ShiftType,
    Solution,
    SolveOptions,
    Weights,
    solve,
)
from muster_engine.solver.objective import breaches, evaluate

MONDAY = date(2026, 3, 2)
EARLY = ShiftType("E", 480, start_minute=7 * 60, name="Early")
LATE = ShiftType("L", 480, start_minute=15 * 60, name="Late")
NIGHT = ShiftType("N", 480, start_minute=23 * 60, counts_as_night=True, name="Night")
SHIFTS = (EARLY, LATE, NIGHT)


def days(n: int = 7, first: date = MONDAY) -> tuple[date, ...]:
    return tuple(first + timedelta(days=i) for i in range(n))


def day(i: int) -> date:
    return MONDAY + timedelta(days=i)


def people(*ids: str, **fields: object) -> tuple[Person, ...]:
    return tuple(Person(i, **fields) for i in ids)  # type: ignore[arg-type]


def every_day(n_days: int, shift: str, count: int, **fields: object) -> tuple[Requirement, ...]:
    """Want `count` people on `shift` each day (target, 100 per person short unless told otherwise)."""
    fields.setdefault("under_target", 100)
    return tuple(Requirement(day(i), target=count, shift=shift, **fields) for i in range(n_days))  # type: ignore[arg-type]


def problem(
    staff: Sequence[Person],
    requirements: Sequence[Requirement] = (),
    *,
    n_days: int = 7,
    shifts: Sequence[ShiftType] = SHIFTS,
    weights: Weights | None = None,
    **fields: object,
) -> Problem:
    return Problem(days(n_days), tuple(shifts), tuple(staff), tuple(requirements), weights or Weights(),
                   **fields)  # type: ignore[arg-type]


def solved(p: Problem, seconds: float = 10.0, **options: object) -> Solution:
    """Solve and hold the result to the pure rules: no hard breach, and CP-SAT's price equals theirs."""
    options.setdefault("workers", 2)
    solution = solve(p, SolveOptions(time_limit=seconds, **options))  # type: ignore[arg-type]
    assert solution.roster is not None, solution.status
    assert breaches(solution.roster) == []
    assert solution.objective == evaluate(solution.roster).total == solution.model_objective
    return solution


def row(solution: Solution, person: str) -> list[str | None]:
    assert solution.roster is not None
    return solution.roster.to_ids()[person]


def with_rules(person: Person, **rules: object) -> Person:
    return replace(person, rules=replace(person.rules, **rules))


__all__ = ["EARLY", "LATE", "MONDAY", "NIGHT", "SHIFTS", "Roster", "day", "days", "every_day", "people", "problem",
           "row", "solved", "with_rules"]
