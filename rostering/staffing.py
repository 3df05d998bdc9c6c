"""Staffing: a unit's requirements as per-interval numbers, and the people planned against them.

`required_intervals` turns the weekly requirements and their overrides into (interval, rank, skill, minimum,
target) rows; `coverage` counts who is planned in each of those intervals. Both work on real intervals of
Europe/London time: an interval is `interval_minutes` of elapsed time from local midnight, so the spring
clock-change day has 23 one-hour intervals and the autumn one 25, and a band "22:00–03:00" is 4 hours on the
night the clocks go forward.

Who counts (`coverage`):
- people with a live duty (not cancelled, not a rest day) for the unit or a unit below it (Duty.unit), at the
  middle of the interval: a duty 07:30–15:30 counts in 07:00–08:00 but not in 15:00–16:00 with hourly
  intervals, and in both half-hours with 30-minute ones;
- minus duties on days of an approved abstraction whose type removes the person from the roster, and on days
  of a hypothetical absence passed in `without` ((person_id, first_day, last_day): "what if this leave were
  approved"); a whole-day abstraction covers the duties *starting* on its days, as on the roster grid, so
  leave on Tuesday does not end Monday's night duty at midnight. A part-day abstraction (a start and/or end
  time) takes the person off from its first instant to its last instead, and so does a `without` entry given
  as aware datetimes rather than dates: a half day's leave from 12:00 leaves the morning of an early counted;
- plus hypothetical duties passed in `extra` ((person_id, start, end) aware instants: "what if she worked
  this overtime"), subject to the same abstractions;
- for a requirement of a rank, only people holding that rank (Person.rank: today's rank); for a skill, only
  people holding it unexpired on the interval's date AND not on restricted duties (an approved abstraction of
  category "restriction") on the duty's date: an officer on restricted duties still counts as a constable
  but never as a taser officer or response driver. Officers on restricted duties being rostered to the front
  line is the complaint this rule exists to prevent.
A person counts towards every requirement they satisfy: a sergeant with taser counts for sergeants and for
taser.

Queries: required_intervals 2; coverage at most 6 (requirements, overrides, duties, ranks of `extra` people,
abstractions, skills) whatever the unit's size or the period. The counting is vectorised with NumPy over
people × intervals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np
from django.db import connection
from django.db.models import BigIntegerField, Func, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from absence.choices import AbstractionCategory, AbstractionStatus
from absence.models import Abstraction
from common.calendar import bank_holidays, local_instant, local_midnight
from common.errors import DomainError
from org.models import Unit
from people.models import Person, PersonSkill

from .choices import DutyStatus
from .models import Duty, Requirement, RequirementOverride
from .models.requirements import who_label

INTERVAL_CHOICES = (5, 10, 15, 20, 30, 60)  # divisors of an hour: interval edges stay on the local clock over DST
MAX_DAYS = 400


@dataclass(frozen=True, slots=True)
class RequiredInterval:
    """How many people of a rank and/or skill one interval needs. rank_id / skill_id None: any."""

    start: dt.datetime
    end: dt.datetime
    rank_id: int | None
    skill_id: int | None
    minimum: int
    target: int


@dataclass(frozen=True, slots=True)
class IntervalStaffing:
    """Planned against required in one interval for one (rank, skill) requirement.

    shortfall = max(0, minimum − planned); below_target = max(0, target − planned);
    over_target = max(0, planned − target); people = the person ids counted, ascending."""

    start: dt.datetime
    end: dt.datetime
    rank_id: int | None
    skill_id: int | None
    minimum: int
    target: int
    planned: int
    shortfall: int
    below_target: int
    over_target: int
    people: tuple[int, ...]


@dataclass(frozen=True)
class Key:
    """One (rank, skill) a unit has requirements for, with what the pages show for it."""

    rank_id: int | None
    skill_id: int | None
    label: str
    order: tuple


# --- the time line ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Timeline:
    """Intervals from local midnight of `start` to local midnight after `end`, as epoch seconds."""

    start: dt.date
    end: dt.date
    step: int  # seconds
    starts: np.ndarray  # int64, one per interval
    mids: np.ndarray  # int64 middle of each interval: what "covers" an interval is measured at
    day_of: np.ndarray  # per interval, its local date as an index into `days` (0 = the day before `start`)
    days: list[dt.date]  # the day before start … end: bands and duties starting the evening before reach in
    midnights: np.ndarray  # epoch seconds of the local midnight starting each of `days`, and the one after

    @property
    def n(self) -> int:
        return len(self.starts)

    def instants(self) -> list[dt.datetime]:
        """Aware (UTC) interval edges, n + 1 of them."""
        edges = self.starts.tolist() + [int(self.starts[-1]) + self.step] if self.n else []
        return [dt.datetime.fromtimestamp(t, dt.UTC) for t in edges]

    def slice_of(self, start: float, end: float) -> tuple[int, int]:
        """The intervals whose middle falls in [start, end): a half-open index range."""
        return (int(np.searchsorted(self.mids, start, "left")), int(np.searchsorted(self.mids, end, "left")))


def _check_period(start: dt.date, end: dt.date, interval_minutes: int) -> None:
    if end < start:
        raise DomainError(_("The last day must be on or after the first day."), field="end")
    if (end - start).days + 1 > MAX_DAYS:
        raise DomainError(_("At most %(n)s days at a time.") % {"n": MAX_DAYS}, field="end")
    if interval_minutes not in INTERVAL_CHOICES:
        raise DomainError(_("Intervals are %(choices)s minutes long (minutes that divide an hour).")
                          % {"choices": ", ".join(map(str, INTERVAL_CHOICES))}, field="interval_minutes")


def _timeline(start: dt.date, end: dt.date, interval_minutes: int) -> _Timeline:
    _check_period(start, end, interval_minutes)
    step = interval_minutes * 60
    days = [start + dt.timedelta(days=i) for i in range(-1, (end - start).days + 1)]
    # Local midnights as epoch seconds: the first is the day before start, the last the midnight after end.
    midnights = np.array([int(local_midnight(d).timestamp()) for d in days]
                         + [int(local_midnight(end + dt.timedelta(days=1)).timestamp())], dtype=np.int64)
    starts = np.arange(midnights[1], midnights[-1], step, dtype=np.int64)
    day_of = np.searchsorted(midnights, starts, "right") - 1
    return _Timeline(start, end, step, starts, starts + step // 2, day_of, days, midnights)


# --- requirements -------------------------------------------------------------------------------------------------

@dataclass
class _Required:
    keys: list[Key]
    minimum: np.ndarray  # K × N int
    target: np.ndarray  # K × N int
    needed: np.ndarray  # K × N bool: some band covers it with a non-zero minimum or target
    reasons: dict[int, list[str]] = field(default_factory=dict)  # day index → why an override applies that day


def _key_order(rank, skill) -> tuple:
    # Ranks by seniority, then "anyone", then skills (a rank with a skill first), by name.
    return (skill is not None, rank is None, -(rank.seniority if rank is not None else 0),
            skill.name if skill is not None else "", rank.name if rank is not None else "")


class _Layer:
    """One layer of bands (weekly, bank holidays, dated): per key, the largest minimum / target per interval."""

    def __init__(self, k: int, n: int):
        self.n = n
        self.minimum = np.zeros((k, n), dtype=np.int32)
        self.target = np.zeros((k, n), dtype=np.int32)
        self.covered = np.zeros((k, n), dtype=bool)

    def add(self, k: int, i0: np.ndarray, i1: np.ndarray, minimum: int, target: int) -> None:
        """A band on several days at once: intervals [i0[j], i1[j]) for each j."""
        keep = i1 > i0
        if not keep.any():
            return
        diff = np.zeros(self.n + 1, dtype=np.int32)
        np.add.at(diff, i0[keep], 1)
        np.add.at(diff, i1[keep], -1)
        cover = np.cumsum(diff[:-1]) > 0
        np.maximum(self.minimum[k], np.where(cover, minimum, 0), out=self.minimum[k])
        np.maximum(self.target[k], np.where(cover, target, 0), out=self.target[k])
        self.covered[k] |= cover


class _Bands:
    """Where a band (start_time to end_time, starting on each day of the time line) falls among the intervals,
    computed once per distinct pair of times for all days together."""

    def __init__(self, tl: _Timeline):
        self.tl = tl
        self.cache: dict[tuple[dt.time, dt.time], tuple[np.ndarray, np.ndarray]] = {}
        # Days (indices into tl.days, and the day after the last) whose wall clock is not midnight + seconds.
        lengths = np.diff(tl.midnights)
        self.clock_change = set(np.flatnonzero(lengths != 86400).tolist())
        after = tl.days[-1] + dt.timedelta(days=1)
        if local_midnight(after + dt.timedelta(days=1)).timestamp() - tl.midnights[-1] != 86400:
            self.clock_change.add(len(tl.days))

    def slices(self, start: dt.time, end: dt.time) -> tuple[np.ndarray, np.ndarray]:
        """Per day of the time line: the half-open interval range the band starting that day covers."""
        found = self.cache.get((start, end))
        if found is not None:
            return found
        tl = self.tl
        n_days = len(tl.days)
        end_index = np.arange(n_days) + (1 if end <= start else 0)
        starts = (tl.midnights[:n_days] + (start.hour * 3600 + start.minute * 60)).astype(np.float64)
        ends = (tl.midnights[end_index] + (end.hour * 3600 + end.minute * 60)).astype(np.float64)
        # On a clock-change day a wall time is not midnight plus its seconds: ask the time zone for those days.
        for d in self.clock_change:
            if d < n_days:
                starts[d] = local_instant(tl.days[d], start).timestamp()
            for j in np.flatnonzero(end_index == d).tolist():
                ends[j] = local_instant(tl.days[0] + dt.timedelta(days=d), end).timestamp()
        found = (np.searchsorted(tl.mids, starts, "left"), np.searchsorted(tl.mids, ends, "left"))
        self.cache[(start, end)] = found
        return found


def _required(unit: Unit, tl: _Timeline) -> _Required:
    """Two queries: the unit's weekly requirements in force over the period, and its overrides."""
    first, last = tl.days[0], tl.days[-1]
    weekly = list(Requirement.objects.filter(unit=unit, effective_from__lte=last)
                  .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=first)).select_related("rank", "skill"))
    overrides = list(RequirementOverride.objects.filter(unit=unit)
                     .filter(Q(date__range=(first, last)) | Q(on_bank_holidays=True)).select_related("rank", "skill"))
    found: dict[tuple, tuple] = {}
    for row in [*weekly, *overrides]:
        found.setdefault((row.rank_id, row.skill_id), (row.rank, row.skill))
    keys = sorted((Key(r, s, who_label(rank, skill), _key_order(rank, skill))
                   for (r, s), (rank, skill) in found.items()), key=lambda k: k.order)
    index = {(k.rank_id, k.skill_id): i for i, k in enumerate(keys)}
    layers = [_Layer(len(keys), tl.n) for _ in range(3)]  # weekly < every bank holiday < one date
    bands = _Bands(tl)
    weekday = np.array([d.weekday() for d in tl.days])
    ordinal = np.array([d.toordinal() for d in tl.days])
    for req in weekly:
        # The days a band starts on: its weekdays, within its effective dates.
        on = np.isin(weekday, [int(c) for c in req.weekdays]) & (ordinal >= req.effective_from.toordinal())
        if req.effective_to is not None:
            on &= ordinal <= req.effective_to.toordinal()
        i0, i1 = bands.slices(req.start_time, req.end_time)
        layers[0].add(index[(req.rank_id, req.skill_id)], i0[on], i1[on], req.minimum, req.target)
    holidays = [(d - first).days for d in bank_holidays(unit.bank_holiday_region, first, last)] if any(
        o.on_bank_holidays for o in overrides) else []
    reasons: dict[int, list[str]] = {}
    for o in overrides:
        which = [(o.date - first).days] if o.date is not None else holidays
        i0, i1 = bands.slices(o.start_time, o.end_time)
        layer = layers[2] if o.date is not None else layers[1]
        layer.add(index[(o.rank_id, o.skill_id)], i0[which], i1[which], o.minimum, o.target)
        for d in which:
            if o.reason not in reasons.setdefault(d, []):
                reasons[d].append(o.reason)
    minimum, target, covered = layers[0].minimum, layers[0].target, layers[0].covered
    for layer in layers[1:]:
        # Within an override's band its numbers replace those below it, even when they are lower (or zero).
        minimum = np.where(layer.covered, layer.minimum, minimum)
        target = np.where(layer.covered, layer.target, target)
        covered = covered | layer.covered
    needed = covered & ((minimum > 0) | (target > 0))
    return _Required(keys, minimum, target, needed, reasons)


