"""Balance movements that are not leave itself: opening and closing leave years, TOIL and RDiL earned, expiry,
adjustments. Each is a row with its reason; nothing is ever edited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import DomainError
from people.actions import add_months
from people.models import Person

from ..choices import YEARLY_LEDGERS, EntryKind, Ledger
from ..entitlement import carry_over_cap, scheme_of
from ..ledgers import balance, due_to_expire, year_of
from ..models import Abstraction, LedgerEntry
from ..periods import Period, estimate_hours
from ..permissions import require_manage_absence
from .common import clean_reason, debit, open_year, record, user_or_none


def _ledger(value: str) -> str:
    if value not in Ledger.values:
        raise DomainError(_("'%(v)s' is not a ledger; allowed: %(allowed)s.")
                          % {"v": value, "allowed": ", ".join(Ledger.values)}, field="ledger")
    return value


def _amount(value, field: str = "amount", *, positive: bool = False) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except ArithmeticError:
        raise DomainError(_("'%(v)s' is not a number.") % {"v": value}, field=field) from None
    if not amount.is_finite() or abs(amount) > 10000 or (positive and amount <= 0) or amount == 0:
        raise DomainError(_("Give an amount other than zero%(sign)s, below 10,000.")
                          % {"sign": _(", above zero") if positive else ""}, field=field)
    return amount


def do_open_leave_year(person: Person, *, day: dt.date, acting_user, recalculate: bool = False,
                       reason: str | None = None) -> list[LedgerEntry]:
    """Post the entitlement of the leave year containing `day` (or, with `recalculate`, the difference from what
    is due now). Idempotent: run twice, it posts nothing the second time."""
    require_manage_absence(acting_user, person)
    scheme = scheme_of(person)
    if scheme is None:
        return []
    year_start, _end = year_of(person, day, scheme)
    with transaction.atomic(durable=True):
        entries = open_year(person, year_start, acting_user, recalculate=recalculate)
        if entries:
            record(acting_user=acting_user, action="absence.ledger.year-opened", obj=person,
                   after={"year_start": year_start.isoformat()}, reason=reason, person=person, entries=entries)
    return entries


def do_close_leave_year(person: Person, *, year_start: dt.date, acting_user,
                        reason: str | None = None) -> list[LedgerEntry]:
    """Carry what is left of a leave year's annual leave into the next, up to the cap (POL-13: 5 days, pro rata);
    the rest is forfeited. An overdrawn year carries its debt in full."""
    require_manage_absence(acting_user, person)
    scheme = scheme_of(person)
    if scheme is None:
        return []
    start, end = year_of(person, year_start, scheme)
    if start != year_start:
        raise DomainError(_("%(d)s is not the first day of a leave year (that is %(s)s).")
                          % {"d": year_start, "s": start}, field="year_start")
    with transaction.atomic(durable=True):
        if LedgerEntry.objects.filter(person=person, ledger=Ledger.ANNUAL_LEAVE, year_start=start,
                                      kind__in=[EntryKind.CARRY_OUT, EntryKind.FORFEITED]).exists():
            raise DomainError(_("The leave year from %(d)s is already closed.") % {"d": f"{start:%d %b %Y}"},
                              field="year_start")
        left = balance(person, Ledger.ANNUAL_LEAVE, start)
        next_start = end + dt.timedelta(days=1)
        hours_now = sum((c.weekly_hours for c in person.contracts.all()
                         if c.effective_from <= end and (c.effective_to is None or c.effective_to >= end)),
                        Decimal(0))
        cap = carry_over_cap(scheme, min(Decimal(1), hours_now / scheme.full_time_hours) if hours_now else Decimal(1))
        carry = left if left < 0 else min(left, cap)
        by = user_or_none(acting_user)
        rule = scheme.carry_over_rule
        entries = []
        if carry:
            entries.append(LedgerEntry(person=person, ledger=Ledger.ANNUAL_LEAVE, kind=EntryKind.CARRY_OUT,
                                       amount=-carry, year_start=start, effective_date=end, rule=rule, created_by=by,
                                       reason=_("Carried into the leave year from %(d)s") % {
                                           "d": f"{next_start:%d %b %Y}"}))
            entries.append(LedgerEntry(person=person, ledger=Ledger.ANNUAL_LEAVE, kind=EntryKind.CARRY_IN,
                                       amount=carry, year_start=next_start, effective_date=next_start, rule=rule,
                                       created_by=by, reason=(
                                           _("Overdrawn last year: carried as a debt") if carry < 0 else
                                           _("Carried over from the leave year ending %(d)s (at most %(cap)s h)")
                                           % {"d": f"{end:%d %b %Y}", "cap": cap})))
        if left > carry and left > 0:
            entries.append(LedgerEntry(person=person, ledger=Ledger.ANNUAL_LEAVE, kind=EntryKind.FORFEITED,
                                       amount=-(left - carry), year_start=start, effective_date=end, rule=rule,
                                       created_by=by, reason=_("Above the carry-over limit of %(cap)s h") % {
                                           "cap": cap}))
        LedgerEntry.objects.bulk_create(entries)
        record(acting_user=acting_user, action="absence.ledger.year-closed", obj=person,
               after={"year_start": start.isoformat(), "left": str(left), "carried": str(carry)}, reason=reason,
               person=person, entries=entries)
    return entries


def do_credit_time_off(person: Person, *, ledger: str, amount, earned_on: dt.date, acting_user, reason: str,
                       expires_on: dt.date | None = None, rule: str = "") -> LedgerEntry:
    """TOIL (hours) or RDiL (days) earned. The expiry defaults to the scheme's: 3 months for TOIL (PSC-1, NHS-4),
    12 months for RDiL."""
    require_manage_absence(acting_user, person)
    ledger = _ledger(ledger)
    if ledger not in (Ledger.TOIL, Ledger.RDIL):
        raise DomainError(_("Only TOIL and RDiL are earned; use an adjustment for other balances."), field="ledger")
    amount = _amount(amount, positive=True)
    reason = clean_reason(reason, required=True)
    scheme = scheme_of(person)
    if expires_on is None and scheme is not None:
        months = scheme.toil_expiry_months if ledger == Ledger.TOIL else scheme.rdil_expiry_months
        expires_on = add_months(earned_on, months)
    if expires_on is not None and expires_on < earned_on:
        raise DomainError(_("It cannot expire before it is earned."), field="expires_on")
    if not rule and scheme is not None:
        rule = scheme.toil_rule if ledger == Ledger.TOIL else scheme.rdil_rule
    with transaction.atomic(durable=True):
        entry = LedgerEntry.objects.create(person=person, ledger=ledger, kind=EntryKind.EARNED, amount=amount,
                                           effective_date=earned_on, expires_on=expires_on, rule=rule, reason=reason,
                                           created_by=user_or_none(acting_user))
        record(acting_user=acting_user, action="absence.ledger.earned", obj=person, reason=reason, person=person,
               entries=[entry])
    return entry


def do_adjust_balance(person: Person, *, ledger: str, amount, acting_user, reason: str,
                      day: dt.date | None = None) -> LedgerEntry:
    """A correction, positive or negative, with its reason: the only way to change a balance by hand."""
    require_manage_absence(acting_user, person)
    ledger = _ledger(ledger)
    amount = _amount(amount)
    reason = clean_reason(reason, required=True)
    day = day or timezone.localdate()
    year_start = year_of(person, day)[0] if ledger in YEARLY_LEDGERS else None
    with transaction.atomic(durable=True):
        opened = open_year(person, year_start, acting_user) if year_start else []
        entry = LedgerEntry.objects.create(person=person, ledger=ledger, kind=EntryKind.ADJUSTMENT, amount=amount,
                                           year_start=year_start, effective_date=day, reason=reason,
                                           created_by=user_or_none(acting_user))
        record(acting_user=acting_user, action="absence.ledger.adjusted", obj=person, reason=reason, person=person,
               entries=[*opened, entry])
    return entry


def do_expire_time_off(person: Person, *, on: dt.date, acting_user=None) -> list[LedgerEntry]:
    """Post the TOIL and RDiL lots that passed their expiry untaken. TOIL not taken within 3 months is paid
    (PSC-1, NHS-4 at the overtime rate): the row says so, for payroll."""
    require_manage_absence(acting_user, person)
    scheme = scheme_of(person)
    entries = []
    with transaction.atomic(durable=True):
        for ledger in (Ledger.TOIL, Ledger.RDIL):
            due = due_to_expire(person, ledger, on)
            if not due:
                continue
            rule = (scheme.toil_rule if ledger == Ledger.TOIL else scheme.rdil_rule) if scheme else ""
            why = (_("Not taken within its expiry: to be paid (%(rule)s)") % {"rule": rule} if ledger == Ledger.TOIL
                   else _("Not taken within its expiry"))
            entries.append(LedgerEntry.objects.create(person=person, ledger=ledger, kind=EntryKind.EXPIRED,
                                                      amount=-due, effective_date=on, rule=rule, reason=why,
                                                      created_by=user_or_none(acting_user)))
        if entries:
            record(acting_user=acting_user, action="absence.ledger.expired", obj=person, person=person,
                   entries=entries)
    return entries


def do_backfill_ledgers(person: Person, *, acting_user=None, reason: str | None = None) -> list[LedgerEntry]:
    """Approved leave recorded before the ledgers existed (imports, the demo) takes its hours from its balance now:
    each such abstraction gets the debit it would have had on approval, with a reason that says so. Hours missing
    on the abstraction are estimated from the contract and written on it. Idempotent."""
    require_manage_absence(acting_user, person)
    with transaction.atomic(durable=True):
        pending = [a for a in Abstraction.objects.filter(person=person, status="approved", ledger_entries__isnull=True)
                   .select_related("type", "person__home_unit", "person__staff_group") if a.type.ledger_kind]
        entries: list[LedgerEntry] = []
        for a in pending:
            if a.hours is None:
                a.hours = estimate_hours(person, Period(a.start_date, a.end_date, a.start_time, a.end_time))
                a.save(update_fields=["hours"])
            entries += debit(a, acting_user, reason=_("%(type)s %(period)s, recorded before the ledgers") % {
                "type": a.type.name, "period": a.period_text()})
        if entries:
            record(acting_user=acting_user, action="absence.ledger.backfilled", obj=person, person=person,
                   after={"abstractions": [a.pk for a in pending]}, reason=reason, entries=entries)
    return entries
