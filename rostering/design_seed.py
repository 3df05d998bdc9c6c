"""From a contact-centre shift design (demand.ShiftDesign) to the roster's inputs (issue 8): the shift types and a
rota pattern for the centre's teams, and the staffing requirements per day and time band that the optimiser's
fill mode fills to. Reads only; rostering/actions/design.py writes.

Demand sits below rostering, so this module reads the design and the forecast (demand.planning) and turns them
into rostering's terms. Two curves are involved:
- the pattern covers the design's requirement: *scheduled* staff (Erlang agents grossed up for all shrinkage),
  because a rota must carry the people who will be on leave or off sick on the day;
- the requirements are *people on duty* (the roster is counted net of abstractions): the minimum is the agents
  grossed up for unplanned absence only (what demand_cover calls "required on duty"), the target the design's
  cover in the same terms."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from common.errors import DomainError
from demand import planning
from demand.models import ShiftDesign
from muster_engine.queueing import rota_seed
from org.choices import UnitKind
from org.models import Unit
from people.models import Person, PersonSkill

from .models import Requirement, ShiftType
from .models.requirements import weekdays_label
from .teams import stints, teams_under

NIGHT = (23 * 60, 30 * 60)  # WTR-6 night time 23:00–06:00, as minutes from the start day's midnight


@dataclass(frozen=True)
class DesignShift:
    """One shift of the design: wall-clock start, length and unpaid break (the break's position varies by person
    in the design; a shift type keeps only its length)."""

    start_minute: int
    length_minutes: int
    break_minutes: int

    @property
    def paid_minutes(self) -> int:
        return self.length_minutes - self.break_minutes

    @property
    def start_time(self) -> dt.time:
        return dt.time(self.start_minute // 60, self.start_minute % 60)

    @property
    def end_time(self) -> dt.time:
        end = (self.start_minute + self.length_minutes) % 1440
        return dt.time(end // 60, end % 60)

    @property
    def label(self) -> str:
        hours = f"{self.length_minutes / 60:g}"
        return f"{self.start_time:%H:%M}–{self.end_time:%H:%M} ({hours} h)"

    @property
    def code(self) -> str:
        """"0700-8" for 07:00 and 8 hours, "0730-510" for 8 h 30 (minutes): at most 8 characters."""
        length = self.length_minutes // 60 if self.length_minutes % 60 == 0 else self.length_minutes
        return f"{self.start_minute // 60:02d}{self.start_minute % 60:02d}-{length}"

    @property
    def counts_as_night(self) -> bool:
        """At least 3 hours in night time (WTR-6)."""
        start, end = self.start_minute, self.start_minute + self.length_minutes
        overlap = sum(max(0, min(end, hi) - max(start, lo)) for lo, hi in ((NIGHT[0] - 1440, NIGHT[1] - 1440), NIGHT))
        return overlap >= 180


def _minute(label: str) -> int:
    hours, minutes = label.split(":")
    return int(hours) * 60 + int(minutes)


def require_usable(design: ShiftDesign) -> None:
    if design.status not in {"optimal", "feasible"} or not design.result.get("starts"):
        raise DomainError(_("This shift design has no shifts to seed from; run the design again with more time."),
                          field="design")


def design_shifts(design: ShiftDesign) -> list[DesignShift]:
    """The distinct shifts the design starts, by start time."""
    found = {DesignShift(_minute(s["start"]), int(s["length_minutes"]), int(s["break_minutes"]))
             for s in design.result.get("starts", [])}
    return sorted(found, key=lambda s: (s.start_minute, s.length_minutes, s.break_minutes))


def weekly_requirement(design: ShiftDesign) -> list[list[int]]:
    """The design's requirement (scheduled staff) per weekday (Monday first) and interval: the largest of the
    design's days falling on that weekday. A weekday the design does not reach needs nobody."""
    step = design.result.get("interval_minutes", 30)
    slots = 1440 // step
    values = design.result.get("requirement", [])
    week = [[0] * slots for _ in range(7)]
    for index, value in enumerate(values):
        day = design.first_day + dt.timedelta(days=index // slots)
        row = week[day.weekday()]
        row[index % slots] = max(row[index % slots], int(value))
    return week


# --- the pattern ----------------------------------------------------------------------------------------------------

def centre_teams(design: ShiftDesign) -> list[Unit]:
    return teams_under(design.forecast.queue.unit)


def chosen_teams(design: ShiftDesign, team_ids) -> list[Unit]:
    """The teams a planner ticked, each a team under the queue's unit, in tree order."""
    unit = design.forecast.queue.unit
    ids = {int(i) for i in team_ids if str(i).strip().isdigit()}
    if not ids:
        raise DomainError(_("Tick the teams that will work the pattern."), field="teams")
    teams = list(Unit.objects.filter(pk__in=ids, kind=UnitKind.TEAM, path__startswith=unit.path).order_by("path"))
    if len(teams) != len(ids):
        raise DomainError(_("Every team must be a team of %(unit)s.") % {"unit": unit.name}, field="teams")
    if len(teams) > rota_seed.MAX_ROWS:
        raise DomainError(_("A pattern is at most %(n)s weeks, one per team: tick at most %(n)s teams.")
                          % {"n": rota_seed.MAX_ROWS}, field="teams")
    return teams


def team_sizes(design: ShiftDesign, teams: list[Unit], day: dt.date) -> dict[int, int]:
    """Members of each team on `day` who can answer the queue (hold its skill, unexpired, when it has one)."""
    skill = design.forecast.queue.skill
    members = stints([t.pk for t in teams], day, day)
    people = {s.person_id for rows in members.values() for s in rows if s.covers(day)}
    people &= set(Person.objects.filter(pk__in=people, start_date__lte=day)
                  .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=day)).values_list("pk", flat=True))
    if skill is not None:
        people &= set(PersonSkill.objects.filter(person_id__in=people, skill=skill, acquired__lte=day)
                      .filter(Q(expires__isnull=True) | Q(expires__gte=day)).values_list("person_id", flat=True))
    return {t.pk: len({s.person_id for s in members.get(t.pk, []) if s.person_id in people}) for t in teams}


