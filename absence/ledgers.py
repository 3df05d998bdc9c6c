"""Reading the ledgers: balances, statements with a running balance, TOIL/RDiL lots and what has expired.

A balance is the sum of its rows — there is no stored total to drift. Yearly ledgers (annual leave, public
holidays) are summed per leave year; lot ledgers (TOIL, RDiL) over all time, with each earned lot used oldest
expiry first."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from people.models import Person

from .choices import LEDGER_UNITS, YEARLY_LEDGERS, AbstractionStatus, EntryKind, Ledger
from .entitlement import ContractSpan, Entitlement, LeaveScheme, compute_entitlement, leave_year, scheme_of
from .models import Abstraction, LedgerEntry

ZERO = Decimal(0)
CREDIT_KINDS = {EntryKind.EARNED}


@dataclass
class Balance:
    ledger: str
    label: str
    unit: str
    year_start: dt.date | None
    year_end: dt.date | None
    entitled: Decimal = ZERO  # entitlement, recalculations, top-ups, carry-in, recall credits, earned
    taken: Decimal = ZERO  # taken net of returned (positive number)
    other: Decimal = ZERO  # expired, carried out, forfeited, adjustments
    remaining: Decimal = ZERO  # the ledger sum
    pending: Decimal = ZERO  # requested, not yet decided (not in the ledger)
    booked: Decimal = ZERO  # approved and still to come (already in `taken`)
    expiring: list[tuple[dt.date, Decimal]] = field(default_factory=list)  # lots: (expires on, amount left)
    projected: bool = False  # the leave year is not opened yet: `entitled` is what it will open with

    @property
    def after_pending(self) -> Decimal:
        return self.remaining - self.pending


ENTITLING = {EntryKind.ENTITLEMENT, EntryKind.RECALCULATION, EntryKind.STATUTORY_TOP_UP, EntryKind.CARRY_IN,
             EntryKind.RECALL_CREDIT, EntryKind.EARNED}
TAKING = {EntryKind.TAKEN, EntryKind.RETURNED}


def year_of(person: Person, day: dt.date, scheme: LeaveScheme | None = None) -> tuple[dt.date, dt.date]:
    scheme = scheme or scheme_of(person)
    if scheme is None:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return leave_year(scheme, day, person.start_date)


def due_entitlement(person: Person, day: dt.date) -> Entitlement | None:
    """What the person is owed for the leave year containing `day`, as computed now (None: no scheme)."""
    scheme = scheme_of(person)
    if scheme is None:
        return None
    start, end = year_of(person, day, scheme)
    region = person.home_unit.bank_holiday_region if person.home_unit_id else "england-and-wales"
    contracts = [ContractSpan(c.effective_from, c.effective_to, c.weekly_hours) for c in person.contracts.all()]
    return compute_entitlement(scheme, year_start=start, year_end=end, service_start=person.start_date,
                               employed_from=person.start_date, employed_to=person.leave_date, contracts=contracts,
                               region=region)


def is_opened(person: Person, year_start: dt.date) -> bool:
    return LedgerEntry.objects.filter(person=person, year_start=year_start, kind=EntryKind.ENTITLEMENT).exists()


def balance(person: Person, ledger: str, year_start: dt.date | None = None) -> Decimal:
    rows = LedgerEntry.objects.filter(person=person, ledger=ledger)
    if ledger in YEARLY_LEDGERS:
        rows = rows.filter(year_start=year_start)
    return rows.aggregate(total=Sum("amount"))["total"] or ZERO


def balances(person: Person, on: dt.date) -> list[Balance]:
    """Every ledger of the person as it stands, the yearly ones for the leave year containing `on`."""
    scheme = scheme_of(person)
    year_start, year_end = year_of(person, on, scheme)
    entries = list(LedgerEntry.objects.filter(person=person).filter(
        Q(ledger__in=YEARLY_LEDGERS, year_start=year_start) | ~Q(ledger__in=YEARLY_LEDGERS)))
    out: dict[str, Balance] = {}
    for ledger in Ledger:
        yearly = ledger in YEARLY_LEDGERS
        out[ledger] = Balance(ledger, str(ledger.label), LEDGER_UNITS[ledger], year_start if yearly else None,
                              year_end if yearly else None)
    for e in entries:
        b = out[e.ledger]
        b.remaining += e.amount
        if e.kind in ENTITLING:
            b.entitled += e.amount
        elif e.kind in TAKING:
            b.taken -= e.amount
        else:
            b.other += e.amount
    if scheme is not None and not any(e.kind == EntryKind.ENTITLEMENT for e in entries):
        due = due_entitlement(person, year_start)
        for ledger in YEARLY_LEDGERS:
            out[ledger].entitled += due.total(ledger)
            out[ledger].remaining += due.total(ledger)
            out[ledger].projected = True
    pending = (Abstraction.objects.filter(person=person, status=AbstractionStatus.REQUESTED)
               .select_related("type"))
    for a in pending:
        ledger = a.type.ledger_kind
        if ledger and (ledger not in YEARLY_LEDGERS or year_start <= a.start_date <= year_end):
            out[ledger].pending += amount_of(a, ledger)
    for e in entries:
        # Cancelled leave gives back on the day it was taken from: net of those, what is still to come.
        if e.kind in TAKING and e.effective_date > on:
            out[e.ledger].booked -= e.amount
    for ledger in (Ledger.TOIL, Ledger.RDIL):
        rows = sorted((e for e in entries if e.ledger == ledger), key=lambda e: (e.effective_date, e.pk))
        out[ledger].expiring = [(lot.expires_on, lot.remaining) for lot in _allocate(rows)
                                if lot.remaining > 0 and lot.expires_on and lot.expires_on >= on]
    return list(out.values())


def available(person: Person, ledger: str, year_start: dt.date | None, *, exclude_id: int | None = None) -> Decimal:
    """The balance less what is already requested and waiting (so two requests cannot spend the same hours).
    A leave year not opened yet counts the entitlement it will open with."""
    left = balance(person, ledger, year_start)
    if ledger in YEARLY_LEDGERS and year_start is not None and not is_opened(person, year_start):
        due = due_entitlement(person, year_start)
        left += due.total(ledger) if due else ZERO
    pending = Abstraction.objects.filter(person=person, status=AbstractionStatus.REQUESTED).exclude(
        pk=exclude_id).select_related("type")
    for a in pending:
        if a.type.ledger_kind != ledger:
            continue
        parts = debit_years(person, a, amount_of(a, ledger)) if ledger in YEARLY_LEDGERS else [
            (None, None, amount_of(a, ledger))]
        for start, _first, share in parts:
            if start == year_start:
                left -= share
    return left


def shortfalls(person: Person, abstraction: Abstraction) -> list[str]:
    """What the abstraction would overdraw, one sentence per leave year (empty: the balance covers it)."""
    from django.utils.translation import gettext as _

    ledger = abstraction.type.ledger_kind
    if not ledger:
        return []
    amount = amount_of(abstraction, ledger)
    parts = debit_years(person, abstraction, amount) if ledger in YEARLY_LEDGERS else [(None, None, amount)]
    problems = []
    unit = LEDGER_UNITS[ledger]
    for year_start, _first, share in parts:
        left = available(person, ledger, year_start, exclude_id=abstraction.pk)
        if share > left:
            year = _(" in the leave year from %(d)s") % {"d": f"{year_start:%d %b %Y}"} if year_start else ""
            problems.append(_("%(ledger)s: %(need)s %(unit)s needed, %(left)s %(unit)s left%(year)s.") % {
                "ledger": Ledger(ledger).label, "need": share, "left": left, "unit": unit, "year": year})
    return problems


def amount_of(abstraction: Abstraction, ledger: str) -> Decimal:
    """What an abstraction takes from its ledger: hours, or days for RDiL."""
    if ledger == Ledger.RDIL:
        return Decimal(abstraction.days)
    return abstraction.hours_value


@dataclass
class StatementRow:
    entry: LedgerEntry
    running: Decimal


def statement(person: Person, ledger: str, year_start: dt.date | None = None) -> list[StatementRow]:
    rows = LedgerEntry.objects.filter(person=person, ledger=ledger).select_related("created_by", "abstraction")
    if ledger in YEARLY_LEDGERS:
        rows = rows.filter(year_start=year_start)
    running, out = ZERO, []
    for e in rows.order_by("effective_date", "id"):
        running += e.amount
        out.append(StatementRow(e, running))
    return out


# --- lots: TOIL and RDiL ----------------------------------------------------------------------------------------------

@dataclass
class Lot:
    earned_on: dt.date
    expires_on: dt.date | None
    amount: Decimal
    remaining: Decimal
    entry_id: int | None = None


def lots(person: Person, ledger: str, on: dt.date) -> list[Lot]:
    """Earned lots and what is left of each, taking every debit from the lot that expires first among those
    earned by then and not yet expired. Expiry rows are ignored here: they are what this computes."""
    entries = list(LedgerEntry.objects.filter(person=person, ledger=ledger).order_by("effective_date", "id"))
    return _allocate(entries)


def _allocate(entries: list[LedgerEntry]) -> list[Lot]:
    credits = [Lot(e.effective_date, e.expires_on, e.amount, e.amount, e.pk)
               for e in entries if e.amount > 0 and e.kind not in (EntryKind.RETURNED,)]
    # A cancelled request gives back exactly what it took: net TAKEN against RETURNED per abstraction.
    net: dict[object, Decimal] = defaultdict(Decimal)
    dates: dict[object, dt.date] = {}
    for e in entries:
        if e.kind in (EntryKind.TAKEN, EntryKind.RETURNED) or (e.amount < 0 and e.kind != EntryKind.EXPIRED):
            key = e.abstraction_id or f"entry-{e.pk}"
            net[key] += e.amount
            dates[key] = min(dates.get(key, e.effective_date), e.effective_date)
    debits = sorted(((dates[k], -v) for k, v in net.items() if v < 0), key=lambda d: d[0])
    for when, amount in debits:
        usable = sorted((lot for lot in credits if lot.remaining > 0 and lot.earned_on <= when
                         and (lot.expires_on is None or lot.expires_on >= when)),
                        key=lambda lot: (lot.expires_on or dt.date.max, lot.earned_on))
        # Taken ahead of being earned (allowed with a manager's approval): from the next lots to come.
        usable += sorted((lot for lot in credits if lot.remaining > 0 and lot not in usable
                          and (lot.expires_on is None or lot.expires_on >= when)),
                         key=lambda lot: (lot.earned_on, lot.expires_on or dt.date.max))
        for lot in usable:
            if amount <= 0:
                break
            used = min(lot.remaining, amount)
            lot.remaining -= used
            amount -= used
    return credits


def due_to_expire(person: Person, ledger: str, on: dt.date) -> Decimal:
    """What should have expired by `on` (lots past their expiry with something left) less what already has."""
    entries = list(LedgerEntry.objects.filter(person=person, ledger=ledger).order_by("effective_date", "id"))
    should = sum((lot.remaining for lot in _allocate(entries) if lot.expires_on and lot.expires_on < on), ZERO)
    already = -sum((e.amount for e in entries if e.kind == EntryKind.EXPIRED), ZERO)
    return max(ZERO, should - already)


def debit_years(person: Person, abstraction: Abstraction, amount: Decimal,
                scheme: LeaveScheme | None = None) -> list[tuple[dt.date, dt.date, Decimal]]:
    """Split a debit over the leave years the abstraction's days fall in, in proportion to its days in each:
    [(year_start, first day in that year, amount)]."""
    scheme = scheme or scheme_of(person)
    parts: dict[dt.date, list] = {}
    day = abstraction.start_date
    while day <= abstraction.end_date:
        start, end = year_of(person, day, scheme)
        last = min(end, abstraction.end_date)
        parts[start] = [day, (last - day).days + 1]
        day = last + dt.timedelta(days=1)
    total_days = abstraction.days
    out, given = [], ZERO
    items = sorted(parts.items())
    for i, (start, (first, days)) in enumerate(items):
        share = amount - given if i == len(items) - 1 else (amount * days / total_days).quantize(Decimal("0.01"))
        given += share
        out.append((start, first, share))
    return out
