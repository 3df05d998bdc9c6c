"""Leave on the roster side: the self-service request form, a unit's requests waiting for a decision, the
decision page with the staffing impact, and the same as JSON at /api/leave.

Everything goes through rostering.leave (planned hours, impact, automatic approval, the person's notification),
which wraps absence.actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from absence.choices import AbstractionStatus
from absence.ledgers import balances
from absence.models import Abstraction, AbstractionType
from absence.periods import clean_period
from absence.permissions import can_decide_leave, can_manage_absence
from common.errors import DomainError
from common.schema_types import PlanDay, RecordId, Version
from org.models import Unit
from org.permissions import require_read_unit
from people.models import Person
from people.permissions import is_self, manages_person

from .. import leave
from .common import error_text

# --- pages ----------------------------------------------------------------------------------------------------------


def _me(request: HttpRequest) -> Person:
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied(_("Your sign-in is not linked to a person, so you cannot request leave."))
    return person


def _request_types():
    return [t for t in AbstractionType.objects.order_by("name") if t.staff_may_request]


def leave_request(request: HttpRequest) -> HttpResponse:
    """The staff member asks for annual leave, TOIL or RDiL: whole or part days, with the balance beside it."""
    person = _me(request)
    types = _request_types()
    form = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            type_ = next((t for t in types if str(t.pk) == form.get("type")), None)
            if type_ is None:
                raise DomainError(_("Choose what kind of leave."), field="type")
            period = clean_period(form.get("start_date"), form.get("end_date"), form.get("start_time"),
                                  form.get("end_time"))
            result, _impact = leave.submit(person, type_, period, note=form.get("note", ""), acting_user=request.user)
            if result.status == AbstractionStatus.APPROVED:
                messages.success(request, _("%(type)s %(period)s approved (%(hours)s h): it is on the roster.")
                                 % {"type": type_.name, "period": period.text(), "hours": result.hours})
            else:
                messages.success(request, _("%(type)s %(period)s requested (%(hours)s h): waiting for a manager's "
                                            "decision. You will be told.") % {"type": type_.name,
                                                                              "period": period.text(),
                                                                              "hours": result.hours})
            return redirect("absence:my-leave")
        except DomainError as exc:
            error = exc
    today = timezone.localdate()
    return render(request, "rostering/leave_request.html", {
        "person": person, "types": types, "form": form, "error": error, "error_text": error_text(error) if error
        else "", "balances": balances(person, today), "today": today})


def leave_requests(request: HttpRequest, code: str) -> HttpResponse:
    """Requests waiting for a decision from a unit's people (planners and managers of the unit)."""
    unit = get_object_or_404(Unit, code=code)
    require_read_unit(request.user, unit)
    pending = [a for a in leave.pending_for([unit]) if not is_self(request.user, a.person)]
    recent = (Abstraction.objects.filter(person__home_unit__path__startswith=unit.path, decided_at__isnull=False,
                                         type__category="leave")
              .exclude(status=AbstractionStatus.REQUESTED).select_related("person", "type", "decided_by")
              .order_by("-decided_at")[:20])
    return render(request, "rostering/leave_requests.html", {"unit": unit, "pending": pending, "recent": recent})


def _decidable(request: HttpRequest, pk: int) -> Abstraction:
    a = get_object_or_404(Abstraction.objects.select_related("type", "person__home_unit", "person__rank",
                                                             "person__staff_group", "decided_by"), pk=pk)
    if not manages_person(request.user, a.person):
        raise PermissionDenied(_("Only planners and managers of %(person)s's unit see this request.")
                               % {"person": a.person.full_name})
    return a


