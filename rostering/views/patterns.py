"""Shift types, the pattern editor (with live hours, nights, weekends, rule check and coverage), teams."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError
from org.models import Unit
from org.permissions import editable_units, has_any_role, is_administrator
from people.models import Person

from .. import compliance
from ..actions import (
    do_assign_team_pattern,
    do_import_library_pattern,
    do_join_team,
    do_save_pattern,
    do_save_shift_type,
)
from ..library import library_patterns
from ..models import ShiftPattern, ShiftType, TeamPattern
from ..models.shifts import MAX_PATTERN_WEEKS
from ..projection import ShiftTimes, summarise
from ..teams import stints, teams_under
from .common import error_text, monday, parse_date, require_planner, unit_by_code

RULE_PACKS = ["police-officer", "police-staff", "nhs-afc", "nhs-ambulance", "police-officer-scotland"]


def _require_role(user) -> None:
    if not has_any_role(user):
        raise PermissionDenied(_("Shift types and patterns are for planners, managers and administrators."))


def _time(value: str, field: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value)
    except (TypeError, ValueError):
        raise DomainError(_("%(field)s: give a time as HH:MM.") % {"field": field}, field=field) from None


def _unit_choice(request: HttpRequest) -> Unit | None:
    raw = request.POST.get("unit", "")
    if not raw:
        return None
    return get_object_or_404(Unit, pk=int(raw)) if raw.isdigit() else None


def _save_shift_type(request: HttpRequest, shift_type: ShiftType | None) -> ShiftType:
    post = request.POST
    return do_save_shift_type(
        shift_type=shift_type, code=post.get("code", ""), name=post.get("name", ""),
        start_time=_time(post.get("start_time", ""), "start_time"),
        end_time=_time(post.get("end_time", ""), "end_time"),
        break_minutes=int(post.get("break_minutes") or 0), break_paid=bool(post.get("break_paid")),
        colour=post.get("colour", "#dfe7f5"), counts_as_night=bool(post.get("counts_as_night")),
        role=post.get("role", ""), unit=_unit_choice(request), active=post.get("active", "on") == "on",
        acting_user=request.user, reason=post.get("reason", ""))


def shift_types(request: HttpRequest) -> HttpResponse:
    _require_role(request.user)
    if request.method == "POST":
        try:
            st = _save_shift_type(request, None)
        except (DomainError, ValueError) as exc:
            messages.error(request, error_text(exc) if isinstance(exc, DomainError) else str(exc))
        else:
            messages.success(request, _("Shift type %(code)s created.") % {"code": st.code})
            return redirect("rostering:shift-types")
    return render(request, "rostering/shift_types.html", {
        "shift_types": ShiftType.objects.select_related("unit"), "units": editable_units(request.user)[:200],
        "is_admin": is_administrator(request.user), "form": request.POST})


def shift_type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role(request.user)
    st = get_object_or_404(ShiftType, pk=pk)
    if request.method == "POST":
        try:
            _save_shift_type(request, st)
        except (DomainError, ValueError) as exc:
            messages.error(request, error_text(exc) if isinstance(exc, DomainError) else str(exc))
        else:
            messages.success(request, _("Shift type %(code)s saved.") % {"code": st.code})
            return redirect("rostering:shift-types")
    return render(request, "rostering/shift_type_edit.html", {
        "st": st, "units": editable_units(request.user)[:200], "is_admin": is_administrator(request.user)})


def shift_types_css(request: HttpRequest) -> HttpResponse:
    """Shift colours as a stylesheet: CSP forbids inline styles, and colours are validated #rrggbb."""
    rules = [f".st-{pk}{{background:{colour}}}" for pk, colour in ShiftType.objects.values_list("pk", "colour")]
    response = HttpResponse("\n".join(rules), content_type="text/css")
    response["Cache-Control"] = "private, max-age=60"
    return response


def pattern_list(request: HttpRequest) -> HttpResponse:
    _require_role(request.user)
    imported = set(ShiftPattern.objects.values_list("library_code", flat=True))
    return render(request, "rostering/patterns.html", {
        "patterns": ShiftPattern.objects.select_related("unit"),
        "library": library_patterns(), "imported": imported,
        "units": editable_units(request.user).exclude(kind="team")[:200], "is_admin": is_administrator(request.user)})


