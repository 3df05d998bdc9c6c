"""Contact-centre and roster analysts' absence figures (issue 8): shrinkage observed in the abstraction records,
and the next days' hours lost by absence category.

Shrinkage observed in the abstraction records: what share of people's days went to planned absence (leave,
training, court, parental...) and to unplanned absence (sickness), over a period, for a unit's sub-tree.

It is a suggestion for the queue's planned and unplanned shrinkage (CC-2), which also cover what is not an
abstraction (breaks, team meetings, coaching): the planner decides."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from absence.choices import AbstractionCategory, AbstractionStatus
from absence.models import Abstraction
from org.models import Unit
from people.models import Person
from rostering.choices import DutyStatus
from rostering.models import Duty


@dataclass(frozen=True)
class ObservedShrinkage:
    first_day: dt.date
    last_day: dt.date
    people: int
    person_days: int
    planned_days: int
    unplanned_days: int

    @property
    def planned(self) -> float:
        return self.planned_days / self.person_days if self.person_days else 0.0

    @property
    def unplanned(self) -> float:
        return self.unplanned_days / self.person_days if self.person_days else 0.0


def observed_shrinkage(unit: Unit, first_day: dt.date, last_day: dt.date) -> ObservedShrinkage:
    """Abstraction days over employed days of the people whose home unit is in the sub-tree today. Calendar
    days both sides, so rest days inside a fortnight's leave count as they do in the employed days."""
    people = list(Person.objects.filter(home_unit__path__startswith=unit.path, start_date__lte=last_day)
                  .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=first_day))
                  .values_list("pk", "start_date", "leave_date"))
    employed: dict[int, tuple[dt.date, dt.date]] = {}
    person_days = 0
    for pk, start, leave in people:
        span = (max(start, first_day), min(leave or last_day, last_day))
        employed[pk] = span
        person_days += (span[1] - span[0]).days + 1
    planned = unplanned = 0
    rows = (Abstraction.objects.filter(person_id__in=employed, status=AbstractionStatus.APPROVED,
                                       start_date__lte=last_day, end_date__gte=first_day)
            .values_list("person_id", "start_date", "end_date", "type__category"))
    for person_id, start, end, category in rows:
        lo, hi = employed[person_id]
        days = (min(end, hi) - max(start, lo)).days + 1
        if days <= 0:
            continue
        if category == AbstractionCategory.RESTRICTION:
            continue  # ABS-2: restricted duties are a deployment state; the person still works
        if category == AbstractionCategory.SICKNESS:
            unplanned += days
        else:
            planned += days
    return ObservedShrinkage(first_day, last_day, len(people), person_days, planned, unplanned)


@dataclass(frozen=True)
class OutlookRow:
    """One abstraction category over the outlook's days: people off and rostered hours they take away."""

    category: str
    label: str
    people: list[int]
    hours: list[float]

    @property
    def total_hours(self) -> float:
        return round(sum(self.hours), 1)


@dataclass(frozen=True)
class AbsenceOutlook:
    days: list[dt.date]
    rostered_hours: list[float]
    rows: list[OutlookRow]

    @property
    def lost_hours(self) -> list[float]:
        return [round(sum(r.hours[i] for r in self.rows), 1) for i in range(len(self.days))]

    @property
    def lost_share(self) -> list[float | None]:
        return [lost / planned if planned else None for lost, planned in zip(self.lost_hours, self.rostered_hours,
                                                                              strict=True)]


def absence_outlook(unit: Unit, first_day: dt.date, days: int = 10, *, health_data: bool = True) -> AbsenceOutlook:
    """The roster analysts' "hours by absence" report: for each of the next `days` days and each abstraction
    category, how many people of the sub-tree are off and how many rostered hours that takes away. Without
    health data rights sickness is folded into "unavailable", so no one's sickness can be told apart."""
    dates = [first_day + dt.timedelta(days=i) for i in range(days)]
    last_day = dates[-1]
    people = Person.objects.filter(home_unit__path__startswith=unit.path)
    rostered: dict[tuple[int, dt.date], float] = {}
    for pid, day, start, end, brk in (Duty.objects.filter(person__in=people, date__range=(first_day, last_day),
                                                          is_rest_day=False)
                                      .exclude(status=DutyStatus.CANCELLED)
                                      .values_list("person_id", "date", "start", "end", "break_minutes")):
        rostered[(pid, day)] = ((end - start).total_seconds() / 60 - brk) / 60
    per_day = [round(sum(h for (_, d), h in rostered.items() if d == day), 1) for day in dates]
    labels = dict(AbstractionCategory.choices)
    counts: dict[str, tuple[list[set], list[float]]] = {}
    for pid, start, end, category in (Abstraction.objects.filter(person__in=people,
                                                                 status=AbstractionStatus.APPROVED,
                                                                 start_date__lte=last_day, end_date__gte=first_day)
                                      .values_list("person_id", "start_date", "end_date", "type__category")):
        if category == AbstractionCategory.SICKNESS and not health_data:
            category = "unavailable"
        who, hours = counts.setdefault(category, ([set() for _ in dates], [0.0] * len(dates)))
        for i, day in enumerate(dates):
            if start <= day <= end:
                who[i].add(pid)
                hours[i] += rostered.get((pid, day), 0.0)
    rows = [OutlookRow(category, str(labels.get(category, "Unavailable")), [len(s) for s in who],
                       [round(h, 1) for h in hours])
            for category, (who, hours) in sorted(counts.items(), key=lambda kv: -sum(kv[1][1]))]
    return AbsenceOutlook(dates, per_day, rows)
