"""The one adapter between Django and `muster_engine.pay`: people, contracts and rate tables in; costs out.

Other apps (cover options, events, duty changes) ask here what a duty or a set of duties costs: the hourly rate
comes from the rate table for the person's rank and contract pay point on the day, the rule pack from their staff
group, public holidays from the bank-holiday calendar of their home unit. The engine does the rules (RULES.md
POL-5..POL-14, PSC-1/2, NHS-2..NHS-6) and rounds every item to pennies."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from common.calendar import is_bank_holiday
from common.choices import BankHolidayRegion
from common.errors import DomainError
from people.models import Contract, Person

from .choices import PayScheme
from .models import PayRate, hourly_from_annual
from .seed import ensure_rate_tables

if TYPE_CHECKING:
    from muster_engine import pay as engine

LONDON = ZoneInfo("Europe/London")
PENNY = Decimal("0.01")
# The rule pack of a staff group decides how its salary becomes an hourly rate.
SCHEME_OF_PACK = {
    "police-officer": PayScheme.POLICE_OFFICER,
    "police-staff": PayScheme.POLICE_STAFF,
    "nhs-afc": PayScheme.NHS_AFC,
    "nhs-ambulance": PayScheme.NHS_AFC,
}
# Words for the time off the engine says is owed, as a planner reads them.
TIME_OFF_WORDS = {
    "rdil": "RDiL",
    "public_holiday_in_lieu": "public holiday in lieu",
    "toil": "TOIL",
    "compensatory_rest": "compensatory rest",
}
OVERTIME_TYPES = ("casual", "planned", "recall")


def _engine():
    """muster_engine.pay, imported on first use so that importing this module stays cheap."""
    from muster_engine import pay

    return pay


@dataclass(frozen=True)
class Cost:
    """What a duty (or many) costs beyond basic contracted pay, itemised, and the time off it earns."""

    total: Decimal
    items: tuple  # engine CostItems
    time_off_owed: tuple  # engine TimeOffOwed

    def describe(self) -> str:
        """One line for a planner: "£123.45: rest day worked ×1.5 (POL-5); RDiL owed"."""
        parts = [f"{item.what} ×{_multiplier(item.multiplier)} ({item.rule})" for item in self.items]
        text = f"£{self.total:,.2f}: " + (", ".join(parts) if parts else _("nothing beyond basic pay"))
        for owed in self.time_off_owed:
            text += "; " + _time_off_text(owed)
        return text

    def time_off_json(self) -> list[dict]:
        return [{"rule": t.rule, "kind": t.kind, "days": _plain(getattr(t, "days", None)),
                 "hours": _plain(getattr(t, "hours", None))} for t in self.time_off_owed]

    def items_json(self) -> list[dict]:
        return [{"rule": i.rule, "what": i.what, "hours": _plain(i.hours), "multiplier": _plain(i.multiplier),
                 "amount": str(i.amount)} for i in self.items]

    def __add__(self, other: Cost) -> Cost:
        return Cost(self.total + other.total, self.items + other.items, self.time_off_owed + other.time_off_owed)


ZERO = Cost(Decimal("0.00"), (), ())


def _plain(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def _multiplier(value) -> str:
    text = f"{Decimal(str(value)).quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text or "0"


def _time_off_text(owed) -> str:
    word = TIME_OFF_WORDS.get(owed.kind, owed.kind)
    days, hours = getattr(owed, "days", None), getattr(owed, "hours", None)
    if owed.kind == "rdil" and (days in (None, 1)):
        return _("RDiL owed")
    if days:
        return _("%(what)s owed (%(n)s d)") % {"n": _multiplier(days), "what": word}
    if hours:
        return _("%(what)s %(n)s h owed") % {"what": word, "n": _multiplier(hours)}
    return _("%(what)s owed") % {"what": word}


# --- rates --------------------------------------------------------------------------------------------------------


def _point_number(text: str) -> int | None:
    """The pay point a contract names: "Constable point 3", "PP3", "3", "Band 5 point 2" → the last number."""
    found = re.findall(r"\d+", text or "")
    return int(found[-1]) if found else None


def pick_rate(rows: list[PayRate], pay_point: str, *, who: str, rank: str, on: dt.date) -> PayRate:
    """The row of a scale (the rows of one rank in force on a day) for a contract's pay point.

    A point above the top of the scale is paid at the top point: scales are shortened by pay awards and people
    on a removed point are kept at the top."""
    if not rows:
        raise DomainError(_("There is no pay rate for %(rank)s on %(date)s, so %(who)s cannot be costed: add the "
                            "scale to the rate tables.") % {"rank": rank, "date": on, "who": who}, field="rate")
    wanted = (pay_point or "").strip()
    if not wanted:
        raise DomainError(_("%(who)s has no pay point on their contract, so their hourly rate is unknown: give "
                            "the contract a pay point (e.g. 3).") % {"who": who}, field="pay_point")
    for row in rows:
        if row.point.lower() == wanted.lower():
            return row
    number = _point_number(wanted)
    numbered = sorted((r for r in rows if r.point_number is not None), key=lambda r: r.point_number)
    if number is None or not numbered:
        raise DomainError(_("%(who)s's pay point '%(point)s' is not a point of the %(rank)s scale (points: "
                          "%(points)s).") % {"who": who, "point": wanted, "rank": rank,
                                             "points": ", ".join(r.point for r in rows)}, field="pay_point")
    for row in numbered:
        if row.point_number == number:
            return row
    if number > numbered[-1].point_number:
        return numbered[-1]
    raise DomainError(_("%(who)s's pay point '%(point)s' is not a point of the %(rank)s scale (points: "
                        "%(points)s).") % {"who": who, "point": wanted, "rank": rank,
                                           "points": ", ".join(r.point for r in numbered)}, field="pay_point")


def scale_in_force(rows: Iterable[PayRate], on: dt.date) -> list[PayRate]:
    """Of one rank's rows, those of the latest version starting on or before `on`."""
    dated = [r for r in rows if r.effective_from <= on]
    if not dated:
        return []
    latest = max(r.effective_from for r in dated)
    return [r for r in dated if r.effective_from == latest]