def rule_pack_of(teams: list[Unit]) -> str:
    """The rule pack most of the teams' members are judged by (the pattern editor checks with it)."""
    packs = Counter(Person.objects.filter(home_unit__in=teams).exclude(staff_group__isnull=True)
                    .values_list("staff_group__rule_pack", flat=True))
    return packs.most_common(1)[0][0] if packs else ""


@dataclass(frozen=True)
class PatternPlan:
    shifts: list[DesignShift]
    teams: list[Unit]
    sizes: dict[int, int]
    rota: rota_seed.Rota
    interval_minutes: int

    @property
    def days(self) -> list[str]:
        """The pattern's days, week-row by week-row, as the shift codes the plan will use ("" rest)."""
        return [key or "" for row in self.rota.rows for key in row]


def plan_pattern(design: ShiftDesign, teams: list[Unit], *, hours_per_week: float, codes: dict[DesignShift, str],
                 time_limit_s: float = 10.0) -> PatternPlan:
    """Solve the rota for `teams` (one week-row each) over the design's shifts; `codes` names each shift as the
    pattern will (an existing shift type's code, or the one to create)."""
    require_usable(design)
    step = design.result.get("interval_minutes", 30)
    shifts = design_shifts(design)
    sizes = team_sizes(design, teams, design.first_day)
    empty = [t.name for t in teams if not sizes[t.pk]]
    if empty:
        raise DomainError(_("%(teams)s has nobody who can answer this queue on %(day)s; untick it.")
                          % {"teams": ", ".join(empty), "day": design.first_day.strftime("%d %b %Y")}, field="teams")
    problem = rota_seed.RotaProblem(
        requirement=tuple(tuple(row) for row in weekly_requirement(design)), interval_minutes=step,
        shifts=tuple(rota_seed.SeedShift(codes[s], s.start_minute, s.length_minutes, s.paid_minutes) for s in shifts),
        team_sizes=tuple(sizes[t.pk] for t in teams), hours_per_week=hours_per_week, time_limit_s=time_limit_s)
    try:
        rota = rota_seed.build_rota(problem)
    except rota_seed.RotaSeedError as error:
        raise DomainError(_("The pattern cannot be built: %(why)s.") % {"why": error}, field="hours_per_week") \
            from None
    if rota.status not in {"optimal", "feasible"}:
        raise DomainError(_("No pattern was found: %(why)s.") % {"why": "; ".join(rota.notes)}, field="hours_per_week")
    return PatternPlan(shifts=shifts, teams=teams, sizes=sizes, rota=rota, interval_minutes=step)


