"""Deleting the demo organisation so it can be loaded again (load_demo --reset)."""

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.db.models import ProtectedError

from absence.models import Abstraction
from common.errors import DomainError
from cover.models import CoverApplication, DayReport, ReliefStaff
from demand.models import Queue
from events.models import Event
from org.models import Post, RoleAssignment, Unit
from pay.models import OvertimeBudget, OvertimeRecord, OvertimeWillingness
from people.models import Contract, Movement, Person, PersonSkill
from rostering.models import Duty, DutyChange, RosterPeriod, ShiftPattern, ShiftType, TeamMembership, TeamPattern

from .logins import DEMO_USERNAMES

# Children before parents. Reference data (staff groups, ranks, skills, abstraction types, organisation-wide shift
# types and patterns) and the audit log stay.
RESET_ORDER = [CoverApplication, DayReport, ReliefStaff, Event, OvertimeRecord, OvertimeBudget, OvertimeWillingness,
               Queue, DutyChange, Duty, RosterPeriod, TeamPattern, TeamMembership, Abstraction, PersonSkill, Contract,
               Movement, Person, Post, RoleAssignment]
# Patterns and shift types a planner made for one of the demo's units go with the units.
UNIT_SCOPED = [ShiftPattern, ShiftType]
# Tables of hundreds of thousands of rows: Django's delete would load every row to look for cascades.
BULK = {Duty}


def _delete_all_fast(model) -> int:
    """Delete every row with one DELETE once what refers to the rows is dealt with as their on_delete says
    (cascaded rows through Django, so their own cascades apply). Anything else (protected rows, many-to-many
    links) takes Django's ordinary delete, which raises or cleans up as it should."""
    relations = model._meta.related_objects
    if any(r.many_to_many or r.on_delete not in (models.CASCADE, models.SET_NULL) for r in relations):
        return model.objects.all().delete()[0]
    for relation in relations:
        referring = relation.related_model.objects.filter(**{f"{relation.field.name}__isnull": False})
        if relation.on_delete is models.CASCADE:
            referring.delete()
        else:
            referring.update(**{relation.field.name: None})
    count = model.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    return count


def delete_demo_data() -> dict[str, int]:
    """Delete people, units and everything hanging off them, and the demo logins. Returns rows deleted by model."""
    deleted: dict[str, int] = {}
    try:
        with transaction.atomic(durable=True):
            for model in RESET_ORDER:
                name = str(model._meta.verbose_name_plural)
                deleted[name] = _delete_all_fast(model) if model in BULK else model.objects.all().delete()[0]
            for model in UNIT_SCOPED:
                deleted[f"unit {model._meta.verbose_name_plural}"] = model.objects.filter(
                    unit__isnull=False).delete()[0]
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
