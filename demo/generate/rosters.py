"""Shift patterns, team patterns, the base roster and its published periods for the demo organisation.

Patterns come from the shipped library (rostering/data/patterns). Duties are projected with rostering.projection,
the functions `materialise_duties` uses, from the TeamPattern rows, and inserted in batches per team (_DutyWriter:
about 230,000 rows at full size). The rostering actions cannot be called here: each opens a durable transaction and
the whole load is already one.

One deliberate difference from `materialise_duties`: a working day that falls inside approved leave, sickness or
another abstraction that takes the person off the roster (and is not itself working time, as training and court
are) gets no duty. The grid shows the abstraction either way, but the rules engine counts every live duty as
worked, so a duty left under a month of sickness would read as a 60-hour average week (WTR-1). Rostered rest days
are kept: a rest day inside leave is not an excluded day for the average."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from absence.choices import AbstractionStatus
from absence.models import Abstraction
from common.calendar import local_instant
from common.errors import DomainError
from org.choices import UnitKind
from org.models import Rank, Unit
from people.models import Skill
from rostering.actions.requirements import requirement_template
from rostering.choices import DutySource, DutyStatus, RosterStatus
from rostering.library import library_pattern
from rostering.models import Duty, Requirement, RosterPeriod, ShiftPattern, ShiftType, TeamPattern
from rostering.notice import LeadTime, lead_time_for
from rostering.projection import duty_instants, project

from .context import DemoContext, PersonPlan, days
from .nhs111 import CENTRE, SITES
from .police import FORCE, LPAS, RELIEFS, slug

POLICE_PATTERN = "police-5-team-10h"
NHS_PATTERN = "nhs-111-6-week"
OFFICE_PATTERN = "office-days-mon-fri"
LIBRARY_CODES = [POLICE_PATTERN, NHS_PATTERN, OFFICE_PATTERN]

# 21 weeks back, not 17: the compliance pages open on the last four weeks, and the 17-week average of their first
# day needs 17 weeks of history before it.
WEEKS_BEFORE = 21
WEEKS_AFTER = 8
PUBLISHED_WEEKS_AHEAD = 4  # the current week and four more are published; weeks 5–8 ahead are still draft
PERIOD_WEEKS = 4
PUBLISHED_DAYS_EARLY = 7  # rosters went out a week before their lead time ran out
FRONT_COUNTER_ROLES = {"enquiry-officer", "cadet"}  # station staff on office days, not on a team
BATCH_SIZE = 2000
# NHS 111 teams spread over the six rotations of the 6-week pattern: Kestrel House teams 1–4 on rotations 0–3,
# Larkfield Park's on 3, 4, 5 and 0, and each clinical hub on a rotation its site's advisors do not work.
NHS_ROTATIONS = {"kestrel-house": ([0, 1, 2, 3], 4), "larkfield": ([3, 4, 5, 0], 1)}


def monday_of(day: dt.date) -> dt.date:
    return day - days(day.weekday())


@dataclass(frozen=True)
class RosterWindow:
    """The dates the demo rosters: `first` to `last`, published up to `published_last`, in 4-week periods."""

    first: dt.date
    published_last: dt.date
    last: dt.date

    @classmethod
    def around(cls, today: dt.date) -> RosterWindow:
        week = monday_of(today)
        return cls(first=week - days(7 * WEEKS_BEFORE), published_last=week + days(7 * (PUBLISHED_WEEKS_AHEAD + 1) - 1),
                   last=week + days(7 * (WEEKS_AFTER + 1) - 1))

    @property
    def anchor(self) -> dt.date:
        """Day 0 of every cycle: the Monday the force and the 111 centre moved to these patterns (a year ago)."""
        return monday_of(dt.date(self.first.year - 1, 1, 1))

    def dates(self) -> list[dt.date]:
        return [self.first + days(i) for i in range((self.last - self.first).days + 1)]

    def periods(self) -> list[tuple[dt.date, dt.date]]:
        """Published periods of four weeks ending on `published_last`, counted back; the first may be shorter."""
        out = []
        end = self.published_last
        while end >= self.first:
            start = max(self.first, end - days(7 * PERIOD_WEEKS - 1))
            out.append((start, end))
            end = start - days(1)
        return out[::-1]


def import_library_pattern(code: str) -> ShiftPattern:
    """The library pattern, imported as `do_import_library_pattern` would (idempotent, shift types matched by
    code, a clash of times refused) but inside the load's transaction."""
    found = library_pattern(code)
    if found is None:
        raise DomainError(f"There is no library pattern {code}.", field="code")
    existing = ShiftPattern.objects.filter(code=found.code).first()
    if existing is not None:
        return existing
    for lib in found.shift_types:
        current = ShiftType.objects.filter(code=lib.code).first()
        if current is None:
            ShiftType.objects.create(code=lib.code, name=lib.name, start_time=lib.start, end_time=lib.end,
                                     break_minutes=lib.break_minutes, break_paid=lib.break_paid, colour=lib.colour,
                                     counts_as_night=lib.counts_as_night, role=lib.role)
        elif (current.start_time, current.end_time) != (lib.start, lib.end):
            raise DomainError(f"Shift type {lib.code} exists here with other times ({current.times_label()}); "
                              "rename it before loading the demo.", field="code")
    return ShiftPattern.objects.create(code=found.code, name=found.name, description=found.description,
                                       weeks=found.weeks, days=list(found.days), teams=found.teams,
                                       rule_pack=found.rule_pack, library_code=found.code)


