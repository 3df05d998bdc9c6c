"""Sign in and out, the home page, the audit log."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org.permissions import require_administrator

from .models import AuditEvent
from .throttle import client_address, is_locked_out


@login_not_required
def login_view(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    status = 200
    if request.method == "POST":
        username = request.POST.get("username", "")
        if is_locked_out(username, client_address(request)):
            form = AuthenticationForm(request)
            messages.error(request, _("Too many failed sign-ins. Wait 15 minutes and try again."))
            status = 429
        elif form.is_valid():
            login(request, form.get_user())
            target = request.GET.get("next", "")
            return redirect(target if target.startswith("/") and not target.startswith("//") else "home")
        else:
            status = 401
    return render(request, "registration/login.html", {"form": form}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "common/home.html")


def audit_log(request: HttpRequest) -> HttpResponse:
    """Administrators see every audited change, filterable by person and unit."""
    require_administrator(request.user)
    events = AuditEvent.objects.select_related("actor")
    person_id = request.GET.get("person", "").strip()
    unit_id = request.GET.get("unit", "").strip()
    action = request.GET.get("action", "").strip()
    if person_id.isdigit():
        events = events.filter(person_id=int(person_id))
    if unit_id.isdigit():
        events = events.filter(unit_id=int(unit_id))
    if action:
        events = events.filter(action__icontains=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "common/audit_log.html",
                  {"page": page, "person_id": person_id, "unit_id": unit_id, "action": action})
