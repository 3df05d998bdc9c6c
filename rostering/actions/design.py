"""Seeding the roster from a contact-centre shift design (issue 8): a rota pattern for the centre's teams, and the
staffing requirements the optimiser's fill mode fills to. Only planners of the queue's unit (and administrators)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from common.audit import record
from common.errors import DomainError
from demand.models import ShiftDesign
from org.models import Unit

from .. import design_seed
from ..models import Requirement, ShiftPattern, ShiftType, TeamPattern
from ..permissions import require_plan
from .patterns import do_assign_team_pattern, do_save_pattern, do_save_shift_type
from .requirements import _clean_requirement

MAX_HOURS_PER_WEEK = 48
MAX_SEED_SECONDS = 30


@dataclass(frozen=True)
class SeededPattern:
    pattern: ShiftPattern
    plan: design_seed.PatternPlan
    created_types: list[ShiftType]
    assignments: list[TeamPattern] = field(default_factory=list)


def pattern_code(design: ShiftDesign) -> str:
    return f"design-{design.pk}"


def _clean_hours(value) -> float:
    try:
        hours = float(value)
    except (TypeError, ValueError):
        raise DomainError(_("Give the contracted hours a week as a number, e.g. 37.5."), field="hours_per_week") \
            from None
    if not 1 <= hours <= MAX_HOURS_PER_WEEK:
        raise DomainError(_("Hours a week must be from 1 to %(n)s.") % {"n": MAX_HOURS_PER_WEEK},
                          field="hours_per_week")
    return hours


def _clean_seconds(value) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise DomainError(_("Give the time limit in seconds."), field="time_limit_s") from None
    if not 0 < seconds <= MAX_SEED_SECONDS:
        raise DomainError(_("The time limit must be above 0 and at most %(n)s seconds.") % {"n": MAX_SEED_SECONDS},
                          field="time_limit_s")
    return seconds


def do_seed_pattern_from_design(design: ShiftDesign, *, team_ids, hours_per_week=37.5,
                                assign_from: dt.date | None = None, time_limit_s=10, acting_user,
                                reason: str | None = None) -> SeededPattern:
    """Build a rota pattern from the design: one week-row per ticked team, shift types for the design's shifts
    (existing ones with the same times reused), and, with `assign_from`, the teams following it from that date
    (team k at week k of the cycle; an open assignment before is ended the day before).

    The writes go through the rostering actions for shift types, patterns and team patterns, each in its own
    durable transaction with its own audit record, plus one record tying them to the design. Everything that can
    be refused is checked before the first write; shift types created by a try that then failed are reused by
    the next one (they are matched by their times)."""
    queue = design.forecast.queue
    require_plan(acting_user, queue.unit)
    design_seed.require_usable(design)
    teams = design_seed.chosen_teams(design, team_ids)
    for team in teams:
        require_plan(acting_user, team)
    hours = _clean_hours(hours_per_week)
    seconds = _clean_seconds(time_limit_s)
    code = pattern_code(design)
    found = ShiftPattern.objects.filter(code=code).first()
    if found is not None:
        raise DomainError(_("This design already seeded the pattern %(name)s; change that pattern instead.")
                          % {"name": found.name}, field="design")
    if assign_from is not None and assign_from < design.first_day - dt.timedelta(days=28):
        raise DomainError(_("Start the teams on the pattern at most four weeks before the design's first day."),
                          field="assign_from")
    codes, existing = design_seed.shift_type_codes(design)
    plan = design_seed.plan_pattern(design, teams, hours_per_week=hours, codes=codes, time_limit_s=seconds)
    used = {key for key in plan.days if key}
    created = []
    for shift in plan.shifts:
        if shift in existing or codes[shift] not in used:
            continue
        created.append(do_save_shift_type(
            code=codes[shift], name=_("%(queue)s %(times)s") % {"queue": queue.name, "times": shift.label},
            start_time=shift.start_time, end_time=shift.end_time, break_minutes=shift.break_minutes,
            counts_as_night=shift.counts_as_night, unit=queue.unit, acting_user=acting_user,
            reason=reason or _("Shift design %(pk)s") % {"pk": design.pk}))
    description = _("Seeded from the shift design of %(queue)s for %(first)s (%(days)s days): %(n)s teams of about "
                    "%(size)s, %(hours).1f paid hours a week on average.") % {
        "queue": queue.name, "first": design.first_day.strftime("%d %b %Y"), "days": design.days,
        "n": len(teams), "size": plan.rota.team_size, "hours": plan.rota.average_paid_hours}
    pattern = do_save_pattern(
        code=code, name=_("%(queue)s from design %(first)s") % {"queue": queue.name,
                                                                "first": design.first_day.strftime("%d %b %Y")},
        weeks=len(teams), days=plan.days, teams=len(teams), rule_pack=design_seed.rule_pack_of(teams),
        description=description, unit=queue.unit, acting_user=acting_user, reason=reason)
    assignments = []
    if assign_from is not None:
        anchor = assign_from - dt.timedelta(days=assign_from.weekday())  # the pattern's week starts on Monday
        for index, team in enumerate(teams):
            assignments.append(do_assign_team_pattern(
                team=team, pattern=pattern, anchor_date=anchor, offset_days=pattern.team_offset_days(index),
                start_date=assign_from, acting_user=acting_user, reason=reason or pattern.name))
    with transaction.atomic(durable=True):
        record(actor=acting_user, action="rostering.design.seed_pattern", obj=pattern,
               after={"design": design.pk, "pattern": pattern.code, "teams": [t.pk for t in teams],
                      "team_sizes": [plan.sizes[t.pk] for t in teams], "hours_per_week": hours,
                      "average_paid_hours": round(plan.rota.average_paid_hours, 2),
                      "shortfall_person_hours": plan.rota.shortfall_person_hours(plan.interval_minutes),
                      "created_shift_types": [st.code for st in created],
                      "assigned_from": assign_from.isoformat() if assign_from else None},
               reason=reason or "", unit_id=queue.unit_id)
    return SeededPattern(pattern=pattern, plan=plan, created_types=created, assignments=assignments)


def do_seed_requirements_from_design(design: ShiftDesign, *, acting_user,
                                     reason: str | None = None) -> list[Requirement]:
    """Give the queue's unit weekly requirements for the queue's skill over the design's days only: per day and
    time band, the minimum people on duty the forecast needs and, as target, the design's cover.

    Requirements of the same skill already in force on those days would mix with these (overlapping bands take
    the larger number), so they are refused: end or delete them first. One transaction, one audit record."""
    queue = design.forecast.queue
    unit: Unit = queue.unit
    require_plan(acting_user, unit)
    design_seed.require_usable(design)
    clash = design_seed.clashing_requirements(design)
    count = clash.count()
    if count:
        raise DomainError(_("%(unit)s already has %(n)s requirements for %(who)s in force between %(first)s and "
                            "%(last)s; end or delete them on the requirements page first.")
                          % {"unit": unit.name, "n": count, "who": queue.skill.name if queue.skill else _("anyone"),
                             "first": design.first_day.isoformat(),
                             "last": (design.first_day + dt.timedelta(days=design.days - 1)).isoformat()},
                          field="design")
    bands = design_seed.requirement_bands(design)
    if not bands:
        raise DomainError(_("The forecast needs nobody on these days: there is nothing to require."), field="design")
    note = (_("Shift design %(pk)s of %(queue)s") % {"pk": design.pk, "queue": queue.name})[:200]
    rows = []
    for band in bands:
        data = _clean_requirement(rank=None, skill=queue.skill, weekdays=band.weekdays, start_time=band.start_time,
                                  end_time=band.end_time, minimum=band.minimum, target=band.target,
                                  effective_from=band.effective_from, effective_to=band.effective_to, note=note)
        rows.append(Requirement(unit=unit, **data))
    with transaction.atomic(durable=True):
        if design_seed.clashing_requirements(design).select_for_update().exists():
            raise DomainError(_("Someone added requirements for these days meanwhile; reload and try again."),
                              field="design")
        created = Requirement.objects.bulk_create(rows)
        record(actor=acting_user, action="rostering.design.seed_requirements", obj=design,
               after={"design": design.pk, "created": len(created), "skill": queue.skill_id,
                      "first_day": design.first_day.isoformat(), "days": design.days,
                      "peak_minimum": max(b.minimum for b in bands)},
               reason=reason or "", unit_id=unit.pk, object_repr=f"{unit.name}: {note}")
    return created
