"""Writes to people: records, contracts, skills and movements.

Every public `do_*` checks permission first, validates with DomainError naming the field, runs in one durable
transaction and writes one audit record. The `clean_*` helpers are shared with people.imports so a row in a file is
judged by the same rules, with the same words, as the same change made on a page."""

import calendar
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import audit
from common.errors import ConflictError, DomainError
from common.schema_types import check_plan_day
from org.models import Rank, StaffGroup, Unit
from org.permissions import can_edit_unit, is_administrator, require_edit_unit

from .choices import MovementKind
from .history import RANK_KINDS, UNIT_KINDS, contract_on, rank_id_on, unit_id_on  # noqa: F401 - re-exported
from .models import Contract, Movement, Person, PersonSkill, Skill

PERSON_FIELDS = ["payroll_number", "first_name", "last_name", "start_date", "birth_date", "email", "phone", "user"]
CONTRACT_FIELDS = ["hours_per_week", "annual_hours", "fte", "wtr_opt_out", "night_worker", "pay_point"]
UNSET = object()  # "not given" for optional keyword arguments where None means "clear"


def today() -> dt.date:
    return timezone.localdate()


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's end (acquired 31 Jan + 1 month → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# --- validation shared with imports -------------------------------------------------------------------------------

def clean_decimal(value, field: str, *, places: int, minimum: Decimal | None = None,
                  maximum: Decimal | None = None) -> Decimal | None:
    """A decimal from a form, JSON or spreadsheet cell; None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise DomainError(_("'%(value)s' is not a number.") % {"value": value}, field=field)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("'%(value)s' is not a number; write it like 37.5.") % {"value": value},
                          field=field) from None
    if not number.is_finite():
        raise DomainError(_("'%(value)s' is not a number; write it like 37.5.") % {"value": value}, field=field)
    if minimum is not None and number < minimum:
        raise DomainError(_("%(value)s is below the minimum of %(min)s.") % {"value": number, "min": minimum},
                          field=field)
    if maximum is not None and number > maximum:
        raise DomainError(_("%(value)s is above the maximum of %(max)s.") % {"value": number, "max": maximum},
                          field=field)
    return number.quantize(Decimal(1).scaleb(-places))


def clean_contract_terms(*, hours_per_week=None, annual_hours=None, fte=None, wtr_opt_out=False,
                         night_worker=False, pay_point="") -> dict:
    hours = clean_decimal(hours_per_week, "hours_per_week", places=2, minimum=Decimal(0), maximum=Decimal(168))
    annual = clean_decimal(annual_hours, "annual_hours", places=2, minimum=Decimal(0), maximum=Decimal("8784"))
    if hours is None and annual is None:
        raise DomainError(_("Give hours per week or annualised hours per year."), field="hours_per_week")
    fte_value = clean_decimal(fte, "fte", places=3, minimum=Decimal(0), maximum=Decimal("1.5"))
    if fte_value is None:
        fte_value = Decimal("1.000")
    pay_point = (pay_point or "").strip()
    if len(pay_point) > 30:
        raise DomainError(_("Pay point is longer than 30 characters."), field="pay_point")
    return {"hours_per_week": hours, "annual_hours": annual, "fte": fte_value, "wtr_opt_out": bool(wtr_opt_out),
            "night_worker": bool(night_worker), "pay_point": pay_point}


def clean_text(value, field: str, *, max_length: int, required: bool = False, label: str = "") -> str:
    text = ("" if value is None else str(value)).strip()
    if required and not text:
        raise DomainError(_("%(label)s is required.") % {"label": label or field}, field=field)
    if len(text) > max_length:
        raise DomainError(_("%(label)s is longer than %(n)s characters.") % {"label": label or field, "n": max_length},
                          field=field)
    return text


def clean_email(value) -> str:
    email = clean_text(value, "email", max_length=254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(_("'%(value)s' is not an email address.") % {"value": email}, field="email") from None
    return email


def clean_rank_for_group(rank: Rank | None, staff_group: StaffGroup, field: str = "rank") -> Rank:
    if rank is None:
        raise DomainError(_("Choose a rank, grade or band."), field=field)
    if rank.staff_group_id != staff_group.pk:
        allowed = ", ".join(staff_group.ranks.order_by("seniority").values_list("code", flat=True))
        raise DomainError(_("'%(rank)s' is not a rank of %(group)s; allowed: %(allowed)s.")
                          % {"rank": rank.code, "group": staff_group, "allowed": allowed}, field=field)
    return rank


def require_edit_person(user, person: Person) -> None:
    if person.home_unit_id is None:
        if not is_administrator(user):
            raise PermissionDenied(_("%(person)s has no unit; only administrators may change them.")
                                   % {"person": person})
        return
    if not can_edit_unit(user, person.home_unit):
        raise PermissionDenied(_("You do not plan %(unit)s, so you cannot change %(person)s.")
                               % {"unit": person.home_unit, "person": person.full_name})


def _person_snapshot(person: Person) -> dict:
    return audit.snapshot(person)


# --- people -------------------------------------------------------------------------------------------------------

def do_create_person(*, payroll_number: str, first_name: str, last_name: str, rank: Rank, home_unit: Unit,
                     start_date: dt.date, staff_group: StaffGroup | None = None, hours_per_week=None,
                     annual_hours=None, fte=None, wtr_opt_out: bool = False, night_worker: bool = False,
                     pay_point: str = "", birth_date: dt.date | None = None, email: str = "", phone: str = "",
                     user=None, acting_user, reason: str | None = None) -> Person:
    """A new person with their first contract and a starter movement into `home_unit` on `start_date`."""
    if home_unit is None:
        raise DomainError(_("Choose the unit the person starts in."), field="home_unit")
    require_edit_unit(acting_user, home_unit)
    staff_group = staff_group or getattr(rank, "staff_group", None)
    if staff_group is None:
        raise DomainError(_("Choose a staff group."), field="staff_group")
    rank = clean_rank_for_group(rank, staff_group)
    payroll_number = clean_text(payroll_number, "payroll_number", max_length=20, required=True,
                                label=_("Payroll number"))
    if Person.objects.filter(payroll_number=payroll_number).exists():
        raise DomainError(_("Payroll number %(n)s is already used by someone else.") % {"n": payroll_number},
                          field="payroll_number")
    first_name = clean_text(first_name, "first_name", max_length=80, required=True, label=_("First name"))
    last_name = clean_text(last_name, "last_name", max_length=80, required=True, label=_("Last name"))
    if start_date is None:
        raise DomainError(_("Give the start date."), field="start_date")
    if birth_date is not None and birth_date >= start_date:
        raise DomainError(_("Date of birth must be before the start date."), field="birth_date")
    terms = clean_contract_terms(hours_per_week=hours_per_week, annual_hours=annual_hours, fte=fte,
                                 wtr_opt_out=wtr_opt_out, night_worker=night_worker, pay_point=pay_point)
    email = clean_email(email)
    phone = clean_text(phone, "phone", max_length=30)
    with transaction.atomic(durable=True):
        person = Person.objects.create(payroll_number=payroll_number, first_name=first_name, last_name=last_name,
                                       staff_group=staff_group, rank=rank, home_unit=home_unit, start_date=start_date,
                                       birth_date=birth_date, email=email, phone=phone, user=user)
        contract = Contract.objects.create(person=person, effective_from=start_date, **terms)
        Movement.objects.create(person=person, kind=MovementKind.STARTER, effective_date=start_date,
                                to_unit=home_unit, to_rank=rank, reason=reason or "", applied=True,
                                recorded_by=_user_or_none(acting_user))
        after = _person_snapshot(person) | {"contract": audit.snapshot(contract, CONTRACT_FIELDS)}
        audit.record(actor=acting_user, action="people.person.created", obj=person, after=after,
                     reason=reason or "", unit_id=home_unit.pk, person_id=person.pk)
    return person


def _user_or_none(user):
    return user if getattr(user, "pk", None) else None


def do_update_person(person: Person, *, version: int, acting_user, reason: str | None = None, **changes) -> Person:
    """Change personal details. `version` is the one the caller read: if the row moved on since, nothing is saved.

    Unit, rank and leave date change through movements (do_record_movement) so the history stays true."""
    movement_fields = {"home_unit": "transfer", "rank": "promotion or regrade", "leave_date": "leaver",
                       "staff_group": "regrade"}
    for field in changes:
        if field in movement_fields:
            raise DomainError(_("%(field)s changes through a movement (%(kind)s) so the history stays true.")
                              % {"field": field, "kind": movement_fields[field]}, field=field)
        if field not in PERSON_FIELDS:
            raise DomainError(_("'%(field)s' cannot be changed here; allowed: %(allowed)s.")
                              % {"field": field, "allowed": ", ".join(PERSON_FIELDS)}, field=field)
    require_edit_person(acting_user, person)
    cleaned = {}
    if "payroll_number" in changes:
        cleaned["payroll_number"] = clean_text(changes["payroll_number"], "payroll_number", max_length=20,
                                               required=True, label=_("Payroll number"))
        if Person.objects.filter(payroll_number=cleaned["payroll_number"]).exclude(pk=person.pk).exists():
            raise DomainError(_("Payroll number %(n)s is already used by someone else.")
                              % {"n": cleaned["payroll_number"]}, field="payroll_number")
    for field, label in (("first_name", _("First name")), ("last_name", _("Last name"))):
        if field in changes:
            cleaned[field] = clean_text(changes[field], field, max_length=80, required=True, label=label)
    if "email" in changes:
        cleaned["email"] = clean_email(changes["email"])
    if "phone" in changes:
        cleaned["phone"] = clean_text(changes["phone"], "phone", max_length=30)
    if "birth_date" in changes:
        cleaned["birth_date"] = changes["birth_date"]
    if "user" in changes:
        cleaned["user"] = changes["user"]
        if cleaned["user"] is not None and Person.objects.filter(user=cleaned["user"]).exclude(pk=person.pk).exists():
            raise DomainError(_("That sign-in is already linked to someone else."), field="user")
    if "start_date" in changes:
        cleaned["start_date"] = changes["start_date"]
        if cleaned["start_date"] is None:
            raise DomainError(_("Give the start date."), field="start_date")
    with transaction.atomic(durable=True):
        current = Person.objects.select_for_update().get(pk=person.pk)
        if current.version != version:
            raise ConflictError(_("Someone else changed this person since you opened it (you had version "
                                  "%(yours)s, it is now %(now)s). Reload to see their changes, then make yours "
                                  "again.") % {"yours": version, "now": current.version}, field="version")
        before = _person_snapshot(current)
        changed = [f for f, v in cleaned.items() if getattr(current, f) != v]
        if "start_date" in changed:
            _move_start_date(current, cleaned["start_date"])
        start = cleaned.get("start_date", current.start_date)
        birth = cleaned.get("birth_date", current.birth_date)
        if birth is not None and birth >= start:
            raise DomainError(_("Date of birth must be before the start date."), field="birth_date")
        if not changed:
            return current
        for field in changed:
            setattr(current, field, cleaned[field])
        current.version += 1
        current.save(update_fields=changed + ["version"])
        audit.record(actor=acting_user, action="people.person.updated", obj=current, before=before,
                     after=_person_snapshot(current), reason=reason or "", unit_id=current.home_unit_id,
                     person_id=current.pk)
    return current


def _move_start_date(person: Person, new_start: dt.date) -> None:
    """A corrected start date moves the starter movement and first contract with it."""
    old_start = person.start_date
    if person.leave_date and new_start > person.leave_date:
        raise DomainError(_("Start date %(start)s is after the leave date %(leave)s.")
                          % {"start": new_start, "leave": person.leave_date}, field="start_date")
    later = (Movement.objects.filter(person=person, effective_date__lt=new_start)
             .exclude(kind=MovementKind.STARTER, effective_date=old_start).order_by("effective_date").first())
    if later is not None:
        raise DomainError(_("A %(kind)s is recorded on %(date)s, before the new start date.")
                          % {"kind": later.get_kind_display().lower(), "date": later.effective_date},
                          field="start_date")
    Movement.objects.filter(person=person, kind=MovementKind.STARTER, effective_date=old_start).update(
        effective_date=new_start)
    first = Contract.objects.filter(person=person).order_by("effective_from").first()
    if first is not None and first.effective_from == old_start:
        if Contract.objects.filter(person=person, effective_from__lte=new_start).exclude(pk=first.pk).exists():
            raise DomainError(_("A later contract starts on or before the new start date."), field="start_date")
        first.effective_from = new_start
        first.save(update_fields=["effective_from"])


# --- contracts ----------------------------------------------------------------------------------------------------

def _set_contract(person: Person, effective_from: dt.date, terms: dict,
                  contracts: list[Contract] | None = None) -> tuple[Contract, dict | None]:
    """Write a contract from a date: the one in force the day before closes, a later one bounds this one.

    `contracts` (the person's, oldest first) may be passed by bulk callers; it is kept up to date in place."""
    if contracts is None:
        contracts = list(Contract.objects.filter(person=person).order_by("effective_from"))
    same_day = next((c for c in contracts if c.effective_from == effective_from), None)
    if same_day is not None:
        before = audit.snapshot(same_day)
        for field, value in terms.items():
            setattr(same_day, field, value)
        same_day.save(update_fields=list(terms))
        return same_day, before
    previous = max((c for c in contracts if c.effective_from < effective_from), default=None,
                   key=lambda c: c.effective_from)
    if previous is not None and (previous.effective_to is None or previous.effective_to >= effective_from):
        previous.effective_to = effective_from - dt.timedelta(days=1)
        previous.save(update_fields=["effective_to"])
    following = min((c for c in contracts if c.effective_from > effective_from), default=None,
                    key=lambda c: c.effective_from)
    end = following.effective_from - dt.timedelta(days=1) if following else None
    contract = Contract.objects.create(person=person, effective_from=effective_from, effective_to=end, **terms)
    contracts.append(contract)
    contracts.sort(key=lambda c: c.effective_from)
    return contract, None


def do_set_contract(person: Person, *, effective_from: dt.date, hours_per_week=None, annual_hours=None, fte=None,
                    wtr_opt_out: bool = False, night_worker: bool = False, pay_point: str = "", acting_user,
                    reason: str | None = None) -> Contract:
    """New terms from a date; the contract in force until then ends the day before."""
    check_plan_day(effective_from, "effective_from")
    require_edit_person(acting_user, person)
    if effective_from is None:
        raise DomainError(_("Give the date the contract applies from."), field="effective_from")
    if effective_from < person.start_date:
        raise DomainError(_("%(date)s is before %(person)s started (%(start)s).")
                          % {"date": effective_from, "person": person.full_name, "start": person.start_date},
                          field="effective_from")
    terms = clean_contract_terms(hours_per_week=hours_per_week, annual_hours=annual_hours, fte=fte,
                                 wtr_opt_out=wtr_opt_out, night_worker=night_worker, pay_point=pay_point)
    with transaction.atomic(durable=True):
        contract, before = _set_contract(person, effective_from, terms)
        audit.record(actor=acting_user, action="people.contract.set", obj=contract, before=before,
                     after=audit.snapshot(contract), reason=reason or "", unit_id=person.home_unit_id,
                     person_id=person.pk)
    return contract


# --- skills -------------------------------------------------------------------------------------------------------

def default_expiry(skill: Skill, acquired: dt.date) -> dt.date | None:
    return add_months(acquired, skill.validity_months) if skill.validity_months else None


def clean_skill_dates(skill: Skill, acquired: dt.date | None, expires) -> tuple[dt.date, dt.date | None]:
    if acquired is None:
        raise DomainError(_("Give the date the skill was acquired."), field="acquired")
    if expires is UNSET or expires is None:
        expires = default_expiry(skill, acquired)
    if expires is not None and expires < acquired:
        raise DomainError(_("Expiry %(expires)s is before the date acquired %(acquired)s.")
                          % {"expires": expires, "acquired": acquired}, field="expires")
    return acquired, expires


def do_add_skill(person: Person, skill: Skill, *, acquired: dt.date, expires: dt.date | None = None, acting_user,
                 reason: str | None = None) -> PersonSkill:
    """Record a qualification. Without an expiry date it expires `validity_months` after acquired, if it ever does."""
    check_plan_day(acquired, "acquired")
    check_plan_day(expires, "expires")
    require_edit_person(acting_user, person)
    if PersonSkill.objects.filter(person=person, skill=skill).exists():
        raise DomainError(_("%(person)s already holds %(skill)s; change its dates instead.")
                          % {"person": person.full_name, "skill": skill}, field="skill")
    acquired, expires = clean_skill_dates(skill, acquired, expires)
    with transaction.atomic(durable=True):
        held = PersonSkill.objects.create(person=person, skill=skill, acquired=acquired, expires=expires)
        audit.record(actor=acting_user, action="people.skill.added", obj=held, after=audit.snapshot(held),
                     reason=reason or "", unit_id=person.home_unit_id, person_id=person.pk)
    return held


def do_update_skill(held: PersonSkill, *, acquired=UNSET, expires=UNSET, acting_user,
                    reason: str | None = None) -> PersonSkill:
    """Change the dates of a held skill (a renewal: new acquired date, expiry recomputed unless given)."""
    person = held.person
    require_edit_person(acting_user, person)
    new_acquired = held.acquired if acquired is UNSET else acquired
    if expires is UNSET and acquired is not UNSET and acquired != held.acquired:
        new_expires = UNSET  # renewed: recompute from validity
    else:
        new_expires = held.expires if expires is UNSET else expires
    new_acquired, new_expires = clean_skill_dates(held.skill, new_acquired, new_expires)
    with transaction.atomic(durable=True):
        before = audit.snapshot(held)
        if (held.acquired, held.expires) == (new_acquired, new_expires):
            return held
        held.acquired, held.expires = new_acquired, new_expires
        held.save(update_fields=["acquired", "expires"])
        audit.record(actor=acting_user, action="people.skill.updated", obj=held, before=before,
                     after=audit.snapshot(held), reason=reason or "", unit_id=person.home_unit_id,
                     person_id=person.pk)
    return held


def do_remove_skill(held: PersonSkill, *, acting_user, reason: str | None = None) -> None:
    person = held.person
    require_edit_person(acting_user, person)
    with transaction.atomic(durable=True):
        audit.record(actor=acting_user, action="people.skill.removed", obj=held, before=audit.snapshot(held),
                     reason=reason or "", unit_id=person.home_unit_id, person_id=person.pk)
        held.delete()


# --- movements ----------------------------------------------------------------------------------------------------

def leaving_date(person: Person, movements: list[Movement]) -> dt.date | None:
    """The date the person leaves (recorded or pending), unless a later starter brought them back."""
    leave, from_history = None, False
    for movement in sorted(movements, key=lambda m: (m.effective_date, m.pk or 0)):
        if movement.kind == MovementKind.LEAVER:
            leave, from_history = movement.effective_date, True
        elif movement.kind == MovementKind.STARTER and leave is not None and movement.effective_date > leave:
            leave = None
    # People loaded without movement history carry only the leave date on their record.
    return leave if from_history else person.leave_date


def _validate_movement(person: Person, movements: list[Movement], *, kind: str, effective_date, to_unit, to_rank,
                       from_unit_id, from_rank_id) -> None:
    if kind not in MovementKind.values:
        raise DomainError(_("'%(kind)s' is not a movement; allowed: %(allowed)s.")
                          % {"kind": kind, "allowed": ", ".join(MovementKind.values)}, field="kind")
    if not isinstance(effective_date, dt.date):
        raise DomainError(_("Give the effective date."), field="effective_date")
    if effective_date < person.start_date:
        raise DomainError(_("%(date)s is before %(person)s started (%(start)s).")
                          % {"date": effective_date, "person": person.full_name, "start": person.start_date},
                          field="effective_date")
    leaves = leaving_date(person, movements)
    if kind == MovementKind.STARTER:
        if leaves is None or effective_date <= leaves:
            raise DomainError(_("%(person)s has not left, so cannot start again; record a transfer instead.")
                              % {"person": person.full_name}, field="kind")
    elif leaves is not None and (effective_date > leaves or kind == MovementKind.LEAVER):
        raise DomainError(_("%(person)s leaves on %(date)s.") % {"person": person.full_name, "date": leaves},
                          field="effective_date" if kind != MovementKind.LEAVER else "kind")
    if kind in (MovementKind.TRANSFER, MovementKind.STARTER):
        if to_unit is None:
            raise DomainError(_("Choose the unit %(person)s moves to.") % {"person": person.full_name},
                              field="to_unit")
        if kind == MovementKind.TRANSFER and to_unit.pk == from_unit_id:
            raise DomainError(_("%(person)s is already in %(unit)s on %(date)s.")
                              % {"person": person.full_name, "unit": to_unit, "date": effective_date},
                              field="to_unit")
    elif to_unit is not None:
        raise DomainError(_("A %(kind)s does not change unit; record a transfer for that.")
                          % {"kind": MovementKind(kind).label.lower()}, field="to_unit")
    if kind in (MovementKind.PROMOTION, MovementKind.REGRADE):
        if to_rank is None:
            raise DomainError(_("Choose the new rank, grade or band."), field="to_rank")
        clean_rank_for_group(to_rank, person.staff_group, "to_rank")
        current = Rank.objects.filter(pk=from_rank_id).first()
        if current is not None and to_rank.pk == current.pk:
            raise DomainError(_("%(person)s is already %(rank)s on %(date)s.")
                              % {"person": person.full_name, "rank": current, "date": effective_date},
                              field="to_rank")
        if kind == MovementKind.PROMOTION and current is not None and to_rank.seniority <= current.seniority:
            raise DomainError(_("%(rank)s is not more senior than %(current)s; record a change of rank instead.")
                              % {"rank": to_rank, "current": current}, field="to_rank")
    elif kind == MovementKind.STARTER and to_rank is not None:
        clean_rank_for_group(to_rank, person.staff_group, "to_rank")
    elif to_rank is not None:
        raise DomainError(_("A %(kind)s does not change rank; record a promotion or change of rank for that.")
                          % {"kind": MovementKind(kind).label.lower()}, field="to_rank")
    # Movements are recorded in date order per dimension, so each one's from_* stays what was in force.
    kinds = UNIT_KINDS if kind in (MovementKind.TRANSFER, MovementKind.STARTER, MovementKind.LEAVER) else RANK_KINDS
    later = [m for m in movements if m.kind in kinds and m.effective_date > effective_date]
    if later:
        first = min(later, key=lambda m: m.effective_date)
        raise DomainError(_("A %(kind)s on %(date)s is already recorded after this date; record movements in date "
                            "order (cancel the later one first if it is still pending).")
                          % {"kind": first.get_kind_display().lower(), "date": first.effective_date},
                          field="effective_date")


def _apply_movement(movement: Movement, person: Person) -> list[str]:
    """Make the person's current unit/rank/leave date reflect the movement. Returns the changed fields."""
    changed = []
    if movement.kind in (MovementKind.TRANSFER, MovementKind.STARTER) and movement.to_unit_id:
        person.home_unit_id = movement.to_unit_id
        changed.append("home_unit")
    if movement.kind in (MovementKind.PROMOTION, MovementKind.REGRADE, MovementKind.STARTER) and movement.to_rank_id:
        person.rank_id = movement.to_rank_id
        changed.append("rank")
    if movement.kind == MovementKind.LEAVER:
        person.leave_date = movement.effective_date
        changed.append("leave_date")
    if movement.kind == MovementKind.STARTER:
        person.leave_date = None
        changed.append("leave_date")
    person.version += 1
    movement.applied = True
    return sorted(set(changed)) + ["version"]


def _new_movement(person: Person, movements: list[Movement], *, kind: str, effective_date: dt.date,
                  to_unit: Unit | None, to_rank: Rank | None, reason: str, acting_user,
                  check_permission: bool = True, on: dt.date | None = None) -> tuple[Movement, list[str]]:
    """Validate, save and (when due) apply a movement. Caller holds the transaction and writes the audit."""
    from_unit_id = unit_id_on(person, effective_date, movements) if effective_date >= person.start_date else None
    from_rank_id = rank_id_on(person, effective_date, movements) if effective_date >= person.start_date else None
    if kind == MovementKind.STARTER:
        from_unit_id = from_rank_id = None
    _validate_movement(person, movements, kind=kind, effective_date=effective_date, to_unit=to_unit,
                       to_rank=to_rank, from_unit_id=from_unit_id, from_rank_id=from_rank_id)
    if check_permission:
        source_id = from_unit_id or person.home_unit_id
        source = Unit.objects.filter(pk=source_id).first() if source_id else None
        if source is None:
            if not is_administrator(acting_user):
                raise PermissionDenied(_("%(person)s has no unit; only administrators may move them.")
                                       % {"person": person})
        elif not can_edit_unit(acting_user, source):
            raise PermissionDenied(_("You do not plan %(unit)s, so you cannot move %(person)s.")
                                   % {"unit": source, "person": person.full_name})
        if to_unit is not None and not can_edit_unit(acting_user, to_unit):
            raise PermissionDenied(_("You do not plan %(unit)s, so you cannot move anyone into it.")
                                   % {"unit": to_unit})
    movement = Movement(person=person, kind=kind, effective_date=effective_date, from_unit_id=from_unit_id,
                        to_unit=to_unit, from_rank_id=from_rank_id, to_rank=to_rank, reason=reason or "",
                        recorded_by=_user_or_none(acting_user))
    changed: list[str] = []
    if effective_date <= (on or today()):
        changed = _apply_movement(movement, person)
    else:
        person.version += 1  # a pending movement still changes what the record says is coming
        changed = ["version"]
    movement.save()
    person.save(update_fields=changed)
    return movement, changed


def do_record_movement(person: Person, *, kind: str, effective_date: dt.date, to_unit: Unit | None = None,
                       to_rank: Rank | None = None, acting_user, reason: str | None = None) -> Movement:
    """Record a transfer, promotion, change of rank, leaver or re-joiner (starter) from a date.

    Dated today or earlier it applies at once; later it waits for do_apply_due_movements on that date."""
    check_plan_day(effective_date, "effective_date")
    with transaction.atomic(durable=True):
        person = Person.objects.select_for_update().select_related("staff_group").get(pk=person.pk)
        before = _person_snapshot(person)
        movements = list(Movement.objects.filter(person=person))
        movement, _changed = _new_movement(person, movements, kind=kind, effective_date=effective_date,
                                           to_unit=to_unit, to_rank=to_rank, reason=reason or "",
                                           acting_user=acting_user)
        audit.record(actor=acting_user, action="people.movement.recorded", obj=movement,
                     before={"person": before},
                     after={"movement": audit.snapshot(movement), "person": _person_snapshot(person)},
                     reason=reason or "", unit_id=movement.to_unit_id or movement.from_unit_id or person.home_unit_id,
                     person_id=person.pk)
    return movement


def do_cancel_movement(movement: Movement, *, acting_user, reason: str | None = None) -> None:
    """Withdraw a pending (future) movement. Applied movements are history and stay."""
    person = movement.person
    if movement.applied:
        raise DomainError(_("This movement has already taken effect; record a new movement instead."),
                          field="applied")
    unit_id = movement.from_unit_id or person.home_unit_id
    source = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    if source is None:
        if not is_administrator(acting_user):
            raise PermissionDenied(_("Only administrators may do this."))
    else:
        require_edit_unit(acting_user, source)
    with transaction.atomic(durable=True):
        person = Person.objects.select_for_update().get(pk=person.pk)
        audit.record(actor=acting_user, action="people.movement.cancelled", obj=movement,
                     before=audit.snapshot(movement), reason=reason or "", unit_id=unit_id, person_id=person.pk)
        movement.delete()
        person.version += 1
        person.save(update_fields=["version"])


def do_apply_due_movements(*, on: dt.date | None = None, acting_user=None) -> int:
    """Apply every pending movement dated on or before `on` (default today). Safe to run again: returns how many
    were applied this time. Run daily by `manage.py apply_movements`."""
    on = on or today()
    applied = 0
    due = list(Movement.objects.filter(applied=False, effective_date__lte=on)
               .order_by("effective_date", "id").values_list("pk", flat=True))
    for movement_id in due:
        # One transaction per movement: a problem with one person does not hold back everyone else's.
        with transaction.atomic(durable=True):
            movement = Movement.objects.select_for_update().filter(pk=movement_id, applied=False).first()
            if movement is None:
                continue  # applied meanwhile by another worker
            person = Person.objects.select_for_update().get(pk=movement.person_id)
            before = _person_snapshot(person)
            changed = _apply_movement(movement, person)
            movement.save(update_fields=["applied"])
            person.save(update_fields=changed)
            audit.record(actor=acting_user, action="people.movement.applied", obj=movement, before=before,
                         after=_person_snapshot(person), reason=movement.reason,
                         unit_id=movement.to_unit_id or movement.from_unit_id, person_id=person.pk)
            applied += 1
    return applied
