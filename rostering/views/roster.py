"""The roster grid of a unit and period, its inline cell editor (htmx), bulk apply/swap/copy, publishing."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError
from org.models import Unit
from org.permissions import editable_units, is_administrator, readable_units
from people.models import Person

from .. import compliance
from ..actions import (
    DutyConflict,
    do_apply_shift,
    do_copy_duties,
    do_materialise_duties,
    do_publish_roster,
    do_set_duty,
    do_swap_duties,
    parse_value,
)
from ..actions.duties import value_of
from ..actions.publishing import lead_time_of
from ..choices import DutyStatus
from ..grid import Summary, build_roster, mark_violations
from ..models import Duty, DutyChange, ShiftType
from ..staffing import daily_staffing
from ..teams import person_ids_in
from .common import PLAN, PUBLISHED, READ, error_text, monday, parse_date, require_access, require_planner, unit_by_code

MAX_GRID_DAYS = 92


def index(request: HttpRequest) -> HttpResponse:
    """The units whose rosters the user plans or reads."""
    planned = list(editable_units(request.user).exclude(kind="team")[:200])
    read = [u for u in readable_units(request.user).exclude(kind="team")[:200] if u not in planned]
    person = getattr(request.user, "person", None)
    return render(request, "rostering/index.html", {"planned": planned, "read": read, "person": person})


def _period(request: HttpRequest) -> tuple[dt.date, dt.date, str]:
    today = timezone.localdate()
    start = parse_date(request.GET.get("start"), "start", monday(today))
    span = request.GET.get("days", "28")
    if request.GET.get("end"):
        end = parse_date(request.GET.get("end"), "end")
        span = "custom"
    else:
        if span not in {"7", "14", "28", "56"}:
            span = "28"
        end = start + dt.timedelta(days=int(span) - 1)
    if end < start:
        raise DomainError(_("end: the last day must be on or after the first day."), field="end")
    if (end - start).days + 1 > MAX_GRID_DAYS:
        raise DomainError(_("end: show at most %(n)s days at once.") % {"n": MAX_GRID_DAYS}, field="end")
    return start, end, span


def grid_context(request: HttpRequest, unit: Unit, start: dt.date, end: dt.date, access: str,
                 *, check: bool = True, check_people: list[int] | None = None) -> dict:
    """The grid (or, for a unit too large for one, the summary by sub-unit) with its rule warnings and staffing
    foot. `check=False` skips the working-time check; `check_people` limits it to those people (a saved cell needs
    only its own person's warnings, not the whole area's)."""
    person = getattr(request.user, "person", None)
    only_published = access == PUBLISHED
    grid = build_roster(unit, start, end, only_published=only_published)
    if check and access in {PLAN, READ} and not isinstance(grid, Summary) and grid.rows:
        ids = [r.person.pk for r in grid.rows]
        if check_people is not None:
            wanted = set(check_people)
            ids = [pk for pk in ids if pk in wanted]
        mark_violations(grid, compliance.violations_for(ids, start, end))
    if access in {PLAN, READ}:
        # Planned against the unit's requirements at the foot of the grid (constant queries, see staffing.py).
        grid.staffing = daily_staffing(unit, start, end)
    return {"unit": unit, "grid": grid, "access": access, "can_plan": access == PLAN, "me": person,
            "start": start, "end": end,
            "staffing_base": reverse("rostering:staffing-day", args=[unit.code, "0"])[:-2]}


def roster(request: HttpRequest, code: str) -> HttpResponse:
    unit = unit_by_code(code)
    access = require_access(request.user, unit)
    try:
        start, end, span = _period(request)
    except DomainError as exc:
        messages.error(request, error_text(exc))
        start, end, span = monday(timezone.localdate()), monday(timezone.localdate()) + dt.timedelta(days=27), "28"
    ctx = grid_context(request, unit, start, end, access)
    length = (end - start).days + 1
    grid = ctx["grid"]
    ctx.update({
        "span": span,
        "prev_start": start - dt.timedelta(days=length), "next_start": start + dt.timedelta(days=length),
        "lead_time": lead_time_of(unit, start, end) if access == PLAN else None,
    })
    if isinstance(grid, Summary):
        # Too many people for a row each: people on duty per sub-unit, each a link to its own grid.
        ctx.update({"summary": grid, "period_query": f"start={start:%Y-%m-%d}&"
                    + (f"end={end:%Y-%m-%d}" if span == "custom" else f"days={span}")})
    else:
        ctx.update({
            "shift_types": ShiftType.objects.filter(active=True) if access == PLAN else [],
            "people": [r.person for r in grid.rows],
            "violation_count": sum(len(c.violations) for r in grid.rows for c in r.cells),
        })
    if ctx["lead_time"]:
        ctx["deadline"] = ctx["lead_time"].deadline(start)
        ctx["is_late"] = timezone.localdate() > ctx["deadline"]
    return render(request, "rostering/roster.html", ctx)
    ctx.update({
        "span": span,
        "prev_start": start - dt.timedelta(days=length), "next_start": start + dt.timedelta(days=length),
        "shift_types": ShiftType.objects.filter(active=True) if access == PLAN else [],
        "lead_time": lead_time_of(unit, start, end) if access == PLAN else None,
        "people": [r.person for r in ctx["grid"].rows],
        "violation_count": sum(len(c.violations) for r in ctx["grid"].rows for c in r.cells),
    })
    if ctx["lead_time"]:
        ctx["deadline"] = ctx["lead_time"].deadline(start)
        ctx["is_late"] = timezone.localdate() > ctx["deadline"]
    return render(request, "rostering/roster.html", ctx)


def _cell_date(day: str) -> dt.date:
    try:
        return parse_date(day, "date")
    except DomainError:
        raise Http404(_("No such day.")) from None


def _cell_target(unit: Unit, person_id: int, day: dt.date, user) -> tuple[Person, Duty | None]:
    """The person and their duty that day. A planner reaches only people on this unit's roster (administrators
    reach anyone): the unit in the URL must not be a way round the planner's sub-tree."""
    person = get_object_or_404(Person.objects.select_related("rank", "staff_group"), pk=person_id)
    duty = (Duty.objects.select_related("shift_type", "unit").filter(person=person, date=day)
            .exclude(status=DutyStatus.CANCELLED).first())
    on_roster = (duty.unit.path.startswith(unit.path) if duty is not None
                 else person.pk in person_ids_in(unit, day, day))
    if not on_roster and not is_administrator(user):
        raise PermissionDenied(_("%(person)s is not on the roster of %(unit)s on that day.")
                               % {"person": person.full_name, "unit": unit.name})
    return person, duty