def required_intervals(unit: Unit, start: dt.date, end: dt.date, *,
                       interval_minutes: int = 60) -> list[RequiredInterval]:
    """What the unit needs in each interval from local midnight of `start` to the midnight after `end`:
    one row per interval and (rank, skill) with a non-zero minimum or target, in time order."""
    tl = _timeline(start, end, interval_minutes)
    req = _required(unit, tl)
    if not req.keys:
        return []
    edges = tl.instants()
    out = []
    for i, k in zip(*np.nonzero(req.needed.T), strict=True):
        key = req.keys[k]
        out.append(RequiredInterval(edges[i], edges[i + 1], key.rank_id, key.skill_id,
                                    int(req.minimum[k, i]), int(req.target[k, i])))
    return out


# --- who is planned -----------------------------------------------------------------------------------------------

@dataclass
class _Planned:
    """What the database says about the people who could count: loaded once, counted many ways."""

    person_ids: np.ndarray  # P, ascending
    rank: np.ndarray  # P rank id (0: none)
    duty_person: np.ndarray  # per duty: index into person_ids
    duty_day: np.ndarray  # per duty: index into tl.days
    duty_start: np.ndarray  # epoch seconds
    duty_end: np.ndarray
    removed: np.ndarray  # P × D bool: an approved abstraction takes them off the roster that day
    restricted: np.ndarray  # P × D bool: on restricted duties that day
    away: np.ndarray | None  # P × N bool: a part-day abstraction takes them off in that interval (None: nobody)
    held: dict[int, np.ndarray]  # skill id → P × D bool: holds it unexpired that day
    extra_duties: int = 0  # the hypothetical `extra` duties, appended after the real ones