def _team_rotations(ctx: DemoContext) -> list[tuple[str, str, int]]:
    """(team code, pattern code, rotation k): response teams A–E of each station and control-room watches 1–5 on
    the police pattern at rotations 0–4, NHS 111 advisor teams and clinical hubs on the 111 pattern."""
    teams = {u.key for u in ctx.units if u.kind == UnitKind.TEAM}
    out = []
    for _lpa, _name, places in LPAS:
        for place in places:
            for k, relief in enumerate(RELIEFS):
                out.append((f"{slug(place)}-response-{relief.lower()}", POLICE_PATTERN, k))
    out += [(f"control-room-watch-{n}", POLICE_PATTERN, n - 1) for n in range(1, 6)]
    for site, _name in SITES:
        advisors, hub = NHS_ROTATIONS[site]
        out += [(f"{site}-ha-{n}", NHS_PATTERN, k) for n, k in enumerate(advisors, start=1)]
        out.append((f"{site}-clinical-hub", NHS_PATTERN, hub))
    return [row for row in out if row[0] in teams]


def add_shift_patterns(ctx: DemoContext) -> int:
    """Import the library patterns and put every rostered team on one from the anchor Monday. Returns the number
    of patterns."""
    window = RosterWindow.around(ctx.today)
    patterns = {code: import_library_pattern(code) for code in LIBRARY_CODES}
    unit_ids = {u.key: u.pk for u in ctx.units}
    rows = []
    for team, code, k in _team_rotations(ctx):
        pattern = patterns[code]
        rows.append(TeamPattern(team_id=unit_ids[team], pattern=pattern, anchor_date=window.anchor,
                                offset_days=pattern.team_offset_days(k), start_date=window.anchor))
    TeamPattern.objects.bulk_create(rows)
    ctx.counts["teams on a shift pattern"] = len(rows)
    return len(patterns)


def roster_units(ctx: DemoContext) -> dict[str, str]:
    """Unit code → the unit whose roster it is published with: its LPA, the control room or the 111 centre."""
    parents = {u.key: u.parent for u in ctx.units}
    tops = {lpa for lpa, _, _ in LPAS} | {"force-control-room", CENTRE}
    out = {}
    for unit in parents:
        current: str | None = unit
        while current is not None and current not in tops:
            current = parents[current]
        if current is not None:
            out[unit] = current
    return out


def _off_roster_days(ctx: DemoContext, window: RosterWindow) -> set[tuple[int, dt.date]]:
    """(person id, date) of approved abstractions that take people off the roster and are not working time."""
    rows = Abstraction.objects.filter(
        status=AbstractionStatus.APPROVED, type__removes_from_roster=True, type__counts_as_working_time=False,
        start_date__lte=window.last, end_date__gte=window.first).values_list("person_id", "start_date", "end_date")
    off = set()
    for pid, start, end in rows:
        day = max(start, window.first)
        while day <= min(end, window.last):
            off.add((pid, day))
            day += days(1)
    return off


