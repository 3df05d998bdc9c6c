"""The live staffing board: the next 7 or 10 days of a unit or a whole area, per shift and hour, planned against
minimum and target by rank and skill, with the gaps and the absences behind them.

Requirements belong to units (usually stations); the board of an area rolls up every unit of its sub-tree that
has requirements, one row per (unit, rank/skill), plus an area total per rank/skill when there are several
units. The counting is rostering.staffing.coverage (a fixed number of queries per requirement unit, vectorised
over people), with the cover app's own reports on the day (absent, AWOL, late) taken off as hypothetical
absences, so a report shows on the board at once. The number of queries depends on the number of units with
requirements, never on the number of people."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from absence.choices import AbstractionCategory, AbstractionStatus
from absence.models import Abstraction
from absence.permissions import can_see_health_data
from common.calendar import local_instant, local_midnight
from common.errors import DomainError
from org.models import Rank, Unit
from people.models import Person, PersonSkill, Skill
from rostering.choices import DutyStatus
from rostering.models import Duty, Requirement, RequirementOverride
from rostering.models.requirements import who_label
from rostering.staffing import IntervalStaffing, coverage

from .models import DayReport

DAY_CHOICES = (7, 10)
# Shift bands the board summarises each day by [C]: a night belongs to the day it starts on.
BANDS = (("early", gettext_lazy("Early"), dt.time(7), dt.time(15)),
         ("late", gettext_lazy("Late"), dt.time(15), dt.time(23)),
         ("night", gettext_lazy("Night"), dt.time(23), dt.time(7)))


@dataclass(frozen=True)
class Cell:
    """Planned against required in one interval, or the worst interval of a band."""

    planned: int
    minimum: int
    target: int

    @property
    def shortfall(self) -> int:
        return max(0, self.minimum - self.planned)

    @property
    def over(self) -> int:
        return max(0, self.planned - self.target)

    @property
    def status(self) -> str:
        if self.planned < self.minimum:
            return "short"
        if self.planned < self.target:
            return "below"
        return "over" if self.planned > self.target else "ok"

    @property
    def score(self) -> tuple[int, int]:
        return (self.shortfall, max(0, self.target - self.planned))


@dataclass(frozen=True)
class Absent:
    """Someone whose planned duty does not count, and why (only "unavailable" without the right to health data)."""

    person_id: int
    name: str
    why: str
    health: bool = False


@dataclass
class Gap:
    """A run of intervals short of the minimum for one unit's (rank, skill) requirement."""

    unit: Unit
    rank_id: int | None
    skill_id: int | None
    label: str
    start: dt.datetime
    end: dt.datetime
    shortfall: int
    planned: int
    minimum: int
    absent: list[Absent] = field(default_factory=list)

    @property
    def day(self) -> dt.date:
        return timezone.localtime(self.start).date()

    @property
    def hours(self) -> float:
        return round((self.end - self.start).total_seconds() / 3600, 2)

    def key(self) -> str:
        """What the options page is asked for: unit, rank, skill, start, end."""
        return f"{self.unit.code}|{self.rank_id or ''}|{self.skill_id or ''}|{self.start.isoformat()}|" \
               f"{self.end.isoformat()}"

    def as_dict(self) -> dict:
        return {"unit": self.unit.code, "rank_id": self.rank_id, "skill_id": self.skill_id, "who": self.label,
                "start": self.start.isoformat(), "end": self.end.isoformat(), "shortfall": self.shortfall,
                "planned": self.planned, "minimum": self.minimum,
                "absent": [{"person_id": a.person_id, "name": a.name, "why": a.why} for a in self.absent]}


@dataclass
class Row:
    """One (unit, rank/skill) over the board's period: a cell per interval start, summarised by day and band."""

    unit: Unit | None  # None: the area total
    rank_id: int | None
    skill_id: int | None
    label: str
    cells: dict[dt.datetime, Cell] = field(default_factory=dict)
    bands: list[Cell | None] = field(default_factory=list)  # days × BANDS, flattened
    hours: list[Cell | None] = field(default_factory=list)  # the detail day's intervals

    @property
    def short(self) -> bool:
        return any(c is not None and c.shortfall for c in self.bands)


@dataclass
class Board:
    unit: Unit
    start: dt.date
    days: list[dt.date]
    rows: list[Row]
    gaps: list[Gap]
    detail_day: dt.date
    detail_hours: list[dt.datetime]  # interval starts of the detail day
    units: list[Unit]
    generated_at: dt.datetime

    @property
    def band_headers(self) -> list[tuple[dt.date, str, str]]:
        return [(d, code, str(name)) for d in self.days for code, name, _s, _e in BANDS]

    @property
    def short(self) -> bool:
        return bool(self.gaps)


