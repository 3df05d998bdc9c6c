"""What the rostering pages share: finding the unit, reading dates, who may see or plan a roster."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import DomainError
from org.models import Unit
from org.permissions import can_edit_unit, can_read_unit

from ..models import TeamMembership

PLAN, READ, PUBLISHED = "plan", "read", "published"


def unit_by_code(code: str) -> Unit:
    return get_object_or_404(Unit, code=code)


def parse_date(value: str | None, field: str, default: dt.date | None = None) -> dt.date:
    if not value:
        if default is None:
            raise DomainError(_("%(field)s: give a date as YYYY-MM-DD.") % {"field": field}, field=field)
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DomainError(_("%(field)s: %(value)s is not a date; use YYYY-MM-DD.") % {"field": field, "value": value},
                          field=field) from None


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def roster_access(user, unit: Unit) -> str | None:
    """plan (a planner of the unit), read (a manager), published (a staff member on this team), or None."""
    if can_edit_unit(user, unit):
        return PLAN
    if can_read_unit(user, unit):
        return READ
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return None
    today = timezone.localdate()
    teams = {person.home_unit_id} | set(TeamMembership.objects.filter(person=person, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)).values_list("team_id", flat=True))
    return PUBLISHED if unit.pk in teams else None


def require_access(user, unit: Unit) -> str:
    access = roster_access(user, unit)
    if access is None:
        raise PermissionDenied(_("You may not see the roster of %(unit)s.") % {"unit": unit})
    return access


def require_planner(user, unit: Unit) -> None:
    if roster_access(user, unit) != PLAN:
        raise PermissionDenied(_("You do not plan %(unit)s, so you cannot change its roster.") % {"unit": unit})


def error_text(exc: DomainError) -> str:
    return "; ".join(f"{e.field}: {e.message}" if e.field else e.message for e in exc.errors) or exc.message
