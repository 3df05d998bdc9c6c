"""POL-4 rest days per week (police), POL-15 consecutive working days and nights (police, Scotland)."""

from __future__ import annotations

import numpy as np

from ..clock import day_date, fmt_date
from ..context import Context, runs
from ..model import Violation


def check(ctx: Context) -> list[Violation]:
    return rest_day_average(ctx) + consecutive(ctx)


def rest_day_average(ctx: Context) -> list[Violation]:
    """POL-4: two rest days a week so far as exigencies permit: a warning when the period averages fewer.

    Counted over the rostered days of the period: days on which a spell of work starts or that are rostered
    rest days. A rest day counts when no spell of work starts on it; leave and unrostered days count for
    neither side.
    """
    need = ctx.param("min_rest_days_per_week").astype(np.int64)
    if not (need > 0).any():
        return []
    g = ctx.grid
    cols = slice(g.column(ctx.first_day), g.column(ctx.last_day) + 1)
    days = np.arange(ctx.first_day, ctx.last_day + 1)
    employed = days[None, :] >= ctx.employed_from[:, None]
    worked = _turns_in(ctx)[:, cols]
    rostered_rest = g.rest[:, cols]
    rest_days = (rostered_rest & ~worked & employed).sum(axis=1)
    counted = ((rostered_rest | worked) & employed).sum(axis=1)
    found = []
    for p in np.flatnonzero((need > 0) & (counted >= 7) & (rest_days * 7 < need * counted)):
        p = int(p)
        per_week = float(rest_days[p]) * 7 / float(counted[p])
        message = (
            f"{int(rest_days[p])} rest day{'' if rest_days[p] == 1 else 's'} in {int(counted[p])} rostered days "
            f"from {fmt_date(ctx.period.start)} to "
            f"{fmt_date(ctx.period.end)} averages {per_week:.2f} a week; Police Regulations give {int(need[p])} "
            f"rest days a week so far as exigencies permit (POL-4)."
        )
        found.append(
            Violation(
                rule="POL-4",
                severity="warning",
                person=ctx.person_id(p),
                start=ctx.midnight(ctx.first_day),
                end=ctx.midnight(ctx.last_day + 1),
                measured=round(per_week, 2),
                limit=float(need[p]),
                unit="rest days per 7 days",
                message=message,
            )
        )
    return found


def _turns_in(ctx: Context) -> np.ndarray:
    """(people, grid days) bool: a spell of work starts that day. Overtime running on from a tour that began
    the day before does not make a working day of a rest day (a night ending 07:00 plus 30 minutes)."""
    w = ctx.work
    g = ctx.grid
    fresh = np.r_[True, (w.person[1:] != w.person[:-1]) | (w.start[1:] > w.block_end[:-1])]
    sel = fresh & (w.day >= g.first_day) & (w.day < g.first_day + g.days)
    flat = w.person[sel] * g.days + (w.day[sel] - g.first_day)
    return np.bincount(flat, minlength=ctx.n_people * g.days).reshape(ctx.n_people, g.days) > 0


def consecutive(ctx: Context) -> list[Violation]:
    """POL-15: at most 6 consecutive working days and 4 consecutive nights (pack limits; -1 = none).

    A night is a duty with at least 3 h of night time (the WTR-6 night-worker test), dated by its start.
    """
    most_days = ctx.param("max_consecutive_working_days").astype(np.int64)
    most_nights = ctx.param("max_consecutive_nights").astype(np.int64)
    if not len(ctx.work) or not ((most_days >= 0) | (most_nights >= 0)).any():
        return []
    g = ctx.grid
    w = ctx.work
    found = []
    if (most_days >= 0).any():
        found += _runs_over(ctx, _turns_in(ctx), most_days, "working days", "consecutive working days")
    if (most_nights >= 0).any():
        threshold = ctx.param("night_worker_min_night_minutes")[w.person]
        sel = (ctx.night >= threshold) & (w.day >= g.first_day) & (w.day < g.first_day + g.days)
        flat = w.person[sel] * g.days + (w.day[sel] - g.first_day)
        nights = np.bincount(flat, minlength=ctx.n_people * g.days).reshape(ctx.n_people, g.days) > 0
        found += _runs_over(ctx, nights, most_nights, "nights", "consecutive nights")
    return found


def _runs_over(ctx: Context, mask: np.ndarray, limit: np.ndarray, unit: str, what: str) -> list[Violation]:
    g = ctx.grid
    first, last = g.column(ctx.first_day), g.column(ctx.last_day)
    found = []
    for p, start, end in zip(*runs(mask & (limit >= 0)[:, None]), strict=True):
        p, start, end = int(p), int(start), int(end)
        lim = int(limit[p])
        # Report the run when a day beyond the limit falls in the period.
        if end - start + 1 <= lim or start + lim > last or end < first:
            continue
        length = end - start + 1
        from_day, to_day = g.first_day + start, g.first_day + end
        found.append(
            Violation(
                rule="POL-15",
                severity="breach",
                person=ctx.person_id(p),
                start=ctx.midnight(from_day),
                end=ctx.midnight(to_day + 1),
                measured=float(length),
                limit=float(lim),
                unit=unit,
                message=(
                    f"{length} {unit} in a row, {fmt_date(day_date(from_day))} to {fmt_date(day_date(to_day))}; "
                    f"Police Scotland rosters allow at most {lim} {what} (POL-15)."
                ),
            )
        )
    return found
