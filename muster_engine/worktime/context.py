"""What every rule of one evaluation shares: per-person pack parameters, working duties, the day grid.

Each array is computed once, lazily, over all people at once. A `Context` covers one run of the rules
with one set of pack versions (evaluate.py splits a period where a pack changes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

import numpy as np

from .clock import MINUTES_PER_DAY, LocalClock, day_number, from_minutes
from .model import KIND_ON_CALL_AWAY, Period
from .packs import RulePack
from .timelines import Timelines

# Added to per-person keys so one cumulative max or sort runs over everyone without mixing people.
PERSON_STRIDE = np.int64(1) << np.int64(36)


@dataclass(frozen=True, eq=False)
class WorkingDuties:
    """The duties that are working time (all kinds but on-call away), sorted by (person, start)."""

    person: np.ndarray
    start: np.ndarray
    end: np.ndarray
    breaks: np.ndarray
    minutes: np.ndarray  # working minutes: length, less unpaid breaks
    day: np.ndarray  # local date (day number) the duty starts: its "date"
    young: np.ndarray  # under 18 on the duty date (WTR-8)
    block_end: np.ndarray  # latest end so far for this person, so overlaps never count as rest

    def __len__(self) -> int:
        return len(self.person)


@dataclass(frozen=True, eq=False)
class DayGrid:
    """Per person and local day: working minutes of duties starting that day, and day flags."""

    first_day: int
    minutes: np.ndarray  # (people, days) int32
    excluded: np.ndarray  # (people, days) bool: WTR-1 excluded day (leave, sickness, parental...)
    rest: np.ndarray  # (people, days) bool: rostered rest day

    @property
    def days(self) -> int:
        return self.minutes.shape[1]

    def column(self, day: int) -> int:
        return int(day) - self.first_day


class Context:
    """Shared, lazily computed arrays for the rules over `period` with one pack per person."""

    def __init__(
        self,
        timelines: Timelines,
        packs: tuple[RulePack, ...],
        pack_of_person: np.ndarray,
        period: Period,
        clock: LocalClock,
    ) -> None:
        self.tl = timelines
        self.packs = packs
        self.pack_of_person = pack_of_person
        self.period = period
        self.first_day = day_number(period.start)
        self.last_day = day_number(period.end)
        self.clock = clock
        self.n_people = len(timelines.people)
        self.max_window_days = max(p.reference_weeks for p in packs) * 7 if packs else 119
        self._params: dict[str, np.ndarray] = {}
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute once per context what several rules share (e.g. the rolling window sums)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    # -- parameters and person facts ---------------------------------------------------------------

    def param(self, name: str) -> np.ndarray:
        """A pack parameter per person (None becomes -1 for the optional limits)."""
        if name not in self._params:
            values: list[Any] = [getattr(p, name) for p in self.packs]
            values = [-1 if v is None else v for v in values]
            self._params[name] = np.asarray(values)[self.pack_of_person]
        return self._params[name]

    def pack_for(self, person: int) -> RulePack:
        return self.packs[int(self.pack_of_person[person])]

    def person_id(self, person: int) -> str:
        return self.tl.people[int(person)].id

    @cached_property
    def adult_from(self) -> np.ndarray:
        return self.tl.adult_from_day()

    @cached_property
    def employed_from(self) -> np.ndarray:
        return self.tl.employed_from_day()

    @cached_property
    def opt_out(self) -> np.ndarray:
        return self.tl.flags("wtr_opt_out")

    @cached_property
    def special_hazards(self) -> np.ndarray:
        return self.tl.flags("special_hazards")

    # -- working duties ----------------------------------------------------------------------------

    @cached_property
    def work(self) -> WorkingDuties:
        tl = self.tl
        # Only duties that can matter: the period, the longest reference window before it and a margin
        # after it for the next rest gap and for the days that make good excluded days (WTR-1 "B").
        lo = (self.first_day - self.max_window_days - 14) * MINUTES_PER_DAY
        hi = (self.last_day + self.max_window_days + 14) * MINUTES_PER_DAY
        keep = (tl.duty_kind != KIND_ON_CALL_AWAY) & (tl.duty_end > lo) & (tl.duty_start < hi)
        if keep.all():
            person, start, end, breaks = tl.duty_person, tl.duty_start, tl.duty_end, tl.duty_break
        else:
            person, start, end, breaks = (
                tl.duty_person[keep],
                tl.duty_start[keep],
                tl.duty_end[keep],
                tl.duty_break[keep],
            )
        paid = self.param("breaks_are_working_time")[person].astype(bool)
        # C-4: length is end instant - start instant, so a night over a clock change is 8 h or 10 h.
        minutes = np.maximum(end - start - np.where(paid, 0, breaks), 0)
        day = self.clock.local_day(start)
        young = day < self.adult_from[person]
        block_end = np.maximum.accumulate(end + person * PERSON_STRIDE) - person * PERSON_STRIDE
        return WorkingDuties(person, start, end, breaks, minutes, day, young, block_end)

    def in_period(self, days: np.ndarray) -> np.ndarray:
        return (days >= self.first_day) & (days <= self.last_day)

    def night_minutes(self, start_param: str, end_param: str, subset: np.ndarray | None = None) -> np.ndarray:
        """Minutes of each working duty inside the pack's nightly window (local wall clock).

        Each night's window is converted to UTC on its own, so 23:00-06:00 is 6 h on the spring night
        and 8 h on the autumn night, as the worker lives it.
        """
        w = self.work
        person, start, end, day = w.person, w.start, w.end, w.day
        if subset is not None:
            person, start, end, day = person[subset], start[subset], end[subset], day[subset]
        total = np.zeros(len(person), np.int64)
        if not len(person):
            return total
        first = day - 1  # last night's window may still be open when the duty starts
        span = int(((end - start) // MINUTES_PER_DAY).max()) + 2
        lo_day = int(first.min())
        days = np.arange(lo_day, int(first.max()) + span + 1, dtype=np.int64)
        windows = [(getattr(p, start_param), getattr(p, end_param)) for p in self.packs]
        distinct = sorted(set(windows))
        window_of_person = np.array([distinct.index(w) for w in windows], dtype=np.int64)[self.pack_of_person]
        for k, (opens, closes) in enumerate(distinct):
            if closes <= opens:
                closes += MINUTES_PER_DAY
            open_utc = self.clock.to_utc(days * MINUTES_PER_DAY + opens)
            close_utc = self.clock.to_utc(days * MINUTES_PER_DAY + closes)
            whole = len(distinct) == 1
            sel = slice(None) if whole else window_of_person[person] == k
            s, e, f = start[sel], end[sel], first[sel]
            acc = np.zeros(len(s), np.int64)
            for j in range(span + 1):
                col = f + j - lo_day
                acc += np.maximum(np.minimum(e, close_utc[col]) - np.maximum(s, open_utc[col]), 0)
            total[sel] = acc
        return total

    @cached_property
    def night(self) -> np.ndarray:
        """WTR-6 night minutes per working duty."""
        return self.night_minutes("night_start_minute", "night_end_minute")

    @cached_property
    def night_worker(self) -> np.ndarray:
        """WTR-6: the person flag, or derived: at least 3 h of night time on most days worked."""
        w = self.work
        lo = self.first_day - self.max_window_days + 1
        sel = (w.day >= lo) & (w.day <= self.last_day)
        threshold = self.param("night_worker_min_night_minutes")[w.person]
        nights = np.bincount(w.person[sel & (self.night >= threshold)], minlength=self.n_people)
        worked = self.grid.minutes[:, self.grid.column(lo) : self.grid.column(self.last_day) + 1] > 0
        days_worked = worked.sum(axis=1)
        return self.tl.flags("night_worker") | (2 * nights > days_worked)

    # -- day grid ----------------------------------------------------------------------------------

    @cached_property
    def grid(self) -> DayGrid:
        w = self.work
        first = self.first_day - self.max_window_days - 7
        last_work = int(w.day.max()) if len(w) else self.last_day
        last = max(self.last_day, min(last_work, self.last_day + self.max_window_days + 14))
        n_days = last - first + 1
        sel = (w.day >= first) & (w.day <= last)
        flat = w.person[sel] * n_days + (w.day[sel] - first)
        minutes = np.bincount(flat, weights=w.minutes[sel], minlength=self.n_people * n_days)
        minutes = minutes.astype(np.int32).reshape(self.n_people, n_days)
        tl = self.tl
        ex = tl.abs_excluded
        excluded = self._cover(tl.abs_person[ex], tl.abs_start_day[ex], tl.abs_end_day[ex], first, n_days)
        rest = self._cover(tl.rest_person, tl.rest_day, tl.rest_day, first, n_days)
        # A rostered rest day inside a spell of leave or sickness is not an excluded day: the person would
        # not have worked it, so making it good from the days after would overstate the average.
        return DayGrid(first, minutes, excluded & ~rest, rest)

    def _cover(self, person: np.ndarray, start: np.ndarray, end: np.ndarray, first: int, n_days: int) -> np.ndarray:
        """(people, days) bool: days covered by any of the inclusive day ranges."""
        s = np.clip(start - first, 0, n_days)
        e = np.clip(end - first + 1, 0, n_days)
        keep = e > s
        width = n_days + 1
        diff = np.bincount(person[keep] * width + s[keep], minlength=self.n_people * width)
        diff -= np.bincount(person[keep] * width + e[keep], minlength=self.n_people * width)
        return np.cumsum(diff.reshape(self.n_people, width), axis=1)[:, :n_days] > 0

    # -- helpers for building violations -------------------------------------------------------------

    def instant(self, utc_minute: int) -> datetime:
        return from_minutes(int(utc_minute))

    def midnight(self, day: int) -> datetime:
        """Local 00:00 of a day number, as an aware Europe/London datetime."""
        return from_minutes(int(self.clock.midnight(np.array([day], dtype=np.int64))[0]))

    def rest_severity(self, person: int, young: bool) -> tuple[str, bool]:
        """WTR-7: a rest shortfall is a warning with compensatory rest where the pack allows reg 21/22
        exceptions; young workers' rest has no such exception."""
        allowed = bool(self.param("rest_exceptions")[person]) and not young
        return ("warning" if allowed else "breach"), allowed


def runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs of True along each row of a 2-D bool array: (row, first column, last column)."""
    rows, cols = mask.shape
    if not mask.any():
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    padded = np.zeros((rows, cols + 2), np.int8)
    padded[:, 1:-1] = mask
    edges = np.diff(padded.ravel())
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1) - 1
    width = cols + 2
    return starts // width, starts % width, ends % width
