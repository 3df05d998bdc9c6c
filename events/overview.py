"""All events of a period together: the demand each puts on each unit per day, and clashes between them.

A clash is the same person deployed (proposed or confirmed) to two events whose duties overlap, or a skill pool
over-committed: on one day, events together ask for more people with a skill than the pool holds (people of the
organisation with that skill, unexpired, not on leave or restricted that day)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from absence.choices import AbstractionStatus
from absence.models import Abstraction
from people.models import PersonSkill

from .choices import AssignmentStatus, EventStatus
from .models import Assignment, Event, Phase, PhaseRequirement


@dataclass(frozen=True)
class Clash:
    kind: str  # "person" | "skill"
    day: dt.date
    text: str
    events: tuple[int, ...]


@dataclass
class Overview:
    start: dt.date
    end: dt.date
    events: list[Event]
    days: list[dt.date]
    units: list[tuple[str, list[int]]]  # unit name → people taken from it per day (all events)
    demand: list[tuple[Event, list[int]]]  # event → people asked for per day (largest phase of the day)
    clashes: list[Clash] = field(default_factory=list)
    costs: dict[int, Decimal] = field(default_factory=dict)


def overview(events_qs, start: dt.date, end: dt.date) -> Overview:
    """Events (a queryset the caller may read) with a phase between start and end inclusive."""
    lo = timezone.make_aware(dt.datetime.combine(start, dt.time(0)))
    hi = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0)))
    events = list(events_qs.filter(phases__start__lt=hi, phases__end__gt=lo).exclude(status=EventStatus.CLOSED)
                  .distinct().select_related("unit").order_by("name"))
    ids = [e.pk for e in events]
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    index = {d: i for i, d in enumerate(days)}
    phases = list(Phase.objects.filter(event_id__in=ids, start__lt=hi, end__gt=lo))
    requirements = list(PhaseRequirement.objects.filter(phase__in=phases).select_related("skill"))
    per_phase = defaultdict(int)
    for r in requirements:
        per_phase[r.phase_id] += r.count
    asked = defaultdict(lambda: [0] * len(days))
    for p in phases:
        if p.date in index:
            row = asked[p.event_id]
            row[index[p.date]] = max(row[index[p.date]], per_phase[p.pk])
    by_id = {e.pk: e for e in events}
    demand = [(by_id[i], asked[i]) for i in ids]
    assignments = list(Assignment.objects.filter(event_id__in=ids, date__range=(start, end))
                       .select_related("person", "unit", "event"))
    taken: dict[str, list[int]] = defaultdict(lambda: [0] * len(days))
    for a in assignments:
        if a.unit_id and a.method in ("on_duty", "shift_change"):
            taken[a.unit.name][index[a.date]] += 1
    result = Overview(start, end, events, days, sorted(taken.items()), demand)
    result.clashes = _person_clashes(assignments) + _skill_clashes(requirements, phases, days)
    for a in assignments:
        result.costs[a.event_id] = result.costs.get(a.event_id, Decimal(0)) + a.total_estimate
    return result


def _person_clashes(assignments: list[Assignment]) -> list[Clash]:
    by_person = defaultdict(list)
    for a in assignments:
        if a.status != AssignmentStatus.ABSENT:
            by_person[a.person_id].append(a)
    out = []
    for rows in by_person.values():
        rows.sort(key=lambda a: a.start)
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                if b.start < a.end and a.event_id != b.event_id:
                    out.append(Clash("person", a.date, f"{a.person.full_name} is deployed to {a.event.name} and "
                                                       f"{b.event.name} at the same time.", (a.event_id, b.event_id)))
    return out


def _skill_clashes(requirements: list[PhaseRequirement], phases: list[Phase], days: list[dt.date]) -> list[Clash]:
    """Per day and skill: people asked for by all events (each event's busiest phase) against the pool."""
    phase_of = {p.pk: p for p in phases}
    wanted: dict[tuple[dt.date, int], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    names = {}
    for r in requirements:
        if not r.skill_id:
            continue
        p = phase_of[r.phase_id]
        slot = wanted[(p.date, r.skill_id)]
        slot[p.event_id] = max(slot[p.event_id], r.count)
        names[r.skill_id] = r.skill.name
    out = []
    for (day, skill_id), by_event in sorted(wanted.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if len(by_event) < 2:
            continue
        need = sum(by_event.values())
        holders = set(PersonSkill.objects.filter(skill_id=skill_id, acquired__lte=day).filter(
            Q(expires__isnull=True) | Q(expires__gte=day)).values_list("person_id", flat=True))
        away = set(Abstraction.objects.filter(person_id__in=holders, status=AbstractionStatus.APPROVED,
                                              start_date__lte=day, end_date__gte=day)
                   .values_list("person_id", flat=True))
        pool = len(holders - away)
        if need > pool:
            out.append(Clash("skill", day, f"{day:%a %d %b}: events ask for {need} people with {names[skill_id]} "
                                           f"together; {pool} are available.", tuple(sorted(by_event))))
    return out
