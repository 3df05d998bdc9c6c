"""/api/rostering: shift types, patterns (and the library), teams, assignments, the roster, duty changes, publish.

Thin: every write calls rostering.actions, so permissions, validation, audit and notifications are the same as
in the browser. A stale duty version answers 409 with the value now stored in "current"."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from common.errors import DomainError
from common.schema_types import PlanDay, RecordId, Version
from org.models import Unit
from org.permissions import has_any_role
from people.models import Person

from . import actions, compliance
from .actions.duties import describe
from .actions.patterns import MAX_OFFSET_DAYS
from .export import document
from .library import library_patterns
from .models import Duty, DutyChange, ShiftPattern, ShiftType, TeamPattern
from .projection import ShiftTimes, summarise
from .solving_api import router as solving_router
from .staffing_api import router as staffing_router
from .teams import stints, teams_under
from .views.common import PUBLISHED, require_access

router = Router(tags=["rostering"])
# Staffing requirements, overrides, templates and coverage (rostering/staffing_api.py).
router.add_router("", staffing_router)
router.add_router("", solving_router)  # optimiser runs (rostering/solving_api.py)
MAX_API_DAYS = 400


def _unit(code: str) -> Unit:
    return get_object_or_404(Unit, code=code)


def _require_role(user) -> None:
    if not has_any_role(user):
        raise PermissionDenied(_("This is for planners, managers and administrators."))


def _period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise DomainError(_("The last day must be on or after the first day."), field="end")
    if (end - start).days + 1 > MAX_API_DAYS:
        raise DomainError(_("At most %(n)s days at a time.") % {"n": MAX_API_DAYS}, field="end")


# --- shift types --------------------------------------------------------------------------------------------------

class ShiftTypeIn(Schema):
    code: str
    name: str
    start_time: dt.time
    end_time: dt.time = Field(description="At or before start_time: the next day.")
    break_minutes: int = 0
    break_paid: bool = False
    colour: str = "#dfe7f5"
    counts_as_night: bool = False
    role: str = ""
    unit: str | None = Field(None, description="Owning unit code; empty: organisation-wide (administrators).")
    active: bool = True


class ShiftTypeOut(Schema):
    id: int
    code: str
    name: str
    start_time: dt.time
    end_time: dt.time
    break_minutes: int
    break_paid: bool
    colour: str
    counts_as_night: bool
    role: str
    unit: str | None
    paid_minutes: int
    active: bool

    @staticmethod
    def resolve_unit(obj: ShiftType) -> str | None:
        return obj.unit.code if obj.unit_id else None


def _shift_type_kwargs(payload: ShiftTypeIn) -> dict:
    data = payload.dict()
    data["unit"] = _unit(data["unit"]) if data.get("unit") else None
    return data


@router.get("/shift-types", response=list[ShiftTypeOut])
def list_shift_types(request):
    _require_role(request.user)
    return list(ShiftType.objects.select_related("unit"))


@router.post("/shift-types", response={201: ShiftTypeOut})
def create_shift_type(request, payload: ShiftTypeIn):
    return 201, actions.do_save_shift_type(**_shift_type_kwargs(payload), acting_user=request.user)


@router.put("/shift-types/{shift_type_id}", response=ShiftTypeOut)
def update_shift_type(request, shift_type_id: RecordId, payload: ShiftTypeIn):
    st = get_object_or_404(ShiftType, pk=shift_type_id)
    return actions.do_save_shift_type(shift_type=st, **_shift_type_kwargs(payload), acting_user=request.user)


# --- patterns -----------------------------------------------------------------------------------------------------

class PatternIn(Schema):
    code: str
    name: str
    weeks: int = Field(description="1 to 12.")
    days: list[str] = Field(description="weeks × 7 shift-type codes, Monday of week 1 first; '' or 'RD' rest day.")
    teams: int = 1
    rule_pack: str = ""
    description: str = ""
    unit: str | None = None
    version: Version | None = Field(None, description="The version you read (PUT): a change in between gives 409.")


class PatternOut(Schema):
    id: int
    code: str
    name: str
    weeks: int
    days: list[str]
    teams: int
    rule_pack: str
    description: str
    library_code: str
    unit: str | None
    version: int

    @staticmethod
    def resolve_unit(obj: ShiftPattern) -> str | None:
        return obj.unit.code if obj.unit_id else None


class ViolationOut(Schema):
    rule: str
    severity: str
    person: str
    start: dt.datetime
    end: dt.datetime
    measured: float
    limit: float
    unit: str
    message: str


class PatternSummaryOut(Schema):
    hours_per_week: float
    shifts_per_cycle: int
    rest_days_per_week: float
    nights_per_cycle: int
    weekends_worked: int
    weekends_in_cycle: int
    coverage: list[float] = Field(description="People on duty per hour of the week, 168 values from Monday 00:00.")
    violations: list[ViolationOut]


class LibraryOut(Schema):
    code: str
    name: str
    description: str
    weeks: int
    teams: int
    rule_pack: str
    days: list[str]


def _pattern_kwargs(payload: PatternIn) -> dict:
    data = payload.dict()
    data["unit"] = _unit(data["unit"]) if data.get("unit") else None
    data["expected_version"] = data.pop("version")
    return data


@router.get("/patterns", response=list[PatternOut])
def list_patterns(request):
    _require_role(request.user)
    return list(ShiftPattern.objects.select_related("unit"))


@router.post("/patterns", response={201: PatternOut})
def create_pattern(request, payload: PatternIn):
    kwargs = _pattern_kwargs(payload)
    kwargs.pop("expected_version")
    return 201, actions.do_save_pattern(**kwargs, acting_user=request.user)


@router.put("/patterns/{pattern_id}", response=PatternOut)
def update_pattern(request, pattern_id: RecordId, payload: PatternIn):
    pattern = get_object_or_404(ShiftPattern, pk=pattern_id)
    return actions.do_save_pattern(pattern=pattern, **_pattern_kwargs(payload), acting_user=request.user)


@router.get("/patterns/{pattern_id}/summary", response=PatternSummaryOut)
def pattern_summary(request, pattern_id: RecordId):
    """Hours a week, nights, weekends, the coverage curve and what the rules engine says about the pattern."""
    _require_role(request.user)
    pattern = get_object_or_404(ShiftPattern, pk=pattern_id)
    types = {st.code: st for st in ShiftType.objects.filter(code__in=set(pattern.days) - {""})}
    times = {c: ShiftTimes(c, st.start_time, st.end_time, st.break_minutes, st.break_paid, st.counts_as_night)
             for c, st in types.items()}
    s = summarise(pattern.days, times, pattern.teams)
    return {**s.__dict__, "coverage": list(s.coverage), "violations": compliance.pattern_violations(pattern)}


@router.get("/library", response=list[LibraryOut])
def list_library(request):
    _require_role(request.user)
    return [{**p.__dict__, "days": list(p.days)} for p in library_patterns()]


@router.post("/library/{code}/import", response={201: PatternOut})
def import_library_pattern(request, code: str, unit: str | None = None):
    return 201, actions.do_import_library_pattern(code=code, unit=_unit(unit) if unit else None,
                                                  acting_user=request.user)


# --- teams --------------------------------------------------------------------------------------------------------

class TeamPatternIn(Schema):
    team: str = Field(description="Team unit code.")
    pattern: str = Field(description="Pattern code.")
    anchor_date: PlanDay
    offset_days: int = Field(0, ge=-MAX_OFFSET_DAYS, le=MAX_OFFSET_DAYS)
    start_date: PlanDay | None = None
    end_date: PlanDay | None = None


class TeamPatternOut(Schema):
    id: int
    team: str
    pattern: str
    anchor_date: dt.date
    offset_days: int
    start_date: dt.date
    end_date: dt.date | None

    @staticmethod
    def resolve_team(obj: TeamPattern) -> str:
        return obj.team.code

    @staticmethod
    def resolve_pattern(obj: TeamPattern) -> str:
        return obj.pattern.code


class MemberOut(Schema):
    person_id: int
    payroll_number: str
    name: str
    start: dt.date
    end: dt.date | None


class TeamOut(Schema):
    code: str
    name: str
    patterns: list[TeamPatternOut]
    members: list[MemberOut]


class MembershipIn(Schema):
    person_id: RecordId
    team: str
    start_date: PlanDay
    end_date: PlanDay | None = None


class MembershipOut(Schema):
    id: int
    person_id: int
    team: str
    start_date: dt.date
    end_date: dt.date | None


@router.get("/units/{code}/teams", response=list[TeamOut])
def list_teams(request, code: str, on: PlanDay | None = None):
    unit = _unit(code)
    require_access(request.user, unit)
    day = on or timezone.localdate()
    team_list = teams_under(unit)
    members = stints([t.pk for t in team_list], day, day)
    people = Person.objects.in_bulk({s.person_id for rows in members.values() for s in rows})
    assignments = TeamPattern.objects.filter(team__in=team_list).select_related("team", "pattern")
    out = []
    for team in team_list:
        out.append({"code": team.code, "name": team.name,
                    "patterns": [a for a in assignments if a.team_id == team.pk],
                    "members": [{"person_id": s.person_id, "payroll_number": people[s.person_id].payroll_number,
                                 "name": people[s.person_id].full_name, "start": s.start, "end": s.end}
                                for s in members.get(team.pk, []) if s.person_id in people]})
    return out


@router.post("/team-patterns", response={201: TeamPatternOut})
def assign_team_pattern(request, payload: TeamPatternIn):
    team = _unit(payload.team)
    pattern = get_object_or_404(ShiftPattern, code=payload.pattern)
    return 201, actions.do_assign_team_pattern(team=team, pattern=pattern, anchor_date=payload.anchor_date,
                                               offset_days=payload.offset_days, start_date=payload.start_date,
                                               end_date=payload.end_date, acting_user=request.user)


@router.post("/team-memberships", response={201: MembershipOut})
def join_team(request, payload: MembershipIn):
    person = get_object_or_404(Person, pk=payload.person_id)
    row = actions.do_join_team(person=person, team=_unit(payload.team), start_date=payload.start_date,
                               end_date=payload.end_date, acting_user=request.user)
    return 201, {"id": row.pk, "person_id": row.person_id, "team": row.team.code, "start_date": row.start_date,
                 "end_date": row.end_date}


# --- roster -------------------------------------------------------------------------------------------------------

class PeriodIn(Schema):
    start: PlanDay
    end: PlanDay


class MaterialiseOut(Schema):
    created: int
    rest_days: int
    kept: int
    skipped_published: int


class RosterDutyOut(Schema):
    payroll_number: str
    name: str
    team: str
    rank: str
    date: dt.date
    code: str
    start: dt.datetime | None
    end: dt.datetime | None
    hours: float
    rest_day: bool
    published: bool
    abstraction: str


class TotalOut(Schema):
    label: str
    counts: list[int]


class RosterOut(Schema):
    unit: str
    start: dt.date
    end: dt.date
    published_days: int
    duties: list[RosterDutyOut]
    totals: list[TotalOut]


@router.post("/units/{code}/materialise", response=MaterialiseOut)
def materialise(request, code: str, payload: PeriodIn):
    _period(payload.start, payload.end)
    return actions.do_materialise_duties(unit=_unit(code), start=payload.start, end=payload.end,
                                         acting_user=request.user).__dict__


@router.get("/units/{code}/roster", response=RosterOut)
def read_roster(request, code: str, start: PlanDay, end: PlanDay):
    """The roster of a unit and its sub-tree; staff members get their own team's published days only."""
    unit = _unit(code)
    access = require_access(request.user, unit)
    _period(start, end)
    return document(unit, start, end, only_published=access == PUBLISHED)