@require_POST
def pattern_import(request: HttpRequest) -> HttpResponse:
    _require_role(request.user)
    try:
        pattern = do_import_library_pattern(code=request.POST.get("code", ""), unit=_unit_choice(request),
                                            acting_user=request.user)
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return redirect("rostering:patterns")
    messages.success(request, _("%(name)s is ready to use.") % {"name": pattern.name})
    back = request.POST.get("back", "")
    return redirect(back if back.startswith("/") else "rostering:patterns")


def _days_from_post(request: HttpRequest, weeks: int) -> list[str]:
    return [request.POST.get(f"d{i}", "") for i in range(weeks * 7)]


def _weeks(request: HttpRequest, default: int) -> int:
    raw = request.POST.get("weeks", "")
    return min(max(int(raw), 1), MAX_PATTERN_WEEKS) if raw.isdigit() else default


def _stats(days: list[str], teams: int, rule_pack: str) -> dict:
    types = {st.code: st for st in ShiftType.objects.filter(code__in=set(days) - {""})}
    times = {c: ShiftTimes(c, st.start_time, st.end_time, st.break_minutes, st.break_paid, st.counts_as_night)
             for c, st in types.items()}
    summary = summarise(days, times, teams)
    unknown = sorted({d for d in days if d and d not in types and d.upper() != "RD"})
    clean = [d if d in types else "" for d in days]
    violations = compliance.check_pattern(clean, types, rule_pack) if any(clean) else []
    peak = max(summary.coverage_max, 1)
    bars = [{"x": i * 4, "h": round(v / peak * 80, 1), "y": round(80 - v / peak * 80, 1), "v": v,
             "label": f"{['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][i // 24]} {i % 24:02d}:00"}
            for i, v in enumerate(summary.coverage)]
    return {"summary": summary, "violations": violations, "bars": bars, "unknown": unknown, "peak": peak,
            "day_ticks": [{"x": d * 96 + 2, "label": n} for d, n in enumerate(
                ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])]}


