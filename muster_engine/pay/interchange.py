"""The RULES.md § 8 document for `muster cost`: the same JSON as `muster check`, read by the worktime reader
(so every error names its field the same way), plus the pay facts it ignores: `people[].hourly_rate`,
`people[].band` as a number, `people[].annex5`, `duties[].overtime`, and an optional top-level
`public_holidays` list of local dates (without it, each duty's `public_holiday` flag is used).

Optional per-duty pay fields (extensions of RULES.md § 8):
- `"compensation": "pay" | "toil"` (default "pay"): the person's choice of time off instead of payment for
  the duty's overtime or rest-day premium: POL-5 / POL-6 at the same rate (x 1.5, minimum 4 h), POL-8 /
  POL-9 / POL-10 as 1 unit per completed 15 min plus 1 bonus unit per 3, NHS-4 hour for hour (plain time),
  PSC-1 / PSC-2 at the overtime rate [C]. Time off owed appears as `{"kind": "toil", "hours": ...,
  "earned_on": date}`, plus `"expires_on"` (the last day to take it) where TOIL not taken within 3 months
  is paid (NHS-4, PSC-1). PSC-1 rest-day working with < 5 days' notice is always paid plus equal TOIL;
  POL-7 public-holiday working is always paid.
- `"original_start": instant` (POL-10): the rostered start the duty was brought forward from; with
  `notified_at` less than 8 h before the new start, on a police day on which the officer already did a
  tour, the time before the original start is overtime at time and a third in completed 15-min units.
- `"rest_day_reinstated_at": instant` (POL-6), on a rostered rest day: when the officer was told the
  cancelled rest day was reinstated. More than 7 clear days before the duty: nothing is due; fewer: the
  officer chose to work it and gets the rate originally due by `notified_at` (POL-5's: x 1.5 minimum 4 h,
  or a rest day in lieu with 15 clear days). An officer who takes the rest day has no duty to list."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ..worktime.interchange import InterchangeError, _got, _Reader, parse_document
from .engine import cost
from .model import COMPENSATIONS, CostResult, Overtime, PayDuty, PayInputError, PayPerson
from .rates import PAY_PACKS


@dataclass(frozen=True)
class CostRequest:
    pack: str
    period: tuple[date, date]
    people: tuple[PayPerson, ...]
    duties: tuple[PayDuty, ...]
    rest_days: tuple[tuple[str, date], ...]
    public_holidays: tuple[date, ...] | None

    def cost(self) -> CostResult:
        try:
            return cost(
                self.pack,
                self.people,
                self.duties,
                rest_days=self.rest_days,
                public_holidays=self.public_holidays,
                period=self.period,
            )
        except PayInputError as error:
            raise InterchangeError(_document_field(error.field, self.people), error.problem) from None


def _document_field(field: str, people: tuple[PayPerson, ...]) -> str:
    """people[P1].band -> people[0].band, so the message points into the document."""
    if field.startswith("people[") and "]" in field:
        pid, rest = field[len("people[") :].split("]", 1)
        for i, person in enumerate(people):
            if person.id == pid:
                return f"people[{i}]{rest}"
    return field


def _money(item: _Reader, key: str) -> Decimal:
    value = item.raw(key, True)
    problem = f'must be an amount of money of at least 0 such as "20.00", got {_got(value)}'
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise item.fail(key, problem)
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise item.fail(key, problem) from None
    if not amount.is_finite() or amount < 0:
        raise item.fail(key, problem)
    return amount


def _band(item: _Reader) -> int | None:
    value = item.raw("band", False)
    if value is None:
        return None
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not 1 <= int(text) <= 9:
        raise item.fail("band", f"must be an Agenda for Change band 1-9, got {_got(value)}")
    return int(text)


def parse_cost_document(document: Mapping[str, Any] | str | bytes) -> CostRequest:
    """Validate and read a § 8 document for costing. Raises InterchangeError naming the field."""
    if isinstance(document, str | bytes):
        try:
            document = json.loads(document)
        except json.JSONDecodeError as error:
            raise InterchangeError("document", f"is not valid JSON: {error}") from None
    checked = parse_document(document)  # every field muster check knows, validated once
    top = _Reader(document, "")
    if checked.pack not in PAY_PACKS:
        raise top.fail("pack", f"must be one of {', '.join(PAY_PACKS)} for costing, got {_got(checked.pack)}")

    people = []
    for item, person in zip(top.items("people"), checked.people, strict=True):
        hours = item.number("hours_per_week")
        people.append(
            PayPerson(
                id=person.id,
                hourly_rate=_money(item, "hourly_rate"),
                rank=person.rank,
                band=_band(item),
                hours_per_week=Decimal(40 if hours is None else str(hours)),
                annex5=bool(item.flag("annex5")),
            )
        )
    if checked.pack.startswith("nhs-"):
        for item, person in zip(top.items("people"), people, strict=True):
            if person.band is None:
                raise item.fail("band", "is required for Agenda for Change pay (a band 1-9)")
    elif checked.pack == "police-officer":
        for item in top.items("people"):
            item.text("rank")  # POL-11: the rank decides the premia

    duties = []
    for item, duty in zip(top.items("duties"), checked.duties, strict=True):
        overtime = None
        raw = item.raw("overtime", False)
        if raw is not None:
            extra = _Reader(raw, item.field("overtime"))
            tour_end = extra.instant("tour_end", required=False)
            if tour_end is not None and not duty.start <= tour_end <= duty.end:
                raise extra.fail("tour_end", f"must be within the duty {item.data['start']} .. {item.data['end']}")
            overtime = Overtime(type=extra.choice("type", ("casual", "planned", "recall")), tour_end=tour_end)
        original_start = item.instant("original_start", required=False)
        if original_start is not None and original_start <= duty.start:
            raise item.fail(
                "original_start",
                f"must be after the start {item.data['start']}: the rostered start it was brought "
                "forward from (POL-10)",
            )
        reinstated = item.instant("rest_day_reinstated_at", required=False)
        if reinstated is not None and reinstated >= duty.start:
            raise item.fail("rest_day_reinstated_at", f"must be before the start {item.data['start']} (POL-6)")
        duties.append(
            PayDuty(
                person=duty.person,
                start=duty.start,
                end=duty.end,
                break_minutes=duty.break_minutes,
                kind=duty.kind,
                public_holiday=duty.public_holiday,
                rostered_rest_day=duty.rostered_rest_day,
                overtime=overtime,
                notified_at=duty.notified_at,
                compensation=item.choice("compensation", COMPENSATIONS, default="pay"),
                original_start=original_start,
                rest_day_reinstated_at=reinstated,
            )
        )

    holidays = None
    raw_holidays = top.raw("public_holidays", False)
    if raw_holidays is not None:
        if not isinstance(raw_holidays, list):
            raise top.fail("public_holidays", f"must be a list of dates YYYY-MM-DD, got {_got(raw_holidays)}")
        found = []
        for i, value in enumerate(raw_holidays):
            try:
                found.append(date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None)
            except ValueError:
                found.append(None)
            if found[-1] is None:
                raise InterchangeError(f"public_holidays[{i}]", f"must be a date YYYY-MM-DD, got {_got(value)}")
        holidays = tuple(h for h in found if h is not None)

    return CostRequest(
        pack=checked.pack,
        period=(checked.period.start, checked.period.end),
        people=tuple(people),
        duties=tuple(duties),
        rest_days=tuple((r.person, r.date) for r in checked.rest_days),
        public_holidays=holidays,
    )


def cost_document(document: Mapping[str, Any] | str | bytes) -> dict[str, Any]:
    """Interchange JSON in, the `muster cost --format json` dict out. Raises InterchangeError naming the field."""
    return parse_cost_document(document).cost().as_dict()


__all__ = ["CostRequest", "InterchangeError", "cost_document", "parse_cost_document"]
