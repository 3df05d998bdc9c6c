"""Pay engine inputs and outputs as frozen dataclasses (RULES.md § 8 `muster cost`).

Inputs are what the Django pay adapter and the interchange reader build; `CostResult.as_dict()` is exactly
the `muster cost --format json` document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

OVERTIME_TYPES = ("casual", "planned", "recall")
TIME_OFF_KINDS = ("rdil", "public_holiday_in_lieu", "toil", "compensatory_rest")
COMPENSATIONS = ("pay", "toil")


class PayInputError(ValueError):
    """Input the pay rules cannot cost (e.g. an NHS person without a band); `field` names what to fix."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class PayPerson:
    """Someone whose duties are costed, with the contract facts the pay rules need."""

    id: str
    hourly_rate: Decimal  # basic hourly pay
    rank: str | None = None  # police rank code: "constable", "sergeant", "inspector", ... (POL-11)
    band: int | None = None  # AfC band 1-9 (NHS-2/3/4)
    hours_per_week: Decimal = Decimal(40)  # contract; part-timers (POL-12, NHS-4)
    annex5: bool = False  # ambulance legacy Annex 5 (NHS-3) instead of Section 2


@dataclass(frozen=True)
class Overtime:
    """The part of a duty after `tour_end` is overtime; without `tour_end` the whole duty is (an extra duty)."""

    type: str  # "casual" | "planned" | "recall"
    tour_end: datetime | None = None


@dataclass(frozen=True)
class PayDuty:
    person: str
    start: datetime  # tz-aware
    end: datetime
    break_minutes: int = 0
    kind: str = "duty"
    public_holiday: bool = False
    rostered_rest_day: bool = False
    overtime: Overtime | None = None
    notified_at: datetime | None = None
    # The person's choice for this duty's overtime and rest-day premium: "pay", or "toil" (time off instead:
    # POL-5 at the same rate, POL-8/9/10 in units with the bonus unit, NHS-4 at plain time, PSC [C] at the rate).
    compensation: str = "pay"
    # POL-10: the rostered start this duty was brought forward from (None: not advanced). `notified_at` is
    # then when the person was told of the new start.
    original_start: datetime | None = None
    # POL-6: on a rest day that had been cancelled for this duty, when the person was told the rest day was
    # reinstated after all. Listed duties are worked: with fewer than 8 clear days' notice the person chose
    # to work it and is paid the rate originally due (by `notified_at`); with more than 7, nothing is due.
    rest_day_reinstated_at: datetime | None = None


@dataclass(frozen=True)
class CostItem:
    """One payment beyond basic contracted pay: `amount` = hours x hourly rate x multiplier, to the penny.

    For an enhancement the multiplier is the percentage (0.30). `hours` are shown to 4 places; the amount
    is computed from the exact minutes, so a 4/3 multiplier or a 7-minute enhancement costs exactly.
    """

    person: str
    rule: str
    what: str
    start: datetime
    hours: Decimal
    multiplier: Decimal
    amount: Decimal


@dataclass(frozen=True)
class TimeOffOwed:
    person: str
    rule: str
    kind: str  # "rdil" | "public_holiday_in_lieu" | "toil" | "compensatory_rest"
    days: Decimal | None = None
    hours: Decimal | None = None
    # TOIL only: the local date of the duty that earned it, the last day to take it where the pack pays out
    # TOIL not taken in time (NHS-4, PSC-1: 3 months), and the multiplier of the hourly rate each hour not
    # taken is then paid at (NHS-4: the overtime rate). See toil.value_expired_toil.
    earned_on: date | None = None
    expires_on: date | None = None
    multiplier: Decimal | None = None


def _number(value: Decimal) -> int | float:
    """JSON number: whole values as integers (days: 1), others as floats to 4 places (hours: 8.25)."""
    if value == value.to_integral_value():
        return int(value)
    return float(round(value, 4))


def _hours(value: Decimal) -> float:
    return float(round(value, 4))


@dataclass(frozen=True)
class CostResult:
    items: tuple[CostItem, ...]
    time_off_owed: tuple[TimeOffOwed, ...]
    total: Decimal

    def as_dict(self) -> dict[str, Any]:
        """The RULES.md § 8 `muster cost --format json` document; instants with their Europe/London offset."""
        owed = []
        for entry in self.time_off_owed:
            row: dict[str, Any] = {"person": entry.person, "rule": entry.rule, "kind": entry.kind}
            if entry.days is not None:
                row["days"] = _number(entry.days)
            if entry.hours is not None:
                row["hours"] = _hours(entry.hours)
            if entry.earned_on is not None:
                row["earned_on"] = entry.earned_on.isoformat()
            if entry.expires_on is not None:
                row["expires_on"] = entry.expires_on.isoformat()
            owed.append(row)
        return {
            "items": [
                {
                    "person": item.person,
                    "rule": item.rule,
                    "what": item.what,
                    "start": item.start.astimezone(LONDON).isoformat(),
                    "hours": _hours(item.hours),
                    "multiplier": _hours(item.multiplier),
                    "amount": f"{item.amount:.2f}",
                }
                for item in self.items
            ],
            "time_off_owed": owed,
            "total": f"{self.total:.2f}",
        }

    def for_person(self, person: str) -> CostResult:
        """The items and time off of one person, with their own total."""
        items = tuple(i for i in self.items if i.person == person)
        owed = tuple(t for t in self.time_off_owed if t.person == person)
        return CostResult(items, owed, sum((i.amount for i in items), Decimal("0.00")))
