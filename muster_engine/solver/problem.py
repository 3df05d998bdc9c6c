"""The rostering problem as frozen dataclasses: the one input of the optimiser, whatever the mode.

    problem = Problem(days=..., shift_types=..., people=..., requirements=...)
    solution = solve(problem, SolveOptions(time_limit=30))

Everything is plain data with ids: the Django adapter (rostering/solving.py) builds it from the ORM and the
Curtois reader builds it from a benchmark file. Days are dates (one per day of the horizon, consecutive);
shift types and people are referred to by id. Hard working-time rules arrive as numbers in `WorkRules`
(compiled from the person's rule pack by `rulepack.work_rules`), never as code, so the checker and the
optimiser read the same parameters.

Modes (`mode`): "build" rosters from scratch or from a pattern base, "fill" keeps the base roster and covers
shortfalls, "repair" changes a published roster as little and as late-noticed as it must. They differ only in
the base roster given and the weights (`Weights.for_mode`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import cached_property
from types import MappingProxyType
from typing import Any, Literal

Mode = Literal["build", "fill", "repair"]


class ProblemError(ValueError):
    """An input that cannot be solved as given; `field` names it the way a planner or API client sees it."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


def _frozen_map(value: Mapping | None) -> Mapping:
    return MappingProxyType(dict(value or {}))


def _rebuilt(self) -> tuple:
    """Pickle as the constructor's arguments (frozen maps as dicts, which is what the constructor takes): a
    MappingProxyType does not pickle, and the cached lookups are quicker made again than sent. A problem goes to
    another process for a second search (second_search.py)."""
    return type(self), tuple(dict(value) if isinstance(value, MappingProxyType) else value
                             for value in (getattr(self, f.name) for f in fields(self)))


@dataclass(frozen=True)
class ShiftType:
    """A duty template. `start_minute` is local wall-clock time of day (None when the times are not known, as in
    the Curtois benchmark: time-based rules then cannot apply). `paid_minutes` count towards contracts."""

    id: str
    length_minutes: int
    start_minute: int | None = None
    paid_minutes: int | None = None
    counts_as_night: bool = False
    requires: frozenset[str] = frozenset()  # skills/roles a person needs to work it (e.g. {"call_handler"})
    cannot_follow: tuple[str, ...] = ()  # shift ids never allowed on the next day, whatever the rest rule says
    name: str = ""

    @property
    def paid(self) -> int:
        return self.length_minutes if self.paid_minutes is None else self.paid_minutes

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class WorkRules:
    """Hard working-time rules for one person, as numbers (None: the rule does not apply).

    `daily_rest_minutes` forbids shift successions whose gap is shorter (computed from shift times, DST aware);
    `weekly_rest_minutes` needs an uninterrupted rest that long in each Monday-to-Monday week; consecutive limits
    count days worked (a day on which a shift starts) and nights (shifts that count as nights). Minimum runs
    (`min_consecutive_days`, `min_consecutive_days_off`) exempt runs touching the ends of the horizon, which
    may continue outside it. `max_minutes_per_window` = (days, minutes): at most that much paid work in every
    window of that many days (an average-hours cap; 17 weeks x 48 h is (119, 119 * 48 * 60 / 7)).
    """

    daily_rest_minutes: int | None = None
    weekly_rest_minutes: int | None = None
    max_consecutive_days: int | None = None
    max_consecutive_nights: int | None = None
    min_consecutive_days: int | None = None
    min_consecutive_days_off: int | None = None
    max_weekends: int | None = None
    max_minutes_per_window: tuple[int, int] | None = None


@dataclass(frozen=True)
class Unavailable:
    """A day (or some shifts of it) a person cannot work: leave, sickness, training, court, a day off."""

    day: date
    reason: str
    shifts: tuple[str, ...] = ()  # empty: the whole day


@dataclass(frozen=True)
class Request:
    """A person's wish: to work (`on`) or not to work `shift` on `day` (shift None: any shift, i.e. a day off
    request or a wish to work). Breaking it costs `weight`."""

    day: date
    shift: str | None
    on: bool
    weight: int = 1