def requirement_units(unit: Unit, first: dt.date, last: dt.date) -> list[Unit]:
    """Units of the sub-tree with requirements or overrides in force over the period (one query)."""
    weekly = Requirement.objects.filter(unit__path__startswith=unit.path, effective_from__lte=last).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=first)).values("unit_id")
    dated = RequirementOverride.objects.filter(unit__path__startswith=unit.path).filter(
        Q(date__range=(first, last)) | Q(on_bank_holidays=True)).values("unit_id")
    return list(Unit.objects.filter(Q(pk__in=weekly) | Q(pk__in=dated)).order_by("path"))


def report_windows(unit: Unit, first: dt.date, last: dt.date) -> list[DayReport]:
    """Reports on the day (absent, AWOL, late; sickness is an abstraction already) for duties in the sub-tree."""
    return list(DayReport.objects.filter(unit__path__startswith=unit.path, date__range=(first, last))
                .exclude(kind="sick"))


def _without(reports: list[DayReport]) -> list[tuple[int, dt.datetime, dt.datetime]]:
    return [(r.person_id, r.start, r.end) for r in reports]


def _gaps(unit: Unit, key: tuple[int | None, int | None], label: str, rows: list[IntervalStaffing]) -> list[Gap]:
    """Consecutive intervals short of the minimum, merged (a night short from 22:00 to 03:00 is one gap)."""
    found: list[Gap] = []
    current: Gap | None = None
    for r in rows:
        if r.shortfall <= 0:
            current = None
            continue
        if current is not None and current.end == r.start:
            current.end = r.end
            if r.shortfall > current.shortfall:
                current.shortfall, current.planned, current.minimum = r.shortfall, r.planned, r.minimum
            continue
        current = Gap(unit, key[0], key[1], label, r.start, r.end, r.shortfall, r.planned, r.minimum)
        found.append(current)
    return found


