"""/api/demand: queues, call history, forecasts, adjustments, requirement per interval, roster comparison, shift
design and a one-interval Erlang calculator. Thin: every write calls demand.actions.

Shares are decimals (0.95 = 95 %). Times are ISO 8601 with their offset, local to Europe/London."""

from __future__ import annotations

import datetime as dt
import math

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile

from common.calendar import LONDON
from common.errors import DomainError
from common.schema_types import PlanDay, PlanMoment, RecordId, Version
from org.models import Unit
from org.permissions import has_any_role, is_administrator, readable_units

from . import actions, planning
from .access import readable_queues, require_read_queue
from .imports import MAX_BYTES
from .models import DemandInterval, Forecast, Queue, ShiftDesign
from .planning import erlang

router = Router(tags=["demand"])
MAX_HISTORY_DAYS = 92


# --- schemas ------------------------------------------------------------------------------------------------------

class QueueOut(Schema):
    id: int
    unit: int
    unit_name: str
    name: str
    skill: str | None = Field(description="Skill code an agent needs.")
    interval_minutes: int
    service_level: float = Field(description="Share answered within answer_within_seconds (0.95 = 95 %).")
    answer_within_seconds: int
    asa_seconds: int | None
    aht_seconds: int = Field(description="Handle time used where the history has none.")
    max_occupancy: float
    shrinkage_planned: float
    shrinkage_unplanned: float
    shrinkage: float = Field(description="Planned + unplanned (CC-2).")
    patience_seconds: int | None = Field(description="Set: Erlang A (callers abandon); empty: Erlang C.")
    max_abandon_rate: float | None
    model: str = Field(description="erlang_c or erlang_a")
    active: bool
    version: int = Field(description="Send it back with PATCH: a change by someone else in between is refused.")

    @staticmethod
    def resolve_unit(obj: Queue) -> int:
        return obj.unit_id

    @staticmethod
    def resolve_unit_name(obj: Queue) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_skill(obj: Queue) -> str | None:
        return obj.skill.code if obj.skill_id else None

    @staticmethod
    def resolve_model(obj: Queue) -> str:
        return "erlang_a" if obj.patience_seconds else "erlang_c"


class QueueIn(Schema):
    unit: RecordId
    name: str
    skill: str | None = None
    interval_minutes: int = 30
    service_level: float = 0.8
    answer_within_seconds: int = 20
    asa_seconds: int | None = None
    aht_seconds: int = 300
    max_occupancy: float = 0.85
    shrinkage_planned: float = 0.15
    shrinkage_unplanned: float = 0.10
    patience_seconds: int | None = None
    max_abandon_rate: float | None = None
    reason: str | None = None


class QueuePatch(Schema):
    name: str | None = None
    skill: str | None = None
    interval_minutes: int | None = None
    service_level: float | None = None
    answer_within_seconds: int | None = None
    asa_seconds: int | None = None
    aht_seconds: int | None = None
    max_occupancy: float | None = None
    shrinkage_planned: float | None = None
    shrinkage_unplanned: float | None = None
    patience_seconds: int | None = None
    max_abandon_rate: float | None = None
    active: bool | None = None
    version: Version | None = None
    reason: str | None = None


class ImportOut(Schema):
    rows: int
    intervals: int
    replaced: int
    first: str | None
    last: str | None


class IntervalOut(Schema):
    interval_start: dt.datetime
    minutes: int
    calls_offered: int
    calls_answered: int | None
    calls_abandoned: int | None
    aht_seconds: float | None


class ForecastSummary(Schema):
    id: int
    queue: int
    made_at: dt.datetime
    made_by: str | None
    interval_minutes: int
    first_day: dt.date
    last_day: dt.date
    horizon_days: int
    method: str
    note: str

    @staticmethod
    def resolve_queue(obj: Forecast) -> int:
        return obj.queue_id

    @staticmethod
    def resolve_made_by(obj: Forecast) -> str | None:
        return obj.made_by.username if obj.made_by_id else None


class ForecastIn(Schema):
    horizon_days: int = Field(28, description="1 to 84 days.")
    first_day: PlanDay | None = Field(None, description="Default: the day after the last day of history.")
    note: str = ""
    reason: str | None = None


