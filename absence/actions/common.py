"""What the absence actions share: the audit trail of an abstraction and the ledger postings it causes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from common import audit
from common.errors import ConflictError, DomainError
from people.models import Person

from ..choices import YEARLY_LEDGERS, EntryKind, Ledger
from ..ledgers import amount_of, debit_years, due_entitlement
from ..models import Abstraction, LedgerEntry
from ..periods import Period, live_overlaps, overlap_error
from ..permissions import can_see_health_data

ABSTRACTION_FIELDS = ["person", "type", "start_date", "end_date", "start_time", "end_time", "hours", "status",
                      "note", "reference", "batch", "ongoing", "decided_by", "decided_at", "decision_reason",
                      "auto_approved", "version"]


def snap(abstraction: Abstraction) -> dict:
    return audit.snapshot(abstraction, ABSTRACTION_FIELDS)


def entry_snap(entries: list[LedgerEntry]) -> list[dict]:
    return [{"ledger": e.ledger, "kind": e.kind, "amount": str(e.amount),
             "year_start": e.year_start.isoformat() if e.year_start else None,
             "effective_date": e.effective_date.isoformat(), "rule": e.rule} for e in entries]


def record(*, acting_user, action: str, obj, before=None, after=None, reason: str = "", person: Person,
           entries: list[LedgerEntry] | None = None) -> None:
    if entries:
        after = dict(after or {})
        after["ledger"] = entry_snap(entries)
    audit.record(actor=acting_user, action=action, obj=obj, before=before, after=after, reason=reason or "",
                 unit_id=person.home_unit_id, person_id=person.pk)


def user_or_none(user):
    return user if getattr(user, "pk", None) else None


def locked(pk: int) -> Abstraction:
    """The abstraction, locked for the rest of the transaction (only its own row: the person's unit may be null,
    and PostgreSQL cannot lock the nullable side of an outer join)."""
    return (Abstraction.objects.select_for_update(of=("self",))
            .select_related("type", "person__home_unit", "person__staff_group").get(pk=pk))


def check_version(current: Abstraction, expected: int | None) -> None:
    if expected is not None and current.version != expected:
        raise ConflictError(_("Someone else changed this absence since you opened it (you had version %(yours)s, "
                              "it is now %(now)s: %(status)s). Reload to see it.")
                            % {"yours": expected, "now": current.version,
                               "status": current.get_status_display().lower()}, field="version")


def reject_overlaps(person: Person, period: Period, type_, acting_user, *, exclude_ids: tuple[int, ...] = ()) -> None:
    """Abstractions that take the person off the roster may not overlap one another."""
    if not type_.removes_from_roster:
        return
    clashes = live_overlaps(person, period, exclude_ids=exclude_ids)
    if clashes:
        error = overlap_error(person, period, type_.name, clashes,
                              can_see_health=can_see_health_data(acting_user, person))
        raise DomainError(error.message, errors=[error])


def clean_reason(reason, *, required: bool, field: str = "reason") -> str:
    text = (reason or "").strip()
    if required and not text:
        raise DomainError(_("Give a reason."), field=field)
    if len(text) > 2000:
        raise DomainError(_("The reason is longer than 2,000 characters."), field=field)
    return text


def clean_hours(value, field: str = "hours") -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        hours = Decimal(str(value))
    except ArithmeticError:
        raise DomainError(_("'%(v)s' is not a number of hours.") % {"v": value}, field=field) from None
    if not hours.is_finite() or hours < 0 or hours > Decimal(9999):
        raise DomainError(_("Hours must be between 0 and 9,999."), field=field)
    return hours.quantize(Decimal("0.01"))


# --- the ledger side of an abstraction ----------------------------------------------------------------------------

def open_year(person: Person, year_start: dt.date, acting_user, *, recalculate: bool = False) -> list[LedgerEntry]:
    """Post the leave year's entitlement when it has none yet; with `recalculate`, post the difference between
    what is due now (contracts change, people leave) and what was posted. Inside the caller's transaction."""
    due = due_entitlement(person, year_start)
    if due is None:
        return []
    start, end = due.year_start, due.year_end
    posted = list(LedgerEntry.objects.filter(person=person, year_start=start, ledger__in=YEARLY_LEDGERS, kind__in=[
        EntryKind.ENTITLEMENT, EntryKind.RECALCULATION, EntryKind.STATUTORY_TOP_UP]))
    opened = any(e.kind == EntryKind.ENTITLEMENT for e in posted)
    if opened and not recalculate:
        return []
    today = timezone.localdate()
    new: list[LedgerEntry] = []
    for ledger in YEARLY_LEDGERS:
        lines = [line for line in due.lines if line.ledger == ledger]
        if not opened:
            for line in lines:
                kind = EntryKind.STATUTORY_TOP_UP if line.rule == "WTR-9" else EntryKind.ENTITLEMENT
                new.append(LedgerEntry(person=person, ledger=ledger, kind=kind, amount=line.hours, year_start=start,
                                       effective_date=start, rule=line.rule, reason=line.reason,
                                       created_by=user_or_none(acting_user)))
            continue
        difference = sum((line.hours for line in lines), Decimal(0)) - sum(
            (e.amount for e in posted if e.ledger == ledger), Decimal(0))
        if difference:
            rules = ", ".join(sorted({line.rule for line in lines}))
            new.append(LedgerEntry(person=person, ledger=ledger, kind=EntryKind.RECALCULATION, amount=difference,
                                   year_start=start, effective_date=max(start, min(today, end)), rule=rules,
                                   reason=_("Recalculated: now due %(due)s h (%(why)s)") % {
                                       "due": sum((line.hours for line in lines), Decimal(0)),
                                       "why": "; ".join(line.reason for line in lines)},
                                   created_by=user_or_none(acting_user)))
    return LedgerEntry.objects.bulk_create(new)


