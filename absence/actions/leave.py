"""Leave requests: asked for by the person (or for them), approved or refused with a reason, cancelled.

Deciding needs the staffing check that lives in rostering (above absence): rostering.leave wraps these actions,
works out the planned hours and the staffing impact, and passes `notify`, a callback run inside the decision's
transaction, so the person's notification is written if and only if the decision is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import DomainError
from people.models import Person
from people.permissions import is_self

from ..choices import AbstractionStatus, EntryKind, Ledger
from ..entitlement import recall_credit_days, scheme_of
from ..ledgers import shortfalls, year_of
from ..models import Abstraction, AbstractionType, LedgerEntry
from ..periods import Period, contract_hours_on, estimate_hours
from ..permissions import can_decide_leave, can_manage_absence, require_decide_leave
from .common import (
    check_version,
    clean_hours,
    clean_reason,
    credit_back,
    debit,
    locked,
    record,
    reject_overlaps,
    snap,
    user_or_none,
)

Notify = Callable[[Abstraction, str], None]


def do_request_leave(person: Person, type_: AbstractionType, period: Period, *, hours=None, note: str = "",
                     acting_user, reason: str | None = None) -> Abstraction:
    """The person asks for leave (or a planner asks on their behalf). Refused at once, with nothing saved, when
    it overlaps another absence or the balance (less requests still waiting) does not cover it."""
    own = is_self(acting_user, person)
    if not own and acting_user is not None and not can_manage_absence(acting_user, person):
        raise PermissionDenied(_("You may request leave for yourself, or for people in units you plan."))
    if own and not type_.staff_may_request:
        raise DomainError(_("%(type)s cannot be requested here; ask your planner.") % {"type": type_.name},
                          field="type")
    if own and period.start_date < timezone.localdate():
        raise DomainError(_("Leave cannot start in the past (%(day)s); ask your planner to record it.")
                          % {"day": f"{period.start_date:%d %b %Y}"}, field="start_date")
    if period.start_date < person.start_date or (person.leave_date and period.end_date > person.leave_date):
        raise DomainError(_("The leave falls outside %(person)s's employment.") % {"person": person.full_name},
                          field="start_date")
    hours = clean_hours(hours)
    note = clean_reason(note, required=False, field="note")
    with transaction.atomic(durable=True):
        Person.objects.select_for_update().filter(pk=person.pk).first()
        reject_overlaps(person, period, type_, acting_user)
        a = Abstraction(person=person, type=type_, start_date=period.start_date, end_date=period.end_date,
                        start_time=period.start_time, end_time=period.end_time,
                        hours=hours if hours is not None else estimate_hours(person, period),
                        status=AbstractionStatus.REQUESTED, note=note, recorded_by=user_or_none(acting_user))
        problems = shortfalls(person, a)
        if problems:
            raise DomainError(" ".join(problems), field="hours")
        a.save()
        entries = []
        if not type_.needs_approval:
            a.status, a.decided_at, a.decided_by = AbstractionStatus.APPROVED, timezone.now(), None
            a.decision_reason = _("%(type)s needs no approval.") % {"type": type_.name}
            a.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
            entries = debit(a, acting_user, reason=_("%(type)s %(period)s") % {"type": type_.name,
                                                                               "period": period.text()})
        record(acting_user=acting_user, action="absence.leave.requested", obj=a, after=snap(a), reason=reason,
               person=person, entries=entries)
    return a


def do_approve_leave(abstraction: Abstraction, *, acting_user, reason: str = "", hours=None,
                     expected_version: int | None = None, auto: bool = False,
                     notify: Notify | None = None) -> Abstraction:
    """Approve a request: its hours (the planned duties it covers, from rostering, when given) are taken from the
    balance. `auto` is the unit's leave policy approving it (acting_user None: the system)."""
    if not auto:
        require_decide_leave(acting_user, abstraction.person)
    reason = clean_reason(reason, required=False)
    hours = clean_hours(hours)
    with transaction.atomic(durable=True):
        current = locked(abstraction.pk)
        check_version(current, expected_version)
        if current.status != AbstractionStatus.REQUESTED:
            raise DomainError(_("This request is already %(status)s.") % {"status": current.get_status_display()
                                                                         .lower()}, field="status")
        before = snap(current)
        if hours is not None:
            current.hours = hours
        if auto and shortfalls(current.person, current):
            raise DomainError(_("Not approved automatically: the balance does not cover it."), field="hours")
        reject_overlaps(current.person, Period(current.start_date, current.end_date, current.start_time,
                                               current.end_time), current.type, acting_user, exclude_ids=(current.pk,))
        current.status = AbstractionStatus.APPROVED
        current.decided_at = timezone.now()
        current.decided_by = user_or_none(acting_user)
        current.decision_reason = reason or (_("Approved automatically: no staffing requirement or quota breached.")
                                             if auto else "")
        current.auto_approved = auto
        current.version += 1
        current.save(update_fields=["hours", "status", "decided_at", "decided_by", "decision_reason",
                                    "auto_approved", "version"])
        entries = debit(current, acting_user, reason=_("%(type)s %(period)s approved") % {
            "type": current.type.name, "period": current.period_text()})
        record(acting_user=acting_user, action="absence.leave.approved", obj=current, before=before,
               after=snap(current), reason=current.decision_reason, person=current.person, entries=entries)
        if notify:
            notify(current, "approved")
    return current