class AdjustmentOut(Schema):
    day: dt.date
    percent: float
    reason: str
    made_by: str | None
    made_at: dt.datetime


class DayOut(Schema):
    date: dt.date
    forecast_calls: float
    adjusted_calls: float
    adjustment_percent: float | None


class ForecastIntervalOut(Schema):
    interval_start: dt.datetime
    forecast_calls: float
    adjusted_calls: float


class ForecastOut(Schema):
    id: int
    queue: int
    made_at: dt.datetime
    made_by: str | None
    interval_minutes: int
    first_day: dt.date
    last_day: dt.date
    horizon_days: int
    method: str
    note: str
    parameters: dict
    accuracy: dict = Field(description="Backtest of the weeks before: per week {first_day, model, naive} with "
                                       "MAPE and bias.")
    days: list[DayOut]
    adjustments: list[AdjustmentOut]
    intervals: list[ForecastIntervalOut]


class AdjustmentIn(Schema):
    day: PlanDay
    percent: float = Field(description="+10 raises the day by 10 %; 0 removes the adjustment.")
    reason: str


class AdjustmentResult(Schema):
    day: dt.date
    percent: float
    removed: bool


class RequirementRow(Schema):
    interval_start: dt.datetime
    forecast_calls: float
    calls: float = Field(description="After the planner's adjustment of the day.")
    aht_seconds: float
    traffic_erlangs: float
    agents: int | None = Field(description="Fewest meeting every target, before shrinkage; null: none can.")
    scheduled: int | None = Field(description="Agents grossed up for shrinkage (CC-2).")
    service_level: float | None
    asa_seconds: float | None
    occupancy: float | None
    abandon_rate: float | None


class ForecastRequirementOut(Schema):
    forecast: int
    model: str
    service_level: float
    answer_within_seconds: int
    max_occupancy: float
    shrinkage: float
    intervals: list[RequirementRow]


class RosteredIn(Schema):
    interval_start: PlanMoment
    people: float = Field(description="People on duty in the interval, net of abstractions.")


class RosterComparisonIn(Schema):
    rostered: list[RosteredIn]
    day: PlanDay | None = None
    days: int | None = Field(None, description="With day: this many days (default 1).")
    severe_fraction: float = Field(0.8, description="Severe when available agents < this share of required.")


class RosterComparisonRow(Schema):
    interval_start: dt.datetime
    calls: float
    required_agents: int
    required_on_duty: int
    rostered: float
    available_agents: float
    gap: float
    service_level: float
    asa_seconds: float | None
    severe: bool


class ShiftDesignIn(Schema):
    first_day: PlanDay | None = None
    days: int = 7
    shift_hours: list[float] = [8, 10, 12]
    start_times: list[str] | None = Field(None, description="HH:MM; default every hour.")
    break_minutes: int = 30
    break_from_hours: float = 6
    time_limit_s: float = 10
    max_shift_types: int | None = Field(None, description="At most this many shift types (start and length) in "
                                                          "the whole design, so it can seed a pattern.")
    reason: str | None = None


class ShiftDesignOut(Schema):
    id: int
    forecast: int
    made_at: dt.datetime
    first_day: dt.date
    days: int
    status: str
    paid_hours: float
    shortfall_agent_hours: float
    seconds: float
    parameters: dict
    result: dict

    @staticmethod
    def resolve_forecast(obj: ShiftDesign) -> int:
        return obj.forecast_id


class StaffingIn(Schema):
    calls: float
    aht_seconds: float
    interval_minutes: float = 30
    service_level: float | None = 0.8
    answer_within_seconds: float = 20
    asa_seconds: float | None = None
    max_occupancy: float | None = 0.85
    shrinkage: float = 0.0
    patience_seconds: float | None = None
    max_abandon: float | None = None


class StaffingOut(Schema):
    traffic_erlangs: float
    agents: int
    scheduled: int
    service_level: float
    asa_seconds: float
    occupancy: float
    model: str


# --- helpers --------------------------------------------------------------------------------------------------------

def _queue(request, queue_id: int) -> Queue:
    queue = get_object_or_404(Queue.objects.select_related("unit", "skill"), pk=queue_id)
    require_read_queue(request.user, queue)
    return queue