def _editor(request: HttpRequest, unit: Unit, person: Person, day: dt.date, duty: Duty | None, *,
            error: str = "", conflict: dict | None = None, status: int = 200, saved: bool = False,
            form: dict | None = None) -> HttpResponse:
    value = value_of(duty)
    initial = ""
    if value.kind == "shift":
        initial = value.shift_type.code
    elif value.kind == "rest":
        initial = "RD"
    elif value.kind == "custom":
        initial = f"{value.start_time:%H:%M}-{value.end_time:%H:%M}"
    ctx = {
        "unit": unit, "person": person, "day": day, "duty": duty, "version": duty.version if duty else 0,
        "initial": initial, "shift_types": ShiftType.objects.filter(active=True), "error": error,
        "conflict": conflict, "saved": saved, "form": form or {},
        "grid_start": request.POST.get("grid_start") or request.GET.get("grid_start", ""),
        "grid_end": request.POST.get("grid_end") or request.GET.get("grid_end", ""),
        "changes": DutyChange.objects.filter(person=person, date=day).select_related("changed_by")[:5],
    }
    return render(request, "rostering/_cell_editor.html", ctx, status=status)


def cell(request: HttpRequest, code: str, person_id: int, day: str) -> HttpResponse:
    """GET: the editor for one cell. POST: save it; the answer updates the cell and the daily totals."""
    unit = unit_by_code(code)
    require_planner(request.user, unit)
    date = _cell_date(day)
    person, duty = _cell_target(unit, person_id, date, request.user)
    if request.method != "POST":
        return _editor(request, unit, person, date, duty)
    form = {"value": request.POST.get("value", ""), "reason": request.POST.get("reason", "")}
    try:
        value = parse_value(request.POST.get("value", ""))
        expected = int(request.POST.get("version", "0") or 0)
        do_set_duty(person=person, date=date, value=value, expected_version=expected,
                    reason=request.POST.get("reason", ""), acting_user=request.user)
    except DutyConflict as exc:
        person, duty = _cell_target(unit, person_id, date, request.user)
        return _editor(request, unit, person, date, duty, error=exc.message, conflict=exc.current, status=409,
                       form=form)
    except DomainError as exc:
        return _editor(request, unit, person, date, duty, error=error_text(exc), status=400, form=form)
    except ValueError:
        return _editor(request, unit, person, date, duty, error=_("version: reload the roster."), status=400)
    person, duty = _cell_target(unit, person_id, date, request.user)
    start = parse_date(request.POST.get("grid_start"), "grid_start", date)
    end = parse_date(request.POST.get("grid_end"), "grid_end", date)
    ctx = grid_context(request, unit, start, end, PLAN, check_people=[person.pk])
    if isinstance(ctx["grid"], Summary):  # a unit shown as a summary has no cell on the page to update
        return _editor(request, unit, person, date, duty, saved=True)
    ctx["saved_cell"] = ctx["grid"].cell(person.pk, date) if start <= date <= end else None
    ctx["saved_cell_html"] = ctx["saved_cell"].html(oob=True) if ctx["saved_cell"] else ""
    ctx["editor"] = _editor(request, unit, person, date, duty, saved=True).content.decode()
    return render(request, "rostering/_cell_saved.html", ctx)