class _Publication:
    """The published roster periods of each roster unit, and when each was published (lead time kept)."""

    def __init__(self, ctx: DemoContext, window: RosterWindow, tops: dict[str, str]) -> None:
        self.window = window
        self.periods = window.periods()
        packs: dict[str, set[str]] = defaultdict(set)
        for person in ctx.people:
            top = tops.get(person.unit)
            if top:
                packs[top].add(ctx.staff_groups[person.group].rule_pack)
        self.lead: dict[str, LeadTime] = {top: lead_time_for(found) for top, found in packs.items()}
        self.published_at: dict[tuple[str, int], dt.datetime] = {}
        for top, lead in self.lead.items():
            for i, (start, _end) in enumerate(self.periods):
                on = lead.deadline(start) - days(PUBLISHED_DAYS_EARLY)
                self.published_at[(top, i)] = local_instant(on, dt.time(10, 0))
        self._index = {}
        for i, (start, end) in enumerate(self.periods):
            for n in range((end - start).days + 1):
                self._index[start + days(n)] = i

    def notified_at(self, top: str, day: dt.date) -> dt.datetime | None:
        i = self._index.get(day)
        return None if i is None else self.published_at[(top, i)]

    def rows(self, unit_ids: dict[str, int]) -> list[RosterPeriod]:
        out = []
        for top, lead in sorted(self.lead.items()):
            for i, (start, end) in enumerate(self.periods):
                at = self.published_at[(top, i)]
                out.append(RosterPeriod(unit_id=unit_ids[top], start_date=start, end_date=end,
                                        status=RosterStatus.PUBLISHED, published_at=at, created_at=at,
                                        lead_time_days=(start - lead.deadline(start)).days,
                                        lead_time_rule=lead.label(), notice_days=(start - at.date()).days,
                                        late=False))
        return out


class _DutyWriter:
    """Inserts duty rows with one executemany per batch.

    bulk_create spends ~90 % of its time turning each of 300,000 rows' 17 values into SQL parameters; here every
    distinct date and instant is adapted for the database once (there are a few hundred) and rows are plain tuples.
    Values are what Duty's fields would write: the same columns, defaults and database adaptation."""

    FIELDS = ["person", "unit", "date", "start", "end", "shift_type", "role", "source", "status", "break_minutes",
              "is_rest_day", "published", "published_rest_day", "notified_at", "note", "version", "updated_at"]

    def __init__(self) -> None:
        meta = Duty._meta
        columns = ", ".join(connection.ops.quote_name(meta.get_field(f).column) for f in self.FIELDS)
        marks = ", ".join(["%s"] * len(self.FIELDS))
        self.sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES ({marks})"
        self._values: dict[object, object] = {}
        self.now = self.adapt(timezone.now())
        self.written = self.rest_days = 0

    def adapt(self, value: dt.date | dt.datetime | None) -> object:
        """A date or instant as the database backend wants it, computed once per distinct value."""
        if value is None:
            return None
        if value not in self._values:
            ops = connection.ops
            self._values[value] = (ops.adapt_datetimefield_value(value) if isinstance(value, dt.datetime)
                                   else ops.adapt_datefield_value(value))
        return self._values[value]

    def write(self, rows: list[tuple]) -> None:
        with connection.cursor() as cursor:
            for i in range(0, len(rows), BATCH_SIZE):
                cursor.executemany(self.sql, rows[i:i + BATCH_SIZE])
        self.written += len(rows)
        self.rest_days += sum(1 for row in rows if row[10])


