"""Writes to demand: queues, imported history, forecasts, the planner's adjustments and shift designs.

Every `do_*` checks permission first, validates with DomainError naming the field, runs in one durable
transaction and writes one audit record (unit_id = the queue's unit)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from common import audit
from common.calendar import LONDON
from common.errors import ConflictError, DomainError, FieldError
from common.schema_types import check_plan_day
from org.models import Unit
from org.permissions import require_edit_unit
from people.models import Skill

from . import planning
from .access import require_edit_queue
from .imports import MAX_BYTES, parse_file
from .models import DemandInterval, Forecast, ForecastAdjustment, ForecastInterval, Queue, ShiftDesign

QUEUE_FIELDS = ["name", "skill", "interval_minutes", "service_level", "answer_within_seconds", "asa_seconds",
                "aht_seconds", "max_occupancy", "shrinkage_planned", "shrinkage_unplanned", "patience_seconds",
                "max_abandon_rate", "active"]
MAX_HORIZON_DAYS = 84  # 12 weeks
MAX_DESIGN_SECONDS = 60


# --- validation -----------------------------------------------------------------------------------------------------

def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_share(value, field: str, *, label: str, required: bool = True, above_zero: bool = False,
                below_one: bool = False) -> Decimal | None:
    """A share such as 0.95 (95 %)."""
    if _blank(value):
        if required:
            raise DomainError(_("%(label)s is required.") % {"label": label}, field=field)
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    out_of_range = not number.is_finite() or number < 0 or number > 1
    if out_of_range or (above_zero and number == 0) or (below_one and number == 1):
        low = _("above 0") if above_zero else _("at least 0")
        high = _("below 1") if below_one else _("at most 1")
        raise DomainError(_("%(label)s must be a share %(low)s and %(high)s (0.95 means 95 %%); got '%(value)s'.")
                          % {"label": label, "low": low, "high": high, "value": value}, field=field)
    return number.quantize(Decimal("0.001"))


def clean_whole(value, field: str, *, label: str, required: bool = True, minimum: int = 0,
                maximum: int = 10**6) -> int | None:
    if _blank(value):
        if required:
            raise DomainError(_("%(label)s is required.") % {"label": label}, field=field)
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise DomainError(_("%(label)s must be a whole number; got '%(value)s'.") % {"label": label, "value": value},
                          field=field) from None
    if not minimum <= number <= maximum:
        raise DomainError(_("%(label)s must be from %(min)s to %(max)s; got %(value)s.")
                          % {"label": label, "min": minimum, "max": maximum, "value": number}, field=field)
    return number


def clean_queue_settings(data: dict, *, current: Queue | None = None) -> dict:
    """The queue fields present in `data`, checked and converted. Missing fields keep `current`'s values."""
    out: dict = {}
    if "name" in data:
        name = (data["name"] or "").strip()
        if not name:
            raise DomainError(_("Give the queue a name, e.g. Health advisors."), field="name")
        if len(name) > 80:
            raise DomainError(_("The name is longer than 80 characters."), field="name")
        out["name"] = name
    if "skill" in data:
        skill = data["skill"]
        if isinstance(skill, (int, str)) and not _blank(skill):
            skill = Skill.objects.filter(code=str(skill)).first() or (
                Skill.objects.filter(pk=int(skill)).first() if str(skill).isdigit() else None)
            if skill is None:
                raise DomainError(_("There is no skill '%(value)s'.") % {"value": data["skill"]}, field="skill")
        out["skill"] = skill or None
    if "interval_minutes" in data:
        minutes = clean_whole(data["interval_minutes"], "interval_minutes", label=_("Interval"), minimum=15,
                              maximum=60)
        if minutes not in (15, 30, 60):
            raise DomainError(_("The interval must be 15, 30 or 60 minutes."), field="interval_minutes")
        if current is not None and current.pk and minutes != current.interval_minutes:
            stored = set(DemandInterval.objects.filter(queue=current).values_list("minutes", flat=True).distinct())
            if any(minutes % m for m in stored):
                raise DomainError(_("The history is in %(m)s-minute intervals, which cannot be split into "
                                    "%(n)s minutes.") % {"m": min(stored), "n": minutes}, field="interval_minutes")
        out["interval_minutes"] = minutes
    shares = {"service_level": (_("Service level target"), True, True, False),
              "max_occupancy": (_("Maximum occupancy"), True, True, False),
              "shrinkage_planned": (_("Planned shrinkage"), True, False, True),
              "shrinkage_unplanned": (_("Unplanned shrinkage"), True, False, True),
              "max_abandon_rate": (_("Maximum abandonment"), False, False, False)}
    for field, (label, required, above_zero, below_one) in shares.items():
        if field in data:
            out[field] = clean_share(data[field], field, label=label, required=required, above_zero=above_zero,
                                     below_one=below_one)
    wholes = {"answer_within_seconds": (_("Answered within"), True, 0, 86400),
              "asa_seconds": (_("ASA target"), False, 1, 86400),
              "aht_seconds": (_("Average handle time"), True, 1, 86400),
              "patience_seconds": (_("Mean caller patience"), False, 1, 86400)}
    for field, (label, required, low, high) in wholes.items():
        if field in data:
            out[field] = clean_whole(data[field], field, label=label, required=required, minimum=low, maximum=high)
    if "active" in data:
        out["active"] = bool(data["active"])
    planned = out.get("shrinkage_planned", getattr(current, "shrinkage_planned", Decimal("0.15")))
    unplanned = out.get("shrinkage_unplanned", getattr(current, "shrinkage_unplanned", Decimal("0.10")))
    if planned + unplanned >= 1:
        raise DomainError(_("Planned and unplanned shrinkage add up to %(total)s%%: nobody would be left to take "
                            "calls. Together they must stay below 100%%.") % {"total": (planned + unplanned) * 100},
                          field="shrinkage_unplanned")
    abandon = out.get("max_abandon_rate", getattr(current, "max_abandon_rate", None))
    patience = out.get("patience_seconds", getattr(current, "patience_seconds", None))
    if abandon is not None and not patience:
        raise DomainError(_("An abandonment ceiling needs a mean caller patience (Erlang A)."),
                          field="max_abandon_rate")
    return out


