"""WTR-1 / NHS-7 rolling average weekly working time, and WTR-2 opt-outs that young workers cannot have."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..clock import day_date, fmt_date
from ..context import Context, runs
from ..model import Violation


@dataclass(frozen=True, eq=False)
class Averages:
    """For each person (rows) and period day (columns), the reference window ending that day.

    average = (A + B) / C minutes per week: A worked in the window, B worked on the first N working days
    after it where N is the number of excluded days inside it, C its weeks.
    """

    days: np.ndarray  # day numbers of the period
    worked: np.ndarray  # A, minutes
    made_good: np.ndarray  # B, minutes
    excluded_days: np.ndarray  # N
    weeks: np.ndarray  # C; 0 before the person is employed
    window_start: np.ndarray  # day number of the window's first day
    limit: np.ndarray  # per person, minutes per week

    @property
    def minutes_per_week(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.weeks > 0, (self.worked + self.made_good) / np.maximum(self.weeks, 1), np.nan)


def averages(ctx: Context) -> Averages:
    """WTR-1 (A + B) / C for every person and every day of the period, from cumulative sums on the grid."""
    return ctx.memo("averages", lambda: _averages(ctx))  # type: ignore[no-any-return]


def _cumulative(per_day: np.ndarray) -> np.ndarray:
    """Running totals along each row with a leading zero column: window sums are two lookups.

    32-bit when the totals fit, which halves the memory the force-wide grid touches."""
    fits = per_day.dtype == bool or int(per_day.sum(axis=1, dtype=np.int64).max(initial=0)) < 2**31 - 1
    cum = np.empty((per_day.shape[0], per_day.shape[1] + 1), np.int32 if fits else np.int64)
    cum[:, 0] = 0
    np.cumsum(per_day, axis=1, dtype=cum.dtype, out=cum[:, 1:])
    return cum


def _averages(ctx: Context) -> Averages:
    g = ctx.grid
    c0, c1 = g.column(ctx.first_day), g.column(ctx.last_day)
    cols = np.arange(c0, c1 + 1)
    shape = (ctx.n_people, len(cols))
    length = ctx.param("reference_weeks").astype(np.int64) * 7
    employed = np.clip(ctx.employed_from - g.first_day, 0, None)
    minutes = _cumulative(g.minutes)
    excluded_days = _cumulative(g.excluded)
    if ctx.n_people and (length == length[0]).all() and (employed <= c0 - length[0] + 1).all():
        # The usual case: one reference period for everyone, all employed before the first window
        # opens, so every window is a slice and nothing is gathered cell by cell.
        span = int(length[0])
        worked = minutes[:, c0 + 1 : c1 + 2] - minutes[:, c0 + 1 - span : c1 + 2 - span]
        excluded = excluded_days[:, c0 + 1 : c1 + 2] - excluded_days[:, c0 + 1 - span : c1 + 2 - span]
        weeks = np.broadcast_to(np.int64(span // 7), shape)
        start = np.broadcast_to(cols - span + 1, shape)
    else:
        # A person employed less than the reference period is averaged over the weeks since they
        # started; a started week counts whole so a first long shift is not read as a 70-hour week.
        start = np.maximum(cols[None, :] - length[:, None] + 1, employed[:, None])
        days_in = cols[None, :] - start + 1
        weeks = np.where(days_in > 0, (days_in + 6) // 7, 0)
        start = np.minimum(start, cols[None, :])
        employed_yet = weeks > 0
        worked = np.where(employed_yet, minutes[:, cols + 1] - np.take_along_axis(minutes, start, axis=1), 0)
        excluded = np.where(
            employed_yet, excluded_days[:, cols + 1] - np.take_along_axis(excluded_days, start, axis=1), 0
        )
    # B: number every person's working days in order; the days after the window are the next N ranks.
    working = g.minutes > 0
    rank = np.cumsum(working, axis=1, dtype=np.int32)
    total = rank[:, -1]
    offset = np.r_[0, np.cumsum(total)[:-1]][:, None]
    prefix = np.r_[0, np.cumsum(g.minutes[working], dtype=np.int64)]
    done = rank[:, c0 : c1 + 1]
    upto = np.minimum(done + excluded, total[:, None])
    made_good = prefix[offset + upto] - prefix[offset + done]
    return Averages(
        days=cols + g.first_day,
        worked=worked,
        made_good=made_good,
        excluded_days=excluded,
        weeks=weeks,
        window_start=start + g.first_day,
        limit=ctx.param("max_average_weekly_minutes").astype(np.int64),
    )


def check(ctx: Context) -> list[Violation]:
    return average_weekly(ctx) + young_opt_out(ctx)


def average_weekly(ctx: Context) -> list[Violation]:
    """WTR-1: breach when the rolling average is over 48 h a week and no valid opt-out (WTR-2) is active.

    One violation per run of days over the limit, reported on the day the average peaks.
    """
    if not len(ctx.work):
        return []
    av = averages(ctx)
    young = av.days[None, :] < ctx.adult_from[:, None]
    opted_out = ctx.opt_out[:, None] & ~young  # WTR-2: the opt-out suspends WTR-1 only, never for the young
    over = (av.weeks > 0) & ~opted_out & (av.worked + av.made_good > av.limit[:, None] * av.weeks)
    per_week = av.minutes_per_week
    found = []
    for p, first, last in zip(*runs(over), strict=True):
        p = int(p)
        j = int(first) + int(np.argmax(per_week[p, first : last + 1]))
        day = int(av.days[j])
        pack = ctx.pack_for(p)
        cite = "WTR reg 4" + (f"; {pack.local_average_rule}" if pack.local_average_rule else "")
        weeks = int(av.weeks[p, j])
        message = (
            f"Average working week of {per_week[p, j] / 60:.1f} h over the {weeks} week{'s' if weeks != 1 else ''} "
            f"to {fmt_date(day_date(day))} is over the {av.limit[p] / 60:g} h limit ({cite})"
        )
        if av.excluded_days[p, j]:
            message += (
                f"; {int(av.excluded_days[p, j])} excluded days of leave or sickness made good from the days after"
            )
        if last > first:
            message += (
                f"; over the limit on {int(last - first) + 1} days, {fmt_date(day_date(int(av.days[first])))} to "
                f"{fmt_date(day_date(int(av.days[last])))}"
            )
        found.append(
            Violation(
                rule="WTR-1",
                severity="breach",
                person=ctx.person_id(p),
                start=ctx.midnight(int(av.window_start[p, j])),
                end=ctx.midnight(day + 1),
                measured=round(float(per_week[p, j]) / 60, 2),
                limit=float(av.limit[p]) / 60,
                unit="hours per week",
                message=message + ".",
            )
        )
    return found


def young_opt_out(ctx: Context) -> list[Violation]:
    """WTR-2: an opt-out is not valid for a young worker; it is ignored and reported."""
    found = []
    for p in np.flatnonzero(ctx.opt_out & (ctx.adult_from > ctx.first_day)):
        p = int(p)
        person = ctx.tl.people[p]
        assert person.birth_date is not None
        first = max(ctx.first_day, int(ctx.employed_from[p]))
        last = min(ctx.last_day, int(ctx.adult_from[p]) - 1)
        if last < first:
            continue
        on = day_date(first)
        adult_from = int(ctx.adult_from[p])
        born = person.birth_date
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        message = (
            f"The WTR opt-out of {person.id} is not valid: they are {age} on {fmt_date(on)} and young workers cannot "
            f"opt out of the 48-hour week (WTR reg 5), so it is ignored until {fmt_date(day_date(adult_from))}."
        )
        found.append(
            Violation(
                rule="WTR-2",
                severity="breach",
                person=person.id,
                start=ctx.midnight(first),
                end=ctx.midnight(last + 1),
                measured=float(age),
                limit=18.0,
                unit="years of age",
                message=message,
            )
        )
    return found
