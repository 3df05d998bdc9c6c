"""One person's absences, balances and ledgers; a planner's balance movements and cancellations."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError
from people.permissions import is_self

from ..actions import (
    do_adjust_balance,
    do_cancel_abstraction,
    do_close_leave_year,
    do_credit_time_off,
    do_open_leave_year,
    do_record_recall_from_leave,
)
from ..choices import AbstractionStatus, Ledger
from ..entitlement import scheme_of
from ..ledgers import balances, statement
from ..models import Abstraction
from ..permissions import can_manage_absence, can_see_health_data, require_manage_absence, require_read_absences
from ..sickness import summarise
from .common import abstraction_or_404, day, errors_text, person_or_404, safe_day


def shown_abstractions(user, person, rows):
    """Health data is named only to those allowed it; everyone else sees "Unavailable" and no note."""
    allowed = can_see_health_data(user, person)
    for a in rows:
        a.hidden = a.type.health_data and not allowed
        a.label = _("Unavailable") if a.hidden else a.type.name
    return rows


def person_absence(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_or_404(pk)
    require_read_absences(request.user, person)
    today = timezone.localdate()
    rows = list(Abstraction.objects.filter(person=person).select_related("type", "decided_by", "batch")
                .order_by("-start_date")[:200])
    shown_abstractions(request.user, person, rows)
    ledger = request.GET.get("ledger") or Ledger.ANNUAL_LEAVE
    if ledger not in Ledger.values:
        ledger = Ledger.ANNUAL_LEAVE
    all_balances = balances(person, safe_day(request.GET.get("on"), today))
    shown = next(b for b in all_balances if b.ledger == ledger)
    health = can_see_health_data(request.user, person)
    return render(request, "absence/person.html", {
        "person": person, "today": today, "abstractions": rows, "balances": all_balances, "ledger": ledger,
        "shown": shown, "statement": statement(person, ledger, shown.year_start), "ledgers": Ledger.choices,
        "can_manage": can_manage_absence(request.user, person), "is_self": is_self(request.user, person),
        "health": health, "sickness": summarise([person.pk], on=today)[person.pk] if health else None,
        "live": AbstractionStatus.APPROVED,
        # POL-13: approved annual leave of 3 days or more can be recalled from (officers only).
        "recallable": [a for a in rows if a.status == AbstractionStatus.APPROVED and a.days >= 3
                       and a.type.ledger_kind == Ledger.ANNUAL_LEAVE] if can_manage_absence(request.user, person)
        and getattr(scheme_of(person), "recall_from_leave", False) else []})


@require_POST
def person_balance(request: HttpRequest, pk: int) -> HttpResponse:
    """A planner moves a balance: TOIL/RDiL earned, an adjustment, opening or closing a leave year, a recall."""
    person = person_or_404(pk)
    require_manage_absence(request.user, person)
    op, post, user = request.POST.get("op", ""), request.POST, request.user
    try:
        if op == "earn":
            do_credit_time_off(person, ledger=post.get("ledger", ""), amount=post.get("amount", ""),
                               earned_on=day(post.get("date"), field="date"), acting_user=user,
                               reason=post.get("reason", ""))
            messages.success(request, _("Time off credited."))
        elif op == "adjust":
            do_adjust_balance(person, ledger=post.get("ledger", ""), amount=post.get("amount", ""),
                              day=day(post.get("date"), timezone.localdate()), acting_user=user,
                              reason=post.get("reason", ""))
            messages.success(request, _("Balance adjusted."))
        elif op in ("open", "recalculate"):
            rows = do_open_leave_year(person, day=day(post.get("date"), timezone.localdate()), acting_user=user,
                                      recalculate=op == "recalculate", reason=post.get("reason", ""))
            messages.success(request, _("%(n)s entitlement rows posted.") % {"n": len(rows)})
        elif op == "close":
            rows = do_close_leave_year(person, year_start=day(post.get("year_start"), field="year_start"),
                                       acting_user=user, reason=post.get("reason", ""))
            messages.success(request, _("Leave year closed: %(n)s rows posted.") % {"n": len(rows)})
        elif op == "recall":
            leave = abstraction_or_404(int(post.get("abstraction") or 0))
            if leave.person_id != person.pk:
                raise DomainError(_("That leave is not this person's."), field="abstraction")
            days = [day(v.strip(), field="days_worked") for v in post.get("days_worked", "").split(",") if v.strip()]
            do_record_recall_from_leave(leave, days_worked=days, acting_user=user, reason=post.get("reason", ""))
            messages.success(request, _("Recall from leave credited (POL-13)."))
        else:
            raise DomainError(_("Unknown operation."), field="op")
    except DomainError as exc:
        messages.error(request, errors_text(exc))
    return redirect(f"{_person_url(person.pk)}?ledger={post.get('ledger') or Ledger.ANNUAL_LEAVE}")


def _person_url(pk: int) -> str:
    return reverse("absence:person", args=[pk])


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """A planner withdraws a recorded absence (balances are credited back)."""
    a = abstraction_or_404(pk)
    require_manage_absence(request.user, a.person)
    try:
        do_cancel_abstraction(a, acting_user=request.user, reason=request.POST.get("reason", ""),
                              expected_version=int(request.POST.get("version") or a.version))
        messages.success(request, _("Cancelled."))
    except DomainError as exc:
        messages.error(request, errors_text(exc))
    return redirect("absence:person", pk=a.person_id)

