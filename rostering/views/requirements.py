"""The staffing requirements editor of a unit (weekly bands, overrides, templates, a week at a glance) and the
hour-by-hour staffing of one roster day.

Forms post normally and work without JavaScript; with htmx the editors load into the side panel, a refused
form comes back there with each message beside its field, and a saved one reloads the page."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.calendar import bank_holidays
from common.errors import DomainError
from org.models import Rank, Unit
from people.models import Person, Skill

from ..actions import (
    do_apply_requirement_template,
    do_create_requirement,
    do_delete_requirement,
    do_delete_requirement_override,
    do_set_requirement_override,
    do_update_requirement,
    requirement_templates,
)
from ..models import Requirement, RequirementOverride
from ..models.requirements import WEEKDAY_NAMES, band_label, who_label
from ..staffing import coverage, week_profile
from .common import PLAN, READ, error_text, monday, roster_access, unit_by_code

REQUIREMENT_FORM_FIELDS = ("rank", "skill", "start_time", "end_time", "minimum", "target", "effective_from",
                           "effective_to", "note", "version")
OVERRIDE_FORM_FIELDS = ("date", "start_time", "end_time", "rank", "skill", "minimum", "target", "reason", "version")


def _access(user, unit: Unit) -> str:
    """Planners edit, managers read; staff see staffing through the published roster only."""
    access = roster_access(user, unit)
    if access not in {PLAN, READ}:
        raise PermissionDenied(_("Staffing requirements of %(unit)s are for its planners and managers.")
                               % {"unit": unit.name})
    return access


def _require_plan(user, unit: Unit) -> None:
    if _access(user, unit) != PLAN:
        raise PermissionDenied(_("You do not plan %(unit)s, so you cannot change its staffing requirements.")
                               % {"unit": unit.name})


def _page_url(unit: Unit, anchor: str = "") -> str:
    # The query string makes the browser load the page again: a URL differing only by its #fragment would just
    # scroll. It also tells the page which line to highlight.
    url = reverse("rostering:requirements", args=[unit.code])
    return f"{url}?changed={anchor}#{anchor}" if anchor else url


def _done(request: HttpRequest, unit: Unit, text: str, anchor: str = "") -> HttpResponse:
    messages.success(request, text)
    url = _page_url(unit, anchor)
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _choices() -> dict:
    ranks = defaultdict(list)
    for rank in Rank.objects.select_related("staff_group").order_by("staff_group__name", "-seniority"):
        ranks[rank.staff_group.name].append(rank)
    return {"rank_groups": sorted(ranks.items()), "skills": list(Skill.objects.order_by("name")),
            "weekday_names": list(enumerate(WEEKDAY_NAMES))}


def _pick(model, raw: str, field: str):
    if not raw:
        return None
    found = model.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if found is None:
        raise DomainError(_("Choose one from the list."), field=field)
    return found


def _date(raw: str, field: str) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise DomainError(_("%(value)s is not a date; use YYYY-MM-DD.") % {"value": raw}, field=field) from None


def _errors(exc: DomainError) -> dict[str, str]:
    out: dict[str, str] = {}
    for e in exc.errors:
        out.setdefault(e.field or "form", e.message)
    if not exc.errors:
        out["form"] = exc.message
    return out


# --- the page ------------------------------------------------------------------------------------------------------

def _form_of(requirement: Requirement | None) -> dict:
    if requirement is None:
        return {"weekdays": list("0123456"), "effective_from": timezone.localdate().isoformat(), "start_time": "07:00",
                "end_time": "17:00", "minimum": "1", "target": ""}
    return {"rank": str(requirement.rank_id or ""), "skill": str(requirement.skill_id or ""),
            "weekdays": list(requirement.weekdays), "start_time": f"{requirement.start_time:%H:%M}",
            "end_time": f"{requirement.end_time:%H:%M}", "minimum": str(requirement.minimum),
            "target": str(requirement.target), "effective_from": requirement.effective_from.isoformat(),
            "effective_to": requirement.effective_to.isoformat() if requirement.effective_to else "",
            "note": requirement.note, "version": str(requirement.version)}


def _override_form_of(override: RequirementOverride | None, day: dt.date | None = None) -> dict:
    if override is None:
        return {"date": day.isoformat() if day else "", "start_time": "00:00", "end_time": "00:00", "minimum": "",
                "target": ""}
    return {"date": override.date.isoformat() if override.date else "", "on_bank_holidays": override.on_bank_holidays,
            "start_time": f"{override.start_time:%H:%M}", "end_time": f"{override.end_time:%H:%M}",
            "rank": str(override.rank_id or ""), "skill": str(override.skill_id or ""),
            "minimum": str(override.minimum), "target": str(override.target), "reason": override.reason,
            "version": str(override.version)}


def requirements(request: HttpRequest, code: str) -> HttpResponse:
    """The unit's requirements: weekly bands, a week at a glance, overrides, templates."""
    unit = unit_by_code(code)
    access = _access(request.user, unit)
    editing = None
    if request.GET.get("edit", "").isdigit():
        editing = Requirement.objects.filter(unit=unit, pk=int(request.GET["edit"])).first()
    override = None
    if request.GET.get("override", "").isdigit():
        override = RequirementOverride.objects.filter(unit=unit, pk=int(request.GET["override"])).first()
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))  # "different numbers on this date…"
    except ValueError:
        day = None
    return _page(request, unit, access, editing=editing, form=_form_of(editing), override=override,
                 override_form=_override_form_of(override, day))


