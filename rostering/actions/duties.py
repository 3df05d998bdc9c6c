"""Changing the roster: set a cell, bulk-apply a shift, swap and copy duties.

Before publication these just change duties. After publication every change is a DutyChange recording
who, when, old, new, why, the notice given and its compensation class (notice.py), and the person is
notified. Every change checks the duty's version so two planners cannot silently overwrite each other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import record, snapshot
from common.calendar import is_bank_holiday, local_midnight
from common.errors import ConflictError, DomainError
from common.schema_types import check_plan_day
from org.models import Unit
from people.models import Person

from ..choices import DutySource, DutyStatus
from ..models import Duty, DutyChange, ShiftType, TeamMembership
from ..notice import Entry, classify, clear_days
from ..notify import notify
from ..permissions import require_plan, require_read
from ..projection import duty_instants
from .patterns import published_days

REST_CODES = {"RD", "R", "REST"}


@dataclass(frozen=True)
class DutyValue:
    """What a roster cell should become: a shift type, a rest day, custom times, or nothing."""

    kind: str  # "shift" | "rest" | "custom" | "none"
    shift_type: ShiftType | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    break_minutes: int = 0
    role: str = ""

    def instants(self, day: dt.date) -> tuple[dt.datetime | None, dt.datetime | None]:
        if self.kind == "shift":
            return duty_instants(day, self.shift_type.start_time, self.shift_type.end_time)
        if self.kind == "custom":
            return duty_instants(day, self.start_time, self.end_time)
        return None, None

    def label(self) -> str:
        if self.kind == "shift":
            return f"{self.shift_type.code} {self.shift_type.times_label()}"
        if self.kind == "custom":
            return f"{self.start_time:%H:%M}–{self.end_time:%H:%M}"
        return _("rest day") if self.kind == "rest" else _("no duty")


def parse_value(text: str, *, break_minutes: int | None = None) -> DutyValue:
    """Cell input: a shift-type code ("E10"), "RD" for a rest day, "07:00-15:00" for custom times, "" for nothing."""
    raw = (text or "").strip()
    if not raw:
        return DutyValue("none")
    if raw.upper() in REST_CODES:
        return DutyValue("rest")
    if "-" in raw and ":" in raw:
        left, _sep, right = raw.replace("–", "-").partition("-")
        try:
            start, end = dt.time.fromisoformat(left.strip()), dt.time.fromisoformat(right.strip())
        except ValueError:
            raise DomainError(_("Times must look like 07:00-15:00."), field="value") from None
        if start == end:
            raise DomainError(_("A duty cannot start and end at the same time."), field="value")
        return DutyValue("custom", start_time=start, end_time=end, break_minutes=break_minutes or 0)
    st = ShiftType.objects.filter(code__iexact=raw, active=True).first()
    if st is None:
        raise DomainError(_("There is no shift type %(code)s. Use a shift code, RD for a rest day or times like "
                            "07:00-15:00.") % {"code": raw}, field="value")
    return DutyValue("shift", shift_type=st, break_minutes=st.break_minutes if break_minutes is None else break_minutes,
                     role=st.role)


def value_of(duty: Duty | None) -> DutyValue:
    if duty is None or not duty.is_live:
        return DutyValue("none")
    if duty.is_rest_day:
        return DutyValue("rest")
    if duty.shift_type_id:
        return DutyValue("shift", shift_type=duty.shift_type, break_minutes=duty.break_minutes, role=duty.role)
    local_start, local_end = timezone.localtime(duty.start), timezone.localtime(duty.end)
    return DutyValue("custom", start_time=local_start.time(), end_time=local_end.time(),
                     break_minutes=duty.break_minutes, role=duty.role)


def describe(duty: Duty | None) -> dict:
    """The JSON kept in DutyChange.old / new and shown to people."""
    if duty is None or not duty.is_live:
        return {"kind": "none", "label": str(_("no duty"))}
    if duty.is_rest_day:
        return {"kind": "rest", "code": "RD", "label": str(_("rest day"))}
    start, end = timezone.localtime(duty.start), timezone.localtime(duty.end)
    return {"kind": "duty", "code": duty.code, "start": duty.start.isoformat(), "end": duty.end.isoformat(),
            "label": f"{duty.code} {start:%H:%M}–{end:%H:%M}"}


def _entry(described: dict) -> Entry:
    if described["kind"] == "duty":
        return Entry("duty", dt.datetime.fromisoformat(described["start"]), dt.datetime.fromisoformat(described["end"]),
                     described.get("code", ""))
    return Entry(described["kind"])


class DutyConflict(ConflictError):
    """Someone else changed the cell since it was read: carries what it is now."""

    def __init__(self, message: str, current: dict):
        super().__init__(message, field="version")
        self.current = current

    def as_dict(self) -> dict:
        data = super().as_dict()
        data["current"] = self.current
        return data


def team_on(person: Person, day: dt.date) -> int | None:
    """The team (unit id) a person is on that day; else their home unit."""
    row = (TeamMembership.objects.filter(person=person, start_date__lte=day)
           .filter(Q(end_date__isnull=True) | Q(end_date__gte=day)).order_by("-start_date").first())
    return row.team_id if row else person.home_unit_id


@dataclass
class CellResult:
    duty: Duty | None
    change: DutyChange | None


def set_cell(*, person: Person, day: dt.date, value: DutyValue, expected_version: int | None, reason: str,
             acting_user, now: dt.datetime, source: str = DutySource.MANUAL) -> CellResult:
    """Inside a transaction: make (person, day) hold `value`. expected_version 0: the cell must be empty."""
    # No select_related here: PostgreSQL re-reads a row updated while we waited for its lock, and the
    # outer-joined shift type would come back empty. Related rows load after the lock.
    current = Duty.objects.select_for_update().filter(person=person, date=day).exclude(
        status=DutyStatus.CANCELLED).first()
    if expected_version is not None:
        found = current.version if current else 0
        if found != expected_version:
            what = describe(current)["label"]
            raise DutyConflict(_("Someone else changed %(person)s on %(date)s since you opened it: it is now "
                                 "%(what)s. Your change was not saved; look again and retry.")
                               % {"person": person.full_name, "date": day.strftime("%a %d %b"), "what": what},
                               describe(current) | {"version": found})
    unit_id = current.unit_id if current else team_on(person, day)
    if unit_id is None:
        raise DomainError(_("%(person)s has no team or unit on %(date)s.") % {"person": person.full_name,
                                                                              "date": day}, field="person")
    unit = current.unit if current else Unit.objects.get(pk=unit_id)
    require_plan(acting_user, unit)
    published = current.published if current else day in published_days(unit, day, day)
    if published and not (reason or "").strip():
        raise DomainError(_("This roster is published: give a reason for the change (the officer is told)."),
                          field="reason")
    old = describe(current)
    start, end = value.instants(day)
    if value.kind == "none":
        if current is None:
            return CellResult(None, None)
        if published:
            Duty.objects.filter(pk=current.pk).update(status=DutyStatus.CANCELLED, version=F("version") + 1,
                                                      notified_at=now)
            current.refresh_from_db()
            duty = current
        else:
            current.delete()
            duty = None
    elif current is None:
        duty = Duty.objects.create(
            person=person, unit=unit, date=day, start=start, end=end, is_rest_day=value.kind == "rest",
            shift_type=value.shift_type if value.kind == "shift" else None, role=value.role,
            break_minutes=value.break_minutes if value.kind != "rest" else 0, source=source,
            published=published, notified_at=now if published else None)
    else:
        current.start, current.end = start, end
        current.is_rest_day = value.kind == "rest"
        current.shift_type = value.shift_type if value.kind == "shift" else None
        current.role = value.role
        current.break_minutes = value.break_minutes if value.kind != "rest" else 0
        current.source = source
        current.version += 1
        if published:
            current.notified_at = now
        current.save(update_fields=["start", "end", "is_rest_day", "shift_type", "role", "break_minutes", "source",
                                    "version", "notified_at", "updated_at"])
        duty = current
    change = None
    if published:
        new = describe(duty if value.kind != "none" else None)
        change = record_change(person=person, unit=unit, day=day, duty=duty, old=old, new=new, reason=reason,
                                acting_user=acting_user, now=now)
    return CellResult(duty, change)




def record_change(*, person: Person, unit: Unit, day: dt.date, duty: Duty, old: dict, new: dict, reason: str,
                  acting_user, now: dt.datetime) -> DutyChange:
    old_entry, new_entry = _entry(old), _entry(new)
    starts = [e.start for e in (old_entry, new_entry) if e.start is not None]
    affected = min(starts) if starts else local_midnight(day)
    notice_minutes = int((affected - now).total_seconds() // 60)
    pack = person.staff_group.rule_pack
    compensation = classify(pack=pack, rank_code=person.rank.code, old=old_entry, new=new_entry,
                            published_rest_day=duty.published_rest_day, public_holiday=is_bank_holiday(
                                unit.bank_holiday_region, day), notified_at=now, duty_date=day)
    change = DutyChange.objects.create(
        duty=duty, person=person, unit=unit, date=day, changed_at=now,
        changed_by=acting_user if getattr(acting_user, "pk", None) else None, old=old, new=new, reason=reason.strip(),
        notice_minutes=notice_minutes, clear_days=clear_days(now, day), rule=compensation.rule,
        compensation_class=compensation.text, rdil_owed=compensation.rdil_owed)
    text = _("Your duty on %(date)s changed from %(old)s to %(new)s. Reason: %(reason)s") % {
        "date": day.strftime("%a %d %b %Y"), "old": old["label"], "new": new["label"], "reason": reason.strip()}
    notify(person, text, url="/my/duties/", subject=_("Duty change on %(date)s") % {"date": day.strftime("%d %b")})
    return change


def do_set_duty(*, person: Person, date: dt.date, value: DutyValue, expected_version: int | None,
                reason: str = "", acting_user) -> CellResult:
    """Set one roster cell. `expected_version` is the version the planner saw (0: an empty cell)."""
    check_plan_day(date, "date")
    now = timezone.now()
    with transaction.atomic(durable=True):
        result = set_cell(person=person, day=date, value=value, expected_version=expected_version, reason=reason,
                           acting_user=acting_user, now=now)
        duty = result.duty
        record(actor=acting_user, action="rostering.duty.set", obj=duty or person,
               after=snapshot(duty) if duty else None, reason=reason or "",
               unit_id=duty.unit_id if duty else person.home_unit_id, person_id=person.pk,
               object_repr=f"{person.full_name} {date}: {value.label()}")
    return result


def _cells(cells: Sequence[tuple[Person, dt.date]]) -> list[tuple[Person, dt.date]]:
    if not cells:
        raise DomainError(_("Select at least one cell."), field="cells")
    if len(cells) > 2000:
        raise DomainError(_("Change at most 2,000 cells at once."), field="cells")
    return list(cells)


def do_apply_shift(*, cells: Sequence[tuple[Person, dt.date]], value: DutyValue, reason: str = "",
                   acting_user) -> list[CellResult]:
    """Bulk-apply one value (a shift, rest day, times or nothing) to many cells in one transaction."""
    now = timezone.now()
    results = []
    with transaction.atomic(durable=True):
        for person, day in _cells(cells):
            results.append(set_cell(person=person, day=day, value=value, expected_version=None, reason=reason,
                                     acting_user=acting_user, now=now))
        record(actor=acting_user, action="rostering.duty.bulk_apply", object_type="rostering.duty",
               after={"value": value.label(), "cells": [[p.pk, d.isoformat()] for p, d in cells]},
               reason=reason or "", object_repr=f"{value.label()} on {len(cells)} cells")
    return results


def do_swap_duties(*, first: tuple[Person, dt.date], second: tuple[Person, dt.date], reason: str = "",
                   acting_user) -> list[CellResult]:
    """Exchange what two cells hold (two people on one day, or one person's two days)."""
    if first == second:
        raise DomainError(_("Choose two different cells to swap."), field="cells")
    now = timezone.now()
    with transaction.atomic(durable=True):
        a = Duty.objects.select_for_update().filter(
            person=first[0], date=first[1]).exclude(status=DutyStatus.CANCELLED).first()
        b = Duty.objects.select_for_update().filter(
            person=second[0], date=second[1]).exclude(status=DutyStatus.CANCELLED).first()
        value_a, value_b = value_of(a), value_of(b)
        results = [
            set_cell(person=first[0], day=first[1], value=value_b, expected_version=None, reason=reason,
                      acting_user=acting_user, now=now),
            set_cell(person=second[0], day=second[1], value=value_a, expected_version=None, reason=reason,
                      acting_user=acting_user, now=now),
        ]
        record(actor=acting_user, action="rostering.duty.swap", object_type="rostering.duty",
               after={"first": [first[0].pk, first[1].isoformat(), value_b.label()],
                      "second": [second[0].pk, second[1].isoformat(), value_a.label()]},
               reason=reason or "", person_id=first[0].pk,
               object_repr=f"swap {first[0].full_name} {first[1]} ↔ {second[0].full_name} {second[1]}")
    return results


def do_copy_duties(*, source: Person, targets: Sequence[Person], dates: Sequence[dt.date], reason: str = "",
                   acting_user) -> list[CellResult]:
    """Give each target person the source person's duties on these dates."""
    if not targets:
        raise DomainError(_("Choose whom to copy the duties to."), field="target")
    if source in targets:
        raise DomainError(_("A person's duties cannot be copied onto themselves."), field="target")
    now = timezone.now()
    results = []
    with transaction.atomic(durable=True):
        found = {d.date: d for d in Duty.objects.select_related("shift_type", "unit").filter(
            person=source, date__in=list(dates)).exclude(status=DutyStatus.CANCELLED)}
        # Copying reads the source's duties: the planner must be allowed to read them.
        for unit in {d.unit for d in found.values()} or ({source.home_unit} if source.home_unit_id else set()):
            require_read(acting_user, unit)
        for person in targets:
            for day in dates:
                results.append(set_cell(person=person, day=day, value=value_of(found.get(day)), expected_version=None,
                                         reason=reason, acting_user=acting_user, now=now))
        record(actor=acting_user, action="rostering.duty.copy", object_type="rostering.duty",
               after={"source": source.pk, "targets": [p.pk for p in targets],
                      "dates": [d.isoformat() for d in dates]}, reason=reason or "", person_id=source.pk,
               object_repr=f"copy {source.full_name} to {len(targets)} people")
    return results
