"""Engine inputs and outputs as frozen dataclasses: people, duties, rest days, abstractions, violations.

These are what the Django adapter (worktime/checking.py) and the interchange reader build; the rules
never see them one by one but through the NumPy arrays of `Timelines` (timelines.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Literal

Severity = Literal["breach", "warning"]
DutyKind = Literal["duty", "training", "on_call_at_work", "on_call_away"]

# Kind codes in the duty arrays. Everything but on-call away from the workplace is working time (WTR-1).
KIND_CODES: Mapping[str, int] = MappingProxyType({"duty": 0, "training": 1, "on_call_at_work": 2, "on_call_away": 3})
KIND_ON_CALL_AWAY = 3

# Abstraction types whose days are "excluded days" for the 17-week average (WTR-1): they are neither
# zeros nor worked, and are made good from the days after the window.
EXCLUDED_ABSTRACTION_TYPES = frozenset({"annual_leave", "sickness", "maternity", "paternity", "adoption", "parental"})


@dataclass(frozen=True)
class Person:
    """Someone rostered, with the contract facts the working-time rules need.

    `pack` names the rule pack of the person's staff group (None: the evaluation's default pack).
    `night_worker` True marks a night worker; False/None lets the engine derive it from the duties.
    """

    id: str
    pack: str | None = None
    hours_per_week: float | None = None
    wtr_opt_out: bool = False
    night_worker: bool | None = None
    special_hazards: bool = False
    birth_date: date | None = None
    employed_from: date | None = None
    rank: str | None = None
    band: str | None = None


@dataclass(frozen=True)
class Duty:
    """One period of work (or on-call) with aware start and end instants.

    `break_minutes` are unpaid breaks deducted from working time, except in packs whose breaks are paid
    (police refreshment, RULES.md § 8). The remaining fields are carried for pay costing.
    """

    person: str
    start: datetime
    end: datetime
    break_minutes: int = 0
    kind: DutyKind = "duty"
    public_holiday: bool = False
    rostered_rest_day: bool = False
    notified_at: datetime | None = None


@dataclass(frozen=True)
class RestDay:
    person: str
    date: date


@dataclass(frozen=True)
class Abstraction:
    """Absence over local dates `start`..`end` inclusive (annual_leave, sickness, training, court...)."""

    person: str
    type: str
    start: date
    end: date

    @property
    def excluded(self) -> bool:
        return self.type in EXCLUDED_ABSTRACTION_TYPES


@dataclass(frozen=True)
class Period:
    """Local dates start..end inclusive for which violations are reported."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends {self.end} before it starts {self.start}")


@dataclass(frozen=True)
class Violation:
    """One broken (breach) or bent (warning) rule for one person over an instant or window.

    `measured` and `limit` are in `unit`; `compensatory_rest_minutes` is set where rest is owed (WTR-7).
    """

    rule: str
    severity: Severity
    person: str
    start: datetime
    end: datetime
    measured: float
    limit: float
    unit: str
    message: str
    compensatory_rest_minutes: int | None = None
