"""A small scene for cover tests: Northtown needs 2 constables 07:00–17:00; who is on, who rests, who is spare.

Day D (three days ahead, published):
- sam, ann: Early 07:00–17:00 in Northtown Team A (the two the minimum needs);
- bob: rest day (Team B): rest-day working;
- cat: Late 17:00–03:00 in Team B, not needed then: can start at 07:00 instead;
- eve, fay: Early at Northfield (another station of North LPA) which needs only 1: one can move;
- lee: Early at Southport (South LPA): too far;
- kim: a sergeant (wrong rank).
Pay: constables and sergeants on point 3 of a police scale (£41,000 a year)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from org.choices import UnitKind
from pay.models import PayRate
from people.models import Contract
from rostering.actions import do_publish_roster, do_set_duty, parse_value
from rostering.actions.requirements import do_create_requirement
from tests.factories import Org, PersonFactory, give_contract, make_unit
from tests.rostering.helpers import shift_type


class Scene:
    def __init__(self, *, days_ahead: int = 3, publish: bool = True):
        org = self.org = Org()
        self.day = timezone.localdate() + dt.timedelta(days=days_ahead)
        shift_type("E", "07:00", "17:00", break_minutes=45)
        shift_type("LN", "17:00", "03:00", break_minutes=45)
        self.northfield = make_unit("Northfield", UnitKind.STATION, org.north)
        self.northfield_team = make_unit("Northfield Team", UnitKind.TEAM, self.northfield)
        self.ann = self.person("Ann", org.team_a)
        self.bob = self.person("Bob", org.team_b)
        self.cat = self.person("Cat", org.team_b)
        self.eve = self.person("Eve", self.northfield_team)
        self.fay = self.person("Fay", self.northfield_team)
        Contract.objects.update(pay_point="3")
        for rank in (org.constable, org.sergeant):
            PayRate.objects.create(scheme="police-officer", rank_code=rank.code, point="3",
                                   annual_salary=Decimal("41000.00"), effective_from=dt.date(2020, 1, 1))
        self.requirement = do_create_requirement(unit=org.northtown, rank=org.constable, start_time=dt.time(7),
                                                 end_time=dt.time(17), minimum=2, acting_user=None)
        do_create_requirement(unit=self.northfield, rank=org.constable, start_time=dt.time(7), end_time=dt.time(17),
                              minimum=1, acting_user=None)
        for who in (org.sam, self.ann, self.eve, self.fay, org.lee):
            self.set(who, "E")
        self.set(self.bob, "RD")
        self.set(self.cat, "LN")
        self.set(org.kim, "E")
        if publish:
            do_publish_roster(unit=org.force, start=self.day - dt.timedelta(days=3),
                              end=self.day + dt.timedelta(days=3), late_reason="tests", acting_user=None)

    def person(self, first: str, unit):
        p = PersonFactory(first_name=first, last_name="Test", rank=self.org.constable, staff_group=self.org.officers,
                          home_unit=unit)
        give_contract(p)
        return p

    def set(self, person, code: str, day: dt.date | None = None):
        return do_set_duty(person=person, date=day or self.day, value=parse_value(code), expected_version=None,
                           reason="scene", acting_user=None).duty

    def at(self, hour: int, day: dt.date | None = None) -> dt.datetime:
        from common.calendar import local_instant

        return local_instant(day or self.day, dt.time(hour))
