"""The one adapter between Django and the roster optimiser (`muster_engine.solver`): ORM rows in, a `Problem` out;
a `Solution` in, proposed duty changes, explanations and fairness figures out.

    built = build_problem(unit, start, end, "fill")
    solution = run_solver(built, time_limit=10)
    result = interpret(built, solution)        # JSON-ready: changes, unfilled, explanation, fairness

What the ORM says, as the optimiser sees it:
- people: everyone rostered in the unit's sub-tree over the period (teams.person_ids_in); days they are not on one
  of its teams or not employed are unavailable;
- skills: a person's rank, staff group and skills become tokens ("rank:sergeant", "skill:taser",
  "rank:constable+skill:taser" for a requirement of both). Skills count only on the days they are held
  unexpired and the person is not on restricted duties (as rostering.staffing counts them); when that changes
  inside the period, tokens carry an epoch suffix ("skill:taser#1") so each day's requirement asks for the
  holders of that day;
- restricted duties (an approved abstraction of category "restriction") are hard: the person keeps exactly what
  they are rostered that day — the optimiser never moves a restricted officer onto front-line cover;
- rules: the person's rule pack (worktime.rulepacks, with local tightenings) compiled by rulepack.work_rules.
  WTR-8 is judged per day: on each day a person is under 18, shifts at night or over the young daily limit are
  unavailable. The engine holds one set of rules per person, so the pairwise and windowed young numbers (12 h
  daily rest, 48 h weekly rest, 40 h a week) apply to the whole period only when a young day still has a shift
  open; when every young day is closed (the police 10-hour tours all are) the adult rules govern the rest;
- WTR-1: for people without a valid opt-out whose rolling 17-week average could reach 48 h (hours worked and
  planned in the weeks before plus the most the period allows), history runs back a whole reference period, so
  every window ending inside the period is capped with the real hours before it;
- hours: contract hours over the period minus the hours of approved abstractions, ± one shift (and never so
  tight that the planned roster itself would be out of bounds);
- base: current duties (fill, repair) or the team pattern projected onto dates (build); history: the week before
  (longer for WTR-1, above), each day as the duty really was: a duty whose instants are not its shift type's on
  that date, or one with its own times, becomes a synthetic shift type ("~0730+525/480": local start, wall-clock
  length, paid minutes) so rest rules measure from the real instants;
- fixed: past days, worked duties, overtime and event duties; custom-time duties inside the period are locked
  to a synthetic shift type of their own times (nobody else can be given it), so they count for rest, hours
  and cover; a locked duty that a hard rule already forbids becomes an unavailable day, named in the notes;
- requirements: rostering.staffing's hourly minimum/target per (rank, skill), merged into bands per day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from absence.choices import AbstractionCategory, AbstractionStatus
from absence.models import Abstraction
from common.calendar import LONDON, is_bank_holiday, local_instant
from muster_engine.solver import (
    Person as EnginePerson,
)
from muster_engine.solver import (
    Problem,
    ProblemError,
    Progress,
    Solution,
    SolveOptions,
    Unavailable,
    Weights,
    explain,
    solve,
)
from muster_engine.solver import (
    Requirement as EngineRequirement,
)
from muster_engine.solver import (
    ShiftType as EngineShiftType,
)
from muster_engine.solver.rulepack import work_rules
from org.models import Unit
from people.models import Contract, Person, PersonSkill
from worktime.rulepacks import organisation_packs

from .choices import DutySource, DutyStatus
from .models import Duty, ShiftType, TeamPattern
from .notice import Entry, classify, clear_days
from .projection import cycle_index, duty_instants
from .staffing import required_intervals
from .teams import person_ids_in, stints, teams_under

MODES = ("build", "fill", "repair")
HISTORY_DAYS = 7
DEFAULT_PACK = "police-officer"
FIXED_SOURCES = {DutySource.OVERTIME, DutySource.EVENT}
REST, NONE, CUSTOM = "RD", "", "*"  # what a cell holds besides a shift code


@dataclass
class Built:
    """A Problem plus what is needed to turn its answer back into duty changes."""

    problem: Problem
    unit: Unit
    start: dt.date
    end: dt.date
    mode: str
    people: dict[str, Person]  # engine id (str pk) → person
    shift_types: dict[str, ShiftType]  # code → row
    current: dict[tuple[int, dt.date], dict]  # (person pk, date) → {"code", "duty", "version", "published_rest"}
    labels: dict[str, str] = field(default_factory=dict)  # skill token → planner's words
    notes: list[str] = field(default_factory=list)
    left_out: set[tuple[int, dt.date]] = field(default_factory=set)  # locked days the optimiser did not touch

    def base_versions(self) -> dict[str, int]:
        """"pk:date" → version of the live duty (0: none), for the stale check on accept."""
        out = {}
        for pid in (int(k) for k in self.people):
            for i in range((self.end - self.start).days + 1):
                day = self.start + dt.timedelta(days=i)
                cell = self.current.get((pid, day))
                out[f"{pid}:{day.isoformat()}"] = cell["version"] if cell else 0
        return out


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _minute(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _engine_shift(st: ShiftType) -> EngineShiftType:
    return EngineShiftType(st.code, st.length_minutes, start_minute=_minute(st.start_time),
                           paid_minutes=st.paid_minutes, counts_as_night=st.counts_as_night,
                           requires=frozenset({f"role:{st.role}"}) if st.role else frozenset(), name=st.name)


def _overlaps_window(st: ShiftType, window: tuple[int, int]) -> bool:
    """Whether the shift's wall-clock span meets a daily window (end past 1440 when it crosses midnight)."""
    a = _minute(st.start_time)
    b = a + st.length_minutes
    lo, hi = window
    if hi <= lo:
        hi += 1440
    return any(a < hi + k and b > lo + k for k in (-1440, 0, 1440))


