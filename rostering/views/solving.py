"""The optimiser pages: choose a mode, dates and a time limit for a unit; watch the run (htmx polls its status and
progress chart every second); read the proposed changes, what is left unfilled and why, and accept all or some.

Forms post normally and work without JavaScript (the run page then refreshes on reload); with htmx the status part
replaces itself until the run ends."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.charts import line_chart
from common.errors import DomainError

from ..actions import do_accept_solver_result, do_cancel_solver_run, do_start_solver_run
from ..models import SolverMode, SolverRun
from .common import PLAN, READ, error_text, monday, parse_date, roster_access, unit_by_code


def _access(user, unit) -> str:
    access = roster_access(user, unit)
    if access not in {PLAN, READ}:
        raise PermissionDenied(_("The optimiser of %(unit)s is for its planners and managers.") % {"unit": unit.name})
    return access


def _require_plan(user, unit) -> None:
    if _access(user, unit) != PLAN:
        raise PermissionDenied(_("You do not plan %(unit)s, so you cannot run or accept the optimiser there.")
                               % {"unit": unit.name})


def optimise(request: HttpRequest, code: str) -> HttpResponse:
    unit = unit_by_code(code)
    access = _access(request.user, unit)
    first = monday(timezone.localdate()) + dt.timedelta(weeks=1)
    form = {"mode": "fill", "start": first.isoformat(), "end": (first + dt.timedelta(days=27)).isoformat(),
            "time_limit": "30"}
    errors: dict[str, str] = {}
    if request.method == "POST":
        _require_plan(request.user, unit)
        form = {k: request.POST.get(k, "").strip() for k in form}
        try:
            limit = form["time_limit"]
            if not limit.isdigit():
                raise DomainError(_("Give the time limit in whole seconds."), field="time_limit")
            run = do_start_solver_run(unit=unit, mode=form["mode"], start=parse_date(form["start"], "start"),
                                      end=parse_date(form["end"], "end"), time_limit=int(limit),
                                      acting_user=request.user)
            return redirect("rostering:solver-run", pk=run.pk)
        except DomainError as exc:
            errors = {e.field or "form": e.message for e in exc.errors} or {"form": exc.message}
    runs = SolverRun.objects.filter(unit=unit).select_related("created_by")[:20]
    return render(request, "rostering/solver/optimise.html", {
        "unit": unit, "access": access, "form": form, "errors": errors, "runs": runs,
        "modes": SolverMode.choices}, status=400 if errors else 200)


def _chart(run: SolverRun):
    points = run.progress or []
    if len(points) < 2:
        return None
    labels = [f"{p[0]:g}s" for p in points]
    return line_chart(labels, {_("Best roster (objective)"): [p[1] for p in points],
                               _("Bound"): [p[2] for p in points]},
                      title=_("Objective and bound over time"), width=640, height=200,
                      css={_("Bound"): "series-2"})


def _grouped(changes: list[dict]) -> list[tuple[str, list[dict]]]:
    by_day: dict[str, list[dict]] = defaultdict(list)
    for c in changes:
        by_day[c["date"]].append(c)
    return [(dt.date.fromisoformat(day), sorted(rows, key=lambda c: c["name"])) for day, rows in sorted(by_day.items())]


def _context(request, run: SolverRun) -> dict:
    access = _access(request.user, run.unit)
    result = run.result or {}
    return {"run": run, "unit": run.unit, "access": access, "chart": _chart(run), "result": result,
            "days": _grouped(result.get("changes", [])), "accepted": set(run.accepted_changes or []),
            "can_accept": access == PLAN and not run.accepted_at and bool(result.get("changes"))
            and not run.is_active}


def run_page(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(SolverRun.objects.select_related("unit"), pk=pk)
    context = _context(request, run)
    if request.headers.get("HX-Request"):
        return render(request, "rostering/solver/_run_status.html", context)
    return render(request, "rostering/solver/run.html", context)


@require_POST
def run_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(SolverRun.objects.select_related("unit"), pk=pk)
    _require_plan(request.user, run.unit)
    try:
        do_cancel_solver_run(run=run, acting_user=request.user)
        messages.success(request, _("Cancel requested: the run stops and keeps the best roster found so far."))
    except DomainError as exc:
        messages.error(request, error_text(exc))
    return redirect("rostering:solver-run", pk=run.pk)


@require_POST
def run_accept(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(SolverRun.objects.select_related("unit"), pk=pk)
    _require_plan(request.user, run.unit)
    chosen = request.POST.getlist("change")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        if request.POST.get("all") != "1" and not chosen:
            raise DomainError(_("Tick the changes to accept, or accept all."), field="change_ids")
        results = do_accept_solver_result(run=run, change_ids=None if request.POST.get("all") == "1" else chosen,
                                          expected_version=version, reason=request.POST.get("reason", ""),
                                          acting_user=request.user)
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return redirect("rostering:solver-run", pk=run.pk)
    messages.success(request, _("%(n)s changes written to the roster.") % {"n": len(results)})
    return redirect(f"{_roster_url(run)}")


def _roster_url(run: SolverRun) -> str:
    from django.urls import reverse

    return f"{reverse('rostering:roster', args=[run.unit.code])}?start={run.start_date.isoformat()}"
