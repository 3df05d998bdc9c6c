"""The roster grid of a unit over a period: people (grouped by team) × days, in a constant number of queries.

Queries: teams and memberships (4), people with rank (1), skills (1), duties (1), abstractions (1),
published periods (1) — whatever the number of people or days."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from absence.models import Abstraction
from org.models import Unit
from people.models import Person, PersonSkill

from .choices import DutyStatus, RosterStatus
from .models import Duty, RosterPeriod
from .teams import stints, teams_under


@dataclass
class Cell:
    person_id: int
    day: dt.date
    duty: Duty | None = None
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
        return f"{timezone.localtime(d.start):%H%M}–{timezone.localtime(d.end):%H%M}"

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


def build_grid(unit: Unit, start: dt.date, end: dt.date, *, only_published: bool = False,
               person_ids: set[int] | None = None) -> Grid:
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
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
    today = timezone.localdate()
    skills_qs = PersonSkill.objects.select_related("skill").filter(Q(expires__isnull=True) | Q(expires__gte=today))
    people = list(Person.objects.filter(id__in=ids).select_related("rank", "home_unit", "staff_group")
                  .prefetch_related(Prefetch("skills", queryset=skills_qs, to_attr="valid_skills")))
    duties = (Duty.objects.filter(person_id__in=ids, date__range=(start, end))
              .exclude(status=DutyStatus.CANCELLED).select_related("shift_type"))
    by_cell = {(d.person_id, d.date): d for d in duties}
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


def abbreviation(name: str) -> str:
    """A cell-sized label planners read at a glance: "Annual leave" → AL, "Training" → TRAIN."""
    words = [w for w in name.replace("/", " ").replace("-", " ").split() if w[0].isalnum()]
    if len(words) > 1:
        return "".join(w[0] for w in words[:4]).upper()
    return name[:5].upper()
