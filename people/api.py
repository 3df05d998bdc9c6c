"""/api/people: people, contracts, skills, movements, imports and exports. Thin: every write calls people.actions."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import ConfigDict

from common.errors import DomainError
from common.schema_types import PlanDay, RecordId, Version, decimal_column
from org.models import Rank, StaffGroup, Unit
from org.permissions import is_administrator, readable_units, require_read_unit

from . import actions
from .choices import MovementKind
from .history import contract_on
from .imports import FORMATS, KINDS, MAX_BYTES, export_file, run_import
from .models import Movement, Person, PersonSkill, Skill

router = Router(tags=["people"])


# --- schemas ------------------------------------------------------------------------------------------------------

class PersonOut(Schema):
    id: int
    payroll_number: str
    first_name: str
    last_name: str
    staff_group: str = Field(description="Staff group code.")
    rank: str = Field(description="Rank / grade / band code.")
    rank_name: str
    home_unit: int | None = Field(description="Id of today's unit.")
    home_unit_name: str | None
    start_date: dt.date
    leave_date: dt.date | None
    version: int = Field(description="Send it back with PATCH: a change by someone else in between is refused.")

    @staticmethod
    def resolve_staff_group(obj: Person) -> str:
        return obj.staff_group.code

    @staticmethod
    def resolve_rank(obj: Person) -> str:
        return obj.rank.code

    @staticmethod
    def resolve_rank_name(obj: Person) -> str:
        return obj.rank.name

    @staticmethod
    def resolve_home_unit(obj: Person) -> int | None:
        return obj.home_unit_id

    @staticmethod
    def resolve_home_unit_name(obj: Person) -> str | None:
        return obj.home_unit.name if obj.home_unit_id else None


class ContractOut(Schema):
    id: int
    effective_from: dt.date
    effective_to: dt.date | None
    hours_per_week: Decimal | None
    annual_hours: Decimal | None
    fte: Decimal
    wtr_opt_out: bool
    night_worker: bool
    pay_point: str


class PersonSkillOut(Schema):
    skill: str = Field(description="Skill code.")
    skill_name: str
    acquired: dt.date
    expires: dt.date | None
    expired: bool

    @staticmethod
    def resolve_skill(obj: PersonSkill) -> str:
        return obj.skill.code

    @staticmethod
    def resolve_skill_name(obj: PersonSkill) -> str:
        return obj.skill.name

    @staticmethod
    def resolve_expired(obj: PersonSkill) -> bool:
        return obj.is_expired(timezone.localdate())


class PersonDetailOut(PersonOut):
    birth_date: dt.date | None
    email: str
    phone: str
    contract: ContractOut | None = Field(None, description="The contract in force today.")
    skills: list[PersonSkillOut]

    @staticmethod
    def resolve_contract(obj: Person):
        return contract_on(obj, timezone.localdate()) or obj.contracts.order_by("-effective_from").first()

    @staticmethod
    def resolve_skills(obj: Person):
        return list(obj.skills.select_related("skill"))


class PersonIn(Schema):
    model_config = ConfigDict(extra="forbid")
    payroll_number: str
    first_name: str
    last_name: str
    rank: str = Field(description="Rank / grade / band code.")
    staff_group: str | None = Field(None, description="Staff group code; defaults to the rank's.")
    home_unit: RecordId = Field(description="Id of the unit the person starts in.")
    start_date: PlanDay
    birth_date: PlanDay | None = None
    email: str = ""
    phone: str = ""
    hours_per_week: decimal_column(5, 2) | None = None
    annual_hours: decimal_column(7, 2) | None = None
    fte: decimal_column(4, 3) | None = Decimal("1")
    wtr_opt_out: bool = False
    night_worker: bool = False
    pay_point: str = ""
    reason: str = ""


class PersonPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: Version = Field(description="The version you read; if it changed since, you get 409.")
    payroll_number: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    birth_date: PlanDay | None = None
    start_date: PlanDay | None = None
    email: str | None = None
    phone: str | None = None
    reason: str = ""


class ContractIn(Schema):
    model_config = ConfigDict(extra="forbid")
    effective_from: PlanDay
    hours_per_week: decimal_column(5, 2) | None = None
    annual_hours: decimal_column(7, 2) | None = None
    fte: decimal_column(4, 3) | None = Decimal("1")
    wtr_opt_out: bool = False
    night_worker: bool = False
    pay_point: str = ""
    reason: str = ""


class MovementOut(Schema):
    id: int
    kind: str
    effective_date: dt.date
    from_unit: int | None
    to_unit: int | None
    from_rank: str | None
    to_rank: str | None
    reason: str
    applied: bool
    recorded_at: dt.datetime

    @staticmethod
    def resolve_from_unit(obj: Movement) -> int | None:
        return obj.from_unit_id

    @staticmethod
    def resolve_to_unit(obj: Movement) -> int | None:
        return obj.to_unit_id

    @staticmethod
    def resolve_from_rank(obj: Movement) -> str | None:
        return obj.from_rank.code if obj.from_rank_id else None

    @staticmethod
    def resolve_to_rank(obj: Movement) -> str | None:
        return obj.to_rank.code if obj.to_rank_id else None


class MovementIn(Schema):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(description="transfer, promotion, regrade, leaver or starter (a re-joiner).")
    effective_date: PlanDay
    to_unit: RecordId | None = Field(None, description="Unit id; required for a transfer or starter.")
    to_rank: str | None = Field(None, description="Rank code; required for a promotion or regrade.")
    reason: str = ""


class SkillIn(Schema):
    model_config = ConfigDict(extra="forbid")
    skill: str = Field(description="Skill code.")
    acquired: PlanDay
    expires: PlanDay | None = Field(None, description="Defaults to acquired + the skill's validity.")
    reason: str = ""


class SkillPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")
    acquired: PlanDay | None = None
    expires: PlanDay | None = None
    reason: str = ""


class ImportErrorOut(Schema):
    field: str
    message: str
    row: int | None = None
    value: str | None = None


class ImportRefusedOut(Schema):
    """A refusal before any row was read (unknown kind, file too large): the API's usual error shape."""

    detail: str
    errors: list[ImportErrorOut]