def pattern_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Design a pattern: a grid of weeks × days; the figures on the right follow every change (htmx)."""
    _require_role(request.user)
    pattern = get_object_or_404(ShiftPattern, pk=pk) if pk else None
    weeks = _weeks(request, pattern.weeks if pattern else 5)
    if request.method == "POST" and request.POST.get("op") != "resize":
        days = _days_from_post(request, weeks)
        try:
            saved = do_save_pattern(
                pattern=pattern, code=request.POST.get("code", ""), name=request.POST.get("name", ""), weeks=weeks,
                days=days, teams=int(request.POST.get("teams") or 1), rule_pack=request.POST.get("rule_pack", ""),
                description=request.POST.get("description", ""), unit=_unit_choice(request),
                expected_version=int(request.POST.get("version") or 0) or None, acting_user=request.user,
                reason=request.POST.get("reason", ""))
        except DomainError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Pattern %(name)s saved.") % {"name": saved.name})
            return redirect("rostering:pattern-edit", saved.pk)
    if request.method == "POST":
        days = _days_from_post(request, weeks)
        data = request.POST
    else:
        days = list(pattern.days) if pattern else [""] * weeks * 7
        data = {"code": pattern.code, "name": pattern.name, "teams": pattern.teams, "rule_pack": pattern.rule_pack,
                "description": pattern.description, "unit": pattern.unit_id or ""} if pattern else {"teams": weeks}
    days = (days + [""] * weeks * 7)[: weeks * 7]
    teams = int(data.get("teams") or 1)
    rule_pack = data.get("rule_pack") or ""
    rows = [[{"i": w * 7 + d, "code": days[w * 7 + d]} for d in range(7)] for w in range(weeks)]
    can_edit = pattern is None or is_administrator(request.user) or (
        pattern.unit is not None and editable_units(request.user).filter(pk=pattern.unit_id).exists())
    return render(request, "rostering/pattern_edit.html", {
        "pattern": pattern, "weeks": weeks, "rows": rows, "data": data, "can_edit": can_edit,
        "shift_types": ShiftType.objects.filter(active=True), "rule_packs": RULE_PACKS,
        "units": editable_units(request.user).exclude(kind="team")[:200], "max_weeks": MAX_PATTERN_WEEKS,
        **_stats(days, teams, rule_pack)})


@require_POST
def pattern_preview(request: HttpRequest) -> HttpResponse:
    _require_role(request.user)
    weeks = _weeks(request, 1)
    days = _days_from_post(request, weeks)
    return render(request, "rostering/_pattern_stats.html",
                  _stats(days, int(request.POST.get("teams") or 1), request.POST.get("rule_pack", "")))


def teams(request: HttpRequest, code: str) -> HttpResponse:
    """The teams under a unit: which pattern each follows (anchor, offset) and who is on it."""
    unit = unit_by_code(code)
    require_planner(request.user, unit)
    today = timezone.localdate()
    if request.method == "POST":
        _teams_post(request, unit)
        return redirect("rostering:teams", unit.code)
    team_list = teams_under(unit)
    members = stints([t.pk for t in team_list], today, today + dt.timedelta(days=365))
    people = Person.objects.in_bulk({s.person_id for rows in members.values() for s in rows})
    assignments = TeamPattern.objects.filter(team__in=team_list).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)).select_related("pattern")
    by_team: dict[int, list] = {}
    for a in assignments:
        by_team.setdefault(a.team_id, []).append(a)
    rows = [{"team": t, "assignments": by_team.get(t.pk, []),
             "members": [(people[s.person_id], s) for s in members.get(t.pk, []) if s.person_id in people]}
            for t in team_list]
    candidates = Person.objects.filter(Q(home_unit__path__startswith=unit.path) | Q(home_unit__isnull=True)).filter(
        Q(leave_date__isnull=True) | Q(leave_date__gte=today)).order_by("last_name")[:500]
    return render(request, "rostering/teams.html", {
        "unit": unit, "rows": rows, "patterns": ShiftPattern.objects.all(), "library": library_patterns(),
        "imported": set(ShiftPattern.objects.values_list("library_code", flat=True)),
        "next_monday": monday(today) + dt.timedelta(days=7), "candidates": candidates})


def _teams_post(request: HttpRequest, unit: Unit) -> None:
    op = request.POST.get("op", "")
    try:
        if op in {"assign-all", "assign"}:
            pattern = get_object_or_404(ShiftPattern, pk=int(request.POST.get("pattern") or 0))
            anchor = parse_date(request.POST.get("anchor_date"), "anchor_date")
            start = parse_date(request.POST.get("start_date"), "start_date", anchor)
            if op == "assign-all":
                team_list = teams_under(unit)
                if not team_list:
                    raise DomainError(_("%(unit)s has no teams.") % {"unit": unit}, field="unit")
                for k, team in enumerate(team_list):
                    do_assign_team_pattern(team=team, pattern=pattern, anchor_date=anchor, start_date=start,
                                           offset_days=pattern.team_offset_days(k), acting_user=request.user)
                messages.success(request, _("%(n)s teams follow %(pattern)s from %(date)s, %(step)s days apart.")
                                 % {"n": len(team_list), "pattern": pattern.name, "date": start.strftime("%d %b %Y"),
                                    "step": pattern.cycle_days // max(pattern.teams, 1)})
            else:
                team = get_object_or_404(Unit, pk=int(request.POST.get("team") or 0))
                do_assign_team_pattern(team=team, pattern=pattern, anchor_date=anchor, start_date=start,
                                       offset_days=int(request.POST.get("offset_days") or 0), acting_user=request.user)
                messages.success(request, _("%(team)s follows %(pattern)s.") % {"team": team, "pattern": pattern})
        elif op == "join":
            person = get_object_or_404(Person, pk=int(request.POST.get("person") or 0))
            team = get_object_or_404(Unit, pk=int(request.POST.get("team") or 0))
            do_join_team(person=person, team=team, start_date=parse_date(request.POST.get("start_date"), "start_date"),
                         acting_user=request.user)
            messages.success(request, _("%(person)s joins %(team)s.") % {"person": person.full_name, "team": team})
        else:
            raise DomainError(_("op: unknown action."), field="op")
    except DomainError as exc:
        messages.error(request, error_text(exc))
    except ValueError:
        messages.error(request, _("offset_days: give a whole number of days."))
