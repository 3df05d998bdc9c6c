"""/api/rostering: a unit's staffing requirements, their overrides, templates, and coverage per interval.

Mounted into rostering/api.py's router. Thin: writes call rostering.actions (permissions, validation naming the
field, audit); reads are for the unit's planners and managers."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from common.errors import DomainError
from common.schema_types import PlanDay, RecordId, Version
from org.models import Rank, Unit
from people.models import Skill

from . import actions
from .actions.requirements import rank_by_code, requirement_templates, skill_by_code
from .models import Requirement, RequirementOverride
from .permissions import require_read
from .staffing import IntervalStaffing, coverage

router = Router(tags=["staffing requirements"])
MAX_COVERAGE_DAYS = 92


def _unit(code: str) -> Unit:
    return get_object_or_404(Unit, code=code)


def _readable(request, code: str) -> Unit:
    unit = _unit(code)
    require_read(request.user, unit)
    return unit


class RequirementIn(Schema):
    rank: str | None = Field(None, description="Rank code; empty: any rank.")
    skill: str | None = Field(None, description="Skill code; empty: no particular skill.")
    weekdays: str = Field("0123456", description="Days the band starts on: digits, Monday = 0 … Sunday = 6 "
                                                 "(\"45\" = Friday and Saturday); 'Mon-Fri' is also understood.")
    start_time: dt.time
    end_time: dt.time = Field(description="At or before start_time: the next day (22:00–03:00).")
    minimum: int
    target: int | None = Field(None, description="At least the minimum; empty: the minimum.")
    effective_from: PlanDay | None = Field(None, description="Empty: today.")
    effective_to: PlanDay | None = None
    note: str = ""
    version: Version | None = Field(None, description="PUT: the version you read; a change in between gives 409.")


class RequirementOut(Schema):
    id: int
    unit: str
    rank: str | None
    skill: str | None
    who: str
    weekdays: str
    days: str
    start_time: dt.time
    end_time: dt.time
    minimum: int
    target: int
    effective_from: dt.date
    effective_to: dt.date | None
    note: str
    version: int

    @staticmethod
    def resolve_unit(obj: Requirement) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_rank(obj: Requirement) -> str | None:
        return obj.rank.code if obj.rank_id else None

    @staticmethod
    def resolve_skill(obj: Requirement) -> str | None:
        return obj.skill.code if obj.skill_id else None

    @staticmethod
    def resolve_days(obj: Requirement) -> str:
        return obj.days_label


class OverrideIn(Schema):
    date: PlanDay | None = Field(None, description="The date; empty with on_bank_holidays.")
    on_bank_holidays: bool = Field(False, description="Apply on every bank holiday of the unit's region.")
    start_time: dt.time
    end_time: dt.time = Field(description="At or before start_time: the next day.")
    rank: str | None = None
    skill: str | None = None
    minimum: int
    target: int | None = None
    reason: str = Field(description="Why the day differs: shown on the roster and kept in the audit log.")
    version: Version | None = None


class OverrideOut(Schema):
    id: int
    unit: str
    date: dt.date | None
    on_bank_holidays: bool
    start_time: dt.time
    end_time: dt.time
    rank: str | None
    skill: str | None
    who: str
    minimum: int
    target: int
    reason: str
    version: int

    @staticmethod
    def resolve_unit(obj: RequirementOverride) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_rank(obj: RequirementOverride) -> str | None:
        return obj.rank.code if obj.rank_id else None

    @staticmethod
    def resolve_skill(obj: RequirementOverride) -> str | None:
        return obj.skill.code if obj.skill_id else None


class TemplateBandOut(Schema):
    rank: str | None
    skill: str | None
    weekdays: str
    start: dt.time
    end: dt.time
    minimum: int
    target: int
    note: str


class TemplateOut(Schema):
    code: str
    name: str
    description: str
    requirements: list[TemplateBandOut]


class ApplyTemplateIn(Schema):
    effective_from: PlanDay | None = Field(None, description="Empty: today.")
    replace: bool = Field(False, description="End the unit's requirements in force then, the day before.")


class IntervalStaffingOut(Schema):
    start: dt.datetime
    end: dt.datetime
    rank_id: int | None
    skill_id: int | None
    rank: str | None = Field(description="Rank code.")
    skill: str | None = Field(description="Skill code.")
    minimum: int
    target: int
    planned: int
    shortfall: int = Field(description="max(0, minimum − planned)")
    below_target: int = Field(description="max(0, target − planned)")
    over_target: int = Field(description="max(0, planned − target)")
    people: list[int] = Field(description="Ids of the people counted.")


def _requirements(unit: Unit):
    return Requirement.objects.filter(unit=unit).select_related("unit", "rank", "skill")


def _requirement_kwargs(payload: RequirementIn) -> dict:
    data = payload.dict()
    data.pop("version")
    data["rank"] = rank_by_code(data["rank"])
    data["skill"] = skill_by_code(data["skill"])
    return data


@router.get("/units/{code}/requirements", response=list[RequirementOut])
def list_requirements(request, code: str, on: PlanDay | None = None):
    """The unit's weekly requirements; with `on`, only those in force that day."""
    unit = _readable(request, code)
    rows = _requirements(unit)
    if on is not None:
        rows = [r for r in rows if r.effective_from <= on and (r.effective_to is None or on <= r.effective_to)]
    return list(rows)


