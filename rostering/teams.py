"""Who is on which team on which dates: explicit TeamMembership rows, else the person's home unit."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from org.choices import UnitKind
from org.models import Unit
from people.models import Person

from .models import TeamMembership


@dataclass(frozen=True)
class Stint:
    """A person on a team from `start` to `end` inclusive (None: open)."""

    person_id: int
    team_id: int
    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def teams_under(unit: Unit) -> list[Unit]:
    """The teams in a unit's sub-tree (the unit itself when it is a team)."""
    return list(unit.subtree().filter(kind=UnitKind.TEAM, active=True).order_by("path"))


def stints(team_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, list[Stint]]:
    """Team id → stints overlapping start..end. People without any membership row count as members of
    their home unit (when it is one of these teams) for their whole employment."""
    team_ids = list(team_ids)
    found: dict[int, list[Stint]] = defaultdict(list)
    rows = TeamMembership.objects.filter(team_id__in=team_ids, start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start))
    for person_id, team_id, s, e in rows.values_list("person_id", "team_id", "start_date", "end_date"):
        found[team_id].append(Stint(person_id, team_id, s, e))
    with_rows = TeamMembership.objects.filter(person__home_unit_id__in=team_ids).values("person_id")
    defaults = (Person.objects.filter(home_unit_id__in=team_ids, start_date__lte=end)
                .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=start))
                .exclude(id__in=with_rows)
                .values_list("id", "home_unit_id", "start_date", "leave_date"))
    for person_id, team_id, s, e in defaults:
        found[team_id].append(Stint(person_id, team_id, s, e))
    return found


def person_ids_in(unit: Unit, start: dt.date, end: dt.date) -> set[int]:
    """Everyone rostered in a unit's sub-tree over a period: team members plus people whose home unit is in it."""
    subtree = unit.subtree()
    ids = set(Person.objects.filter(home_unit__in=subtree, start_date__lte=end)
              .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=start)).values_list("id", flat=True))
    ids |= set(TeamMembership.objects.filter(team__in=subtree, start_date__lte=end)
               .filter(Q(end_date__isnull=True) | Q(end_date__gte=start)).values_list("person_id", flat=True))
    return ids
