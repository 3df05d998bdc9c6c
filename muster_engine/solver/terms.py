"""What constraint modules hand back: named penalty terms for the CP-SAT objective, and for the pure checks of a
finished roster, breaches of hard rules and costs of soft ones, each with a sentence a planner can read.

The same sentence is written by a module's `add` (into `Penalty.message`, for the literal) and by its `cost`
(into `Cost.message`, for a roster): explain.py reads the latter, solve.py reports the former.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Penalty:
    """A soft term of the objective: `weight` x the value of `expr` (a literal, an int var or a linear expression
    over them; may be a constant when nothing can avoid it). `message` may hold {n}: the value in the solution."""

    rule: str
    name: str
    expr: Any
    weight: int
    message: str
    person: str | None = None
    day: date | None = None
    shift: str | None = None


@dataclass(frozen=True)
class Cost:
    """A soft rule paid by a roster: `amount` units at `weight` each."""

    rule: str
    amount: int
    weight: int
    message: str
    person: str | None = None
    day: date | None = None
    shift: str | None = None

    @property
    def total(self) -> int:
        return self.amount * self.weight


@dataclass(frozen=True)
class Breach:
    """A hard rule a roster breaks (the optimiser never returns one; explain uses them to say why not)."""

    rule: str
    person: str
    message: str
    day: date | None = None


@dataclass(frozen=True)
class Scope:
    """Limits a pure check to some people and days (indexes), to price one move cheaply; None: all."""

    people: Collection[int] | None = None
    days: Collection[int] | None = None

    def has_person(self, p: int) -> bool:
        return self.people is None or p in self.people

    def has_day(self, d: int) -> bool:
        return self.days is None or d in self.days


ALL = Scope()


def fmt_day(day: date) -> str:
    """"Mon 2 Mar": short, unambiguous within a roster period."""
    return f"{day:%a} {day.day} {day:%b}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


__all__ = ["ALL", "Breach", "Cost", "Penalty", "Scope", "fmt_day", "plural"]