def _day_mask(tl: _Timeline, p: int, rows: list[tuple[int, dt.date, dt.date]]) -> np.ndarray:
    """P × D: True on the days from first to last (inclusive) of each (person index, first, last)."""
    days = len(tl.days)
    diff = np.zeros((p, days + 1), dtype=np.int32)
    if rows:
        base = tl.days[0]
        who = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        a = np.clip(np.fromiter(((r[1] - base).days for r in rows), dtype=np.int64, count=len(rows)), 0, days)
        b = np.clip(np.fromiter(((r[2] - base).days + 1 for r in rows), dtype=np.int64, count=len(rows)), 0, days)
        keep = b > a
        np.add.at(diff, (who[keep], a[keep]), 1)
        np.add.at(diff, (who[keep], b[keep]), -1)
    return np.cumsum(diff, axis=1)[:, :days] > 0


class EpochSeconds(Func):
    """Seconds since 1970 of a datetime column, computed by the database: a month of a station's duties as
    datetime objects costs more than all the counting (Django parses each SQLite value in Python)."""

    arity = 1
    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(strftime(%s, {sql}) AS INTEGER)", ["%s", *params]

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(EXTRACT(EPOCH FROM {sql}) AS BIGINT)", params


def _live_duties(unit: Unit, first: dt.date, last: dt.date):
    return (Duty.objects.filter(unit__path__startswith=unit.path, date__range=(first, last), is_rest_day=False)
            .exclude(status=DutyStatus.CANCELLED).order_by())


