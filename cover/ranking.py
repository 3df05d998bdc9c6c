"""Ranking cover options: pure logic over plain values, no database (the property tests drive it directly).

Order (issue 7): cost first, then disruption, then fairness.
- cost: money beyond basic pay (pay.costing), in pounds;
- disruption: people affected, then duty changes made, then how short the notice is (a change told with less
  notice disturbs more: RULES.md C-3 clear days);
- fairness: whoever had the fewest overtime / rest-day-working / cancelled rest days recently goes first.
Options with a hard breach of the working-time rules (severity "breach", C-5) are never offered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

# Tie-breaker after fairness: the less intrusive kind of change first.
KIND_ORDER = ("move", "shift_time", "bank", "extend", "swap", "rest_day", "extra", "recall")


def notice_band(notice_hours: float) -> int:
    """0: a week or more; 1: a day or more; 2: at least 8 hours (POL-10's due notice); 3: less."""
    if notice_hours >= 7 * 24:
        return 0
    if notice_hours >= 24:
        return 1
    if notice_hours >= 8:
        return 2
    return 3


@dataclass(frozen=True)
class Ranked:
    """What ranking needs to know of one option."""

    id: str
    kind: str
    cost: Decimal
    people_affected: int
    changes: int
    notice_hours: float
    recent: int = 0  # overtime, rest-day working and cancelled rest days in the fairness window
    breaches: tuple[str, ...] = field(default_factory=tuple)

    @property
    def legal(self) -> bool:
        return not self.breaches

    @property
    def disruption(self) -> tuple[int, int, int]:
        return (self.people_affected, self.changes, notice_band(self.notice_hours))


def sort_key(option: Ranked) -> tuple:
    kind = KIND_ORDER.index(option.kind) if option.kind in KIND_ORDER else len(KIND_ORDER)
    return (option.cost, option.disruption, option.recent, kind, option.id)


def rank(options: Iterable[Ranked]) -> list[Ranked]:
    """The legal options, best first."""
    return sorted((o for o in options if o.legal), key=sort_key)
