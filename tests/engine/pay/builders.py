"""Builders for the pay engine tests: people and duties in Europe/London wall time, one-pack costing."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from muster_engine.pay import CostResult, Overtime, PayDuty, PayPerson, cost
from muster_engine.worktime import london


def at(text: str) -> datetime:
    """A local wall time, "2026-03-28 07:00" (the earlier instant when the clock goes back)."""
    return london(text)


def constable(pid: str = "P1", rate: str = "20.00", **changes) -> PayPerson:
    return PayPerson(pid, hourly_rate=Decimal(rate), rank=changes.pop("rank", "constable"), **changes)


def staff(pid: str = "S1", rate: str = "20.00", **changes) -> PayPerson:
    return PayPerson(pid, hourly_rate=Decimal(rate), hours_per_week=Decimal(37), **changes)


def afc(pid: str = "N1", band: int = 5, rate: str = "20.00", hours: str = "37.5", **changes) -> PayPerson:
    return PayPerson(pid, hourly_rate=Decimal(rate), band=band, hours_per_week=Decimal(hours), **changes)


def duty(
    start: str,
    end: str,
    person: str = "P1",
    *,
    breaks: int = 0,
    told: str | None = None,
    overtime: str | None = None,
    tour_end: str | None = None,
    **flags,
) -> PayDuty:
    """A duty from local wall times; `told` the local date (or time) the person was told of it."""
    return PayDuty(
        person=person,
        start=at(start),
        end=at(end),
        break_minutes=breaks,
        overtime=None if overtime is None else Overtime(overtime, at(tour_end) if tour_end else None),
        notified_at=None if told is None else at(told if " " in told else f"{told} 09:00"),
        **flags,
    )


def costed(pack: str, people, duties, **options) -> CostResult:
    options.setdefault("compensatory_rest", False)  # WTR-7 has its own tests
    return cost(pack, list(people), list(duties), **options)


def rows(result: CostResult, *rules: str) -> list[tuple[str, str, float, float, str]]:
    """(rule, what, hours, multiplier, amount) per item, of `rules` only if given: asserted to the penny."""
    return [
        (i.rule, i.what, float(i.hours), float(i.multiplier), f"{i.amount:.2f}")
        for i in result.items
        if not rules or i.rule in rules
    ]


def owed(result: CostResult) -> list[tuple[str, str, float | None, float | None]]:
    """(rule, kind, days, hours) per time-off entry."""
    return [
        (t.rule, t.kind, None if t.days is None else float(t.days), None if t.hours is None else float(t.hours))
        for t in result.time_off_owed
    ]


def day(text: str) -> date:
    return date.fromisoformat(text)