class PayFacts:
    """Everything costing needs about a set of people, read in a fixed number of queries."""

    def __init__(self, person_ids: Iterable[int]):
        ids = set(person_ids)
        self.people = Person.objects.select_related("rank", "staff_group", "home_unit").in_bulk(ids)
        self.contracts: dict[int, list[Contract]] = defaultdict(list)
        for contract in Contract.objects.filter(person_id__in=ids).order_by("effective_from"):
            self.contracts[contract.person_id].append(contract)
        ranks = {p.rank.code for p in self.people.values()}
        ensure_rate_tables()
        self.rates: dict[str, list[PayRate]] = defaultdict(list)
        for row in PayRate.objects.filter(rank_code__in=ranks):
            self.rates[row.rank_code].append(row)

    def person(self, pid: int) -> Person:
        return self.people[pid]

    def contract(self, pid: int, on: dt.date) -> Contract:
        found = [c for c in self.contracts.get(pid, []) if c.effective_from <= on
                 and (c.effective_to is None or c.effective_to >= on)]
        if not found:
            raise DomainError(_("%(who)s has no contract in force on %(date)s, so they cannot be costed.")
                              % {"who": self.people[pid].full_name, "date": on}, field="contract")
        return found[-1]

    def rate(self, pid: int, on: dt.date) -> Decimal:
        person = self.people[pid]
        contract = self.contract(pid, on)
        row = pick_rate(scale_in_force(self.rates.get(person.rank.code, []), on), contract.pay_point,
                        who=person.full_name, rank=person.rank.name, on=on)
        return hourly_from_annual(row.scheme, row.annual_salary)

    def pay_person(self, pid: int, on: dt.date) -> engine.PayPerson:
        person = self.people[pid]
        contract = self.contract(pid, on)
        pack = pack_of(person)
        band = _band(person.rank.code) if pack.startswith("nhs") else None
        return _engine().PayPerson(id=str(pid), hourly_rate=self.rate(pid, on), rank=person.rank.code, band=band,
                                hours_per_week=contract.weekly_hours, annex5=False)


def _band(rank_code: str) -> int | None:
    found = re.findall(r"\d+", rank_code)
    return int(found[0]) if found else None


def pack_of(person: Person) -> str:
    pack = person.staff_group.rule_pack
    if pack not in SCHEME_OF_PACK:
        raise DomainError(_("%(who)s's staff group has rule pack '%(pack)s', which has no pay rules (allowed: "
                            "%(allowed)s).") % {"who": person.full_name, "pack": pack,
                                                "allowed": ", ".join(SCHEME_OF_PACK)}, field="rule_pack")
    return pack


def hourly_rate(person: Person, on: dt.date) -> Decimal:
    """Basic hourly rate on a day, from the rate table for the person's rank and contract pay point."""
    return PayFacts([person.pk]).rate(person.pk, on)


# --- costing ------------------------------------------------------------------------------------------------------


def _region(person: Person) -> str:
    unit = person.home_unit
    return unit.bank_holiday_region if unit is not None else BankHolidayRegion.ENGLAND_AND_WALES


