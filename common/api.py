"""/api/me (who am I) and /api/audit (the audit log, administrators only).

`common` sits below `org` in the layering, so roles are read through the user's reverse relations
(user.role_assignments, user.person) rather than by importing org or people."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from .choices import Role
from .models import AuditEvent
from .schema_types import PlanMoment, RecordId

router = Router(tags=["common"])


def _is_administrator(user) -> bool:
    return bool(user.is_superuser or user.role_assignments.filter(role=Role.ADMINISTRATOR).exists())


class MyRoleOut(Schema):
    role: str
    unit: int | None = Field(None, description="Unit id; null for administrators.")
    unit_name: str | None = None
    unit_code: str | None = None


class MyPersonOut(Schema):
    id: int
    payroll_number: str
    full_name: str
    home_unit: int | None


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    is_administrator: bool
    roles: list[MyRoleOut]
    person: MyPersonOut | None = Field(None, description="Your own record, if you are rostered.")


class AuditOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    unit_id: int | None
    person_id: int | None
    before: dict | None
    after: dict | None
    reason: str

    @staticmethod
    def resolve_actor(obj: AuditEvent) -> str:
        return obj.actor_name


@router.get("/me", response=MeOut, summary="Who am I: user, roles and own person record")
def me(request):
    user = request.user
    roles = [MyRoleOut(role=a.role, unit=a.unit_id, unit_name=a.unit.name if a.unit_id else None,
                     unit_code=a.unit.code if a.unit_id else None)
             for a in user.role_assignments.select_related("unit").order_by("role", "unit__path")]
    person = getattr(user, "person", None)
    return MeOut(
        id=user.pk, username=user.username, full_name=user.get_full_name() or user.username, email=user.email,
        is_administrator=_is_administrator(user), roles=roles,
        person=MyPersonOut(id=person.pk, payroll_number=person.payroll_number, full_name=person.full_name,
                           home_unit=person.home_unit_id) if person is not None else None)


@router.get("/audit", response=list[AuditOut], summary="The audit log, newest first (administrators only)")
@paginate
def audit_log(request, person: RecordId | None = None, unit: RecordId | None = None, action: str = "",
              object_type: str = "", since: PlanMoment | None = None):
    if not _is_administrator(request.user):
        raise PermissionDenied(_("Only administrators may read the audit log."))
    events = AuditEvent.objects.all()
    if person is not None:
        events = events.filter(person_id=person)
    if unit is not None:
        events = events.filter(unit_id=unit)
    if action:
        events = events.filter(action__icontains=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if since is not None:
        events = events.filter(at__gte=since)
    return events.order_by("-at", "-id")
