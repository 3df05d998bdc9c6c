"""Pay pages: a unit's overtime (budget, records, authorise / cancel, fair allocation), my overtime, rate tables.
Thin: reads here, writes through pay.actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.calendar import local_instant
from common.errors import DomainError
from org.choices import UnitKind
from org.models import Unit
from org.permissions import can_edit_unit, readable_units
from people.models import Person

from . import actions, changes
from .allocation import allocate
from .budgets import budget_status
from .choices import OvertimeKind, PayScheme
from .costing import scale_in_force
from .models import OvertimeBudget, OvertimeRecord, OvertimeWillingness, PayRate
from .permissions import (
    can_read_rates,
    can_set_budget,
    require_plan_overtime,
    require_read_overtime,
    require_read_person_overtime,
    require_read_rates,
    require_set_budget,
    require_set_willingness,
)
from .seed import ensure_rate_tables


def errors_text(exc: DomainError) -> str:
    return "; ".join(f"{e.field}: {e.message}" for e in exc.errors) or exc.message


def parse_local(text: str, field: str) -> dt.datetime:
    """A datetime-local input ("2026-03-28T22:00") as the instant that Europe/London wall time happens."""
    try:
        naive = dt.datetime.fromisoformat((text or "").strip())
    except ValueError:
        raise DomainError(_("Give a date and time like 2026-03-28T22:00."), field=field) from None
    if naive.tzinfo is not None:
        return naive
    return local_instant(naive.date(), naive.time())


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _period(request: HttpRequest) -> tuple[dt.datetime, dt.datetime]:
    """The period the fair-allocation list is for: ?start=&end= (local), default tomorrow 07:00–17:00."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    try:
        start = parse_local(request.GET["start"], "start") if request.GET.get("start") else \
            local_instant(tomorrow, dt.time(7))
        end = parse_local(request.GET["end"], "end") if request.GET.get("end") else start + dt.timedelta(hours=10)
    except DomainError:
        start, end = local_instant(tomorrow, dt.time(7)), local_instant(tomorrow, dt.time(17))
    if end <= start:
        end = start + dt.timedelta(hours=10)
    return start, end


def index(request: HttpRequest) -> HttpResponse:
    """Planners and managers: the units whose overtime they see, with each budget today; staff: their own."""
    units = list(readable_units(request.user).order_by("path")[:300])
    if not units:
        if getattr(request.user, "person", None) is not None:
            return redirect("pay:my-overtime")
        raise PermissionDenied(_("Only planners, managers and staff with a record have overtime pages."))
    today = timezone.localdate()
    # Stations and above: teams draw on their station's budget and are listed on its page.
    shown = [u for u in units if u.kind != UnitKind.TEAM][:60]
    rows = [{"unit": u, "status": budget_status(u, today)} for u in shown]
    return render(request, "pay/index.html", {"rows": rows, "today": today,
                                              "can_read_rates": can_read_rates(request.user)})