@dataclass(frozen=True)
class Person:
    """Someone rostered. `fixed` locks days to a shift (or to None: a locked rest day); `base` is the pattern or
    published roster (shift id or None per day of the horizon, in order) that adherence and repair compare with;
    `history` the shifts (or None) on the days just before the horizon, most recent last."""

    id: str
    name: str = ""
    skills: frozenset[str] = frozenset()
    rules: WorkRules = WorkRules()
    min_minutes: int | None = None  # contract hours less tolerance over the horizon (hard)
    max_minutes: int | None = None  # contract hours plus tolerance over the horizon (hard)
    target_minutes: int | None = None  # contract hours over the horizon (soft: Weights.contract_hour)
    max_shifts: Mapping[str, int] = field(default_factory=dict)
    min_shifts: Mapping[str, int] = field(default_factory=dict)
    unavailable: tuple[Unavailable, ...] = ()
    requests: tuple[Request, ...] = ()
    fixed: Mapping[date, str | None] = field(default_factory=dict)
    base: tuple[str | None, ...] | None = None
    history: tuple[str | None, ...] = ()

    __reduce__ = _rebuilt

    def __post_init__(self) -> None:
        object.__setattr__(self, "max_shifts", _frozen_map(self.max_shifts))
        object.__setattr__(self, "min_shifts", _frozen_map(self.min_shifts))
        object.__setattr__(self, "fixed", _frozen_map(self.fixed))
        object.__setattr__(self, "skills", frozenset(self.skills))

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Requirement:
    """Cover wanted on `day`: people with `skill` (None: anyone) working `shift`, or, for a time band, working at
    every moment from `start_minute` to `end_minute` (local minutes from the day's midnight; past 1440 runs into
    the next day). Below `minimum` costs `under_minimum` per person (or is forbidden when `hard_minimum`), below
    `target` (default: the minimum) `under_target` per person, above the target `over` per person. For bands the
    weights are per person-hour."""

    day: date
    minimum: int = 0
    target: int | None = None
    shift: str | None = None
    skill: str | None = None
    start_minute: int | None = None
    end_minute: int | None = None
    under_minimum: int = 1000
    under_target: int = 10
    over: int = 0
    hard_minimum: bool = False
    name: str = ""

    @property
    def wanted(self) -> int:
        return self.minimum if self.target is None else max(self.target, self.minimum)

    @property
    def is_band(self) -> bool:
        return self.shift is None

    def describe(self) -> str:
        who = self.skill.replace("_", " ") if self.skill else "people"
        if self.name:
            return self.name
        if self.shift is not None:
            return f"{who} on {self.shift}"
        return f"{who} {_hhmm(self.start_minute or 0)}-{_hhmm(self.end_minute or 0)}"


@dataclass(frozen=True)
class Weights:
    """Weights of the soft rules that are not per item (requests and requirements carry their own).

    Adherence to `Person.base`: `remove` when a base shift is dropped or changed, `add` when a base rest day is
    worked; each grows by `short_notice` per day inside `notice_days` of `today` (a change two days ahead costs
    more than one twenty days ahead). `contract_hour` per hour away from `Person.target_minutes`.
    `fair_nights` / `fair_weekends` per unit of spread (most minus fewest) among people who may work them.
    """

    remove: int = 0
    add: int = 0
    short_notice: int = 0
    notice_days: int = 28
    contract_hour: int = 0
    fair_nights: int = 0
    fair_weekends: int = 0

    @classmethod
    def for_mode(cls, mode: Mode) -> Weights:
        if mode == "build":  # a pattern base is a good start, not a promise
            return cls(remove=1, add=1, contract_hour=1, fair_nights=5, fair_weekends=5)
        if mode == "fill":  # keep every planned duty; rest-day working costs
            return cls(remove=200, add=20, contract_hour=1, fair_nights=2, fair_weekends=2)
        # repair: fewest changes, latest-noticed costliest
        return cls(remove=50, add=50, short_notice=10, notice_days=28, fair_nights=1, fair_weekends=1)