def leave_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The request with its staffing impact, balance, conflicts and quotas; approve, refuse or cancel."""
    a = _decidable(request, pk)
    if request.method == "POST":
        op = request.POST.get("op", "")
        reason = request.POST.get("reason", "")
        version = request.POST.get("version")
        expected = int(version) if (version or "").isdigit() else None
        try:
            if op in ("approve", "refuse"):
                done = leave.decide(a, approve=op == "approve", reason=reason, acting_user=request.user,
                                    expected_version=expected)
                messages.success(request, _("%(person)s's %(type)s %(status)s; they have been told.") % {
                    "person": a.person.full_name, "type": a.type.name.lower(),
                    "status": done.get_status_display().lower()})
            elif op == "cancel":
                leave.cancel(a, acting_user=request.user, reason=reason, expected_version=expected)
                messages.success(request, _("Cancelled; the hours are back in the balance and the person has been "
                                            "told."))
            else:
                raise DomainError(_("Unknown operation."), field="op")
        except DomainError as exc:
            messages.error(request, error_text(exc))
        return redirect("rostering:leave-decide", pk=a.pk)
    impact = leave.assess(a, viewer=request.user)
    return render(request, "rostering/leave_decide.html", {
        "a": a, "impact": impact, "can_decide": can_decide_leave(request.user, a.person),
        "can_cancel": a.is_live and (can_decide_leave(request.user, a.person)
                                     or can_manage_absence(request.user, a.person)),
        "requested": a.status == AbstractionStatus.REQUESTED})


# --- API: /api/leave ------------------------------------------------------------------------------------------------

router = Router(tags=["leave"])


class LeaveRequestIn(Schema):
    person_id: RecordId | None = Field(None, description="Whom the leave is for; empty: the signed-in person.")
    type: str = Field(description="Abstraction type code: annual-leave, toil, rdil…")
    start_date: PlanDay
    end_date: PlanDay | None = Field(None, description="Empty: the same day.")
    start_time: dt.time | None = Field(None, description="Part day: from this local time on the first day.")
    end_time: dt.time | None = Field(None, description="Part day: until this local time on the last day.")
    note: str = ""


class LeaveOut(Schema):
    id: int
    person_id: int
    type: str
    start_date: dt.date
    end_date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    hours: Decimal | None
    status: str
    auto_approved: bool
    decision_reason: str
    version: int


class BandOut(Schema):
    unit: str
    day: dt.date
    start: dt.datetime
    end: dt.datetime
    requirement: str
    minimum: int
    target: int
    planned_now: int
    planned_then: int
    shortfall_then: int
    breach: bool


class OffOut(Schema):
    person_id: int
    name: str
    what: str
    period: str
    status: str


class ImpactOut(Schema):
    request: LeaveOut
    hours: Decimal
    hours_source: str
    breaches: int
    bands: list[BandOut]
    others_off: list[OffOut]
    conflicting: list[OffOut]
    quotas: list[dict]
    balance_remaining: Decimal | None
    balance_problems: list[str]
    auto_approvable: bool
    auto_reasons: list[str]


class SubmitOut(Schema):
    request: LeaveOut
    auto_reasons: list[str]


class DecisionIn(Schema):
    approve: bool
    reason: str = ""
    version: Version | None = None


class LeaveCancelIn(Schema):
    reason: str = ""
    version: Version | None = None


def _out(a: Abstraction) -> dict:
    return {"id": a.pk, "person_id": a.person_id, "type": a.type.code, "start_date": a.start_date,
            "end_date": a.end_date, "start_time": a.start_time, "end_time": a.end_time, "hours": a.hours,
            "status": a.status, "auto_approved": a.auto_approved, "decision_reason": a.decision_reason,
            "version": a.version}


def _offs(rows) -> list[dict]:
    return [{"person_id": o.person.pk, "name": o.person.full_name, "what": o.label, "period": o.period,
             "status": o.status} for o in rows]


@router.post("/requests", response={201: SubmitOut}, summary="Request leave (auto-approved when the unit allows)")
def api_submit(request, payload: LeaveRequestIn):
    if payload.person_id is None:
        person = _me(request)
    else:
        person = get_object_or_404(Person, pk=payload.person_id)
    type_ = AbstractionType.objects.filter(code=payload.type).first()
    if type_ is None:
        allowed = ", ".join(t.code for t in _request_types())
        raise DomainError(_("'%(v)s' is not a leave type; allowed: %(allowed)s.") % {"v": payload.type,
                                                                                      "allowed": allowed},
                          field="type")
    period = clean_period(payload.start_date, payload.end_date, payload.start_time, payload.end_time)
    result, impact = leave.submit(person, type_, period, note=payload.note, acting_user=request.user)
    return 201, {"request": _out(result), "auto_reasons": impact.auto_reasons if impact else []}


@router.get("/requests", response=list[LeaveOut], summary="Requests waiting for a decision in a unit")
def api_pending(request, unit: str):
    found = get_object_or_404(Unit, code=unit)
    require_read_unit(request.user, found)
    return [_out(a) for a in leave.pending_for([found]) if not is_self(request.user, a.person)]


@router.get("/requests/{request_id}", response=ImpactOut, summary="A request with its staffing impact")
def api_impact(request, request_id: RecordId):
    a = _decidable(request, request_id)
    impact = leave.assess(a, viewer=request.user)
    bands = [{"unit": u.unit.code, "day": b.day, "start": b.start, "end": b.end, "requirement": b.label,
              "minimum": b.minimum, "target": b.target, "planned_now": b.planned_now, "planned_then": b.planned_then,
              "shortfall_then": b.shortfall_then, "breach": b.breach} for u in impact.units for b in u.bands]
    balance = impact.balance
    return {"request": _out(a), "hours": impact.hours, "hours_source": impact.hours_source,
            "breaches": len(impact.breaches), "bands": bands, "others_off": _offs(impact.others_off),
            "conflicting": _offs(impact.conflicting),
            "quotas": [{"quota": str(q.quota), "scope": q.scope, "worst_day": q.worst_day.isoformat(), "off": q.off,
                        "max_off": q.quota.max_off, "breach": q.breach} for q in impact.quotas],
            "balance_remaining": balance.remaining if balance else None,
            "balance_problems": impact.balance_problems, "auto_approvable": impact.can_auto_approve,
            "auto_reasons": impact.auto_reasons}


@router.post("/requests/{request_id}/decision", response=LeaveOut, summary="Approve or refuse, with a reason")
def api_decide(request, request_id: RecordId, payload: DecisionIn):
    a = _decidable(request, request_id)
    return _out(leave.decide(a, approve=payload.approve, reason=payload.reason, acting_user=request.user,
                             expected_version=payload.version))


@router.post("/requests/{request_id}/cancel", response=LeaveOut, summary="Withdraw a request or cancel leave")
def api_cancel(request, request_id: RecordId, payload: LeaveCancelIn):
    a = get_object_or_404(Abstraction.objects.select_related("type", "person"), pk=request_id)
    if not (is_self(request.user, a.person) or manages_person(request.user, a.person)):
        raise PermissionDenied(_("You may cancel your own leave, or that of people in units you plan or manage."))
    return _out(leave.cancel(a, acting_user=request.user, reason=payload.reason, expected_version=payload.version))

