"""Pages of demand: queues, history import, forecasts with the planner's adjustments, interval requirement charts
and shift design. Thin: reads through demand.planning, writes through demand.actions."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.calendar import LONDON, bank_holidays
from common.charts import line_chart
from common.errors import DomainError
from org.models import Unit
from org.permissions import has_any_role

from . import actions, planning
from .access import can_edit_queue, plannable_units, readable_queues, require_edit_queue, require_read_queue
from .imports import MAX_BYTES
from .models import DemandInterval, Forecast, Queue, ShiftDesign

HISTORY_CHART_DAYS = 56
PERCENT_FIELDS = ["service_level", "max_occupancy", "shrinkage_planned", "shrinkage_unplanned", "max_abandon_rate"]


def _require_demand_reader(user) -> None:
    if not has_any_role(user):
        raise PermissionDenied(_("Demand and staffing are for planners, managers and administrators."))


def _percent_to_share(value: str | None) -> str | None:
    """Forms show shares as percentages (95 → 0.95); blank stays blank."""
    if value is None or not str(value).strip():
        return None
    try:
        return str(Decimal(str(value).strip().rstrip("%")) / 100)
    except InvalidOperation:
        return str(value)


def _pct(share) -> str:
    """0.95 → "95", 0.285 → "28.5"; None → ""."""
    return "" if share is None else f"{float(share) * 100:g}"


def _field_errors(error: DomainError) -> dict[str, str]:
    return {e.field: e.message for e in error.errors if e.field}


# --- queues ---------------------------------------------------------------------------------------------------------

def index(request: HttpRequest) -> HttpResponse:
    """The queues of the contact centres the user plans or manages, and (for planners) a new queue."""
    _require_demand_reader(request.user)
    queues = list(readable_queues(request.user).annotate(
        intervals_held=Count("intervals"), history_first=Min("intervals__start"), history_last=Max("intervals__start"))
        .order_by("unit__path", "name"))
    latest: dict[int, Forecast] = {}
    for forecast in Forecast.objects.filter(queue__in=queues).order_by("queue_id", "-made_at"):
        latest.setdefault(forecast.queue_id, forecast)  # newest first within each queue
    for queue in queues:
        queue.latest_forecast = latest.get(queue.pk)
        queue.service_level_pct = _pct(queue.service_level)
    units = list(plannable_units(request.user))
    return render(request, "demand/index.html", {"queues": queues, "units": units, "form": {}, "errors": {}})


@require_POST
def queue_new(request: HttpRequest) -> HttpResponse:
    _require_demand_reader(request.user)
    unit = Unit.objects.filter(pk=request.POST.get("unit") or 0).first()
    data = {"interval_minutes": request.POST.get("interval_minutes") or 30}
    try:
        queue = actions.do_create_queue(unit=unit, name=request.POST.get("name", ""), acting_user=request.user,
                                        **data)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("demand:index")
    messages.success(request, _("Queue %(name)s created: set its targets, then import its history.")
                     % {"name": queue.name})
    return redirect("demand:queue", pk=queue.pk)


def _history_summary(queue: Queue) -> dict:
    stats = DemandInterval.objects.filter(queue=queue).aggregate(first=Min("start"), last=Max("start"),
                                                                  count=Count("id"), calls=Sum("calls_offered"))
    chart = None
    if stats["last"]:
        since = stats["last"] - dt.timedelta(days=HISTORY_CHART_DAYS)
        daily = (DemandInterval.objects.filter(queue=queue, start__gte=since)
                 .annotate(day=TruncDate("start", tzinfo=LONDON)).values("day")
                 .annotate(calls=Sum("calls_offered")).order_by("day"))
        days = [(row["day"], row["calls"]) for row in daily]
        if len(days) > 1:
            name = _("Calls offered per day")
            chart = line_chart([day.strftime("%a %d %b") for day, calls in days], {name: [c for d, c in days]},
                               title=name, max_x_ticks=8)
    return {**stats, "chart": chart}


def queue_page(request: HttpRequest, pk: int, *, import_errors: Sequence | None = None, form_errors=None,
               status: int = 200) -> HttpResponse:
    """A queue: its targets, history, import, forecasts and the shrinkage seen in the abstraction records."""
    queue = get_object_or_404(Queue.objects.select_related("unit", "skill"), pk=pk)
    require_read_queue(request.user, queue)
    return render(request, "demand/queue.html", {
        "queue": queue,
        "can_edit": can_edit_queue(request.user, queue),
        "history": _history_summary(queue),
        "forecasts": queue.forecasts.select_related("made_by").order_by("-made_at")[:20],
        "import_errors": import_errors or [],
        "form_errors": form_errors or {},
        "max_mb": MAX_BYTES // 1024 // 1024,
        "percent": {f: _pct(getattr(queue, f)) for f in [*PERCENT_FIELDS, "shrinkage"]},
        "model": _("Erlang A (callers abandon)") if queue.patience_seconds else _("Erlang C"),
    }, status=status)


@require_POST
def queue_settings(request: HttpRequest, pk: int) -> HttpResponse:
    queue = get_object_or_404(Queue.objects.select_related("unit"), pk=pk)
    require_edit_queue(request.user, queue)
    post = request.POST
    changes = {f: post.get(f, "") for f in ("name", "interval_minutes", "answer_within_seconds", "asa_seconds",
                                            "aht_seconds", "patience_seconds")}
    changes.update({f: _percent_to_share(post.get(f)) for f in PERCENT_FIELDS})
    changes["skill"] = post.get("skill") or None
    try:
        actions.do_update_queue(queue, version=post.get("version") or None, acting_user=request.user,
                                reason=post.get("reason") or None, **changes)
    except DomainError as error:
        messages.error(request, error.message)
        return queue_page(request, pk, form_errors=_field_errors(error), status=400)
    messages.success(request, _("Targets saved."))
    return redirect("demand:queue", pk=pk)


@require_POST
def import_history(request: HttpRequest, pk: int) -> HttpResponse:
    queue = get_object_or_404(Queue.objects.select_related("unit"), pk=pk)
    require_edit_queue(request.user, queue)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a CSV file of call history to import."))
        return redirect("demand:queue", pk=pk)
    if upload.size > MAX_BYTES:
        messages.error(request, _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 1024 // 1024})
        return redirect("demand:queue", pk=pk)
    try:
        summary = actions.do_import_demand(queue, upload.read(), filename=upload.name or "", acting_user=request.user,
                                           reason=request.POST.get("reason") or None)
    except DomainError as error:
        messages.error(request, error.message)
        return queue_page(request, pk, import_errors=error.errors, status=400)
    messages.success(request, _("Imported %(n)s intervals from %(first)s to %(last)s (%(replaced)s replaced).")
                     % {"n": summary.intervals, "first": summary.first.astimezone(LONDON).strftime("%d %b %Y %H:%M"),
                        "last": summary.last.astimezone(LONDON).strftime("%d %b %Y %H:%M"),
                        "replaced": summary.replaced})
    return redirect("demand:queue", pk=pk)


@require_POST
def forecast_new(request: HttpRequest, pk: int) -> HttpResponse:
    queue = get_object_or_404(Queue.objects.select_related("unit"), pk=pk)
    require_edit_queue(request.user, queue)
    first_day = None
    if request.POST.get("first_day"):
        try:
            first_day = dt.date.fromisoformat(request.POST["first_day"])
        except ValueError:
            messages.error(request, _("Give the first day as YYYY-MM-DD."))
            return redirect("demand:queue", pk=pk)
    try:
        forecast = actions.do_make_forecast(queue, horizon_days=request.POST.get("horizon_days") or 28,
                                            first_day=first_day, note=request.POST.get("note", ""),
                                            acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("demand:queue", pk=pk)
    messages.success(request, _("Forecast made for %(days)s days from %(first)s.")
                     % {"days": forecast.horizon_days, "first": forecast.first_day.strftime("%a %d %b %Y")})
    return redirect("demand:forecast", pk=forecast.pk)


# --- forecasts ------------------------------------------------------------------------------------------------------

def _chosen_day(request: HttpRequest, forecast: Forecast) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return forecast.first_day
    return day if forecast.first_day <= day <= forecast.last_day else forecast.first_day


def _backtest_view(forecast: Forecast) -> dict:
    weeks = forecast.accuracy.get("weeks", [])
    chart = None
    points = [p for w in weeks for p in w.get("daily", [])]
    if len(points) > 1:
        chart = line_chart([dt.date.fromisoformat(d).strftime("%a %d %b") for d, f, a in points],
                           {_("Actual"): [a for d, f, a in points], _("Forecast (made the week before)"):
                            [f for d, f, a in points]},
                           css={_("Actual"): "series", _("Forecast (made the week before)"): "series-2"},
                           title=_("Calls per day: forecast vs actual, past weeks"), max_x_ticks=8)
    rows = [{"first_day": dt.date.fromisoformat(w["first_day"]), "mape": _pct1(w["model"]["mape"]),
             "bias": _pct1(w["model"]["bias"], sign=True), "naive": _pct1(w["naive"]["mape"]),
             "forecast_total": w["model"]["forecast_total"], "actual_total": w["model"]["actual_total"]}
            for w in weeks]
    mean = None
    if weeks:
        mean = {"mape": _pct1(sum(w["model"]["mape"] for w in weeks) / len(weeks)),
                "naive": _pct1(sum(w["naive"]["mape"] for w in weeks) / len(weeks)),
                "bias": _pct1(sum(w["model"]["bias"] for w in weeks) / len(weeks), sign=True)}
    return {"weeks": rows, "chart": chart, "mean": mean}


def _pct1(share: float, *, sign: bool = False) -> str:
    return f"{share * 100:+.1f} %" if sign else f"{share * 100:.1f} %"


def forecast_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A forecast: days with adjustments, accuracy of past weeks, and the chosen day's requirement per interval."""
    forecast = get_object_or_404(Forecast.objects.select_related("queue__unit", "queue__skill", "made_by"), pk=pk)
    queue = forecast.queue
    require_read_queue(request.user, queue)
    day = _chosen_day(request, forecast)
    rows = planning.adjusted_intervals(forecast)
    reqs = planning.requirement(forecast)
    adjustments = {a.day: a for a in forecast.adjustments.select_related("made_by")}
    own_score, actual_days = planning.forecast_vs_actual(forecast)
    own_accuracy = None if own_score is None else {"intervals": own_score.intervals, "mape": _pct1(own_score.mape),
                                                   "bias": _pct1(own_score.bias, sign=True)}
    holidays = bank_holidays(queue.unit.bank_holiday_region, forecast.first_day, forecast.last_day)
    step_hours = forecast.interval_minutes / 60
    days: dict[dt.date, dict] = {}
    for (start, calls, adjusted), req in zip(rows, reqs, strict=True):
        info = days.setdefault(start.date(), {"date": start.date(), "forecast": 0.0, "adjusted": 0.0,
                                              "peak": 0, "agent_hours": 0.0, "short": False})
        info["forecast"] += calls
        info["adjusted"] += adjusted
        info["peak"] = max(info["peak"], req.scheduled)
        info["agent_hours"] += max(req.scheduled, 0) * step_hours
        info["short"] = info["short"] or not req.feasible
    for info in days.values():
        info["adjustment"] = adjustments.get(info["date"])
        info["holiday"] = holidays.get(info["date"])
        info["actual"] = actual_days.get(info["date"], (None, None))[1]
    day_reqs = [r for r in reqs if r.start.date() == day]
    labels = [r.start.strftime("%H:%M") for r in day_reqs]
    calls_chart = staff_chart = None
    if len(day_reqs) > 1:
        series = {_("Forecast calls"): [r.forecast_calls for r in day_reqs]}
        css = {_("Forecast calls"): "series-3"}
        if adjustments.get(day):
            series[_("Adjusted calls")] = [r.calls for r in day_reqs]
            css[_("Adjusted calls")] = "series"
        else:
            css[_("Forecast calls")] = "series"
        calls_chart = line_chart(labels, series, css=css, title=_("Calls per interval"), max_x_ticks=12)
        staff_chart = line_chart(labels, {_("Agents required"): [max(r.agents, 0) for r in day_reqs],
                                          _("Scheduled (with shrinkage)"): [max(r.scheduled, 0) for r in day_reqs]},
                                 css={_("Agents required"): "series", _("Scheduled (with shrinkage)"): "series-2"},
                                 title=_("Staff required per interval"), max_x_ticks=12)
    total_scheduled_hours = sum(d["agent_hours"] for d in days.values())
    return render(request, "demand/forecast.html", {
        "forecast": forecast, "queue": queue, "can_edit": can_edit_queue(request.user, queue),
        "days": list(days.values()), "day": day, "day_reqs": day_reqs, "day_info": days.get(day),
        "calls_chart": calls_chart, "staff_chart": staff_chart, "backtest": _backtest_view(forecast),
        "own_accuracy": own_accuracy, "total_calls": sum(d["adjusted"] for d in days.values()),
        "total_scheduled_hours": total_scheduled_hours,
        "peak": max((r.scheduled for r in reqs), default=0),
        "designs": forecast.shift_designs.order_by("-made_at")[:10],
        "model": _("Erlang A") if queue.patience_seconds else _("Erlang C"),
        "infeasible": sum(1 for r in reqs if not r.feasible),
        "hours": list(range(24)),
    })