def _duty_rows(unit: Unit, first: dt.date, last: dt.date) -> list[tuple[int, int | None, int, int]]:
    """(person id, rank id, start, end as epoch seconds) of the live duties of the unit's sub-tree."""
    duties = _live_duties(unit, first, last)
    if connection.vendor in {"sqlite", "postgresql"}:
        return list(duties.annotate(s=EpochSeconds("start"), e=EpochSeconds("end"))
                    .values_list("person_id", "person__rank_id", "s", "e"))
    return [(pid, rank, s.timestamp(), e.timestamp())
            for pid, rank, s, e in duties.values_list("person_id", "person__rank_id", "start", "end")]


def _load(unit: Unit, tl: _Timeline, skill_ids: set[int], extra: list[tuple[int, dt.datetime, dt.datetime]]
          ) -> _Planned:
    first, last = tl.days[0], tl.days[-1]
    duties = _duty_rows(unit, first, last)
    rank_of = {row[0]: row[1] or 0 for row in duties}
    missing = {pid for pid, _s, _e in extra} - set(rank_of)
    if missing:
        rank_of.update((pid, r or 0) for pid, r in Person.objects.filter(pk__in=missing).values_list("id", "rank_id"))
    rows = [(pid, s, e) for pid, _r, s, e in duties]
    real = len(rows)
    # Hypothetical duties starting outside the days loaded cannot reach the period (a duty is under 24 hours).
    lo, hi = float(tl.midnights[0]), float(tl.midnights[-1])
    rows += [(pid, s.timestamp(), e.timestamp()) for pid, s, e in extra
             if pid in rank_of and e > s and lo <= s.timestamp() < hi]
    ids = sorted(rank_of)
    pos = {pid: i for i, pid in enumerate(ids)}
    p = len(ids)
    abstractions: list = []
    skills: list = []
    if ids:
        # Whose absences and skills: the people on duty, as a subquery (a list of 200 ids costs more to send than
        # the database takes to find them again), plus the hypothetical ones.
        who = Q(person_id__in=_live_duties(unit, first, last).values("person_id"))
        if missing:
            who |= Q(person_id__in=sorted(missing))
        abstractions = list(
            Abstraction.objects.filter(who, status=AbstractionStatus.APPROVED, start_date__lte=last,
                                       end_date__gte=first)
            .filter(Q(type__removes_from_roster=True) | Q(type__category=AbstractionCategory.RESTRICTION))
            .values_list("person_id", "start_date", "end_date", "type__removes_from_roster", "type__category",
                         "start_time", "end_time"))
        if skill_ids:
            skills = list(PersonSkill.objects.filter(who, skill_id__in=skill_ids, acquired__lte=last)
                          .filter(Q(expires__isnull=True) | Q(expires__gte=first))
                          .values_list("person_id", "skill_id", "acquired", "expires"))
        # A person asked about in `extra` but unknown (no such person) has no rank row: drop what cannot be placed.
        abstractions = [a for a in abstractions if a[0] in pos]
        skills = [k for k in skills if k[0] in pos]
    whole_days = [(pos[a[0]], a[1], a[2]) for a in abstractions if a[3] and a[5] is None and a[6] is None]
    part_days = [(pos[a[0]], _window(a[1], a[2], a[5], a[6])) for a in abstractions
                 if a[3] and (a[5] is not None or a[6] is not None)]
    removed = _day_mask(tl, p, whole_days)
    restricted = _day_mask(tl, p, [(pos[a[0]], a[1], a[2]) for a in abstractions
                                   if a[4] == AbstractionCategory.RESTRICTION])
    held = {}
    for skill_id in skill_ids:
        held[skill_id] = _day_mask(tl, p, [(pos[pid], acquired, expires or last) for pid, sid, acquired, expires
                                           in skills if sid == skill_id])
    n = len(rows)
    starts = np.fromiter((r[1] for r in rows), dtype=np.float64, count=n)
    return _Planned(
        person_ids=np.array(ids, dtype=np.int64),
        rank=np.array([rank_of[pid] for pid in ids], dtype=np.int64),
        duty_person=np.fromiter((pos[r[0]] for r in rows), dtype=np.int64, count=n),
        # A duty's date is the local date it starts on (DESIGN.md § Time), so its day follows from its start
        # (clipped: a row whose date and start disagree must not index another day's absences).
        duty_day=np.clip(np.searchsorted(tl.midnights, starts, "right") - 1, 0, len(tl.days) - 1),
        duty_start=starts,
        duty_end=np.fromiter((r[2] for r in rows), dtype=np.float64, count=n),
        removed=removed, restricted=restricted, away=_window_mask(tl, p, part_days) if part_days else None,
        held=held, extra_duties=n - real)


