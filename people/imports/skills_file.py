"""Skills files: one row per person and skill, matched by (payroll number, skill)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from common import audit
from common.errors import DomainError
from people.actions import UNSET, clean_skill_dates
from people.models import Person, PersonSkill, Skill

from .base import Context, check_extra_cells
from .reading import cell_text, parse_date

COLUMNS = ["payroll_number", "skill", "acquired", "expires"]
REQUIRED = ["payroll_number", "skill", "acquired"]
CHUNK = 900


@dataclass
class Plan:
    row: int
    cells: dict
    person: Person
    skill: Skill
    acquired: object
    expires: object


def validate(ctx: Context, headers: list[str], rows: list[tuple[int, dict]]) -> list[Plan]:
    skills: dict[str, Skill] = {}
    for skill in Skill.objects.all():
        skills[skill.code.lower()] = skill
        skills.setdefault(skill.name.lower(), skill)
    skill_codes = ", ".join(sorted({s.code for s in skills.values()}))
    numbers = sorted({cell_text(c.get("payroll_number")) for _, c in rows} - {""})
    people: dict[str, Person] = {}
    for start in range(0, len(numbers), CHUNK):
        for person in Person.objects.filter(payroll_number__in=numbers[start:start + CHUNK]).select_related(
                "home_unit"):
            people[person.payroll_number] = person
    seen: dict[tuple[int, int], int] = {}
    plans = []
    for row, cells in rows:
        errors_before = len(ctx.result.errors)
        check_extra_cells(ctx, row, cells)
        number = cell_text(cells.get("payroll_number"))
        person = people.get(number)
        if not number:
            ctx.error(row, "payroll_number", _("Give the payroll / collar number."), "")
        elif person is None:
            ctx.error(row, "payroll_number", _("Nobody has payroll number '%(v)s'; import the person first.")
                      % {"v": number}, number)
        elif not ctx.can_edit(person.home_unit_id):
            where = person.home_unit.name if person.home_unit_id else _("no unit")
            ctx.error(row, "payroll_number", _("%(person)s is in %(unit)s, which you do not plan.")
                      % {"person": person.full_name, "unit": where}, number)
            person = None
        skill_text = cell_text(cells.get("skill"))
        skill = skills.get(skill_text.lower())
        if skill is None:
            ctx.error(row, "skill", _("'%(v)s' is not a skill; allowed: %(allowed)s.")
                      % {"v": skill_text, "allowed": skill_codes or _("none defined")}, skill_text)
        acquired = expires = None
        try:
            acquired = parse_date(cells.get("acquired"), "acquired")
            if acquired is None:
                ctx.error(row, "acquired", _("Give the date the skill was acquired."), "")
        except DomainError as exc:
            ctx.domain_error(row, exc, cells)
        try:
            expires = parse_date(cells.get("expires"), "expires")
        except DomainError as exc:
            ctx.domain_error(row, exc, cells)
        if person is not None and skill is not None:
            key = (person.pk, skill.pk)
            if key in seen:
                ctx.error(row, "skill", _("%(person)s and %(skill)s are also on row %(row)s; list each once.")
                          % {"person": number, "skill": skill.code, "row": seen[key]}, skill_text)
            seen[key] = row
            if acquired is not None:
                try:
                    acquired, expires = clean_skill_dates(skill, acquired, expires if expires else UNSET)
                except DomainError as exc:
                    ctx.domain_error(row, exc, cells)
        if len(ctx.result.errors) == errors_before:
            plans.append(Plan(row, cells, person, skill, acquired, expires))
    return plans


def write(ctx: Context, plans: list[Plan]) -> None:
    person_ids = sorted({p.person.pk for p in plans})
    held: dict[tuple[int, int], PersonSkill] = {}
    for start in range(0, len(person_ids), CHUNK):
        for item in PersonSkill.objects.filter(person_id__in=person_ids[start:start + CHUNK]):
            held[(item.person_id, item.skill_id)] = item
    new = []
    for plan in plans:
        item = held.get((plan.person.pk, plan.skill.pk))
        if item is None:
            new.append(PersonSkill(person=plan.person, skill=plan.skill, acquired=plan.acquired,
                                   expires=plan.expires))
            continue
        if (item.acquired, item.expires) == (plan.acquired, plan.expires):
            ctx.result.unchanged += 1
            continue
        before = audit.snapshot(item)
        item.acquired, item.expires = plan.acquired, plan.expires
        item.save(update_fields=["acquired", "expires"])
        ctx.audit(action="people.skill.updated", obj=item, before=before, after=audit.snapshot(item),
                  unit_id=plan.person.home_unit_id, person_id=plan.person.pk)
        ctx.result.updated += 1
    PersonSkill.objects.bulk_create(new, batch_size=500)
    for item in new:
        ctx.audit(action="people.skill.added", obj=item, before=None, after=audit.snapshot(item),
                  unit_id=item.person.home_unit_id, person_id=item.person_id)
    ctx.result.created += len(new)
