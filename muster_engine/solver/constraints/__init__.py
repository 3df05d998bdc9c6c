"""One module per rule. Each may define:

* `restrict(problem, allowed)`: clear (person, day, shift) choices the rule rules out before the model is built;
* `add(m: RosterModel)`: hard constraints, and soft ones as named penalties (`m.penalise`);
* `check(roster, scope) -> list[Breach]`: the hard rule on a finished roster, in planner words;
* `cost(roster, scope) -> list[Cost]`: the soft rule's price on a finished roster, in the same words.

`check` and `cost` are plain Python, a separate path from the CP-SAT model: tests hold the two to the same
answer, explain.py uses them to say why nobody covered a gap, and solve() re-prices what CP-SAT returns.
one_shift_per_day comes first: it creates the day-off literals the others read.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from ..problem import Problem
from . import (
    availability,
    cover,
    fairness,
    fixed,
    forbidden_successions,
    max_consecutive_days,
    max_shifts_per_type,
    min_consecutive_days,
    min_consecutive_days_off,
    one_shift_per_day,
    pattern_adherence,
    requests,
    skills,
    total_minutes,
    weekends,
    weekly_rest,
)

ALL_RULES: tuple[ModuleType, ...] = (
    one_shift_per_day,
    skills,
    availability,
    fixed,
    forbidden_successions,
    weekly_rest,
    max_consecutive_days,
    min_consecutive_days,
    min_consecutive_days_off,
    max_shifts_per_type,
    total_minutes,
    weekends,
    cover,
    requests,
    pattern_adherence,
    fairness,
)

HARD = tuple(r for r in ALL_RULES if hasattr(r, "check"))
SOFT = tuple(r for r in ALL_RULES if hasattr(r, "cost"))


def allowed_mask(problem: Problem) -> np.ndarray:
    """(people, days, shift types) bool: the choices left once every `restrict` hook has run."""
    allowed = np.ones((len(problem.people), problem.horizon, len(problem.shift_types)), bool)
    for rule in ALL_RULES:
        if hasattr(rule, "restrict"):
            rule.restrict(problem, allowed)
    return allowed


__all__ = ["ALL_RULES", "HARD", "SOFT", "allowed_mask"]
