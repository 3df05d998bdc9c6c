"""What the absence pages share."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import DomainError
from org.models import Unit
from org.permissions import require_read_unit
from people.models import Person

from ..models import Abstraction


def readable_unit(user, code: str) -> Unit:
    unit = get_object_or_404(Unit, code=code)
    require_read_unit(user, unit)
    return unit


def person_or_404(pk: int) -> Person:
    return get_object_or_404(Person.objects.select_related("staff_group", "rank", "home_unit", "user"), pk=pk)


def abstraction_or_404(pk: int) -> Abstraction:
    return get_object_or_404(Abstraction.objects.select_related("type", "person__home_unit", "person__staff_group",
                                                                "person__rank"), pk=pk)


def day(value: str | None, default: dt.date | None = None, field: str = "date") -> dt.date:
    if not value:
        if default is None:
            raise DomainError(_("Give a date as YYYY-MM-DD."), field=field)
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DomainError(_("'%(v)s' is not a date; use YYYY-MM-DD.") % {"v": value}, field=field) from None


def safe_day(value: str | None, default: dt.date) -> dt.date:
    try:
        return day(value, default)
    except DomainError:
        return default


def period(request, *, back: int = 0, ahead: int = 27, limit: int = 400) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    start = safe_day(request.GET.get("start"), today - dt.timedelta(days=back))
    end = safe_day(request.GET.get("end"), start + dt.timedelta(days=ahead + back))
    if end < start:
        end = start
    if (end - start).days > limit:
        end = start + dt.timedelta(days=limit)
    return start, end


def errors_text(exc: DomainError) -> str:
    return "; ".join((f"{e.message}" + (f" (row {e.row})" if e.row else "")) for e in exc.errors) or exc.message


def me(request) -> Person:
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied(_("Your sign-in is not linked to a person, so you have no leave."))
    return person