@dataclass(frozen=True)
class Problem:
    """One rostering problem. `today` dates the notice of changes (repair). `timezone` turns shift times into
    instants for the rest rules (a night over the clock change is an hour longer or shorter)."""

    days: tuple[date, ...]
    shift_types: tuple[ShiftType, ...]
    people: tuple[Person, ...]
    requirements: tuple[Requirement, ...] = ()
    weights: Weights = Weights()
    mode: Mode = "build"
    today: date | None = None
    timezone: str = "Europe/London"
    name: str = ""

    __reduce__ = _rebuilt

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", tuple(self.days))
        object.__setattr__(self, "shift_types", tuple(self.shift_types))
        object.__setattr__(self, "people", tuple(self.people))
        object.__setattr__(self, "requirements", tuple(self.requirements))
        self.validate()

    # -- lookups (cached: the dataclass is frozen, so they never go stale) -------------------------

    @cached_property
    def day_index(self) -> Mapping[date, int]:
        return MappingProxyType({d: i for i, d in enumerate(self.days)})

    @cached_property
    def shift_index(self) -> Mapping[str, int]:
        return MappingProxyType({s.id: i for i, s in enumerate(self.shift_types)})

    @cached_property
    def person_index(self) -> Mapping[str, int]:
        return MappingProxyType({p.id: i for i, p in enumerate(self.people)})

    @cached_property
    def allowed(self) -> Any:
        """(people, days, shift types) read-only bool array: the choices the hard rules leave open (skills,
        availability, fixed duties, a limit of 0, shifts too long for the daily rest)."""
        from .constraints import allowed_mask  # the rules read the problem; import late to keep data first

        mask = allowed_mask(self)
        mask.setflags(write=False)
        return mask

    @property
    def horizon(self) -> int:
        return len(self.days)

    @cached_property
    def history_days(self) -> int:
        return max((len(p.history) for p in self.people), default=0)

    def shift(self, shift_id: str) -> ShiftType:
        return self.shift_types[self.shift_index[shift_id]]

    def person(self, person_id: str) -> Person:
        return self.people[self.person_index[person_id]]

    def day_of(self, d: int) -> date:
        """The date of day index d, also before or after the horizon (history)."""
        return self.days[0] + timedelta(days=d)

    def weekends(self) -> list[tuple[int, ...]]:
        """Day indexes of each Saturday-Sunday weekend that touches the horizon."""
        found: dict[int, list[int]] = {}
        for i, d in enumerate(self.days):
            if d.weekday() >= 5:
                saturday = i - (d.weekday() - 5)
                found.setdefault(saturday, []).append(i)
        return [tuple(v) for _, v in sorted(found.items())]

    # -- validation ---------------------------------------------------------------------------------

    def validate(self) -> None:
        if not self.days:
            raise ProblemError("days", "the horizon needs at least one day")
        for i in range(1, len(self.days)):
            if self.days[i] != self.days[i - 1] + timedelta(days=1):
                raise ProblemError("days", f"days must be consecutive; {self.days[i]} follows {self.days[i - 1]}")
        if not self.shift_types:
            raise ProblemError("shift_types", "at least one shift type is needed")
        if len(self.shift_index) != len(self.shift_types):
            raise ProblemError("shift_types", "shift type ids must be unique")
        if len(self.person_index) != len(self.people):
            raise ProblemError("people", "person ids must be unique")
        for s in self.shift_types:
            if s.length_minutes <= 0 or s.paid < 0:
                raise ProblemError(f"shift_types[{s.id}].length_minutes", "must be a positive number of minutes")
            if s.start_minute is not None and not 0 <= s.start_minute < 1440:
                raise ProblemError(f"shift_types[{s.id}].start_minute", "must be a minute of the day 0..1439")
            for other in s.cannot_follow:
                if other not in self.shift_index:
                    raise ProblemError(f"shift_types[{s.id}].cannot_follow", f"unknown shift type {other!r}")
        timed = all(s.start_minute is not None for s in self.shift_types)
        for p in self.people:
            where = f"people[{p.id}]"
            if not timed and (p.rules.daily_rest_minutes or p.rules.weekly_rest_minutes):
                raise ProblemError(f"{where}.rules", "rest rules need every shift type to have a start time")
            for key in (*p.max_shifts, *p.min_shifts):
                if key not in self.shift_index:
                    raise ProblemError(f"{where}.max_shifts", f"unknown shift type {key!r}")
            for d, s in p.fixed.items():
                if d not in self.day_index:
                    raise ProblemError(f"{where}.fixed", f"{d} is outside the horizon")
                if s is not None and s not in self.shift_index:
                    raise ProblemError(f"{where}.fixed", f"unknown shift type {s!r}")
            for u in p.unavailable:
                for s in u.shifts:
                    if s not in self.shift_index:
                        raise ProblemError(f"{where}.unavailable", f"unknown shift type {s!r}")
            for r in p.requests:
                if r.shift is not None and r.shift not in self.shift_index:
                    raise ProblemError(f"{where}.requests", f"unknown shift type {r.shift!r}")
                if r.weight < 0:
                    raise ProblemError(f"{where}.requests", "weights cannot be negative")
            if p.base is not None:
                if len(p.base) != len(self.days):
                    raise ProblemError(f"{where}.base", f"needs one entry per day ({len(self.days)})")
                for s in p.base:
                    if s is not None and s not in self.shift_index:
                        raise ProblemError(f"{where}.base", f"unknown shift type {s!r}")
            for s in p.history:
                if s is not None and s not in self.shift_index:
                    raise ProblemError(f"{where}.history", f"unknown shift type {s!r}")
            if p.min_minutes is not None and p.max_minutes is not None and p.min_minutes > p.max_minutes:
                raise ProblemError(f"{where}.min_minutes", "is more than max_minutes")
        for k, r in enumerate(self.requirements):
            where = f"requirements[{k}]"
            if r.shift is not None and r.shift not in self.shift_index:
                raise ProblemError(f"{where}.shift", f"unknown shift type {r.shift!r}")
            if r.shift is None:
                if r.start_minute is None or r.end_minute is None or r.end_minute <= r.start_minute:
                    raise ProblemError(f"{where}.start_minute", "a band needs a start and a later end minute")
                if not timed:
                    raise ProblemError(f"{where}.start_minute", "time bands need every shift type to have times")
            if r.day not in self.day_index:
                raise ProblemError(f"{where}.day", f"{r.day} is outside the horizon")
            if r.minimum < 0 or (r.target is not None and r.target < 0):
                raise ProblemError(f"{where}.minimum", "cannot be negative")


def _hhmm(minute: int) -> str:
    return f"{minute % 1440 // 60:02d}:{minute % 60:02d}"


__all__ = [
    "Mode",
    "Person",
    "Problem",
    "ProblemError",
    "Request",
    "Requirement",
    "ShiftType",
    "Unavailable",
    "Weights",
    "WorkRules",
]
