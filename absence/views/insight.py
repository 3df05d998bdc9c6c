"""The forecast of abstractions and the absence reports of a unit, with the XLSX export."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from common.charts import line_chart

from ..forecast import unit_forecast
from ..permissions import sees_health_data_in
from ..reports import ROS2_BAND, absence_by_category, leave_against_entitlement, sickness_rates, workbook
from .common import period, readable_unit

PAST_WEEKS_SHOWN = 26


def forecast(request: HttpRequest, code: str) -> HttpResponse:
    unit = readable_unit(request.user, code)
    today = timezone.localdate()
    result = unit_forecast(unit, today=today, include_health=sees_health_data_in(request.user, unit))
    past = result.weeks_past[-PAST_WEEKS_SHOWN:]
    labels = [f"{w:%d %b}" for w in past + result.weeks_ahead]
    n_past, n_ahead = len(past), len(result.weeks_ahead)
    history = result.history_total[-PAST_WEEKS_SHOWN:]
    chart = line_chart(labels, {
        _("Actual"): history + [None] * n_ahead,
        _("Forecast"): [None] * (n_past - 1) + [history[-1] if history else None] + result.forecast_total,
        _("Booked"): [None] * n_past + result.booked_total,
    }, limit=result.headroom * result.headcount if result.headcount else None,
        limit_label=_("headroom %(p)s %%") % {"p": round(result.headroom * 100)},
        title=_("People off per day, week by week"), css={_("Forecast"): "series-2", _("Booked"): "series-3"})
    return render(request, "absence/forecast.html", {
        "unit": unit, "forecast": result, "chart": chart, "weeks": list(zip(result.weeks_ahead, result.forecast_total,
                                                                              result.booked_total, result.share,
                                                                              result.flagged, strict=True))})


def reports(request: HttpRequest, code: str) -> HttpResponse:
    unit = readable_unit(request.user, code)
    today = timezone.localdate()
    start, end = period(request, back=90, ahead=-1, limit=731)
    if "start" not in request.GET:
        start, end = today - dt.timedelta(days=90), today
    health = sees_health_data_in(request.user, unit)
    leave = leave_against_entitlement(unit, min(end, today) if end >= start else today)
    spread_chart = line_chart([f"{w:%d %b}" for w, _s in leave.spread], {_("Leave spread"): [s for _w, s in
                                                                                          leave.spread]},
                              limit=ROS2_BAND[1], limit_label=_("%(p)s %% (top of the ROS-2 band)") % {
                                  "p": ROS2_BAND[1]}, title=_("Annual leave as % of contracted hours"))
    return render(request, "absence/reports.html", {
        "unit": unit, "start": start, "end": end, "health": health,
        "categories": absence_by_category(unit, start, end, include_health=health), "leave": leave,
        "spread_chart": spread_chart, "band": ROS2_BAND,
        "sickness": sickness_rates(unit, start, end) if health else None})


def reports_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    unit = readable_unit(request.user, code)
    today = timezone.localdate()
    start, end = period(request, back=90, ahead=-1, limit=731)
    if "start" not in request.GET:
        start, end = today - dt.timedelta(days=90), today
    content = workbook(unit, start, end, include_health=sees_health_data_in(request.user, unit))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="absence-{unit.code}-{start}-{end}.xlsx"'
    return response