def pay_duty(person: Person, start: dt.datetime, end: dt.datetime, *, break_minutes: int = 0,
             rostered_rest_day: bool = False, overtime: str | None = None, tour_end: dt.datetime | None = None,
             notified_at: dt.datetime | None = None, kind: str = "duty") -> engine.PayDuty:
    if start.tzinfo is None or end.tzinfo is None:
        raise DomainError(_("Give the start and end with a time zone."), field="start")
    if end <= start:
        raise DomainError(_("The end must be after the start."), field="end")
    if overtime is not None and overtime not in OVERTIME_TYPES:
        raise DomainError(_("Overtime must be one of %(allowed)s.") % {"allowed": ", ".join(OVERTIME_TYPES)},
                          field="overtime")
    day = start.astimezone(LONDON).date()
    extra = _engine().Overtime(type=overtime, tour_end=tour_end) if overtime else None
    return _engine().PayDuty(person=str(person.pk), start=start, end=end, break_minutes=break_minutes, kind=kind,
                          public_holiday=is_bank_holiday(_region(person), day),
                          rostered_rest_day=rostered_rest_day, overtime=extra, notified_at=notified_at)


def cost_each_pack(facts: PayFacts, rows: list[tuple[int, engine.PayDuty]]) -> Cost:
    by_pack: dict[str, tuple[dict[str, engine.PayPerson], list[engine.PayDuty]]] = {}
    for pid, duty in rows:
        person = facts.person(pid)
        people, duties = by_pack.setdefault(pack_of(person), ({}, []))
        day = duty.start.astimezone(LONDON).date()
        people.setdefault(str(pid), facts.pay_person(pid, day))
        duties.append(duty)
    total = ZERO
    for pack, (people, duties) in by_pack.items():
        try:
            result = _engine().cost(pack, list(people.values()), duties)
        except _engine().PayInputError as exc:
            raise DomainError(exc.problem, field=exc.field) from None
        total = total + Cost(Decimal(result.total).quantize(PENNY), tuple(result.items), tuple(result.time_off_owed))
    return total


def cost_of_duty(person: Person, start: dt.datetime, end: dt.datetime, *, break_minutes: int = 0,
                 rostered_rest_day: bool = False, overtime: str | None = None, tour_end: dt.datetime | None = None,
                 notified_at: dt.datetime | None = None) -> Cost:
    """What one duty costs beyond basic pay. `overtime` ("casual" | "planned" | "recall") marks the part after
    `tour_end` (default: the whole duty) as overtime; a public holiday is read from the bank-holiday calendar."""
    facts = PayFacts([person.pk])
    duty = pay_duty(facts.person(person.pk), start, end, break_minutes=break_minutes,
                     rostered_rest_day=rostered_rest_day, overtime=overtime, tour_end=tour_end,
                     notified_at=notified_at)
    return cost_each_pack(facts, [(person.pk, duty)])


def bank_cost(facts: PayFacts, pid: int, start: dt.datetime, end: dt.datetime, *, break_minutes: int = 0) -> Cost:
    """Bank hours: none of them is contracted pay, so every hour worked is paid at the basic rate (× 1), one item
    to the penny. Unpaid breaks are not worked time; police refreshment breaks are (RULES.md § Interchange)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise DomainError(_("Give the start and end with a time zone."), field="start")
    if end <= start:
        raise DomainError(_("The end must be after the start."), field="end")
    person = facts.person(pid)
    pack = pack_of(person)
    day = start.astimezone(LONDON).date()
    rate = facts.rate(pid, day)
    minutes = int((end - start).total_seconds() // 60)
    if not _engine().shipped_pay_rules().in_force(pack, day).breaks_paid:
        minutes = max(0, minutes - break_minutes)
    hours = Decimal(minutes) / Decimal(60)
    amount = (Decimal(minutes) * rate / Decimal(60)).quantize(PENNY, rounding=ROUND_HALF_UP)
    item = _engine().CostItem(person=str(pid), rule="BANK", what=_("bank hours at the basic rate"), start=start,
                              hours=hours.quantize(Decimal("0.0001")), multiplier=Decimal("1"), amount=amount)
    return Cost(amount, (item,), ())


def cost_of_bank_hours(person: Person, start: dt.datetime, end: dt.datetime, *, break_minutes: int = 0) -> Cost:
    """What bank hours cost (see bank_cost): the same figure the cover options show and the overtime records."""
    return bank_cost(PayFacts([person.pk]), person.pk, start, end, break_minutes=break_minutes)


def cost_of_duties(rows: Iterable[dict]) -> Cost:
    """Many duties at once: each row has "person" (a Person or id), "start", "end" and optionally the keywords of
    `cost_of_duty`. People, contracts and rates are read once for all rows."""
    rows = list(rows)
    if not rows:
        return ZERO
    pids = [r["person"].pk if isinstance(r["person"], Person) else int(r["person"]) for r in rows]
    facts = PayFacts(pids)
    missing = set(pids) - set(facts.people)
    if missing:
        raise DomainError(_("No such person: %(ids)s.") % {"ids": ", ".join(map(str, sorted(missing)))},
                          field="person")
    duties = []
    for pid, row in zip(pids, rows, strict=True):
        options = {k: v for k, v in row.items() if k not in {"person", "start", "end"}}
        duties.append((pid, pay_duty(facts.person(pid), row["start"], row["end"], **options)))
    return cost_each_pack(facts, duties)
