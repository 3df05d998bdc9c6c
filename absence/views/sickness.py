"""Sickness pages (health data): a person's episodes and Bradford factor, reporting sick, the return to work, and
a unit's current sickness with long-term flags. Each checks the viewer may see health data."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError
from people.permissions import is_self

from ..actions import do_record_return_to_work, do_report_sick, do_update_sickness
from ..choices import AbstractionCategory, AbstractionStatus
from ..models import Abstraction
from ..permissions import require_health_data, sees_health_data_in
from ..sickness import LONG_TERM_DAYS, REASONS, summarise
from .common import abstraction_or_404, day, errors_text, person_or_404, readable_unit
from .units import people_in


def person_sickness(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_or_404(pk)
    require_health_data(request.user, person)
    if request.method == "POST":
        post = request.POST
        try:
            last = post.get("expected_last_day")
            from_time = post.get("from_time") or None
            do_report_sick(person, first_day=day(post.get("first_day"), field="first_day"),
                           expected_last_day=day(last, field="expected_last_day") if last else None,
                           from_time=dt.time.fromisoformat(from_time) if from_time else None,
                           reason_code=post.get("reason_code", ""), note=post.get("note", ""),
                           acting_user=request.user)
            messages.success(request, _("Sickness recorded. Record the return to work when %(name)s is back.")
                             % {"name": person.first_name})
        except (DomainError, ValueError) as exc:
            messages.error(request, errors_text(exc) if isinstance(exc, DomainError) else str(exc))
        return redirect("absence:person-sickness", pk=person.pk)
    today = timezone.localdate()
    records = list(Abstraction.objects.filter(person=person, type__category=AbstractionCategory.SICKNESS)
                   .select_related("type", "return_to_work").order_by("-start_date"))
    summary = summarise([person.pk], on=today)[person.pk]
    return render(request, "absence/sickness_person.html", {
        "person": person, "today": today, "records": records, "summary": summary, "reasons": REASONS,
        "is_self": is_self(request.user, person), "long_term_days": LONG_TERM_DAYS,
        "approved": AbstractionStatus.APPROVED})


@require_POST
def sickness_update(request: HttpRequest, pk: int) -> HttpResponse:
    a = abstraction_or_404(pk)
    require_health_data(request.user, a.person)
    post = request.POST
    try:
        version = int(post.get("version") or a.version)
        if post.get("op") == "return":
            interview = post.get("interview_on")
            do_record_return_to_work(a, returned_on=day(post.get("returned_on"), field="returned_on"),
                                     interview_on=day(interview, field="interview_on") if interview else None,
                                     notes=post.get("notes", ""), acting_user=request.user, expected_version=version)
            messages.success(request, _("Return to work recorded."))
        else:
            do_update_sickness(a, expected_last_day=day(post.get("expected_last_day"), field="expected_last_day"),
                               acting_user=request.user, expected_version=version)
            messages.success(request, _("Expected last day updated."))
    except DomainError as exc:
        messages.error(request, errors_text(exc))
    return redirect("absence:person-sickness", pk=a.person_id)


def unit_sickness(request: HttpRequest, code: str) -> HttpResponse:
    unit = readable_unit(request.user, code)
    if not sees_health_data_in(request.user, unit):
        raise PermissionDenied(_("Sickness is health data, and your role does not include it for %(unit)s.")
                               % {"unit": unit})
    today = timezone.localdate()
    people = list(people_in(unit, today, today).select_related("rank", "home_unit").order_by("last_name"))
    summary = summarise([p.pk for p in people], on=today)
    rows = [(p, summary[p.pk]) for p in people]
    off = [(p, s) for p, s in rows if s.current]
    ranked = sorted((r for r in rows if r[1].bradford.score), key=lambda r: -r[1].bradford.score)[:25]
    return render(request, "absence/sickness_unit.html", {
        "unit": unit, "today": today, "off": off, "ranked": ranked, "long_term_days": LONG_TERM_DAYS,
        "headcount": len(people)})