class DutyIn(Schema):
    person_id: RecordId
    date: PlanDay
    value: str = Field(description="A shift-type code, 'RD' (rest day), '07:00-15:00', or '' (no duty).")
    version: Version = Field(description="The version you read; 0 when the cell was empty.")
    reason: str = Field("", description="Required once the roster is published: the person is told.")


class DutyChangeOut(Schema):
    id: int
    person_id: int
    date: dt.date
    changed_at: dt.datetime
    changed_by: str | None
    old: dict | None
    new: dict | None
    reason: str
    notice_minutes: int
    clear_days: int
    rule: str
    compensation_class: str
    rdil_owed: bool

    @staticmethod
    def resolve_changed_by(obj: DutyChange) -> str | None:
        return obj.changed_by.username if obj.changed_by_id else None


class DutyOut(Schema):
    duty: dict = Field(description="The cell now: kind, code, start, end, label, version.")
    change: DutyChangeOut | None = Field(description="The duty change recorded when the roster was published.")


@router.put("/duties", response=DutyOut)
def set_duty(request, payload: DutyIn):
    person = get_object_or_404(Person, pk=payload.person_id)
    result = actions.do_set_duty(person=person, date=payload.date, value=actions.parse_value(payload.value),
                                 expected_version=payload.version, reason=payload.reason, acting_user=request.user)
    duty = result.duty
    state = describe(duty) | {"version": duty.version if duty and duty.is_live else 0}
    return {"duty": state, "change": result.change}


