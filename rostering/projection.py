"""The base roster: a shift pattern projected onto dates, and duty instants built from local wall times.

Pure functions over plain values (no queries), so projection is testable across DST, leap years and
offsets in microseconds, and the pattern editor, materialisation and the grid all agree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from common.calendar import local_instant

REST = ""  # a pattern day without a shift type


@dataclass(frozen=True)
class ShiftTimes:
    """What projection needs of a shift type: wall-clock start and end (end ≤ start: the next day)."""

    code: str
    start: dt.time
    end: dt.time
    break_minutes: int = 0
    break_paid: bool = False
    counts_as_night: bool = False

    @property
    def wall_minutes(self) -> int:
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        return (end - start) % 1440 or 1440

    @property
    def paid_wall_minutes(self) -> int:
        return self.wall_minutes - (0 if self.break_paid else self.break_minutes)


def cycle_index(day: dt.date, anchor_date: dt.date, offset_days: int, cycle_days: int) -> int:
    """Which day of the cycle a team works on `day`: day 0 falls on the anchor date, moved on by the offset.

    Date arithmetic is on calendar dates (ordinal days), so leap days and clock changes cannot shift it."""
    return ((day - anchor_date).days + offset_days) % cycle_days


def code_on(days: Sequence[str], day: dt.date, anchor_date: dt.date, offset_days: int = 0) -> str:
    """The shift-type code (or REST) a pattern gives on a date."""
    return days[cycle_index(day, anchor_date, offset_days, len(days))] or REST


def duty_instants(day: dt.date, start: dt.time, end: dt.time) -> tuple[dt.datetime, dt.datetime]:
    """Aware start and end of a duty starting on local `day`; an end at or before the start is the next day.

    Each end is built from its own local date and wall time, so a 22:00–07:00 night is 8 h over the spring
    change and 10 h over the autumn one."""
    end_day = day + dt.timedelta(days=1) if end <= start else day
    return local_instant(day, start), local_instant(end_day, end)


def project(days: Sequence[str], anchor_date: dt.date, offset_days: int, start: dt.date,
            end: dt.date) -> list[tuple[dt.date, str]]:
    """(date, code) for every date from start to end inclusive."""
    out = []
    current = start
    while current <= end:
        out.append((current, code_on(days, current, anchor_date, offset_days)))
        current += dt.timedelta(days=1)
    return out


def parse_cycle(rows: Sequence[str] | None = None, *, repeat_block: str | None = None,
                repeat_days: int | None = None) -> list[str]:
    """Library cycle text ("E10 L10 RD ..." per week, or a block repeated over N days) as a list of codes."""
    def codes(text: str) -> list[str]:
        return [REST if token.upper() in {"RD", "-", "R"} else token for token in text.split()]

    if repeat_block is not None:
        block = codes(repeat_block)
        count = repeat_days or len(block)
        return [block[i % len(block)] for i in range(count)]
    days: list[str] = []
    for row in rows or []:
        week = codes(row)
        if len(week) != 7:
            raise ValueError(f"a week must have 7 days, got {len(week)}: {row!r}")
        days.extend(week)
    return days


@dataclass(frozen=True)
class PatternSummary:
    """What the pattern editor shows while editing (per person following the pattern)."""

    hours_per_week: float
    shifts_per_cycle: int
    rest_days_per_week: float
    nights_per_cycle: int
    weekends_worked: int
    weekends_in_cycle: int
    coverage: tuple[float, ...]  # people on duty per hour of the week (168, Monday 00:00 first)
    teams: int

    @property
    def coverage_min(self) -> float:
        return min(self.coverage) if self.coverage else 0.0

    @property
    def coverage_max(self) -> float:
        return max(self.coverage) if self.coverage else 0.0


def summarise(days: Sequence[str], shift_types: dict[str, ShiftTimes], teams: int) -> PatternSummary:
    """Hours per week averaged over the cycle, nights and weekends per person, and the coverage curve when
    `teams` teams follow it k × (cycle ÷ teams) days apart (wall-clock hours: the curve is a design view)."""
    cycle = len(days)
    weeks = max(cycle // 7, 1)
    paid = 0
    nights = 0
    shifts = 0
    weekends_worked = 0
    for w in range(weeks):
        if any(days[w * 7 + d] for d in (5, 6)):
            weekends_worked += 1
    for code in days:
        if not code:
            continue
        st = shift_types.get(code)
        if st is None:
            continue
        shifts += 1
        paid += st.paid_wall_minutes
        nights += 1 if st.counts_as_night else 0
    coverage = [0.0] * 168
    teams = max(teams, 1)
    for k in range(teams):
        offset = (k * cycle // teams) % cycle
        for position, code in enumerate(days):
            st = shift_types.get(code) if code else None
            if st is None:
                continue
            # The team is on pattern day `position` on weekday (position − offset) mod 7 (cycles start Monday).
            weekday = (position - offset) % 7
            first = weekday * 24 * 60 + st.start.hour * 60 + st.start.minute
            for minute in range(first, first + st.wall_minutes, 60):
                coverage[(minute // 60) % 168] += 1
    coverage = [round(c / weeks, 2) for c in coverage]
    return PatternSummary(
        hours_per_week=round(paid / 60 / weeks, 2),
        shifts_per_cycle=shifts,
        rest_days_per_week=round((cycle - shifts) / weeks, 2),
        nights_per_cycle=nights,
        weekends_worked=weekends_worked,
        weekends_in_cycle=weeks,
        coverage=tuple(coverage),
        teams=teams,
    )
