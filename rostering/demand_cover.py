"""People on duty per interval for a contact-centre queue, net of abstractions, to compare with the Erlang
requirement of a forecast (issue 8). Demand sits below rostering, so the counting lives here and the maths
in demand.planning.compare_with_roster."""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db.models import Q

from absence.models import Abstraction
from people.models import Person, PersonSkill

from .choices import DutyStatus
from .models import Duty


def on_duty_per_interval(unit, skill, starts: list[dt.datetime], minutes: int) -> dict[dt.datetime, float]:
    """How many people of `unit`'s sub-tree (holding `skill` unexpired, when given) are on a live duty for the
    whole of each interval, leaving out duties displaced by an approved abstraction that removes from the roster.
    Three queries; the counting is two sorted searches over all intervals at once."""
    if not starts:
        return {}
    first, last = starts[0], starts[-1] + dt.timedelta(minutes=minutes)
    people = Person.objects.filter(home_unit__path__startswith=unit.path)
    if skill is not None:
        day = first.date()
        holders = PersonSkill.objects.filter(skill=skill, acquired__lte=day).filter(
            Q(expires__isnull=True) | Q(expires__gte=day)).values("person_id")
        people = people.filter(pk__in=holders)
    duties = list(Duty.objects.filter(person__in=people, is_rest_day=False, start__lt=last, end__gt=first)
                  .exclude(status=DutyStatus.CANCELLED).values_list("person_id", "date", "start", "end"))
    away = set()
    for pid, s, e in (Abstraction.objects.filter(person__in=people, status="approved", type__removes_from_roster=True,
                                                 start_date__lte=last.date(), end_date__gte=first.date())
                      .values_list("person_id", "start_date", "end_date")):
        away.update((pid, s + dt.timedelta(days=i)) for i in range((e - s).days + 1))
    kept = [(s, e) for pid, day, s, e in duties if (pid, day) not in away]
    if not kept:
        return {s: 0.0 for s in starts}
    duty_start = np.sort(np.array([s.timestamp() for s, _ in kept]))
    duty_end = np.sort(np.array([e.timestamp() for _, e in kept]))
    at = np.array([s.timestamp() for s in starts])
    # Covering the whole interval = started by its start, minus those that ended before its end.
    covering = np.searchsorted(duty_start, at, side="right") - np.searchsorted(duty_end, at + minutes * 60,
                                                                                side="left")
    return {s: float(max(c, 0)) for s, c in zip(starts, covering, strict=True)}