def _shift_types(unit: Unit, person_ids: list[int], first: dt.date, end: dt.date) -> dict[str, ShiftType]:
    """The shift types usable in the unit: those its rosters and patterns use, and those owned by the unit, its
    ancestors or its sub-tree; all active organisation-wide ones when none is in use yet."""
    used = set(Duty.objects.filter(person_id__in=person_ids, date__range=(first, end), shift_type__isnull=False)
               .exclude(status=DutyStatus.CANCELLED).values_list("shift_type__code", flat=True))
    team_ids = [t.pk for t in teams_under(unit)]
    for days in TeamPattern.objects.filter(team_id__in=team_ids, start_date__lte=end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=first)).values_list("pattern__days", flat=True):
        used |= {c for c in days if c}
    ancestors = [int(i) for i in unit.path.strip("/").split("/") if i]
    rows = ShiftType.objects.filter(active=True).filter(
        Q(code__in=used) | Q(unit_id__in=ancestors) | Q(unit__path__startswith=unit.path))
    found = {st.code: st for st in rows}
    if not found:
        found = {st.code: st for st in ShiftType.objects.filter(active=True, unit__isnull=True)}
    # Shift types used in history must exist even when no longer active: the rest rules read them.
    for st in ShiftType.objects.filter(code__in=used - set(found)):
        found[st.code] = st
    return found


def _current(person_ids: list[int], first: dt.date, end: dt.date, known: set[str]) -> dict:
    out: dict[tuple[int, dt.date], dict] = {}
    rows = (Duty.objects.filter(person_id__in=person_ids, date__range=(first, end)).exclude(status=DutyStatus.CANCELLED)
            .values_list("id", "person_id", "date", "is_rest_day", "shift_type__code", "version", "published_rest_day",
                         "status", "source", "published", "start", "end", "break_minutes"))
    for pk, pid, day, rest, code, version, published_rest, status, source, published, s, e, brk in rows:
        value = REST if rest else (code if code in known else CUSTOM)
        out[(pid, day)] = {"code": value, "duty": pk, "version": version, "published_rest": published_rest,
                           "locked": status == DutyStatus.WORKED or source in FIXED_SOURCES, "published": published,
                           "start": s, "end": e, "break": brk or 0}
    return out


def _night_minutes(start_minute: int, wall: int) -> int:
    """Minutes of a duty inside 23:00-06:00 (WTR-6 night time), by wall clock."""
    return sum(max(0, min(start_minute + wall, b) - max(start_minute, a))
               for a, b in ((-60, 360), (1380, 1800), (2820, 3240)))