@router.get("/units/{code}/changes", response=list[DutyChangeOut])
def list_changes(request, code: str):
    unit = _unit(code)
    if require_access(request.user, unit) == PUBLISHED:
        raise PermissionDenied(_("Duty changes of a unit are for its planners and managers."))
    return list(DutyChange.objects.filter(unit__path__startswith=unit.path).select_related("changed_by")[:1000])


class PublishIn(Schema):
    start: PlanDay
    end: PlanDay
    late_reason: str = Field("", description="Required when published inside the rule pack's lead time.")


class RosterPeriodOut(Schema):
    id: int
    unit: str
    start_date: dt.date
    end_date: dt.date
    status: str
    published_at: dt.datetime | None
    lead_time_days: int | None
    lead_time_rule: str
    notice_days: int | None
    late: bool
    late_reason: str

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.code


@router.post("/units/{code}/publish", response=RosterPeriodOut)
def publish(request, code: str, payload: PublishIn):
    return actions.do_publish_roster(unit=_unit(code), start=payload.start, end=payload.end,
                                     late_reason=payload.late_reason, acting_user=request.user)


@router.get("/my/duties", response=list[RosterDutyOut])
def my_duties(request, start: PlanDay, end: PlanDay):
    """The signed-in person's published duties."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied(_("Your sign-in is not linked to a person."))
    _period(start, end)
    rows = (Duty.objects.filter(person=person, published=True, date__range=(start, end))
            .exclude(status="cancelled").select_related("shift_type", "unit"))
    return [{"payroll_number": person.payroll_number, "name": person.full_name, "team": d.unit.name,
             "rank": "", "date": d.date, "code": d.code, "start": d.start, "end": d.end,
             "hours": round(d.minutes / 60, 2), "rest_day": d.is_rest_day, "published": True, "abstraction": ""}
            for d in rows]
