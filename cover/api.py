"""/api/cover: the staffing board, reports on the day, ranked cover options, applying one, and the roll call.

Thin: cover.board / options / actions / rollcall do the work; reads are for the unit's planners and managers,
writes for its planners (sickness: the roles allowed health data, absence.permissions)."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema

from common.schema_types import PlanDay, PlanMoment, RecordId
from org.models import Unit
from people.models import Person
from rostering.permissions import require_read

from .actions import do_apply_cover_option, do_report_on_day
from .board import build_board
from .options import find_options, shortfall
from .rollcall import roll_call

router = Router(tags=["cover"])


def _readable(request, code: str) -> Unit:
    unit = get_object_or_404(Unit, code=code)
    require_read(request.user, unit)
    return unit


def _cell(c) -> dict | None:
    if c is None:
        return None
    return {"planned": c.planned, "minimum": c.minimum, "target": c.target, "status": c.status}


@router.get("/units/{code}/board", summary="The staffing board of a unit and its sub-tree")
def board(request, code: str, start: PlanDay | None = None, days: int = 7):
    unit = _readable(request, code)
    data = build_board(unit, start or timezone.localdate(), days, user=request.user)
    bands = [{"date": d.isoformat(), "band": b} for d, b, _name in data.band_headers]
    return {"unit": unit.code, "start": data.start.isoformat(), "days": [d.isoformat() for d in data.days],
            "bands": bands, "short": data.short,
            "rows": [{"unit": r.unit.code if r.unit else None, "rank_id": r.rank_id, "skill_id": r.skill_id,
                      "who": r.label, "bands": [_cell(c) for c in r.bands]} for r in data.rows],
            "gaps": [g.as_dict() for g in data.gaps]}


class ReportIn(Schema):
    person_id: RecordId
    date: PlanDay
    kind: str = Field(description="sick | absent | late | awol")
    minutes_late: int | None = None
    from_time: dt.time | None = Field(None, description="sick: went home at this time")
    note: str = ""
    reason: str = ""


@router.post("/reports", summary="Report a person sick, absent, late or AWOL for their duty")
def report(request, payload: ReportIn):
    person = get_object_or_404(Person, pk=payload.person_id)
    made = do_report_on_day(person, date=payload.date, kind=payload.kind, acting_user=request.user,
                            minutes_late=payload.minutes_late, from_time=payload.from_time, note=payload.note,
                            reason=payload.reason)
    return {"id": made.pk, "person_id": person.pk, "date": made.date.isoformat(), "kind": made.kind,
            "unit": made.unit.code, "start": made.start.isoformat(), "end": made.end.isoformat(),
            "minutes_late": made.minutes_late}


@router.get("/units/{code}/options", summary="Ranked cover options for a shortfall")
def options(request, code: str, start: PlanMoment, end: PlanMoment, rank_id: RecordId | None = None,
            skill_id: RecordId | None = None, limit: int = 10):
    unit = _readable(request, code)
    gap = shortfall(unit, rank_id=rank_id, skill_id=skill_id, start=start, end=end)
    found = find_options(gap, user=request.user, limit=max(1, min(limit, 50)))
    return {"gap": {"unit": unit.code, "rank_id": rank_id, "skill_id": skill_id, "start": gap.start.isoformat(),
                    "end": gap.end.isoformat(), "label": found.label},
            "candidates": found.candidates, "options": [o.as_dict(gap) for o in found.options],
            "not_offered": [{"who": who, "why": why} for who, why in found.not_offered]}


class ApplyIn(Schema):
    token: str = Field(description="The `token` of an option from the options endpoint.")
    reason: str
    override_budget: bool = False
    override_reason: str = ""


@router.post("/apply", summary="Apply a cover option: duty changes, notification, overtime record")
def apply(request, payload: ApplyIn):
    made = do_apply_cover_option(payload.token, acting_user=request.user, reason=payload.reason,
                                 override_budget=payload.override_budget, override_reason=payload.override_reason)
    return {"id": made.pk, "kind": made.kind, "person_id": made.person_id, "unit": made.unit.code,
            "date": made.date.isoformat(), "cost": str(made.cost), "overtime_id": made.overtime_id,
            "over_budget": made.override_budget, "changes": made.changes}


@router.get("/units/{code}/roll-call", summary="Everyone who could be on duty within N hours")
def roll_call_api(request, code: str, hours: int = 8):
    unit = _readable(request, code)
    return {"unit": unit.code, "hours": hours, "people": [e.as_dict() for e in roll_call(unit, hours)]}