def _forecast(request, forecast_id: int) -> Forecast:
    forecast = get_object_or_404(Forecast.objects.select_related("queue__unit", "made_by"), pk=forecast_id)
    require_read_queue(request.user, forecast.queue)
    return forecast


def _finite(value: float) -> float | None:
    return None if value is None or math.isnan(value) or math.isinf(value) else value


def _adjustment_out(adjustment) -> dict:
    return {"day": adjustment.day, "percent": float(adjustment.percent), "reason": adjustment.reason,
            "made_by": adjustment.made_by.username if adjustment.made_by_id else None, "made_at": adjustment.made_at}


def forecast_days(forecast: Forecast, rows=None) -> list[dict]:
    """Per day: the method's total, the adjusted total and the adjustment."""
    rows = planning.adjusted_intervals(forecast) if rows is None else rows
    adjustments = {a.day: float(a.percent) for a in forecast.adjustments.all()}
    totals: dict[dt.date, list[float]] = {}
    for start, calls, adjusted in rows:
        day = totals.setdefault(start.date(), [0.0, 0.0])
        day[0] += calls
        day[1] += adjusted
    return [{"date": day, "forecast_calls": round(v[0], 1), "adjusted_calls": round(v[1], 1),
             "adjustment_percent": adjustments.get(day)} for day, v in sorted(totals.items())]


# --- queues ---------------------------------------------------------------------------------------------------------

@router.get("/queues", response=list[QueueOut], summary="Queues of the units you plan or manage")
def list_queues(request, unit: RecordId | None = None):
    if not is_administrator(request.user) and not readable_units(request.user).exists():
        raise PermissionDenied(_("Only planners, managers and administrators see demand."))
    queues = readable_queues(request.user)
    if unit is not None:
        root = get_object_or_404(Unit, pk=unit)
        queues = queues.filter(unit__path__startswith=root.path)
    return queues.order_by("unit__path", "name")


@router.post("/queues", response={201: QueueOut}, summary="A new queue at a contact centre unit")
def create_queue(request, payload: QueueIn):
    data = payload.model_dump()
    unit = Unit.objects.filter(pk=data.pop("unit")).first()
    if unit is None:
        raise DomainError(_("There is no unit with id %(id)s.") % {"id": payload.unit}, field="unit")
    reason = data.pop("reason")
    queue = actions.do_create_queue(unit=unit, acting_user=request.user, reason=reason, **data)
    return 201, queue


@router.get("/queues/{int:queue_id}", response=QueueOut)
def get_queue(request, queue_id: RecordId):
    return _queue(request, queue_id)


@router.patch("/queues/{int:queue_id}", response=QueueOut, summary="Change a queue's name or service targets")
def update_queue(request, queue_id: RecordId, payload: QueuePatch):
    queue = _queue(request, queue_id)
    changes = payload.model_dump(exclude_unset=True)
    version, reason = changes.pop("version", None), changes.pop("reason", None)
    return actions.do_update_queue(queue, version=version, reason=reason, acting_user=request.user, **changes)


@router.post("/queues/{int:queue_id}/history", response={200: ImportOut},
             summary="Import call history from CSV (all or nothing)")
def import_history(request, queue_id: RecordId, file: File[UploadedFile], reason: Form[str] = ""):
    """Multipart upload of `file`: columns interval_start, calls_offered (or calls), optionally calls_answered,
    calls_abandoned, aht_seconds. Any bad row (bad time, duplicate, a hole inside a day, negative calls): 400
    with every problem as {row, field, value, message}, nothing stored. Stored intervals between the file's first
    and last are replaced."""
    queue = _queue(request, queue_id)
    if file.size and file.size > MAX_BYTES:
        raise DomainError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 1024 // 1024}, field="file")
    summary = actions.do_import_demand(queue, file.read(), filename=file.name or "", acting_user=request.user,
                                       reason=reason or None)
    return summary.as_dict()


@router.get("/queues/{int:queue_id}/history", response=list[IntervalOut],
            summary="Stored call history between two dates (default: the last 7 days held)")