# --- queues ---------------------------------------------------------------------------------------------------------

def do_create_queue(*, unit: Unit, name: str, acting_user, reason: str | None = None, **settings) -> Queue:
    """A new queue at a contact centre unit, with its service targets."""
    if unit is None:
        raise DomainError(_("Choose the contact centre unit the queue belongs to."), field="unit")
    require_edit_unit(acting_user, unit)
    unknown = set(settings) - set(QUEUE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
                          field=sorted(unknown)[0])
    values = clean_queue_settings({"name": name, **settings})
    if Queue.objects.filter(unit=unit, name__iexact=values["name"]).exists():
        raise DomainError(_("%(unit)s already has a queue called %(name)s.") % {"unit": unit, "name": values["name"]},
                          field="name")
    with transaction.atomic(durable=True):
        queue = Queue.objects.create(unit=unit, **values)
        audit.record(actor=acting_user, action="demand.queue.create", obj=queue, after=audit.snapshot(queue),
                     reason=reason or "", unit_id=unit.pk)
    return queue


def do_update_queue(queue: Queue, *, acting_user, version: int | None = None, reason: str | None = None,
                    **changes) -> Queue:
    """Change a queue's name or targets. `version` (as read) refuses a change made by someone else since."""
    require_edit_queue(acting_user, queue)
    unknown = set(changes) - set(QUEUE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
                          field=sorted(unknown)[0])
    values = clean_queue_settings(changes, current=queue)
    if "name" in values and Queue.objects.filter(unit=queue.unit, name__iexact=values["name"]) \
            .exclude(pk=queue.pk).exists():
        raise DomainError(_("%(unit)s already has a queue called %(name)s.")
                          % {"unit": queue.unit, "name": values["name"]}, field="name")
    with transaction.atomic(durable=True):
        locked = Queue.objects.select_for_update().get(pk=queue.pk)
        if version is not None and int(version) != locked.version:
            raise ConflictError(_("Someone else changed this queue since you opened it; reload and try again."),
                                field="version")
        before = audit.snapshot(locked)
        for field, value in values.items():
            setattr(locked, field, value)
        locked.version += 1
        locked.save(update_fields=[*values, "version"])
        audit.record(actor=acting_user, action="demand.queue.update", obj=locked, before=before,
                     after=audit.snapshot(locked), reason=reason or "", unit_id=locked.unit_id)
    return locked


