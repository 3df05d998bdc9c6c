"""Deleting the demo organisation so it can be loaded again (load_demo --reset)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError

from absence.models import Abstraction
from common.errors import DomainError
from org.models import Post, RoleAssignment, Unit
from people.models import Contract, Movement, Person, PersonSkill

from .logins import DEMO_USERNAMES

# Children before parents. Reference data (staff groups, ranks, skills, abstraction types) and the audit log stay.
RESET_ORDER = [Abstraction, PersonSkill, Contract, Movement, Person, Post, RoleAssignment]


def delete_demo_data() -> dict[str, int]:
    """Delete people, units and everything hanging off them, and the demo logins. Returns rows deleted by model."""
    deleted: dict[str, int] = {}
    try:
        with transaction.atomic(durable=True):
            for model in RESET_ORDER:
                deleted[str(model._meta.verbose_name_plural)] = model.objects.all().delete()[0]
            # Units hold their parent with PROTECT: remove the deepest first.
            units = 0
            for depth in sorted(set(Unit.objects.values_list("depth", flat=True)), reverse=True):
                units += Unit.objects.filter(depth=depth).delete()[0]
            deleted["units"] = units
            deleted["demo logins"] = get_user_model().objects.filter(username__in=DEMO_USERNAMES).delete()[0]
    except ProtectedError as error:
        names = sorted({obj._meta.verbose_name_plural for obj in error.protected_objects})
        raise DomainError(f"Cannot reset: other records still refer to the demo data ({', '.join(names)}). "
                          "Delete the database file instead (var/muster.sqlite3) and load again.") from error
    return deleted
