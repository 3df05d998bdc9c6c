"""Seeding the roster from a contact-centre shift design (issue 8): the page a planner reaches from the shift design,
with the teams, shift types and requirement bands it would create, and the two buttons. Thin: writes go
through rostering.actions.design."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError
from demand.models import ShiftDesign

from .. import design_seed
from ..actions import do_seed_pattern_from_design, do_seed_requirements_from_design
from ..actions.design import pattern_code
from ..models import ShiftPattern
from ..permissions import require_plan
from .common import error_text, parse_date


def _design(pk: int) -> ShiftDesign:
    return get_object_or_404(ShiftDesign.objects.select_related("forecast__queue__unit", "forecast__queue__skill"),
                             pk=pk)


def design_seed_page(request: HttpRequest, pk: int) -> HttpResponse:
    """What seeding would create; planners of the queue's unit only (it is a form page)."""
    design = _design(pk)
    queue = design.forecast.queue
    require_plan(request.user, queue.unit)
    usable = design.status in {"optimal", "feasible"} and bool(design.result.get("starts"))
    teams = design_seed.centre_teams(design)
    sizes = design_seed.team_sizes(design, teams, design.first_day) if teams else {}
    shifts, bands, problem = [], [], ""
    if usable:
        try:
            codes, existing = design_seed.shift_type_codes(design)
        except DomainError as exc:
            problem = exc.message
            codes, existing = {}, {}
        shifts = [{"shift": s, "code": codes.get(s, s.code), "existing": existing.get(s)}
                  for s in design_seed.design_shifts(design)]
        bands = design_seed.requirement_bands(design)
    return render(request, "rostering/design_seed.html", {
        "design": design, "forecast": design.forecast, "queue": queue, "usable": usable, "problem": problem,
        "teams": [{"team": t, "size": sizes.get(t.pk, 0)} for t in teams], "shifts": shifts, "bands": bands,
        "clashes": design_seed.clashing_requirements(design).count(),
        "seeded": ShiftPattern.objects.filter(code=pattern_code(design)).first(),
        "peak_minimum": max((b.minimum for b in bands), default=0),
        "last_day": design.first_day + dt.timedelta(days=design.days - 1),
    })


@require_POST
def design_seed_pattern(request: HttpRequest, pk: int) -> HttpResponse:
    design = _design(pk)
    post = request.POST
    try:
        assign_from = parse_date(post.get("assign_from"), "assign_from") if post.get("assign_from") else None
        seeded = do_seed_pattern_from_design(
            design, team_ids=post.getlist("teams"), hours_per_week=post.get("hours_per_week") or 37.5,
            assign_from=assign_from, time_limit_s=post.get("time_limit_s") or 10, acting_user=request.user,
            reason=post.get("reason") or None)
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return redirect("rostering:design-seed", pk=pk)
    rota = seeded.plan.rota
    text = _("Pattern %(name)s made: %(weeks)s weeks for %(teams)s teams, %(hours).1f paid hours a week on average, "
             "%(short).1f person-hours a week short of the design's requirement.") % {
        "name": seeded.pattern.name, "weeks": seeded.pattern.weeks, "teams": len(seeded.plan.teams),
        "hours": rota.average_paid_hours, "short": rota.shortfall_person_hours(seeded.plan.interval_minutes)}
    if seeded.assignments:
        text += " " + _("The teams follow it from %(day)s.") % {"day": assign_from.strftime("%a %d %b %Y")}
    messages.success(request, text)
    return redirect("rostering:pattern-edit", pk=seeded.pattern.pk)


@require_POST
def design_seed_requirements(request: HttpRequest, pk: int) -> HttpResponse:
    design = _design(pk)
    try:
        created = do_seed_requirements_from_design(design, acting_user=request.user,
                                                   reason=request.POST.get("reason") or None)
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return redirect("rostering:design-seed", pk=pk)
    messages.success(request, _("%(n)s staffing requirements added for %(first)s to %(last)s: the optimiser's fill "
                                "mode fills the roster to them.")
                     % {"n": len(created), "first": design.first_day.strftime("%d %b"),
                        "last": created[0].effective_to.strftime("%d %b %Y") if created else ""})
    return redirect("rostering:requirements", code=design.forecast.queue.unit.code)