# --- history ----------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportSummary:
    rows: int  # data rows read
    intervals: int  # intervals stored at the queue's length
    replaced: int  # intervals already stored for the same period, replaced
    first: dt.datetime | None
    last: dt.datetime | None

    def as_dict(self) -> dict:
        return {"rows": self.rows, "intervals": self.intervals, "replaced": self.replaced,
                "first": self.first.astimezone(LONDON).isoformat() if self.first else None,
                "last": self.last.astimezone(LONDON).isoformat() if self.last else None}


def do_import_demand(queue: Queue, content: bytes | str, *, acting_user, filename: str = "",
                     reason: str | None = None) -> ImportSummary:
    """Import a call history file into the queue, all or nothing.

    Every row is checked first; one bad row (bad time, duplicate, hole inside a day, negative calls...) and
    nothing is stored, and the DomainError lists every problem with its row, column and value. Intervals already
    stored between the file's first and last are replaced, so a corrected file can be imported again."""
    require_edit_queue(acting_user, queue)
    size = len(content.encode() if isinstance(content, str) else content)
    if size > MAX_BYTES:
        raise DomainError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 1024 // 1024}, field="file")
    parsed = parse_file(content, interval_minutes=queue.interval_minutes)
    if not parsed.ok:
        rows = {e.row for e in parsed.errors if e.row is not None}
        message = (_("%(n)s rows have problems; nothing was imported.") % {"n": len(rows)} if rows
                   else parsed.errors[0].message + " " + _("Nothing was imported."))
        raise DomainError(message, errors=parsed.errors)
    intervals = parsed.intervals
    first, last = intervals[0].start, intervals[-1].start
    with transaction.atomic(durable=True):
        existing = DemandInterval.objects.filter(queue=queue, start__gte=first,
                                                 start__lt=last + dt.timedelta(minutes=queue.interval_minutes))
        replaced = existing.count()
        existing.delete()
        DemandInterval.objects.bulk_create([
            DemandInterval(queue=queue, start=row.start, minutes=row.minutes, calls_offered=row.calls_offered,
                           calls_answered=row.calls_answered, calls_abandoned=row.calls_abandoned,
                           aht_seconds=row.aht_seconds) for row in intervals], batch_size=2000)
        summary = ImportSummary(parsed.rows, len(intervals), replaced, first, last)
        audit.record(actor=acting_user, action="demand.history.import", obj=queue,
                     after={**summary.as_dict(), "filename": filename[:200]}, reason=reason or "",
                     unit_id=queue.unit_id)
    return summary


# --- forecasts ------------------------------------------------------------------------------------------------------

def do_make_forecast(queue: Queue, *, horizon_days, acting_user, first_day: dt.date | None = None, note: str = "",
                     reason: str | None = None) -> Forecast:
    """Forecast the queue's calls per interval for `horizon_days` days from `first_day` (default: the day after
    the last day of history), with a backtest of the last four weeks stored beside it."""
    check_plan_day(first_day, "first_day")
    require_edit_queue(acting_user, queue)
    days = clean_whole(horizon_days, "horizon_days", label=_("Days to forecast"), minimum=1,
                       maximum=MAX_HORIZON_DAYS)
    try:
        made = planning.make_forecast(queue, horizon_days=days, first_day=first_day)
    except planning.HistoryError as error:
        raise DomainError(_("This queue's history cannot be forecast: %(why)s")
                          % {"why": error.errors[0].message},
                          errors=[FieldError("history", e.message, None, e.value) for e in error.errors]) from None
    result = made.result
    if not len(result.calls):
        raise DomainError(_("The centre was never open on these days in the history, so there is nothing to "
                            "forecast."), field="first_day")
    with transaction.atomic(durable=True):
        forecast = store_forecast(queue, made, horizon_days=days, made_by=acting_user, note=note)
        audit.record(actor=acting_user, action="demand.forecast.make", obj=forecast,
                     after={"first_day": forecast.first_day.isoformat(), "horizon_days": days,
                            "intervals": len(result.calls), "method": result.method,
                            "total_calls": round(float(result.calls.sum()), 1)},
                     reason=reason or "", unit_id=queue.unit_id)
    return forecast


