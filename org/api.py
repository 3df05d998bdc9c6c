"""/api/org: the unit tree, establishment (posts) and role assignments. Thin: every write calls org.actions."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from common.errors import DomainError
from common.schema_types import PlanDay, RecordId, decimal_column

from . import actions
from .models import Post, Rank, RoleAssignment, Unit
from .permissions import can_read_unit, readable_units, require_administrator, require_read_unit

router = Router(tags=["org"])


class UnitOut(Schema):
    id: int
    parent: int | None = Field(None, description="Id of the parent unit; null for the root.")
    name: str
    code: str
    kind: str
    path: str = Field(description="Materialised path of ids, e.g. /1/4/12/.")
    depth: int
    bank_holiday_region: str
    active: bool

    @staticmethod
    def resolve_parent(obj: Unit) -> int | None:
        return obj.parent_id


class UnitCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str
    code: str = Field(description="Short unique code: letters, digits, hyphens (used in imports).")
    kind: str
    parent: RecordId | None = None
    bank_holiday_region: str | None = None
    reason: str = ""


class UnitPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    code: str | None = None
    kind: str | None = None
    parent: RecordId | None = Field(None,
                                     description="Move under this unit (null: make it a root, administrators only).")
    bank_holiday_region: str | None = None
    active: bool | None = None
    reason: str = ""


class PostOut(Schema):
    id: int
    unit: int
    rank: str = Field(description="Rank / grade / band code.")
    rank_name: str
    funded_fte: Decimal
    effective_from: dt.date
    effective_to: dt.date | None

    @staticmethod
    def resolve_unit(obj: Post) -> int:
        return obj.unit_id

    @staticmethod
    def resolve_rank(obj: Post) -> str:
        return obj.rank.code

    @staticmethod
    def resolve_rank_name(obj: Post) -> str:
        return obj.rank.name


class PostIn(Schema):
    model_config = ConfigDict(extra="forbid")
    rank: str = Field(description="Rank / grade / band code.")
    funded_fte: decimal_column(7, 2)
    effective_from: PlanDay
    effective_to: PlanDay | None = None


class PostsIn(Schema):
    model_config = ConfigDict(extra="forbid")
    posts: list[PostIn] = Field(description="Rows to set, matched by (rank, effective_from); others stay.")
    reason: str = ""


class RoleOut(Schema):
    id: int
    username: str
    role: str
    unit: int | None

    @staticmethod
    def resolve_username(obj: RoleAssignment) -> str:
        return obj.user.username

    @staticmethod
    def resolve_unit(obj: RoleAssignment) -> int | None:
        return obj.unit_id


class RoleIn(Schema):
    model_config = ConfigDict(extra="forbid")
    username: str
    role: str
    unit: RecordId | None = None
    reason: str = ""


def own_unit_chain_ids(user) -> list[int]:
    """The ids from the root down to the signed-in person's own unit (what a staff member may see of the tree)."""
    person = getattr(user, "person", None)
    unit = getattr(person, "home_unit", None)
    if unit is None:
        return []
    return [int(i) for i in unit.path.strip("/").split("/") if i]


def visible_units(user) -> QuerySet[Unit]:
    return Unit.objects.filter(Q(pk__in=readable_units(user).values("pk")) | Q(pk__in=own_unit_chain_ids(user)))


def _get_unit(user, unit_id: int) -> Unit:
    unit = get_object_or_404(Unit, pk=unit_id)
    if not (can_read_unit(user, unit) or unit.pk in own_unit_chain_ids(user)):
        raise PermissionDenied(_("You are not a planner or manager of %(unit)s.") % {"unit": unit})
    return unit


def _unit_or_error(unit_id: int | None, field: str) -> Unit | None:
    if unit_id is None:
        return None
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise DomainError(_("There is no unit with id %(id)s.") % {"id": unit_id}, field=field)
    return unit


@router.get("/units", response=list[UnitOut], summary="The units you may see, in tree order")
def list_units(request):
    return list(visible_units(request.user).order_by("path"))


