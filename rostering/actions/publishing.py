"""Publishing a roster period (with its lead time checked), calendar feed tokens, reading notifications."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import record, snapshot
from common.errors import DomainError
from common.schema_types import check_plan_day
from org.models import Unit
from org.permissions import is_administrator
from people.models import Person

from ..choices import DutyStatus, RosterStatus
from ..models import CalendarToken, Duty, Notification, RosterPeriod
from ..notice import LeadTime, lead_time_for
from ..notify import notify
from ..permissions import require_plan
from ..teams import person_ids_in

MAX_ROSTER_DAYS = 400


def lead_time_of(unit: Unit, start: dt.date, end: dt.date) -> LeadTime:
    """The strictest publication lead time over the rule packs of the people on this roster."""
    ids = person_ids_in(unit, start, end)
    packs = set(Person.objects.filter(id__in=ids).values_list("staff_group__rule_pack", flat=True))
    return lead_time_for(packs)


def _overlapping(unit: Unit, start: dt.date, end: dt.date):
    ancestors = [int(i) for i in unit.path.strip("/").split("/") if i]
    return RosterPeriod.objects.filter(status=RosterStatus.PUBLISHED, start_date__lte=end, end_date__gte=start).filter(
        Q(unit_id__in=ancestors) | Q(unit__path__startswith=unit.path))


def do_publish_roster(*, unit: Unit, start: dt.date, end: dt.date, late_reason: str = "", acting_user,
                      reason: str | None = None) -> RosterPeriod:
    """Publish the roster of `unit` (and its sub-tree) from start to end inclusive.

    The lead time of the people's rule packs (POL-3 one month, ROS-1 42 days...) is checked against today:
    a late publication needs a reason and is recorded as late. From now on every change is a duty change."""
    check_plan_day(start, "start")
    check_plan_day(end, "end")
    require_plan(acting_user, unit)
    if end < start:
        raise DomainError(_("The last day must be on or after the first day."), field="end")
    if (end - start).days + 1 > MAX_ROSTER_DAYS:
        raise DomainError(_("Publish at most %(n)s days at a time.") % {"n": MAX_ROSTER_DAYS}, field="end")
    clash = _overlapping(unit, start, end).select_related("unit").first()
    if clash is not None:
        raise DomainError(_("%(unit)s is already published from %(start)s to %(end)s; publish the days after it.")
                          % {"unit": clash.unit, "start": clash.start_date, "end": clash.end_date}, field="start")
    now = timezone.now()
    today = timezone.localdate(now)
    lead = lead_time_of(unit, start, end)
    deadline = lead.deadline(start)
    late = today > deadline
    if late and not late_reason.strip():
        raise DomainError(_("This roster is late: %(rule)s needs it published by %(deadline)s. Give the reason for "
                            "publishing late.") % {"rule": lead.label(), "deadline": deadline.strftime("%d %b %Y")},
                          field="late_reason")
    with transaction.atomic(durable=True):
        period = RosterPeriod.objects.filter(unit=unit, start_date=start, end_date=end,
                                             status=RosterStatus.DRAFT).select_for_update().first()
        if period is None:
            period = RosterPeriod(unit=unit, start_date=start, end_date=end)
        period.status = RosterStatus.PUBLISHED
        period.published_at = now
        period.published_by = acting_user if getattr(acting_user, "pk", None) else None
        period.lead_time_days = (start - deadline).days
        period.lead_time_rule = lead.label()
        period.notice_days = (start - today).days
        period.late = late
        period.late_reason = late_reason.strip() if late else ""
        period.save()
        duties = Duty.objects.filter(unit__path__startswith=unit.path, date__range=(start, end)).exclude(
            status=DutyStatus.CANCELLED)
        people = set(duties.values_list("person_id", flat=True))
        duties.update(published=True, published_rest_day=F("is_rest_day"), notified_at=now)
        text = _("Your roster for %(unit)s from %(start)s to %(end)s is published.") % {
            "unit": unit.name, "start": start.strftime("%d %b"), "end": end.strftime("%d %b %Y")}
        for person in Person.objects.filter(id__in=people).select_related("user"):
            notify(person, text, url="/my/duties/", subject=_("Roster published"))
        record(actor=acting_user, action="rostering.roster.publish", obj=period, after=snapshot(period),
               reason=reason or period.late_reason, unit_id=unit.pk)
    return period


def do_issue_calendar_token(*, person: Person, acting_user) -> CalendarToken:
    """A new secret feed URL for a person (their own, or by an administrator); older ones are revoked."""
    _require_self(person, acting_user)
    now = timezone.now()
    with transaction.atomic(durable=True):
        CalendarToken.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=now)
        token = CalendarToken.objects.create(person=person)
        record(actor=acting_user, action="rostering.calendar_token.issue", obj=token, person_id=person.pk,
               object_repr=f"calendar feed of {person.full_name}")
    return token


def do_revoke_calendar_token(*, person: Person, acting_user) -> int:
    _require_self(person, acting_user)
    with transaction.atomic(durable=True):
        count = CalendarToken.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=timezone.now())
        record(actor=acting_user, action="rostering.calendar_token.revoke", object_type="rostering.calendartoken",
               person_id=person.pk, object_repr=f"calendar feed of {person.full_name}", after={"revoked": count})
    return count


def _require_self(person: Person, user) -> None:
    if person.user_id != getattr(user, "pk", None) and not is_administrator(user):
        raise PermissionDenied(_("Only the person themselves can manage their calendar feed."))


def do_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all when no ids are given). Not audited: it changes nothing of record."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids:
        rows = rows.filter(id__in=notification_ids)
    return rows.update(read_at=timezone.now())