def _window(first: dt.date, last: dt.date, start_time: dt.time | None, end_time: dt.time | None
            ) -> tuple[float, float]:
    """A part-day abstraction as instants: from start_time on the first day (else its midnight) to end_time on
    the last day (else the midnight after it)."""
    start = local_instant(first, start_time) if start_time else local_midnight(first)
    end = local_instant(last, end_time) if end_time else local_midnight(last + dt.timedelta(days=1))
    return start.timestamp(), end.timestamp()


def _window_mask(tl: _Timeline, p: int, rows: list[tuple[int, tuple[float, float]]]) -> np.ndarray:
    """P × N: True in the intervals whose middle falls inside one of each person's (start, end) windows."""
    diff = np.zeros((p, tl.n + 1), dtype=np.int32)
    for who, (start, end) in rows:
        i0, i1 = tl.slice_of(start, end)
        if i1 > i0:
            diff[who, i0] += 1
            diff[who, i1] -= 1
    return np.cumsum(diff, axis=1)[:, :tl.n] > 0


def _on_duty(tl: _Timeline, data: _Planned, keep: np.ndarray) -> np.ndarray:
    """P × N bool: a kept duty covers the middle of the interval."""
    p = len(data.person_ids)
    diff = np.zeros((p, tl.n + 1), dtype=np.int32)
    if keep.any():
        who = data.duty_person[keep]
        i0 = np.searchsorted(tl.mids, data.duty_start[keep], "left")
        i1 = np.searchsorted(tl.mids, data.duty_end[keep], "left")
        np.add.at(diff, (who, i0), 1)
        np.add.at(diff, (who, i1), -1)
    return np.cumsum(diff, axis=1)[:, :tl.n] > 0


