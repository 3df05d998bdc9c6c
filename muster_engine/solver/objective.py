"""The objective: the sum of every soft rule's named penalties (CP-SAT side), and the same sum priced on a finished
roster by each rule's pure `cost` (the side explain.py and tests read). The two must agree on every roster CP-SAT
returns; tests hold them to it rule by rule."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .constraints import HARD, SOFT
from .model import value_of
from .roster import Roster
from .terms import ALL, Breach, Cost, Penalty, Scope


def expression(penalties: Iterable[Penalty]) -> Any:
    """Σ weight x term, the expression CP-SAT minimises."""
    return sum(p.weight * p.expr for p in penalties)


@dataclass(frozen=True)
class Evaluation:
    total: int
    costs: tuple[Cost, ...]

    def by_rule(self) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for c in self.costs:
            totals[c.rule] += c.total
        return dict(totals)


def evaluate(roster: Roster, scope: Scope = ALL) -> Evaluation:
    """Price a roster with every soft rule (only the terms touching `scope`, to price one move)."""
    costs = tuple(c for rule in SOFT for c in rule.cost(roster, scope))
    return Evaluation(sum(c.total for c in costs), costs)


def breaches(roster: Roster, scope: Scope = ALL) -> list[Breach]:
    """Every hard rule the roster breaks (none for a roster the optimiser returns)."""
    return [b for rule in HARD for b in rule.check(roster, scope)]


@dataclass(frozen=True)
class ActivePenalty:
    """A penalty term that costs something in a solution, as solve() reports it."""

    rule: str
    name: str
    amount: int
    weight: int
    message: str

    @property
    def total(self) -> int:
        return self.amount * self.weight


def active(penalties: Sequence[Penalty], values: Sequence[int]) -> list[ActivePenalty]:
    found = []
    for p in penalties:
        n = value_of(values, p.expr)
        if n:
            found.append(ActivePenalty(p.rule, p.name, n, p.weight, p.message.replace("{n}", str(n))))
    return found


__all__ = ["ActivePenalty", "Evaluation", "active", "breaches", "evaluate", "expression"]
