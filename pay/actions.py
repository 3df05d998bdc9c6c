"""Writes of the pay app: overtime records (request → authorise → worked, or cancel), budgets, willingness.

Every write is one durable transaction with one audit record. Authorising checks the budget of the unit (or its
nearest ancestor) with the budget row locked, so two planners authorising at once cannot both spend the last
pounds; exceeding it needs an explicit override with a reason, audited as such."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import record, snapshot
from common.errors import ConflictError, DomainError
from common.schema_types import check_plan_day
from org.models import Unit
from people.models import Person
from rostering.models import Duty
from rostering.notify import notify

from .budgets import budget_for, budget_status
from .choices import OvertimeKind, OvertimeStatus
from .costing import Cost, cost_of_bank_hours, cost_of_duty
from .models import OvertimeBudget, OvertimeRecord, OvertimeWillingness
from .permissions import require_plan_overtime, require_set_budget, require_set_willingness

LONDON = ZoneInfo("Europe/London")
MAX_HOURS = 24


def _check_version(row, expected_version: int | None, what: str) -> None:
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(_("Someone else changed %(what)s since you opened it (it is now %(status)s). Nothing "
                              "was saved; look again and retry.") % {"what": what,
                                                                    "status": row.get_status_display()
                                                                    if hasattr(row, "get_status_display")
                                                                    else row.version},
                            field="version")


def _clean_period(start: dt.datetime, end: dt.datetime) -> Decimal:
    if start is None or end is None or start.tzinfo is None or end.tzinfo is None:
        raise DomainError(_("Give the start and end as date and time with a time zone."), field="start")
    if end <= start:
        raise DomainError(_("The end must be after the start."), field="end")
    hours = Decimal((end - start).total_seconds()) / Decimal(3600)
    if hours > MAX_HOURS:
        raise DomainError(_("Record at most %(n)s hours at a time.") % {"n": MAX_HOURS}, field="end")
    return hours.quantize(Decimal("0.01"))


def _engine_overtime(kind: str, duty: Duty | None, notified_at: dt.datetime | None) -> dict:
    """How a record's kind reads to the pay rules (RULES.md POL-5, POL-8, POL-9)."""
    if kind == OvertimeKind.REST_DAY_WORKING:
        return {"rostered_rest_day": True}
    if kind == OvertimeKind.RECALL:
        return {"overtime": "recall"}
    if kind == OvertimeKind.EXTENSION:
        # Casual unless the person was told before the tour began (POL-8).
        told_in_time = duty is not None and duty.start and notified_at is not None and notified_at <= duty.start
        return {"overtime": "planned" if told_in_time else "casual"}
    return {"overtime": "planned"}


def cost_of_record(person: Person, start: dt.datetime, end: dt.datetime, kind: str, *, duty: Duty | None = None,
                   notified_at: dt.datetime | None = None, break_minutes: int = 0) -> Cost:
    if kind == OvertimeKind.BANK:
        return cost_of_bank_hours(person, start, end, break_minutes=break_minutes)
    return cost_of_duty(person, start, end, notified_at=notified_at, break_minutes=break_minutes,
                        **_engine_overtime(kind, duty, notified_at))


def _budget_check(unit: Unit, day: dt.date, cost: Decimal, *, override_budget: bool, override_reason: str) -> bool:
    """Lock the budget and refuse an authorisation that would exceed it, unless overridden with a reason.
    Returns whether the authorisation goes over budget."""
    row = budget_for(unit, day)
    if row is not None:
        OvertimeBudget.objects.select_for_update().filter(pk=row.pk).first()
    status = budget_status(unit, day)
    if not status.would_exceed(cost):
        return False
    if not override_budget:
        raise DomainError(_("Authorising this (£%(cost)s) would exceed the overtime budget of %(unit)s: £%(left)s "
                            "of £%(budget)s remains (£%(committed)s committed, £%(spent)s spent). Authorise over "
                            "budget only with a reason.")
                          % {"cost": f"{cost:,.2f}", "unit": status.row.unit, "left": f"{status.remaining:,.2f}",
                             "budget": f"{status.budget:,.2f}", "committed": f"{status.committed:,.2f}",
                             "spent": f"{status.spent:,.2f}"}, field="budget")
    if not (override_reason or "").strip():
        raise DomainError(_("Say why the overtime budget may be exceeded."), field="override_reason")
    return True


