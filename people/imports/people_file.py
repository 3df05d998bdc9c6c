"""People files: one row per person, matched by payroll number (new numbers create, known numbers update).

For a known person a different unit is recorded as a transfer today, a different rank as a promotion (more senior)
or change of rank, a new leave date as a leaver movement, and different contract terms as a contract from today —
so an import leaves the same history a planner's edits would."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from common import audit
from common.errors import DomainError
from org.models import Rank, StaffGroup, Unit
from people.actions import (
    CONTRACT_FIELDS,
    _move_start_date,
    _new_movement,
    _set_contract,
    clean_contract_terms,
    clean_email,
    clean_text,
    leaving_date,
)
from people.choices import MovementKind
from people.models import Contract, Movement, Person

from .base import Context, UnitLookup, check_extra_cells
from .reading import cell_text, decimal_text, parse_bool, parse_date

COLUMNS = ["payroll_number", "first_name", "last_name", "staff_group", "rank", "unit", "start_date", "leave_date",
           "birth_date", "email", "phone", "hours_per_week", "annual_hours", "fte", "wtr_opt_out", "night_worker",
           "pay_point"]
REQUIRED = ["payroll_number", "first_name", "last_name", "staff_group", "rank", "unit", "start_date"]
PERSONAL = ["first_name", "last_name", "birth_date", "email", "phone"]
CHUNK = 900  # stay under SQLite's bound-parameter limit for `__in` lookups


@dataclass
class Plan:
    row: int
    cells: dict
    person: Person | None
    values: dict  # cleaned person fields whose column is in the file
    terms: dict | None  # cleaned contract terms, None = leave the contract as it is
    leave_date: dt.date | None
    leave_given: bool


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _rank_lookup():
    by_group: dict[int, dict[str, Rank]] = {}
    for rank in Rank.objects.all():
        names = by_group.setdefault(rank.staff_group_id, {})
        names[rank.code.lower()] = rank
        names.setdefault(rank.name.lower(), rank)
    return by_group


def validate(ctx: Context, headers: list[str], rows: list[tuple[int, dict]]) -> list[Plan]:
    present = set(headers)
    groups: dict[str, StaffGroup] = {}
    for group in StaffGroup.objects.all():
        groups[group.code.lower()] = group
        groups.setdefault(group.name.lower(), group)
    group_codes = ", ".join(sorted({g.code for g in groups.values()}))
    ranks = _rank_lookup()
    units = UnitLookup(ctx)
    numbers = [cell_text(c.get("payroll_number")) for _, c in rows]
    existing: dict[str, Person] = {}
    for chunk in _chunks([n for n in numbers if n]):
        for person in Person.objects.filter(payroll_number__in=chunk).select_related("home_unit", "rank",
                                                                                     "staff_group"):
            existing[person.payroll_number] = person
    preload(list(existing.values()))
    seen: dict[str, int] = {}
    plans = []
    contract_columns = [c for c in CONTRACT_FIELDS if c in present]
    for row, cells in rows:
        errors_before = len(ctx.result.errors)
        check_extra_cells(ctx, row, cells)
        values: dict = {}
        number = cell_text(cells.get("payroll_number"))
        if not number:
            ctx.error(row, "payroll_number", _("Give the payroll / collar number."), "")
        elif len(number) > 20:
            ctx.error(row, "payroll_number", _("Longer than 20 characters."), number)
        elif number in seen:
            ctx.error(row, "payroll_number", _("'%(v)s' is also on row %(row)s; list each person once.")
                      % {"v": number, "row": seen[number]}, number)
        else:
            seen[number] = row
        values["payroll_number"] = number
        person = existing.get(number)
        for column, label in (("first_name", _("First name")), ("last_name", _("Last name"))):
            try:
                values[column] = clean_text(cell_text(cells.get(column)), column, max_length=80, required=True,
                                           label=label)
            except DomainError as exc:
                ctx.domain_error(row, exc, cells)
        group_text = cell_text(cells.get("staff_group"))
        group = groups.get(group_text.lower())
        if group is None:
            ctx.error(row, "staff_group", _("'%(v)s' is not a staff group; allowed: %(allowed)s.")
                      % {"v": group_text, "allowed": group_codes}, group_text)
        elif person is not None and person.staff_group_id != group.pk:
            ctx.error(row, "staff_group", _("%(person)s is %(old)s; a change of staff group cannot be imported. "
                                            "Ask an administrator.") % {"person": person.full_name,
                                                                          "old": person.staff_group}, group_text)
            group = None
        values["staff_group"] = group
        rank_text = cell_text(cells.get("rank"))
        if group is not None:
            rank = ranks.get(group.pk, {}).get(rank_text.lower())
            if rank is None:
                allowed = ", ".join(r.code for r in sorted(set(ranks.get(group.pk, {}).values()),
                                                          key=lambda r: r.seniority))
                ctx.error(row, "rank", _("'%(v)s' is not a rank of %(group)s; allowed: %(allowed)s.")
                          % {"v": rank_text, "group": group, "allowed": allowed or _("none defined")}, rank_text)
            values["rank"] = rank
        values["unit"] = units.find(row, cells, for_what=_("people"))
        if person is not None and not ctx.can_edit(person.home_unit_id):
            where = person.home_unit.name if person.home_unit_id else _("no unit")
            ctx.error(row, "unit", _("%(person)s (%(n)s) is in %(unit)s, which you do not plan.")
                      % {"person": person.full_name, "n": number, "unit": where}, cells.get("unit"))
        dates = {}
        for column in ("start_date", "leave_date", "birth_date"):
            try:
                dates[column] = parse_date(cells.get(column), column)
            except DomainError as exc:
                ctx.domain_error(row, exc, cells)
                dates[column] = None
        start = dates["start_date"]
        if start is None and not cell_text(cells.get("start_date")):
            ctx.error(row, "start_date", _("Give the start date."), "")
        values["start_date"] = start
        leave = dates["leave_date"]
        if start and leave and leave < start:
            ctx.error(row, "leave_date", _("Leave date %(leave)s is before the start date %(start)s.")
                      % {"leave": leave, "start": start}, cells.get("leave_date"))
        if "birth_date" in present:
            values["birth_date"] = dates["birth_date"]
            if start and dates["birth_date"] and dates["birth_date"] >= start:
                ctx.error(row, "birth_date", _("Date of birth must be before the start date."),
                          cells.get("birth_date"))
        if "email" in present:
            try:
                values["email"] = clean_email(cell_text(cells.get("email")))
            except DomainError as exc:
                ctx.domain_error(row, exc, cells)
        if "phone" in present:
            try:
                values["phone"] = clean_text(cell_text(cells.get("phone")), "phone", max_length=30)
            except DomainError as exc:
                ctx.domain_error(row, exc, cells)
        terms = _terms(ctx, row, cells, contract_columns, person)
        if len(ctx.result.errors) == errors_before:
            plans.append(Plan(row=row, cells=cells, person=person, values=values, terms=terms, leave_date=leave,
                              leave_given="leave_date" in present))
    return plans


def _terms(ctx: Context, row: int, cells: dict, columns: list[str], person: Person | None) -> dict | None:
    raw = {c: cells.get(c) for c in columns}
    if person is not None and all(not cell_text(v) for v in raw.values()):
        return None  # an existing person's contract is only changed by filling contract cells in
    base: dict = {}
    if person is not None:
        current = _contract_from(person._import_contracts, ctx.today)
        if current is not None:
            base = {f: getattr(current, f) for f in CONTRACT_FIELDS}
    args = dict(base)
    for column, value in raw.items():
        if column in ("wtr_opt_out", "night_worker"):
            try:
                args[column] = parse_bool(value, column)
            except DomainError as exc:
                ctx.domain_error(row, exc, cells)
                return None
        elif column == "pay_point":
            args[column] = cell_text(value)
        else:
            args[column] = decimal_text(value)
    try:
        return clean_contract_terms(**args)
    except DomainError as exc:
        ctx.domain_error(row, exc, cells, default_column="hours_per_week")
        return None


def _contract_from(contracts: list[Contract], day: dt.date) -> Contract | None:
    in_force = [c for c in contracts if c.effective_from <= day and (c.effective_to is None or c.effective_to >= day)]
    if in_force:
        return in_force[-1]
    return contracts[-1] if contracts else None  # a future starter or a leaver: their only/last terms


def preload(persons: list[Person]) -> None:
    """Fetch existing people's contracts and movements in a few queries rather than a few per row."""
    people = {p.pk: p for p in persons}
    for person in people.values():
        person._import_contracts = []
        person._import_movements = []
    ids = list(people)
    for chunk in _chunks(ids):
        for contract in Contract.objects.filter(person_id__in=chunk).order_by("effective_from"):
            people[contract.person_id]._import_contracts.append(contract)
        for movement in Movement.objects.filter(person_id__in=chunk).order_by("effective_date", "id"):
            people[movement.person_id]._import_movements.append(movement)


