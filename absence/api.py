"""/api/absence: abstraction types, a person's or a unit's abstractions, recording (one person or a group),
balances and ledgers, sickness (health data), court, the forecast and the reports.

Thin: writes call absence.actions (permissions, validation naming the field, audit). Leave requests and their
decisions live at /api/leave (rostering.views.leave), because deciding needs the staffing check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from common.errors import DomainError
from common.schema_types import PlanDay, RecordId, Version, decimal_column
from org.models import Unit
from org.permissions import require_read_unit
from people.models import Person

from . import actions
from .choices import Ledger
from .forecast import unit_forecast
from .ledgers import balances, statement
from .models import Abstraction, AbstractionType
from .periods import clean_period
from .permissions import can_see_health_data, require_health_data, require_read_absences, sees_health_data_in
from .reports import absence_by_category, leave_against_entitlement, sickness_rates
from .sickness import summarise

router = Router(tags=["absence"])
MAX_DAYS = 400


def _person(person_id: int) -> Person:
    return get_object_or_404(Person.objects.select_related("home_unit", "staff_group", "rank"), pk=person_id)


def _unit(code: str, user) -> Unit:
    unit = get_object_or_404(Unit, code=code)
    require_read_unit(user, unit)
    return unit


def _type(code: str) -> AbstractionType:
    found = AbstractionType.objects.filter(code=code).first()
    if found is None:
        allowed = ", ".join(AbstractionType.objects.values_list("code", flat=True))
        raise DomainError(_("'%(v)s' is not an abstraction type; allowed: %(allowed)s.") % {"v": code,
                                                                                             "allowed": allowed},
                          field="type")
    return found


def _range(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    start = start or today
    end = end or start + dt.timedelta(days=27)
    if end < start:
        raise DomainError(_("The last day must be on or after the first day."), field="end")
    if (end - start).days + 1 > MAX_DAYS:
        raise DomainError(_("At most %(n)s days at a time.") % {"n": MAX_DAYS}, field="end")
    return start, end


# --- types ------------------------------------------------------------------------------------------------------------

class TypeOut(Schema):
    code: str
    name: str
    category: str
    removes_from_roster: bool
    counts_as_working_time: bool
    excluded_from_wtr_average: bool
    paid: bool
    needs_approval: bool
    health_data: bool
    self_service: bool = Field(description="Staff may request it themselves.")
    roster_risk: bool
    ledger: str = Field(description="The balance approving it draws on; empty: none.")


@router.get("/types", response=list[TypeOut], summary="Abstraction types (reference data)")
def list_types(request):
    return [{**{f: getattr(t, f) for f in ("code", "name", "category", "removes_from_roster",
                                           "counts_as_working_time", "excluded_from_wtr_average", "paid",
                                           "needs_approval", "health_data", "roster_risk")},
             "self_service": t.staff_may_request, "ledger": t.ledger_kind} for t in AbstractionType.objects.all()]


# --- abstractions ---------------------------------------------------------------------------------------------------

class AbstractionOut(Schema):
    id: int
    person_id: int
    payroll_number: str
    type: str = Field(description="Type code; 'unavailable' when it is health data the caller may not see.")
    start_date: dt.date
    end_date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    hours: Decimal | None
    status: str
    reference: str
    note: str
    version: int


def _abstraction_out(a: Abstraction, user) -> dict:
    hidden = a.type.health_data and not can_see_health_data(user, a.person)
    return {"id": a.pk, "person_id": a.person_id, "payroll_number": a.person.payroll_number,
            "type": "unavailable" if hidden else a.type.code, "start_date": a.start_date, "end_date": a.end_date,
            "start_time": a.start_time, "end_time": a.end_time, "hours": a.hours, "status": a.status,
            "reference": "" if hidden else a.reference, "note": "" if hidden else a.note, "version": a.version}


class AbstractionIn(Schema):
    type: str
    start_date: PlanDay
    end_date: PlanDay | None = None
    start_time: dt.time | None = Field(None, description="Part day: from this local time on the first day.")
    end_time: dt.time | None = Field(None, description="Part day: until this local time on the last day.")
    hours: decimal_column(7, 2) | None = Field(None, description="Planned hours it takes; empty: from the contract.")
    reference: str = ""
    note: str = ""
    reason: str = ""


class GroupIn(Schema):
    people: list[RecordId] = Field(description="Person ids.")
    unit: str | None = Field(None, description="The unit the group belongs to (its code), for the audit trail.")
    label: str
    type: str
    start_date: PlanDay
    end_date: PlanDay | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    reference: str = ""
    note: str = ""
    reason: str = ""


class GroupOut(Schema):
    batch_id: int
    label: str
    abstractions: list[int]


class AbstractionCancelIn(Schema):
    reason: str
    version: Version | None = None


@router.get("/people/{person_id}/abstractions", response=list[AbstractionOut], summary="A person's abstractions")
def person_abstractions(request, person_id: RecordId, start: PlanDay | None = None, end: PlanDay | None = None):
    person = _person(person_id)
    require_read_absences(request.user, person)
    rows = Abstraction.objects.filter(person=person).select_related("type", "person__home_unit")
    if start:
        rows = rows.filter(end_date__gte=start)
    if end:
        rows = rows.filter(start_date__lte=end)
    return [_abstraction_out(a, request.user) for a in rows.order_by("start_date")[:1000]]


@router.post("/people/{person_id}/abstractions", response={201: AbstractionOut},
             summary="Record an abstraction (whole or part days)")
def record_abstraction(request, person_id: RecordId, payload: AbstractionIn):
    person = _person(person_id)
    period = clean_period(payload.start_date, payload.end_date, payload.start_time, payload.end_time)
    a = actions.do_record_abstraction(person, _type(payload.type), period, hours=payload.hours,
                                      reference=payload.reference, note=payload.note, acting_user=request.user,
                                      reason=payload.reason or None)
    return 201, _abstraction_out(a, request.user)


@router.post("/groups", response={201: GroupOut}, summary="Record one abstraction for a group, all or nothing")
def record_group(request, payload: GroupIn):
    people = list(Person.objects.filter(pk__in=payload.people).select_related("home_unit"))
    missing = set(payload.people) - {p.pk for p in people}
    if missing:
        raise DomainError(_("No such people: %(ids)s.") % {"ids": ", ".join(map(str, sorted(missing)))},
                          field="people")
    unit = get_object_or_404(Unit, code=payload.unit) if payload.unit else None
    period = clean_period(payload.start_date, payload.end_date, payload.start_time, payload.end_time)
    batch = actions.do_record_group_abstractions(people, _type(payload.type), period, label=payload.label, unit=unit,
                                                 reference=payload.reference, note=payload.note,
                                                 acting_user=request.user, reason=payload.reason or None)
    return 201, {"batch_id": batch.pk, "label": batch.label,
                 "abstractions": list(batch.abstractions.values_list("id", flat=True))}


@router.post("/abstractions/{abstraction_id}/cancel", response=AbstractionOut,
             summary="Cancel a recorded abstraction (balances credited back)")
def cancel_abstraction(request, abstraction_id: RecordId, payload: AbstractionCancelIn):
    a = get_object_or_404(Abstraction.objects.select_related("type", "person__home_unit"), pk=abstraction_id)
    done = actions.do_cancel_abstraction(a, acting_user=request.user, reason=payload.reason,
                                         expected_version=payload.version)
    return _abstraction_out(done, request.user)


@router.get("/units/{code}/abstractions", response=list[AbstractionOut],
            summary="Abstractions of a unit's people over a period")
def unit_abstractions(request, code: str, start: PlanDay | None = None, end: PlanDay | None = None):
    unit = _unit(code, request.user)
    start, end = _range(start, end)
    rows = (Abstraction.objects.filter(person__home_unit__path__startswith=unit.path, start_date__lte=end,
                                       end_date__gte=start)
            .select_related("type", "person__home_unit").order_by("start_date", "person_id"))
    return [_abstraction_out(a, request.user) for a in rows[:5000]]


# --- balances and ledgers ---------------------------------------------------------------------------------------

class BalanceOut(Schema):
    ledger: str
    unit: str = Field(description="h, or days for RDiL.")
    year_start: dt.date | None
    year_end: dt.date | None
    entitled: Decimal
    taken: Decimal
    remaining: Decimal = Field(description="The sum of the ledger's rows (plus the entitlement of a year not yet "
                                           "opened, when `projected`).")
    pending: Decimal
    booked: Decimal
    projected: bool


class EntryOut(Schema):
    id: int
    ledger: str
    kind: str
    amount: Decimal
    year_start: dt.date | None
    effective_date: dt.date
    expires_on: dt.date | None
    abstraction_id: int | None
    rule: str
    reason: str
    running: Decimal


class LedgerMovementIn(Schema):
    op: str = Field(description="earn (TOIL/RDiL), adjust, open, recalculate or close.")
    ledger: str = Ledger.ANNUAL_LEAVE
    amount: decimal_column(8, 2) | None = None
    date: PlanDay | None = Field(None, description="earn: when earned; adjust/open: the day (default today); "
                                                   "close: the first day of the leave year.")
    expires_on: PlanDay | None = None
    reason: str = ""


@router.get("/people/{person_id}/balances", response=list[BalanceOut], summary="A person's balances")
def person_balances(request, person_id: RecordId, on: PlanDay | None = None):
    person = _person(person_id)
    require_read_absences(request.user, person)
    return [b.__dict__ for b in balances(person, on or timezone.localdate())]


@router.get("/people/{person_id}/ledger", response=list[EntryOut], summary="Every movement of one ledger")
def person_ledger(request, person_id: RecordId, ledger: str = Ledger.ANNUAL_LEAVE, on: PlanDay | None = None):
    person = _person(person_id)
    require_read_absences(request.user, person)
    if ledger not in Ledger.values:
        raise DomainError(_("'%(v)s' is not a ledger; allowed: %(allowed)s.")
                          % {"v": ledger, "allowed": ", ".join(Ledger.values)}, field="ledger")
    shown = next(b for b in balances(person, on or timezone.localdate()) if b.ledger == ledger)
    return [{"id": r.entry.pk, "ledger": r.entry.ledger, "kind": r.entry.kind, "amount": r.entry.amount,
             "year_start": r.entry.year_start, "effective_date": r.entry.effective_date,
             "expires_on": r.entry.expires_on, "abstraction_id": r.entry.abstraction_id, "rule": r.entry.rule,
             "reason": r.entry.reason, "running": r.running}
            for r in statement(person, ledger, shown.year_start)]


@router.post("/people/{person_id}/ledger", response={201: list[EntryOut]}, summary="Move a balance, with a reason")
def move_balance(request, person_id: RecordId, payload: LedgerMovementIn):
    person = _person(person_id)
    user = request.user
    today = timezone.localdate()
    if payload.op == "earn":
        if payload.date is None or payload.amount is None:
            raise DomainError(_("Give the amount and the date it was earned."), field="date")
        rows = [actions.do_credit_time_off(person, ledger=payload.ledger, amount=payload.amount,
                                           earned_on=payload.date, expires_on=payload.expires_on, acting_user=user,
                                           reason=payload.reason)]
    elif payload.op == "adjust":
        if payload.amount is None:
            raise DomainError(_("Give the amount."), field="amount")
        rows = [actions.do_adjust_balance(person, ledger=payload.ledger, amount=payload.amount,
                                          day=payload.date or today, acting_user=user, reason=payload.reason)]
    elif payload.op in ("open", "recalculate"):
        rows = actions.do_open_leave_year(person, day=payload.date or today, acting_user=user,
                                          recalculate=payload.op == "recalculate", reason=payload.reason or None)
    elif payload.op == "close":
        if payload.date is None:
            raise DomainError(_("Give the first day of the leave year to close."), field="date")
        rows = actions.do_close_leave_year(person, year_start=payload.date, acting_user=user,
                                           reason=payload.reason or None)
    else:
        raise DomainError(_("op: one of earn, adjust, open, recalculate, close."), field="op")
    return 201, [{"id": e.pk, "ledger": e.ledger, "kind": e.kind, "amount": e.amount, "year_start": e.year_start,
                  "effective_date": e.effective_date, "expires_on": e.expires_on,
                  "abstraction_id": e.abstraction_id, "rule": e.rule, "reason": e.reason, "running": Decimal(0)}
                 for e in rows]


# --- sickness (health data) -----------------------------------------------------------------------------------------

class SickIn(Schema):
    first_day: PlanDay
    expected_last_day: PlanDay | None = None
    from_time: dt.time | None = Field(None, description="Went home sick at this time on the first day.")
    reason_code: str = Field("", description="ESR sickness reason (ABS-2).")
    note: str = ""


class ReturnIn(Schema):
    returned_on: PlanDay
    interview_on: PlanDay | None = None
    notes: str = ""
    version: Version | None = None


class SpellOut(Schema):
    start: dt.date
    end: dt.date
    days: int
    long_term: bool
    ongoing: bool


class SicknessOut(Schema):
    person_id: int
    bradford_factor: int = Field(description="S² × D over the 52 weeks to `on` (ABS-1).")
    spells: int
    days: int
    off_sick: bool
    long_term: bool = Field(description="Off sick now in a spell of more than 28 days (ABS-2).")
    recent_spells: list[SpellOut]


@router.get("/people/{person_id}/sickness", response=SicknessOut, summary="Episodes and Bradford factor")
def person_sickness(request, person_id: RecordId, on: PlanDay | None = None):
    person = _person(person_id)
    require_health_data(request.user, person)
    s = summarise([person.pk], on=on or timezone.localdate())[person.pk]
    return {"person_id": person.pk, "bradford_factor": s.bradford.score, "spells": s.bradford.spells,
            "days": s.bradford.days, "off_sick": s.current is not None, "long_term": s.long_term,
            "recent_spells": [{"start": sp.start, "end": sp.end, "days": sp.days, "long_term": sp.long_term,
                               "ongoing": sp.ongoing} for sp in s.spells]}


@router.post("/people/{person_id}/sickness", response={201: AbstractionOut}, summary="Report sick")
def report_sick(request, person_id: RecordId, payload: SickIn):
    person = _person(person_id)
    require_health_data(request.user, person)
    a = actions.do_report_sick(person, first_day=payload.first_day, expected_last_day=payload.expected_last_day,
                               from_time=payload.from_time, reason_code=payload.reason_code, note=payload.note,
                               acting_user=request.user)
    return 201, _abstraction_out(a, request.user)


@router.post("/abstractions/{abstraction_id}/return-to-work", response=AbstractionOut,
             summary="Record the return to work that ends a sickness episode")
def return_to_work(request, abstraction_id: RecordId, payload: ReturnIn):
    a = get_object_or_404(Abstraction.objects.select_related("type", "person__home_unit"), pk=abstraction_id)
    require_health_data(request.user, a.person)
    done = actions.do_record_return_to_work(a, returned_on=payload.returned_on, interview_on=payload.interview_on,
                                            notes=payload.notes, acting_user=request.user,
                                            expected_version=payload.version)
    return _abstraction_out(done, request.user)


# --- court ----------------------------------------------------------------------------------------------------------

class CourtWarningIn(Schema):
    start_date: PlanDay
    end_date: PlanDay | None = None
    reference: str = Field(description="Case and court.")
    note: str = ""


@router.post("/people/{person_id}/court-warnings", response={201: AbstractionOut},
             summary="Record a court warning (a roster risk)")
def court_warning(request, person_id: RecordId, payload: CourtWarningIn):
    person = _person(person_id)
    a = actions.do_record_court_warning(person, clean_period(payload.start_date, payload.end_date),
                                        reference=payload.reference, note=payload.note, acting_user=request.user)
    return 201, _abstraction_out(a, request.user)


# --- forecast and reports -----------------------------------------------------------------------------------------

class WeekOut(Schema):
    week: dt.date
    forecast: float = Field(description="People off per day, averaged over the week.")
    booked: float
    share_percent: float
    above_headroom: bool


class TypeWeeksOut(Schema):
    type: str
    history: list[float]
    booked: list[float]
    forecast: list[float]


class AbsenceForecastOut(Schema):
    unit: str
    headcount: int
    headroom: float
    weeks: list[WeekOut]
    types: list[TypeWeeksOut]
    sickness_included: bool


@router.get("/units/{code}/forecast", response=AbsenceForecastOut,
            summary="Abstractions forecast for the next 12 weeks")
def forecast(request, code: str):
    unit = _unit(code, request.user)
    f = unit_forecast(unit, today=timezone.localdate(), include_health=sees_health_data_in(request.user, unit))
    weeks = [{"week": w, "forecast": v, "booked": b, "share_percent": s, "above_headroom": x}
             for w, v, b, s, x in zip(f.weeks_ahead, f.forecast_total, f.booked_total, f.share, f.flagged,
                                      strict=True)]
    return {"unit": unit.code, "headcount": f.headcount, "headroom": f.headroom, "weeks": weeks,
            "types": [{"type": t.type.code, "history": t.history, "booked": t.booked, "forecast": t.forecast}
                      for t in f.types], "sickness_included": not f.health_hidden}


class CategoryOut(Schema):
    category: str
    people: int
    days: int
    hours: Decimal
    fte: Decimal


class LeaveRowOut(Schema):
    person_id: int
    payroll_number: str
    entitled: Decimal
    taken: Decimal
    booked: Decimal
    pending: Decimal
    remaining: Decimal
    used_percent: float


class ReportOut(Schema):
    unit: str
    start: dt.date
    end: dt.date
    categories: list[CategoryOut]
    leave: list[LeaveRowOut]
    year_elapsed_percent: float
    leave_spread: list[tuple[dt.date, float]] = Field(description="ROS-2: week, annual leave % of contracted hours.")
    sickness: list[dict] | None = Field(description="ABS-2 rates per unit; null without the right to health data.")


@router.get("/units/{code}/reports", response=ReportOut, summary="Absence by category, leave vs entitlement, "
                                                                    "sickness rates")
def reports(request, code: str, start: PlanDay | None = None, end: PlanDay | None = None):
    unit = _unit(code, request.user)
    today = timezone.localdate()
    start = start or today - dt.timedelta(days=90)
    end = end or today
    if end < start or (end - start).days > 731:
        raise DomainError(_("Give a period of up to two years, end after start."), field="end")
    health = sees_health_data_in(request.user, unit)
    categories = absence_by_category(unit, start, end, include_health=health)
    leave = leave_against_entitlement(unit, min(end, today))
    sickness = None
    if health:
        sickness = [{"unit": s.unit.code, "fte_days_available": float(s.fte_days_available),
                     "fte_days_lost": float(s.fte_days_lost), "rate_percent": s.rate,
                     "long_term_share_percent": s.long_term_share, "episodes": s.episodes}
                    for s in sickness_rates(unit, start, end)]
    return {"unit": unit.code, "start": start, "end": end,
            "categories": [{"category": r.category, "people": r.people, "days": r.days, "hours": r.hours,
                            "fte": r.fte} for r in categories.rows],
            "leave": [{"person_id": r.person.pk, "payroll_number": r.person.payroll_number, "entitled": r.entitled,
                       "taken": r.taken, "booked": r.booked, "pending": r.pending, "remaining": r.remaining,
                       "used_percent": r.used_percent} for r in leave.rows],
            "year_elapsed_percent": leave.year_elapsed_percent, "leave_spread": leave.spread, "sickness": sickness}