def _notify_authorised(row: OvertimeRecord) -> None:
    local = row.start.astimezone(LONDON)
    notify(row.person, _("Overtime authorised: %(kind)s on %(date)s from %(time)s, %(hours)s h.")
           % {"kind": row.get_kind_display(), "date": local.strftime("%a %d %b"), "time": local.strftime("%H:%M"),
              "hours": row.hours}, url="/pay/my/overtime/", subject=_("Overtime authorised"))


def do_record_overtime(person: Person, *, start: dt.datetime, end: dt.datetime, kind: str, reason: str, acting_user,
                       authorised_by=None, duty: Duty | None = None, override_budget: bool = False,
                       override_reason: str = "", unit: Unit | None = None,
                       notified_at: dt.datetime | None = None, break_minutes: int = 0) -> OvertimeRecord:
    """Record overtime or rest-day working for a person, costed. With `authorised_by` it is authorised at once
    (budget checked); without, it waits for authorisation. `unit` (whose budget pays) defaults to the duty's unit,
    else the person's home unit."""
    check_plan_day(start, "start")
    check_plan_day(end, "end")
    check_plan_day(notified_at, "notified_at")
    if kind not in OvertimeKind.values:
        raise DomainError(_("Kind must be one of %(allowed)s.") % {"allowed": ", ".join(OvertimeKind.values)},
                          field="kind")
    if not (reason or "").strip():
        raise DomainError(_("Say why the overtime is needed."), field="reason")
    hours = _clean_period(start, end)
    unit = unit or (duty.unit if duty is not None else person.home_unit)
    if unit is None:
        raise DomainError(_("%(person)s has no unit: say which unit's budget pays.") % {"person": person.full_name},
                          field="unit")
    require_plan_overtime(acting_user, unit)
    if authorised_by is not None:
        require_plan_overtime(authorised_by, unit)
    if not 0 <= int(break_minutes) < hours * 60:
        raise DomainError(_("The break must be shorter than the hours."), field="break_minutes")
    cost = cost_of_record(person, start, end, kind, duty=duty, notified_at=notified_at, break_minutes=break_minutes)
    day = start.astimezone(LONDON).date()
    now = timezone.now()
    with transaction.atomic(durable=True):
        over = False
        if authorised_by is not None:
            over = _budget_check(unit, day, cost.total, override_budget=override_budget,
                                 override_reason=override_reason)
        row = OvertimeRecord.objects.create(
            person=person, unit=unit, date=day, start=start, end=end, hours=hours, break_minutes=int(break_minutes),
            kind=kind, reason=reason.strip(),
            status=OvertimeStatus.AUTHORISED if authorised_by is not None else OvertimeStatus.REQUESTED,
            requested_by=acting_user if getattr(acting_user, "pk", None) else None, requested_at=now,
            authorised_by=authorised_by, authorised_at=now if authorised_by is not None else None,
            notified_at=notified_at, cost=cost.total, cost_detail=cost.describe()[:400],
            time_off_owed=cost.time_off_json(), duty=duty, over_budget=over,
            override_reason=override_reason.strip() if over else "")
        action = "pay.overtime.authorise_over_budget" if over else (
            "pay.overtime.authorise" if authorised_by is not None else "pay.overtime.request")
        record(actor=acting_user, action=action, obj=row, after=snapshot(row),
               reason=reason.strip() + (f" | over budget: {override_reason.strip()}" if over else ""),
               unit_id=unit.pk, person_id=person.pk)
        if authorised_by is not None:
            _notify_authorised(row)
    return row


def _locked(row: OvertimeRecord) -> OvertimeRecord:
    return OvertimeRecord.objects.select_for_update().select_related("person", "unit").get(pk=row.pk)


