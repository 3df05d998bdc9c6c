"""Who may see and change overtime, budgets and rates.

- Record, authorise, mark worked or cancel overtime: planners of the unit (and its sub-tree), administrators.
- Read a unit's overtime, budget and fair-allocation list: planners and managers of the unit, administrators.
- A staff member sees their own overtime records and sets their own willingness; nobody else's.
- Set a unit's budget: administrators, and planners of a unit above it (a budget is set from above, so nobody
  raises the budget they spend).
- Rate tables: planners and administrators (managers and staff have no need of everyone's salary scale)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from common.choices import Role
from org.models import RoleAssignment, Unit
from org.permissions import can_edit_unit, can_read_unit, is_administrator
from people.models import Person
from people.permissions import can_read_person, is_self


def require_plan_overtime(user, unit: Unit) -> None:
    """`user` None is the system (demo generator, commands run by an operator)."""
    if user is None:
        return
    if not can_edit_unit(user, unit):
        raise PermissionDenied(_("You do not plan %(unit)s, so you cannot record or authorise its overtime.")
                               % {"unit": unit})


def require_read_overtime(user, unit: Unit) -> None:
    if user is None:
        return
    if not can_read_unit(user, unit):
        raise PermissionDenied(_("You are not a planner or manager of %(unit)s.") % {"unit": unit})


def can_read_person_overtime(user, person: Person) -> bool:
    return can_read_person(user, person)


def require_read_person_overtime(user, person: Person) -> None:
    if not can_read_person_overtime(user, person):
        raise PermissionDenied(_("You may see your own overtime, or that of people in units you plan or manage."))


def can_set_budget(user, unit: Unit) -> bool:
    if is_administrator(user):
        return True
    return unit.parent_id is not None and can_edit_unit(user, unit.parent)


def require_set_budget(user, unit: Unit) -> None:
    if user is None:
        return
    if not can_set_budget(user, unit):
        raise PermissionDenied(_("The overtime budget of %(unit)s is set by the planners of the unit above it or by "
                                 "an administrator.") % {"unit": unit})


def can_set_willingness(user, person: Person) -> bool:
    if is_self(user, person):
        return True
    return is_administrator(user) or (person.home_unit_id is not None and can_edit_unit(user, person.home_unit))


def require_set_willingness(user, person: Person) -> None:
    if user is None:
        return
    if not can_set_willingness(user, person):
        raise PermissionDenied(_("Only %(person)s or a planner of their unit may say whether they work overtime.")
                               % {"person": person.full_name})


def can_read_rates(user) -> bool:
    if is_administrator(user):
        return True
    return bool(getattr(user, "is_authenticated", False)) and RoleAssignment.objects.filter(
        user=user, role=Role.PLANNER).exists()


def require_read_rates(user) -> None:
    if not can_read_rates(user):
        raise PermissionDenied(_("Rate tables are for planners and administrators."))
