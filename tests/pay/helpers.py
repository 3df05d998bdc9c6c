"""Small builders for pay tests: pay points on the Org's contracts, an NHS band 5 call handler, duty changes."""

import datetime as dt
from decimal import Decimal

from common.calendar import local_instant
from people.models import Contract
from rostering.actions.duties import record_change
from rostering.choices import DutyStatus
from rostering.models import Duty
from tests.factories import PersonFactory, RankFactory, StaffGroupFactory, give_contract


def give_pay_point(person, point: str) -> None:
    Contract.objects.filter(person=person).update(pay_point=point)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """The instant a Europe/London wall time happens."""
    return local_instant(day, dt.time(hour, minute))


def band5_call_handler(org, point: str = "1"):
    group = StaffGroupFactory(code="call-handler", name="Call handler", kind="call-handler", rule_pack="nhs-afc")
    band5 = RankFactory(code="afc-band-5", name="Band 5", staff_group=group, seniority=5)
    person = PersonFactory(first_name="Ash", last_name="Nurse", staff_group=group, rank=band5,
                           home_unit=org.team_a)
    give_contract(person, hours="37.5", pay_point=point)
    return person


def hourly(annual: str, divisor: str) -> Decimal:
    return (Decimal(annual) / Decimal(divisor)).quantize(Decimal("0.0001"))


REST = {"kind": "rest", "code": "RD", "label": "rest day"}
NONE = {"kind": "none", "label": "no duty"}


def shift(day: dt.date, start: int, end: int, code: str = "ADH") -> dict:
    s, e = at(day, start), at(day if end > start else day + dt.timedelta(days=1), end)
    return {"kind": "duty", "code": code, "start": s.isoformat(), "end": e.isoformat(),
            "label": f"{code} {start:02d}:00–{end:02d}:00"}


def change(person, day, old: dict, new: dict, *, told: dt.datetime, actor=None, duty: Duty | None = None,
           break_minutes: int = 0):
    """A published entry changed from `old` to `new`, the person told at `told` (rostering.record_change)."""
    if duty is None:
        duty = Duty.objects.create(person=person, unit=person.home_unit, date=day, is_rest_day=True, published=True,
                                   published_rest_day=old["kind"] == "rest", break_minutes=break_minutes)
    if new["kind"] == "duty":
        duty.is_rest_day, duty.status = False, DutyStatus.PLANNED
        duty.start, duty.end = dt.datetime.fromisoformat(new["start"]), dt.datetime.fromisoformat(new["end"])
    elif new["kind"] == "rest":
        duty.is_rest_day, duty.start, duty.end = True, None, None
    else:
        duty.status = DutyStatus.CANCELLED
    duty.save()
    return record_change(person=person, unit=duty.unit, day=day, duty=duty, old=old, new=new, reason="Test",
                         acting_user=actor, now=told)
