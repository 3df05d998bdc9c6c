"""Rule packs: the numbers of the working-time rules per staff group, versioned by effective date.

Rule code never holds a number from RULES.md; it reads it from the person's pack. A pack can be
tightened by an organisation (12 h daily rest, 35 h weekly rest) but never loosened past the statute:
every pack is checked against `STATUTORY_LIMITS` when it is built, and `tightened()` refuses any
change towards the looser side even when it would still be lawful.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

from .clock import fmt_duration

Direction = Literal["min", "max"]


class PackLimitError(ValueError):
    """A pack parameter would be looser than the law or than the pack it tightens."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


@dataclass(frozen=True)
class Limit:
    """A statutory bound: `min` parameters may only go up, `max` parameters only down."""

    direction: Direction
    value: int
    citation: str
    in_minutes: bool = True

    def describe(self) -> str:
        amount = fmt_duration(self.value) if self.in_minutes else str(self.value)
        word = "minimum" if self.direction == "min" else "maximum"
        return f"the statutory {word} is {amount} ({self.citation})"


STATUTORY_LIMITS: Mapping[str, Limit] = MappingProxyType(
    {
        "reference_weeks": Limit("max", 52, "WTR reg 23(b), by collective agreement", in_minutes=False),
        "max_average_weekly_minutes": Limit("max", 48 * 60, "WTR reg 4"),
        "daily_rest_minutes": Limit("min", 11 * 60, "WTR reg 10"),
        "weekly_rest_minutes": Limit("min", 24 * 60, "WTR reg 11"),
        "break_after_minutes": Limit("max", 6 * 60, "WTR reg 12"),
        "break_minutes": Limit("min", 20, "WTR reg 12"),
        "night_worker_min_night_minutes": Limit("max", 3 * 60, "WTR reg 2"),
        "night_max_average_minutes": Limit("max", 8 * 60, "WTR reg 6"),
        "special_hazards_max_minutes": Limit("max", 8 * 60, "WTR reg 6(7)"),
        "young_max_daily_minutes": Limit("max", 8 * 60, "WTR reg 5A"),
        "young_max_weekly_minutes": Limit("max", 40 * 60, "WTR reg 5A"),
        "young_daily_rest_minutes": Limit("min", 12 * 60, "WTR reg 10(2)"),
        "young_weekly_rest_minutes": Limit("min", 48 * 60, "WTR reg 11(3)"),
        "young_break_after_minutes": Limit("max", 4 * 60 + 30, "WTR reg 12(4)"),
        "young_break_minutes": Limit("min", 30, "WTR reg 12(4)"),
    }
)

# Limits the statute leaves to the pack (POL-4, POL-15): tightened() keeps them from moving the
# looser way; None means the pack does not apply the rule at all.
_PACK_LIMITS: Mapping[str, Direction] = MappingProxyType(
    {"min_rest_days_per_week": "min", "max_consecutive_working_days": "max", "max_consecutive_nights": "max"}
)
# Options the statute allows that loosen a rule when switched on (fortnightly weekly rest, reg 21/22
# exceptions, young workers at night in hospitals): tightened() may only switch them off.
_LOOSENING_OPTIONS = ("weekly_rest_fortnightly", "rest_exceptions", "young_night_work_allowed")
_NIGHT_WINDOWS = (("night_start_minute", "night_end_minute"), ("young_night_start_minute", "young_night_end_minute"))
# WTR-6: night time is a period of at least 7 h including midnight to 05:00. WTR-8: young workers not
# 22:00-06:00 (or 23:00-07:00 by contract), so a young night window must cover at least 23:00-06:00.
_NIGHT_WINDOW_FLOORS: Mapping[str, tuple[int, int, int]] = MappingProxyType(
    {"night_start_minute": (0, 5 * 60, 7 * 60), "young_night_start_minute": (-60, 6 * 60, 8 * 60)}
)
_NOT_LIMITS = ("name", "title", "effective_from", "breaks_are_working_time", "local_average_rule")


def _window(start: int, end: int) -> tuple[int, int]:
    """A daily window as (start, end) minutes with end past 1440 when it crosses midnight."""
    return (start, end + 1440) if end <= start else (start, end)


