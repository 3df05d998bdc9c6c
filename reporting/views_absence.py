"""The absence outlook of a unit (issue 8): next days' hours lost by absence category, and the shrinkage the
abstraction records show, set against each contact-centre queue's shrinkage settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from absence.permissions import sees_health_data_in
from common.charts import line_chart
from common.errors import DomainError
from demand.access import can_edit_queue
from demand.actions import do_update_queue
from demand.models import Queue
from org.models import Unit
from org.permissions import require_read_unit

from .absence_outlook import absence_outlook, observed_shrinkage

OBSERVED_WEEKS = 8
CATEGORY_STYLES = ["series-2", "series-3", "series-4", "series-5", "series-6"]


def outlook_chart(outlook):
    """Hours lost per day: all absence (the line a roster analyst watches), and each category beside it."""
    if len(outlook.days) < 2 or not outlook.rows:
        return None
    total = _("All absence")
    series = {total: outlook.lost_hours}
    css = {total: "series"}
    for index, row in enumerate(outlook.rows):
        series[str(row.label)] = row.hours
        css[str(row.label)] = CATEGORY_STYLES[index % len(CATEGORY_STYLES)]
    return line_chart([d.strftime("%a %d %b") for d in outlook.days], series, css=css, max_x_ticks=10,
                      title=_("Rostered hours lost to absence per day, by category"))


def _observed(unit: Unit, today: dt.date):
    return observed_shrinkage(unit, today - dt.timedelta(weeks=OBSERVED_WEEKS), today - dt.timedelta(days=1))


def absence_outlook_page(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk)
    require_read_unit(request.user, unit)
    today = timezone.localdate()
    health = sees_health_data_in(request.user, unit)
    outlook = absence_outlook(unit, today, 10, health_data=health)
    observed = _observed(unit, today) if health else None
    queues = [{"queue": q, "can_edit": can_edit_queue(request.user, q)}
              for q in Queue.objects.filter(unit__path__startswith=unit.path).order_by("name")]
    return render(request, "reporting/absence_outlook.html", {
        "unit": unit, "outlook": outlook, "observed": observed, "queues": queues, "weeks": OBSERVED_WEEKS,
        "health": health, "chart": outlook_chart(outlook),
        "days": list(zip(outlook.days, outlook.rostered_hours, outlook.lost_hours, outlook.lost_share, strict=True)),
    })


@require_POST
def apply_observed_shrinkage(request: HttpRequest, pk: int, queue_pk: int) -> HttpResponse:
    """Set a queue's planned and unplanned shrinkage to what the abstraction records show (CC-2)."""
    unit = get_object_or_404(Unit, pk=pk)
    queue = get_object_or_404(Queue, pk=queue_pk, unit__path__startswith=unit.path)
    require_read_unit(request.user, unit)
    if not sees_health_data_in(request.user, unit):
        messages.error(request, _("Observed unplanned shrinkage comes from sickness records, which you may not see."))
        return redirect("reporting:absence-outlook", pk=unit.pk)
    observed = _observed(queue.unit, timezone.localdate())
    try:
        do_update_queue(queue, acting_user=request.user,
                        reason=_("Shrinkage set to the last %(n)s weeks' abstractions") % {"n": OBSERVED_WEEKS},
                        shrinkage_planned=Decimal(f"{observed.planned:.3f}"),
                        shrinkage_unplanned=Decimal(f"{observed.unplanned:.3f}"))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(queue)s now uses planned %(p).1f %% and unplanned %(u).1f %% shrinkage.")
                         % {"queue": queue.name, "p": observed.planned * 100, "u": observed.unplanned * 100})
    return redirect("reporting:absence-outlook", pk=unit.pk)