def list_history(request, queue_id: RecordId, start: PlanDay | None = None, end: PlanDay | None = None):
    queue = _queue(request, queue_id)
    rows = DemandInterval.objects.filter(queue=queue)
    if end is None:
        last = rows.order_by("-start").values_list("start", flat=True).first()
        end = last.astimezone(LONDON).date() if last else dt.date.today()
    start = start or end - dt.timedelta(days=6)
    if end < start:
        raise DomainError(_("end must be on or after start."), field="end")
    if (end - start).days >= MAX_HISTORY_DAYS:
        raise DomainError(_("Ask for at most %(n)s days at a time.") % {"n": MAX_HISTORY_DAYS}, field="end")
    rows = rows.filter(start__gte=dt.datetime.combine(start, dt.time(0), tzinfo=LONDON),
                       start__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=LONDON))
    return [{"interval_start": r.start.astimezone(LONDON), "minutes": r.minutes, "calls_offered": r.calls_offered,
             "calls_answered": r.calls_answered, "calls_abandoned": r.calls_abandoned,
             "aht_seconds": float(r.aht_seconds) if r.aht_seconds is not None else None}
            for r in rows.order_by("start")]


# --- forecasts ------------------------------------------------------------------------------------------------------

@router.get("/queues/{int:queue_id}/forecasts", response=list[ForecastSummary],
            summary="The queue's forecasts, newest first")
def list_forecasts(request, queue_id: RecordId):
    queue = _queue(request, queue_id)
    return queue.forecasts.select_related("made_by").order_by("-made_at")[:100]


@router.post("/queues/{int:queue_id}/forecasts", response={201: ForecastSummary},
             summary="Forecast calls per interval from the queue's history")
def make_forecast(request, queue_id: RecordId, payload: ForecastIn):
    queue = _queue(request, queue_id)
    forecast = actions.do_make_forecast(queue, horizon_days=payload.horizon_days, first_day=payload.first_day,
                                        note=payload.note, acting_user=request.user, reason=payload.reason)
    return 201, forecast


@router.get("/forecasts/{int:forecast_id}", response=ForecastOut,
            summary="A forecast: intervals, days with the planner's adjustments, and its backtest accuracy")
def get_forecast(request, forecast_id: RecordId):
    forecast = _forecast(request, forecast_id)
    rows = planning.adjusted_intervals(forecast)
    return {
        "id": forecast.pk, "queue": forecast.queue_id, "made_at": forecast.made_at,
        "made_by": forecast.made_by.username if forecast.made_by_id else None,
        "interval_minutes": forecast.interval_minutes, "first_day": forecast.first_day,
        "last_day": forecast.last_day, "horizon_days": forecast.horizon_days, "method": forecast.method,
        "note": forecast.note, "parameters": forecast.parameters,
        "accuracy": forecast.accuracy, "days": forecast_days(forecast, rows),
        "adjustments": [_adjustment_out(a) for a in forecast.adjustments.select_related("made_by")],
        "intervals": [{"interval_start": s, "forecast_calls": round(c, 3), "adjusted_calls": round(a, 3)}
                      for s, c, a in rows],
    }


@router.post("/forecasts/{int:forecast_id}/adjustments", response=AdjustmentResult,
             summary="Raise or lower one day of a forecast by a percentage, with the reason")
def adjust_forecast(request, forecast_id: RecordId, payload: AdjustmentIn):
    forecast = _forecast(request, forecast_id)
    result = actions.do_adjust_forecast_day(forecast, day=payload.day, percent=payload.percent,
                                            reason=payload.reason, acting_user=request.user)
    return {"day": payload.day, "percent": float(result.percent) if result else 0.0, "removed": result is None}


@router.get("/forecasts/{int:forecast_id}/requirement", response=ForecastRequirementOut,
            summary="Required agents per interval (Erlang C or A) and scheduled with shrinkage")
def get_requirement(request, forecast_id: RecordId, day: PlanDay | None = None, days: int = 1):
    forecast = _forecast(request, forecast_id)
    if not 1 <= days <= 84:
        raise DomainError(_("days must be 1 to 84."), field="days")
    reqs = planning.requirement(forecast, day=day, days=days if day else None)
    queue = forecast.queue
    return {"forecast": forecast.pk, "model": "erlang_a" if queue.patience_seconds else "erlang_c",
            "service_level": float(queue.service_level), "answer_within_seconds": queue.answer_within_seconds,
            "max_occupancy": float(queue.max_occupancy), "shrinkage": float(queue.shrinkage),
            "intervals": [_requirement_row(r) for r in reqs]}