@dataclass
class _Customs:
    """Synthetic shift types for duties with their own times (history, and locked days of the period): local
    start minute, wall-clock length and paid minutes reproduce the real instants through the engine's DST-aware
    timing. Each asks for a token only the people who hold such a duty in the period get."""

    shifts: dict[str, EngineShiftType] = field(default_factory=dict)

    def code_for(self, start: dt.datetime, end: dt.datetime, paid: int) -> str:
        ls, le = start.astimezone(LONDON), end.astimezone(LONDON)
        minute = ls.hour * 60 + ls.minute
        wall = int((le.replace(tzinfo=None) - ls.replace(tzinfo=None)).total_seconds() // 60)
        code = f"~{minute // 60:02d}{minute % 60:02d}+{wall}/{paid}"
        if code not in self.shifts:
            self.shifts[code] = EngineShiftType(
                code, max(wall, 1), start_minute=minute, paid_minutes=max(paid, 0),
                counts_as_night=_night_minutes(minute, wall) >= 180, requires=frozenset({f"custom:{code}"}),
                name=f"a duty {ls:%H:%M}-{le:%H:%M}")
        return code


def _worked_minutes(cell: dict, breaks_paid: bool) -> int:
    """Working time of a duty as the rules engine counts it: its real length less unpaid breaks."""
    real = int((cell["end"] - cell["start"]).total_seconds() // 60)
    return max(0, real - (0 if breaks_paid else cell["break"]))


def _as_rostered(cell: dict | None, day: dt.date, shift_rows: dict[str, ShiftType], customs: _Customs,
                 breaks_paid: bool) -> str | None:
    """A past day as the engine should see it: the shift type when the duty kept its times, else a synthetic one."""
    if cell is None or cell["code"] == REST or cell["start"] is None or cell["end"] is None:
        return None
    st = shift_rows.get(cell["code"])
    if st is not None and duty_instants(day, st.start_time, st.end_time) == (cell["start"], cell["end"]):
        return st.code
    return customs.code_for(cell["start"], cell["end"], _worked_minutes(cell, breaks_paid))


def _pattern_base(unit: Unit, person_ids: set[int], start: dt.date, end: dt.date) -> dict[tuple[int, dt.date], str]:
    """The team patterns projected onto dates (build mode's base)."""
    team_ids = [t.pk for t in teams_under(unit)]
    members = stints(team_ids, start, end)
    out: dict[tuple[int, dt.date], str] = {}
    for tp in TeamPattern.objects.filter(team_id__in=team_ids, start_date__lte=end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start)).select_related("pattern"):
        days = tp.pattern.days
        for stint in members.get(tp.team_id, []):
            if stint.person_id not in person_ids:
                continue
            for day in _days(max(start, tp.start_date, stint.start),
                             min(end, tp.end_date or end, stint.end or end)):
                out[(stint.person_id, day)] = days[cycle_index(day, tp.anchor_date, tp.offset_days, len(days))] or REST
    return out


def _on_team(unit: Unit, person_ids: set[int], start: dt.date, end: dt.date) -> dict[int, set[dt.date]]:
    """Days each person is on one of the unit's teams, or has the unit (or a unit below it) as home unit."""
    subtree_ids = set(unit.subtree().values_list("id", flat=True))
    found: dict[int, set[dt.date]] = defaultdict(set)
    for rows in stints([t.pk for t in teams_under(unit)], start, end).values():
        for s in rows:
            found[s.person_id] |= {d for d in _days(start, end) if s.covers(d)}
    for pid, home in Person.objects.filter(id__in=person_ids).values_list("id", "home_unit_id"):
        if home in subtree_ids and not found.get(pid):
            found[pid] = set(_days(start, end))
    return found


def _age_on(birth: dt.date | None, day: dt.date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _contract_minutes(contract: Contract | None, days: int) -> int | None:
    if contract is None:
        return None
    return int(contract.weekly_hours * 60 * days / 7)


def _abstraction_minutes(a: Abstraction, start: dt.date, end: dt.date, weekly_minutes: int | None) -> int:
    """The planned work an abstraction takes inside start..end: its hours pro rata, else a seventh of the
    weekly contract per day (rosters run seven days a week)."""
    inside = (min(a.end_date, end) - max(a.start_date, start)).days + 1
    if inside <= 0:
        return 0
    if a.hours is not None:
        return int(a.hours * 60 * inside / a.days)
    return int((weekly_minutes or 0) * inside / 7)


def _requirements(unit: Unit, start: dt.date, end: dt.date) -> list[tuple[dt.date, int, int, int | None, int | None,
                                                                          int, int]]:
    """(day, start minute, end minute, rank id, skill id, minimum, target) bands from the hourly requirements:
    consecutive hours of one day with the same numbers merge into one band."""
    by_key: dict[tuple, list] = defaultdict(list)
    for r in required_intervals(unit, start, end, interval_minutes=60):
        local = r.start.astimezone(LONDON)
        day = local.date()
        if not start <= day <= end:
            continue
        a = local.hour * 60 + local.minute
        b = a + int((r.end - r.start).total_seconds() // 60)
        by_key[(day, r.rank_id, r.skill_id)].append((a, min(b, 1440), r.minimum, r.target))
    bands = []
    for (day, rank_id, skill_id), rows in sorted(by_key.items(), key=lambda kv: (kv[0][0], str(kv[0][1:]))):
        rows.sort()
        current = None
        for a, b, mn, tg in rows:
            if current and current[1] == a and current[2:] == (mn, tg):
                current = (current[0], b, mn, tg)
                continue
            if current:
                bands.append((day, current[0], current[1], rank_id, skill_id, current[2], current[3]))
            current = (a, b, mn, tg)
        if current:
            bands.append((day, current[0], current[1], rank_id, skill_id, current[2], current[3]))
    return bands


def build_problem(unit: Unit, start: dt.date, end: dt.date, mode: str, *, today: dt.date | None = None) -> Built:
    """The optimiser's problem for a unit's sub-tree from start to end (see the module docstring)."""
    if mode not in MODES:
        raise ProblemError("mode", f"must be one of {', '.join(MODES)}")
    today = today or timezone.localdate()
    days = _days(start, end)
    packs = organisation_packs()
    first = start - dt.timedelta(days=HISTORY_DAYS)
    # WTR-1 windows ending inside the period reach this far back.
    far = start - dt.timedelta(days=max(HISTORY_DAYS, max(v.reference_weeks for v in packs.versions) * 7 - 1))
    ids = sorted(person_ids_in(unit, start, end))
    people = Person.objects.in_bulk(ids)
    for p in Person.objects.filter(id__in=ids).select_related("rank", "staff_group"):
        people[p.pk] = p
    shift_rows = _shift_types(unit, ids, first, end)
    current = _current(ids, far, end, set(shift_rows))
    base_map = _pattern_base(unit, set(ids), start, end) if mode == "build" else {}
    on_team = _on_team(unit, set(ids), start, end)
    longest = max((st.paid_minutes for st in shift_rows.values()), default=480)

    contracts: dict[int, Contract] = {}
    for c in Contract.objects.filter(person_id__in=ids, effective_from__lte=start).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=start)).order_by("effective_from"):
        contracts[c.person_id] = c
    absences = list(Abstraction.objects.filter(person_id__in=ids, status=AbstractionStatus.APPROVED,
                                               start_date__lte=end, end_date__gte=far).select_related("type"))
    skills = list(PersonSkill.objects.filter(person_id__in=ids).select_related("skill"))
    # Past days of whole-day leave or sickness: a duty still on them was not worked (as rostering.compliance).
    not_worked: dict[int, set[dt.date]] = defaultdict(set)
    for a in absences:
        if a.type.removes_from_roster and not a.is_part_day and a.start_date < start:
            not_worked[a.person_id] |= set(_days(max(a.start_date, far), min(a.end_date, start - dt.timedelta(days=1))))

    restricted: dict[int, set[dt.date]] = defaultdict(set)
    away: dict[int, dict[dt.date, tuple[str, set[str] | None]]] = defaultdict(dict)  # None: the whole day
    for a in absences:
        if a.type.category == AbstractionCategory.RESTRICTION:
            restricted[a.person_id] |= {d for d in days if a.start_date <= d <= a.end_date}
            continue
        if not a.type.removes_from_roster:
            continue
        for d in days:
            if not a.start_date <= d <= a.end_date:
                continue
            shifts: set[str] | None = None
            if a.is_part_day:
                # A part day takes only the shifts that overlap it.
                shifts = set()
                for code, st in shift_rows.items():
                    s, e = duty_instants(d, st.start_time, st.end_time)
                    if s < a.ends_at and e > a.starts_at:
                        shifts.add(code)
            away[a.person_id][d] = (a.type.name, shifts)

    # Requirements and the tokens they ask for.
    bands = _requirements(unit, start, end)
    from org.models import Rank
    from people.models import Skill

    ranks = Rank.objects.in_bulk({b[3] for b in bands if b[3]})
    skill_rows = Skill.objects.in_bulk({b[4] for b in bands if b[4]})
    keys = {(b[3], b[4]) for b in bands if b[3] or b[4]}

    def token(rank_id: int | None, skill_id: int | None) -> str:
        parts = ([f"rank:{ranks[rank_id].code}"] if rank_id else []) + (
            [f"skill:{skill_rows[skill_id].code}"] if skill_id else [])
        return "+".join(parts)

    held: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
    for ps in skills:
        held[ps.person_id].append((ps.skill_id, ps.acquired, ps.expires))

    def tokens_on(p: Person, day: dt.date) -> frozenset[str]:
        valid = {sid for sid, acquired, expires in held[p.pk]
                 if acquired <= day and (expires is None or day <= expires) and day not in restricted[p.pk]}
        return frozenset(token(r, s) for r, s in keys if (r is None or r == p.rank_id) and (s is None or s in valid))

    daily = {pid: [tokens_on(people[pid], d) for d in days] for pid in ids}
    # Epochs: stretches of days over which nobody's tokens change.
    epoch_of, epoch = [], 0
    for i in range(len(days)):
        if i and any(daily[pid][i] != daily[pid][i - 1] for pid in ids):
            epoch += 1
        epoch_of.append(epoch)
    suffix = (lambda i: f"#{epoch_of[i]}") if epoch else (lambda i: "")

    requirements = []
    labels: dict[str, str] = {}
    from .models.requirements import band_label, who_label

    for day, a, b, rank_id, skill_id, mn, tg in bands:
        i = days.index(day)
        tok = token(rank_id, skill_id) + suffix(i) if (rank_id or skill_id) else None
        who = who_label(ranks.get(rank_id), skill_rows.get(skill_id))
        when = band_label(dt.time(a // 60, a % 60), dt.time(b // 60 % 24, b % 60))
        if tok:
            labels[tok] = who
        requirements.append(EngineRequirement(day, minimum=mn, target=tg, skill=tok, start_minute=a, end_minute=b,
                                              name=f"{when} {who}"))

    engine_shifts = tuple(_engine_shift(st) for st in sorted(shift_rows.values(), key=lambda s: (s.start_time, s.code)))
    engine_people = []
    notes = []
    customs = _Customs()
    left_out: set[tuple[int, dt.date]] = set()  # days the optimiser leaves as they are (absent, off the teams)

    def paid(code: str | None) -> int:
        if code is None:
            return 0
        return shift_rows[code].paid_minutes if code in shift_rows else customs.shifts[code].paid

    for pid in ids:
        p = people[pid]
        pack_name = p.staff_group.rule_pack or DEFAULT_PACK
        try:
            pack = packs.in_force(pack_name, start)
        except Exception:  # an unknown pack name: judge by the default rather than refuse the whole unit
            pack = packs.in_force(DEFAULT_PACK, start)
            notes.append(f"{p.full_name}: rule pack {pack_name!r} unknown, judged by {DEFAULT_PACK}")
        contract = contracts.get(pid)
        breaks_paid = pack.breaks_are_working_time
        # WTR-8 per day: the days of the period on which the person is under 18.
        young_days = {d for d in days if (age := _age_on(p.birth_date, d)) is not None and age < 18}
        young_shifts = tuple(sorted(code for code, st in shift_rows.items()
                                    if _overlaps_window(st, (pack.young_night_start_minute,
                                                             pack.young_night_end_minute))
                                    or st.paid_minutes > pack.young_max_daily_minutes)) if young_days else ()
        # Young numbers for the pairwise and windowed rules only when a young day can still be worked: when every
        # young day is closed, nothing young is ever planned and the adult rules govern the days after the 18th
        # birthday. (An opt-out signed while young is not valid, WTR-2: ignored for the whole period.)
        young = bool(young_days) and bool(set(shift_rows) - set(young_shifts))
        rules = work_rules(pack, young=young,
                           opted_out=bool(contract and contract.wtr_opt_out) and not young_days)
        if young and len(young_days) < len(days):
            notes.append(f"{p.full_name} turns 18 on {max(young_days) + dt.timedelta(days=1):%d %b}: young worker "
                         f"rest and weekly hours (WTR-8) are kept for the whole period")
        unavailable: list[Unavailable] = []
        fixed: dict[dt.date, str | None] = {}
        base: list[str | None] = []
        held_customs: set[str] = set()
        for day in days:
            cell = current.get((pid, day))
            code = cell["code"] if cell else NONE
            planned = base_map.get((pid, day), code) if mode == "build" else code
            if code == CUSTOM:
                # A duty with its own times stays as it is, and counts for rest, hours and cover.
                custom = customs.code_for(cell["start"], cell["end"], _worked_minutes(cell, breaks_paid))
                held_customs.add(custom)
                fixed[day] = custom
                base.append(custom)
                continue
            if planned == CUSTOM:
                unavailable.append(Unavailable(day, "rostered on a duty with its own times"))
                base.append(None)
                continue
            shift = planned if planned in shift_rows else None
            base.append(shift)
            if day not in on_team.get(pid, set()) or not p.is_employed_on(day):
                unavailable.append(Unavailable(day, "not on the unit's teams" if p.is_employed_on(day)
                                               else "not employed"))
                if shift is not None:
                    base[-1] = None
                left_out.add((pid, day))
                continue
            if day in away[pid]:
                reason, shifts = away[pid][day]
                if shifts is None:
                    # The duty under a whole-day absence stays as it is (the grid shows what the absence
                    # displaces; the rules engine does not count it): never proposed as a change to a rest day.
                    unavailable.append(Unavailable(day, reason.lower()))
                    base[-1] = None
                    left_out.add((pid, day))
                    continue
                if shifts:
                    unavailable.append(Unavailable(day, reason.lower(), tuple(sorted(shifts))))
            if day in young_days and young_shifts:
                unavailable.append(Unavailable(day, "a young worker (WTR-8): no nights or over 8 hours",
                                               young_shifts))
            locked = (cell and cell["locked"]) or day < today or (mode == "repair" and day == today)
            if day in restricted[pid] or locked:
                # Restricted duties and locked days: exactly what is rostered now, never front-line cover.
                now_shift = code if code in shift_rows else None
                fixed[day] = now_shift
        for custom in held_customs:
            unavailable.extend(Unavailable(day, "a duty with its own times is not handed out", (custom,))
                               for day in days if fixed.get(day) != custom)
        target = _contract_minutes(contract, len(days))
        min_m = max_m = None
        if target is not None:
            weekly = _contract_minutes(contract, 7)
            taken = sum(_abstraction_minutes(a, start, end, weekly) for a in absences
                        if a.person_id == pid and a.type.removes_from_roster
                        and a.type.category != AbstractionCategory.RESTRICTION)
            target = max(0, target - taken)
            base_minutes = sum(paid(s) for s in base if s)
            # ± one shift; never tighter than the roster already planned (or it would be "infeasible" at once).
            min_m = max(0, min(target - longest, base_minutes))
            max_m = max(target + longest, base_minutes)
            # What is fixed counts whatever happens: keep the bounds reachable.
            fixed_minutes = sum(paid(s) for s in fixed.values() if s)
            max_m = max(max_m, fixed_minutes)

        def past(k: int, pid: int = pid, breaks_paid: bool = breaks_paid) -> str | None:
            day = start - dt.timedelta(days=k)
            if day in not_worked[pid]:
                return None
            return _as_rostered(current.get((pid, day)), day, shift_rows, customs, breaks_paid)

        reach = HISTORY_DAYS
        if rules.max_minutes_per_window and rules.max_minutes_per_window[0] > HISTORY_DAYS:
            length, cap = rules.max_minutes_per_window
            before = [0] + [paid(past(k)) for k in range(1, length)]  # before[k]: minutes worked k days ahead
            most = max([longest, *(paid(s) for s in held_customs)])
            if _average_can_bind(before, len(days), cap, max_m, most):
                locked = [paid(fixed.get(d)) for d in days]
                reach = _reach_that_fits(before, locked, cap)
                if reach < length - 1:
                    notes.append(f"{p.full_name} is already over the 48-hour average (WTR-1) before the period; only "
                                 f"the last {reach} days before it are counted")
        history = tuple(past(k) for k in range(reach, 0, -1))
        engine_people.append(EnginePerson(
            str(pid), name=p.full_name, skills=frozenset({f"role:{p.rank.code}", f"role:{p.staff_group.code}"}
                                                          | {f"custom:{c}" for c in held_customs}
                                                          | _epoch_tokens(daily[pid], epoch_of, bool(epoch))),
            rules=rules, min_minutes=min_m, max_minutes=max_m, target_minutes=target,
            unavailable=tuple(unavailable), fixed=fixed, base=tuple(base), history=history))
    engine_shifts += tuple(customs.shifts.values())

    def make(people_: list[EnginePerson]) -> Problem:
        return Problem(tuple(days), engine_shifts, tuple(people_), tuple(requirements), Weights.for_mode(mode),
                       mode=mode, today=today, name=f"{unit.code} {start}..{end} {mode}")

    problem = make(engine_people)
    freed = _release_forbidden_locks(problem, notes, left_out)
    if freed is not None:
        problem = make(freed)
    return Built(problem, unit, start, end, mode, {str(pid): people[pid] for pid in ids}, shift_rows,
                 {k: v for k, v in current.items() if start <= k[1] <= end}, labels, notes, left_out)


def _average_can_bind(before: list[int], n_days: int, cap: int, max_minutes: int | None, longest: int) -> bool:
    """Whether a WTR-1 window ending on some day of the period could hold more than `cap` minutes: the hours
    worked in its days before the period plus the most the period allows up to that day."""
    length = len(before)  # the window's days: before[1..length-1] and at least one day of the period
    for e in range(n_days):
        history = sum(before[1:max(1, length - e)])
        most = (e + 1) * longest if max_minutes is None else min(max_minutes, (e + 1) * longest)
        if history + most > cap:
            return True
    return False


def _reach_that_fits(before: list[int], locked: list[int], cap: int) -> int:
    """How many days before the period WTR-1 windows can count while the hours already there plus the locked
    duties of the period stay within the cap: all of them, unless the past already breaks the average (then
    counting all of it would leave no roster at all; the optimiser cannot undo the past)."""
    length = len(before)
    for reach in range(length - 1, HISTORY_DAYS - 1, -1):
        fits = True
        fixed = 0
        for e in range(len(locked)):
            fixed += locked[e]
            if sum(before[1:min(reach, length - 1 - e) + 1]) + fixed > cap:
                fits = False
                break
        if fits:
            return reach
    return HISTORY_DAYS


def _release_forbidden_locks(problem: Problem, notes: list[str],
                             left_out: set[tuple[int, dt.date]]) -> list[EnginePerson] | None:
    """People whose locked duty a hard rule already forbids (e.g. too little rest after a duty before the period)
    would make every roster impossible: that day is left out instead (unavailable), and the planner told."""
    allowed = problem.allowed
    changed = False
    out = []
    for p, person in enumerate(problem.people):
        bad = {day for day, code in person.fixed.items()
               if code is not None and not allowed[p, problem.day_index[day], problem.shift_index[code]]}
        if not bad:
            out.append(person)
            continue
        changed = True
        for day in sorted(bad):
            notes.append(f"{person.label}: the locked duty on {day:%d %b} breaks a working-time rule already, so "
                         f"it is left out of the optimisation")
        base = tuple(None if problem.days[i] in bad else s for i, s in enumerate(person.base or ())) or None
        left_out |= {(int(person.id), d) for d in bad}
        out.append(replace(person, fixed={d: s for d, s in person.fixed.items() if d not in bad}, base=base,
                           unavailable=person.unavailable + tuple(Unavailable(d, "a locked duty") for d in bad)))
    return out if changed else None


def _epoch_tokens(per_day: list[frozenset[str]], epoch_of: list[int], suffixed: bool) -> frozenset[str]:
    if not suffixed:
        return per_day[0] if per_day else frozenset()
    out = set()
    for i, toks in enumerate(per_day):
        out |= {f"{t}#{epoch_of[i]}" for t in toks}
    return frozenset(out)


def run_solver(built: Built, *, time_limit: float, workers: int = 2, on_progress=None, should_stop=None) -> Solution:
    def progress(point: Progress) -> None:
        if on_progress:
            on_progress(point.seconds, point.objective, point.bound)

    return solve(built.problem, SolveOptions(time_limit=time_limit, workers=workers, on_progress=progress,
                                             should_stop=should_stop))


# --- the answer back --------------------------------------------------------------------------------------------


def _entry(day: dt.date, st: ShiftType | None, rest: bool) -> Entry:
    if st is None:
        return Entry("rest" if rest else "none")
    s, e = duty_instants(day, st.start_time, st.end_time)
    return Entry("duty", s, e, st.code)


def _label(code: str | None, shift_rows: dict[str, ShiftType]) -> str:
    if code in shift_rows:
        st = shift_rows[code]
        return f"{st.code} {st.times_label()}"
    return "rest day" if code == REST else "no duty"


def interpret(built: Built, solution: Solution, *, now: dt.datetime | None = None) -> dict:
    """JSON-ready result: proposed changes against the duties as they are now, unfilled requirements with why,
    explanation sentences and fairness figures."""
    now = now or timezone.now()
    problem = built.problem
    out: dict = {"status": solution.status, "objective": solution.objective, "best_bound": solution.best_bound,
                 "gap": solution.gap, "seconds": solution.seconds, "impossible": list(solution.impossible),
                 "notes": built.notes, "changes": [], "unfilled": [], "explanation": [], "fairness": {}}
    if solution.roster is None:
        return out
    rows = solution.roster.to_ids()
    published_days = _published(built)
    region = built.unit.bank_holiday_region
    for person in problem.people:
        pid = int(person.id)
        orm = built.people[person.id]
        for d, day in enumerate(problem.days):
            after = rows[person.id][d]
            cell = built.current.get((pid, day))
            before = cell["code"] if cell else NONE
            if (before == CUSTOM or before == after or (after is None and before in (REST, NONE))
                    or (pid, day) in built.left_out):
                continue
            st_after = built.shift_types.get(after) if after else None
            st_before = built.shift_types.get(before) if before not in (REST, NONE) else None
            change = {"id": f"{pid}-{day:%Y%m%d}", "person": pid, "name": orm.full_name, "date": day.isoformat(),
                      "before": before, "after": after or REST, "before_label": _label(before, built.shift_types),
                      "after_label": _label(after or REST, built.shift_types),
                      "version": cell["version"] if cell else 0, "published": day in published_days,
                      "clear_days": clear_days(now, day), "compensation": ""}
            if change["published"]:
                comp = classify(pack=orm.staff_group.rule_pack, rank_code=orm.rank.code,
                                old=_entry(day, st_before, before == REST), new=_entry(day, st_after, True),
                                published_rest_day=bool(cell and cell["published_rest"]),
                                public_holiday=is_bank_holiday(region, day), notified_at=now, duty_date=day)
                change["compensation"] = comp.text
            out["changes"].append(change)
    try:
        explanation = explain(problem, solution.roster)
    except Exception as exc:  # an explanation must never lose a solved roster
        out["explanation"] = [f"No explanation: {exc}"]
        return out
    out["explanation"] = [_words(line, built) for line in explanation.sentences() if not line.startswith("  ")][:60]
    for gap in explanation.gaps:
        req = gap.requirement
        cheapest = gap.cheapest
        out["unfilled"].append({
            "date": req.day.isoformat(), "what": req.name or gap.what, "short": gap.short, "wanted": req.wanted,
            "minimum": req.minimum,
            "candidates": [{"person": int(c.person), "name": c.name, "why": _words(c.sentence(), built),
                            "possible": c.possible} for c in gap.candidates][:30],
            "cheapest": _words(cheapest.sentence(), built) if cheapest else "",
            "nobody": not gap.candidates})
    if explanation.more_gaps:
        out["more_unfilled"] = explanation.more_gaps
    for what, counts in explanation.fairness.items():
        named = {built.people[k].full_name if k in built.people else k: v for k, v in counts.items()}
        values = list(counts.values())
        out["fairness"][what] = {"min": min(values, default=0), "max": max(values, default=0),
                                 "spread": (max(values) - min(values)) if values else 0, "people": named}
    return out


def _words(text: str, built: Built) -> str:
    """Skill tokens in the engine's sentences as a planner says them."""
    for tok, label in sorted(built.labels.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(tok.replace("_", " "), label).replace(tok, label)
    return text


def _published(built: Built) -> set[dt.date]:
    from .actions.patterns import published_days

    return published_days(built.unit, built.start, built.end)


def minutes_by_person(built: Built, solution: Solution) -> dict[str, int]:
    if solution.roster is None:
        return {}
    out: dict[str, int] = {}
    for a in solution.roster.assignments():
        out[a.person] = out.get(a.person, 0) + built.problem.shift(a.shift).paid
    return out


def hours(value: int | None) -> Decimal | None:
    return None if value is None else (Decimal(value) / 60).quantize(Decimal("0.1"))


__all__ = ["MODES", "Built", "ProblemError", "build_problem", "interpret", "run_solver", "local_instant"]
