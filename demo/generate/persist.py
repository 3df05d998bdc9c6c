"""Writing the plan: units level by level (a path needs the parent's path and the row's own id), then people and
everything hanging off them, all with bulk_create."""

import datetime as dt

from org.models import Post, Unit
from people.models import Contract, Movement, Person, PersonSkill

from .context import DemoContext


def write_units(ctx: DemoContext) -> None:
    by_key = {plan.key: plan for plan in ctx.units}
    rows: dict[str, Unit] = {}
    pending = list(ctx.units)
    while pending:
        level = [p for p in pending if p.parent is None or p.parent in rows]
        pending = [p for p in pending if p not in level]
        created = Unit.objects.bulk_create([
            Unit(name=p.name, code=p.key, kind=p.kind, parent=rows.get(p.parent) if p.parent else None)
            for p in level
        ])
        for plan, unit in zip(level, created, strict=True):
            unit.set_path()
            rows[plan.key] = unit
            by_key[plan.key].pk = unit.pk
        Unit.objects.bulk_update(created, ["path", "depth"])
    ctx.counts["units"] = len(rows)


def write_people(ctx: DemoContext) -> None:
    unit_ids = {plan.key: plan.pk for plan in ctx.units}
    groups, ranks, skills = ctx.staff_groups, ctx.ranks, ctx.skills
    people = Person.objects.bulk_create([
        Person(payroll_number=p.payroll_number, first_name=p.first_name, last_name=p.last_name,
               staff_group=groups[p.group], rank=ranks[p.rank], home_unit_id=unit_ids[p.unit],
               start_date=p.start_date, leave_date=p.leave_date, birth_date=p.birth_date, email=p.email,
               phone=p.phone)
        for p in ctx.people
    ])
    for plan, person in zip(ctx.people, people, strict=True):
        plan.pk = person.pk
    Contract.objects.bulk_create([
        Contract(person_id=p.pk, effective_from=c.effective_from, effective_to=c.effective_to,
                 hours_per_week=c.hours_per_week, annual_hours=c.annual_hours, fte=c.fte, wtr_opt_out=c.wtr_opt_out,
                 night_worker=c.night_worker, pay_point=c.pay_point)
        for p in ctx.people for c in p.contracts
    ])
    PersonSkill.objects.bulk_create([
        PersonSkill(person_id=p.pk, skill=skills[code], acquired=acquired, expires=expires)
        for p in ctx.people for code, acquired, expires in p.skills
    ])
    Movement.objects.bulk_create([
        Movement(person_id=p.pk, kind=m.kind, effective_date=m.effective_date,
                 from_unit_id=unit_ids.get(m.from_unit), to_unit_id=unit_ids.get(m.to_unit),
                 from_rank=ranks.get(m.from_rank), to_rank=ranks.get(m.to_rank), reason=m.reason, applied=True)
        for p in ctx.people for m in p.movements
    ])
    ctx.counts["people"] = len(people)
    ctx.counts["contracts"] = sum(len(p.contracts) for p in ctx.people)
    ctx.counts["skills held"] = sum(len(p.skills) for p in ctx.people)
    ctx.counts["movements"] = sum(len(p.movements) for p in ctx.people)


def write_posts(ctx: DemoContext) -> None:
    unit_ids = {plan.key: plan.pk for plan in ctx.units}
    # Establishment set at the start of last financial year.
    effective_from = dt.date(ctx.today.year - 1, 4, 1)
    Post.objects.bulk_create([
        Post(unit_id=unit_ids[p.unit], rank=ctx.ranks[p.rank], funded_fte=p.funded_fte, effective_from=effective_from)
        for p in ctx.posts
    ])
    ctx.counts["posts"] = len(ctx.posts)
