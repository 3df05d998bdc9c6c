"""Who may see and change a queue: planners of the centre's unit (and its parents' planners) change it,
managers of those units read it, administrators everything; staff see no demand data."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from org.permissions import can_edit_unit, can_read_unit, editable_units, readable_units

from .models import Queue


def readable_queues(user) -> QuerySet[Queue]:
    return Queue.objects.filter(unit__in=readable_units(user)).select_related("unit", "skill")


def plannable_units(user):
    return editable_units(user).order_by("path")


def can_edit_queue(user, queue: Queue) -> bool:
    return can_edit_unit(user, queue.unit)


def require_read_queue(user, queue: Queue) -> None:
    if not can_read_unit(user, queue.unit):
        raise PermissionDenied(_("You are not a planner or manager of %(unit)s, so you cannot see its demand.")
                               % {"unit": queue.unit})


def require_edit_queue(user, queue: Queue) -> None:
    if not can_edit_unit(user, queue.unit):
        raise PermissionDenied(_("You do not plan %(unit)s, so you cannot change its demand or forecasts.")
                               % {"unit": queue.unit})