def write(ctx: Context, plans: list[Plan]) -> None:
    new = [p for p in plans if p.person is None]
    _create_people(ctx, new)
    for plan in plans:
        if plan.person is None:
            continue
        try:
            changed = _update_person(ctx, plan)
        except DomainError as exc:
            ctx.domain_error(plan.row, exc, plan.cells, default_column="payroll_number")
            continue
        if changed:
            ctx.result.updated += 1
        else:
            ctx.result.unchanged += 1


def _create_people(ctx: Context, plans: list[Plan]) -> None:
    if not plans:
        return
    recorder = ctx.acting_user if getattr(ctx.acting_user, "pk", None) else None
    people = []
    for plan in plans:
        v = plan.values
        leave = plan.leave_date if plan.leave_date and plan.leave_date <= ctx.today else None
        people.append(Person(payroll_number=v["payroll_number"], first_name=v["first_name"],
                             last_name=v["last_name"], staff_group=v["staff_group"], rank=v["rank"],
                             home_unit=v["unit"], start_date=v["start_date"], leave_date=leave,
                             birth_date=v.get("birth_date"), email=v.get("email", ""), phone=v.get("phone", "")))
    Person.objects.bulk_create(people, batch_size=500)
    contracts, movements = [], []
    for plan, person in zip(plans, people, strict=True):
        contracts.append(Contract(person=person, effective_from=person.start_date, **plan.terms))
        movements.append(Movement(person=person, kind=MovementKind.STARTER, effective_date=person.start_date,
                                  to_unit=person.home_unit, to_rank=person.rank, reason=ctx.reason, applied=True,
                                  recorded_by=recorder))
        if plan.leave_date:
            movements.append(Movement(person=person, kind=MovementKind.LEAVER, effective_date=plan.leave_date,
                                      from_unit=person.home_unit, from_rank=person.rank, reason=ctx.reason,
                                      applied=plan.leave_date <= ctx.today, recorded_by=recorder))
    Contract.objects.bulk_create(contracts, batch_size=500)
    Movement.objects.bulk_create(movements, batch_size=500)
    for person, contract in zip(people, contracts, strict=True):
        ctx.audit(action="people.person.created", obj=person, before=None,
                  after=audit.snapshot(person) | {"contract": audit.snapshot(contract, CONTRACT_FIELDS)},
                  unit_id=person.home_unit_id, person_id=person.pk)
    ctx.result.created += len(people)


