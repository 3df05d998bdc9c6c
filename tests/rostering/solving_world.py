"""A tiny unit for optimiser tests: Northtown with four constables on Team A and a sergeant on Team B, three police
tours (8 h with a paid 45-minute refreshment, POL-1), and a week far enough ahead that nothing is locked."""

import datetime as dt

from django.utils import timezone

from absence.models import Abstraction
from absence.reference import type_for
from rostering.actions.requirements import do_create_requirement
from tests.factories import PersonFactory, give_contract

from .helpers import shift_type


def monday_ahead(weeks: int = 8) -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks)


def police_shifts():
    return [shift_type("E", "07:00", "15:00", name="Early", break_minutes=45, break_paid=True),
            shift_type("L", "15:00", "23:00", name="Late", break_minutes=45, break_paid=True),
            shift_type("N", "23:00", "07:00", name="Night", break_minutes=45, break_paid=True, counts_as_night=True)]


def constables(org, n: int = 3, **fields) -> list:
    """Sam plus n more constables on Team A, each on 40 hours."""
    found = [org.sam]
    for _ in range(n):
        person = PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=org.team_a, **fields)
        give_contract(person)
        found.append(person)
    return found


def need(unit, *, rank=None, skill=None, start="07:00", end="15:00", minimum=1, target=None):
    return do_create_requirement(unit=unit, rank=rank, skill=skill, start_time=dt.time.fromisoformat(start),
                                 end_time=dt.time.fromisoformat(end), minimum=minimum, target=target,
                                 effective_from=dt.date(2024, 1, 1), acting_user=None)


def absent(person, first: dt.date, last: dt.date, code: str = "annual-leave", hours=None) -> Abstraction:
    return Abstraction.objects.create(person=person, type=type_for(code), start_date=first, end_date=last,
                                      hours=hours, status="approved")
