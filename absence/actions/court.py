"""Court: warnings (the dates an officer may be called to give evidence) and attendances.

A warning keeps the officer on the roster — it is a risk the roster shows, not an absence; an attendance takes
them off it (part day or whole days) and counts as working time."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from common.errors import DomainError
from people.models import Person

from ..choices import AbstractionStatus
from ..models import Abstraction
from ..periods import Period, clean_period
from ..reference import type_for
from .abstractions import do_cancel_abstraction, do_record_abstraction


def do_record_court_warning(person: Person, period: Period, *, reference: str, note: str = "", acting_user,
                            reason: str | None = None) -> Abstraction:
    if not (reference or "").strip():
        raise DomainError(_("Give the case reference and court."), field="reference")
    return do_record_abstraction(person, type_for("court-warning"), period, note=note, reference=reference.strip(),
                                 acting_user=acting_user, reason=reason)


def do_record_court_attendance(person: Person, *, day: dt.date, start_time: dt.time | None = None,
                               end_time: dt.time | None = None, last_day: dt.date | None = None,
                               reference: str = "", note: str = "", acting_user,
                               reason: str | None = None) -> Abstraction:
    period = clean_period(day, last_day or day, start_time, end_time)
    if not reference:
        warning = (Abstraction.objects.filter(person=person, type__code="court-warning",
                                              status=AbstractionStatus.APPROVED, start_date__lte=period.end_date,
                                              end_date__gte=period.start_date).first())
        reference = warning.reference if warning else ""
    return do_record_abstraction(person, type_for("court"), period, note=note, reference=reference,
                                 acting_user=acting_user, reason=reason)


def do_stand_down_court_warning(warning: Abstraction, *, acting_user, reason: str | None = None) -> Abstraction:
    if warning.type.code != "court-warning":
        raise DomainError(_("This is not a court warning."), field="abstraction")
    return do_cancel_abstraction(warning, acting_user=acting_user, reason=reason or _("Stood down"))