def _snapshot(person: Person, contracts: list[Contract], today: dt.date) -> dict:
    contract = _contract_from(contracts, today)
    return audit.snapshot(person) | {"contract": audit.snapshot(contract, CONTRACT_FIELDS) if contract else None}


def _update_person(ctx: Context, plan: Plan) -> bool:
    person, values, today = plan.person, plan.values, ctx.today
    movements: list[Movement] = person._import_movements
    contracts: list[Contract] = person._import_contracts
    before = _snapshot(person, contracts, today)
    fields = []
    if values["start_date"] != person.start_date:
        _move_start_date(person, values["start_date"])
        person.start_date = values["start_date"]
        fields.append("start_date")
        movements[:] = list(Movement.objects.filter(person=person))
        contracts[:] = list(Contract.objects.filter(person=person).order_by("effective_from"))
    for field in PERSONAL:
        if field in values and getattr(person, field) != values[field]:
            setattr(person, field, values[field])
            fields.append(field)
    if fields:
        person.version += 1
        person.save(update_fields=fields + ["version"])
    moved = _unit_and_rank(ctx, person, movements, values["unit"], values["rank"])
    left = _leave_date(ctx, person, movements, plan) if plan.leave_given else False
    contract_changed = False
    if plan.terms is not None:
        current = _contract_from(contracts, today)
        if current is None or any(getattr(current, f) != plan.terms[f] for f in CONTRACT_FIELDS):
            _set_contract(person, max(today, person.start_date), plan.terms, contracts)
            contract_changed = True
    if not (fields or moved or left or contract_changed):
        return False
    after = _snapshot(person, contracts, today)
    ctx.audit(action="people.person.imported", obj=person, before=before, after=after,
              unit_id=person.home_unit_id, person_id=person.pk)
    return True


