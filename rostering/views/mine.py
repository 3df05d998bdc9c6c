"""A staff member's own duties (list and month calendar), what changed and why, the calendar feed, notifications."""

from __future__ import annotations

import calendar as cal
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..actions import do_issue_calendar_token, do_mark_read, do_revoke_calendar_token
from ..choices import DutyStatus
from ..ics import calendar
from ..models import CalendarToken, Duty, DutyChange, Notification

FEED_PAST_DAYS = 60
FEED_FUTURE_DAYS = 400


def _me(request: HttpRequest):
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied(_("Your sign-in is not linked to a person, so you have no duties."))
    return person


def _month(value: str | None, today: dt.date) -> dt.date:
    try:
        year, month = (int(x) for x in (value or "").split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


def my_duties(request: HttpRequest) -> HttpResponse:
    """Published duties only: drafts may still change without notice."""
    person = _me(request)
    today = timezone.localdate()
    month = _month(request.GET.get("month"), today)
    weeks = cal.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks[0][0], weeks[-1][-1]
    upcoming_end = today + dt.timedelta(days=42)
    duties = list(Duty.objects.filter(person=person, published=True, date__range=(min(first, today),
                                                                                 max(last, upcoming_end)))
                  .exclude(status=DutyStatus.CANCELLED).select_related("shift_type", "unit"))
    by_day = {d.date: d for d in duties}
    changes = DutyChange.objects.filter(person=person).select_related("changed_by")[:30]
    changed_days = {c.date for c in changes}
    month_grid = [[{"day": d, "duty": by_day.get(d), "in_month": d.month == month.month,
                    "changed": d in changed_days, "today": d == today} for d in week] for week in weeks]
    token = CalendarToken.objects.filter(person=person, revoked_at__isnull=True).first()
    prev_month = (month - dt.timedelta(days=1)).replace(day=1)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    return render(request, "rostering/my_duties.html", {
        "person": person, "upcoming": [d for d in duties if today <= d.date <= upcoming_end],
        "month": month, "month_grid": month_grid, "changes": changes, "token": token,
        "feed_url": request.build_absolute_uri(reverse("rostering:ics", args=[token.token])) if token else "",
        "prev_month": prev_month, "next_month": next_month})


@require_POST
def calendar_feed(request: HttpRequest) -> HttpResponse:
    person = _me(request)
    if request.POST.get("op") == "revoke":
        do_revoke_calendar_token(person=person, acting_user=request.user)
        messages.success(request, _("Calendar feed turned off: the old address no longer works."))
    else:
        do_issue_calendar_token(person=person, acting_user=request.user)
        messages.success(request, _("New calendar feed address made; any older one stopped working."))
    return redirect("rostering:my-duties")


@login_not_required
@require_GET
def ics_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret URL is the credential: calendar apps cannot sign in. Revoked or unknown tokens get 404."""
    row = CalendarToken.objects.select_related("person").filter(token=token, revoked_at__isnull=True).first()
    if row is None:
        raise Http404(_("No such calendar feed."))
    today = timezone.localdate()
    duties = (Duty.objects.filter(person=row.person, published=True,
                                  date__range=(today - dt.timedelta(days=FEED_PAST_DAYS),
                                               today + dt.timedelta(days=FEED_FUTURE_DAYS)))
              .exclude(status=DutyStatus.CANCELLED).select_related("shift_type", "unit").order_by("date"))
    body = calendar(duties, name=f"Duties: {row.person.full_name}", now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="duties.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        do_mark_read(user=request.user)
        return redirect("rostering:notifications")
    rows = Notification.objects.filter(recipient=request.user)[:100]
    return render(request, "rostering/notifications.html", {"notifications": rows})