def do_authorise_overtime(row: OvertimeRecord, *, acting_user, expected_version: int | None,
                          override_budget: bool = False, override_reason: str = "",
                          reason: str = "") -> OvertimeRecord:
    """Authorise requested overtime: cost it again at today's rates and check the budget."""
    require_plan_overtime(acting_user, row.unit)
    cost = cost_of_record(row.person, row.start, row.end, row.kind, duty=row.duty, notified_at=row.notified_at,
                          break_minutes=row.break_minutes)
    now = timezone.now()
    with transaction.atomic(durable=True):
        current = _locked(row)
        _check_version(current, expected_version, _("this overtime"))
        if current.status != OvertimeStatus.REQUESTED:
            raise DomainError(_("Only requested overtime can be authorised; this is %(status)s.")
                              % {"status": current.get_status_display()}, field="status")
        before = snapshot(current)
        over = _budget_check(current.unit, current.date, cost.total, override_budget=override_budget,
                             override_reason=override_reason)
        current.status, current.authorised_by, current.authorised_at = OvertimeStatus.AUTHORISED, acting_user, now
        current.cost, current.cost_detail, current.time_off_owed = cost.total, cost.describe()[:400], \
            cost.time_off_json()
        current.over_budget, current.override_reason = over, override_reason.strip() if over else ""
        current.version += 1
        current.save(update_fields=["status", "authorised_by", "authorised_at", "cost", "cost_detail",
                                    "time_off_owed", "over_budget", "override_reason", "version"])
        record(actor=acting_user, action="pay.overtime.authorise_over_budget" if over else "pay.overtime.authorise",
               obj=current, before=before, after=snapshot(current),
               reason=(reason or "").strip() + (f" | over budget: {override_reason.strip()}" if over else ""),
               unit_id=current.unit_id, person_id=current.person_id)
        _notify_authorised(current)
    return current


def do_mark_overtime_worked(row: OvertimeRecord, *, acting_user, expected_version: int | None,
                            start: dt.datetime | None = None, end: dt.datetime | None = None,
                            reason: str = "") -> OvertimeRecord:
    """Authorised overtime was worked (with the actual times if they differ): committed becomes spent."""
    require_plan_overtime(acting_user, row.unit)
    start, end = start or row.start, end or row.end
    hours = _clean_period(start, end)
    cost = cost_of_record(row.person, start, end, row.kind, duty=row.duty, notified_at=row.notified_at,
                          break_minutes=row.break_minutes)
    with transaction.atomic(durable=True):
        current = _locked(row)
        _check_version(current, expected_version, _("this overtime"))
        if current.status != OvertimeStatus.AUTHORISED:
            raise DomainError(_("Only authorised overtime can be marked worked; this is %(status)s.")
                              % {"status": current.get_status_display()}, field="status")
        before = snapshot(current)
        current.start, current.end, current.hours = start, end, hours
        current.date = start.astimezone(LONDON).date()
        current.cost, current.cost_detail, current.time_off_owed = cost.total, cost.describe()[:400], \
            cost.time_off_json()
        current.status = OvertimeStatus.WORKED
        current.version += 1
        current.save(update_fields=["start", "end", "hours", "date", "cost", "cost_detail", "time_off_owed",
                                    "status", "version"])
        record(actor=acting_user, action="pay.overtime.worked", obj=current, before=before, after=snapshot(current),
               reason=reason or "", unit_id=current.unit_id, person_id=current.person_id)
    return current