@require_POST
def adjust_day(request: HttpRequest, pk: int) -> HttpResponse:
    forecast = get_object_or_404(Forecast.objects.select_related("queue__unit"), pk=pk)
    require_edit_queue(request.user, forecast.queue)
    try:
        day = dt.date.fromisoformat(request.POST.get("day", ""))
    except ValueError:
        messages.error(request, _("Choose a day to adjust."))
        return redirect("demand:forecast", pk=pk)
    try:
        result = actions.do_adjust_forecast_day(forecast, day=day, percent=request.POST.get("percent", ""),
                                                reason=request.POST.get("reason", ""), acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if result is None:
            messages.success(request, _("%(day)s is back to the forecast's own figures.")
                             % {"day": day.strftime("%a %d %b")})
        else:
            messages.success(request, _("%(day)s adjusted by %(pct)s%%.")
                             % {"day": day.strftime("%a %d %b"), "pct": f"{float(result.percent):+g}"})
    return redirect(f"{reverse('demand:forecast', args=[pk])}?day={day.isoformat()}")


def requirement_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The requirement per interval as CSV, for a spreadsheet or another WFM tool."""
    forecast = get_object_or_404(Forecast.objects.select_related("queue__unit"), pk=pk)
    require_read_queue(request.user, forecast.queue)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="requirement-{forecast.queue.pk}-{forecast.first_day}.csv"'
    writer = csv.writer(response)
    writer.writerow(["interval_start", "forecast_calls", "adjusted_calls", "aht_seconds", "traffic_erlangs", "agents",
                     "scheduled", "service_level", "asa_seconds", "occupancy"])
    for r in planning.requirement(forecast):
        writer.writerow([r.start.isoformat(), f"{r.forecast_calls:.2f}", f"{r.calls:.2f}", f"{r.aht_seconds:.0f}",
                         f"{r.traffic:.3f}", r.agents if r.feasible else "", r.scheduled if r.feasible else "",
                         f"{r.service_level:.4f}" if r.feasible else "", f"{r.asa_seconds:.1f}" if r.feasible else "",
                         f"{r.occupancy:.4f}" if r.feasible else ""])
    return response


# --- shift design -----------------------------------------------------------------------------------------------------

def _numbers(text: str) -> list[float]:
    return [float(part) for part in text.replace(";", ",").replace(" ", ",").split(",") if part.strip()]


@require_POST
def design_new(request: HttpRequest, pk: int) -> HttpResponse:
    forecast = get_object_or_404(Forecast.objects.select_related("queue__unit"), pk=pk)
    require_edit_queue(request.user, forecast.queue)
    post = request.POST
    try:
        try:
            hours = _numbers(post.get("shift_hours", "8, 10, 12"))
        except ValueError:
            raise DomainError(_("Shift lengths are hours separated by commas, e.g. 8, 10, 12."),
                              field="shift_hours") from None
        starts_text = post.get("start_times", "").strip()
        starts = [s for s in starts_text.replace(";", ",").replace(" ", ",").split(",") if s.strip()] or None
        design = actions.do_design_shifts(
            forecast, acting_user=request.user, first_day=post.get("first_day") or None, days=post.get("days") or 7,
            shift_hours=hours, start_times=starts, break_minutes=post.get("break_minutes") or 0,
            break_from_hours=post.get("break_from_hours") or 6, time_limit_s=post.get("time_limit_s") or 10,
            max_shift_types=post.get("max_shift_types") or None)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("demand:forecast", pk=pk)
    return redirect("demand:design", pk=design.pk)


def design_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A shift design: how many start which shift each day, paid hours, and residual over/under per interval."""
    design = get_object_or_404(ShiftDesign.objects.select_related("forecast__queue__unit", "made_by"), pk=pk)
    forecast = design.forecast
    require_read_queue(request.user, forecast.queue)
    result = design.result
    step = result.get("interval_minutes", forecast.interval_minutes)
    slots = 1440 // step
    requirement, coverage = result.get("requirement", []), result.get("coverage", [])
    labels = []
    for index in range(len(requirement)):
        day = design.first_day + dt.timedelta(days=index // slots)
        minute = (index % slots) * step
        labels.append(f"{day:%a} {minute // 60:02d}:{minute % 60:02d}")
    chart = None
    if len(requirement) > 1:
        chart = line_chart(labels, {_("Required (scheduled)"): requirement, _("Designed cover"): coverage},
                           css={_("Required (scheduled)"): "series", _("Designed cover"): "series-2"},
                           title=_("Requirement and designed cover"), max_x_ticks=14)
    by_day: dict[str, list[dict]] = {}
    for start in result.get("starts", []):
        by_day.setdefault(start["day"], []).append(start)
    days = []
    for offset in range(design.days):
        day = design.first_day + dt.timedelta(days=offset)
        shifts: dict[tuple[str, str], dict] = {}
        for start in by_day.get(day.isoformat(), []):
            key = (start["start"], start["end"])
            entry = shifts.setdefault(key, {"start": start["start"], "end": start["end"], "count": 0,
                                            "paid_hours": start["paid_minutes"] / 60, "breaks": []})
            entry["count"] += start["count"]
            if start.get("break_start_minute") is not None:
                minute = start["break_start_minute"] % 1440
                entry["breaks"].append((f"{minute // 60:02d}:{minute % 60:02d}", start["count"]))
        low, high = offset * slots, (offset + 1) * slots
        over = sum(max(c - r, 0) for r, c in zip(requirement[low:high], coverage[low:high], strict=True)) * step / 60
        under = sum(max(r - c, 0) for r, c in zip(requirement[low:high], coverage[low:high], strict=True)) * step / 60
        days.append({"date": day, "shifts": sorted(shifts.values(), key=lambda s: s["start"]),
                     "people": sum(s["count"] for s in shifts.values()), "over": over, "under": under})
    required_hours = sum(requirement) * step / 60
    return render(request, "demand/design.html", {
        "design": design, "forecast": forecast, "queue": forecast.queue, "chart": chart, "days": days,
        "required_hours": required_hours, "can_edit": can_edit_queue(request.user, forecast.queue),
        "efficiency": required_hours / float(design.paid_hours) if design.paid_hours else None,
        "over_hours": sum(d["over"] for d in days), "under_hours": sum(d["under"] for d in days),
    })
