"""Builders for events tests: a Saturday match at Northtown, constables with duties, rest days and a minimum."""

import datetime as dt

from common.calendar import local_instant
from events.actions import do_save_event, do_save_phase, do_set_phase_requirement
from people.models import Contract
from rostering.actions.requirements import do_create_requirement
from rostering.models import Duty
from tests.factories import PersonFactory, SkillFactory, give_contract, give_skill

SAT = dt.date(2026, 3, 14)
TUESDAY_BEFORE = local_instant(dt.date(2026, 3, 10), dt.time(9))  # 3 clear days before SAT (C-3)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return local_instant(day, dt.time(hour, minute))


def constable(org, name: str, unit=None, point: str = "3", **extra):
    person = PersonFactory(first_name=name, last_name="Officer", rank=org.constable, staff_group=org.officers,
                           home_unit=unit or org.team_a, **extra)
    give_contract(person)
    Contract.objects.filter(person=person).update(pay_point=point)
    return person


def on_duty(person, day: dt.date = SAT, start: int = 7, end: int = 17, unit=None) -> Duty:
    return Duty.objects.create(person=person, unit=unit or person.home_unit, date=day, start=at(day, start),
                               end=at(day, end) if end > start else at(day + dt.timedelta(days=1), end))


def rest_day(person, day: dt.date = SAT, published: bool = False) -> Duty:
    return Duty.objects.create(person=person, unit=person.home_unit, date=day, is_rest_day=True,
                               published=published, published_rest_day=published)


def minimum(org, unit, n: int, start: int = 7, end: int = 17):
    return do_create_requirement(unit=unit, rank=org.constable, start_time=dt.time(start), end_time=dt.time(end),
                                 minimum=n, effective_from=dt.date(2026, 1, 1), acting_user=None)


def psu():
    return SkillFactory(code="psu", name="PSU level 2", validity_months=None)


def match(org, *, constables: int = 2, phases=((10, 17),), unit=None, skill=None, reference="op-match"):
    """A match-day event owned by Northtown with one requirement per phase."""
    event = do_save_event(name="Match day", reference=reference, unit=unit or org.northtown, acting_user=None)
    for i, (s, e) in enumerate(phases):
        phase = do_save_phase(event, name=f"Phase {i + 1}", start=at(SAT, s), end=at(SAT, e), acting_user=None)
        do_set_phase_requirement(phase, count=constables, rank=org.constable, skill=skill, acting_user=None)
    event.refresh_from_db()
    return event


__all__ = ["SAT", "TUESDAY_BEFORE", "at", "constable", "give_skill", "match", "minimum", "on_duty", "psu", "rest_day"]