@dataclass(frozen=True)
class RulePack:
    """The parameters of the working-time rules for one staff group, in force from `effective_from`.

    Durations are integer minutes (RULES.md C-4). Comments cite the rule each number belongs to.
    """

    name: str
    effective_from: date
    title: str = ""
    # WTR-1 / NHS-7: average weekly working time over a rolling reference period.
    reference_weeks: int = 17
    max_average_weekly_minutes: int = 48 * 60
    local_average_rule: str | None = None  # a terms-of-service rule that repeats WTR-1, cited alongside
    # WTR-3 / WTR-4: daily and weekly rest.
    daily_rest_minutes: int = 11 * 60
    weekly_rest_minutes: int = 24 * 60
    weekly_rest_fortnightly: bool = False
    # WTR-7: reg 21/22 exceptions turn rest shortfalls into warnings with compensatory rest owed.
    rest_exceptions: bool = False
    # WTR-5: rest break during a long duty.
    break_after_minutes: int = 6 * 60
    break_minutes: int = 20
    # POL-1: refreshment by tour length, (tour at least this long, refreshment minutes); replaces WTR-5.
    refreshment_tiers: tuple[tuple[int, int], ...] = ()
    # RULES.md § 8: police refreshment breaks are paid and are working time; elsewhere breaks are unpaid.
    breaks_are_working_time: bool = False
    # WTR-6: night time and night work limits.
    night_start_minute: int = 23 * 60
    night_end_minute: int = 6 * 60
    night_worker_min_night_minutes: int = 3 * 60
    night_max_average_minutes: int = 8 * 60
    special_hazards_max_minutes: int = 8 * 60
    # WTR-8: young workers (under 18 on the duty date).
    young_max_daily_minutes: int = 8 * 60
    young_max_weekly_minutes: int = 40 * 60
    young_daily_rest_minutes: int = 12 * 60
    young_weekly_rest_minutes: int = 48 * 60
    young_break_after_minutes: int = 4 * 60 + 30
    young_break_minutes: int = 30
    young_night_start_minute: int = 22 * 60
    young_night_end_minute: int = 6 * 60
    young_night_work_allowed: bool = False
    # POL-4: rest days per 7 days the roster period should average (None: not checked).
    min_rest_days_per_week: int | None = None
    # POL-15 (Scotland): longest runs of working days and of nights (None: not checked).
    max_consecutive_working_days: int | None = None
    max_consecutive_nights: int | None = None

    def __post_init__(self) -> None:
        for name, limit in STATUTORY_LIMITS.items():
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise PackLimitError(name, f"{name} must be a positive whole number, got {value!r}")
            if (limit.direction == "min" and value < limit.value) or (limit.direction == "max" and value > limit.value):
                raise PackLimitError(name, f"{name} cannot be {value}: {limit.describe()}")
        for start_name, end_name in _NIGHT_WINDOWS:
            for name in (start_name, end_name):
                value = getattr(self, name)
                if not isinstance(value, int) or not 0 <= value < 1440:
                    raise PackLimitError(name, f"{name} must be a minute of the day 0..1439, got {value!r}")
            start, end = _window(getattr(self, start_name), getattr(self, end_name))
            must_start, must_end, min_length = _NIGHT_WINDOW_FLOORS[start_name]
            # Compare on a clock where midnight is 1440 so that 23:00-06:00 is (1380, 1800).
            if start < 720:
                start, end = start + 1440, end + 1440
            if end - start < min_length or start > must_start + 1440 or end < must_end + 1440:
                raise PackLimitError(
                    start_name,
                    f"{start_name}/{end_name} must give a window of at least {fmt_duration(min_length)} "
                    f"covering {_hhmm(must_start)}-{_hhmm(must_end)} "
                    f"({'WTR reg 2' if start_name == 'night_start_minute' else 'WTR reg 6A'})",
                )
        previous = 0
        for tier in self.refreshment_tiers:
            if len(tier) != 2 or tier[0] <= previous or tier[1] < 0:
                raise PackLimitError(
                    "refreshment_tiers",
                    "refreshment_tiers must be (tour minutes, break minutes) pairs with increasing tour lengths",
                )
            previous = tier[0]
        for name in _PACK_LIMITS:
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise PackLimitError(name, f"{name} must be a whole number or null, got {value!r}")

    # -- tightening ------------------------------------------------------------------------------

    def tightened(self, **changes: Any) -> RulePack:
        """A copy with stricter limits, e.g. `tightened(daily_rest_minutes=720, weekly_rest_minutes=2100)`.

        Raises PackLimitError naming the parameter and the statutory limit for any change that loosens.
        """
        for name, new in changes.items():
            if name in _NOT_LIMITS or not hasattr(self, name) or name.startswith("_"):
                raise PackLimitError(name, f"{name} is not a limit that can be tightened")
            old = getattr(self, name)
            if new == old:
                continue
            if name in STATUTORY_LIMITS or (name in _PACK_LIMITS and new is not None):
                if not isinstance(new, int) or isinstance(new, bool):
                    raise PackLimitError(name, f"{name} must be a whole number, got {new!r}")
            if name in STATUTORY_LIMITS:
                limit = STATUTORY_LIMITS[name]
                looser = new < old if limit.direction == "min" else new > old
                if looser:
                    raise PackLimitError(
                        name, f"{name} cannot go from {old} to {new}: packs may only be tightened ({limit.describe()})"
                    )
            elif name in _PACK_LIMITS:
                looser = new is None or (old is not None and (new < old if _PACK_LIMITS[name] == "min" else new > old))
                if looser:
                    raise PackLimitError(
                        name,
                        f"{name} cannot go from {old} to {new}: packs may only be tightened "
                        f"(this pack's limit is {old})",
                    )
            elif name in _LOOSENING_OPTIONS:
                if new:
                    raise PackLimitError(name, f"{name} cannot be switched on: it loosens the statutory rule")
            elif name == "refreshment_tiers":
                new = tuple(tuple(t) for t in new)
                lengths = sorted({t[0] for t in new} | {t[0] for t in old})
                if any(_tier_break(new, n) < _tier_break(old, n) for n in lengths):
                    raise PackLimitError(
                        name, "refreshment_tiers cannot give a shorter refreshment than POL-1 for any tour length"
                    )
                changes[name] = new
            elif any(name in pair for pair in _NIGHT_WINDOWS):
                pair = next(p for p in _NIGHT_WINDOWS if name in p)
                values = {n: changes.get(n, getattr(self, n)) for n in pair}
                if not _covers(_window(*values.values()), _window(*(getattr(self, n) for n in pair))):
                    raise PackLimitError(name, f"{name} cannot shrink the night window: packs may only be tightened")
        return dataclasses.replace(self, **changes)

    def refreshment_for(self, tour_minutes: int) -> int:
        """POL-1 refreshment minutes owed for a tour of this length (0 below the first tier)."""
        return _tier_break(self.refreshment_tiers, tour_minutes)

    # -- plain dicts for JSON storage --------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name.startswith("_"):
                continue
            value = getattr(self, f.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif f.name == "refreshment_tiers":
                value = [list(t) for t in value]
            data[f.name] = value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RulePack:
        """Inverse of to_dict; unknown keys and statutory loosening raise PackLimitError naming the key."""
        known = {f.name: f for f in dataclasses.fields(cls) if not f.name.startswith("_")}
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                raise PackLimitError(key, f"{key} is not a rule pack parameter")
            if key == "effective_from":
                try:
                    value = date.fromisoformat(value) if isinstance(value, str) else value
                except ValueError:
                    raise PackLimitError(key, f"effective_from must be a date YYYY-MM-DD, got {value!r}") from None
                if not isinstance(value, date):
                    raise PackLimitError(key, f"effective_from must be a date YYYY-MM-DD, got {value!r}")
            elif key == "refreshment_tiers":
                value = tuple(tuple(int(x) for x in tier) for tier in value)
            kwargs[key] = value
        for required in ("name", "effective_from"):
            if required not in kwargs:
                raise PackLimitError(required, f"{required} is required")
        return cls(**kwargs)

    def with_effective_from(self, day: date) -> RulePack:
        return dataclasses.replace(self, effective_from=day)


def _tier_break(tiers: Iterable[tuple[int, int]], tour_minutes: int) -> int:
    owed = 0
    for at_least, minutes in tiers:
        if tour_minutes >= at_least:
            owed = minutes
    return owed


def _hhmm(minute: int) -> str:
    return f"{minute % 1440 // 60:02d}:{minute % 60:02d}"


def _covers(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    def norm(w: tuple[int, int]) -> tuple[int, int]:
        return (w[0] + 1440, w[1] + 1440) if w[0] < 720 else w

    o, i = norm(outer), norm(inner)
    return o[0] <= i[0] and o[1] >= i[1]


# POL-1: "< 6 h 30 min" in RULES.md reads as "5 h to under 6 h: 30 min"; then 35, 40, 45, 50, 60.
POLICE_REFRESHMENT_TIERS: tuple[tuple[int, int], ...] = (
    (5 * 60, 30),
    (6 * 60, 35),
    (7 * 60, 40),
    (8 * 60, 45),
    (9 * 60, 50),
    (10 * 60, 60),
)
# The Working Time Regulations 1998 came into force on 1 October 1998; later versions append.
WTR_COMMENCEMENT = date(1998, 10, 1)

SHIPPED_PACKS: tuple[RulePack, ...] = (
    RulePack(
        name="police-officer",
        effective_from=WTR_COMMENCEMENT,
        title="Police officers, England & Wales",
        rest_exceptions=True,  # WTR-3/WTR-7: police may fall short under reg 21/22 with compensatory rest
        refreshment_tiers=POLICE_REFRESHMENT_TIERS,  # POL-1 replaces WTR-5
        breaks_are_working_time=True,  # refreshment is paid duty time
        min_rest_days_per_week=2,  # POL-4
    ),
    RulePack(
        name="police-officer-scotland",
        effective_from=WTR_COMMENCEMENT,
        title="Police officers, Scotland",
        rest_exceptions=True,
        refreshment_tiers=POLICE_REFRESHMENT_TIERS,
        breaks_are_working_time=True,
        min_rest_days_per_week=2,
        max_consecutive_working_days=6,  # POL-15
        max_consecutive_nights=4,  # POL-15
    ),
    RulePack(
        name="police-staff",
        effective_from=WTR_COMMENCEMENT,
        title="Police staff, England & Wales",
        rest_exceptions=True,  # police service activities are reg 21 special cases
    ),
    RulePack(
        name="nhs-afc",
        effective_from=WTR_COMMENCEMENT,
        title="NHS Agenda for Change, England",
        local_average_rule="NHS-7",
    ),
    RulePack(
        name="nhs-ambulance",
        effective_from=WTR_COMMENCEMENT,
        title="NHS ambulance, England",
        local_average_rule="NHS-7",
        rest_exceptions=True,  # WTR-3: ambulance services may fall short with compensatory rest
    ),
)


class UnknownPackError(ValueError):
    """No pack of that name, or no version of it in force on the date asked."""


@dataclass(frozen=True)
class Packs:
    """Every version of every rule pack an evaluation may use; `in_force` picks one by date."""

    versions: tuple[RulePack, ...]

    def names(self) -> tuple[str, ...]:
        return tuple(sorted({p.name for p in self.versions}))

    def history(self, name: str) -> tuple[RulePack, ...]:
        found = tuple(sorted((p for p in self.versions if p.name == name), key=lambda p: p.effective_from))
        if not found:
            raise UnknownPackError(f"no rule pack {name!r}; known: {', '.join(self.names())}")
        return found

    def in_force(self, name: str, on: date) -> RulePack:
        current = None
        for pack in self.history(name):
            if pack.effective_from <= on:
                current = pack
        if current is None:
            raise UnknownPackError(f"no version of rule pack {name!r} is in force on {on.isoformat()}")
        return current

    def with_version(self, pack: RulePack) -> Packs:
        """These packs plus `pack` (replacing a version of the same name and effective date)."""
        kept = tuple(p for p in self.versions if (p.name, p.effective_from) != (pack.name, pack.effective_from))
        return Packs(kept + (pack,))

    def to_list(self) -> list[dict[str, Any]]:
        return [p.to_dict() for p in self.versions]

    @classmethod
    def from_list(cls, items: Iterable[Mapping[str, Any]]) -> Packs:
        return cls(tuple(RulePack.from_dict(item) for item in items))


def shipped_packs() -> Packs:
    """The packs Muster ships (RULES.md C-1) plus the optional Scottish police variant (POL-15)."""
    return Packs(SHIPPED_PACKS)