class ImportReportOut(Schema):
    detail: str
    kind: str
    dry_run: bool
    ok: bool
    filename: str
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: list[ImportErrorOut]


# --- helpers ------------------------------------------------------------------------------------------------------

def _people_queryset():
    return Person.objects.select_related("staff_group", "rank", "home_unit")


def _readable_person(user, person_id: int) -> Person:
    person = get_object_or_404(_people_queryset(), pk=person_id)
    if person.user_id is not None and person.user_id == user.pk:
        return person
    if is_administrator(user):
        return person
    if person.home_unit_id and readable_units(user).filter(pk=person.home_unit_id).exists():
        return person
    raise PermissionDenied(_("You may see your own record, or people in units you plan or manage."))


def _rank(code: str | None, field: str) -> Rank | None:
    if not code:
        return None
    rank = Rank.objects.select_related("staff_group").filter(code=code).first()
    if rank is None:
        raise DomainError(_("'%(code)s' is not a rank code.") % {"code": code}, field=field)
    return rank


def _unit(unit_id: int | None, field: str) -> Unit | None:
    if unit_id is None:
        return None
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise DomainError(_("There is no unit with id %(id)s.") % {"id": unit_id}, field=field)
    return unit


def _skill(code: str) -> Skill:
    skill = Skill.objects.filter(code=code).first()
    if skill is None:
        allowed = ", ".join(Skill.objects.values_list("code", flat=True))
        raise DomainError(_("'%(code)s' is not a skill; allowed: %(allowed)s.") % {"code": code, "allowed": allowed},
                          field="skill")
    return skill


# --- people -------------------------------------------------------------------------------------------------------