@dataclass
class _Counted:
    """Counting result as arrays: eligible[k] is P × N (who counts for key k in interval i)."""

    tl: _Timeline
    req: _Required
    person_ids: np.ndarray
    eligible: list[np.ndarray]
    planned: np.ndarray  # K × N int


def _count(tl: _Timeline, req: _Required, data: _Planned, without: Iterable[tuple[int, dt.date, dt.date]]
           ) -> _Counted:
    pos = {int(pid): i for i, pid in enumerate(data.person_ids)}
    days, windows = [], []
    for pid, first, last in without:
        if pid not in pos:
            continue
        if isinstance(first, dt.datetime):  # part of a day: aware instants (a datetime is also a date: ask first)
            windows.append((pos[pid], (first.timestamp(), last.timestamp())))
        else:
            days.append((pos[pid], first, last))
    removed = data.removed | _day_mask(tl, len(pos), days) if days else data.removed
    away = data.away
    if windows:
        hypothetical = _window_mask(tl, len(pos), windows)
        away = hypothetical if away is None else away | hypothetical
    if len(data.duty_person):
        keep = ~removed[data.duty_person, data.duty_day]
        unrestricted = keep & ~data.restricted[data.duty_person, data.duty_day]
    else:
        keep = unrestricted = np.zeros(0, dtype=bool)
    on_any = _on_duty(tl, data, keep)
    on_front_line = _on_duty(tl, data, unrestricted) if data.restricted.any() else on_any
    if away is not None:
        on_any, on_front_line = on_any & ~away, on_front_line & ~away
    eligible = []
    for key in req.keys:
        if key.skill_id is not None:
            mask = on_front_line & data.held[key.skill_id][:, tl.day_of]
        else:
            mask = on_any
        if key.rank_id is not None:
            mask = mask & (data.rank == key.rank_id)[:, None]
        eligible.append(mask)
    planned = (np.stack([e.sum(axis=0) for e in eligible]) if eligible
               else np.zeros((0, tl.n), dtype=np.int64))
    return _Counted(tl, req, data.person_ids, eligible, planned)


def _rows(counted: _Counted) -> list[IntervalStaffing]:
    tl, req = counted.tl, counted.req
    if not req.keys:
        return []
    edges = tl.instants()
    ids = counted.person_ids.tolist()
    per_key = []
    for mask in counted.eligible:
        # Nonzero over the transposed mask lists people interval by interval, ascending within each.
        cols, who = np.nonzero(mask.T)
        bounds = np.searchsorted(cols, np.arange(tl.n + 1))
        per_key.append(([ids[w] for w in who.tolist()], bounds.tolist()))
    out = []
    minimum, target, planned = req.minimum.tolist(), req.target.tolist(), counted.planned.tolist()
    for i, k in zip(*np.nonzero(req.needed.T), strict=True):
        i, k = int(i), int(k)
        people, bounds = per_key[k]
        m, t, p = minimum[k][i], target[k][i], planned[k][i]
        out.append(IntervalStaffing(edges[i], edges[i + 1], req.keys[k].rank_id, req.keys[k].skill_id, m, t, p,
                                    max(0, m - p), max(0, t - p), max(0, p - t),
                                    tuple(people[bounds[i]:bounds[i + 1]])))
    return out