def debit(abstraction: Abstraction, acting_user, *, reason: str) -> list[LedgerEntry]:
    """Take an approved abstraction's hours (days for RDiL) from its ledger, leave year by leave year."""
    ledger = abstraction.type.ledger_kind
    if not ledger:
        return []
    person = abstraction.person
    amount = amount_of(abstraction, ledger)
    entries: list[LedgerEntry] = []
    if ledger in YEARLY_LEDGERS:
        for year_start, first, share in debit_years(person, abstraction, amount):
            entries += open_year(person, year_start, acting_user)
            entries.append(LedgerEntry(person=person, ledger=ledger, kind=EntryKind.TAKEN, amount=-share,
                                       year_start=year_start, effective_date=first, abstraction=abstraction,
                                       reason=reason, created_by=user_or_none(acting_user)))
    else:
        entries.append(LedgerEntry(person=person, ledger=ledger, kind=EntryKind.TAKEN, amount=-amount,
                                   effective_date=abstraction.start_date, abstraction=abstraction, reason=reason,
                                   created_by=user_or_none(acting_user)))
    LedgerEntry.objects.bulk_create([e for e in entries if e.pk is None])
    return entries


def credit_back(abstraction: Abstraction, acting_user, *, reason: str) -> list[LedgerEntry]:
    """Give back what the abstraction took (net of anything already given back): cancelling restores the balance."""
    rows = list(LedgerEntry.objects.filter(abstraction=abstraction, kind__in=[EntryKind.TAKEN, EntryKind.RETURNED]))
    by_key: dict[tuple, Decimal] = {}
    first_day: dict[tuple, dt.date] = {}
    for e in rows:
        key = (e.ledger, e.year_start)
        by_key[key] = by_key.get(key, Decimal(0)) + e.amount
        first_day[key] = min(first_day.get(key, e.effective_date), e.effective_date)
    entries = [LedgerEntry(person=abstraction.person, ledger=ledger, kind=EntryKind.RETURNED, amount=-net,
                           year_start=year_start, effective_date=first_day[(ledger, year_start)],
                           abstraction=abstraction, reason=reason, created_by=user_or_none(acting_user))
               for (ledger, year_start), net in by_key.items() if net < 0]
    return LedgerEntry.objects.bulk_create(entries)


def ledger_label(ledger: str) -> str:
    return str(Ledger(ledger).label)
