"""Who may see and change a person's absences, decide their leave, and see their health data.

- Record or change abstractions, sickness, court dates, balances: planners of the person's unit, administrators.
- Decide (approve or refuse) leave: planners and managers of the person's unit, administrators — never on
  their own request.
- See absences: the person, planners and managers of their unit, administrators (people.permissions).
- Health data (sickness: the fact, the dates, the reason, the Bradford factor, returns to work; any abstraction
  type flagged `health_data`): the person themself, administrators, and the holders of the roles in
  `settings.ABSENCE_HEALTH_DATA_ROLES` (default: managers and planners) for the person's unit. Managers need it
  for attendance management and welfare, planners to plan cover and returns. Everyone else — colleagues,
  planners and managers of other units — sees only "unavailable". A force that keeps sickness from its planners
  sets ABSENCE_HEALTH_DATA_ROLES = ["manager"]."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from common.choices import Role
from org.models import RoleAssignment, Unit
from org.permissions import can_edit_unit, is_administrator
from people.models import Person
from people.permissions import can_read_person, is_self, manages_person

DEFAULT_HEALTH_DATA_ROLES = (Role.MANAGER, Role.PLANNER)


def health_data_roles() -> tuple[str, ...]:
    return tuple(getattr(settings, "ABSENCE_HEALTH_DATA_ROLES", DEFAULT_HEALTH_DATA_ROLES))


def can_manage_absence(user, person: Person) -> bool:
    """Record abstractions, sickness, court dates and balance movements for the person."""
    if is_administrator(user):
        return True
    return person.home_unit_id is not None and can_edit_unit(user, person.home_unit)


def require_manage_absence(user, person: Person) -> None:
    if user is None:  # the system: demo loader, commands run by an operator
        return
    if not can_manage_absence(user, person):
        raise PermissionDenied(_("You do not plan %(person)s's unit, so you cannot record their absences.")
                               % {"person": person.full_name})


def can_decide_leave(user, person: Person) -> bool:
    if is_self(user, person) and not is_administrator(user):
        return False
    return manages_person(user, person)


def require_decide_leave(user, person: Person) -> None:
    if user is None:
        return
    if is_self(user, person) and not is_administrator(user):
        raise PermissionDenied(_("You cannot decide your own leave request; another manager must."))
    if not manages_person(user, person):
        raise PermissionDenied(_("Only planners and managers of %(person)s's unit may decide their leave.")
                               % {"person": person.full_name})


def require_read_absences(user, person: Person) -> None:
    if user is None:
        return
    if not can_read_person(user, person):
        raise PermissionDenied(_("You may see your own absences, or those of people in units you plan or manage."))


def _health_units(user) -> list[str]:
    cached = getattr(user, "_absence_health_paths", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user, role__in=health_data_roles(), unit__isnull=False)
                      .values_list("unit__path", flat=True))
        user._absence_health_paths = cached
    return cached


def can_see_health_data(user, person: Person) -> bool:
    if user is None:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if is_administrator(user) or is_self(user, person):
        return True
    unit = person.home_unit if person.home_unit_id else None
    return unit is not None and any(unit.path.startswith(path) for path in _health_units(user))


def sees_health_data_in(user, unit: Unit) -> bool:
    """Whether the user sees health data for everyone whose home unit is in `unit`'s sub-tree."""
    if is_administrator(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return any(unit.path.startswith(path) for path in _health_units(user))


def require_health_data(user, person: Person) -> None:
    if not can_see_health_data(user, person):
        raise PermissionDenied(_("Sickness records are health data: only %(person)s, their managers and "
                                 "administrators may see them.") % {"person": person.full_name})