def _prepare(unit: Unit, start: dt.date, end: dt.date, interval_minutes: int,
             extra: Iterable[tuple[int, dt.datetime, dt.datetime]]) -> tuple[_Timeline, _Required, _Planned | None]:
    tl = _timeline(start, end, interval_minutes)
    req = _required(unit, tl)
    if not req.keys:
        return tl, req, None
    skill_ids = {k.skill_id for k in req.keys if k.skill_id is not None}
    return tl, req, _load(unit, tl, skill_ids, list(extra))


def coverage(unit: Unit, start: dt.date, end: dt.date, *, interval_minutes: int = 60,
             without: Iterable[tuple[int, dt.date, dt.date]] = (),
             extra: Iterable[tuple[int, dt.datetime, dt.datetime]] = ()) -> list[IntervalStaffing]:
    """Planned against minimum and target per interval and requirement, from local midnight of `start` to the
    midnight after `end` (see the module docstring for who counts).

    without: hypothetical absences (person_id, first_day, last_day): their duties starting on those days do
    not count; with aware datetimes instead of dates, the person does not count between those instants.
    extra: hypothetical duties (person_id, start, end) with aware instants."""
    tl, req, data = _prepare(unit, start, end, interval_minutes, extra)
    if data is None:
        return []
    return _rows(_count(tl, req, data, without))


def coverage_change(unit: Unit, start: dt.date, end: dt.date, *, interval_minutes: int = 60,
                    without: Iterable[tuple[int, dt.date, dt.date]] = (),
                    extra: Iterable[tuple[int, dt.datetime, dt.datetime]] = ()
                    ) -> list[tuple[IntervalStaffing, IntervalStaffing]]:
    """(now, then) pairs: coverage as planned, and with `without` / `extra` applied, from one set of queries.
    The leave-impact check asks this: which interval would fall short, by how many, if the leave were granted."""
    tl, req, data = _prepare(unit, start, end, interval_minutes, extra)
    if data is None:
        return []
    as_planned = data
    if data.extra_duties:
        # The hypothetical duties were appended last: the roster as planned is the arrays without them.
        real = len(data.duty_person) - data.extra_duties
        as_planned = replace(data, duty_person=data.duty_person[:real], duty_day=data.duty_day[:real],
                             duty_start=data.duty_start[:real], duty_end=data.duty_end[:real], extra_duties=0)
    now = _rows(_count(tl, req, as_planned, ()))
    then = _rows(_count(tl, req, data, without))
    return list(zip(now, then, strict=True))


# --- the roster grid's foot: per day, the worst interval of each requirement -------------------------------------

@dataclass(frozen=True)
class DayStaffing:
    """One requirement on one day, summarised by its worst interval (largest shortfall, then below target).

    status: "short" (some interval below minimum), "below" (at minimum but under target somewhere), "ok"
    (at least target throughout), "over" (above target throughout), "" (nothing required that day)."""

    day: dt.date
    status: str
    planned: int = 0
    minimum: int = 0
    target: int = 0
    worst_start: dt.datetime | None = None
    worst_end: dt.datetime | None = None
    short_intervals: int = 0
    short_person_hours: float = 0.0
    surplus: int = 0
    reasons: tuple[str, ...] = ()  # why the day's numbers differ from the week's (its overrides)

    @property
    def text(self) -> str:
        if not self.status:
            return ""
        if self.status == "over":
            return f"+{self.surplus}"
        return f"{self.planned}/{self.minimum if self.status == 'short' else self.target}"

    @property
    def title(self) -> str:
        if not self.status:
            return ""
        start, end = timezone.localtime(self.worst_start), timezone.localtime(self.worst_end)
        text = _("Worst %(start)s–%(end)s: %(planned)s planned, minimum %(minimum)s, target %(target)s.") % {
            "start": f"{start:%H:%M}", "end": f"{end:%H:%M}", "planned": self.planned, "minimum": self.minimum,
            "target": self.target}
        if self.short_intervals:
            text += " " + _("Short of the minimum in %(n)s intervals (%(hours)s person-hours).") % {
                "n": self.short_intervals, "hours": f"{self.short_person_hours:g}"}
        elif self.status == "over":
            text += " " + _("At least %(n)s over target all day.") % {"n": self.surplus}
        if self.reasons:
            text += " " + _("Different numbers today: %(reasons)s.") % {"reasons": "; ".join(self.reasons)}
        return text


