"""Pay in the demo: the national rate tables, an overtime budget per station for the current quarter, people
willing to work overtime, and a few overtime records (worked, authorised and requested) with their costs."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from common.calendar import local_instant
from common.errors import DomainError
from org.choices import UnitKind
from org.models import Unit
from pay.actions import cost_of_record
from pay.budgets import quarter
from pay.choices import OvertimeStatus
from pay.models import OvertimeBudget, OvertimeRecord, OvertimeWillingness
from pay.seed import load_national_scales
from people.models import Person

from .context import DemoContext

# About £60 of overtime a head a quarter: enough for a few rest days worked, tight enough to warn.
BUDGET_PER_HEAD = Decimal("60")
WILLING_SHARE = 0.4
WILLING_GROUPS = {"police-officer", "call-handler", "clinician", "police-staff"}


def _station_of(ctx: DemoContext) -> dict[str, str]:
    """Unit key → the key of the station (or contact centre) it belongs to."""
    by_key = {u.key: u for u in ctx.units}
    found = {}
    for unit in ctx.units:
        walk = unit
        while walk is not None and walk.kind not in (UnitKind.STATION, UnitKind.CONTACT_CENTRE):
            walk = by_key.get(walk.parent) if walk.parent else None
        if walk is not None:
            found[unit.key] = walk.key
    return found


def add_pay(ctx: DemoContext) -> int:
    rng = ctx.rng("pay")
    rows = load_national_scales()
    start, end = quarter(ctx.today)
    station_of = _station_of(ctx)
    heads: dict[str, list] = defaultdict(list)
    for plan in ctx.people:
        if plan.pk is not None and plan.leave_date is None and plan.unit in station_of:
            heads[station_of[plan.unit]].append(plan)
    units = Unit.objects.in_bulk([k for k in heads], field_name="code")
    for key, people in sorted(heads.items()):
        amount = max(Decimal("1000"), (BUDGET_PER_HEAD * len(people) / 500).quantize(Decimal("1")) * 500)
        # Written directly, as the other demo steps do: the loader runs in one transaction and actions are durable.
        OvertimeBudget.objects.create(unit=units[key], start_date=start, end_date=end, amount=amount,
                                      note="Demo: quarterly overtime allocation")
        rows += 1
    willing = [p for people in heads.values() for p in people
               if p.group in WILLING_GROUPS and not p.reserved and rng.random() < WILLING_SHARE]
    OvertimeWillingness.objects.bulk_create([
        OvertimeWillingness(person_id=p.pk, willing=True,
                            max_hours_per_month=rng.choice([None, None, 24, 40])) for p in willing])
    rows += len(willing)
    by_station = defaultdict(list)
    for plan in willing:
        by_station[station_of[plan.unit]].append(plan)
    for _key, plans in sorted(by_station.items()):
        for n, plan in enumerate(rng.sample(plans, min(3, len(plans)))):
            rows += _overtime(ctx, Person.objects.select_related("home_unit").get(pk=plan.pk), n, rng)
    return rows


def _overtime(ctx: DemoContext, person: Person, n: int, rng) -> int:
    """One record: a rest day worked last week (worked), an extra duty next week (authorised), one requested."""
    day = ctx.today + dt.timedelta(days=(-6, 5, 9)[n] + rng.randint(0, 2))
    if n == 0:
        kind, start, end = "rest_day_working", local_instant(day, dt.time(7)), local_instant(day, dt.time(17))
    else:
        kind, start, end = "overtime", local_instant(day, dt.time(10)), local_instant(day, dt.time(14))
    told = start - dt.timedelta(days=rng.randint(2, 20))
    reasons = ["Minimum staffing: sickness on the team", "Football match policing", "Backlog of enquiries",
               "Crime scene cordon", "Late arrest, interview and charge"]
    try:
        cost = cost_of_record(person, start, end, kind, notified_at=told)
    except DomainError:
        return 0  # someone the rate tables cannot price (a volunteer): skipped, as a planner would
    status = (OvertimeStatus.WORKED, OvertimeStatus.AUTHORISED, OvertimeStatus.REQUESTED)[n]
    OvertimeRecord.objects.create(
        person=person, unit=person.home_unit, date=day, start=start, end=end,
        hours=Decimal((end - start).total_seconds() / 3600).quantize(Decimal("0.01")), kind=kind,
        reason=rng.choice(reasons), status=status, notified_at=told, requested_at=told,
        authorised_at=told if n < 2 else None, cost=cost.total, cost_detail=cost.describe()[:400],
        time_off_owed=cost.time_off_json())
    return 1