def store_forecast(queue: Queue, made: planning.MadeForecast, *, horizon_days: int, made_by=None,
                   note: str = "") -> Forecast:
    """Write a computed forecast and its intervals (inside the caller's transaction; no audit of its own)."""
    result = made.result
    forecast = Forecast.objects.create(queue=queue, made_by=made_by if getattr(made_by, "pk", None) else None,
                                       interval_minutes=result.interval_minutes, first_day=result.first_day,
                                       horizon_days=horizon_days, method=result.method,
                                       parameters=result.parameters, accuracy=made.accuracy, note=(note or "")[:200])
    ForecastInterval.objects.bulk_create([
        ForecastInterval(forecast=forecast, start=start.astimezone(dt.UTC), calls=round(float(calls), 3))
        for start, calls in zip(result.starts, result.calls, strict=True)], batch_size=2000)
    return forecast


def do_adjust_forecast_day(forecast: Forecast, *, day: dt.date, percent, reason: str,
                           acting_user) -> ForecastAdjustment | None:
    """Raise or lower one day of a forecast by a percentage (a known event, local knowledge). 0 removes the
    adjustment. The reason is required: the next planner must know why the numbers differ from the method's."""
    require_edit_queue(acting_user, forecast.queue)
    if not isinstance(day, dt.date) or not forecast.first_day <= day <= forecast.last_day:
        raise DomainError(_("Choose a day from %(first)s to %(last)s.")
                          % {"first": forecast.first_day, "last": forecast.last_day}, field="day")
    try:
        change = Decimal(str(percent).strip().rstrip("%")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Give the change as a percentage, e.g. 10 or -5; got '%(value)s'.")
                          % {"value": percent}, field="percent") from None
    if not change.is_finite() or not Decimal(-100) <= change <= Decimal(500):
        raise DomainError(_("The change must be from -100%% to +500%%; got %(value)s%%.") % {"value": change},
                          field="percent")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the day is adjusted (e.g. 'football final', 'GP practices closed')."),
                          field="reason")
    if len(reason) > 200:
        raise DomainError(_("The reason is longer than 200 characters."), field="reason")
    with transaction.atomic(durable=True):
        current = ForecastAdjustment.objects.select_for_update().filter(forecast=forecast, day=day).first()
        before = audit.snapshot(current)
        if change == 0:
            if current is not None:
                current.delete()
            audit.record(actor=acting_user, action="demand.forecast.adjust", obj=forecast, before=before,
                         after={"day": day.isoformat(), "percent": "0"}, reason=reason, unit_id=forecast.queue.unit_id)
            return None
        who = acting_user if getattr(acting_user, "pk", None) else None
        if current is None:
            current = ForecastAdjustment.objects.create(forecast=forecast, day=day, percent=change, reason=reason,
                                                        made_by=who)
        else:
            current.percent, current.reason, current.made_by = change, reason, who
            current.made_at = dt.datetime.now(dt.UTC)
            current.save(update_fields=["percent", "reason", "made_by", "made_at"])
        audit.record(actor=acting_user, action="demand.forecast.adjust", obj=forecast, before=before,
                     after=audit.snapshot(current), reason=reason, unit_id=forecast.queue.unit_id)
    return current


# --- shift design -----------------------------------------------------------------------------------------------------

