"""Cover in the demo: relief officers and bank staff, so a gap has the options a resource officer really has.

- Relief: one neighbourhood constable per police station and one neighbourhood sergeant per LPA float as relief
  officers (they have no team roster): a gap planner may deploy them where needed, at no cost beyond basic pay.
- Bank: a few NHS 111 health advisors also work bank shifts, paid every hour at their basic rate (pay kind
  "bank"), offered on their rest days.
Everyone else keeps what the pay step gave them (willingness to work overtime, budgets per station).

Rows are written directly with bulk_create: the loader runs every step in one transaction and the actions are
durable."""

from __future__ import annotations

from cover.choices import ReliefKind
from cover.models import ReliefStaff
from org.choices import UnitKind

from .context import DemoContext

BANK_HEALTH_ADVISORS = 6


def add_cover(ctx: DemoContext) -> int:
    rng = ctx.rng("cover")
    here = [p for p in ctx.people if p.pk is not None and p.leave_date is None and not p.reserved]
    relief: list[tuple[int, str]] = []
    by_unit: dict[str, list] = {}
    for plan in here:
        by_unit.setdefault(plan.unit, []).append(plan)
    for _unit, plans in sorted(by_unit.items()):
        constables = sorted((p for p in plans if p.role == "neighbourhood-constable"), key=lambda p: p.payroll_number)
        if constables:
            relief.append((rng.choice(constables).pk, "Relief constable, deployed where a station is short"))
    sergeants = sorted((p for p in here if p.role == "neighbourhood-sergeant"), key=lambda p: p.payroll_number)
    units = {u.key: u for u in ctx.units}

    def lpa_of(key: str) -> str:
        unit = units[key]
        while unit.kind != UnitKind.AREA and unit.parent:
            unit = units[unit.parent]
        return unit.key

    by_lpa: dict[str, list] = {}
    for plan in sergeants:
        by_lpa.setdefault(lpa_of(plan.unit), []).append(plan)
    for _lpa, plans in sorted(by_lpa.items()):
        relief.append((plans[0].pk, "Relief sergeant for the area"))
    advisors = sorted((p for p in here if p.role == "health-advisor"), key=lambda p: p.payroll_number)
    bank = rng.sample(advisors, min(BANK_HEALTH_ADVISORS, len(advisors)))
    rows = [ReliefStaff(person_id=pk, kind=ReliefKind.RELIEF, note=note) for pk, note in relief]
    rows += [ReliefStaff(person_id=p.pk, kind=ReliefKind.BANK, note="Also works bank shifts") for p in bank]
    ReliefStaff.objects.bulk_create(rows)
    return len(rows)