@dataclass
class _Projector:
    """Turns (date, code) projections into duty rows for one person at a time, sharing the instants per date."""

    shift_types: dict[str, ShiftType]
    off: set[tuple[int, dt.date]]
    publication: _Publication
    writer: _DutyWriter
    instants: dict[tuple[dt.date, str], tuple[object, object]] = field(default_factory=dict)

    def duties(self, person: PersonPlan, unit_id: int, codes: list[tuple[dt.date, str]], top: str) -> list[tuple]:
        adapt, out = self.writer.adapt, []
        for day, code in codes:
            if day < person.start_date or (person.leave_date and day > person.leave_date):
                continue
            st = self.shift_types.get(code) if code else None
            if st is not None and (person.pk, day) in self.off:
                continue  # on leave or sick: no duty to count as worked; the grid shows the abstraction
            notified = self.publication.notified_at(top, day)
            published = notified is not None
            if st is None:
                out.append((person.pk, unit_id, adapt(day), None, None, None, "", DutySource.PATTERN,
                            DutyStatus.PLANNED, 0, True, published, published, adapt(notified), "", 1,
                            self.writer.now))
                continue
            key = (day, code)
            if key not in self.instants:
                start, end = duty_instants(day, st.start_time, st.end_time)
                self.instants[key] = (adapt(start), adapt(end))
            start, end = self.instants[key]
            out.append((person.pk, unit_id, adapt(day), start, end, st.pk, st.role, DutySource.PATTERN,
                        DutyStatus.PLANNED, st.break_minutes, False, published, False, adapt(notified), "", 1,
                        self.writer.now))
        return out


def add_duties(ctx: DemoContext) -> int:
    """The base roster of every team on a pattern (and the front counters' office days) over the window, published
    up to four weeks ahead. Returns the number of working duties; rest days are counted beside them."""
    window = RosterWindow.around(ctx.today)
    unit_ids = {u.key: u.pk for u in ctx.units}
    codes_by_id = {pk: key for key, pk in unit_ids.items()}
    tops = roster_units(ctx)
    publication = _Publication(ctx, window, tops)
    writer = _DutyWriter()
    projector = _Projector({st.code: st for st in ShiftType.objects.all()}, _off_roster_days(ctx, window),
                           publication, writer)
    members: dict[str, list[PersonPlan]] = defaultdict(list)
    for person in ctx.people:
        members[person.unit].append(person)

    assignments = (TeamPattern.objects.filter(team_id__in=list(codes_by_id)).select_related("pattern")
                   .order_by("team__path"))
    for assignment in assignments:
        team = codes_by_id[assignment.team_id]
        first = max(window.first, assignment.start_date)
        last = min(window.last, assignment.end_date) if assignment.end_date else window.last
        codes = project(assignment.pattern.days, assignment.anchor_date, assignment.offset_days, first, last)
        writer.write([d for person in members[team]
               for d in projector.duties(person, assignment.team_id, codes, tops[team])])
    # Front-counter staff (enquiry officers, cadets) work office days at their station; they are on no team.
    office = project(ShiftPattern.objects.get(code=OFFICE_PATTERN).days, window.anchor, 0, window.first, window.last)
    writer.write([d for person in ctx.people if person.role in FRONT_COUNTER_ROLES and person.unit in tops
           for d in projector.duties(person, unit_ids[person.unit], office, tops[person.unit])])
    periods = RosterPeriod.objects.bulk_create(publication.rows(unit_ids))
    ctx.counts["rest days rostered"] = writer.rest_days
    ctx.counts["roster periods published"] = len(periods)
    return writer.written - writer.rest_days


def add_station_minimums(ctx: DemoContext) -> int:
    """Minimum staffing for every police station with response teams, from the library template
    "police-response-station" (the grid foot, leave impact, cover options, events and the optimiser all read it).
    Rows are written directly: the template action is durable and the load is one transaction."""
    template = requirement_template("police-response-station")
    ranks = {r.code: r for r in Rank.objects.all()}
    skills = {s.code: s for s in Skill.objects.all()}
    force = Unit.objects.get(code=FORCE)
    stations = Unit.objects.filter(kind=UnitKind.STATION, children__kind=UnitKind.TEAM,
                                   path__startswith=force.path).distinct()
    since = ctx.today - dt.timedelta(weeks=21)
    rows = [Requirement(unit=station, rank=ranks.get(b.rank) if b.rank else None,
                        skill=skills.get(b.skill) if b.skill else None, weekdays=b.weekdays, start_time=b.start,
                        end_time=b.end, minimum=b.minimum, target=b.target, effective_from=since, note=b.note)
            for station in stations for b in template.requirements]
    Requirement.objects.bulk_create(rows)
    return len(rows)
