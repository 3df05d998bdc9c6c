"""A unit's absences: the list over a period, recording for a person or a group, the leave policy and quotas."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import DomainError
from org.models import Rank, Unit
from org.permissions import can_edit_unit, readable_units, require_edit_unit
from people.models import Person

from ..actions import (
    do_add_leave_quota,
    do_record_abstraction,
    do_record_group_abstractions,
    do_remove_leave_quota,
    do_save_leave_policy,
)
from ..choices import AbstractionCategory, AbstractionStatus
from ..models import Abstraction, AbstractionType, LeavePolicy, LeaveQuota
from ..periods import clean_period
from ..permissions import can_see_health_data
from .common import errors_text, period, readable_unit


def index(request: HttpRequest) -> HttpResponse:
    """Planners and managers: their units with the requests waiting; staff: their own leave."""
    units = list(readable_units(request.user).order_by("path")[:200])
    if not units:
        if getattr(request.user, "person", None) is not None:
            return redirect("absence:my-leave")
        raise PermissionDenied(_("Only planners, managers and staff with a record have absence pages."))
    top = [u for u in units if not any(u.path != o.path and u.path.startswith(o.path) for o in units)]
    waiting = {}
    for unit in top:
        waiting[unit.pk] = Abstraction.objects.filter(person__home_unit__path__startswith=unit.path,
                                                      status=AbstractionStatus.REQUESTED).count()
    return render(request, "absence/index.html", {"units": units, "top": top, "waiting": waiting})


def people_in(unit: Unit, start: dt.date, end: dt.date):
    return (Person.objects.filter(home_unit__path__startswith=unit.path, start_date__lte=end)
            .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=start)))


def unit_absences(request: HttpRequest, code: str) -> HttpResponse:
    unit = readable_unit(request.user, code)
    start, end = period(request)
    rows = (Abstraction.objects.filter(person__in=people_in(unit, start, end), start_date__lte=end, end_date__gte=start)
            .select_related("person__rank", "person__home_unit", "type").order_by("start_date", "person__last_name"))
    category = request.GET.get("category", "")
    if category in AbstractionCategory.values:
        rows = rows.filter(type__category=category)
    status = request.GET.get("status", "live")
    if status == "live":
        rows = rows.filter(status__in=[AbstractionStatus.REQUESTED, AbstractionStatus.APPROVED])
    elif status in AbstractionStatus.values:
        rows = rows.filter(status=status)
    rows = list(rows[:1000])
    for a in rows:
        a.hidden = a.type.health_data and not can_see_health_data(request.user, a.person)
        # Sickness hidden from a viewer must not be findable by filtering on it either.
        a.label = _("Unavailable") if a.hidden else a.type.name
    if category == AbstractionCategory.SICKNESS:
        rows = [a for a in rows if not a.hidden]
    counts = dict(Abstraction.objects.filter(person__home_unit__path__startswith=unit.path,
                                             status=AbstractionStatus.REQUESTED).aggregate(n=Count("id")))
    return render(request, "absence/unit.html", {
        "unit": unit, "start": start, "end": end, "rows": rows, "categories": AbstractionCategory.choices,
        "category": category, "status": status, "statuses": AbstractionStatus.choices, "waiting": counts["n"],
        "can_plan": can_edit_unit(request.user, unit), "prev": start - (end - start) - dt.timedelta(days=1),
        "next": end + dt.timedelta(days=1)})


def record(request: HttpRequest, code: str) -> HttpResponse:
    """Record an absence for one person or a group (a whole team on a course), whole or part days."""
    unit = get_object_or_404(Unit, code=code)
    require_edit_unit(request.user, unit)
    today = timezone.localdate()
    people = list(people_in(unit, today - dt.timedelta(days=366), today + dt.timedelta(days=366))
                  .select_related("rank", "home_unit").order_by("home_unit__path", "last_name"))
    types = list(AbstractionType.objects.exclude(category=AbstractionCategory.SICKNESS).order_by("name"))
    form = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            type_ = next((t for t in types if str(t.pk) == form.get("type")), None)
            if type_ is None:
                raise DomainError(_("Choose the type of absence."), field="type")
            chosen_ids = {int(v) for v in request.POST.getlist("people") if v.isdigit()}
            if form.get("everyone"):
                chosen_ids = {p.pk for p in people}
            chosen = [p for p in people if p.pk in chosen_ids]
            if len(chosen) != len(chosen_ids):
                raise DomainError(_("Some of the people chosen are not in %(unit)s.") % {"unit": unit},
                                  field="people")
            when = clean_period(form.get("start_date"), form.get("end_date"), form.get("start_time"),
                                form.get("end_time"))
            if len(chosen) == 1 and not form.get("label"):
                do_record_abstraction(chosen[0], type_, when, hours=form.get("hours") or None,
                                      note=form.get("note", ""), reference=form.get("reference", ""),
                                      acting_user=request.user, reason=form.get("reason") or None)
                messages.success(request, _("%(type)s recorded for %(person)s, %(period)s.") % {
                    "type": type_.name, "person": chosen[0].full_name, "period": when.text()})
            else:
                if not chosen:
                    raise DomainError(_("Choose at least one person."), field="people")
                batch = do_record_group_abstractions(
                    chosen, type_, when, label=form.get("label") or f"{type_.name} {when.text()}", unit=unit,
                    note=form.get("note", ""), reference=form.get("reference", ""), acting_user=request.user,
                    reason=form.get("reason") or None)
                messages.success(request, _("%(label)s recorded for %(n)s people.") % {"label": batch.label,
                                                                                        "n": len(chosen)})
            return redirect(f"{request.path}")
        except DomainError as exc:
            error = exc
    return render(request, "absence/record.html", {
        "unit": unit, "people": people, "types": types, "form": form, "error": error,
        "error_text": errors_text(error) if error else "",
        "chosen": {int(v) for v in request.POST.getlist("people") if v.isdigit()} if request.method == "POST"
        else set()})


def policy(request: HttpRequest, code: str) -> HttpResponse:
    """Automatic approval and leave quotas of a unit (planners); managers read them."""
    unit = readable_unit(request.user, code)
    can_plan = can_edit_unit(request.user, unit)
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied(_("You do not plan %(unit)s, so you cannot change its leave policy.")
                                   % {"unit": unit})
        post = request.POST
        try:
            op = post.get("op")
            if op == "policy":
                days = post.get("auto_approve_max_days", "").strip()
                do_save_leave_policy(unit, auto_approve=bool(post.get("auto_approve")),
                                     auto_approve_max_days=int(days) if days.isdigit() else None,
                                     min_notice_days=int(post.get("min_notice_days") or 0)
                                     if (post.get("min_notice_days") or "0").isdigit() else -1,
                                     acting_user=request.user, reason=post.get("reason") or None)
                messages.success(request, _("Leave policy saved."))
            elif op == "add-quota":
                rank = Rank.objects.filter(pk=int(post.get("rank"))).first() if (post.get("rank") or "").isdigit() \
                    else None
                max_off = post.get("max_off", "")
                do_add_leave_quota(unit, rank=rank, max_off=int(max_off) if max_off.isdigit() else None,
                                   per_team=bool(post.get("per_team")), acting_user=request.user,
                                   reason=post.get("reason") or None)
                messages.success(request, _("Quota added."))
            elif op == "remove-quota":
                quota = get_object_or_404(LeaveQuota, pk=int(post.get("quota") or 0), unit=unit)
                do_remove_leave_quota(quota, acting_user=request.user, reason=post.get("reason") or None)
                messages.success(request, _("Quota removed."))
            else:
                raise DomainError(_("Unknown operation."), field="op")
        except DomainError as exc:
            messages.error(request, errors_text(exc))
        return redirect("absence:policy", code=unit.code)
    ids = [int(i) for i in unit.path.strip("/").split("/") if i]
    policies = {p.unit_id: p for p in LeavePolicy.objects.filter(unit_id__in=ids).select_related("unit")}
    own = policies.get(unit.pk)
    inherited = next((policies[i] for i in reversed(ids) if i in policies), None)
    return render(request, "absence/policy.html", {
        "unit": unit, "policy": own, "inherited": inherited if inherited and inherited.unit_id != unit.pk else None,
        "quotas": LeaveQuota.objects.filter(unit_id__in=ids).select_related("unit", "rank").order_by("unit__path"),
        "ranks": Rank.objects.order_by("staff_group__name", "-seniority"), "can_plan": can_plan})
