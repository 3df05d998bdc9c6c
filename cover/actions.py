"""Writes of the cover app: a report on the day (sick, absent, late, AWOL) and applying a cover option.

Applying an option is two durable steps, in this order: the overtime record through pay (pay.actions checks the
budget with the budget row locked and refuses, field "budget", unless overridden with a reason), then every duty
change of the option in one transaction through rostering's cell writer (version-checked, duty change with
notice and compensation class, notification on commit) plus our CoverApplication and its audit row. If the duty
changes fail (someone changed a cell meanwhile), the overtime just recorded is cancelled again, so no money is
committed for cover that did not happen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from absence.actions import do_report_sick
from absence.actions.sickness import SELF_CERTIFIED_DAYS
from absence.models import Abstraction
from absence.periods import LIVE_STATUSES
from common.audit import record, snapshot
from common.errors import DomainError
from common.schema_types import check_plan_day
from org.models import Unit
from pay.actions import do_cancel_overtime, do_record_overtime
from people.models import Person
from rostering.actions.duties import DutyConflict, DutyValue, describe, record_change, set_cell
from rostering.choices import DutySource, DutyStatus
from rostering.models import Duty
from rostering.permissions import require_plan
from rostering.staffing import coverage

from .board import report_windows
from .choices import DayReportKind, OptionKind
from .costs import PayRow
from .models import CoverApplication, DayReport
from .options import Change, Option, check_option, read_token

MAX_MINUTES_LATE = 12 * 60


def _clean(text: str | None, field: str, *, required: bool, limit: int = 2000) -> str:
    value = (text or "").strip()
    if required and not value:
        raise DomainError(_("Give a reason."), field=field)
    if len(value) > limit:
        raise DomainError(_("At most %(n)s characters.") % {"n": limit}, field=field)
    return value


def duty_on(person: Person, day: dt.date) -> Duty:
    duty = (Duty.objects.select_related("unit").filter(person=person, date=day, is_rest_day=False)
            .exclude(status=DutyStatus.CANCELLED).first())
    if duty is None:
        raise DomainError(_("%(person)s has no duty on %(date)s to report on.")
                          % {"person": person.full_name, "date": f"{day:%a %d %b %Y}"}, field="date")
    return duty


def do_report_on_day(person: Person, *, date: dt.date, kind: str, acting_user, minutes_late: int | None = None,
                     from_time: dt.time | None = None, note: str = "", reason: str | None = None) -> DayReport:
    """Record that a person is sick, absent, late or AWOL for their duty on `date`. Sickness goes to the absence
    app as health data (do_report_sick: its own permission and audit); the report here keeps the duty and the
    window the person is off for, so the board shows the gap at once."""
    check_plan_day(date, "date")
    if kind not in DayReportKind.values:
        raise DomainError(_("What happened must be one of %(allowed)s.") % {"allowed": ", ".join(DayReportKind.values)},
                          field="kind")
    duty = duty_on(person, date)
    note = _clean(note, "note", required=False, limit=300)
    start, end = duty.start, duty.end
    if kind == DayReportKind.LATE:
        if not minutes_late or minutes_late <= 0 or minutes_late > MAX_MINUTES_LATE:
            raise DomainError(_("Give the minutes late (1 to %(n)s).") % {"n": MAX_MINUTES_LATE}, field="minutes_late")
        end = min(end, start + dt.timedelta(minutes=minutes_late))
    elif minutes_late:
        raise DomainError(_("Minutes late are only for a late report."), field="minutes_late")
    if kind == DayReportKind.SICK and from_time is not None:
        # Went home sick part way through: off from that time (the duty's own day, or the next for a night).
        local = timezone.localtime(duty.start)
        moment = local.replace(hour=from_time.hour, minute=from_time.minute, second=0, microsecond=0)
        if moment < local:
            moment += dt.timedelta(days=1)
        if not duty.start <= moment < duty.end:
            raise DomainError(_("The time must fall within the duty (%(band)s).") % {
                "band": f"{local:%H:%M}–{timezone.localtime(duty.end):%H:%M}"}, field="from_time")
        start = moment
    if kind != DayReportKind.SICK:
        require_plan(acting_user, duty.unit)
    if DayReport.objects.filter(person=person, date=date, kind=kind).exists():
        raise DomainError(_("%(person)s is already reported %(kind)s on %(date)s.")
                          % {"person": person.full_name, "kind": DayReportKind(kind).label.lower(),
                             "date": f"{date:%a %d %b}"}, field="kind")
    abstraction = None
    if kind == DayReportKind.SICK:
        first_day = timezone.localtime(start).date()
        abstraction = do_report_sick(person, first_day=first_day, expected_last_day=_sick_until(person, first_day),
                                     from_time=from_time, note=note, acting_user=acting_user, reason=reason)
    with transaction.atomic(durable=True):
        report = DayReport.objects.create(
            person=person, duty=duty, unit=duty.unit, date=date, kind=kind, start=start, end=end,
            minutes_late=minutes_late if kind == DayReportKind.LATE else None, note=note, abstraction=abstraction,
            reported_by=acting_user if getattr(acting_user, "pk", None) else None)
        record(actor=acting_user, action=f"cover.report.{kind}", obj=report, after=snapshot(report),
               reason=reason or "", unit_id=duty.unit_id, person_id=person.pk,
               object_repr=f"{person.full_name} {date}: {report.get_kind_display()}")
    return report


def _sick_until(person: Person, first_day: dt.date) -> dt.date | None:
    """The expected last day of a sickness reported on the day: the week of self-certification, but ending before
    leave or training already booked in it (those still stand; a fit note can extend the sickness later)."""
    week_end = first_day + dt.timedelta(days=SELF_CERTIFIED_DAYS - 1)
    booked = (Abstraction.objects.filter(person=person, status__in=LIVE_STATUSES, type__removes_from_roster=True,
                                         start_date__gt=first_day, start_date__lte=week_end)
              .order_by("start_date").values_list("start_date", flat=True).first())
    return booked - dt.timedelta(days=1) if booked else None


def _overtime_kind(option_kind: str, paid: PayRow) -> str:
    if option_kind in (OptionKind.REST_DAY, OptionKind.SWAP):
        return "rest_day_working"
    if option_kind == OptionKind.RECALL:
        return "recall"
    if paid.basic:
        return "bank"
    if option_kind == OptionKind.EXTEND and paid.tour_end is not None:
        return "extension"
    return "overtime"


def _still_short(unit: Unit, rank_id, skill_id, start: dt.datetime, end: dt.datetime) -> bool:
    day = timezone.localtime(start).date()
    without = [(r.person_id, r.start, r.end) for r in report_windows(unit, day - dt.timedelta(days=1),
                                                                      day + dt.timedelta(days=1))]
    rows = coverage(unit, day, timezone.localtime(end).date(), without=without)
    return any(r.shortfall > 0 and r.start < end and r.end > start and (r.rank_id, r.skill_id) == (rank_id, skill_id)
               for r in rows)


def do_apply_cover_option(token: str, *, acting_user, reason: str, override_budget: bool = False,
                          override_reason: str = "") -> CoverApplication:
    """Apply an option that find_options offered (its signed token): overtime first, then the duty changes."""
    data = read_token(token)
    gap_unit = Unit.objects.get(pk=data["unit"])
    require_plan(acting_user, gap_unit)
    reason = _clean(reason, "reason", required=True)
    person = Person.objects.select_related("rank", "staff_group", "home_unit").get(pk=data["person"])
    changes = [Change.from_dict(c) for c in data["changes"]]
    paid = PayRow.from_dict(data["paid"]) if data["paid"] else None
    gs, ge = dt.datetime.fromisoformat(data["gs"]), dt.datetime.fromisoformat(data["ge"])
    start, end = dt.datetime.fromisoformat(data["start"]), dt.datetime.fromisoformat(data["end"])
    if not _still_short(gap_unit, data["rank"], data["skill"], max(gs, start), min(ge, end)):
        raise DomainError(_("This gap has been filled since the options were listed: look at the board again."),
                          field="option")
    option = Option(data["kind"], person, changes, start, end, paid, data["why"])
    check_option(option)  # the roster may have changed since the options were listed
    if option.breaches:
        raise DomainError(_("This option now breaks the working-time rules: %(why)s") % {
            "why": "; ".join(option.breaches)}, field="option")
    now = timezone.now()
    overtime = None
    if paid is not None:
        current = Duty.objects.filter(person=person, date=changes[0].date).exclude(
            status=DutyStatus.CANCELLED).first()
        overtime = do_record_overtime(
            person, start=paid.overtime_start, end=paid.end, kind=_overtime_kind(option.kind, paid),
            reason=f"{option.kind_label}: {reason}", acting_user=acting_user, authorised_by=acting_user,
            duty=current if current is not None and not current.is_rest_day else None,
            override_budget=override_budget, override_reason=override_reason, unit=gap_unit, notified_at=now,
            # The hours the option costed: the whole window (less an unpaid break), or only the extension.
            break_minutes=paid.break_minutes if paid.tour_end is None else 0)
    try:
        with transaction.atomic(durable=True):
            results = [_apply_change(c, person, gap_unit, reason=reason, acting_user=acting_user, now=now,
                                     paid=paid is not None, pool=option.kind == OptionKind.BANK) for c in changes]
            application = CoverApplication.objects.create(
                unit=gap_unit, kind=option.kind, person=person, date=changes[0].date, start=start, end=end,
                cost=overtime.cost if overtime is not None else Decimal("0.00"),
                changes=[c.as_dict() | {"duty_id": d.pk if d else None} for c, d in zip(changes, results, strict=True)],
                overtime_id=overtime.pk if overtime is not None else None,
                override_budget=bool(overtime is not None and overtime.over_budget),
                override_reason=overtime.override_reason if overtime is not None else "", reason=reason,
                applied_by=acting_user if getattr(acting_user, "pk", None) else None)
            record(actor=acting_user, action="cover.option.applied", obj=application, after=snapshot(application),
                   reason=reason, unit_id=gap_unit.pk, person_id=person.pk,
                   object_repr=f"{option.kind_label}: {person.full_name} {changes[0].date}")
    except (DomainError, PermissionDenied) as exc:
        if overtime is not None:
            do_cancel_overtime(overtime, acting_user=acting_user, expected_version=None,
                               reason=_("Cover not applied: %(why)s") % {"why": getattr(exc, "message", str(exc))})
        raise
    return application


def _apply_change(change: Change, person: Person, gap_unit: Unit, *, reason: str, acting_user, now: dt.datetime,
                  paid: bool, pool: bool = False) -> Duty | None:
    if change.kind == "move":
        return _move(change, person, gap_unit, reason=reason, acting_user=acting_user, now=now)
    if pool and change.kind == "duty":
        return _book_from_pool(change, person, gap_unit, reason=reason, acting_user=acting_user, now=now, paid=paid)
    if change.kind == "rest":
        value = DutyValue("rest")
    else:
        start, end = timezone.localtime(change.start), timezone.localtime(change.end)
        value = DutyValue("custom", start_time=start.time(), end_time=end.time(), break_minutes=change.break_minutes)
    result = set_cell(person=person, day=change.date, value=value, expected_version=change.version, reason=reason,
                       acting_user=acting_user, now=now, source=DutySource.OVERTIME if paid else DutySource.MANUAL)
    duty = result.duty
    if change.kind == "duty" and duty is not None and not duty.unit.path.startswith(gap_unit.path):
        # Someone from another station or the bank works the gap at the gap's unit, so it counts there.
        Duty.objects.filter(pk=duty.pk).update(unit=gap_unit)
        duty.unit = gap_unit
    return duty


def _locked_cell(change: Change, person: Person) -> Duty | None:
    duty = Duty.objects.select_for_update().filter(person=person, date=change.date).exclude(
        status=DutyStatus.CANCELLED).first()
    if (duty.version if duty else 0) != change.version:
        current = describe(duty)
        raise DutyConflict(_("Someone else changed %(person)s on %(date)s since the options were listed: it is now "
                             "%(what)s. Nothing was saved; look for cover again.")
                           % {"person": person.full_name, "date": f"{change.date:%a %d %b}", "what": current["label"]},
                           current | {"version": duty.version if duty else 0})
    return duty


def _book_from_pool(change: Change, person: Person, gap_unit: Unit, *, reason: str, acting_user, now: dt.datetime,
                    paid: bool) -> Duty:
    """Bank and relief staff are a pool any planner of the gap's unit may book (require_plan on the gap's unit is
    checked by the caller): the duty is written at the gap's unit, not through their own team's planner, and the
    person is told at once as a duty change (notice, compensation class), whether or not their roster is published."""
    duty = _locked_cell(change, person)
    old = describe(duty)
    source = DutySource.OVERTIME if paid else DutySource.MANUAL
    if duty is None:
        duty = Duty.objects.create(person=person, unit=gap_unit, date=change.date, start=change.start, end=change.end,
                                   break_minutes=change.break_minutes, source=source, published=True,
                                   notified_at=now)
    else:
        duty.unit, duty.start, duty.end, duty.is_rest_day = gap_unit, change.start, change.end, False
        duty.shift_type, duty.role, duty.break_minutes, duty.source = None, "", change.break_minutes, source
        duty.published, duty.notified_at, duty.version = True, now, duty.version + 1
        duty.save(update_fields=["unit", "start", "end", "is_rest_day", "shift_type", "role", "break_minutes",
                                 "source", "published", "notified_at", "version", "updated_at"])
    new = describe(duty)
    new["label"] = f"{new['label']} ({gap_unit.name})"
    record_change(person=person, unit=gap_unit, day=change.date, duty=duty, old=old, new=new, reason=reason,
                  acting_user=acting_user, now=now)
    return duty


def _move(change: Change, person: Person, gap_unit: Unit, *, reason: str, acting_user, now: dt.datetime) -> Duty:
    """The same duty, worked at the gap's unit: a duty change (notice, compensation class) the person is told of."""
    duty = _locked_cell(change, person)
    if duty is None:  # a move needs the duty it moves
        raise DutyConflict(_("%(person)s no longer has a duty on %(date)s. Nothing was saved; look for cover again.")
                           % {"person": person.full_name, "date": f"{change.date:%a %d %b}"},
                           describe(None) | {"version": 0})
    from_unit = Unit.objects.get(pk=duty.unit_id)
    require_plan(acting_user, from_unit)
    old = describe(duty)
    old["label"] = f"{old['label']} ({from_unit.name})"
    duty.unit = gap_unit
    duty.version += 1
    fields = ["unit", "version", "updated_at"]
    if duty.published:
        duty.notified_at = now
        fields.append("notified_at")
    duty.save(update_fields=fields)
    if duty.published:
        new = describe(duty)
        new["label"] = f"{new['label']} ({gap_unit.name})"
        record_change(person=person, unit=gap_unit, day=change.date, duty=duty, old=old, new=new, reason=reason,
                       acting_user=acting_user, now=now)
    return duty