def _band_edges(day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    out = []
    for _code, _name, start, end in BANDS:
        last = day + dt.timedelta(days=1) if end <= start else day
        out.append((local_instant(day, start), local_instant(last, end)))
    return out


def _worst(cells: dict[dt.datetime, Cell], start: dt.datetime, end: dt.datetime) -> Cell | None:
    inside = [c for t, c in cells.items() if start <= t < end]
    if not inside:
        return None
    return max(inside, key=lambda c: c.score)


def _labels(keys: set[tuple[int | None, int | None]]) -> dict[tuple[int | None, int | None], tuple[str, tuple]]:
    ranks = Rank.objects.in_bulk({r for r, _s in keys if r})
    skills = Skill.objects.in_bulk({s for _r, s in keys if s})
    out = {}
    for r, s in keys:
        rank, skill = ranks.get(r), skills.get(s)
        order = (skill is not None, rank is None, -(rank.seniority if rank else 0), skill.name if skill else "",
                 rank.name if rank else "")
        out[(r, s)] = (who_label(rank, skill), order)
    return out


def build_board(unit: Unit, start: dt.date, days: int = 7, *, user=None, detail_day: dt.date | None = None
                ) -> Board:
    """The board of `unit` (and everything under it) for `days` days from `start`; `detail_day` gets hours."""
    if days not in DAY_CHOICES:
        raise DomainError(_("The board shows 7 or 10 days."), field="days")
    last = start + dt.timedelta(days=days - 1)
    detail_day = detail_day or start
    if not start <= detail_day <= last:
        raise DomainError(_("The day to detail must be one of the board's days."), field="day")
    # One day more than shown: the last night runs into it.
    reports = report_windows(unit, start - dt.timedelta(days=1), last + dt.timedelta(days=1))
    without = _without(reports)
    units = requirement_units(unit, start, last + dt.timedelta(days=1))
    per_unit: list[tuple[Unit, dict[tuple, list[IntervalStaffing]]]] = []
    for req_unit in units:
        by_key: dict[tuple, list[IntervalStaffing]] = defaultdict(list)
        for r in coverage(req_unit, start, last + dt.timedelta(days=1), without=without):
            by_key[(r.rank_id, r.skill_id)].append(r)
        per_unit.append((req_unit, by_key))
    labels = _labels({k for _u, by_key in per_unit for k in by_key})
    day_list = [start + dt.timedelta(days=i) for i in range(days)]
    band_edges = [edge for d in day_list for edge in _band_edges(d)]
    detail_from, detail_to = local_midnight(detail_day), local_midnight(detail_day + dt.timedelta(days=1))
    rows: list[Row] = []
    gaps: list[Gap] = []
    totals: dict[tuple, dict[dt.datetime, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    end_of_board = local_midnight(last + dt.timedelta(days=1))
    for req_unit, by_key in per_unit:
        for key in sorted(by_key, key=lambda k: labels[k][1]):
            label = labels[key][0]
            row = Row(req_unit, key[0], key[1], label)
            for r in by_key[key]:
                row.cells[r.start] = Cell(r.planned, r.minimum, r.target)
                total = totals[key][r.start]
                total[0] += r.planned
                total[1] += r.minimum
                total[2] += r.target
            rows.append(row)
            gaps += [g for g in _gaps(req_unit, key, label, by_key[key]) if g.start < end_of_board
                     and g.end > local_midnight(start)]
    if len(per_unit) > 1:
        for key in sorted(totals, key=lambda k: labels[k][1]):
            row = Row(None, key[0], key[1], labels[key][0])
            row.cells = {t: Cell(*v) for t, v in totals[key].items()}
            rows.append(row)
    step = 3600
    detail_hours = []
    t = detail_from
    while t < detail_to:
        detail_hours.append(t)
        t += dt.timedelta(seconds=step)
    for row in rows:
        row.bands = [_worst(row.cells, s, e) for s, e in band_edges]
        row.hours = [row.cells.get(h) for h in detail_hours]
    if gaps:
        _explain(unit, gaps, reports, user)
    gaps.sort(key=lambda g: (g.start, g.unit.path, g.label))
    return Board(unit, start, day_list, rows, gaps, detail_day, detail_hours, units, timezone.now())


def _explain(unit: Unit, gaps: list[Gap], reports: list[DayReport], user) -> None:
    """Who is off behind each gap: people of the right rank/skill whose duty overlapping the gap does not count
    because of an approved abstraction or a report on the day. Four queries for the whole board."""
    first = min(g.start for g in gaps) - dt.timedelta(days=1)
    last = max(g.end for g in gaps) + dt.timedelta(days=1)
    duties = list(Duty.objects.filter(unit__path__startswith=unit.path, is_rest_day=False,
                                      date__range=(timezone.localtime(first).date(), timezone.localtime(last).date()),
                                      start__lt=last, end__gt=first).exclude(status=DutyStatus.CANCELLED)
                  .values_list("person_id", "unit__path", "date", "start", "end"))
    ids = {d[0] for d in duties}
    if not ids:
        return
    absences = list(Abstraction.objects.filter(
        person_id__in=ids, status=AbstractionStatus.APPROVED, type__removes_from_roster=True,
        start_date__lte=timezone.localtime(last).date(), end_date__gte=timezone.localtime(first).date())
        .select_related("type"))
    people = Person.objects.filter(pk__in=ids).select_related("home_unit").in_bulk()
    skills: dict[int, set[int]] = defaultdict(set)
    skill_ids = {g.skill_id for g in gaps if g.skill_id}
    if skill_ids:
        for pid, sid in PersonSkill.objects.filter(person_id__in=ids, skill_id__in=skill_ids).values_list(
                "person_id", "skill_id"):
            skills[pid].add(sid)
    reports_by = defaultdict(list)
    for r in reports:
        reports_by[r.person_id].append(r)
    absences_by = defaultdict(list)
    for a in absences:
        absences_by[a.person_id].append(a)
    for gap in gaps:
        seen = set()
        for pid, path, day, s, e in duties:
            if pid in seen or not path.startswith(gap.unit.path) or not (s < gap.end and e > gap.start):
                continue
            person = people.get(pid)
            if person is None or (gap.rank_id and person.rank_id != gap.rank_id) or (
                    gap.skill_id and gap.skill_id not in skills[pid]):
                continue
            why = _why_off(person, day, max(s, gap.start), min(e, gap.end), absences_by[pid], reports_by[pid], user)
            if why is not None:
                seen.add(pid)
                gap.absent.append(why)


def _why_off(person: Person, day: dt.date, start: dt.datetime, end: dt.datetime, absences: list[Abstraction],
             reports: list[DayReport], user) -> Absent | None:
    name = person.full_name
    for r in reports:
        if r.start < end and r.end > start:
            text = r.get_kind_display() + (f" ({r.minutes_late} min)" if r.minutes_late else "")
            return Absent(person.pk, name, text)
    for a in absences:
        if not (a.start_date <= day <= a.end_date) and not (a.is_part_day and a.starts_at < end and a.ends_at > start):
            continue
        if a.is_part_day and not (a.starts_at < end and a.ends_at > start):
            continue
        health = a.type.health_data or a.type.category == AbstractionCategory.SICKNESS
        if health and not can_see_health_data(user, person):
            return Absent(person.pk, name, _("Unavailable"), health=True)
        return Absent(person.pk, name, a.type.name, health=health)
    return None