def _page(request: HttpRequest, unit: Unit, access: str, *, editing=None, form=None, errors=None, override=None,
          override_form=None, override_errors=None, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    try:
        week = monday(dt.date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        week = monday(today)
    rows = sorted(Requirement.objects.filter(unit=unit).select_related("rank", "skill"), key=_line_order)
    current = [r for r in rows if r.effective_to is None or r.effective_to >= today]
    ended = [r for r in rows if r.effective_to is not None and r.effective_to < today]
    overrides = list(RequirementOverride.objects.filter(unit=unit).exclude(date__lt=today - dt.timedelta(days=30))
                     .select_related("rank", "skill").order_by("-on_bank_holidays", "date", "start_time"))
    ctx = {
        "unit": unit, "access": access, "can_plan": access == PLAN, "current": current, "ended": ended,
        "editing": editing, "form": form or _form_of(None), "errors": errors or {},
        "override": override, "override_form": override_form or _override_form_of(None),
        "override_errors": override_errors or {}, "overrides": overrides,
        "holidays": sorted(bank_holidays(unit.bank_holiday_region, today, today + dt.timedelta(days=365)).items()),
        "templates": requirement_templates(), "week": week, "week_end": week + dt.timedelta(days=6),
        "prev_week": week - dt.timedelta(days=7), "next_week": week + dt.timedelta(days=7),
        "hours": range(24), "today": today, **_changed(request.GET.get("changed", "")), **_choices(),
    }
    days = [week + dt.timedelta(days=i) for i in range(7)]
    ctx["profile"] = [(row.label, list(zip(days, row.hours, strict=True))) for row in week_profile(unit, week)]
    return render(request, "rostering/requirements.html", ctx, status=status)


def _changed(anchor: str) -> dict:
    """"req-5" / "override-7" (the line just saved) → which row the page highlights."""
    kind, _sep, number = anchor.partition("-")
    pk = int(number) if number.isdigit() else None
    return {"changed_requirement": pk if kind == "req" else None,
            "changed_override": pk if kind == "override" else None}


def _line_order(r: Requirement) -> tuple:
    # As the roster's foot: ranks by seniority, then "anyone", then skills; within each, by time of day.
    return (r.skill_id is not None, r.rank_id is None, -(r.rank.seniority if r.rank_id else 0),
            r.skill.name if r.skill_id else "", r.rank.name if r.rank_id else "", r.start_time, r.weekdays,
            r.effective_from)


def _refused(request: HttpRequest, unit: Unit, exc: DomainError, *, editing=None, form: dict,
             override_form: dict | None = None, override=None, which: str = "requirement") -> HttpResponse:
    """A refused form: in the side panel (htmx) or the whole page, with each message beside its field."""
    errors = _errors(exc)
    if request.headers.get("HX-Request"):
        template = "rostering/_requirement_form.html" if which == "requirement" else "rostering/_override_form.html"
        ctx = {"unit": unit, "editing": editing, "override": override, "form": form, "errors": errors,
               "override_form": override_form or {}, "override_errors": errors, **_choices()}
        return render(request, template, ctx, status=400)
    if which == "requirement":
        return _page(request, unit, PLAN, editing=editing, form=form, errors=errors, status=400)
    return _page(request, unit, PLAN, override=override, override_form=override_form, override_errors=errors,
                 status=400)


# --- weekly requirements -------------------------------------------------------------------------------------------

def _posted(request: HttpRequest) -> dict:
    form = {name: request.POST.get(name, "").strip() for name in REQUIREMENT_FORM_FIELDS}
    form["weekdays"] = request.POST.getlist("weekdays")
    return form


def _requirement_values(form: dict) -> dict:
    return {"rank": _pick(Rank, form["rank"], "rank"), "skill": _pick(Skill, form["skill"], "skill"),
            "weekdays": "".join(form["weekdays"]), "start_time": form["start_time"], "end_time": form["end_time"],
            "minimum": form["minimum"] or None, "target": form["target"] or None,
            "effective_from": _date(form["effective_from"], "effective_from"),
            "effective_to": _date(form["effective_to"], "effective_to"), "note": form["note"]}


def requirement_new(request: HttpRequest, code: str) -> HttpResponse:
    """GET: a blank editor (htmx). POST: add the requirement."""
    unit = unit_by_code(code)
    _require_plan(request.user, unit)
    if request.method != "POST":
        return render(request, "rostering/_requirement_form.html",
                      {"unit": unit, "form": _form_of(None), "errors": {}, **_choices()})
    form = _posted(request)
    try:
        row = do_create_requirement(unit=unit, **_requirement_values(form), acting_user=request.user)
    except DomainError as exc:
        return _refused(request, unit, exc, form=form)
    return _done(request, unit, _("Added: %(req)s.") % {"req": row}, f"req-{row.pk}")


def requirement_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """GET: the editor for one requirement (htmx, else the page with it open). POST: save it."""
    unit = unit_by_code(code)
    row = get_object_or_404(Requirement.objects.select_related("rank", "skill"), unit=unit, pk=pk)
    if request.method != "POST":
        _access(request.user, unit)
        if not request.headers.get("HX-Request"):
            return redirect(f"{_page_url(unit)}?edit={row.pk}#editor")
        _require_plan(request.user, unit)
        return render(request, "rostering/_requirement_form.html",
                      {"unit": unit, "editing": row, "form": _form_of(row), "errors": {}, **_choices()})
    _require_plan(request.user, unit)
    form = _posted(request)
    try:
        version = int(form["version"]) if form["version"].isdigit() else None
        row = do_update_requirement(requirement=row, **_requirement_values(form), expected_version=version,
                                    acting_user=request.user)
    except DomainError as exc:
        return _refused(request, unit, exc, editing=row, form=form)
    return _done(request, unit, _("Saved: %(req)s.") % {"req": row}, f"req-{row.pk}")


@require_POST
def requirement_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = unit_by_code(code)
    _require_plan(request.user, unit)
    row = get_object_or_404(Requirement.objects.select_related("rank", "skill"), unit=unit, pk=pk)
    text = str(row)
    do_delete_requirement(requirement=row, acting_user=request.user)
    return _done(request, unit, _("Removed: %(req)s.") % {"req": text}, "weekly")


# --- overrides -----------------------------------------------------------------------------------------------------

def _override_values(form: dict) -> dict:
    return {"date": None if form["on_bank_holidays"] else _date(form["date"], "date"),
            "on_bank_holidays": form["on_bank_holidays"], "start_time": form["start_time"],
            "end_time": form["end_time"], "rank": _pick(Rank, form["rank"], "rank"),
            "skill": _pick(Skill, form["skill"], "skill"), "minimum": form["minimum"] or None,
            "target": form["target"] or None, "reason": form["reason"]}


def override_set(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    """GET: the override editor (new, or override `pk`). POST: save it (an override of the same date, band, rank
    and skill is changed rather than duplicated)."""
    unit = unit_by_code(code)
    override = get_object_or_404(RequirementOverride, unit=unit, pk=pk) if pk is not None else None
    if request.method != "POST":
        _access(request.user, unit)
        if not request.headers.get("HX-Request"):
            return redirect(f"{_page_url(unit)}?override={pk or ''}#override-editor")
        _require_plan(request.user, unit)
        day = _date(request.GET.get("date", ""), "date") if request.GET.get("date") else None
        return render(request, "rostering/_override_form.html",
                      {"unit": unit, "override": override, "override_form": _override_form_of(override, day),
                       "override_errors": {}, **_choices()})
    _require_plan(request.user, unit)
    form = {name: request.POST.get(name, "").strip() for name in OVERRIDE_FORM_FIELDS}
    form["on_bank_holidays"] = bool(request.POST.get("on_bank_holidays"))
    try:
        version = int(form["version"]) if form["version"].isdigit() else None
        row = do_set_requirement_override(unit=unit, **_override_values(form), override=override,
                                          expected_version=version, acting_user=request.user)
    except DomainError as exc:
        return _refused(request, unit, exc, override=override, override_form=form, form=_form_of(None),
                        which="override")
    return _done(request, unit, _("Override saved: %(o)s.") % {"o": row}, f"override-{row.pk}")


@require_POST
def override_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = unit_by_code(code)
    _require_plan(request.user, unit)
    row = get_object_or_404(RequirementOverride.objects.select_related("rank", "skill"), unit=unit, pk=pk)
    text = str(row)
    do_delete_requirement_override(override=row, acting_user=request.user)
    return _done(request, unit, _("Override removed: %(o)s.") % {"o": text}, "overrides")


@require_POST
def template_apply(request: HttpRequest, code: str) -> HttpResponse:
    unit = unit_by_code(code)
    _require_plan(request.user, unit)
    try:
        created = do_apply_requirement_template(
            unit, request.POST.get("template", ""), effective_from=_date(request.POST.get("effective_from", ""),
                                                                         "effective_from"),
            replace=bool(request.POST.get("replace")), acting_user=request.user)
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return redirect(_page_url(unit, "templates"))
    return _done(request, unit, _("%(n)s requirements added from the template.") % {"n": len(created)}, "weekly")


# --- one roster day, hour by hour -----------------------------------------------------------------------------------

def staffing_day(request: HttpRequest, code: str, day: str) -> HttpResponse:
    """Planned vs minimum vs target per hour of one day for each requirement, with who is counted. The roster
    grid's foot links here (htmx fills the panel under the grid)."""
    unit = unit_by_code(code)
    access = _access(request.user, unit)
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404(_("No such day.")) from None
    rows = coverage(unit, date, date)
    names = dict((p.pk, f"{p.last_name}, {p.first_name}") for p in
                 Person.objects.filter(pk__in={pid for r in rows for pid in r.people}).only("first_name", "last_name"))
    keys: dict[tuple, str] = {}
    ranks = Rank.objects.in_bulk({r.rank_id for r in rows if r.rank_id})
    skills = Skill.objects.in_bulk({r.skill_id for r in rows if r.skill_id})
    for r in rows:
        keys.setdefault((r.rank_id, r.skill_id), who_label(ranks.get(r.rank_id), skills.get(r.skill_id)))
    starts = sorted({r.start for r in rows})
    by_cell = {(r.start, (r.rank_id, r.skill_id)): r for r in rows}
    ends = {r.start: r.end for r in rows}
    table: list[dict] = []
    for start in starts:
        cells = []
        for key in keys:
            r = by_cell.get((start, key))
            if r is None:
                cells.append(None)
                continue
            status = "short" if r.shortfall else "below" if r.below_target else "over" if r.over_target else "ok"
            cells.append({"row": r, "status": status, "who": "\n".join(names.get(p, str(p)) for p in r.people)})
        # Consecutive hours with the same numbers and the same people read as one band: 07:00–15:00 5 / 6.
        same = [(c["row"].planned, c["row"].minimum, c["row"].target, c["row"].people) if c else None for c in cells]
        if table and table[-1]["same"] == same and table[-1]["end"] == start:
            table[-1]["end"] = ends[start]
        else:
            table.append({"start": start, "end": ends[start], "cells": cells, "same": same})
    for line in table:
        line["label"] = band_label(timezone.localtime(line["start"]).time(), timezone.localtime(line["end"]).time())
    overrides = RequirementOverride.objects.filter(unit=unit, date=date).select_related("rank", "skill")
    holiday = bank_holidays(unit.bank_holiday_region, date, date).get(date)
    ctx = {"unit": unit, "day": date, "keys": list(keys.values()), "table": table, "access": access,
           "can_plan": access == PLAN, "overrides": list(overrides), "holiday": holiday}
    template = "rostering/_staffing_day.html" if request.headers.get("HX-Request") else "rostering/staffing_day.html"
    return render(request, template, ctx)
