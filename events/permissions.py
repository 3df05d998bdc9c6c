"""Who may plan, read or see an event: planners of the owning unit plan it, its managers read it, staff see only
their own event duties (rostering's rules for units, applied to the event's owning unit)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from org.permissions import can_edit_unit, can_read_unit, readable_units

from .models import Event


def can_plan_event(user, event: Event) -> bool:
    return user is None or can_edit_unit(user, event.unit)


def can_read_event(user, event: Event) -> bool:
    return user is None or can_read_unit(user, event.unit)


def require_plan_event(user, event: Event) -> None:
    if not can_plan_event(user, event):
        raise PermissionDenied(_("You do not plan %(unit)s, so you cannot change its events.") % {"unit": event.unit})


def require_read_event(user, event: Event) -> None:
    if not can_read_event(user, event):
        raise PermissionDenied(_("You are not a planner or manager of %(unit)s, which owns this event.")
                               % {"unit": event.unit})


def readable_events(user) -> QuerySet[Event]:
    """Events owned by a unit the user plans or manages (or below it), and those that deploy the user themself."""
    units = readable_units(user)
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    condition = Q(unit__in=units)
    if person is not None:
        condition |= Q(assignments__person=person) & ~Q(assignments__status="proposed")
    return Event.objects.filter(condition).distinct()
