"""Rostering permissions on top of org.permissions: planners plan their sub-trees, managers read them,
staff see their own duties and their team's published roster."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from org.models import Unit
from org.permissions import can_edit_unit, can_read_unit, is_administrator, require_edit_unit, require_read_unit

from .models import ShiftPattern, ShiftType


def require_plan(user, unit: Unit) -> None:
    """`user` None is the system (demo generator, management commands run by an operator)."""
    if user is None:
        return
    require_edit_unit(user, unit)


def require_read(user, unit: Unit) -> None:
    if user is None:
        return
    require_read_unit(user, unit)


def require_manage_shift_type(user, shift_type: ShiftType | None, unit: Unit | None) -> None:
    if user is None:
        return
    target = shift_type.unit if shift_type is not None else unit
    if target is None:
        if not is_administrator(user):
            raise PermissionDenied(_("Only administrators maintain organisation-wide shift types; "
                                     "give the shift type one of your units."))
        return
    require_edit_unit(user, target)


def require_manage_pattern(user, pattern: ShiftPattern | None, unit: Unit | None) -> None:
    if user is None:
        return
    target = pattern.unit if pattern is not None else unit
    if target is None:
        if not is_administrator(user):
            raise PermissionDenied(_("Only administrators change organisation-wide shift patterns; "
                                     "copy it to one of your units to change it."))
        return
    require_edit_unit(user, target)


def can_see_roster(user, unit: Unit, *, published_only: bool = False) -> bool:
    """Planners and managers read their units; a staff member reads the published roster of their team."""
    if can_read_unit(user, unit):
        return True
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None or person.home_unit_id is None:
        return False
    return published_only and unit.pk == person.home_unit_id


def can_plan(user, unit: Unit) -> bool:
    return can_edit_unit(user, unit)