@router.post("/units/{code}/requirements", response={201: RequirementOut})
def create_requirement(request, code: str, payload: RequirementIn):
    unit = _unit(code)
    row = actions.do_create_requirement(unit=unit, **_requirement_kwargs(payload), acting_user=request.user)
    return 201, _requirements(unit).get(pk=row.pk)


@router.get("/units/{code}/requirements/{requirement_id}", response=RequirementOut)
def read_requirement(request, code: str, requirement_id: RecordId):
    unit = _readable(request, code)
    return get_object_or_404(_requirements(unit), pk=requirement_id)


@router.put("/units/{code}/requirements/{requirement_id}", response=RequirementOut)
def update_requirement(request, code: str, requirement_id: RecordId, payload: RequirementIn):
    unit = _unit(code)
    row = get_object_or_404(_requirements(unit), pk=requirement_id)
    row = actions.do_update_requirement(requirement=row, **_requirement_kwargs(payload),
                                        expected_version=payload.version, acting_user=request.user)
    return _requirements(unit).get(pk=row.pk)


@router.delete("/units/{code}/requirements/{requirement_id}", response={204: None})
def delete_requirement(request, code: str, requirement_id: RecordId):
    unit = _unit(code)
    actions.do_delete_requirement(requirement=get_object_or_404(_requirements(unit), pk=requirement_id),
                                  acting_user=request.user)
    return 204, None


def _overrides(unit: Unit):
    return RequirementOverride.objects.filter(unit=unit).select_related("unit", "rank", "skill")


def _override_kwargs(payload: OverrideIn) -> dict:
    data = payload.dict()
    data.pop("version")
    data["rank"] = rank_by_code(data["rank"])
    data["skill"] = skill_by_code(data["skill"])
    return data


@router.get("/units/{code}/requirement-overrides", response=list[OverrideOut])
def list_overrides(request, code: str, start: PlanDay | None = None, end: PlanDay | None = None):
    """Dated overrides (from `start` to `end` when given) and the every-bank-holiday ones."""
    unit = _readable(request, code)
    rows = _overrides(unit)
    if start is not None:
        rows = rows.exclude(date__lt=start)
    if end is not None:
        rows = rows.exclude(date__gt=end)
    return list(rows)


@router.post("/units/{code}/requirement-overrides", response={200: OverrideOut, 201: OverrideOut})
def set_override(request, code: str, payload: OverrideIn):
    """Create an override, or change the one of the same date (or bank holidays), band, rank and skill (200)."""
    unit = _unit(code)
    row = actions.do_set_requirement_override(unit=unit, **_override_kwargs(payload), acting_user=request.user)
    return (201 if row.version == 1 else 200), _overrides(unit).get(pk=row.pk)


@router.put("/units/{code}/requirement-overrides/{override_id}", response=OverrideOut)
def update_override(request, code: str, override_id: RecordId, payload: OverrideIn):
    unit = _unit(code)
    row = get_object_or_404(_overrides(unit), pk=override_id)
    row = actions.do_set_requirement_override(unit=unit, override=row, **_override_kwargs(payload),
                                              expected_version=payload.version, acting_user=request.user)
    return _overrides(unit).get(pk=row.pk)


@router.delete("/units/{code}/requirement-overrides/{override_id}", response={204: None})
def delete_override(request, code: str, override_id: RecordId):
    unit = _unit(code)
    actions.do_delete_requirement_override(override=get_object_or_404(_overrides(unit), pk=override_id),
                                           acting_user=request.user)
    return 204, None


@router.get("/requirement-templates", response=list[TemplateOut])
def list_templates(request):
    """The shipped requirement templates (police response station, neighbourhood team, NHS 111 skill cover)."""
    return [{**t.__dict__, "requirements": [b.__dict__ for b in t.requirements]} for t in requirement_templates()]


@router.post("/units/{code}/requirement-templates/{template}/apply", response={201: list[RequirementOut]})
def apply_template(request, code: str, template: str, payload: ApplyTemplateIn):
    unit = _unit(code)
    created = actions.do_apply_requirement_template(unit, template, effective_from=payload.effective_from,
                                                    replace=payload.replace, acting_user=request.user)
    return 201, list(_requirements(unit).filter(pk__in=[r.pk for r in created]))


@router.get("/units/{code}/coverage", response=list[IntervalStaffingOut])
def read_coverage(request, code: str, start: PlanDay, end: PlanDay, interval_minutes: int = 60):
    """Planned against minimum and target per interval and requirement (only intervals something is required
    in). Who counts: see rostering/staffing.py — live duties of the unit's sub-tree, less approved abstractions;
    skills unexpired that day and never while on restricted duties."""
    unit = _readable(request, code)
    if end >= start and (end - start).days + 1 > MAX_COVERAGE_DAYS:
        raise DomainError(_("At most %(n)s days at a time.") % {"n": MAX_COVERAGE_DAYS}, field="end")
    rows = coverage(unit, start, end, interval_minutes=interval_minutes)
    ranks = dict(Rank.objects.filter(pk__in={r.rank_id for r in rows}).values_list("id", "code"))
    skills = dict(Skill.objects.filter(pk__in={r.skill_id for r in rows}).values_list("id", "code"))
    names = [f.name for f in fields(IntervalStaffing)]
    return [{**{n: getattr(r, n) for n in names}, "people": list(r.people), "rank": ranks.get(r.rank_id),
             "skill": skills.get(r.skill_id)} for r in rows]
