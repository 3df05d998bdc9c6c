"""Project-level pages that span the apps: the home page and the audit log (common sits below org)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

from common.models import AuditEvent
from org.permissions import require_administrator


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


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for a URL nothing matches. Under /api/ (e.g. /api/people/abc: ids are whole numbers, so no route matches)
    clients expect the API's JSON error shape, not an HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found: no API operation at this path (ids are whole numbers).",
                             "errors": []}, status=404)
    return defaults.page_not_found(request, exception)