def do_cancel_overtime(row: OvertimeRecord, *, acting_user, expected_version: int | None,
                       reason: str) -> OvertimeRecord:
    """Cancel requested or authorised overtime (its committed cost is released); a reason is required."""
    require_plan_overtime(acting_user, row.unit)
    if not (reason or "").strip():
        raise DomainError(_("Say why the overtime is cancelled."), field="reason")
    with transaction.atomic(durable=True):
        current = _locked(row)
        _check_version(current, expected_version, _("this overtime"))
        if not current.is_open:
            raise DomainError(_("This overtime is already %(status)s.") % {"status": current.get_status_display()},
                              field="status")
        before = snapshot(current)
        was_authorised = current.status == OvertimeStatus.AUTHORISED
        current.status, current.cancel_reason = OvertimeStatus.CANCELLED, reason.strip()
        current.version += 1
        current.save(update_fields=["status", "cancel_reason", "version"])
        record(actor=acting_user, action="pay.overtime.cancel", obj=current, before=before, after=snapshot(current),
               reason=reason.strip(), unit_id=current.unit_id, person_id=current.person_id)
        if was_authorised:
            local = current.start.astimezone(LONDON)
            notify(current.person, _("Overtime on %(date)s from %(time)s is cancelled. Reason: %(reason)s")
                   % {"date": local.strftime("%a %d %b"), "time": local.strftime("%H:%M"), "reason": reason.strip()},
                   url="/pay/my/overtime/", subject=_("Overtime cancelled"))
    return current


def do_set_overtime_budget(unit: Unit, *, start_date: dt.date, end_date: dt.date, amount: Decimal, acting_user,
                           reason: str, note: str = "", expected_version: int | None = None) -> OvertimeBudget:
    """Set (or change) a unit's overtime budget for a period starting on `start_date`."""
    check_plan_day(start_date, "start_date")
    check_plan_day(end_date, "end_date")
    require_set_budget(acting_user, unit)
    if not (reason or "").strip():
        raise DomainError(_("Say why the budget is set or changed."), field="reason")
    if end_date < start_date:
        raise DomainError(_("The last day must be on or after the first day."), field="end_date")
    try:
        amount = Decimal(amount).quantize(Decimal("0.01"))
    except (ArithmeticError, ValueError, TypeError):
        raise DomainError(_("Give the budget as an amount in pounds, e.g. 25000.00."), field="amount") from None
    if amount < 0:
        raise DomainError(_("A budget cannot be negative."), field="amount")
    if amount >= Decimal("1000000000"):  # the column holds 11 digits, 2 of them pence: more cannot be read back
        raise DomainError(_("A budget must be under £1,000,000,000."), field="amount")
    with transaction.atomic(durable=True):
        overlapping = OvertimeBudget.objects.filter(unit=unit, start_date__lte=end_date, end_date__gte=start_date
                                                    ).exclude(start_date=start_date)
        if overlapping.exists():
            raise DomainError(_("%(unit)s already has a budget overlapping these dates (%(other)s).")
                              % {"unit": unit, "other": overlapping.first()}, field="start_date")
        row = OvertimeBudget.objects.select_for_update().filter(unit=unit, start_date=start_date).first()
        before = snapshot(row)
        if row is None:
            row = OvertimeBudget.objects.create(unit=unit, start_date=start_date, end_date=end_date, amount=amount,
                                                note=note)
        else:
            _check_version(row, expected_version, _("this budget"))
            row.end_date, row.amount, row.note = end_date, amount, note
            row.version += 1
            row.save(update_fields=["end_date", "amount", "note", "version"])
        record(actor=acting_user, action="pay.budget.set", obj=row, before=before, after=snapshot(row),
               reason=reason.strip(), unit_id=unit.pk)
    return row


def do_set_overtime_willingness(person: Person, *, willing: bool, acting_user, max_hours_per_month: int | None = None,
                                note: str = "", reason: str = "") -> OvertimeWillingness:
    """Say whether a person is willing to be offered overtime (the person themself, or a planner of their unit)."""
    require_set_willingness(acting_user, person)
    if max_hours_per_month is not None and not 0 <= int(max_hours_per_month) <= 744:
        raise DomainError(_("Give at most 744 hours a month."), field="max_hours_per_month")
    with transaction.atomic(durable=True):
        row = OvertimeWillingness.objects.select_for_update().filter(person=person).first()
        before = snapshot(row)
        if row is None:
            row = OvertimeWillingness(person=person)
        row.willing, row.max_hours_per_month, row.note = bool(willing), max_hours_per_month, (note or "")[:200]
        row.save()
        record(actor=acting_user, action="pay.willingness.set", obj=row, before=before, after=snapshot(row),
               reason=reason or "", unit_id=person.home_unit_id, person_id=person.pk)
    return row