@router.get("/units/{int:unit_id}", response=UnitOut)
def get_unit(request, unit_id: RecordId):
    return _get_unit(request.user, unit_id)


@router.post("/units", response={201: UnitOut})
def create_unit(request, payload: UnitCreateIn):
    parent = _unit_or_error(payload.parent, "parent")
    unit = actions.do_create_unit(name=payload.name, code=payload.code, kind=payload.kind, parent=parent,
                                  bank_holiday_region=payload.bank_holiday_region, acting_user=request.user,
                                  reason=payload.reason)
    return 201, unit


@router.patch("/units/{int:unit_id}", response=UnitOut)
def update_unit(request, unit_id: RecordId, payload: UnitPatchIn):
    unit = _get_unit(request.user, unit_id)
    changes = payload.model_dump(exclude_unset=True)
    reason = changes.pop("reason", "")
    if "parent" in changes:
        changes["parent"] = _unit_or_error(changes["parent"], "parent")
    for field in ("name", "code", "kind", "bank_holiday_region", "active"):
        if field in changes and changes[field] is None:
            raise DomainError(_("%(field)s cannot be empty.") % {"field": field}, field=field)
    return actions.do_update_unit(unit, acting_user=request.user, reason=reason, **changes)


@router.get("/units/{int:unit_id}/posts", response=list[PostOut], summary="Establishment of a unit")
def list_posts(request, unit_id: RecordId):
    # Establishment is for planners and managers, as on the unit page: staff see their units' names, not posts.
    unit = get_object_or_404(Unit, pk=unit_id)
    require_read_unit(request.user, unit)
    return list(Post.objects.filter(unit=unit).select_related("rank").order_by("-rank__seniority", "effective_from"))


@router.put("/units/{int:unit_id}/posts", response=list[PostOut], summary="Set establishment rows of a unit")
def set_posts(request, unit_id: RecordId, payload: PostsIn):
    unit = _get_unit(request.user, unit_id)
    ranks = Rank.objects.in_bulk([p.rank for p in payload.posts], field_name="code")
    rows = []
    for index, post in enumerate(payload.posts):
        rank = ranks.get(post.rank)
        if rank is None:
            raise DomainError(_("'%(code)s' is not a rank code; allowed: %(allowed)s.")
                              % {"code": post.rank, "allowed": ", ".join(Rank.objects.values_list("code", flat=True))},
                              field=f"posts.{index}.rank")
        rows.append({"rank": rank, "funded_fte": post.funded_fte, "effective_from": post.effective_from,
                     "effective_to": post.effective_to})
    actions.do_set_posts(unit=unit, posts=rows, acting_user=request.user, reason=payload.reason)
    return list(Post.objects.filter(unit=unit).select_related("rank").order_by("-rank__seniority", "effective_from"))


@router.get("/roles", response=list[RoleOut], summary="Role assignments (administrators only)")
def list_roles(request):
    require_administrator(request.user)
    return list(RoleAssignment.objects.select_related("user").order_by("user__username", "role"))


@router.post("/roles", response={201: RoleOut}, summary="Assign a role (administrators only)")
def assign_role(request, payload: RoleIn):
    require_administrator(request.user)
    user = get_user_model().objects.filter(username=payload.username).first()
    if user is None:
        raise DomainError(_("There is no user '%(name)s'.") % {"name": payload.username}, field="username")
    unit = _unit_or_error(payload.unit, "unit")
    assignment = actions.do_assign_role(user=user, role=payload.role, unit=unit, acting_user=request.user,
                                        reason=payload.reason)
    return 201, assignment


@router.delete("/roles/{int:role_id}", response={204: None}, summary="Remove a role (administrators only)")
def remove_role(request, role_id: RecordId):
    require_administrator(request.user)
    assignment = get_object_or_404(RoleAssignment, pk=role_id)
    actions.do_remove_role(assignment, acting_user=request.user, reason=request.GET.get("reason", ""))
    return 204, None
