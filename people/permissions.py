"""Who may see a person's record: themself, planners and managers of their unit, administrators."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from org.permissions import is_administrator, readable_units

from .models import Person


def is_self(user, person: Person) -> bool:
    return person.user_id is not None and person.user_id == getattr(user, "pk", None)


def manages_person(user, person: Person) -> bool:
    """A planner or manager whose units include the person's home unit, or an administrator."""
    return is_administrator(user) or (
        person.home_unit_id is not None and readable_units(user).filter(pk=person.home_unit_id).exists())


def can_read_person(user, person: Person) -> bool:
    return is_self(user, person) or manages_person(user, person)


def require_read_person(user, person: Person) -> None:
    if not can_read_person(user, person):
        raise PermissionDenied(_("You may see your own record, or the records of people in units you plan or manage."))
