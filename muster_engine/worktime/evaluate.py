"""Entry points: `evaluate` (every rule, everyone at once), `average_weekly_hours` (the WTR-1 chart) and
`check_person` (one person's "what would this change break?")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from .clock import LocalClock, day_date, day_number
from .context import Context
from .model import Abstraction, Duty, Period, Person, RestDay, Violation
from .packs import Packs, RulePack, shipped_packs
from .rules import ALL_RULES
from .rules.average_hours import averages
from .timelines import Timelines

# Days of clock table beyond the reference window either side of the period.
_CLOCK_MARGIN_DAYS = 40


def _segments(timelines: Timelines, packs: Packs | RulePack, period: Period) -> list[tuple[Period, Context]]:
    """Split the period where any pack in use changes version, so each part is judged by the numbers in
    force then; rolling windows in a part still look back into the part before."""
    if isinstance(packs, RulePack):
        names: list[str] = [packs.name]
        pack_of_person = np.zeros(len(timelines.people), np.int64)
        versions = Packs((packs,))
    else:
        wanted = []
        for person in timelines.people:
            name = person.pack or timelines.default_pack
            if name is None:
                raise ValueError(f"person {person.id!r} has no rule pack and no default pack was given")
            wanted.append(name)
        names = sorted(set(wanted))
        position = {name: i for i, name in enumerate(names)}
        pack_of_person = np.array([position[n] for n in wanted], dtype=np.int64)
        versions = packs
    cuts = sorted(
        {p.effective_from for name in names for p in versions.history(name)}
        & {period.start + timedelta(days=i) for i in range(1, (period.end - period.start).days + 1)}
    )
    bounds = [period.start, *cuts, period.end + timedelta(days=1)]
    max_weeks = max(p.reference_weeks for name in names for p in versions.history(name)) if names else 17
    clock = LocalClock.build(
        day_number(period.start) - max_weeks * 7 - _CLOCK_MARGIN_DAYS,
        day_number(period.end) + max_weeks * 7 + _CLOCK_MARGIN_DAYS,
    )
    parts = []
    for start, stop in zip(bounds[:-1], bounds[1:], strict=True):
        part = Period(start, stop - timedelta(days=1))
        in_force = tuple(versions.in_force(name, start) for name in names)
        parts.append((part, Context(timelines, in_force, pack_of_person, part, clock)))
    return parts


def evaluate(timelines: Timelines, packs: Packs | RulePack, period: Period) -> list[Violation]:
    """Every violation in `period` (local dates, inclusive) for everyone in `timelines`.

    Each person is judged by their pack (`Person.pack`, else `timelines.default_pack`) in the version in
    force on each date; a single RulePack judges everyone by it. Duties before the period are history for
    the rolling windows; violations are reported for windows and instants that fall in the period.
    """
    found: list[Violation] = []
    for _, ctx in _segments(timelines, packs, period):
        for rule in ALL_RULES:
            found.extend(rule(ctx))
    found.sort(key=lambda v: (v.person, v.start, v.end, v.rule, v.message))
    return found


@dataclass(frozen=True, eq=False)
class WeeklyAverages:
    """WTR-1 rolling average per person (rows) and period day (columns), in hours per week.

    NaN before a person is employed. Reported for opted-out people too (WTR-2: as information).
    """

    person_ids: tuple[str, ...]
    days: tuple[date, ...]
    hours: np.ndarray
    limit_hours: np.ndarray
    opted_out: np.ndarray

    def series(self, person_id: str) -> list[tuple[date, float]]:
        row = self.hours[self.person_ids.index(person_id)]
        return [(d, float(h)) for d, h in zip(self.days, row, strict=True)]


def average_weekly_hours(timelines: Timelines, packs: Packs | RulePack, period: Period) -> WeeklyAverages:
    """The (A + B) / C average of WTR-1 for each person and day of the period, to chart against 48 h."""
    rows, limits, days = [], [], []
    for _, ctx in _segments(timelines, packs, period):
        av = averages(ctx)
        rows.append(av.minutes_per_week / 60)
        limits.append(av.limit / 60)
        days.extend(day_date(int(d)) for d in av.days)
    return WeeklyAverages(
        person_ids=timelines.person_ids,
        days=tuple(days),
        hours=np.concatenate(rows, axis=1),
        limit_hours=limits[-1],
        opted_out=timelines.flags("wtr_opt_out"),
    )


def check_person(
    person: Person,
    duties: Sequence[Duty],
    period: Period,
    *,
    rest_days: Iterable[RestDay] = (),
    abstractions: Iterable[Abstraction] = (),
    packs: Packs | RulePack | None = None,
    default_pack: str | None = None,
) -> list[Violation]:
    """One person's violations in `period`: pass their duties over the reference window before it too.

    The fast path for "what would this change break?" (a 17-week check takes about a millisecond).
    """
    timelines = Timelines.from_records([person], duties, rest_days, abstractions, default_pack=default_pack)
    return evaluate(timelines, shipped_packs() if packs is None else packs, period)
