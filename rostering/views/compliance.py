"""Compliance pages (issue 3): every working-time violation of a person or a unit over a chosen period, each
explained, and the WTR-1 17-week average charted against 48 hours."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from common.charts import line_chart
from common.errors import DomainError
from org.permissions import require_read_unit
from people.models import Person
from people.permissions import require_read_person

from ..compliance import violations_for, weekly_averages_for
from .common import parse_date, unit_by_code

DEFAULT_SPAN = dt.timedelta(days=28)
MAX_SPAN = dt.timedelta(days=366)


def _period(request: HttpRequest) -> tuple[dt.date, dt.date, str]:
    today = timezone.localdate()
    try:
        start = parse_date(request.GET.get("from"), "from", today - DEFAULT_SPAN)
        end = parse_date(request.GET.get("to"), "to", today + DEFAULT_SPAN)
    except DomainError as exc:
        return today - DEFAULT_SPAN, today + DEFAULT_SPAN, exc.message
    if end < start:
        return start, start + DEFAULT_SPAN, _("to: must be on or after from; showing four weeks from %(d)s.") % {
            "d": start}
    if end - start > MAX_SPAN:
        return start, start + MAX_SPAN, _("The period is limited to a year; showing a year from %(d)s.") % {"d": start}
    return start, end, ""


def _summary(violations) -> list[tuple[str, str, int]]:
    counts = Counter((v.rule, v.severity) for v in violations)
    return sorted(((rule, severity, n) for (rule, severity), n in counts.items()), key=lambda r: (-r[2], r[0]))


def person_compliance(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("home_unit", "rank", "staff_group"), pk=pk)
    require_read_person(request.user, person)
    start, end, problem = _period(request)
    violations = violations_for([person.pk], start, end)
    averages = weekly_averages_for([person.pk], start, end)
    chart, latest, peak, opted_out = None, None, None, False
    if averages is not None and averages.hours.size:
        row = averages.hours[0]
        labels = [d.strftime("%-d %b") for d in averages.days]
        chart = line_chart(labels, {_("17-week average"): [None if np.isnan(h) else round(float(h), 2) for h in row]},
                           limit=float(averages.limit_hours[0]), limit_label=_("48 h limit (WTR-1)"),
                           title=_("Average weekly hours over the rolling 17-week reference period"))
        finite = row[~np.isnan(row)]
        latest = round(float(finite[-1]), 1) if finite.size else None
        peak = round(float(finite.max()), 1) if finite.size else None
        opted_out = bool(averages.opted_out[0])
    return render(request, "rostering/compliance_person.html", {
        "person": person, "start": start, "end": end, "problem": problem,
        "violations": [(person, v) for v in violations],
        "summary": _summary(violations), "chart": chart, "latest": latest, "peak": peak, "opted_out": opted_out,
    })


def unit_compliance(request: HttpRequest, code: str) -> HttpResponse:
    unit = unit_by_code(code)
    require_read_unit(request.user, unit)
    start, end, problem = _period(request)
    people = {p.pk: p for p in Person.objects.filter(home_unit__path__startswith=unit.path, leave_date__isnull=True)
              .select_related("rank", "home_unit").order_by("last_name", "first_name")}
    ids = list(people)
    violations = violations_for(ids, start, end)
    averages = weekly_averages_for(ids, start, end)
    chart, people_rows = None, []
    by_person = Counter(v.person for v in violations)
    breaches = Counter(v.person for v in violations if v.severity == "breach")
    if averages is not None and averages.hours.size:
        hours = averages.hours
        labels = [d.strftime("%-d %b") for d in averages.days]
        with np.errstate(all="ignore"):
            highest = np.nanmax(np.where(np.isnan(hours), -np.inf, hours), axis=0)
            mean = np.nanmean(hours, axis=0)
        chart = line_chart(
            labels,
            {_("highest person"): [None if not np.isfinite(h) else round(float(h), 2) for h in highest],
             _("unit mean"): [None if np.isnan(h) else round(float(h), 2) for h in mean]},
            limit=48.0, limit_label=_("48 h limit (WTR-1)"), css={_("unit mean"): "series-3"},
            title=_("17-week average weekly hours in %(unit)s") % {"unit": unit})
        for i, pid in enumerate(averages.person_ids):
            row = hours[i][~np.isnan(hours[i])]
            people_rows.append({"person": people[int(pid)], "peak": round(float(row.max()), 1) if row.size else None,
                                "violations": by_person.get(pid, 0), "breaches": breaches.get(pid, 0),
                                "opted_out": bool(averages.opted_out[i])})
        people_rows.sort(key=lambda r: (-r["breaches"], -r["violations"], -(r["peak"] or 0)))
    return render(request, "rostering/compliance_unit.html", {
        "unit": unit, "start": start, "end": end, "problem": problem,
        "violations": [(people.get(int(v.person)), v) for v in violations], "summary": _summary(violations),
        "chart": chart, "people_rows": people_rows[:200], "people_count": len(ids),
    })