def clean_design_options(forecast: Forecast, *, first_day=None, days=7, shift_hours=(8, 10, 12),
                         start_times=None, break_minutes=30, break_from_hours=6, time_limit_s=10,
                         max_shift_types=None) -> planning.DesignOptions:
    first = first_day or forecast.first_day
    if isinstance(first, str):
        try:
            first = dt.date.fromisoformat(first)
        except ValueError:
            raise DomainError(_("Give the first day as YYYY-MM-DD."), field="first_day") from None
    count = clean_whole(days, "days", label=_("Days"), minimum=1, maximum=28)
    if first < forecast.first_day or first + dt.timedelta(days=count - 1) > forecast.last_day:
        raise DomainError(_("The days must lie within the forecast, %(first)s to %(last)s.")
                          % {"first": forecast.first_day, "last": forecast.last_day}, field="first_day")
    try:
        hours = tuple(sorted({float(h) for h in shift_hours}))
    except (TypeError, ValueError):
        raise DomainError(_("Shift lengths are hours, e.g. 8, 10, 12."), field="shift_hours") from None
    step = forecast.interval_minutes / 60
    if not hours or any(h <= 0 or h > 14 or round(h / step, 6) % 1 for h in hours):
        raise DomainError(_("Shift lengths must be whole %(m)s-minute steps from %(m)s minutes to 14 hours.")
                          % {"m": forecast.interval_minutes}, field="shift_hours")
    if start_times is None:
        times = tuple(dt.time(h) for h in range(24))
    else:
        try:
            times = tuple(sorted({t if isinstance(t, dt.time) else dt.time.fromisoformat(str(t).strip())
                                  for t in start_times}))
        except ValueError:
            raise DomainError(_("Start times are HH:MM, e.g. 07:00."), field="start_times") from None
        if not times or any((t.hour * 60 + t.minute) % forecast.interval_minutes or t.second for t in times):
            raise DomainError(_("Start times must fall on the forecast's %(m)s-minute intervals.")
                              % {"m": forecast.interval_minutes}, field="start_times")
    breaks = clean_whole(break_minutes, "break_minutes", label=_("Unpaid break"), minimum=0, maximum=120)
    try:
        from_hours = float(break_from_hours)
        limit = float(time_limit_s)
    except (TypeError, ValueError):
        raise DomainError(_("Give numbers for the break threshold and the time limit."), field="time_limit_s") \
            from None
    # The engine takes the threshold in whole minutes: under half a minute it would round to 0 and be refused there.
    if not (math.isfinite(from_hours) and 1 <= round(from_hours * 60) <= 24 * 60):
        raise DomainError(_("The unpaid break starts after a shift of at least 1 minute and at most 24 hours; "
                            "give the threshold in hours, e.g. 6."), field="break_from_hours")
    if not 0 < limit <= MAX_DESIGN_SECONDS:
        raise DomainError(_("The time limit must be above 0 and at most %(n)s seconds.") % {"n": MAX_DESIGN_SECONDS},
                          field="time_limit_s")
    types = clean_whole(max_shift_types, "max_shift_types", label=_("Most shift types"), required=False, minimum=1,
                        maximum=200)
    return planning.DesignOptions(first_day=first, days=count, shift_hours=hours, start_times=times,
                                  break_minutes=breaks, break_from_hours=from_hours, time_limit_s=limit,
                                  max_shift_types=types)


def do_design_shifts(forecast: Forecast, *, acting_user, reason: str | None = None, **options) -> ShiftDesign:
    """Run the shift design for the forecast's requirement (synchronously, within the time limit) and keep it."""
    require_edit_queue(acting_user, forecast.queue)
    chosen = clean_design_options(forecast, **options)
    result, _reqs = planning.design(forecast, chosen)
    step = result.interval_minutes
    payload = {
        "interval_minutes": step,
        "starts": [{"day": (chosen.first_day + dt.timedelta(days=s.day)).isoformat(), "start": s.label().split("–")[0],
                    "end": s.label().split("–")[1], "length_minutes": s.length_minutes,
                    "paid_minutes": s.paid_minutes, "break_start_minute": s.break_start_minute,
                    "break_minutes": s.break_minutes, "count": s.count} for s in result.starts],
        "requirement": result.requirement.tolist(), "coverage": result.coverage.tolist(),
        "objective": None if math.isnan(result.objective) else result.objective,
        "bound": None if math.isnan(result.bound) else result.bound, "notes": result.notes,
    }
    with transaction.atomic(durable=True):
        design = ShiftDesign.objects.create(
            forecast=forecast, made_by=acting_user if getattr(acting_user, "pk", None) else None,
            first_day=chosen.first_day, days=chosen.days, parameters=chosen.as_dict(), status=result.status,
            paid_hours=Decimal(str(round(result.paid_hours, 1))),
            shortfall_agent_hours=Decimal(str(round(result.shortfall_agent_hours, 1))), seconds=result.seconds,
            result=payload)
        audit.record(actor=acting_user, action="demand.shifts.design", obj=design,
                     after={"status": result.status, "paid_hours": round(result.paid_hours, 1),
                            "shortfall_agent_hours": round(result.shortfall_agent_hours, 1),
                            **chosen.as_dict()}, reason=reason or "", unit_id=forecast.queue.unit_id)
    return design