def shift_type_codes(design: ShiftDesign) -> tuple[dict[DesignShift, str], dict[DesignShift, ShiftType]]:
    """The code each design shift goes by, and the existing shift types it reuses: an active one with the same
    times and break, organisation-wide or of the queue's unit or a unit above it. A shift without one gets a
    new type coded by its times ("0700-8"); a code already taken by other times is refused."""
    unit = design.forecast.queue.unit
    above = [int(i) for i in unit.path.strip("/").split("/") if i]
    candidates = list(ShiftType.objects.filter(active=True).filter(Q(unit__isnull=True) | Q(unit_id__in=above))
                      .order_by("code"))
    codes: dict[DesignShift, str] = {}
    existing: dict[DesignShift, ShiftType] = {}
    for shift in design_shifts(design):
        match = next((st for st in candidates if (st.start_time, st.end_time, st.break_minutes, st.break_paid)
                      == (shift.start_time, shift.end_time, shift.break_minutes, False)), None)
        if match is not None:
            codes[shift], existing[shift] = match.code, match
            continue
        clash = ShiftType.objects.filter(code__iexact=shift.code).first()
        if clash is not None:
            raise DomainError(_("Shift type code %(code)s is taken by %(other)s; rename it to seed %(shift)s.")
                              % {"code": shift.code, "other": clash, "shift": shift.label}, field="design")
        codes[shift] = shift.code
    return codes, existing


# --- the requirements -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Band:
    """A weekly requirement band over part of the design: on `weekdays` from start to end (00:00 end: midnight)."""

    weekdays: str
    start_time: dt.time
    end_time: dt.time
    minimum: int
    target: int
    effective_from: dt.date
    effective_to: dt.date

    @property
    def days_label(self) -> str:
        return weekdays_label(self.weekdays)


def on_duty_curve(design: ShiftDesign) -> list[tuple[dt.datetime, int, int]]:
    """(local start, minimum, target) per interval of the design's days: the minimum people on duty the forecast
    needs (Erlang agents grossed up for unplanned absence), the target the design's cover in the same terms."""
    forecast = design.forecast
    step = design.result.get("interval_minutes", forecast.interval_minutes)
    slots = 1440 // step
    zero = planning.compare_with_roster(forecast, {}, day=design.first_day, days=design.days)
    coverage = design.result.get("coverage", [])
    scheduled = design.result.get("requirement", [])
    out = []
    for row in zero:
        index = (row.start.date() - design.first_day).days * slots + (row.start.hour * 60 + row.start.minute) // step
        minimum = max(row.required_on_duty, 0)
        target = minimum
        if 0 <= index < len(coverage) and scheduled[index] > 0:
            # The design's cover, scaled from scheduled staff (all shrinkage) to people on duty (unplanned only).
            target = max(minimum, math.floor(coverage[index] * minimum / scheduled[index] + 1e-9))
        out.append((row.start, minimum, target))
    return out


def requirement_bands(design: ShiftDesign) -> list[Band]:
    """The on-duty curve as weekly bands: runs of equal numbers per day, the same run on several days of one
    week of the design merged into one band (effective that week only). Runs needing nobody are left out."""
    curve = on_duty_curve(design)
    by_day: dict[dt.date, list[tuple[int, int, int]]] = {}
    for start, minimum, target in curve:
        by_day.setdefault(start.date(), []).append((start.hour * 60 + start.minute, minimum, target))
    merged: dict[tuple[int, int, int, int, int], set[int]] = {}
    for day, rows in by_day.items():
        week = (day - design.first_day).days // 7
        run_start, run_numbers = None, None
        for minute, minimum, target in [*rows, (1440, -1, -1)]:
            if (minimum, target) != run_numbers:
                if run_numbers is not None and run_numbers != (0, 0):
                    merged.setdefault((week, run_start, minute % 1440, *run_numbers), set()).add(day.weekday())
                run_start, run_numbers = minute, (minimum, target)
    bands = []
    for (week, start, end, minimum, target), days in sorted(merged.items()):
        first = design.first_day + dt.timedelta(days=7 * week)
        last = min(first + dt.timedelta(days=6), design.first_day + dt.timedelta(days=design.days - 1))
        bands.append(Band(weekdays="".join(str(d) for d in sorted(days)), start_time=dt.time(start // 60, start % 60),
                          end_time=dt.time(end // 60, end % 60), minimum=minimum, target=target,
                          effective_from=first, effective_to=last))
    return bands


def clashing_requirements(design: ShiftDesign):
    """The centre's weekly requirements for the queue's skill (any rank) in force on any of the design's days."""
    queue = design.forecast.queue
    last = design.first_day + dt.timedelta(days=design.days - 1)
    return (Requirement.objects.filter(unit=queue.unit, rank__isnull=True, skill=queue.skill,
                                       effective_from__lte=last)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=design.first_day)))