def do_refuse_leave(abstraction: Abstraction, *, acting_user, reason: str, expected_version: int | None = None,
                    notify: Notify | None = None) -> Abstraction:
    require_decide_leave(acting_user, abstraction.person)
    reason = clean_reason(reason, required=True)
    with transaction.atomic(durable=True):
        current = locked(abstraction.pk)
        check_version(current, expected_version)
        if current.status != AbstractionStatus.REQUESTED:
            raise DomainError(_("This request is already %(status)s.") % {"status": current.get_status_display()
                                                                         .lower()}, field="status")
        before = snap(current)
        current.status = AbstractionStatus.REFUSED
        current.decided_at = timezone.now()
        current.decided_by = user_or_none(acting_user)
        current.decision_reason = reason
        current.version += 1
        current.save(update_fields=["status", "decided_at", "decided_by", "decision_reason", "version"])
        record(acting_user=acting_user, action="absence.leave.refused", obj=current, before=before,
               after=snap(current), reason=reason, person=current.person)
        if notify:
            notify(current, "refused")
    return current


def can_cancel(user, abstraction: Abstraction) -> bool:
    if abstraction.status not in (AbstractionStatus.REQUESTED, AbstractionStatus.APPROVED):
        return False
    if user is None:  # the system
        return True
    if can_manage_absence(user, abstraction.person) or can_decide_leave(user, abstraction.person):
        return True
    # The person cancels their own request, or approved leave that has not started.
    return is_self(user, abstraction.person) and abstraction.start_date > timezone.localdate()


def do_cancel_leave(abstraction: Abstraction, *, acting_user, reason: str | None = None,
                    expected_version: int | None = None, notify: Notify | None = None) -> Abstraction:
    """Withdraw a request or cancel approved leave: the hours go back to the balance."""
    if not can_cancel(acting_user, abstraction):
        raise PermissionDenied(_("You may cancel your own leave before it starts; after that, ask your planner."))
    own = is_self(acting_user, abstraction.person)
    reason = clean_reason(reason, required=not own)
    with transaction.atomic(durable=True):
        current = locked(abstraction.pk)
        check_version(current, expected_version)
        if current.status not in (AbstractionStatus.REQUESTED, AbstractionStatus.APPROVED):
            raise DomainError(_("This leave is already %(status)s.") % {"status": current.get_status_display()
                                                                       .lower()}, field="status")
        before = snap(current)
        current.status = AbstractionStatus.CANCELLED
        current.version += 1
        current.save(update_fields=["status", "version"])
        entries = credit_back(current, acting_user, reason=_("Leave cancelled%(why)s") % {
            "why": f": {reason}" if reason else ""})
        record(acting_user=acting_user, action="absence.leave.cancelled", obj=current, before=before,
               after=snap(current), reason=reason, person=current.person, entries=entries)
        if notify and not own:
            notify(current, "cancelled")
    return current


def do_record_recall_from_leave(abstraction: Abstraction, *, days_worked: list[dt.date], acting_user,
                                reason: str) -> list[LedgerEntry]:
    """POL-13: an officer recalled to duty from annual leave (an absence of 3 days or more with leave in it) gets
    2 days back for each of the first and second leave days worked, 1.5 for each further day."""
    abstraction = Abstraction.objects.select_related("type", "person__staff_group").get(pk=abstraction.pk)
    person = abstraction.person
    if not can_manage_absence(acting_user, person) and acting_user is not None:
        raise PermissionDenied(_("Only planners of %(person)s's unit record a recall.") % {"person": person.full_name})
    scheme = scheme_of(person)
    if scheme is None or not scheme.recall_from_leave:
        raise DomainError(_("Recall credits (POL-13) apply to police officers only."), field="abstraction")
    if abstraction.type.ledger_kind != Ledger.ANNUAL_LEAVE or abstraction.status != AbstractionStatus.APPROVED:
        raise DomainError(_("Only approved annual leave can be recalled from."), field="abstraction")
    if abstraction.days < 3:
        raise DomainError(_("POL-13 credits a recall from an absence of 3 days or more; this one is %(n)s.")
                          % {"n": abstraction.days}, field="abstraction")
    days = sorted(set(days_worked))
    outside = [d for d in days if not abstraction.start_date <= d <= abstraction.end_date]
    if not days or outside:
        raise DomainError(_("Give the leave days worked, inside %(period)s.") % {"period": abstraction.period_text()},
                          field="days_worked")
    reason = clean_reason(reason, required=True)
    credit_days = recall_credit_days(len(days))
    day_hours = contract_hours_on(person, days[0]) / 5
    with transaction.atomic(durable=True):
        already = LedgerEntry.objects.filter(abstraction=abstraction, kind=EntryKind.RECALL_CREDIT).exists()
        if already:
            raise DomainError(_("A recall from this leave is already credited; adjust the balance instead."),
                              field="abstraction")
        year_start = year_of(person, days[0], scheme)[0]
        entry = LedgerEntry.objects.create(
            person=person, ledger=Ledger.ANNUAL_LEAVE, kind=EntryKind.RECALL_CREDIT,
            amount=(credit_days * day_hours).quantize(Decimal("0.01")), year_start=year_start, effective_date=days[0],
            abstraction=abstraction, rule="POL-13", created_by=user_or_none(acting_user),
            reason=_("Recalled from leave on %(n)s days (%(days)s): %(credit)s days back × %(h)s h. %(why)s") % {
                "n": len(days), "days": ", ".join(f"{d:%d %b}" for d in days), "credit": credit_days,
                "h": day_hours, "why": reason})
        record(acting_user=acting_user, action="absence.leave.recalled", obj=abstraction, reason=reason,
               person=person, entries=[entry])
    return [entry]
