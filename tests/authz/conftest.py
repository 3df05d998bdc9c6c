"""The authorisation matrix's world: the named Org plus the few objects its rows point at, built on first use."""

import datetime as dt
from functools import cached_property

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import Org

PERSONAS = ("alice", "pat", "mo", "olly", "sam", "anon")


def local_midnight(day: dt.date) -> dt.datetime:
    from common.calendar import LONDON

    return dt.datetime.combine(day, dt.time(0), tzinfo=LONDON).astimezone(dt.UTC)


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


class World:
    """What a matrix row may name as its target. Org's units and people are there as attributes (w.northtown,
    w.sam, w.lee...); anything more (a shift type, a pending movement, a calendar token) is made the first time a
    row asks for it, so each test builds only what it needs."""

    def __init__(self, org: Org) -> None:
        self.org = org
        self.today = timezone.localdate()
        # Far enough ahead that no rule pack calls a publication late, and no roster is published there yet.
        self.day = monday(self.today) + dt.timedelta(weeks=10)

    def __getattr__(self, name: str):
        # Units, people, ranks, skills and users of the Org: w.northtown, w.kim, w.constable, w.taser, w.pat...
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.org, name)

    def user(self, persona: str):
        return {"sam": self.org.sam_user}.get(persona) or getattr(self.org, persona)

    def day_text(self, offset: int = 0) -> str:
        return (self.day + dt.timedelta(days=offset)).isoformat()

    def cell_key(self, person, offset: int = 0) -> str:
        return f"{person.pk}-{(self.day + dt.timedelta(days=offset)):%Y%m%d}"

    # --- rostering -------------------------------------------------------------------------------------------------

    @cached_property
    def shift_type_org(self):
        """An organisation-wide shift type (administrators maintain these)."""
        from rostering.actions import do_save_shift_type

        return do_save_shift_type(code="E", name="Early", start_time=dt.time(7), end_time=dt.time(17),
                                  acting_user=None)

    @cached_property
    def shift_type_north(self):
        """A shift type belonging to Northtown (pat maintains it)."""
        from rostering.actions import do_save_shift_type

        return do_save_shift_type(code="NTL", name="Northtown late", start_time=dt.time(14), end_time=dt.time(23),
                                  unit=self.org.northtown, acting_user=None)

    @cached_property
    def pattern_north(self):
        from rostering.actions import do_save_pattern

        return do_save_pattern(code="northtown-weekdays", name="Northtown weekdays", weeks=1, days=[""] * 7,
                               unit=self.org.northtown, acting_user=None)

    @cached_property
    def pattern_org(self):
        from rostering.actions import do_save_pattern

        return do_save_pattern(code="force-weekdays", name="Force weekdays", weeks=1, days=[""] * 7,
                               acting_user=None)

    @cached_property
    def lee_duty(self):
        """Lee (Southport) works an early on `day`: what a Northtown planner must not learn."""
        from rostering.actions import do_set_duty, parse_value

        self.shift_type_org  # noqa: B018 - the value "E" must exist
        return do_set_duty(person=self.org.lee, date=self.day, value=parse_value("E"), expected_version=0,
                           acting_user=None).duty

    def _requirement(self, unit):
        from rostering.actions.requirements import do_create_requirement

        return do_create_requirement(unit=unit, rank=self.org.constable, start_time=dt.time(7), end_time=dt.time(17),
                                     minimum=4, acting_user=None)

    @cached_property
    def requirement_north(self):
        return self._requirement(self.org.northtown)

    @cached_property
    def requirement_south(self):
        return self._requirement(self.org.southport)

    @cached_property
    def override_north(self):
        from rostering.actions.requirements import do_set_requirement_override

        return do_set_requirement_override(unit=self.org.northtown, date=self.day, start_time=dt.time(7),
                                           end_time=dt.time(17), rank=self.org.constable, minimum=6,
                                           reason="Carnival", acting_user=None)

    @cached_property
    def response_station_template(self) -> str:
        """The library template every rank and skill of which exists here (applying it needs them)."""
        from tests.factories import SkillFactory

        SkillFactory(code="response-driver-standard", name="Response driver (standard)")
        return "police-response-station"

    @cached_property
    def calendar_token(self) -> str:
        from rostering.actions import do_issue_calendar_token

        return do_issue_calendar_token(person=self.org.sam, acting_user=self.org.sam_user).token

    @cached_property
    def revoked_calendar_token(self) -> str:
        from rostering.actions import do_issue_calendar_token, do_revoke_calendar_token

        token = do_issue_calendar_token(person=self.org.kim, acting_user=self.org.alice).token
        do_revoke_calendar_token(person=self.org.kim, acting_user=self.org.alice)
        return token

    # --- worktime --------------------------------------------------------------------------------------------------

    @cached_property
    def tightening(self):
        from worktime.actions import do_tighten_rule_pack

        return do_tighten_rule_pack(pack="police-officer", effective_from=dt.date(2026, 1, 1),
                                    changes={"daily_rest_minutes": 720}, acting_user=self.org.alice,
                                    reason="Force policy: 12 hours between duties")

    # --- demand ---------------------------------------------------------------------------------------------------

    def _queue(self, unit, name: str, *, weeks: int = 0):
        """A queue at `unit` with `weeks` weeks of half-hourly calls up to yesterday: a plain daily shape, cheap to
        make and enough for the forecaster (the matrix asks who may use it, not how well it forecasts)."""
        from demand.models import DemandInterval, Queue

        queue = Queue.objects.create(unit=unit, name=name, interval_minutes=30)
        first = local_midnight(self.today - dt.timedelta(days=7 * weeks))
        DemandInterval.objects.bulk_create([
            DemandInterval(queue=queue, start=first + dt.timedelta(minutes=30 * i), minutes=30,
                           calls_offered=5 + i % 48 // 4 + i // 48 % 3) for i in range(7 * weeks * 48)])
        return queue

    def _forecast(self, queue):
        """A stored forecast of the week from today (made directly, without the forecaster)."""
        from demand.models import Forecast, ForecastInterval

        forecast = Forecast.objects.create(queue=queue, interval_minutes=30, first_day=self.today, horizon_days=7,
                                           method="matrix")
        start = local_midnight(self.today)
        ForecastInterval.objects.bulk_create([
            ForecastInterval(forecast=forecast, start=start + dt.timedelta(minutes=30 * i), calls=8.0 + i % 12)
            for i in range(7 * 48)])
        return forecast

    @cached_property
    def queue_north(self):
        """A queue planned at Northtown, with two weeks of history."""
        return self._queue(self.org.northtown, "Northtown enquiries", weeks=2)

    @cached_property
    def queue_south(self):
        return self._queue(self.org.southport, "Southport enquiries", weeks=2)

    @cached_property
    def forecast_north(self):
        return self._forecast(self.queue_north)

    @cached_property
    def forecast_south(self):
        return self._forecast(self.queue_south)

    @cached_property
    def design_north(self):
        """A stored shift design (made directly: the matrix tests who may read it, not CP-SAT)."""
        from demand.models import ShiftDesign

        return ShiftDesign.objects.create(forecast=self.forecast_north, first_day=self.today, days=1, status="optimal",
                                          parameters={}, result={"interval_minutes": 30, "starts": [],
                                                                 "requirement": [], "coverage": []})

    def history_csv(self) -> bytes:
        """One whole day of half-hourly calls, yesterday: a valid history file."""
        day = self.today - dt.timedelta(days=1)
        lines = ["interval_start,calls_offered"]
        lines += [f"{day.isoformat()}T{h:02d}:{m:02d},{10 + h}" for h in range(24) for m in (0, 30)]
        return ("\n".join(lines) + "\n").encode()

    # --- people and org --------------------------------------------------------------------------------------------

    def _pending_transfer(self, person, to_unit):
        from people.actions import do_record_movement

        return do_record_movement(person, kind="transfer", effective_date=self.today + dt.timedelta(days=90),
                                  to_unit=to_unit, acting_user=self.org.alice, reason="Planned move")

    @cached_property
    def sam_pending_move(self):
        return self._pending_transfer(self.org.sam, self.org.team_b)

    @cached_property
    def lee_pending_move(self):
        return self._pending_transfer(self.org.lee, self.org.southport)

    @cached_property
    def kim_taser(self):
        from tests.factories import give_skill

        return give_skill(self.org.kim, self.org.taser)

    @cached_property
    def lee_taser(self):
        from tests.factories import give_skill

        return give_skill(self.org.lee, self.org.taser)

    @cached_property
    def olly_role(self):
        from org.models import RoleAssignment

        return RoleAssignment.objects.get(user=self.org.olly)


@pytest.fixture
def world(db) -> World:
    return World(Org())


@pytest.fixture
def as_persona(world):
    """A test client signed in as one persona (force_login: no password hashing), or anonymous for "anon"."""

    def client_for(persona: str) -> Client:
        client = Client()
        if persona != "anon":
            client.force_login(world.user(persona))
        return client

    return client_for
