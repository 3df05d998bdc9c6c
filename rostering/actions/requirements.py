"""Staffing requirements of a unit: weekly bands, date and bank-holiday overrides, templates from the library.

Only the unit's planners (and administrators) change them; managers read them. Every write validates with
messages naming the field, runs in one durable transaction and leaves one audit record."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import record, snapshot
from common.errors import ConflictError, DomainError, FieldError
from org.models import Rank, Unit
from people.models import Skill

from ..models import Requirement, RequirementOverride
from ..models.requirements import ALL_WEEKDAYS, band_label, weekdays_label
from ..permissions import require_plan

MAX_PEOPLE = 999
REQUIREMENT_FIELDS = ["rank", "skill", "weekdays", "start_time", "end_time", "minimum", "target", "effective_from",
                      "effective_to", "note", "version"]
OVERRIDE_FIELDS = ["date", "on_bank_holidays", "start_time", "end_time", "rank", "skill", "minimum", "target",
                   "reason", "version"]
LIBRARY_FILE = Path(__file__).resolve().parent.parent / "data" / "requirements_library.json"
_UNSET = object()
DAY_LETTERS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


# --- parsing helpers shared by the pages and the API ---------------------------------------------------------------

def parse_weekdays(value: str | Iterable[int] | None) -> str:
    """"0123456", "45", [4, 5], "Fri,Sat", "mon-fri" → the canonical digits string ("" when none)."""
    if value is None:
        return ""
    days: set[int] = set()
    if isinstance(value, str):
        text = value.strip().lower().replace("–", "-").replace(" ", "")
        if text.isdigit():
            parts = list(text)
        else:
            parts = [p for p in text.split(",") if p]
        for part in parts:
            if "-" in part and not part.isdigit():
                left, _sep, right = part.partition("-")
                a, b = _day(left), _day(right)
                if b < a:
                    raise DomainError(_("%(part)s runs backwards; write it Monday first.")
                                      % {"part": part}, field="weekdays")
                days.update(range(a, b + 1))
            else:
                days.add(_day(part))
    else:
        for item in value:
            days.add(_day(str(item)))
    return "".join(str(d) for d in sorted(days))


def _day(text: str) -> int:
    text = text.strip().lower()
    if text.isdigit() and len(text) == 1 and int(text) <= 6:
        return int(text)
    if text[:3] in DAY_LETTERS:
        return DAY_LETTERS[text[:3]]
    raise DomainError(_("%(value)s is not a day of the week; use Mon … Sun, or digits Monday = 0 … Sunday = 6.")
                      % {"value": text}, field="weekdays")


def rank_by_code(code: str | None, field: str = "rank") -> Rank | None:
    if not code:
        return None
    rank = Rank.objects.filter(code=code).first()
    if rank is None:
        raise DomainError(_("There is no rank %(code)s.") % {"code": code}, field=field)
    return rank


def skill_by_code(code: str | None, field: str = "skill") -> Skill | None:
    if not code:
        return None
    skill = Skill.objects.filter(code=code).first()
    if skill is None:
        raise DomainError(_("There is no skill %(code)s.") % {"code": code}, field=field)
    return skill


# --- validation ----------------------------------------------------------------------------------------------------

def _check_numbers(errors: list[FieldError], minimum, target) -> tuple[int, int]:
    try:
        minimum = int(minimum)
    except (TypeError, ValueError):
        errors.append(FieldError("minimum", _("The minimum must be a whole number of people.")))
        minimum = 0
    if target is None or target == "":
        target = minimum
    try:
        target = int(target)
    except (TypeError, ValueError):
        errors.append(FieldError("target", _("The target must be a whole number of people.")))
        target = minimum
    if not 0 <= minimum <= MAX_PEOPLE:
        errors.append(FieldError("minimum", _("The minimum must be between 0 and %(max)s.") % {"max": MAX_PEOPLE}))
    if not 0 <= target <= MAX_PEOPLE:
        errors.append(FieldError("target", _("The target must be between 0 and %(max)s.") % {"max": MAX_PEOPLE}))
    elif target < minimum:
        errors.append(FieldError("target", _("The target (%(target)s) must be at least the minimum (%(minimum)s).")
                                 % {"target": target, "minimum": minimum}))
    return minimum, target


def _check_times(errors: list[FieldError], start_time, end_time) -> tuple[dt.time | None, dt.time | None]:
    out = []
    for name, value in (("start_time", start_time), ("end_time", end_time)):
        if isinstance(value, str):
            try:
                value = dt.time.fromisoformat(value.strip())
            except ValueError:
                errors.append(FieldError(name, _("Give a time like 07:00.")))
                value = None
        if value is not None and not isinstance(value, dt.time):
            errors.append(FieldError(name, _("Give a time like 07:00.")))
            value = None
        if value is None:
            if not any(e.field == name for e in errors):
                errors.append(FieldError(name, _("Give a time like 07:00.")))
            out.append(None)
            continue
        if value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        out.append(value.replace(second=0, microsecond=0))
    return out[0], out[1]


def _raise(errors: list[FieldError]) -> None:
    if errors:
        raise DomainError(errors[0].message, errors=errors)


def _clean_requirement(*, rank, skill, weekdays, start_time, end_time, minimum, target, effective_from,
                       effective_to, note) -> dict:
    errors: list[FieldError] = []
    if rank is not None and not isinstance(rank, Rank):
        errors.append(FieldError("rank", _("Choose a rank, or none for any rank.")))
    if skill is not None and not isinstance(skill, Skill):
        errors.append(FieldError("skill", _("Choose a skill, or none.")))
    try:
        days = parse_weekdays(weekdays)
    except DomainError as exc:
        errors.extend(exc.errors)
        days = ALL_WEEKDAYS
    if not days:
        errors.append(FieldError("weekdays", _("Choose at least one day of the week.")))
    start, end = _check_times(errors, start_time, end_time)
    minimum, target = _check_numbers(errors, minimum, target)
    effective_from = effective_from or timezone.localdate()
    if effective_to is not None and effective_to < effective_from:
        errors.append(FieldError("effective_to", _("The last day it applies must be on or after %(first)s.")
                                 % {"first": effective_from.isoformat()}))
    note = (note or "").strip()
    if len(note) > 200:
        errors.append(FieldError("note", _("Keep the note under 200 characters.")))
    _raise(errors)
    return dict(rank=rank, skill=skill, weekdays=days, start_time=start, end_time=end, minimum=minimum, target=target,
                effective_from=effective_from, effective_to=effective_to, note=note)


def _refuse_duplicate(unit: Unit, data: dict, exclude_pk: int | None = None) -> None:
    """The same band twice is a mistake: overlapping bands do not add up, so the second one does nothing."""
    clash = Requirement.objects.filter(unit=unit, rank=data["rank"], skill=data["skill"], weekdays=data["weekdays"],
                                       start_time=data["start_time"], end_time=data["end_time"])
    if data["effective_to"] is not None:
        clash = clash.filter(effective_from__lte=data["effective_to"])
    clash = clash.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=data["effective_from"]))
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    found = clash.first()
    if found is not None:
        raise DomainError(_("%(unit)s already requires %(who)s %(days)s %(band)s (from %(from)s); change "
                            "that one instead.") % {"unit": unit.name, "who": found.who, "days": found.days_label,
                                                    "band": found.band_label, "from": found.effective_from},
                          field="start_time")


# --- weekly requirements -------------------------------------------------------------------------------------------

def do_create_requirement(*, unit: Unit, rank: Rank | None = None, skill: Skill | None = None,
                          weekdays: str | Iterable[int] = ALL_WEEKDAYS, start_time: dt.time, end_time: dt.time,
                          minimum: int, target: int | None = None, effective_from: dt.date | None = None,
                          effective_to: dt.date | None = None, note: str = "", acting_user,
                          reason: str | None = None) -> Requirement:
    """A weekly band: on `weekdays` (digits, Monday = 0) from start_time to end_time (at or before the start: the
    next day), at least `minimum` and ideally `target` (default: the minimum) people of `rank` with `skill`."""
    require_plan(acting_user, unit)
    data = _clean_requirement(rank=rank, skill=skill, weekdays=weekdays, start_time=start_time, end_time=end_time,
                              minimum=minimum, target=target, effective_from=effective_from,
                              effective_to=effective_to, note=note)
    _refuse_duplicate(unit, data)
    with transaction.atomic(durable=True):
        requirement = Requirement.objects.create(unit=unit, **data)
        record(actor=acting_user, action="rostering.requirement.create", obj=requirement,
               after=snapshot(requirement), reason=reason or "", unit_id=unit.pk)
    return requirement


def do_update_requirement(*, requirement: Requirement, rank=_UNSET, skill=_UNSET, weekdays=_UNSET,
                          start_time=_UNSET, end_time=_UNSET, minimum=_UNSET, target=_UNSET, effective_from=_UNSET,
                          effective_to=_UNSET, note=_UNSET, expected_version: int | None = None, acting_user,
                          reason: str | None = None) -> Requirement:
    """Change a requirement; fields not passed keep their value. `expected_version`: the version read (a change
    by someone else in between is refused with 409 rather than overwritten)."""
    require_plan(acting_user, requirement.unit)
    given = dict(rank=rank, skill=skill, weekdays=weekdays, start_time=start_time, end_time=end_time,
                 minimum=minimum, target=target, effective_from=effective_from, effective_to=effective_to, note=note)
    with transaction.atomic(durable=True):
        current = Requirement.objects.select_for_update().select_related("unit").order_by().get(pk=requirement.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConflictError(_("Someone else changed this requirement since you opened it (now version %(v)s). "
                                  "Reload to see their change.") % {"v": current.version}, field="version")
        values = {name: (getattr(current, name) if value is _UNSET else value) for name, value in given.items()}
        if rank is _UNSET:
            values["rank"] = current.rank if current.rank_id else None
        if skill is _UNSET:
            values["skill"] = current.skill if current.skill_id else None
        data = _clean_requirement(**values)
        _refuse_duplicate(current.unit, data, exclude_pk=current.pk)
        before = snapshot(current)
        for name, value in data.items():
            setattr(current, name, value)
        current.version += 1
        current.save(update_fields=REQUIREMENT_FIELDS)
        record(actor=acting_user, action="rostering.requirement.update", obj=current, before=before,
               after=snapshot(current), reason=reason or "", unit_id=current.unit_id)
    return current


def do_delete_requirement(*, requirement: Requirement, acting_user, reason: str | None = None) -> None:
    require_plan(acting_user, requirement.unit)
    with transaction.atomic(durable=True):
        before = snapshot(requirement)
        text = str(requirement)
        unit_id, pk = requirement.unit_id, requirement.pk
        Requirement.objects.filter(pk=pk).delete()
        record(actor=acting_user, action="rostering.requirement.delete", before=before, reason=reason or "",
               unit_id=unit_id, object_type="rostering.requirement", object_id=str(pk), object_repr=text)


# --- overrides -----------------------------------------------------------------------------------------------------

def do_set_requirement_override(*, unit: Unit, date: dt.date | None = None, on_bank_holidays: bool = False,
                                start_time: dt.time, end_time: dt.time, rank: Rank | None = None,
                                skill: Skill | None = None, minimum: int, target: int | None = None, reason: str,
                                override: RequirementOverride | None = None, expected_version: int | None = None,
                                acting_user) -> RequirementOverride:
    """Different numbers for `rank`/`skill` in one band on one `date`, or on every bank holiday of the unit's
    region (`on_bank_holidays`). Within the band they replace the weekly requirement of the same rank and skill.

    Without `override`, an override of the same date (or bank holidays), band, rank and skill is changed rather
    than duplicated. `reason` says why the day differs (shown on the roster) and goes in the audit log."""
    require_plan(acting_user, unit)
    errors: list[FieldError] = []
    if on_bank_holidays and date is not None:
        errors.append(FieldError("date", _("Give a date or tick 'every bank holiday', not both.")))
    elif not on_bank_holidays and date is None:
        errors.append(FieldError("date", _("Give the date the numbers differ on, or tick 'every bank holiday'.")))
    start, end = _check_times(errors, start_time, end_time)
    minimum, target = _check_numbers(errors, minimum, target)
    reason = (reason or "").strip()
    if not reason:
        errors.append(FieldError("reason", _("Say why this day differs (a bank holiday, an event…).")))
    elif len(reason) > 200:
        errors.append(FieldError("reason", _("Keep the reason under 200 characters.")))
    if rank is not None and not isinstance(rank, Rank):
        errors.append(FieldError("rank", _("Choose a rank, or none for any rank.")))
    if skill is not None and not isinstance(skill, Skill):
        errors.append(FieldError("skill", _("Choose a skill, or none.")))
    _raise(errors)
    data = dict(date=None if on_bank_holidays else date, on_bank_holidays=bool(on_bank_holidays), start_time=start,
                end_time=end, rank=rank, skill=skill, minimum=minimum, target=target, reason=reason)
    with transaction.atomic(durable=True):
        if override is None:
            override = (RequirementOverride.objects.select_for_update().order_by("pk")
                        .filter(unit=unit, date=data["date"], on_bank_holidays=data["on_bank_holidays"],
                                start_time=start, end_time=end, rank=rank, skill=skill).first())
        else:
            override = RequirementOverride.objects.select_for_update().order_by().get(pk=override.pk)
            if override.unit_id != unit.pk:
                raise DomainError(_("That override belongs to another unit."), field="unit")
            if expected_version is not None and override.version != expected_version:
                raise ConflictError(_("Someone else changed this override since you opened it (now version %(v)s). "
                                      "Reload to see their change.") % {"v": override.version}, field="version")
        if override is None:
            override = RequirementOverride.objects.create(unit=unit, **data)
            before = None
            action = "rostering.requirement_override.create"
        else:
            before = snapshot(override)
            for name, value in data.items():
                setattr(override, name, value)
            override.version += 1
            override.save(update_fields=OVERRIDE_FIELDS)
            action = "rostering.requirement_override.update"
        record(actor=acting_user, action=action, obj=override, before=before, after=snapshot(override),
               reason=reason, unit_id=unit.pk)
    return override


def do_delete_requirement_override(*, override: RequirementOverride, acting_user,
                                   reason: str | None = None) -> None:
    require_plan(acting_user, override.unit)
    with transaction.atomic(durable=True):
        before = snapshot(override)
        text = str(override)
        unit_id, pk = override.unit_id, override.pk
        RequirementOverride.objects.filter(pk=pk).delete()
        record(actor=acting_user, action="rostering.requirement_override.delete", before=before,
               reason=reason or "", unit_id=unit_id, object_type="rostering.requirementoverride", object_id=str(pk),
               object_repr=text)


# --- templates -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TemplateBand:
    rank: str | None
    skill: str | None
    weekdays: str
    start: dt.time
    end: dt.time
    minimum: int
    target: int
    note: str

    @property
    def label(self) -> str:
        who = " with ".join(x for x in (self.rank, self.skill) if x) or str(_("anyone"))
        return f"{who} {weekdays_label(self.weekdays)} {band_label(self.start, self.end)}: " \
               f"{self.minimum}–{self.target}"


@dataclass(frozen=True)
class RequirementTemplate:
    code: str
    name: str
    description: str
    requirements: tuple[TemplateBand, ...]


@cache
def requirement_templates() -> tuple[RequirementTemplate, ...]:
    """The shipped templates (rostering/data/requirements_library.json)."""
    raw = json.loads(LIBRARY_FILE.read_text(encoding="utf-8"))
    out = []
    for t in raw["templates"]:
        bands = tuple(TemplateBand(r.get("rank"), r.get("skill"), r["weekdays"], dt.time.fromisoformat(r["start"]),
                                   dt.time.fromisoformat(r["end"]), int(r["minimum"]), int(r["target"]),
                                   r.get("note", "")) for r in t["requirements"])
        out.append(RequirementTemplate(t["code"], t["name"], t.get("description", ""), bands))
    return tuple(out)


def requirement_template(code: str) -> RequirementTemplate | None:
    return next((t for t in requirement_templates() if t.code == code), None)


def do_apply_requirement_template(unit: Unit, code: str, *, acting_user, effective_from: dt.date | None = None,
                                  replace: bool = False, reason: str | None = None) -> list[Requirement]:
    """Give `unit` the weekly requirements of a library template from `effective_from` (default today).

    A unit that already has requirements in force then is refused unless `replace`: those end the day before
    (or go, when they would only have started later). Every rank and skill the template names must exist."""
    require_plan(acting_user, unit)
    template = requirement_template(code)
    if template is None:
        raise DomainError(_("There is no requirement template %(code)s.") % {"code": code}, field="code")
    start = effective_from or timezone.localdate()
    ranks = {r.code: r for r in Rank.objects.filter(code__in={b.rank for b in template.requirements if b.rank})}
    skills = {s.code: s for s in Skill.objects.filter(code__in={b.skill for b in template.requirements if b.skill})}
    missing = sorted({b.rank for b in template.requirements if b.rank and b.rank not in ranks}
                     | {b.skill for b in template.requirements if b.skill and b.skill not in skills})
    if missing:
        raise DomainError(_("The template needs ranks or skills this organisation does not have: %(codes)s.")
                          % {"codes": ", ".join(missing)}, field="code")
    in_force = Requirement.objects.filter(unit=unit).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start))
    with transaction.atomic(durable=True):
        existing = list(in_force.select_for_update().order_by("pk"))
        if existing and not replace:
            raise DomainError(_("%(unit)s already has %(n)s requirements in force from %(date)s; choose "
                                "'replace' to end them the day before.")
                              % {"unit": unit.name, "n": len(existing), "date": start.isoformat()}, field="replace")
        ended = []
        for req in existing:
            if req.effective_from >= start:
                ended.append({"id": req.pk, "deleted": True})
                req.delete()
            else:
                req.effective_to = start - dt.timedelta(days=1)
                req.version += 1
                req.save(update_fields=["effective_to", "version"])
                ended.append({"id": req.pk, "effective_to": req.effective_to.isoformat()})
        created = Requirement.objects.bulk_create([
            Requirement(unit=unit, rank=ranks.get(b.rank) if b.rank else None,
                        skill=skills.get(b.skill) if b.skill else None, weekdays=b.weekdays, start_time=b.start,
                        end_time=b.end, minimum=b.minimum, target=b.target, effective_from=start, note=b.note)
            for b in template.requirements])
        record(actor=acting_user, action="rostering.requirement.apply_template", obj=unit,
               after={"template": template.code, "effective_from": start.isoformat(), "created": len(created),
                      "ended": ended},
               reason=reason or "", unit_id=unit.pk, object_repr=f"{unit.name}: {template.name}")
    return created
