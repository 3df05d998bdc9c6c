"""Events and operations: pre-planned events, mutual aid and major incidents, their staffing and cost."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema

from common.errors import DomainError
from common.schema_types import PlanDay, PlanMoment, RecordId
from org.models import Rank, Unit
from people.models import Skill

from . import actions
from .choices import AssignmentStatus, EventKind
from .models import Assignment, Event
from .overview import overview
from .permissions import readable_events, require_plan_event, require_read_event

router = Router(tags=["events"])


class PhaseOut(Schema):
    id: int
    name: str
    kind: str
    start: dt.datetime
    end: dt.datetime
    requirements: list[dict]


class AssignmentOut(Schema):
    id: int
    person: int
    person_name: str
    date: dt.date
    phases: list[int]
    start: dt.datetime
    end: dt.datetime
    method: str
    status: str
    notice_days: int
    cancels_rest_day: bool
    cost_estimate: Decimal | None
    basic_cost: Decimal | None
    cost_note: str
    actual_cost: Decimal | None = None
    actual_basic: Decimal | None = None


class EventOut(Schema):
    id: int
    name: str
    reference: str
    kind: str
    status: str
    unit: int
    location: str
    chargeable: bool
    charge_to: str
    version: int
    phases: list[PhaseOut] = []
    proposal: dict = {}


class EventIn(Schema):
    name: str
    reference: str
    unit: RecordId
    kind: str = EventKind.PLANNED
    location: str = ""
    chargeable: bool = False
    charge_to: str = ""
    notes: str = ""


class PhaseIn(Schema):
    name: str
    start: PlanMoment = Field(..., description="With an offset, e.g. 2026-04-11T12:00:00+01:00.")
    end: PlanMoment
    kind: str = "deployment"
    requirements: list[dict] = Field([], description='[{"count": 4, "rank": "sergeant", "skill": null}] by code.')


class ProposalOut(Schema):
    status: str
    seconds: float
    people: int
    met: bool
    short: int
    unmet: list[str]
    rest_days_cancelled: int
    min_notice_days: int | None
    assignments: list[AssignmentOut]


class ReasonIn(Schema):
    reason: str = ""


def _event_out(e: Event, *, full: bool = True) -> dict:
    out = {f: getattr(e, f) for f in ("id", "name", "reference", "kind", "status", "location", "chargeable",
                                      "charge_to", "version")} | {"unit": e.unit_id, "proposal": e.proposal}
    if full:
        out["phases"] = [{"id": p.pk, "name": p.name, "kind": p.kind, "start": p.start, "end": p.end,
                          "requirements": [{"count": r.count, "rank": r.rank.code if r.rank_id else None,
                                            "skill": r.skill.code if r.skill_id else None}
                                           for r in p.requirements.all()]}
                         for p in e.phases.prefetch_related("requirements__rank", "requirements__skill")]
    return out


def _assignment_out(a: Assignment) -> dict:
    return {"id": a.pk, "person": a.person_id, "person_name": a.person.full_name, "date": a.date,
            "phases": [p.pk for p in a.phases.all()], "start": a.start, "end": a.end, "method": a.method,
            "status": a.status, "notice_days": a.notice_days, "cancels_rest_day": a.cancels_rest_day,
            "cost_estimate": a.cost_estimate, "basic_cost": a.basic_cost, "cost_note": a.cost_note,
            "actual_cost": a.actual_cost, "actual_basic": a.actual_basic}


def _event(request, event_id: int, *, plan: bool = False) -> Event:
    event = get_object_or_404(Event.objects.select_related("unit"), pk=event_id)
    (require_plan_event if plan else require_read_event)(request.user, event)
    return event


@router.get("/", response=list[EventOut], summary="Events you plan or manage")
def list_events(request):
    return [_event_out(e, full=False) for e in readable_events(request.user).select_related("unit")]


@router.post("/", response={201: EventOut}, summary="Create an event (status planning)")
def create_event(request, payload: EventIn):
    unit = Unit.objects.filter(pk=payload.unit).first()
    if unit is None:
        raise DomainError("No such unit.", field="unit")
    event = actions.do_save_event(name=payload.name, reference=payload.reference, unit=unit, kind=payload.kind,
                                  location=payload.location, chargeable=payload.chargeable,
                                  charge_to=payload.charge_to, notes=payload.notes, acting_user=request.user)
    return 201, _event_out(event)


@router.get("/mine", response=list[AssignmentOut], summary="Your own confirmed event duties")
def my_event_duties(request):
    person = getattr(request.user, "person", None)
    if person is None:
        return []
    return [_assignment_out(a) for a in Assignment.objects.filter(person=person).exclude(
        status=AssignmentStatus.PROPOSED).select_related("person").prefetch_related("phases")]


@router.get("/overview", summary="Events of a period: demand per day and unit, clashes")
def events_overview(request, start: PlanDay | None = None, end: PlanDay | None = None):
    start = start or timezone.localdate()
    end = end or start + dt.timedelta(days=13)
    if end < start or (end - start).days > 62:
        raise DomainError("The period runs forward and is at most 63 days.", field="end")
    o = overview(readable_events(request.user), start, end)
    return {"days": [d.isoformat() for d in o.days],
            "events": [{"id": e.pk, "name": e.name, "people_per_day": row} for e, row in o.demand],
            "units": [{"unit": name, "people_per_day": row} for name, row in o.units],
            "clashes": [{"kind": c.kind, "day": c.day.isoformat(), "text": c.text, "events": list(c.events)}
                        for c in o.clashes]}


@router.get("/{event_id}", response=EventOut, summary="One event with its phases and requirements")
def get_event(request, event_id: RecordId):
    return _event_out(_event(request, event_id))


@router.post("/{event_id}/phases", response={201: EventOut}, summary="Add a phase with its requirements")
def add_phase(request, event_id: RecordId, payload: PhaseIn):
    event = _event(request, event_id, plan=True)
    phase = actions.do_save_phase(event, name=payload.name, start=payload.start, end=payload.end, kind=payload.kind,
                                  acting_user=request.user)
    for row in payload.requirements:
        rank = Rank.objects.filter(code=row.get("rank")).first() if row.get("rank") else None
        skill = Skill.objects.filter(code=row.get("skill")).first() if row.get("skill") else None
        if row.get("rank") and rank is None:
            raise DomainError(f"No rank {row['rank']}.", field="requirements")
        if row.get("skill") and skill is None:
            raise DomainError(f"No skill {row['skill']}.", field="requirements")
        actions.do_set_phase_requirement(phase, count=int(row.get("count", 0)), rank=rank, skill=skill,
                                         acting_user=request.user)
    event.refresh_from_db()
    return 201, _event_out(event)


@router.get("/{event_id}/assignments", response=list[AssignmentOut], summary="Who is deployed, how, at what cost")
def list_assignments(request, event_id: RecordId):
    event = _event(request, event_id)
    return [_assignment_out(a) for a in event.assignments.select_related("person").prefetch_related("phases")]


@router.post("/{event_id}/propose", response=ProposalOut, summary="Let the optimiser propose a deployment")
def propose(request, event_id: RecordId, time_limit: float = 20.0):
    event = _event(request, event_id, plan=True)
    result, _pool = actions.do_propose_deployment(event, acting_user=request.user,
                                                  time_limit=max(1.0, min(time_limit, 120.0)))
    return {"status": result.status, "seconds": round(result.seconds, 3), "people": len(result.chosen),
            "met": result.met, "short": sum(result.short.values()), "unmet": [u.sentence() for u in result.unmet],
            "rest_days_cancelled": result.rest_days_cancelled, "min_notice_days": result.min_notice_days,
            "assignments": [_assignment_out(a) for a in event.assignments.select_related("person")
                            .prefetch_related("phases")]}


@router.post("/{event_id}/confirm", response=list[AssignmentOut], summary="Confirm: write the event duties")
def confirm(request, event_id: RecordId, payload: ReasonIn):
    event = _event(request, event_id, plan=True)
    return [_assignment_out(a) for a in actions.do_confirm_deployment(event, acting_user=request.user,
                                                                      reason=payload.reason)]


@router.get("/{event_id}/cost", summary="Estimated (and after closure actual) cost, itemised")
def cost(request, event_id: RecordId):
    event = _event(request, event_id)
    rows = list(event.assignments.select_related("person").prefetch_related("phases"))
    estimate = sum((a.total_estimate for a in rows), start=Decimal("0.00"))
    actual = sum(((a.actual_cost or 0) + (a.actual_basic or 0) for a in rows), start=Decimal("0.00"))
    return {"event": event.pk, "chargeable": event.chargeable, "charge_to": event.charge_to,
            "estimate": str(estimate), "actual": str(actual) if event.is_closed else None,
            "items": [_assignment_out(a) | {"cost_estimate": str(a.cost_estimate) if a.cost_estimate is not None
                                            else None, "basic_cost": str(a.basic_cost) if a.basic_cost is not None
                                            else None, "actual_cost": None, "actual_basic": None,
                                            "start": a.start.isoformat(), "end": a.end.isoformat(),
                                            "date": a.date.isoformat()} for a in rows]}
