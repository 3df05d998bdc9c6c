"""Who may read or edit which units. Views, API endpoints and actions all ask here."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from common.choices import Role

from .models import RoleAssignment, Unit


def is_administrator(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_muster_is_admin", None)
    if cached is None:
        cached = RoleAssignment.objects.filter(user=user, role=Role.ADMINISTRATOR).exists()
        user._muster_is_admin = cached
    return cached


def _units_for_roles(user, roles: set[str]) -> QuerySet[Unit]:
    paths = list(RoleAssignment.objects.filter(user=user, role__in=roles, unit__isnull=False)
                 .values_list("unit__path", flat=True))
    if not paths:
        return Unit.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def editable_units(user) -> QuerySet[Unit]:
    """Units the user plans: those assigned to them as planner and their sub-trees."""
    if is_administrator(user):
        return Unit.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    return _units_for_roles(user, {Role.PLANNER})


def readable_units(user) -> QuerySet[Unit]:
    """Units whose people and rosters the user may see as a planner or manager."""
    if is_administrator(user):
        return Unit.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    return _units_for_roles(user, {Role.PLANNER, Role.MANAGER})


def can_edit_unit(user, unit: Unit) -> bool:
    return is_administrator(user) or editable_units(user).filter(pk=unit.pk).exists()


def can_read_unit(user, unit: Unit) -> bool:
    return is_administrator(user) or readable_units(user).filter(pk=unit.pk).exists()


def require_edit_unit(user, unit: Unit) -> None:
    if not can_edit_unit(user, unit):
        raise PermissionDenied(_("You do not plan %(unit)s, so you cannot change it.") % {"unit": unit})


def require_read_unit(user, unit: Unit) -> None:
    if not can_read_unit(user, unit):
        raise PermissionDenied(_("You are not a planner or manager of %(unit)s.") % {"unit": unit})


def require_administrator(user) -> None:
    if not is_administrator(user):
        raise PermissionDenied(_("Only administrators may do this."))


def has_any_role(user) -> bool:
    return is_administrator(user) or RoleAssignment.objects.filter(user=user).exists()
