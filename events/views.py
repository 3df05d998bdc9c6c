"""Event pages: list, create/edit with phases and requirements, candidate pool, propose/adjust/confirm, the
overview of a period, debrief and the cost export. Thin: every write is an action; refusals come back as messages."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.calendar import LONDON
from common.errors import DomainError
from org.models import Rank, Unit
from org.permissions import editable_units, has_any_role
from people.models import Person, Skill

from . import actions
from .choices import AssignmentStatus, EventKind, EventStatus, PhaseKind
from .export import workbook
from .models import Assignment, Event, Phase
from .overview import overview
from .permissions import can_plan_event, readable_events, require_plan_event, require_read_event
from .planning import build_pool


def _event(user, pk: int, *, plan: bool = False) -> Event:
    event = get_object_or_404(Event.objects.select_related("unit", "commander"), pk=pk)
    (require_plan_event if plan else require_read_event)(user, event)
    return event


def _when(value: str, field: str) -> dt.datetime:
    try:
        naive = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise DomainError(_("%(field)s: give a date and time as YYYY-MM-DDTHH:MM.") % {"field": field},
                          field=field) from None
    return naive.replace(tzinfo=LONDON).astimezone(dt.UTC) if naive.tzinfo is None else naive


def _date(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        raise DomainError(_("Give dates as YYYY-MM-DD."), field="start") from None


def _int(value, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise DomainError(_("%(field)s must be a whole number.") % {"field": field}, field=field) from None


def _back(event: Event, anchor: str = "") -> HttpResponse:
    response = redirect("events:detail", pk=event.pk)
    response["Location"] += anchor
    return response


def _refuse(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)


def index(request: HttpRequest) -> HttpResponse:
    if not has_any_role(request.user):
        return redirect("events:mine")
    events = readable_events(request.user).select_related("unit").order_by("-created_at")
    return render(request, "events/index.html", {"events": events, "can_create": editable_units(request.user).exists()})


def _details(post) -> dict:
    unit = Unit.objects.filter(pk=post.get("unit") or 0).first()
    if unit is None:
        raise DomainError(_("Choose the owning unit."), field="unit")
    commander = None
    if post.get("commander"):
        commander = Person.objects.filter(payroll_number=post["commander"].strip()).first()
        if commander is None:
            raise DomainError(_("No person has payroll number %(n)s.") % {"n": post["commander"]}, field="commander")
    return {"name": post.get("name", ""), "reference": post.get("reference", ""), "unit": unit,
            "kind": post.get("kind") or EventKind.PLANNED, "location": post.get("location", ""),
            "commander": commander, "chargeable": bool(post.get("chargeable")), "charge_to": post.get("charge_to", ""),
            "notes": post.get("notes", "")}


def create(request: HttpRequest) -> HttpResponse:
    units = editable_units(request.user).order_by("path")
    if not units.exists():
        raise PermissionDenied(_("Only planners create events."))
    if request.method == "POST":
        try:
            event = actions.do_save_event(**_details(request.POST), acting_user=request.user,
                                          reason=request.POST.get("reason", ""))
            return _back(event)
        except DomainError as exc:
            _refuse(request, exc)
    return render(request, "events/create.html", {"units": units, "kinds": EventKind.choices,
                                                  "form": request.POST})


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request.user, pk)
    phases = list(event.phases.prefetch_related("requirements__rank", "requirements__skill"))
    assignments = list(event.assignments.select_related("person", "person__rank", "unit")
                       .prefetch_related("phases"))
    totals = {"estimate": sum((a.total_estimate for a in assignments), start=0),
              "premium": sum((a.cost_estimate or 0 for a in assignments), start=0),
              "rest_days": sum(1 for a in assignments if a.cancels_rest_day),
              "min_notice": min((a.notice_days for a in assignments if a.method != "on_duty"), default=None),
              "methods": Counter(a.get_method_display() for a in assignments)}
    return render(request, "events/detail.html", {
        "event": event, "phases": phases, "assignments": assignments, "totals": totals,
        "can_plan": can_plan_event(request.user, event) and not event.is_closed,
        "ranks": Rank.objects.all(), "skills": Skill.objects.all(), "phase_kinds": PhaseKind.choices,
        "statuses": EventStatus.choices, "units": editable_units(request.user).order_by("path"),
        "kinds": EventKind.choices, "aid": getattr(event, "mutual_aid", None),
        "is_aid": event.kind in (EventKind.AID_IN, EventKind.AID_OUT),
        "proposed": any(a.status == AssignmentStatus.PROPOSED for a in assignments)})


def _post(request: HttpRequest, pk: int, do, anchor: str = "") -> HttpResponse:
    event = _event(request.user, pk, plan=True)
    try:
        message = do(event)
        if message:
            messages.success(request, message)
    except DomainError as exc:
        _refuse(request, exc)
    return _back(event, anchor)


@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, lambda e: actions.do_save_event(
        e, **_details(request.POST), expected_version=_int(request.POST.get("version"), "version"),
        acting_user=request.user, reason=request.POST.get("reason", "")) and _("Saved."))


@require_POST
def status(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, lambda e: actions.do_set_event_status(
        e, status=request.POST.get("status", ""), acting_user=request.user) and _("Status changed."))


@require_POST
def phase_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, lambda e: actions.do_save_phase(
        e, name=request.POST.get("name", ""), kind=request.POST.get("kind") or PhaseKind.DEPLOYMENT,
        start=_when(request.POST.get("start"), "start"), end=_when(request.POST.get("end"), "end"),
        acting_user=request.user) and _("Phase added."), "#phases")


@require_POST
def requirement_set(request: HttpRequest, pk: int) -> HttpResponse:
    def do(event):
        phase = get_object_or_404(Phase, pk=_int(request.POST.get("phase"), "phase"), event=event)
        rank = Rank.objects.filter(pk=request.POST.get("rank") or 0).first()
        skill = Skill.objects.filter(pk=request.POST.get("skill") or 0).first()
        actions.do_set_phase_requirement(phase, count=_int(request.POST.get("count"), "count"), rank=rank,
                                         skill=skill, acting_user=request.user)
        return _("Requirement saved.")
    return _post(request, pk, do, "#phases")


@require_POST
def mutual_aid(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, lambda e: actions.do_save_mutual_aid(
        e, organisation=request.POST.get("organisation", ""), officers=_int(request.POST.get("officers"), "officers"),
        skills=list(Skill.objects.filter(pk__in=request.POST.getlist("skills"))),
        contact=request.POST.get("contact", ""), details=request.POST.get("details", ""),
        acting_user=request.user) and _("Mutual-aid request saved."))


@require_POST
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    def do(event):
        result, pool = actions.do_propose_deployment(event, acting_user=request.user)
        return _("Proposal: %(n)s people in %(s)s s (%(status)s).") % {
            "n": len(result.chosen), "s": f"{result.seconds:.1f}", "status": result.status}
    return _post(request, pk, do, "#assignments")


@require_POST
def add_person(request: HttpRequest, pk: int) -> HttpResponse:
    def do(event):
        person = Person.objects.filter(payroll_number=request.POST.get("person", "").strip()).first()
        if person is None:
            raise DomainError(_("No person has that payroll number."), field="person")
        phases = list(event.phases.filter(pk__in=request.POST.getlist("phases")))
        a = actions.do_add_assignment(event, person=person, phases=phases, acting_user=request.user)
        return _("%(person)s added (%(how)s).") % {"person": person.full_name, "how": a.get_method_display()}
    return _post(request, pk, do, "#assignments")


@require_POST
def remove(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    def do(event):
        assignment = get_object_or_404(Assignment, pk=assignment_pk, event=event)
        actions.do_remove_assignment(assignment, acting_user=request.user)
        return _("Removed.")
    return _post(request, pk, do, "#assignments")


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, lambda e: _("%(n)s people confirmed; their rosters show the event duty.") % {
        "n": len(actions.do_confirm_deployment(e, acting_user=request.user, reason=request.POST.get("reason", "")))},
        "#assignments")


@require_POST
def attendance(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    def do(event):
        assignment = get_object_or_404(Assignment, pk=assignment_pk, event=event)
        minutes = request.POST.get("hours")
        actions.do_record_attendance(
            assignment, attended=request.POST.get("attended") == "yes", acting_user=request.user,
            minutes=None if not minutes else round(float(minutes) * 60))
        return _("Attendance recorded.")
    event = _event(request.user, pk, plan=True)
    _post(request, pk, do)
    return redirect("events:debrief", pk=event.pk)


def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate pool: who could come, how, at what cost; and who could not, and why."""
    event = _event(request.user, pk, plan=True)
    try:
        pool = build_pool(event)
    except DomainError as exc:
        _refuse(request, exc)
        return _back(event)
    rows = sorted(pool.infos.values(), key=lambda i: (i.person.last_name, i.person.first_name, i.day,
                                                      i.phases[0].start, len(i.phases)))
    blocked = sorted(((pool.people[pid], "; ".join(r)) for pid, r in pool.blocked.items() if r and pid in pool.people),
                     key=lambda x: x[0].last_name)
    return render(request, "events/candidates.html", {"event": event, "rows": rows[:600], "more": len(rows) > 600,
                                                      "count": len(rows), "people": len(pool.people),
                                                      "blocked": blocked, "minimums": len(pool.problem.minimums)})


