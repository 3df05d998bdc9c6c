"""WTR-6 night work: night workers average at most 8 h per 24 h; with special hazards, 8 h in any 24 h."""

from __future__ import annotations

import numpy as np

from ..clock import MINUTES_PER_DAY, day_date, fmt_date, fmt_duration, fmt_instant
from ..context import PERSON_STRIDE, Context, runs
from ..model import Violation
from .average_hours import averages


def check(ctx: Context) -> list[Violation]:
    if not len(ctx.work):
        return []
    return night_average(ctx) + special_hazards(ctx)


def night_average(ctx: Context) -> list[Violation]:
    """WTR-6: a night worker's working time over the reference window, divided by its days less one weekly
    rest day per 7, is at most 8 h. Cannot be opted out of."""
    av = averages(ctx)
    limit = ctx.param("night_max_average_minutes").astype(np.int64)
    days = 6 * av.weeks  # 7 days a week less the weekly rest day
    over = ctx.night_worker[:, None] & (days > 0) & (av.worked > limit[:, None] * days)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_day = np.where(days > 0, av.worked / np.maximum(days, 1), 0.0)
    found = []
    for p, first, last in zip(*runs(over), strict=True):
        p = int(p)
        j = int(first) + int(np.argmax(per_day[p, first : last + 1]))
        day = int(av.days[j])
        weeks = int(av.weeks[p, j])
        message = (
            f"As a night worker {ctx.person_id(p)} averages {per_day[p, j] / 60:.1f} h per 24 h over the {weeks} "
            f"week{'s' if weeks != 1 else ''} to {fmt_date(day_date(day))} ({fmt_duration(int(av.worked[p, j]))} "
            f"over {int(days[p, j])} days after weekly rest); the limit is {fmt_duration(int(limit[p]))} (WTR reg 6)"
        )
        if last > first:
            message += (
                f"; over it on {int(last - first) + 1} days, {fmt_date(day_date(int(av.days[first])))} to "
                f"{fmt_date(day_date(int(av.days[last])))}"
            )
        found.append(
            Violation(
                rule="WTR-6",
                severity="breach",
                person=ctx.person_id(p),
                start=ctx.midnight(int(av.window_start[p, j])),
                end=ctx.midnight(day + 1),
                measured=round(float(per_day[p, j]) / 60, 2),
                limit=float(limit[p]) / 60,
                unit="hours per 24 hours",
                message=message + ".",
            )
        )
    return found


def special_hazards(ctx: Context) -> list[Violation]:
    """WTR-6: a night worker whose work involves special hazards works at most 8 h in any 24 h in which they
    do night work. The busiest 24 h of a run of duties starts with one of them, so each duty start opens a
    window."""
    w = ctx.work
    idx = np.flatnonzero((ctx.special_hazards & ctx.night_worker)[w.person])
    if not idx.size:
        return []
    person, start, end, minutes = w.person[idx], w.start[idx], w.end[idx], w.minutes[idx]
    night = ctx.night[idx]
    keyed = start + person * PERSON_STRIDE
    close = start + MINUTES_PER_DAY
    nxt = np.searchsorted(keyed, close + person * PERSON_STRIDE, side="left")
    cum = np.r_[0, np.cumsum(minutes)]
    cum_night = np.r_[0, np.cumsum(night)]
    here = np.arange(len(idx))
    worked = cum[nxt] - cum[here]
    # The last duty in the window may run past its end: count only the part inside.
    last = nxt - 1
    worked -= np.minimum(np.maximum(end[last] - close, 0), minutes[last])
    limit = ctx.param("special_hazards_max_minutes")[person]
    hit = (cum_night[nxt] > cum_night[here]) & (worked > limit) & ctx.in_period(w.day[idx])
    found = []
    for i in np.flatnonzero(hit):
        p, got, lim = int(person[i]), int(worked[i]), int(limit[i])
        opened = ctx.instant(start[i])
        message = (
            f"{fmt_duration(got)} worked in the 24 h from {fmt_instant(opened)}, which include night work; a night "
            f"worker with special hazards may work at most {fmt_duration(lim)} in any 24 h (WTR reg 6(7))."
        )
        found.append(
            Violation(
                rule="WTR-6",
                severity="breach",
                person=ctx.person_id(p),
                start=opened,
                end=ctx.instant(close[i]),
                measured=got / 60,
                limit=lim / 60,
                unit="hours",
                message=message,
            )
        )
    return found