@router.get("", response=list[PersonOut], summary="People in the units you plan or manage")
@paginate
def list_people(request, unit: RecordId | None = None, q: str = "", include_leavers: bool = False):
    user = request.user
    units = readable_units(user)
    if not is_administrator(user) and not units.exists():
        raise PermissionDenied(_("Only planners, managers and administrators can list people; "
                                 "see your own record at /api/people/{id}."))
    people = _people_queryset().filter(home_unit__in=units)
    if unit is not None:
        root = get_object_or_404(Unit, pk=unit)
        require_read_unit(user, root)
        people = people.filter(home_unit__path__startswith=root.path)
    if q.strip():
        term = q.strip()
        people = people.filter(Q(last_name__icontains=term) | Q(first_name__icontains=term)
                               | Q(payroll_number__iexact=term))
    if not include_leavers:
        people = people.filter(Q(leave_date__isnull=True) | Q(leave_date__gte=timezone.localdate()))
    return people.order_by("last_name", "first_name", "pk")


@router.get("/{int:person_id}", response=PersonDetailOut)
def get_person(request, person_id: RecordId):
    return _readable_person(request.user, person_id)


@router.post("", response={201: PersonDetailOut})
def create_person(request, payload: PersonIn):
    rank = _rank(payload.rank, "rank")
    staff_group = None
    if payload.staff_group:
        staff_group = StaffGroup.objects.filter(code=payload.staff_group).first()
        if staff_group is None:
            raise DomainError(_("'%(code)s' is not a staff group code.") % {"code": payload.staff_group},
                              field="staff_group")
    person = actions.do_create_person(
        payroll_number=payload.payroll_number, first_name=payload.first_name, last_name=payload.last_name,
        rank=rank, staff_group=staff_group, home_unit=_unit(payload.home_unit, "home_unit"),
        start_date=payload.start_date, birth_date=payload.birth_date, email=payload.email, phone=payload.phone,
        hours_per_week=payload.hours_per_week, annual_hours=payload.annual_hours, fte=payload.fte,
        wtr_opt_out=payload.wtr_opt_out, night_worker=payload.night_worker, pay_point=payload.pay_point,
        acting_user=request.user, reason=payload.reason)
    return 201, _people_queryset().get(pk=person.pk)


@router.patch("/{int:person_id}", response=PersonDetailOut)
def update_person(request, person_id: RecordId, payload: PersonPatchIn):
    person = _readable_person(request.user, person_id)
    changes = payload.model_dump(exclude_unset=True)
    version, reason = changes.pop("version"), changes.pop("reason", "")
    actions.do_update_person(person, version=version, acting_user=request.user, reason=reason, **changes)
    return _people_queryset().get(pk=person.pk)


@router.post("/{int:person_id}/contracts", response={201: ContractOut}, summary="New contract terms from a date")
def set_contract(request, person_id: RecordId, payload: ContractIn):
    person = _readable_person(request.user, person_id)
    data = payload.model_dump()
    reason = data.pop("reason")
    contract = actions.do_set_contract(person, acting_user=request.user, reason=reason, **data)
    return 201, contract


# --- movements ----------------------------------------------------------------------------------------------------

@router.get("/{int:person_id}/movements", response=list[MovementOut], summary="Movement history, oldest first")
def list_movements(request, person_id: RecordId):
    person = _readable_person(request.user, person_id)
    return list(person.movements.select_related("from_rank", "to_rank").order_by("effective_date", "id"))


@router.post("/{int:person_id}/movements", response={201: MovementOut},
             summary="Record a transfer, promotion, change of rank, leaver or re-joiner")
def record_movement(request, person_id: RecordId, payload: MovementIn):
    person = _readable_person(request.user, person_id)
    if payload.kind not in MovementKind.values:
        raise DomainError(_("'%(kind)s' is not a movement; allowed: %(allowed)s.")
                          % {"kind": payload.kind, "allowed": ", ".join(MovementKind.values)}, field="kind")
    movement = actions.do_record_movement(person, kind=payload.kind, effective_date=payload.effective_date,
                                          to_unit=_unit(payload.to_unit, "to_unit"),
                                          to_rank=_rank(payload.to_rank, "to_rank"), acting_user=request.user,
                                          reason=payload.reason)
    return 201, movement


