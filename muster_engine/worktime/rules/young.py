"""WTR-8 young workers (under 18 on the duty date): 8 h a day, 40 h a week, no work 22:00-06:00.

Their 12 h daily rest, 48 h weekly rest and 30 min break are checked with the adults' rules (rest.py,
breaks.py) using the young limits of the pack; the invalid opt-out is WTR-2 (average_hours.py).
"""

from __future__ import annotations

import numpy as np

from ..clock import day_date, fmt_date, fmt_duration, monday_on_or_before
from ..context import PERSON_STRIDE, Context
from ..model import Violation


def check(ctx: Context) -> list[Violation]:
    young = np.flatnonzero(ctx.work.young)
    if not young.size:
        return []
    return daily_hours(ctx, young) + weekly_hours(ctx, young) + night_work(ctx, young)


def _totals(ctx: Context, young: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Working minutes of the young duties per (person, day key): (person, day key, minutes)."""
    w = ctx.work
    person = w.person[young]
    key = person * PERSON_STRIDE + day  # non-decreasing: duties are sorted by person then start
    cut = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    return person[cut], day[cut], np.add.reduceat(w.minutes[young], cut)


def daily_hours(ctx: Context, young: np.ndarray) -> list[Violation]:
    """At most 8 h of work a day, counted on the date each duty starts (no averaging)."""
    person, day, minutes = _totals(ctx, young, ctx.work.day[young])
    limit = ctx.param("young_max_daily_minutes")[person]
    found = []
    for i in np.flatnonzero((minutes > limit) & ctx.in_period(day)):
        p, d, got, lim = int(person[i]), int(day[i]), int(minutes[i]), int(limit[i])
        found.append(
            Violation(
                rule="WTR-8",
                severity="breach",
                person=ctx.person_id(p),
                start=ctx.midnight(d),
                end=ctx.midnight(d + 1),
                measured=got / 60,
                limit=lim / 60,
                unit="hours",
                message=(
                    f"{fmt_duration(got)} worked on {fmt_date(day_date(d))} by a young worker; the limit is "
                    f"{fmt_duration(lim)} a day with no averaging (WTR reg 5A)."
                ),
            )
        )
    return found


def weekly_hours(ctx: Context, young: np.ndarray) -> list[Violation]:
    """At most 40 h of work in a week from Monday, counted on the duty dates."""
    person, monday, minutes = _totals(ctx, young, monday_on_or_before(ctx.work.day[young]))
    limit = ctx.param("young_max_weekly_minutes")[person]
    overlaps = (monday + 6 >= ctx.first_day) & (monday <= ctx.last_day)
    found = []
    for i in np.flatnonzero((minutes > limit) & overlaps):
        p, m, got, lim = int(person[i]), int(monday[i]), int(minutes[i]), int(limit[i])
        found.append(
            Violation(
                rule="WTR-8",
                severity="breach",
                person=ctx.person_id(p),
                start=ctx.midnight(m),
                end=ctx.midnight(m + 7),
                measured=got / 60,
                limit=lim / 60,
                unit="hours",
                message=(
                    f"{fmt_duration(got)} worked by a young worker in the week {fmt_date(day_date(m))} to "
                    f"{fmt_date(day_date(m + 6))}; the limit is {fmt_duration(lim)} a week with no averaging "
                    f"(WTR reg 5A)."
                ),
            )
        )
    return found


def night_work(ctx: Context, young: np.ndarray) -> list[Violation]:
    """No work in the young workers' night (22:00-06:00 by default) unless the pack allows it."""
    w = ctx.work
    allowed = ctx.param("young_night_work_allowed").astype(bool)[w.person[young]]
    young = young[~allowed & ctx.in_period(w.day[young])]
    if not young.size:
        return []
    minutes = ctx.night_minutes("young_night_start_minute", "young_night_end_minute", subset=young)
    found = []
    for i, got in zip(young[minutes > 0], minutes[minutes > 0], strict=True):
        p = int(w.person[i])
        pack = ctx.pack_for(p)
        window = (
            f"{pack.young_night_start_minute // 60:02d}:{pack.young_night_start_minute % 60:02d}–"
            f"{pack.young_night_end_minute // 60:02d}:{pack.young_night_end_minute % 60:02d}"
        )
        found.append(
            Violation(
                rule="WTR-8",
                severity="breach",
                person=ctx.person_id(p),
                start=ctx.instant(w.start[i]),
                end=ctx.instant(w.end[i]),
                measured=int(got) / 60,
                limit=0.0,
                unit="hours",
                message=(
                    f"A young worker is rostered {fmt_duration(int(got))} between {window} on the duty of "
                    f"{fmt_date(day_date(int(w.day[i])))}; young workers may not work at night (WTR reg 6A)."
                ),
            )
        )
    return found