@require_POST
def cell_check(request: HttpRequest, code: str, person_id: int, day: str) -> HttpResponse:
    """What the proposed value would break, before saving (the rules engine answers)."""
    unit = unit_by_code(code)
    require_planner(request.user, unit)
    date = _cell_date(day)
    person, duty = _cell_target(unit, person_id, date, request.user)
    try:
        value = parse_value(request.POST.get("value", ""))
    except DomainError as exc:
        return render(request, "rostering/_check.html", {"error": error_text(exc)})
    start, end = value.instants(date)
    proposal = compliance.Proposal(person.pk, date, start, end, value.break_minutes, remove=value.kind == "none")
    added, cleared = compliance.check_proposal(proposal)
    return render(request, "rostering/_check.html", {"added": added, "cleared": cleared, "value": value,
                                                     "published": duty.published if duty else False})


def _selected_cells(raw: str) -> list[tuple[Person, dt.date]]:
    keys = []
    for token in [t for t in raw.replace(" ", "").split(",") if t]:
        pid, _sep, day = token.partition("-")
        if not pid.isdigit() or len(day) != 8 or not day.isdigit():
            raise DomainError(_("cells: %(token)s is not a cell.") % {"token": token}, field="cells")
        keys.append((int(pid), dt.date(int(day[:4]), int(day[4:6]), int(day[6:]))))
    people = Person.objects.in_bulk({k[0] for k in keys})
    missing = {k[0] for k in keys} - set(people)
    if missing:
        raise DomainError(_("cells: no person %(id)s.") % {"id": min(missing)}, field="cells")
    return [(people[pid], day) for pid, day in keys]