def _unit_and_rank(ctx: Context, person: Person, movements: list[Movement], unit: Unit, rank: Rank) -> bool:
    if unit.pk == person.home_unit_id and rank.pk == person.rank_id:
        return False
    if person.start_date > ctx.today:
        # Not started yet: correct where they start rather than record a move before their first day.
        starter = next((m for m in movements if m.kind == MovementKind.STARTER), None)
        if starter is not None:
            starter.to_unit, starter.to_rank = unit, rank
            starter.save(update_fields=["to_unit", "to_rank"])
        person.home_unit, person.rank = unit, rank
        person.version += 1
        person.save(update_fields=["home_unit", "rank", "version"])
        return True
    if unit.pk != person.home_unit_id:
        movement, _changed = _new_movement(person, movements, kind=MovementKind.TRANSFER, effective_date=ctx.today,
                                           to_unit=unit, to_rank=None, reason=ctx.reason,
                                           acting_user=ctx.acting_user, check_permission=False, on=ctx.today)
        movements.append(movement)
    if rank.pk != person.rank_id:
        current = person.rank
        kind = MovementKind.PROMOTION if rank.seniority > current.seniority else MovementKind.REGRADE
        movement, _changed = _new_movement(person, movements, kind=kind, effective_date=ctx.today, to_unit=None,
                                           to_rank=rank, reason=ctx.reason, acting_user=ctx.acting_user,
                                           check_permission=False, on=ctx.today)
        movements.append(movement)
    return True


def _leave_date(ctx: Context, person: Person, movements: list[Movement], plan: Plan) -> bool:
    current, new = leaving_date(person, movements), plan.leave_date
    if current == new:
        return False
    if current is None:
        movement, _changed = _new_movement(person, movements, kind=MovementKind.LEAVER, effective_date=new,
                                           to_unit=None, to_rank=None, reason=ctx.reason,
                                           acting_user=ctx.acting_user, check_permission=False, on=ctx.today)
        movements.append(movement)
        return True
    # A correction (new date) or a cancelled leaving (no date): change the leaver movement itself.
    leaver = max((m for m in movements if m.kind == MovementKind.LEAVER), default=None,
                 key=lambda m: (m.effective_date, m.pk))
    if leaver is not None and new is None:
        leaver.delete()
        movements.remove(leaver)
    elif leaver is not None:
        later = [m for m in movements if m.effective_date > new and m is not leaver]
        if later:
            raise DomainError(_("A %(kind)s on %(date)s is recorded after the new leave date.")
                              % {"kind": later[0].get_kind_display().lower(), "date": later[0].effective_date},
                              field="leave_date")
        leaver.effective_date, leaver.applied = new, new <= ctx.today
        leaver.save(update_fields=["effective_date", "applied"])
    applied = new is not None and new <= ctx.today
    person.leave_date = new if (applied or leaver is None) else None
    person.version += 1
    person.save(update_fields=["leave_date", "version"])
    return True
