"""Rule packs page: the numbers every roster is checked against, and an organisation's stricter limits."""

import datetime as dt
import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError
from muster_engine.worktime.packs import STATUTORY_LIMITS, shipped_packs
from org.permissions import has_any_role, is_administrator, require_administrator

from .actions import do_remove_tightening, do_tighten_rule_pack
from .models import RulePackTightening
from .rulepacks import organisation_packs


def rule_packs(request: HttpRequest) -> HttpResponse:
    """Everyone with a role may read the rules; only administrators tighten them."""
    if not has_any_role(request.user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Rule packs are for planners, managers and administrators."))
    today = timezone.localdate()
    packs, shipped = organisation_packs(), shipped_packs()
    tables = []
    for name in packs.names():
        current, base = packs.in_force(name, today), shipped.in_force(name, today)
        rows = []
        for key, value in current.to_dict().items():
            if key in {"name", "title", "effective_from"}:
                continue
            limit = STATUTORY_LIMITS.get(key)
            rows.append({"parameter": key, "value": value, "shipped": base.to_dict()[key],
                         "tightened": value != base.to_dict()[key],
                         "statute": limit.describe() if limit else ""})
        tables.append({"name": name, "title": current.title, "since": current.effective_from, "rows": rows})
    return render(request, "worktime/rule_packs.html", {
        "tables": tables, "tightenings": RulePackTightening.objects.select_related("created_by"),
        "can_tighten": is_administrator(request.user), "pack_names": packs.names(), "today": today,
    })


@require_POST
def tighten(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    try:
        effective_from = dt.date.fromisoformat(request.POST.get("effective_from", ""))
    except ValueError:
        messages.error(request, _("effective_from: give a date as YYYY-MM-DD."))
        return redirect("worktime:rule-packs")
    try:
        changes = json.loads(request.POST.get("changes") or "{}")
        do_tighten_rule_pack(pack=request.POST.get("pack", ""), effective_from=effective_from, changes=changes,
                             acting_user=request.user, reason=request.POST.get("reason", ""))
    except json.JSONDecodeError:
        messages.error(request, _('changes: write JSON such as {"daily_rest_minutes": 720}.'))
    except DomainError as exc:
        messages.error(request, "; ".join(f"{e.field}: {e.message}" for e in exc.errors) or exc.message)
    else:
        messages.success(request, _("Stricter limit recorded."))
    return redirect("worktime:rule-packs")


@require_POST
def remove_tightening(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(RulePackTightening, pk=pk)
    try:
        do_remove_tightening(tightening=row, acting_user=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Local limit removed."))
    return redirect("worktime:rule-packs")