def overview_page(request: HttpRequest) -> HttpResponse:
    if not has_any_role(request.user):
        raise PermissionDenied(_("Only planners and managers see the events overview."))
    today = timezone.localdate()
    try:
        start = _date(request.GET.get("start"), today)
        end = _date(request.GET.get("end"), start + dt.timedelta(days=13))
    except DomainError as exc:
        _refuse(request, exc)
        start, end = today, today + dt.timedelta(days=13)
    end = min(max(end, start), start + dt.timedelta(days=62))
    return render(request, "events/overview.html", {"o": overview(readable_events(request.user), start, end)})


def debrief(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request.user, pk)
    assignments = list(event.assignments.exclude(status=AssignmentStatus.PROPOSED)
                       .select_related("person", "person__rank").prefetch_related("phases"))
    planned = len(assignments)
    attended = sum(1 for a in assignments if a.status == AssignmentStatus.ATTENDED)
    absent = sum(1 for a in assignments if a.status == AssignmentStatus.ABSENT)
    return render(request, "events/debrief.html", {
        "event": event, "assignments": assignments, "planned": planned, "attended": attended, "absent": absent,
        "planned_hours": round(sum(a.minutes for a in assignments) / 60, 1),
        "actual_hours": round(sum(a.actual_minutes or 0 for a in assignments) / 60, 1),
        "estimate": sum((a.total_estimate for a in assignments), start=0),
        "actual": sum(((a.actual_cost or 0) + (a.actual_basic or 0) for a in assignments), start=0),
        "can_plan": can_plan_event(request.user, event) and not event.is_closed})


def export(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request.user, pk)
    response = HttpResponse(workbook(event),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{event.reference}-cost.xlsx"'
    return response


def mine(request: HttpRequest) -> HttpResponse:
    """A staff member's own confirmed event duties."""
    person = getattr(request.user, "person", None)
    rows = []
    if person is not None:
        rows = list(Assignment.objects.filter(person=person).exclude(status=AssignmentStatus.PROPOSED)
                    .select_related("event").prefetch_related("phases").order_by("-date"))
    return render(request, "events/mine.html", {"rows": rows})
