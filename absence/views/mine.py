"""My leave: balances, requests and their answers, the statement of each ledger; cancelling my own requests."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError
from people.permissions import is_self

from ..actions import can_cancel, do_cancel_leave
from ..choices import Ledger
from ..ledgers import balances, statement
from ..models import Abstraction
from .common import abstraction_or_404, errors_text, me, safe_day


def my_leave(request: HttpRequest) -> HttpResponse:
    person = me(request)
    today = timezone.localdate()
    on = safe_day(request.GET.get("on"), today)  # another leave year's balances: ?on=2027-05-01
    mine = list(Abstraction.objects.filter(person=person, type__category__in=["leave"])
                .select_related("type", "decided_by").order_by("-start_date")[:60])
    for a in mine:
        a.cancellable = can_cancel(request.user, a)
    rows = balances(person, on)
    ledger = request.GET.get("ledger") or Ledger.ANNUAL_LEAVE
    if ledger not in Ledger.values:
        ledger = Ledger.ANNUAL_LEAVE
    shown = next(b for b in rows if b.ledger == ledger)
    return render(request, "absence/my_leave.html", {
        "person": person, "today": today, "on": on, "balances": rows, "requests": mine, "ledger": ledger,
        "shown": shown, "statement": statement(person, ledger, shown.year_start)})


@require_POST
def cancel_mine(request: HttpRequest, pk: int) -> HttpResponse:
    a = abstraction_or_404(pk)
    if not is_self(request.user, a.person):
        raise PermissionDenied(_("This is not your leave."))
    try:
        do_cancel_leave(a, acting_user=request.user, reason=request.POST.get("reason", ""),
                        expected_version=int(request.POST.get("version") or a.version))
        messages.success(request, _("Cancelled: %(what)s %(period)s. Any hours taken are back in your balance.")
                         % {"what": a.type.name, "period": a.period_text()})
    except DomainError as exc:
        messages.error(request, errors_text(exc))
    return redirect("absence:my-leave")
