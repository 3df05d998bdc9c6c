"""Reporting sickness and recording the return to work. Health data: only the person, the roles allowed health
data for their unit, and administrators may do or see any of it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import DomainError
from common.schema_types import check_plan_day
from people.models import Person
from people.permissions import is_self, manages_person

from ..choices import AbstractionCategory, AbstractionStatus
from ..models import Abstraction, ReturnToWork
from ..periods import Period, clean_period
from ..permissions import can_see_health_data
from ..reference import type_for
from .common import check_version, clean_reason, locked, record, reject_overlaps, snap, user_or_none

SELF_CERTIFIED_DAYS = 7  # expected length until a fit note says otherwise [C]


def require_record_sickness(user, person: Person) -> None:
    if user is None:
        return
    if is_self(user, person):
        return
    if manages_person(user, person) and can_see_health_data(user, person):
        return
    raise PermissionDenied(_("Sickness is health data: only %(person)s, their managers and administrators may "
                             "record it.") % {"person": person.full_name})


def do_report_sick(person: Person, *, first_day: dt.date, expected_last_day: dt.date | None = None,
                   from_time: dt.time | None = None, reason_code: str = "", note: str = "", acting_user,
                   reason: str | None = None) -> Abstraction:
    """Open a sickness episode from `first_day` (from a time, when the person went home sick part way through a
    duty). It stays ongoing until the return to work is recorded; `expected_last_day` (a fit note) or seven
    days of self-certification keep it on the roster meanwhile."""
    require_record_sickness(acting_user, person)
    check_plan_day(first_day, "first_day")
    check_plan_day(expected_last_day, "expected_last_day")
    last = expected_last_day or first_day + dt.timedelta(days=SELF_CERTIFIED_DAYS - 1)
    period = clean_period(first_day, last, from_time, None)
    note = clean_reason(note, required=False, field="note")
    type_ = type_for("sickness")
    with transaction.atomic(durable=True):
        Person.objects.select_for_update().filter(pk=person.pk).first()
        reject_overlaps(person, period, type_, acting_user)
        a = Abstraction.objects.create(person=person, type=type_, start_date=period.start_date,
                                       end_date=period.end_date, start_time=period.start_time,
                                       status=AbstractionStatus.APPROVED, ongoing=True, reference=reason_code[:120],
                                       note=note, recorded_by=user_or_none(acting_user))
        record(acting_user=acting_user, action="absence.sickness.reported", obj=a, after=snap(a), reason=reason,
               person=person)
    return a


def _sickness(abstraction: Abstraction) -> None:
    if abstraction.type.category != AbstractionCategory.SICKNESS:
        raise DomainError(_("This is not a sickness record."), field="abstraction")
    if abstraction.status != AbstractionStatus.APPROVED:
        raise DomainError(_("This sickness record is %(s)s.") % {"s": abstraction.get_status_display().lower()},
                          field="status")


def do_update_sickness(abstraction: Abstraction, *, expected_last_day: dt.date, acting_user,
                       expected_version: int | None = None, reason: str | None = None) -> Abstraction:
    """A fit note moves the expected last day of an ongoing episode."""
    require_record_sickness(acting_user, abstraction.person)
    _sickness(abstraction)
    if expected_last_day < abstraction.start_date:
        raise DomainError(_("The expected last day is before the first day off."), field="expected_last_day")
    with transaction.atomic(durable=True):
        current = locked(abstraction.pk)
        check_version(current, expected_version)
        before = snap(current)
        period = Period(current.start_date, expected_last_day, current.start_time, None)
        reject_overlaps(current.person, period, current.type, acting_user, exclude_ids=(current.pk,))
        current.end_date = expected_last_day
        current.version += 1
        current.save(update_fields=["end_date", "version"])
        record(acting_user=acting_user, action="absence.sickness.updated", obj=current, before=before,
               after=snap(current), reason=reason, person=current.person)
    return current


def do_record_return_to_work(abstraction: Abstraction, *, returned_on: dt.date, interview_on: dt.date | None = None,
                             notes: str = "", acting_user, expected_version: int | None = None,
                             reason: str | None = None) -> Abstraction:
    """Close the episode: the last day off is the day before the return."""
    require_record_sickness(acting_user, abstraction.person)
    if is_self(acting_user, abstraction.person) and not manages_person(acting_user, abstraction.person):
        raise PermissionDenied(_("Your manager records your return to work (with the return-to-work interview)."))
    _sickness(abstraction)
    if returned_on <= abstraction.start_date:
        raise DomainError(_("The return (%(r)s) must be after the first day off (%(f)s).")
                          % {"r": f"{returned_on:%d %b %Y}", "f": f"{abstraction.start_date:%d %b %Y}"},
                          field="returned_on")
    if interview_on and interview_on < returned_on:
        raise DomainError(_("The return-to-work interview is on or after the return."), field="interview_on")
    notes = clean_reason(notes, required=False, field="notes")
    with transaction.atomic(durable=True):
        current = locked(abstraction.pk)
        check_version(current, expected_version)
        before = snap(current)
        last = returned_on - dt.timedelta(days=1)
        if last > current.end_date:
            period = Period(current.start_date, last, current.start_time, None)
            reject_overlaps(current.person, period, current.type, acting_user, exclude_ids=(current.pk,))
        current.end_date = last
        current.ongoing = False
        current.version += 1
        current.save(update_fields=["end_date", "ongoing", "version"])
        ReturnToWork.objects.update_or_create(abstraction=current, defaults={
            "returned_on": returned_on, "interview_on": interview_on, "notes": notes,
            "interviewer": user_or_none(acting_user) if interview_on else None})
        record(acting_user=acting_user, action="absence.sickness.returned", obj=current, before=before,
               after={**snap(current), "returned_on": returned_on.isoformat(),
                      "interview_on": interview_on.isoformat() if interview_on else None}, reason=reason,
               person=current.person)
    return current