def unit_overtime(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    require_read_overtime(request.user, unit)
    today = timezone.localdate()
    try:
        on = dt.date.fromisoformat(request.GET["on"]) if request.GET.get("on") else today
    except ValueError:
        on = today
    status = budget_status(unit, on)
    start, end = _period(request)
    allocation = allocate(unit, start, end)
    records = list(OvertimeRecord.objects.filter(unit__path__startswith=unit.path)
                   .select_related("person", "unit", "authorised_by", "requested_by")[:300])
    can_plan = can_edit_unit(request.user, unit)
    people = []
    if can_plan:
        people = list(Person.objects.filter(home_unit__path__startswith=unit.path, leave_date__isnull=True)
                      .order_by("last_name", "first_name")[:500])
    return render(request, "pay/unit_overtime.html", {
        "unit": unit, "status": status, "records": records, "can_plan": can_plan, "people": people,
        "kinds": OvertimeKind.choices, "allocation": allocation, "start": start, "end": end, "on": on,
        "can_set_budget": can_set_budget(request.user, unit),
        "budgets": OvertimeBudget.objects.filter(unit=unit).order_by("-start_date")[:8]})


@require_POST
def record_overtime(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    require_plan_overtime(request.user, unit)
    try:
        person = Person.objects.filter(pk=request.POST.get("person") or 0,
                                       home_unit__path__startswith=unit.path).first()
        if person is None:
            raise DomainError(_("Choose someone from %(unit)s.") % {"unit": unit}, field="person")
        authorise = request.POST.get("authorise") == "on"
        actions.do_record_overtime(
            person, start=parse_local(request.POST.get("start", ""), "start"),
            end=parse_local(request.POST.get("end", ""), "end"), kind=request.POST.get("kind", ""),
            reason=request.POST.get("reason", ""), acting_user=request.user,
            authorised_by=request.user if authorise else None,
            override_budget=request.POST.get("override_budget") == "on",
            override_reason=request.POST.get("override_reason", ""))
    except DomainError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, _("Overtime recorded."))
    return redirect("pay:unit-overtime", code=unit.code)


def _record(request: HttpRequest, pk: int) -> OvertimeRecord:
    row = get_object_or_404(OvertimeRecord.objects.select_related("unit", "person"), pk=pk)
    require_plan_overtime(request.user, row.unit)
    return row


def _overtime_step(request: HttpRequest, pk: int, act, done: str) -> HttpResponse:
    """One step of an overtime record (authorise, worked, cancel): the action with the version the planner saw
    and their reason; a refusal is shown on the unit page, which is where every step returns."""
    row = _record(request, pk)
    try:
        act(row, acting_user=request.user, expected_version=_version(request), reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, done)
    return _back(request, row.unit)


def _back(request: HttpRequest, unit: Unit) -> HttpResponse:
    """Back to the page the planner acted on (a station's page lists its teams' records), else the record's unit."""
    back = request.POST.get("next", "")
    if back.startswith("/pay/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("pay:unit-overtime", code=unit.code)


@require_POST
def authorise_overtime(request: HttpRequest, pk: int) -> HttpResponse:
    def act(row, **common):
        actions.do_authorise_overtime(row, override_budget=request.POST.get("override_budget") == "on",
                                      override_reason=request.POST.get("override_reason", ""), **common)

    return _overtime_step(request, pk, act, _("Overtime authorised."))


@require_POST
def overtime_worked(request: HttpRequest, pk: int) -> HttpResponse:
    return _overtime_step(request, pk, actions.do_mark_overtime_worked, _("Marked as worked."))


@require_POST
def cancel_overtime(request: HttpRequest, pk: int) -> HttpResponse:
    return _overtime_step(request, pk, actions.do_cancel_overtime, _("Overtime cancelled."))


@require_POST
def set_budget(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    require_set_budget(request.user, unit)
    try:
        try:
            start = dt.date.fromisoformat(request.POST.get("start_date", ""))
            end = dt.date.fromisoformat(request.POST.get("end_date", ""))
        except ValueError:
            raise DomainError(_("Give the dates as YYYY-MM-DD."), field="start_date") from None
        try:
            amount = Decimal(request.POST.get("amount", "").replace(",", "").replace("£", ""))
        except InvalidOperation:
            raise DomainError(_("Give the budget as an amount in pounds, e.g. 25000.00."), field="amount") from None
        actions.do_set_overtime_budget(unit, start_date=start, end_date=end, amount=amount, acting_user=request.user,
                                       reason=request.POST.get("reason", ""), note=request.POST.get("note", ""),
                                       expected_version=_version(request))
    except DomainError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, _("Budget saved."))
    return redirect("pay:unit-overtime", code=unit.code)


def my_overtime(request: HttpRequest) -> HttpResponse:
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is None:
        raise PermissionDenied(_("Only people with a record have their own overtime."))
    willingness = OvertimeWillingness.objects.filter(person=person).first()
    return render(request, "pay/my_overtime.html", {
        "person": person, "willingness": willingness,
        "records": OvertimeRecord.objects.filter(person=person).select_related("unit", "authorised_by")[:200]})


@require_POST
def set_willingness(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    require_set_willingness(request.user, person)
    limit = request.POST.get("max_hours_per_month", "").strip()
    try:
        actions.do_set_overtime_willingness(
            person, willing=request.POST.get("willing") == "on", acting_user=request.user,
            max_hours_per_month=int(limit) if limit.isdigit() else None, note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, errors_text(exc))
    else:
        messages.success(request, _("Saved."))
    if getattr(request.user, "person", None) == person:
        return redirect("pay:my-overtime")
    return redirect("pay:unit-overtime", code=person.home_unit.code) if person.home_unit_id else redirect("home")


def rate_tables(request: HttpRequest) -> HttpResponse:
    require_read_rates(request.user)
    ensure_rate_tables()
    on = timezone.localdate()
    try:
        on = dt.date.fromisoformat(request.GET.get("on", "")) if request.GET.get("on") else on
    except ValueError:
        pass
    by_rank: dict[str, list[PayRate]] = {}
    for row in PayRate.objects.all():
        by_rank.setdefault(row.rank_code, []).append(row)
    tables = []
    for scheme, label in PayScheme.choices:
        scales = []
        for rank_code, rows in sorted(by_rank.items()):
            current = scale_in_force(rows, on)
            if not current or current[0].scheme != scheme:
                continue
            current.sort(key=lambda r: (r.point_number or 0, r.point))
            versions = sorted({r.effective_from for r in rows}, reverse=True)
            scales.append({"rank": rank_code, "rows": current, "since": current[0].effective_from,
                           "versions": versions})
        tables.append({"scheme": scheme, "label": label, "scales": scales})
    return render(request, "pay/rate_tables.html", {"tables": tables, "on": on})


# --- every duty change has a cost -------------------------------------------------------------------------------


def _change_period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    """?start=&end= duty dates, default this month; a bad date is said and the month shown instead."""
    today = timezone.localdate()
    try:
        return changes.period(request.GET.get("start"), request.GET.get("end"), today=today)
    except DomainError as exc:
        messages.error(request, errors_text(exc))
        return changes.period(None, None, today=today)


def _export(costs: changes.ChangeCosts, fmt: str, name: str, title: str) -> HttpResponse | None:
    """The payroll file asked for by ?format=csv|xlsx, or None for the page."""
    filename = f"duty-change-costs-{name}-{costs.start:%Y%m%d}-{costs.end:%Y%m%d}"
    if fmt == "csv":
        response = HttpResponse(changes.as_csv(costs), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(changes.as_xlsx(costs, title=title), content_type=XLSX)
    else:
        return None
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def unit_changes(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's duty changes in a period, each with its cost, totals per person and unit; CSV/XLSX for payroll."""
    unit = get_object_or_404(Unit, code=code)
    require_read_overtime(request.user, unit)
    start, end = _change_period(request)
    costs = changes.costs_for_unit(unit, start, end)
    title = _("Duty change costs of %(unit)s, %(start)s to %(end)s") % {"unit": unit.name, "start": start,
                                                                        "end": end}
    export = _export(costs, request.GET.get("format", ""), unit.code, title)
    if export is not None:
        return export
    return render(request, "pay/duty_changes.html", {"unit": unit, "costs": costs, "title": title,
                                                     "query": f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"})


def my_changes(request: HttpRequest) -> HttpResponse:
    """A person's own duty changes and what each earns them."""
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is None:
        raise PermissionDenied(_("Only people with a record have their own duty changes."))
    require_read_person_overtime(request.user, person)
    start, end = _change_period(request)
    costs = changes.costs_for_person(person, start, end)
    title = _("My duty changes, %(start)s to %(end)s") % {"start": start, "end": end}
    export = _export(costs, request.GET.get("format", ""), person.payroll_number, title)
    if export is not None:
        return export
    return render(request, "pay/duty_changes.html", {"person": person, "costs": costs, "title": title,
                                                     "query": f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"})
