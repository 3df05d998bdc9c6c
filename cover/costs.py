"""What cover costs, asked of pay.costing: many candidate duties costed one by one, with people, contracts and
rate tables read once for all of them (ranking a 600-person area must not cost three queries per candidate)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from common.errors import DomainError
from pay import costing

PENNY = Decimal("0.01")


@dataclass(frozen=True, eq=False)
class PayRow:
    """Hours a cover option pays: the duty (or the overtime part after `tour_end`), as pay.costing takes it.

    basic: bank staff are paid every hour at their basic rate (nothing of it is contracted pay): pay.costing.bank_cost
    prices it, here and in the overtime record (kind "bank") when the option is applied."""

    person_id: int
    start: dt.datetime
    end: dt.datetime
    break_minutes: int = 0
    rest_day: bool = False
    overtime: str | None = None  # "planned" | "casual" | "recall"
    tour_end: dt.datetime | None = None
    basic: bool = False

    @property
    def overtime_start(self) -> dt.datetime:
        """Where the paid hours begin: the end of the tour for an extension, else the start."""
        return self.tour_end or self.start

    def as_dict(self) -> dict:
        return {"person_id": self.person_id, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "break_minutes": self.break_minutes, "rest_day": self.rest_day, "overtime": self.overtime,
                "tour_end": self.tour_end.isoformat() if self.tour_end else None, "basic": self.basic}

    @classmethod
    def from_dict(cls, data: dict) -> PayRow:
        return cls(data["person_id"], dt.datetime.fromisoformat(data["start"]), dt.datetime.fromisoformat(data["end"]),
                   data["break_minutes"], data["rest_day"], data["overtime"],
                   dt.datetime.fromisoformat(data["tour_end"]) if data["tour_end"] else None, data["basic"])


def cost_rows(rows: Iterable[PayRow], *, notified_at: dt.datetime) -> dict[int, object]:
    """id(row) → Cost, or the DomainError saying why it cannot be costed (no rate, no contract)."""
    rows = list(rows)
    if not rows:
        return {}
    # pay.costing's fact loader and runner, shared across rows: its public cost_of_duties sums, and we need each.
    facts = costing.PayFacts({r.person_id for r in rows})
    out: dict[int, object] = {}
    memo: dict[tuple, object] = {}
    for row in rows:
        try:
            person = facts.person(row.person_id)
            day = row.start.astimezone(costing.LONDON).date()
            if row.basic:
                # The same function prices the overtime record when the option is applied (pay kind "bank").
                out[id(row)] = costing.bank_cost(facts, row.person_id, row.start, row.end,
                                                 break_minutes=row.break_minutes)
                continue
            # Candidates on the same pay (rate, rank, hours, pack) working the same hours cost the same: the pay
            # engine runs once per distinct case, not once per person (hundreds of constables on one scale).
            paid_as = facts.pay_person(row.person_id, day)
            key = (costing.pack_of(person), paid_as.hourly_rate, paid_as.rank, paid_as.band, paid_as.hours_per_week,
                   person.home_unit.bank_holiday_region if person.home_unit_id else "", row.start, row.end,
                   row.break_minutes, row.rest_day, row.overtime, row.tour_end)
            if key not in memo:
                duty = costing.pay_duty(person, row.start, row.end, break_minutes=row.break_minutes,
                                         rostered_rest_day=row.rest_day, overtime=row.overtime,
                                         tour_end=row.tour_end, notified_at=notified_at)
                memo[key] = costing.cost_each_pack(facts, [(row.person_id, duty)])
            out[id(row)] = memo[key]
        except DomainError as exc:
            out[id(row)] = exc
        except KeyError:
            out[id(row)] = DomainError("No such person.", field="person")
    return out


def cost_row(row: PayRow, *, notified_at: dt.datetime):
    """One row: its Cost, or raise the DomainError."""
    result = cost_rows([row], notified_at=notified_at)[id(row)]
    if isinstance(result, DomainError):
        raise result
    return result
