"""Fair allocation of overtime: among the people of a unit who are willing and able to work a period, those who
have had least overtime recently come first, each with the reason for their place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from absence.choices import LIVE_STATUSES
from absence.models import Abstraction
from org.models import Unit
from people.models import Person
from rostering.choices import DutyStatus
from rostering.models import Duty

from .choices import OvertimeStatus
from .models import OvertimeRecord, OvertimeWillingness

LONDON = ZoneInfo("Europe/London")
LOOK_BACK = dt.timedelta(weeks=12)
COUNTED = (OvertimeStatus.AUTHORISED, OvertimeStatus.WORKED)


@dataclass(frozen=True)
class Candidate:
    person: Person
    hours: Decimal  # overtime authorised or worked in the 12 weeks before the period
    month_hours: Decimal  # in the 30 days before the period, against the person's own monthly limit
    on_rest_day: bool
    explanation: str


@dataclass(frozen=True)
class Allocation:
    candidates: list[Candidate]
    not_able: list[tuple[Person, str]]  # willing but not available, with why (never the kind of absence)


def fair_candidates(unit: Unit, start: dt.datetime, end: dt.datetime) -> list[Candidate]:
    """People of the unit's sub-tree willing to work overtime and free from `start` to `end`, ranked by least
    overtime hours in the last 12 weeks (then fewest in the last month, then name)."""
    return allocate(unit, start, end).candidates


def allocate(unit: Unit, start: dt.datetime, end: dt.datetime) -> Allocation:
    first_day, last_day = start.astimezone(LONDON).date(), end.astimezone(LONDON).date()
    willing = {w.person_id: w for w in OvertimeWillingness.objects.filter(
        willing=True, person__home_unit__path__startswith=unit.path)}
    people = list(Person.objects.filter(pk__in=willing, start_date__lte=first_day).filter(
        Q(leave_date__isnull=True) | Q(leave_date__gte=last_day)).select_related("rank", "home_unit"))
    ids = [p.pk for p in people]
    since = first_day - LOOK_BACK
    month = first_day - dt.timedelta(days=30)

    def hours_since(day: dt.date) -> dict[int, Decimal]:
        rows = OvertimeRecord.objects.filter(person_id__in=ids, status__in=COUNTED, date__gte=day,
                                             date__lt=first_day).values("person_id").annotate(total=Sum("hours"))
        return {r["person_id"]: r["total"] or Decimal("0") for r in rows}

    recent, last_month = hours_since(since), hours_since(month)
    busy = set(Duty.objects.filter(person_id__in=ids, is_rest_day=False, start__lt=end, end__gt=start)
               .exclude(status=DutyStatus.CANCELLED).values_list("person_id", flat=True))
    busy |= set(OvertimeRecord.objects.filter(person_id__in=ids, status__in=COUNTED + (OvertimeStatus.REQUESTED,),
                                              start__lt=end, end__gt=start).values_list("person_id", flat=True))
    absent = set(Abstraction.objects.filter(person_id__in=ids, status__in=LIVE_STATUSES, start_date__lte=last_day,
                                            end_date__gte=first_day).values_list("person_id", flat=True))
    resting = set(Duty.objects.filter(person_id__in=ids, is_rest_day=True, date__gte=first_day, date__lte=last_day)
                  .exclude(status=DutyStatus.CANCELLED).values_list("person_id", flat=True))
    period_hours = Decimal((end - start).total_seconds()) / Decimal(3600)
    candidates, not_able = [], []
    for person in people:
        if person.pk in absent:
            not_able.append((person, _("not available (absence recorded)")))
            continue
        if person.pk in busy:
            not_able.append((person, _("already on duty or on overtime then")))
            continue
        limit = willing[person.pk].max_hours_per_month
        month_hours = last_month.get(person.pk, Decimal("0"))
        if limit is not None and month_hours + period_hours > limit:
            not_able.append((person, _("would pass their own limit of %(n)s h a month") % {"n": limit}))
            continue
        hours = recent.get(person.pk, Decimal("0"))
        on_rest = person.pk in resting
        text = _("%(h)s h overtime in the 12 weeks before %(day)s") % {"h": f"{hours:.2f}".rstrip("0").rstrip("."),
                                                                     "day": first_day.strftime("%d %b")}
        if on_rest:
            text += "; " + _("on a rest day (rest-day working rates apply)")
        candidates.append(Candidate(person, hours, month_hours, on_rest, text))
    candidates.sort(key=lambda c: (c.hours, c.month_hours, c.person.last_name, c.person.first_name, c.person.pk))
    ranked = []
    for position, c in enumerate(candidates, start=1):
        why = _("%(n)s of %(total)s: %(text)s") % {"n": position, "total": len(candidates), "text": c.explanation}
        ranked.append(Candidate(c.person, c.hours, c.month_hours, c.on_rest_day, why))
    return Allocation(ranked, not_able)
