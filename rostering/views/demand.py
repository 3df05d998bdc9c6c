"""Contact centre: the roster against the forecast's requirement per interval, with the service level the rostered
people would give, and the days of severe undersupply (the Duty Managers' weekly report)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from common.charts import line_chart
from common.errors import DomainError
from demand import planning
from demand.access import require_read_queue
from demand.models import Forecast

from ..demand_cover import on_duty_per_interval
from .common import parse_date

MAX_DAYS = 14


def roster_against_demand(request: HttpRequest, pk: int) -> HttpResponse:
    forecast = get_object_or_404(Forecast.objects.select_related("queue__unit", "queue__skill"), pk=pk)
    queue = forecast.queue
    require_read_queue(request.user, queue)
    problem = ""
    try:
        day = parse_date(request.GET.get("day"), "day", forecast.first_day)
        days = int(request.GET.get("days") or 7)
    except (DomainError, ValueError) as exc:
        problem = getattr(exc, "message", _("days: give a whole number from 1 to %(n)s.") % {"n": MAX_DAYS})
        day, days = forecast.first_day, 7
    days = min(max(days, 1), MAX_DAYS)
    requirement = planning.requirement(forecast, day=day, days=days)
    starts = [r.start for r in requirement]
    rostered = on_duty_per_interval(queue.unit, queue.skill, starts, forecast.interval_minutes)
    rows = planning.compare_with_roster(forecast, rostered, day=day, days=days)
    by_day: dict[dt.date, list] = {}
    for row in rows:
        by_day.setdefault(row.start.date(), []).append(row)
    summary = [{"day": d, "short_intervals": sum(r.gap < 0 for r in rs), "severe": sum(r.severe for r in rs),
                "worst_gap": min(r.gap for r in rs), "min_sl": min(r.service_level for r in rs)}
               for d, rs in by_day.items()]
    labels = [r.start.strftime("%a %H:%M") for r in rows]
    severe = [r.severe for r in rows]
    chart = line_chart(labels, {_("required on duty"): [r.required_on_duty for r in rows],
                                _("rostered"): [r.rostered for r in rows]},
                       css={_("rostered"): "series-2"}, max_x_ticks=days * 2, highlight=severe,
                       highlight_label=_("severe undersupply"),
                       title=_("People required on duty and rostered, per interval")) if rows else None
    # The service level the rostered people would give, against the queue's target (the Duty Managers' question).
    service_chart = line_chart(labels, {_("predicted service level (%)"): [r.service_level * 100 for r in rows]},
                               limit=float(queue.service_level) * 100,
                               limit_label=_("target %(t)s") % {"t": f"{float(queue.service_level):.0%}"},
                               max_x_ticks=days * 2, highlight=severe, highlight_label=_("severe undersupply"),
                               title=_("Predicted service level per interval")) if rows else None
    return render(request, "rostering/demand_cover.html", {
        "forecast": forecast, "queue": queue, "day": day, "days": days, "rows": rows, "summary": summary,
        "chart": chart, "service_chart": service_chart, "problem": problem,
        "target": f"{float(queue.service_level):.0%}",
    })