@router.delete("/{int:person_id}/movements/{int:movement_id}", response={204: None},
               summary="Cancel a pending (future) movement")
def cancel_movement(request, person_id: RecordId, movement_id: RecordId):
    person = _readable_person(request.user, person_id)
    movement = get_object_or_404(Movement, pk=movement_id, person=person)
    actions.do_cancel_movement(movement, acting_user=request.user, reason=request.GET.get("reason", ""))
    return 204, None


# --- skills -------------------------------------------------------------------------------------------------------

@router.post("/{int:person_id}/skills", response={201: PersonSkillOut})
def add_skill(request, person_id: RecordId, payload: SkillIn):
    person = _readable_person(request.user, person_id)
    held = actions.do_add_skill(person, _skill(payload.skill), acquired=payload.acquired, expires=payload.expires,
                                acting_user=request.user, reason=payload.reason)
    return 201, held


@router.patch("/{int:person_id}/skills/{skill_code}", response=PersonSkillOut)
def update_skill(request, person_id: RecordId, skill_code: str, payload: SkillPatchIn):
    person = _readable_person(request.user, person_id)
    held = get_object_or_404(PersonSkill.objects.select_related("skill", "person"), person=person,
                             skill__code=skill_code)
    changes = payload.model_dump(exclude_unset=True)
    reason = changes.pop("reason", "")
    return actions.do_update_skill(held, acting_user=request.user, reason=reason, **changes)


@router.delete("/{int:person_id}/skills/{skill_code}", response={204: None})
def remove_skill(request, person_id: RecordId, skill_code: str):
    person = _readable_person(request.user, person_id)
    held = get_object_or_404(PersonSkill.objects.select_related("person"), person=person, skill__code=skill_code)
    actions.do_remove_skill(held, acting_user=request.user, reason=request.GET.get("reason", ""))
    return 204, None


# --- import / export ----------------------------------------------------------------------------------------------

@router.post("/import/{kind}", response={200: ImportReportOut, 400: ImportReportOut | ImportRefusedOut},
             summary="Import people, skills or establishment from CSV or XLSX (all or nothing)")
def import_file(request, kind: str, file: File[UploadedFile], dry_run: Form[bool] = False, reason: Form[str] = ""):
    """Multipart upload of `file`. With `dry_run=true` nothing is written and the report says what would happen.
    Any bad row: 400, every problem listed as {row, field, value, message}, nothing changed."""
    if kind not in KINDS:
        raise DomainError(_("'%(kind)s' cannot be imported; allowed: %(allowed)s.")
                          % {"kind": kind, "allowed": ", ".join(KINDS)}, field="kind")
    dry_run = dry_run or request.GET.get("dry_run", "").lower() in {"1", "true", "yes"}
    if file.size and file.size > MAX_BYTES:
        raise DomainError(_("The file is larger than the %(limit)s MB limit.") % {"limit": MAX_BYTES // 1024 // 1024},
                          field="file")
    result = run_import(kind, file.read(), filename=file.name or "", acting_user=request.user, dry_run=dry_run,
                        reason=reason or None)
    body = result.as_dict() | {"detail": result.summary()}
    return (200 if result.ok or dry_run else 400), body


@router.get("/export/{kind}", summary="Export people, skills or establishment as CSV or XLSX (import's columns)")
def export(request, kind: str, format: str = "csv", unit: RecordId | None = None):  # noqa: A002 - the query name
    if kind not in KINDS:
        raise DomainError(_("'%(kind)s' cannot be exported; allowed: %(allowed)s.")
                          % {"kind": kind, "allowed": ", ".join(KINDS)}, field="kind")
    if format not in FORMATS:
        raise DomainError(_("'%(format)s' is not an export format; allowed: csv, xlsx.") % {"format": format},
                          field="format")
    root = get_object_or_404(Unit, pk=unit) if unit is not None else None
    content, filename, content_type = export_file(kind, format, acting_user=request.user, unit=root)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
