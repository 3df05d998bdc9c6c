"""Cover pages: the staffing board (htmx polls it every 30 s), reporting on the day, the ranked options for a gap
with one-click apply, and the roll call (CSV too). Thin: the work is in board.py, options.py, actions.py and
rollcall.py; permissions are the rostering ones (planners change, managers read)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from absence.permissions import sees_health_data_in
from common.errors import DomainError
from org.choices import UnitKind
from org.models import Unit
from org.permissions import can_edit_unit, readable_units
from people.models import Person
from rostering.choices import DutyStatus
from rostering.models import Duty
from rostering.permissions import require_read

from .actions import do_apply_cover_option, do_report_on_day
from .board import DAY_CHOICES, build_board
from .choices import DayReportKind
from .models import DayReport
from .options import find_options, shortfall
from .rollcall import as_csv, roll_call

# Fields the report form shows an error next to; any other (an overlapping absence, say) shows above the form.
REPORT_FIELDS = {"date", "kind", "minutes_late", "from_time"}


def _unit(request: HttpRequest, code: str) -> Unit:
    unit = get_object_or_404(Unit, code=code)
    require_read(request.user, unit)
    return unit


def _date(value: str | None, default: dt.date, field: str) -> dt.date:
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DomainError(_("%(field)s: give a date as YYYY-MM-DD.") % {"field": field}, field=field) from None


def _instant(value: str | None, field: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value or "")
    except ValueError:
        raise DomainError(_("%(field)s: give a date and time.") % {"field": field}, field=field) from None
    return moment if moment.tzinfo else timezone.make_aware(moment)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def options_url(gap) -> str:
    query = {"rank": gap.rank_id or "", "skill": gap.skill_id or "", "start": gap.start.isoformat(),
             "end": gap.end.isoformat()}
    return reverse("cover:options", args=[gap.unit.code]) + "?" + urlencode(query)


@login_required
def board(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(request, code)
    today = timezone.localdate()
    try:
        start = _date(request.GET.get("start"), today, "start")
        days = int(request.GET.get("days") or 7)
        detail = _date(request.GET.get("day"), start, "day")
        data = build_board(unit, start, days, user=request.user, detail_day=detail)
    except (DomainError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
        data = build_board(unit, today, 7, user=request.user)
    reports = list(DayReport.objects.filter(unit__path__startswith=unit.path, date__range=(data.start, data.days[-1]))
                   .select_related("person", "unit")[:50])
    ctx = {"unit": unit, "board": data, "day_choices": DAY_CHOICES, "can_plan": can_edit_unit(request.user, unit),
           "reports": reports, "health": sees_health_data_in(request.user, unit),
           "gap_links": [(g, options_url(g)) for g in data.gaps]}
    template = "cover/_board.html" if request.headers.get("HX-Request") else "cover/board.html"
    return render(request, template, ctx)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(request, code)
    if not can_edit_unit(request.user, unit):
        raise PermissionDenied(_("You do not plan %(unit)s, so you cannot report on its duties.") % {"unit": unit})
    day = _date(request.POST.get("date") or request.GET.get("date"), timezone.localdate(), "date")
    errors: dict[str, str] = {}
    if request.method == "POST":
        person = get_object_or_404(Person, pk=_int(request.POST.get("person")) or 0)
        try:
            from_time = dt.time.fromisoformat(request.POST["from_time"]) if request.POST.get("from_time") else None
            made = do_report_on_day(person, date=day, kind=request.POST.get("kind", ""), acting_user=request.user,
                                    minutes_late=_int(request.POST.get("minutes_late")), from_time=from_time,
                                    note=request.POST.get("note", ""), reason=request.POST.get("note", ""))
        except DomainError as exc:
            errors = {e.field if e.field in REPORT_FIELDS else "form": e.message for e in exc.errors} \
                or {"form": exc.message}
        except ValueError:
            errors = {"from_time": _("Give the time as HH:MM.")}
        else:
            messages.success(request, _("%(person)s reported: %(kind)s.") % {"person": person.full_name,
                                                                            "kind": made.get_kind_display()})
            gap = _gap_after(unit, made)
            if gap is not None:
                return redirect(options_url(gap))
            return redirect(reverse("cover:board", args=[unit.code]) + f"?day={day.isoformat()}&start={day}")
    duties = (Duty.objects.filter(unit__path__startswith=unit.path, date=day, is_rest_day=False)
              .exclude(status=DutyStatus.CANCELLED).select_related("person", "shift_type").order_by(
                  "person__last_name", "person__first_name"))
    ctx = {"unit": unit, "day": day, "duties": duties, "kinds": DayReportKind.choices, "errors": errors,
           "form": request.POST if request.method == "POST" else {}}
    return render(request, "cover/report.html", ctx, status=400 if errors else 200)


def _gap_after(unit: Unit, made: DayReport):
    """The first gap the report opened (or left) under the page's unit, overlapping the person's duty."""
    data = build_board(unit, made.date, 7, detail_day=made.date)
    for gap in data.gaps:
        if gap.start < made.end and gap.end > made.start and made.unit.path.startswith(gap.unit.path):
            return gap
    return None


@login_required
def options(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(request, code)
    try:
        gap = shortfall(unit, rank_id=_int(request.GET.get("rank")), skill_id=_int(request.GET.get("skill")),
                        start=_instant(request.GET.get("start"), "start"), end=_instant(request.GET.get("end"), "end"))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("cover:board", unit.code)
    found = find_options(gap, user=request.user)
    ctx = {"unit": unit, "found": found, "can_plan": can_edit_unit(request.user, unit),
           "rows": [(o, o.token(gap)) for o in found.options],
           "board_url": reverse("cover:board", args=[unit.code]) + f"?start={gap.day}&day={gap.day}"}
    return render(request, "cover/options.html", ctx)


@login_required
@require_POST
def apply(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(request, code)
    back = request.POST.get("back") or reverse("cover:board", args=[unit.code])
    if not back.startswith("/"):
        back = reverse("cover:board", args=[unit.code])
    try:
        made = do_apply_cover_option(request.POST.get("token", ""), acting_user=request.user,
                                     reason=request.POST.get("reason", ""),
                                     override_budget=request.POST.get("override_budget") == "on",
                                     override_reason=request.POST.get("override_reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(request.POST.get("again") or back) if (request.POST.get("again") or "").startswith("/") \
            else redirect(back)
    messages.success(request, _("Applied: %(kind)s — %(person)s, £%(cost)s. They have been told.")
                     % {"kind": made.get_kind_display(), "person": made.person.full_name, "cost": made.cost})
    return redirect(back)


@login_required
def roll_call_page(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(request, code)
    try:
        hours = int(request.GET.get("hours") or 8)
        entries = roll_call(unit, hours)
    except (DomainError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", _("Hours ahead must be a whole number.")))
        hours, entries = 8, roll_call(unit, 8)
    if request.GET.get("format") == "csv":
        response = HttpResponse(as_csv(entries), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="roll-call-{unit.code}.csv"'
        return response
    return render(request, "cover/roll_call.html", {"unit": unit, "hours": hours, "entries": entries})


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The units whose boards the user may open: stations, areas, the force, contact centres."""
    units = readable_units(request.user).exclude(kind=UnitKind.TEAM).order_by("path")
    if not units.exists():
        raise PermissionDenied(_("The staffing board is for planners and managers."))
    return render(request, "cover/index.html", {"units": units})
