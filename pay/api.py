"""/api/pay: rate tables, a person's hourly rate, a unit's overtime and budget, fair allocation, and writes
(record, authorise, mark worked, cancel overtime; set a budget; willingness). Thin: writes call pay.actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema

from common.errors import DomainError
from common.schema_types import (
    EARLIEST_DAY,
    LATEST_DAY,
    Money,
    PlanDay,
    PlanMoment,
    RecordId,
    Version,
    within_plan_days,
)
from org.models import Unit
from people.models import Person

from . import actions, changes
from .allocation import allocate
from .budgets import budget_status
from .costing import hourly_rate
from .models import OvertimeRecord, PayRate
from .permissions import (
    require_plan_overtime,
    require_read_overtime,
    require_read_person_overtime,
    require_read_rates,
)

router = Router(tags=["pay"])


class RateOut(Schema):
    scheme: str
    rank_code: str
    point: str
    annual_salary: Decimal
    hourly_rate: Decimal
    effective_from: dt.date
    source: str


@router.get("/rates", response=list[RateOut], summary="Rate tables: every pay point with its annual and hourly pay")
def list_rates(request):
    require_read_rates(request.user)
    return [{"scheme": r.scheme, "rank_code": r.rank_code, "point": r.point, "annual_salary": r.annual_salary,
             "hourly_rate": r.hourly_rate, "effective_from": r.effective_from, "source": r.source}
            for r in PayRate.objects.all()]


class PersonRateOut(Schema):
    person_id: int
    on: dt.date
    hourly_rate: Decimal


@router.get("/people/{person_id}/rate", response=PersonRateOut, summary="A person's basic hourly rate on a day")
def person_rate(request, person_id: RecordId, on: PlanDay | None = None):
    person = get_object_or_404(Person.objects.select_related("rank", "home_unit"), pk=person_id)
    require_read_person_overtime(request.user, person)
    on = on or timezone.localdate()
    return {"person_id": person.pk, "on": on, "hourly_rate": hourly_rate(person, on)}


class BudgetOut(Schema):
    unit: str = Field(description="Code of the unit asked about.")
    budget_unit: str | None = Field(description="Code of the unit whose budget applies (itself or an ancestor).")
    start: dt.date | None
    end: dt.date | None
    budget: Decimal | None
    committed: Decimal
    spent: Decimal
    remaining: Decimal | None
    version: int | None


def _budget_out(unit: Unit, on: dt.date) -> dict:
    status = budget_status(unit, on)
    return {"unit": unit.code, "budget_unit": status.row.unit.code if status.row else None, "start": status.start,
            "end": status.end, "budget": status.budget, "committed": status.committed, "spent": status.spent,
            "remaining": status.remaining, "version": status.row.version if status.row else None}


def _unit(code: str) -> Unit:
    return get_object_or_404(Unit, code=code)


@router.get("/units/{code}/budget", response=BudgetOut, summary="A unit's overtime budget: committed, spent, "
            "remaining")
def get_budget(request, code: str, on: PlanDay | None = None):
    unit = _unit(code)
    require_read_overtime(request.user, unit)
    return _budget_out(unit, on or timezone.localdate())


class BudgetIn(Schema):
    start_date: PlanDay
    end_date: PlanDay
    amount: Money
    reason: str
    note: str = ""
    version: Version | None = None


@router.post("/units/{code}/budget", response=BudgetOut, summary="Set a unit's overtime budget for a period")
def set_budget(request, code: str, payload: BudgetIn):
    unit = _unit(code)
    actions.do_set_overtime_budget(unit, start_date=payload.start_date, end_date=payload.end_date,
                                   amount=payload.amount, acting_user=request.user, reason=payload.reason,
                                   note=payload.note, expected_version=payload.version)
    return _budget_out(unit, payload.start_date)


class OvertimeOut(Schema):
    id: int
    person_id: int
    payroll_number: str
    unit: str
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    hours: Decimal
    kind: str
    reason: str
    status: str
    cost: Decimal
    cost_detail: str
    time_off_owed: list
    authorised_by: str | None
    over_budget: bool
    override_reason: str
    version: int


def _out(r: OvertimeRecord) -> dict:
    return {"id": r.pk, "person_id": r.person_id, "payroll_number": r.person.payroll_number, "unit": r.unit.code,
            "date": r.date, "start": r.start, "end": r.end, "hours": r.hours, "kind": r.kind, "reason": r.reason,
            "status": r.status, "cost": r.cost, "cost_detail": r.cost_detail, "time_off_owed": r.time_off_owed,
            "authorised_by": r.authorised_by.username if r.authorised_by_id else None, "over_budget": r.over_budget,
            "override_reason": r.override_reason, "version": r.version}


_RELATED = ("person", "unit", "authorised_by")


@router.get("/units/{code}/overtime", response=list[OvertimeOut], summary="A unit's overtime records (sub-tree)")
def unit_overtime(request, code: str, status: str | None = None, start: PlanDay | None = None,
                  end: PlanDay | None = None):
    unit = _unit(code)
    require_read_overtime(request.user, unit)
    rows = OvertimeRecord.objects.filter(unit__path__startswith=unit.path).select_related(*_RELATED)
    if status:
        rows = rows.filter(status=status)
    if start:
        rows = rows.filter(date__gte=start)
    if end:
        rows = rows.filter(date__lte=end)
    return [_out(r) for r in rows[:2000]]


class OvertimeIn(Schema):
    person_id: RecordId
    start: PlanMoment
    end: PlanMoment
    kind: str = Field(description="overtime | rest_day_working | recall | extension")
    reason: str
    authorise: bool = Field(False, description="Authorise at once (the caller is the authoriser).")
    override_budget: bool = False
    override_reason: str = ""
    notified_at: PlanMoment | None = None


@router.post("/units/{code}/overtime", response={201: OvertimeOut}, summary="Record overtime for a person, costed")
def record_overtime(request, code: str, payload: OvertimeIn):
    unit = _unit(code)
    require_plan_overtime(request.user, unit)
    person = get_object_or_404(Person, pk=payload.person_id, home_unit__path__startswith=unit.path)
    row = actions.do_record_overtime(
        person, start=payload.start, end=payload.end, kind=payload.kind, reason=payload.reason,
        acting_user=request.user, authorised_by=request.user if payload.authorise else None, unit=unit,
        override_budget=payload.override_budget, override_reason=payload.override_reason,
        notified_at=payload.notified_at)
    return 201, _out(row)


def _record(request, record_id: int) -> OvertimeRecord:
    row = get_object_or_404(OvertimeRecord.objects.select_related(*_RELATED), pk=record_id)
    require_plan_overtime(request.user, row.unit)
    return row


class AuthoriseIn(Schema):
    version: Version | None = None
    override_budget: bool = False
    override_reason: str = ""
    reason: str = ""


@router.post("/overtime/{record_id}/authorise", response=OvertimeOut, summary="Authorise requested overtime "
             "(budget checked; exceeding it needs override_budget and a reason)")
def authorise(request, record_id: RecordId, payload: AuthoriseIn):
    row = actions.do_authorise_overtime(_record(request, record_id), acting_user=request.user,
                                        expected_version=payload.version, override_budget=payload.override_budget,
                                        override_reason=payload.override_reason, reason=payload.reason)
    return _out(row)


class WorkedIn(Schema):
    version: Version | None = None
    start: PlanMoment | None = None
    end: PlanMoment | None = None
    reason: str = ""


@router.post("/overtime/{record_id}/worked", response=OvertimeOut, summary="Mark authorised overtime worked")
def worked(request, record_id: RecordId, payload: WorkedIn):
    row = actions.do_mark_overtime_worked(_record(request, record_id), acting_user=request.user,
                                          expected_version=payload.version, start=payload.start, end=payload.end,
                                          reason=payload.reason)
    return _out(row)


class CancelIn(Schema):
    version: Version | None = None
    reason: str


@router.post("/overtime/{record_id}/cancel", response=OvertimeOut, summary="Cancel requested or authorised overtime")
def cancel(request, record_id: RecordId, payload: CancelIn):
    row = actions.do_cancel_overtime(_record(request, record_id), acting_user=request.user,
                                     expected_version=payload.version, reason=payload.reason)
    return _out(row)


class CandidateOut(Schema):
    person_id: int
    name: str
    rank: str
    unit: str
    hours_last_12_weeks: Decimal
    on_rest_day: bool
    explanation: str


class AllocationOut(Schema):
    candidates: list[CandidateOut]
    not_able: list[dict]


@router.get("/units/{code}/fair-candidates", response=AllocationOut, summary="Who to offer overtime first: "
            "willing and free, least overtime in the last 12 weeks first")
def fair_candidates(request, code: str, start: PlanMoment, end: PlanMoment):
    unit = _unit(code)
    require_read_overtime(request.user, unit)
    if start.tzinfo is None or end.tzinfo is None or end <= start:
        raise DomainError("Give start and end with a time zone, the end after the start.", field="end")
    if not (within_plan_days(start) and within_plan_days(end)):
        raise DomainError(f"Give times from {EARLIEST_DAY.year} to {LATEST_DAY.year}.", field="start")
    result = allocate(unit, start, end)
    return {"candidates": [{"person_id": c.person.pk, "name": c.person.full_name, "rank": c.person.rank.name,
                            "unit": c.person.home_unit.code if c.person.home_unit_id else "",
                            "hours_last_12_weeks": c.hours, "on_rest_day": c.on_rest_day,
                            "explanation": c.explanation} for c in result.candidates],
            "not_able": [{"person_id": p.pk, "name": p.full_name, "why": why} for p, why in result.not_able]}


@router.get("/people/{person_id}/overtime", response=list[OvertimeOut], summary="A person's overtime records")
def person_overtime(request, person_id: RecordId):
    person = get_object_or_404(Person.objects.select_related("home_unit"), pk=person_id)
    require_read_person_overtime(request.user, person)
    return [_out(r) for r in OvertimeRecord.objects.filter(person=person).select_related(*_RELATED)[:2000]]


class WillingnessIn(Schema):
    willing: bool
    max_hours_per_month: int | None = None
    note: str = ""


class WillingnessOut(Schema):
    person_id: int
    willing: bool
    max_hours_per_month: int | None
    note: str


@router.put("/people/{person_id}/willingness", response=WillingnessOut, summary="Whether a person is willing to "
            "work overtime (themself or a planner of their unit)")
def set_willingness(request, person_id: RecordId, payload: WillingnessIn):
    person = get_object_or_404(Person.objects.select_related("home_unit"), pk=person_id)
    row = actions.do_set_overtime_willingness(person, willing=payload.willing, acting_user=request.user,
                                              max_hours_per_month=payload.max_hours_per_month, note=payload.note)
    return {"person_id": person.pk, "willing": row.willing, "max_hours_per_month": row.max_hours_per_month,
            "note": row.note}


# --- every duty change has a cost ---------------------------------------------------------------------------------


class ChangeCostOut(Schema):
    id: int
    person_id: int
    payroll_number: str
    unit: str
    date: dt.date
    changed_at: dt.datetime
    kind: str = Field(description="rest_day_worked | extra_duty | changed_shift | cancelled | rest_day_reinstated | "
                                  "other")
    old: dict | None
    new: dict | None
    clear_days: int
    rule: str
    compensation_class: str
    amount: Decimal | None = Field(description="Net cost of the change; negative is a saving; null: not costable.")
    detail: str
    time_off_owed: list
    problem: str


class ChangeTotalOut(Schema):
    key: str = Field(description="Payroll number (people) or unit code (units).")
    name: str
    changes: int
    uncosted: int
    amount: Money


class ChangeCostsOut(Schema):
    start: dt.date
    end: dt.date
    total: Decimal
    uncosted: int
    changes: list[ChangeCostOut]
    people: list[ChangeTotalOut]
    units: list[ChangeTotalOut]


def _changes_out(costs: changes.ChangeCosts) -> dict:
    rows = [{"id": r.change.pk, "person_id": r.change.person_id, "payroll_number": r.change.person.payroll_number,
             "unit": r.change.unit.code, "date": r.change.date, "changed_at": r.change.changed_at, "kind": r.kind,
             "old": r.change.old, "new": r.change.new, "clear_days": r.change.clear_days, "rule": r.change.rule,
             "compensation_class": r.change.compensation_class, "amount": r.amount, "detail": r.detail,
             "time_off_owed": r.time_off, "problem": r.problem} for r in costs.rows]
    people = [{"key": t.key.payroll_number, "name": t.key.full_name, "changes": t.changes, "uncosted": t.uncosted,
               "amount": t.amount} for t in costs.people]
    units = [{"key": t.key.code, "name": t.key.name, "changes": t.changes, "uncosted": t.uncosted,
              "amount": t.amount} for t in costs.units]
    return {"start": costs.start, "end": costs.end, "total": costs.total, "uncosted": costs.uncosted,
            "changes": rows, "people": people, "units": units}


@router.get("/units/{code}/changes", response=ChangeCostsOut, summary="Every change to a unit's published duties "
            "in a period (duty dates, default this month) with its cost, totals per person and unit")
def unit_change_costs(request, code: str, start: PlanDay | None = None, end: PlanDay | None = None):
    unit = _unit(code)
    require_read_overtime(request.user, unit)
    first, last = changes.period(start, end, today=timezone.localdate())
    return _changes_out(changes.costs_for_unit(unit, first, last))


@router.get("/people/{person_id}/changes", response=ChangeCostsOut, summary="A person's duty changes in a period "
            "with what each costs")
def person_change_costs(request, person_id: RecordId, start: PlanDay | None = None, end: PlanDay | None = None):
    person = get_object_or_404(Person.objects.select_related("home_unit"), pk=person_id)
    require_read_person_overtime(request.user, person)
    first, last = changes.period(start, end, today=timezone.localdate())
    return _changes_out(changes.costs_for_person(person, first, last))
