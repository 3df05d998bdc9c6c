"""Fairness (soft): nights and weekend days spread evenly. The spread (most minus fewest, among the people who may
work them at all) costs `Weights.fair_nights` / `Weights.fair_weekends` per unit, and is reported either way."""

from __future__ import annotations

from ..model import RosterModel
from ..problem import Problem
from ..roster import Roster
from ..terms import ALL, Cost, Scope

RULE = "fairness"


def _kinds(problem: Problem) -> list[tuple[str, int, list[tuple[int, int]] | None]]:
    """(what, weight, cells) where cells are (day, shift) counted; None: weekend days (any shift)."""
    w = problem.weights
    nights = [s for s, shift in enumerate(problem.shift_types) if shift.counts_as_night]
    weekend_days = [d for days in problem.weekends() for d in days]
    return [
        ("nights", w.fair_nights, [(d, s) for d in range(problem.horizon) for s in nights]),
        ("weekend days", w.fair_weekends, [(d, s) for d in weekend_days for s in range(len(problem.shift_types))]),
    ]


def eligible(problem: Problem, cells: list[tuple[int, int]]) -> list[int]:
    allowed = problem.allowed
    return [p for p in range(len(problem.people)) if any(allowed[p, d, s] for d, s in cells)]


def add(m: RosterModel) -> None:
    for what, weight, cells in _kinds(m.problem):
        if not weight or not cells:
            continue
        people = eligible(m.problem, cells)
        if len(people) < 2:
            continue
        most = m.model.new_int_var(0, len(cells), f"fair_{what}_max")
        least = m.model.new_int_var(0, len(cells), f"fair_{what}_min")
        for p in people:
            n = m.linear((1, m.lit(p, d, s)) for d, s in cells)
            m.model.add(most >= n)
            m.model.add(least <= n)
        m.penalise(RULE, f"fair[{what}]", most - least, weight,
                   f"{what.capitalize()} per person range over {{n}} (most minus fewest)")


def spread(roster: Roster, cells: list[tuple[int, int]]) -> dict[str, int]:
    problem = roster.problem
    return {problem.people[p].id: sum(1 for d, s in cells if roster.rows[p][d] == s)
            for p in eligible(problem, cells)}


def cost(roster: Roster, scope: Scope = ALL) -> list[Cost]:
    found = []
    for what, weight, cells in _kinds(roster.problem):
        if not weight or not cells:
            continue
        counts = spread(roster, cells)
        if len(counts) < 2:
            continue
        gap = max(counts.values()) - min(counts.values())
        if gap:
            found.append(Cost(RULE, gap, weight, f"{what.capitalize()} per person range from "
                              f"{min(counts.values())} to {max(counts.values())}"))
    return found


def measures(roster: Roster) -> dict[str, dict[str, int]]:
    """Per person counts of nights and weekend days, reported whatever the weights."""
    return {what: spread(roster, cells) for what, _, cells in _kinds(roster.problem)}


