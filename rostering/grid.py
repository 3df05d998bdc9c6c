"""The roster grid of a unit over a period: people (grouped by team) × days, in a constant number of queries.

Queries: teams and memberships (4), people with rank (1), skills (1), duties (1), abstractions (1),
published periods (1) — whatever the number of people or days.

Duties are read as plain rows (`GridDuty`), not model instances: a force-level period holds tens of thousands of
them, and building Duty objects (with their init signals) cost more than the query. Above `GRID_MAX_PEOPLE` people a
cell-per-person-day table helps nobody (and costs seconds to build, check and render): `build_roster` then answers
with a `Summary` — people on duty per sub-unit and day, each sub-unit a link down to its own grid."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape  # Django's escape is this behind a lazy-string wrapper: thousands of cells feel it

import numpy as np
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from absence.models import Abstraction
from org.models import Unit
from people.models import Person, PersonSkill

from .choices import DutyStatus, RosterStatus
from .models import Duty, RosterPeriod
from .teams import stints, teams_under

# Beyond this many people the roster page shows a summary per sub-unit rather than a row per person: a Local
# Policing Area (~270 people) still gets its grid, a whole force (~1,200) gets the summary with drill-down.
GRID_MAX_PEOPLE = 300


@dataclass(slots=True)
class GridDuty:
    """What the grid shows of a duty: a read-only row, with the same names as the Duty model's fields."""

    pk: int
    person_id: int
    date: dt.date
    start: dt.datetime | None
    end: dt.datetime | None
    shift_type_id: int | None
    shift_code: str | None
    is_rest_day: bool
    published: bool
    version: int

    @property
    def id(self) -> int:
        return self.pk

    @property
    def code(self) -> str:
        if self.is_rest_day:
            return "RD"
        return self.shift_code if self.shift_type_id else "ADH"

    @property
    def minutes(self) -> int:
        if self.is_rest_day or self.start is None or self.end is None:
            return 0
        return int((self.end - self.start).total_seconds() // 60)


@dataclass
class Cell:
    person_id: int
    day: dt.date
    duty: GridDuty | None = None
    abstraction: str = ""
    abstraction_title: str = ""
    risk: str = ""  # a court warning: still rostered, but may be called away (absence type flag roster_risk)
    violations: list = field(default_factory=list)
    published: bool = False
    hidden: bool = False  # a staff member sees only published days

    @property
    def key(self) -> str:
        return f"{self.person_id}-{self.day:%Y%m%d}"

    @property
    def version(self) -> int:
        return self.duty.version if self.duty else 0

    @property
    def times(self) -> str:
        d = self.duty
        if d is None or d.is_rest_day or d.start is None:
            return ""
        tz = timezone.get_current_timezone()
        return f"{d.start.astimezone(tz):%H%M}–{d.end.astimezone(tz):%H%M}"

    @property
    def css(self) -> str:
        d = self.duty
        classes = []
        if d is not None:
            classes.append("rest" if d.is_rest_day else f"st-{d.shift_type_id}" if d.shift_type_id else "adhoc")
        if self.abstraction:
            classes.append("abstracted")
        if self.violations:
            classes.append("violation")
        return " ".join(classes)

    def html(self, oob: bool = False) -> SafeString:
        """The cell's <td>, built in Python: 1,680 cells through template tags cost more than the whole query work."""
        classes = "cell " + self.css + (" pub" if self.published else "")
        attrs = f'id="cell-{self.key}" data-cell="{self.key}" data-version="{self.version}" class="{classes.strip()}"'
        if oob:
            attrs += ' hx-swap-oob="true"'
        if self.violations:
            attrs += ' title="' + escape("\n".join(f"{v.rule}: {v.message}" for v in self.violations)) + '"'
        elif self.abstraction_title or self.risk:
            attrs += f' title="{escape(" · ".join(t for t in (self.abstraction_title, self.risk) if t))}"'
        if self.hidden:
            return mark_safe(f'<td {attrs}><span class="muted">·</span></td>')
        body = ""
        if self.duty is not None:
            body = f"<b>{escape(self.duty.code)}</b>"
            times = self.times
            if times:
                body += f"<small>{times}</small>"
        if self.abstraction:
            body += f'<span class="abs">{escape(self.abstraction)}</span>'
        if self.risk:
            body += '<span class="risk" aria-label="court warning">⚖</span>'
        if self.violations:
            body += '<span class="vmark" aria-label="rule broken">⚠</span>'
        return mark_safe(f"<td {attrs}>{body}</td>")

    @property
    def on_duty(self) -> bool:
        return self.duty is not None and not self.duty.is_rest_day and not self.abstraction


@dataclass
class Row:
    person: Person
    skills: list[str]
    cells: list[Cell]

    @property
    def minutes(self) -> int:
        return sum(c.duty.minutes for c in self.cells if c.duty is not None and not c.hidden)

    @property
    def hours(self) -> str:
        return f"{self.minutes / 60:.1f}"

    @property
    def cells_html(self) -> SafeString:
        """The row's cells in one string: thousands of cells through a template loop cost more than building them."""
        return mark_safe("".join(c.html() for c in self.cells))


@dataclass
class Group:
    team: Unit | None
    label: str
    rows: list[Row]


@dataclass
class Grid:
    unit: Unit
    start: dt.date
    end: dt.date
    days: list[dt.date]
    groups: list[Group]
    totals: list[tuple[str, list[int]]]
    published_days: set[dt.date]
    periods: list[RosterPeriod]
    # Per requirement and day, the worst interval (staffing.daily_staffing); filled for planners and managers.
    staffing: list = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return [r for g in self.groups for r in g.rows]

    def cell(self, person_id: int, day: dt.date) -> Cell | None:
        for row in self.rows:
            if row.person.pk == person_id:
                return row.cells[(day - self.start).days]
        return None


def _published_periods(unit: Unit, start: dt.date, end: dt.date) -> list[RosterPeriod]:
    ancestors = [int(i) for i in unit.path.strip("/").split("/") if i]
    return list(RosterPeriod.objects.filter(start_date__lte=end, end_date__gte=start).filter(
        Q(unit_id__in=ancestors) | Q(unit__path__startswith=unit.path)).select_related("unit", "published_by"))


@dataclass
class RosterPeople:
    """Who is on a unit's roster over a period: the unit's teams, each person's (first) team, and everyone's id."""

    teams: list[Unit]
    team_of: dict[int, int]
    ids: set[int]


def roster_people(unit: Unit, start: dt.date, end: dt.date, person_ids: set[int] | None = None) -> RosterPeople:
    """Team members plus people whose home unit is in the sub-tree (five queries)."""
    teams = teams_under(unit)
    by_team = stints([t.pk for t in teams], start, end)
    team_of: dict[int, int] = {}
    for team in teams:
        for s in sorted(by_team.get(team.pk, []), key=lambda s: s.start):
            team_of.setdefault(s.person_id, team.pk)
    subtree = unit.subtree()
    home_ids = set(Person.objects.filter(home_unit__in=subtree, start_date__lte=end).filter(
        Q(leave_date__isnull=True) | Q(leave_date__gte=start)).values_list("id", flat=True))
    ids = home_ids | set(team_of)
    if person_ids is not None:
        ids &= person_ids
    return RosterPeople(teams, team_of, ids)


def build_roster(unit: Unit, start: dt.date, end: dt.date, *, only_published: bool = False,
                 max_people: int | None = None) -> Grid | Summary:
    """The grid, or the summary by sub-unit when more than `max_people` people are on the roster (staff, who see
    only their own team's published days, always get the grid)."""
    who = roster_people(unit, start, end)
    if not only_published and len(who.ids) > (GRID_MAX_PEOPLE if max_people is None else max_people):
        return build_summary(unit, start, end, who=who)
    return build_grid(unit, start, end, only_published=only_published, who=who)


def build_grid(unit: Unit, start: dt.date, end: dt.date, *, only_published: bool = False,
               person_ids: set[int] | None = None, who: RosterPeople | None = None) -> Grid:
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    who = who or roster_people(unit, start, end, person_ids)
    teams, team_of, ids = who.teams, who.team_of, who.ids
    today = timezone.localdate()
    skills_qs = PersonSkill.objects.select_related("skill").filter(Q(expires__isnull=True) | Q(expires__gte=today))
    people = list(Person.objects.filter(id__in=ids).select_related("rank", "home_unit", "staff_group")
                  .prefetch_related(Prefetch("skills", queryset=skills_qs, to_attr="valid_skills")))
    duties = (Duty.objects.filter(person_id__in=ids, date__range=(start, end))
              .exclude(status=DutyStatus.CANCELLED)
              .values_list("pk", "person_id", "date", "start", "end", "shift_type_id", "shift_type__code",
                           "is_rest_day", "published", "version"))
    by_cell = {(row[1], row[2]): GridDuty(*row) for row in duties}
    absent, risks = _abstractions(ids, start, end)
    periods = _published_periods(unit, start, end)
    published = {d for p in periods if p.status == RosterStatus.PUBLISHED for d in days
                 if p.start_date <= d <= p.end_date}
    team_units = {t.pk: t for t in teams}
    grouped: dict[int | None, list[Row]] = defaultdict(list)
    for person in people:
        cells = []
        for day in days:
            cell = Cell(person.pk, day, published=day in published)
            if only_published and day not in published:
                cell.hidden = True
            else:
                cell.duty = by_cell.get((person.pk, day))
                a = absent.get((person.pk, day))
                if a is not None:
                    # Sickness is health data: the grid says only that the person is unavailable.
                    cell.abstraction = "ABS" if a.type.health_data else abbreviation(a.type.name)
                    cell.abstraction_title = "Unavailable" if a.type.health_data else a.type.name
                r = risks.get((person.pk, day))
                if r is not None:
                    cell.risk = f"{r.type.name}: {r.reference}" if r.reference else r.type.name
            cells.append(cell)
        skills = [ps.skill.name for ps in person.valid_skills]
        team_id = team_of.get(person.pk)
        grouped[team_id].append(Row(person, skills, cells))
    groups = []
    for team_id, rows in grouped.items():
        rows.sort(key=lambda r: (-r.person.rank.seniority, r.person.last_name, r.person.first_name))
        team = team_units.get(team_id)
        groups.append(Group(team, team.name if team else unit.name, rows))
    groups.sort(key=lambda g: (g.team is None, g.team.path if g.team else ""))
    return Grid(unit, start, end, days, groups, daily_totals(groups, days), published, periods)


def _abstractions(ids, start: dt.date, end: dt.date) -> tuple[dict, dict]:
    """(person, day) → the abstraction keeping them off duty, and → the court warning (roster_risk) that day."""
    absences = (Abstraction.objects.filter(person_id__in=ids, start_date__lte=end, end_date__gte=start)
                .exclude(status__in=["refused", "cancelled"]).select_related("type"))
    absent: dict[tuple[int, dt.date], Abstraction] = {}
    risks: dict[tuple[int, dt.date], Abstraction] = {}
    for a in absences:
        target = risks if a.type.roster_risk else absent
        day = max(a.start_date, start)
        while day <= min(a.end_date, end):
            target[(a.person_id, day)] = a
            day += dt.timedelta(days=1)
    return absent, risks


def daily_totals(groups: list[Group], days: list[dt.date]) -> list[tuple[str, list[int]]]:
    """People on duty per day: in all, then per rank and per skill (abstracted people do not count)."""
    total = [0] * len(days)
    by_rank: dict[str, list[int]] = {}
    by_skill: dict[str, list[int]] = {}
    rank_order: Counter = Counter()
    for group in groups:
        for row in group.rows:
            rank = row.person.rank.name
            rank_order[rank] = max(rank_order[rank], row.person.rank.seniority)
            for i, cell in enumerate(row.cells):
                if not cell.on_duty:
                    continue
                total[i] += 1
                by_rank.setdefault(rank, [0] * len(days))[i] += 1
                for skill in row.skills:
                    by_skill.setdefault(skill, [0] * len(days))[i] += 1
    out = [("On duty", total)]
    out += [(rank, by_rank[rank]) for rank in sorted(by_rank, key=lambda r: -rank_order[r])]
    out += [(skill, by_skill[skill]) for skill in sorted(by_skill)]
    return out


def mark_violations(grid: Grid, violations) -> None:
    """Attach each engine violation to the cell of its person on the local date it starts (clipped to the grid)."""
    index = {(row.person.pk): row for row in grid.rows}
    for v in violations:
        row = index.get(int(v.person))
        if row is None:
            continue
        day = timezone.localtime(v.start).date()
        day = min(max(day, grid.start), grid.end)
        cell = row.cells[(day - grid.start).days]
        if not cell.hidden:
            cell.violations.append(v)


@dataclass
class SummaryRow:
    """A sub-unit of the summary (None: people held by the unit itself): head-count and, per day, how many are on
    duty (a duty that is not a rest day, and not abstracted) and how many are abstracted."""

    unit: Unit | None
    label: str
    people: int
    on_duty: list[int]
    abstracted: list[int]

    @property
    def days(self) -> list[tuple[int, int]]:
        return list(zip(self.on_duty, self.abstracted, strict=True))


@dataclass
class Summary:
    """The roster of a unit too large for a row per person: one row per sub-unit, then the unit's totals."""

    unit: Unit
    start: dt.date
    end: dt.date
    days: list[dt.date]
    rows: list[SummaryRow]
    total: SummaryRow
    published_days: set[dt.date]
    periods: list[RosterPeriod]
    staffing: list = field(default_factory=list)
    is_summary: bool = True

    @property
    def people(self) -> int:
        return self.total.people

    @property
    def totals(self) -> list[tuple[str, list[int]]]:
        """The foot, as the grid's `totals` (the roster template's totals partial renders both)."""
        return [("On duty", self.total.on_duty), ("Abstracted", self.total.abstracted)]


def build_summary(unit: Unit, start: dt.date, end: dt.date, *, who: RosterPeople | None = None) -> Summary:
    """People on duty per sub-unit and day in constant queries: the roster (5), the sub-units (1), people's home
    units (1), working duties (1), abstractions (1), published periods (1). Counted in NumPy over (sub-unit, day)."""
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    who = who or roster_people(unit, start, end)
    children = list(Unit.objects.filter(parent=unit).order_by("path"))
    index = {c.pk: i for i, c in enumerate(children)}
    own = len(children)  # the row of people held by the unit itself
    team_path = {t.pk: t.path for t in who.teams}

    def row_of(path: str) -> int:
        rest = path[len(unit.path):].strip("/")
        return index.get(int(rest.split("/")[0]), own) if rest else own

    home_path = dict(Person.objects.filter(id__in=who.ids).values_list("id", "home_unit__path"))
    row_of_person = {pid: row_of(team_path[who.team_of[pid]] if pid in who.team_of else home_path.get(pid, ""))
                     for pid in who.ids}
    shape = (own + 1, len(days))
    absent, _risks = _abstractions(who.ids, start, end)
    abstracted = np.zeros(shape, dtype=np.int64)
    if absent:
        keys = list(absent)
        np.add.at(abstracted, ([row_of_person[p] for p, _d in keys], [(d - start).days for _p, d in keys]), 1)
    working = [(p, d) for p, d in Duty.objects.filter(person_id__in=who.ids, date__range=(start, end),
                                                       is_rest_day=False)
               .exclude(status=DutyStatus.CANCELLED).values_list("person_id", "date") if (p, d) not in absent]
    on_duty = np.zeros(shape, dtype=np.int64)
    if working:
        np.add.at(on_duty, ([row_of_person[p] for p, _d in working], [(d - start).days for _p, d in working]), 1)
    people = np.bincount(np.fromiter(row_of_person.values(), dtype=np.int64, count=len(row_of_person)),
                         minlength=own + 1)

    def row(i: int, u: Unit | None, label: str) -> SummaryRow:
        return SummaryRow(u, label, int(people[i]), on_duty[i].tolist(), abstracted[i].tolist())

    rows = [row(i, c, c.name) for i, c in enumerate(children) if people[i]]
    if people[own]:
        rows.append(row(own, None, unit.name))
    total = SummaryRow(None, unit.name, int(people.sum()), on_duty.sum(axis=0).tolist(),
                       abstracted.sum(axis=0).tolist())
    periods = _published_periods(unit, start, end)
    published = {d for p in periods if p.status == RosterStatus.PUBLISHED for d in days
                 if p.start_date <= d <= p.end_date}
    return Summary(unit, start, end, days, rows, total, published, periods)


def abbreviation(name: str) -> str:
    """A cell-sized label planners read at a glance: "Annual leave" → AL, "Training" → TRAIN."""
    words = [w for w in name.replace("/", " ").replace("-", " ").split() if w[0].isalnum()]
    if len(words) > 1:
        return "".join(w[0] for w in words[:4]).upper()
    return name[:5].upper()