@dataclass(frozen=True)
class StaffingRow:
    key: Key
    days: list[DayStaffing]

    @property
    def label(self) -> str:
        return self.key.label


def daily_staffing(unit: Unit, start: dt.date, end: dt.date, *, interval_minutes: int = 60) -> list[StaffingRow]:
    """Per requirement and day the worst interval, for the foot of the roster grid. Same queries as coverage,
    no per-interval objects: a 28-day grid needs only these K × days summaries."""
    tl, req, data = _prepare(unit, start, end, interval_minutes, ())
    if data is None:
        return []
    counted = _count(tl, req, data, ())
    edges = tl.instants()
    # Intervals of grid day j (0-based) have day_of == j + 1 (day_of counts from the day before start). Every day
    # has at least 23 intervals, so no segment is empty and the reduceat calls below are one pass each.
    first = np.searchsorted(tl.day_of, np.arange(1, len(tl.days)))
    days = tl.days[1:]
    hours = tl.step / 3600
    rows = []
    for k, key in enumerate(req.keys):
        needed = req.needed[k]
        if not needed.any():
            continue  # e.g. only overrides of 0 in this period
        minimum, target, planned = (a.astype(np.int64) for a in (req.minimum[k], req.target[k], counted.planned[k]))
        short = np.where(needed, np.maximum(minimum - planned, 0), 0)
        below = np.where(needed, np.maximum(target - planned, 0), 0)
        any_needed = np.logical_or.reduceat(needed, first).tolist()
        short_max = np.maximum.reduceat(short, first).tolist()
        below_max = np.maximum.reduceat(below, first).tolist()
        short_count = np.add.reduceat(short > 0, first).tolist()
        short_sum = np.add.reduceat(short, first).tolist()
        surplus = np.minimum.reduceat(np.where(needed, planned - target, np.iinfo(np.int64).max), first).tolist()
        # The worst interval of each day: the largest shortfall, then the largest gap to target, the earliest on a
        # tie (the first interval reaching the day's highest score).
        score = np.where(needed, short * 100_000 + below, -1)
        best = np.repeat(np.maximum.reduceat(score, first), np.diff(np.append(first, tl.n)))
        hits = np.flatnonzero(score == best)
        worst = hits[np.searchsorted(hits, first)].tolist()
        out = []
        for j, day in enumerate(days):
            if not any_needed[j]:
                out.append(DayStaffing(day, ""))
                continue
            w = worst[j]
            status = ("short" if short_max[j] > 0 else "below" if below_max[j] > 0
                      else "over" if surplus[j] > 0 else "ok")
            out.append(DayStaffing(day, status, int(planned[w]), int(minimum[w]), int(target[w]), edges[w],
                                   edges[w + 1], int(short_count[j]), round(short_sum[j] * hours, 2),
                                   max(surplus[j], 0), tuple(req.reasons.get(j + 1, ()))))
        rows.append(StaffingRow(key, out))
    return rows


# --- the requirements editor: a week at a glance -------------------------------------------------------------------

@dataclass(frozen=True)
class ProfileRow:
    """One requirement over a week: hours[weekday][hour] = (minimum, target), or None when nothing is needed."""

    key: Key
    hours: list[list[tuple[int, int] | None]]

    @property
    def label(self) -> str:
        return self.key.label


def week_profile(unit: Unit, monday: dt.date) -> list[ProfileRow]:
    """Minimum and target by weekday and local hour for the week from `monday` (overrides included), so a planner
    sees at a glance what the bands add up to. On a clock-change day the repeated hour shows the larger value."""
    tl = _timeline(monday, monday + dt.timedelta(days=6), 60)
    req = _required(unit, tl)
    hours_of = [timezone.localtime(t).hour for t in tl.instants()[:-1]]
    rows = []
    for k, key in enumerate(req.keys):
        if not req.needed[k].any():
            continue
        grid: list[list[tuple[int, int] | None]] = [[None] * 24 for _ in range(7)]
        for i in np.nonzero(req.needed[k])[0].tolist():
            day, hour = int(tl.day_of[i]) - 1, hours_of[i]
            value = (int(req.minimum[k, i]), int(req.target[k, i]))
            current = grid[day][hour]
            grid[day][hour] = value if current is None else max(current, value)
        rows.append(ProfileRow(key, grid))
    return rows
