"""Shift types, shift patterns (and the library), teams and their patterns, and materialising duties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from common.audit import record, snapshot
from common.errors import ConflictError, DomainError, FieldError
from common.schema_types import check_plan_day
from org.choices import UnitKind
from org.models import Unit
from people.models import Person

from ..choices import DutySource, DutyStatus
from ..library import library_pattern
from ..models import Duty, RosterPeriod, ShiftPattern, ShiftType, TeamMembership, TeamPattern
from ..models.shifts import MAX_PATTERN_WEEKS, code_validator, colour_validator
from ..permissions import require_manage_pattern, require_manage_shift_type, require_plan
from ..projection import cycle_index, duty_instants
from ..teams import stints, teams_under

# A team's place in its cycle, in days; no cycle is longer than MAX_PATTERN_WEEKS, so ten years is generous.
MAX_OFFSET_DAYS = 3660

SHIFT_TYPE_FIELDS = ["code", "name", "start_time", "end_time", "break_minutes", "break_paid", "colour",
                     "counts_as_night", "role", "unit", "active"]


def _validate_shift_type(data: dict) -> None:
    errors = []
    for field, validator in (("code", code_validator), ("colour", colour_validator)):
        try:
            validator(data[field])
        except DjangoValidationError as exc:
            errors.append(FieldError(field, " ".join(exc.messages), value=str(data[field])))
    if not data.get("name"):
        errors.append(FieldError("name", _("Give the shift type a name.")))
    start, end = data["start_time"], data["end_time"]
    wall = ((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)) % 1440 or 1440
    if not 0 <= data["break_minutes"] < wall:
        errors.append(FieldError("break_minutes", _("The break must be between 0 and the shift's length.")))
    if errors:
        raise DomainError(errors[0].message, errors=errors)


def do_save_shift_type(*, shift_type: ShiftType | None = None, code: str, name: str, start_time: dt.time,
                       end_time: dt.time, break_minutes: int = 0, break_paid: bool = False,
                       colour: str = "#dfe7f5", counts_as_night: bool = False, role: str = "",
                       unit: Unit | None = None, active: bool = True, acting_user,
                       reason: str | None = None) -> ShiftType:
    """Create a shift type, or change one (`shift_type` given). Times are Europe/London wall times."""
    require_manage_shift_type(acting_user, shift_type, unit)
    if shift_type is not None:
        # Moving a shift type is managing it in both places: a planner may not hand it to another area
        # or make it organisation-wide (administrators only).
        require_manage_shift_type(acting_user, None, unit)
    elif unit is not None:
        require_plan(acting_user, unit)
    data = dict(code=code.strip(), name=name.strip(), start_time=start_time, end_time=end_time,
                break_minutes=int(break_minutes), break_paid=break_paid, colour=colour, counts_as_night=counts_as_night,
                role=role.strip(), unit=unit, active=active)
    _validate_shift_type(data)
    clash = ShiftType.objects.filter(code__iexact=data["code"])
    if shift_type is not None:
        clash = clash.exclude(pk=shift_type.pk)
    if clash.exists():
        raise DomainError(_("Shift type code %(code)s is already used.") % {"code": data["code"]}, field="code")
    with transaction.atomic(durable=True):
        if shift_type is None:
            shift_type = ShiftType.objects.create(**data)
            before = None
            action = "rostering.shift_type.create"
        else:
            shift_type = ShiftType.objects.select_for_update().get(pk=shift_type.pk)
            before = snapshot(shift_type)
            for key, value in data.items():
                setattr(shift_type, key, value)
            shift_type.save(update_fields=SHIFT_TYPE_FIELDS)
            action = "rostering.shift_type.update"
        record(actor=acting_user, action=action, obj=shift_type, before=before, after=snapshot(shift_type),
               reason=reason or "", unit_id=shift_type.unit_id)
    return shift_type


def _validate_pattern(weeks: int, days: Sequence[str], teams: int) -> list[str]:
    if not isinstance(weeks, int) or not 1 <= weeks <= MAX_PATTERN_WEEKS:
        raise DomainError(_("A pattern is 1 to %(max)s weeks long.") % {"max": MAX_PATTERN_WEEKS}, field="weeks")
    if not 1 <= teams <= 84:
        raise DomainError(_("Between 1 and 84 teams can follow a pattern."), field="teams")
    cleaned = [(c or "").strip() for c in days]
    if len(cleaned) != weeks * 7:
        raise DomainError(_("A %(weeks)s-week pattern needs %(n)s days, got %(got)s.")
                          % {"weeks": weeks, "n": weeks * 7, "got": len(cleaned)}, field="days")
    known = {c.upper(): c for c in ShiftType.objects.filter(active=True).values_list("code", flat=True)}
    out = []
    errors = []
    for i, code in enumerate(cleaned):
        if code.upper() in {"", "RD", "-"}:
            out.append("")
        elif code.upper() in known:
            out.append(known[code.upper()])
        else:
            errors.append(FieldError("days", _("Week %(w)s day %(d)s: no shift type %(code)s.")
                                     % {"w": i // 7 + 1, "d": i % 7 + 1, "code": code}, row=i, value=code))
    if errors:
        raise DomainError(errors[0].message, errors=errors)
    return out


def do_save_pattern(*, pattern: ShiftPattern | None = None, code: str, name: str, weeks: int, days: Sequence[str],
                    teams: int = 1, rule_pack: str = "", description: str = "", unit: Unit | None = None,
                    expected_version: int | None = None, acting_user, reason: str | None = None) -> ShiftPattern:
    """Create or change a shift pattern. `days` has weeks × 7 shift-type codes, "" or "RD" for rest days."""
    require_manage_pattern(acting_user, pattern, unit)
    if unit is not None:
        require_plan(acting_user, unit)
    cleaned = _validate_pattern(int(weeks), days, int(teams))
    code = code.strip()
    if not code:
        raise DomainError(_("Give the pattern a code."), field="code")
    clash = ShiftPattern.objects.filter(code=code)
    if pattern is not None:
        clash = clash.exclude(pk=pattern.pk)
    if clash.exists():
        raise DomainError(_("Pattern code %(code)s is already used.") % {"code": code}, field="code")
    with transaction.atomic(durable=True):
        if pattern is None:
            pattern = ShiftPattern.objects.create(code=code, name=name.strip() or code, weeks=int(weeks), days=cleaned,
                                                  teams=int(teams), rule_pack=rule_pack, description=description,
                                                  unit=unit)
            record(actor=acting_user, action="rostering.pattern.create", obj=pattern, after=snapshot(pattern),
                   reason=reason or "", unit_id=pattern.unit_id)
            return pattern
        current = ShiftPattern.objects.select_for_update().get(pk=pattern.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConflictError(_("Someone else changed this pattern since you opened it (now version %(v)s). "
                                  "Reload to see their change.") % {"v": current.version}, field="version")
        before = snapshot(current)
        current.code, current.name, current.weeks, current.days = code, name.strip() or code, int(weeks), cleaned
        current.teams, current.rule_pack, current.description = int(teams), rule_pack, description
        current.unit = unit if unit is not None else current.unit
        current.version += 1
        current.save(update_fields=["code", "name", "weeks", "days", "teams", "rule_pack", "description", "unit",
                                    "version"])
        record(actor=acting_user, action="rostering.pattern.update", obj=current, before=before,
               after=snapshot(current), reason=reason or "", unit_id=current.unit_id)
        return current


def do_import_library_pattern(*, code: str, unit: Unit | None = None, acting_user,
                              reason: str | None = None) -> ShiftPattern:
    """Copy a library pattern (and any of its shift types not yet here) into the organisation.

    Idempotent: importing a pattern already imported returns it. Shift types are organisation-wide and
    matched by code; a clash with different times is refused rather than silently changing live duties."""
    found = library_pattern(code)
    if found is None:
        raise DomainError(_("There is no library pattern %(code)s.") % {"code": code}, field="code")
    if acting_user is not None and unit is not None:
        require_plan(acting_user, unit)
    elif acting_user is not None:
        # Without a unit the pattern is organisation-wide, which only administrators maintain.
        require_manage_pattern(acting_user, None, None)
    existing = ShiftPattern.objects.filter(code=found.code).first()
    if existing is not None:
        return existing
    with transaction.atomic(durable=True):
        for lib in found.shift_types:
            current = ShiftType.objects.filter(code=lib.code).first()
            if current is None:
                ShiftType.objects.create(code=lib.code, name=lib.name, start_time=lib.start, end_time=lib.end,
                                         break_minutes=lib.break_minutes, break_paid=lib.break_paid, colour=lib.colour,
                                         counts_as_night=lib.counts_as_night, role=lib.role)
            elif (current.start_time, current.end_time) != (lib.start, lib.end):
                raise DomainError(_("Shift type %(code)s exists here with other times (%(times)s); rename it first.")
                                  % {"code": lib.code, "times": current.times_label()}, field="code")
        pattern = ShiftPattern.objects.create(code=found.code, name=found.name, description=found.description,
                                              weeks=found.weeks, days=list(found.days), teams=found.teams,
                                              rule_pack=found.rule_pack, library_code=found.code, unit=unit)
        record(actor=acting_user, action="rostering.pattern.import", obj=pattern, after=snapshot(pattern),
               reason=reason or "", unit_id=pattern.unit_id)
    return pattern


def _require_team(unit: Unit, field: str = "team") -> None:
    if unit.kind != UnitKind.TEAM:
        raise DomainError(_("%(unit)s is not a team / relief.") % {"unit": unit}, field=field)


def do_assign_team_pattern(*, team: Unit, pattern: ShiftPattern, anchor_date: dt.date, offset_days: int = 0,
                           start_date: dt.date | None = None, end_date: dt.date | None = None, acting_user,
                           reason: str | None = None) -> TeamPattern:
    """A team follows `pattern` from `start_date` (default: the anchor date). On date d it works cycle day
    ((d − anchor_date) + offset_days) mod cycle. An open assignment before it is closed the day before."""
    require_plan(acting_user, team)
    _require_team(team)
    for day, field in ((anchor_date, "anchor_date"), (start_date, "start_date"), (end_date, "end_date")):
        check_plan_day(day, field)
    if not -MAX_OFFSET_DAYS <= int(offset_days) <= MAX_OFFSET_DAYS:
        raise DomainError(_("The offset must be within %(n)s days.") % {"n": MAX_OFFSET_DAYS}, field="offset_days")
    start_date = start_date or anchor_date
    if end_date is not None and end_date < start_date:
        raise DomainError(_("The end must be on or after the start."), field="end_date")
    with transaction.atomic(durable=True):
        overlapping = list(TeamPattern.objects.select_for_update().filter(team=team).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start_date)))
        for old in overlapping:
            if old.start_date >= start_date:
                raise DomainError(_("%(team)s already follows %(pattern)s from %(date)s; end that first.")
                                  % {"team": team, "pattern": old.pattern, "date": old.start_date}, field="start_date")
            before = snapshot(old)
            old.end_date = start_date - dt.timedelta(days=1)
            old.save(update_fields=["end_date"])
            record(actor=acting_user, action="rostering.team_pattern.end", obj=old, before=before,
                   after=snapshot(old), reason=reason or "", unit_id=team.pk)
        assignment = TeamPattern.objects.create(team=team, pattern=pattern, anchor_date=anchor_date,
                                                offset_days=int(offset_days), start_date=start_date, end_date=end_date)
        record(actor=acting_user, action="rostering.team_pattern.assign", obj=assignment, after=snapshot(assignment),
               reason=reason or "", unit_id=team.pk)
    return assignment


def assign_team_pattern(team: Unit, pattern: ShiftPattern, anchor_date: dt.date, offset_days: int = 0, *,
                        start_date: dt.date | None = None, end_date: dt.date | None = None,
                        acting_user=None) -> TeamPattern:
    """Service entry point for the demo generator and scripts (acting_user None: the system)."""
    return do_assign_team_pattern(team=team, pattern=pattern, anchor_date=anchor_date, offset_days=offset_days,
                                  start_date=start_date, end_date=end_date, acting_user=acting_user)


def do_join_team(*, person: Person, team: Unit, start_date: dt.date, end_date: dt.date | None = None,
                 acting_user, reason: str | None = None) -> TeamMembership:
    """A person joins a team on a date (and leaves after `end_date`); their open stint elsewhere ends the day before."""
    check_plan_day(start_date, "start_date")
    check_plan_day(end_date, "end_date")
    require_plan(acting_user, team)
    _require_team(team)
    if end_date is not None and end_date < start_date:
        raise DomainError(_("The last day must be on or after the joining date."), field="end_date")
    # Taking someone off another team changes that team's roster too: the planner must plan it as well.
    current = list(TeamMembership.objects.filter(person=person).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start_date)).select_related("team"))
    for row in current:
        require_plan(acting_user, row.team)
    if person.home_unit_id and not current:
        require_plan(acting_user, person.home_unit)
    with transaction.atomic(durable=True):
        open_rows = TeamMembership.objects.select_for_update().filter(person=person).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start_date))
        if not TeamMembership.objects.filter(person=person).exists() and person.home_unit_id \
                and person.home_unit_id != team.pk and person.home_unit.kind == UnitKind.TEAM:
            # The implicit home-unit membership becomes explicit so that leaving it is recorded.
            if start_date > person.start_date:
                TeamMembership.objects.create(person=person, team_id=person.home_unit_id, start_date=person.start_date,
                                              end_date=start_date - dt.timedelta(days=1))
        for row in open_rows:
            if row.start_date >= start_date:
                raise DomainError(_("%(person)s is already on %(team)s from %(date)s.")
                                  % {"person": person.full_name, "team": row.team, "date": row.start_date},
                                  field="start_date")
            row.end_date = start_date - dt.timedelta(days=1)
            row.save(update_fields=["end_date"])
        membership = TeamMembership.objects.create(person=person, team=team, start_date=start_date, end_date=end_date)
        record(actor=acting_user, action="rostering.team.join", obj=membership, after=snapshot(membership),
               reason=reason or "", unit_id=team.pk, person_id=person.pk)
    return membership


def do_leave_team(*, membership: TeamMembership, end_date: dt.date, acting_user,
                  reason: str | None = None) -> TeamMembership:
    require_plan(acting_user, membership.team)
    if end_date < membership.start_date:
        raise DomainError(_("The last day must be on or after the joining date."), field="end_date")
    with transaction.atomic(durable=True):
        before = snapshot(membership)
        membership.end_date = end_date
        membership.save(update_fields=["end_date"])
        record(actor=acting_user, action="rostering.team.leave", obj=membership, before=before,
               after=snapshot(membership), reason=reason or "", unit_id=membership.team_id,
               person_id=membership.person_id)
    return membership


@dataclass(frozen=True)
class MaterialiseResult:
    created: int
    rest_days: int
    kept: int  # person-days that already had a duty (amendments are never overwritten)
    skipped_published: int  # person-days inside a published roster (changes there are duty changes)


def published_days(unit: Unit, start: dt.date, end: dt.date) -> set[dt.date]:
    """Dates from start to end covered by a published roster of the unit, an ancestor or a descendant."""
    ids = [int(i) for i in unit.path.strip("/").split("/") if i]
    periods = RosterPeriod.objects.filter(status="published", start_date__lte=end, end_date__gte=start).filter(
        Q(unit_id__in=ids) | Q(unit__path__startswith=unit.path)).values_list("start_date", "end_date")
    days = set()
    for s, e in periods:
        current = max(s, start)
        while current <= min(e, end):
            days.add(current)
            current += dt.timedelta(days=1)
    return days


def do_materialise_duties(*, unit: Unit, start: dt.date, end: dt.date, acting_user,
                          reason: str | None = None) -> MaterialiseResult:
    """Create the base roster of every team under `unit` from start to end: the team pattern projected onto
    dates for each member on each day they are on the team and employed. Idempotent; existing duties
    (amendments) are kept, and days inside a published roster are left alone."""
    check_plan_day(start, "start")
    check_plan_day(end, "end")
    require_plan(acting_user, unit)
    if end < start:
        raise DomainError(_("The end must be on or after the start."), field="end")
    if (end - start).days > 400:
        raise DomainError(_("Materialise at most 400 days at a time."), field="end")
    teams = teams_under(unit)
    team_ids = [t.pk for t in teams]
    assignments = list(TeamPattern.objects.filter(team_id__in=team_ids, start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)).select_related("pattern"))
    shift_types = {st.code: st for st in ShiftType.objects.all()}
    members = stints(team_ids, start, end)
    people = Person.objects.in_bulk({s.person_id for rows in members.values() for s in rows})
    frozen = published_days(unit, start, end)
    taken = set(Duty.objects.filter(person_id__in=list(people), date__range=(start, end))
                .exclude(status=DutyStatus.CANCELLED).values_list("person_id", "date"))
    new: list[Duty] = []
    kept = skipped = rest = 0
    for assignment in assignments:
        days = assignment.pattern.days
        cycle = len(days)
        first = max(start, assignment.start_date)
        last = min(end, assignment.end_date) if assignment.end_date else end
        for stint in members.get(assignment.team_id, []):
            person = people[stint.person_id]
            day = max(first, stint.start)
            stop = min(last, stint.end) if stint.end else last
            while day <= stop:
                if not person.is_employed_on(day):
                    pass
                elif day in frozen:
                    skipped += 1
                elif (person.pk, day) in taken:
                    kept += 1
                else:
                    code = days[cycle_index(day, assignment.anchor_date, assignment.offset_days, cycle)]
                    st = shift_types.get(code) if code else None
                    if st is None:
                        rest += 1
                        new.append(Duty(person=person, unit_id=assignment.team_id, date=day, is_rest_day=True,
                                        source=DutySource.PATTERN))
                    else:
                        s, e = duty_instants(day, st.start_time, st.end_time)
                        new.append(Duty(person=person, unit_id=assignment.team_id, date=day, start=s, end=e,
                                        shift_type=st, role=st.role, break_minutes=st.break_minutes,
                                        source=DutySource.PATTERN))
                    taken.add((person.pk, day))
                day += dt.timedelta(days=1)
    with transaction.atomic(durable=True):
        # ignore_conflicts: a planner may have added a duty for one of these days since we looked.
        Duty.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
        result = MaterialiseResult(created=len(new) - rest, rest_days=rest, kept=kept, skipped_published=skipped)
        record(actor=acting_user, action="rostering.materialise", obj=unit,
               after={"start": start.isoformat(), "end": end.isoformat(), **result.__dict__},
               reason=reason or "", unit_id=unit.pk)
    return result


def materialise_duties(unit: Unit, start: dt.date, end: dt.date, *, acting_user=None) -> MaterialiseResult:
    """Service entry point for the demo generator and the `materialise_duties` command."""
    return do_materialise_duties(unit=unit, start=start, end=end, acting_user=acting_user)