@require_POST
def bulk(request: HttpRequest, code: str) -> HttpResponse:
    """Apply a value to selected cells, swap two cells, or copy one person's selected days onto another."""
    unit = unit_by_code(code)
    require_planner(request.user, unit)
    back = request.POST.get("back") or reverse("rostering:roster", args=[unit.code])
    if not back.startswith("/"):
        back = reverse("rostering:roster", args=[unit.code])
    op = request.POST.get("op", "apply")
    reason = request.POST.get("reason", "")
    try:
        cells = _selected_cells(request.POST.get("cells", ""))
        if op == "apply":
            value = parse_value(request.POST.get("value", ""))
            results = do_apply_shift(cells=cells, value=value, reason=reason, acting_user=request.user)
            messages.success(request, _("%(value)s applied to %(n)s cells.") % {"value": value.label(),
                                                                                 "n": len(results)})
        elif op == "swap":
            if len(cells) != 2:
                raise DomainError(_("cells: select exactly two cells to swap."), field="cells")
            do_swap_duties(first=cells[0], second=cells[1], reason=reason, acting_user=request.user)
            messages.success(request, _("Swapped."))
        elif op == "copy":
            sources = {p for p, _d in cells}
            if len(sources) != 1:
                raise DomainError(_("cells: select days of one person to copy."), field="cells")
            target_id = request.POST.get("target", "")
            target = Person.objects.filter(pk=int(target_id)).first() if target_id.isdigit() else None
            if target is None:
                raise DomainError(_("target: choose the person to copy to."), field="target")
            do_copy_duties(source=cells[0][0], targets=[target], dates=[d for _p, d in cells], reason=reason,
                           acting_user=request.user)
            messages.success(request, _("Copied %(n)s days to %(person)s.") % {"n": len(cells),
                                                                                "person": target.full_name})
        else:
            raise DomainError(_("op: choose apply, swap or copy."), field="op")
    except DutyConflict as exc:
        messages.error(request, exc.message)
    except DomainError as exc:
        messages.error(request, error_text(exc))
    return redirect(back)


@require_POST
def materialise(request: HttpRequest, code: str) -> HttpResponse:
    unit = unit_by_code(code)
    require_planner(request.user, unit)
    try:
        start = parse_date(request.POST.get("start"), "start")
        end = parse_date(request.POST.get("end"), "end")
        result = do_materialise_duties(unit=unit, start=start, end=end, acting_user=request.user)
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return redirect("rostering:roster", unit.code)
    messages.success(request, _("Base roster built: %(created)s duties and %(rest)s rest days created, %(kept)s "
                                "days already planned kept, %(skipped)s published days left alone.")
                     % {"created": result.created, "rest": result.rest_days, "kept": result.kept,
                        "skipped": result.skipped_published})
    return redirect(f"{reverse('rostering:roster', args=[unit.code])}?start={start}&end={end}")


@require_POST
def publish(request: HttpRequest, code: str) -> HttpResponse:
    unit = unit_by_code(code)
    require_planner(request.user, unit)
    try:
        start = parse_date(request.POST.get("start"), "start")
        end = parse_date(request.POST.get("end"), "end")
        period = do_publish_roster(unit=unit, start=start, end=end, late_reason=request.POST.get("late_reason", ""),
                                   acting_user=request.user)
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return redirect(request.POST.get("back") or reverse("rostering:roster", args=[unit.code]))
    if period.late:
        messages.warning(request, _("Published late: %(rule)s; %(days)s days' notice given. Recorded with your "
                                    "reason.") % {"rule": period.lead_time_rule, "days": period.notice_days})
    else:
        messages.success(request, _("Published with %(days)s days' notice (%(rule)s).")
                         % {"days": period.notice_days, "rule": period.lead_time_rule})
    return redirect(f"{reverse('rostering:roster', args=[unit.code])}?start={start}&end={end}")


def changes(request: HttpRequest, code: str) -> HttpResponse:
    """Duty changes after publication in a unit: who, when, old, new, reason, notice and compensation."""
    unit = unit_by_code(code)
    access = require_access(request.user, unit)
    if access == PUBLISHED:
        raise PermissionDenied(_("Duty changes of a unit are for its planners and managers; see My duties."))
    rows = (DutyChange.objects.filter(unit__path__startswith=unit.path)
            .select_related("person", "changed_by", "unit")[:500])
    return render(request, "rostering/changes.html", {"unit": unit, "changes": rows})