def _requirement_row(r: planning.IntervalRequirement) -> dict:
    ok = r.feasible
    return {"interval_start": r.start, "forecast_calls": round(r.forecast_calls, 3), "calls": round(r.calls, 3),
            "aht_seconds": round(r.aht_seconds, 1), "traffic_erlangs": round(r.traffic, 4),
            "agents": r.agents if ok else None, "scheduled": r.scheduled if ok else None,
            "service_level": _finite(r.service_level), "asa_seconds": _finite(r.asa_seconds),
            "occupancy": _finite(r.occupancy), "abandon_rate": _finite(r.abandon_rate)}


@router.post("/forecasts/{int:forecast_id}/roster-comparison", response=list[RosterComparisonRow],
             summary="Required vs rostered per interval: gap and predicted service level (writes nothing)")
def roster_comparison(request, forecast_id: RecordId, payload: RosterComparisonIn):
    """Send the people on duty per interval (net of abstractions); intervals not sent count as 0 people."""
    forecast = _forecast(request, forecast_id)
    if not 0 < payload.severe_fraction <= 1:
        raise DomainError(_("severe_fraction must be above 0 and at most 1."), field="severe_fraction")
    rostered = {r.interval_start if r.interval_start.tzinfo else r.interval_start.replace(tzinfo=LONDON): r.people
                for r in payload.rostered}
    rows = planning.compare_with_roster(forecast, rostered, day=payload.day,
                                        days=(payload.days or 1) if payload.day else None,
                                        severe_fraction=payload.severe_fraction)
    return [{"interval_start": r.start, "calls": round(r.calls, 3), "required_agents": r.required_agents,
             "required_on_duty": r.required_on_duty, "rostered": r.rostered, "available_agents": r.available_agents,
             "gap": r.gap, "service_level": round(r.service_level, 6), "asa_seconds": _finite(r.asa_seconds),
             "severe": r.severe} for r in rows]


# --- shift design -----------------------------------------------------------------------------------------------------

@router.post("/forecasts/{int:forecast_id}/shift-designs", response={201: ShiftDesignOut},
             summary="Design shifts for the forecast's requirement (CP-SAT, within the time limit)")
def design_shifts(request, forecast_id: RecordId, payload: ShiftDesignIn):
    forecast = _forecast(request, forecast_id)
    options = payload.model_dump()
    reason = options.pop("reason")
    design = actions.do_design_shifts(forecast, acting_user=request.user, reason=reason, **options)
    return 201, design


@router.get("/shift-designs/{int:design_id}", response=ShiftDesignOut)
def get_shift_design(request, design_id: RecordId):
    design = get_object_or_404(ShiftDesign.objects.select_related("forecast__queue__unit"), pk=design_id)
    require_read_queue(request.user, design.forecast.queue)
    return design


# --- calculator -------------------------------------------------------------------------------------------------------

@router.post("/staffing", response=StaffingOut,
             summary="Agents for one interval (what `muster staffing` prints); 400 names the field")
def staffing(request, payload: StaffingIn):
    if not has_any_role(request.user):
        raise PermissionDenied(_("Only planners, managers and administrators use the staffing calculator."))
    target = erlang.Target(service_level=payload.service_level, answer_within_s=payload.answer_within_seconds,
                    asa_s=payload.asa_seconds, max_occupancy=payload.max_occupancy, shrinkage=payload.shrinkage,
                    patience_s=payload.patience_seconds, max_abandon=payload.max_abandon)
    try:
        result = erlang.required_agents(payload.calls, payload.aht_seconds, payload.interval_minutes * 60.0, target)
    except erlang.StaffingInputError as error:
        raise DomainError(error.message, field=error.field) from None
    except erlang.InfeasibleTarget as error:
        raise DomainError(_("No number of agents meets the target: %(why)s") % {"why": error.reason},
                          field="service_level") from None
    data = result.as_dict()
    data["asa_seconds"] = _finite(data["asa_seconds"]) or 0.0
    return data
