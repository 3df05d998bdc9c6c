"""Europe/London wall clock for the engine: UTC minutes since the epoch <-> local time, vectorised.

The engine keeps every instant as an int64 count of UTC minutes since 1970-01-01 (RULES.md C-4) and
every local date as an int day number since 1970-01-01. Local wall time only matters at the edges:
weeks start at Monday 00:00 local (C-2), night time is 23:00-06:00 local (WTR-6) and messages show
Europe/London. Around a clock change those local boundaries are 23 or 25 hours apart, so they are
always converted through the offset table below rather than by adding 1,440 minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

LONDON = ZoneInfo("Europe/London")
EPOCH_DATE = date(1970, 1, 1)
MINUTES_PER_DAY = 1440
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
# 1970-01-01 was a Thursday: day number + 3 is 0 on Mondays.
_MONDAY_SHIFT = 3


def to_minutes(instant: datetime) -> int:
    """UTC minutes since the epoch of an aware datetime (seconds are dropped, duties are whole minutes)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"instant {instant.isoformat()} has no UTC offset")
    return int(instant.timestamp() // 60)


def from_minutes(minutes: int) -> datetime:
    """The Europe/London datetime of a UTC minute count."""
    return datetime.fromtimestamp(int(minutes) * 60, LONDON)


def day_number(day: date) -> int:
    return (day - EPOCH_DATE).days


def day_date(number: int) -> date:
    return EPOCH_DATE + timedelta(days=int(number))


def london(text: str) -> datetime:
    """Parse a local wall time "YYYY-MM-DD HH:MM" as Europe/London (the earlier instant when ambiguous)."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def monday_on_or_before(days: np.ndarray | int) -> np.ndarray | int:
    """Day number of the Monday starting the week that holds each day number."""
    return days - (days + _MONDAY_SHIFT) % 7


@dataclass(frozen=True)
class LocalClock:
    """Offset table of a time zone over a span of days: transition instants and the offset from each.

    Built once per evaluation by probing the zone weekly and bisecting to the minute where the offset
    changes, so any zone works and nothing is hard-coded about the last Sunday of March or October.
    """

    transitions: np.ndarray  # int64 UTC minutes; transitions[0] is a sentinel far in the past
    offsets: np.ndarray  # int64 minutes east of UTC in force from transitions[i]

    @classmethod
    def build(cls, first_day: int, last_day: int, tz: ZoneInfo = LONDON) -> LocalClock:
        def offset_at(minute: int) -> int:
            moment = datetime.fromtimestamp(minute * 60, UTC).astimezone(tz)
            return int(moment.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]

        lo = (int(first_day) - 8) * MINUTES_PER_DAY
        hi = (int(last_day) + 8) * MINUTES_PER_DAY
        probes = list(range(lo, hi + MINUTES_PER_WEEK, MINUTES_PER_WEEK))
        values = [offset_at(m) for m in probes]
        transitions = [np.iinfo(np.int64).min // 4]
        offsets = [values[0]]
        for i in range(1, len(probes)):
            if values[i] == values[i - 1]:
                continue
            a, b = probes[i - 1], probes[i]  # offset(a) is the old one, offset(b) the new one
            while b - a > 1:
                mid = (a + b) // 2
                if offset_at(mid) == values[i - 1]:
                    a = mid
                else:
                    b = mid
            transitions.append(b)
            offsets.append(values[i])
        return cls(np.asarray(transitions, dtype=np.int64), np.asarray(offsets, dtype=np.int64))

    def offset(self, utc: np.ndarray) -> np.ndarray:
        if len(self.transitions) == 1:
            return np.full(np.shape(utc), self.offsets[0], dtype=np.int64)
        return self.offsets[np.searchsorted(self.transitions, utc, side="right") - 1]

    def to_local(self, utc: np.ndarray) -> np.ndarray:
        return utc + self.offset(utc)

    def local_day(self, utc: np.ndarray) -> np.ndarray:
        return self.to_local(utc) // MINUTES_PER_DAY

    def to_utc(self, local: np.ndarray) -> np.ndarray:
        """UTC minute of local wall-clock minutes, like Python's fold=0.

        An ambiguous time (the repeated hour in October) gives the earlier instant; a time that does
        not exist (the skipped hour in March) is read with the offset before the change.
        """
        local = np.asarray(local, dtype=np.int64)
        before = self.offset(local - MINUTES_PER_DAY)
        after = self.offset(local + MINUTES_PER_DAY)
        first = local - before
        second = local - after
        first_ok = self.offset(first) == before
        second_ok = self.offset(second) == after
        return np.where(first_ok, first, np.where(second_ok, second, first))

    def midnight(self, days: np.ndarray) -> np.ndarray:
        """UTC minute of local 00:00 on each day number."""
        return self.to_utc(np.asarray(days, dtype=np.int64) * MINUTES_PER_DAY)


# -- formatting for planner messages ---------------------------------------------------------------


def fmt_duration(minutes: int | float) -> str:
    """9 h 30 min, 11 h, 45 min."""
    total = int(round(minutes))
    sign = "-" if total < 0 else ""
    hours, mins = divmod(abs(total), 60)
    if hours and mins:
        return f"{sign}{hours} h {mins} min"
    if hours:
        return f"{sign}{hours} h"
    return f"{sign}{mins} min"


def fmt_hours(minutes: int | float) -> str:
    """Hours with one decimal place, e.g. 52.3 h."""
    return f"{minutes / 60:.1f} h"


def fmt_instant(moment: datetime) -> str:
    """Sat 28 Mar 07:00 (Europe/London)."""
    local = moment.astimezone(LONDON)
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M}"


def fmt_time(moment: datetime) -> str:
    return f"{moment.astimezone(LONDON):%H:%M}"


def fmt_date(day: date) -> str:
    """Sun 3 May 2026."""
    return f"{day:%a} {day.day} {day:%b} {day.year}"
