"""Court warnings and attendances of a unit's people: the dates officers may be called, and the days they were."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import DomainError
from org.permissions import can_edit_unit

from ..actions import do_record_court_attendance, do_record_court_warning, do_stand_down_court_warning
from ..choices import AbstractionCategory, AbstractionStatus
from ..models import Abstraction
from ..periods import clean_period
from .common import abstraction_or_404, day, errors_text, readable_unit
from .units import people_in


def court(request: HttpRequest, code: str) -> HttpResponse:
    unit = readable_unit(request.user, code)
    can_plan = can_edit_unit(request.user, unit)
    today = timezone.localdate()
    people = list(people_in(unit, today, today).select_related("rank").order_by("last_name"))
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied(_("You do not plan %(unit)s, so you cannot record court dates.") % {"unit": unit})
        post = request.POST
        try:
            op = post.get("op")
            if op == "stand-down":
                warning = abstraction_or_404(int(post.get("abstraction") or 0))
                if warning.person_id not in {p.pk for p in people}:
                    raise DomainError(_("That warning is not of someone in %(unit)s.") % {"unit": unit},
                                      field="abstraction")
                do_stand_down_court_warning(warning, acting_user=request.user, reason=post.get("reason") or None)
                messages.success(request, _("Stood down."))
            else:
                person = next((p for p in people if str(p.pk) == post.get("person")), None)
                if person is None:
                    raise DomainError(_("Choose someone in %(unit)s.") % {"unit": unit}, field="person")
                if op == "warning":
                    do_record_court_warning(person, clean_period(post.get("start_date"), post.get("end_date")),
                                            reference=post.get("reference", ""), note=post.get("note", ""),
                                            acting_user=request.user)
                    messages.success(request, _("Court warning recorded: it shows on the roster as a risk."))
                elif op == "attendance":
                    start, end = post.get("start_time") or None, post.get("end_time") or None
                    do_record_court_attendance(person, day=day(post.get("start_date"), field="start_date"),
                                               start_time=dt.time.fromisoformat(start) if start else None,
                                               end_time=dt.time.fromisoformat(end) if end else None,
                                               reference=post.get("reference", ""), note=post.get("note", ""),
                                               acting_user=request.user)
                    messages.success(request, _("Court attendance recorded."))
                else:
                    raise DomainError(_("Unknown operation."), field="op")
        except DomainError as exc:
            messages.error(request, errors_text(exc))
        except ValueError:
            messages.error(request, _("Times are HH:MM."))
        return redirect("absence:court", code=unit.code)
    rows = list(Abstraction.objects.filter(person__in=people, type__category=AbstractionCategory.COURT,
                                           end_date__gte=today - dt.timedelta(days=30))
                .exclude(status=AbstractionStatus.REFUSED).select_related("person__rank", "type")
                .order_by("start_date"))
    return render(request, "absence/court.html", {
        "unit": unit, "people": people, "warnings": [a for a in rows if a.type.roster_risk],
        "attendances": [a for a in rows if not a.type.roster_risk], "can_plan": can_plan, "today": today})
