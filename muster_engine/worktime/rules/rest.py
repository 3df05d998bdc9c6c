"""WTR-3 daily rest, WTR-4 weekly rest, with WTR-7 compensatory rest where the pack allows exceptions."""

from __future__ import annotations

import numpy as np

from ..clock import day_date, fmt_date, fmt_duration, fmt_instant, fmt_time, monday_on_or_before
from ..context import Context
from ..model import Violation
from ..packs import STATUTORY_LIMITS

_FAR = np.int64(1) << np.int64(50)  # "since ever" / "for ever" ends of the rest before and after all duties


def check(ctx: Context) -> list[Violation]:
    return daily_rest(ctx) + continuous_work(ctx) + weekly_rest(ctx)


def _who(limit: int, young: bool, statutory: str, regulation: str, what: str = "") -> str:
    """Who demands the limit, for the message: WTR itself, a young worker, or a tightened local rule."""
    if young:
        return f"a young worker needs {fmt_duration(limit)}{what} ({regulation})"
    floor = STATUTORY_LIMITS[statutory].value
    if limit == floor:
        return f"WTR needs {fmt_duration(limit)}{what} ({regulation.removeprefix('WTR ')})"
    return f"the local rule needs {fmt_duration(limit)}{what} (WTR minimum {fmt_duration(floor)}, {regulation})"


def _daily_rest_limit(ctx: Context, person: np.ndarray, young: np.ndarray) -> np.ndarray:
    return np.where(young, ctx.param("young_daily_rest_minutes")[person], ctx.param("daily_rest_minutes")[person])


def _short_rest(ctx: Context, p: int, young: bool, limit: int, rest: int, start, end, what: str) -> Violation:
    """One WTR-3 shortfall: `rest` minutes where `limit` are due, with WTR-7 compensatory rest where allowed."""
    severity, owed = ctx.rest_severity(p, young)
    message = f"{what}; {_who(limit, young, 'daily_rest_minutes', 'WTR reg 10')}"
    message += f" — {fmt_duration(limit - rest)} compensatory rest owed." if owed else "."
    return Violation(
        rule="WTR-3",
        severity=severity,  # type: ignore[arg-type]
        person=ctx.person_id(p),
        start=start,
        end=end,
        measured=rest / 60,
        limit=limit / 60,
        unit="hours",
        message=message,
        compensatory_rest_minutes=limit - rest if owed else None,
    )


def daily_rest(ctx: Context) -> list[Violation]:
    """WTR-3: the rest between the end of one duty and the start of the next is at least 11 h (young 12 h)."""
    w = ctx.work
    if len(w) < 2:
        return []
    nxt = slice(1, None)
    person = w.person[nxt]
    # block_end, not end: a duty inside a longer one leaves no rest before the next.
    gap = w.start[nxt] - w.block_end[:-1]
    young = w.young[nxt]
    limit = _daily_rest_limit(ctx, person, young)
    hit = (person == w.person[:-1]) & (gap > 0) & (gap < limit) & ctx.in_period(w.day[nxt])
    found = []
    for i in np.flatnonzero(hit):
        g = int(gap[i])
        ended, starts = ctx.instant(w.block_end[i]), ctx.instant(w.start[i + 1])
        later = fmt_time(starts) if ended.date() == starts.date() else fmt_instant(starts)
        what = f"Only {fmt_duration(g)} rest between the duty ending {fmt_instant(ended)} and the next starting {later}"
        found.append(_short_rest(ctx, int(person[i]), bool(young[i]), int(limit[i]), g, ended, starts, what))
    return found


def continuous_work(ctx: Context) -> list[Violation]:
    """WTR-3 for work with no gap at all: duties that abut or overlap (a night running straight into an early,
    a tour extended by overtime) form one spell, and a spell longer than 24 h less the daily rest leaves no
    11 h rest in the 24 h from its start. The gap check above never sees it, because the gap is not positive."""
    w = ctx.work
    if not len(w):
        return []
    new_spell = np.r_[True, (w.person[1:] != w.person[:-1]) | (w.start[1:] > w.block_end[:-1])]
    first = np.flatnonzero(new_spell)
    last = np.r_[first[1:] - 1, len(w) - 1]
    person, start, end = w.person[first], w.start[first], w.block_end[last]
    young = w.young[first]
    limit = _daily_rest_limit(ctx, person, young)
    rest_in_day = 24 * 60 - (end - start)
    hit = (rest_in_day < limit) & ctx.in_period(w.day[first])
    found = []
    for i in np.flatnonzero(hit):
        rest = max(int(rest_in_day[i]), 0)
        began, ended = ctx.instant(start[i]), ctx.instant(end[i])
        duties = int(last[i] - first[i] + 1)
        spell = f"{duties} duties back to back" if duties > 1 else "one duty"
        what = (f"Worked {fmt_duration(int(end[i] - start[i]))} without a break in rest ({spell}) from "
                f"{fmt_instant(began)} to {fmt_instant(ended)}, leaving only {fmt_duration(rest)} rest in the 24 h "
                f"from its start")
        found.append(_short_rest(ctx, int(person[i]), bool(young[i]), int(limit[i]), rest, began, ended, what))
    return found


def rest_gaps(ctx: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every person's rest periods (person, start, end) in order, with open rest before the first duty and
    after the last: a week with no duties is a week of rest."""
    w = ctx.work
    n = len(w)
    if not n:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    first = np.r_[True, w.person[1:] != w.person[:-1]]
    last = np.r_[w.person[1:] != w.person[:-1], True]
    group = np.cumsum(first) - 1
    groups = int(group[-1]) + 1
    person = np.empty(n + groups, np.int64)
    start = np.empty(n + groups, np.int64)
    end = np.empty(n + groups, np.int64)
    before = np.arange(n) + group  # the rest before duty i, then each person's rest after their last duty
    person[before] = w.person
    start[before] = np.where(first, -_FAR, np.r_[-_FAR, w.block_end[:-1]])
    end[before] = w.start
    after = np.flatnonzero(last) + group[last] + 1
    person[after] = w.person[last]
    start[after] = w.block_end[last]
    end[after] = _FAR
    keep = end > start
    return person[keep], start[keep], end[keep]


def longest_rest(
    ctx: Context,
    edges: np.ndarray,
    count_at: np.ndarray | None = None,
    *,
    at_least: int = 0,
    people: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Per person and window [edges[k], edges[k+1]): the longest rest counting only its part inside the
    window, and optionally how many rests inside are at least `count_at` (per person) long.

    `at_least` skips shorter rests and `people` (a bool mask) other people, to make a first pass cheap.
    """
    person, start, end = ctx.memo("rest_gaps", lambda: rest_gaps(ctx))
    if at_least or people is not None:
        keep = end - start >= at_least
        if people is not None:
            keep &= people[person]
        person, start, end = person[keep], start[keep], end[keep]
    nw = len(edges) - 1
    longest = np.zeros(ctx.n_people * nw, np.int64)
    counts = None if count_at is None else np.zeros(ctx.n_people * nw, np.int64)
    k0 = np.maximum(np.searchsorted(edges, start, side="right") - 1, 0)
    k1 = np.minimum(np.searchsorted(edges, end, side="left") - 1, nw - 1)
    span = k1 - k0 + 1
    keep = span > 0
    if keep.any():
        person, start, end, k0, span = person[keep], start[keep], end[keep], k0[keep], span[keep]
        # One row per (rest, window it touches); rows stay in (person, window) order because a person's
        # rests are in time order and do not overlap, so reduceat can take the maximum per window.
        row = np.repeat(np.arange(len(span)), span)
        k = k0[row] + (np.arange(len(row)) - (np.cumsum(span) - span)[row])
        inside = np.minimum(end[row], edges[k + 1]) - np.maximum(start[row], edges[k])
        flat = person[row] * nw + k
        cut = np.flatnonzero(np.r_[True, flat[1:] != flat[:-1]])
        longest[flat[cut]] = np.maximum.reduceat(inside, cut)
        if counts is not None and count_at is not None:
            counts[flat[cut]] = np.add.reduceat((inside >= count_at[person[row]]).astype(np.int64), cut)
    shape = (ctx.n_people, nw)
    longest = longest.reshape(shape)
    # Someone with no working duty at all has rested through every window.
    idle = np.ones(ctx.n_people, bool)
    idle[ctx.work.person] = False
    longest[idle] = np.diff(edges)
    if counts is None:
        return longest, None
    counts = counts.reshape(shape)
    counts[idle] = 1
    return longest, counts


def weekly_rest(ctx: Context) -> list[Violation]:
    """WTR-4: an uninterrupted 24 h rest in each week from Monday 00:00 local (young workers 48 h), or where
    the pack takes the fortnight option two 24 h rests or one 48 h in each fortnight."""
    if not len(ctx.work):
        return []
    fortnightly = ctx.param("weekly_rest_fortnightly").astype(bool)
    found = _weekly(ctx, fortnightly)
    if fortnightly.any():
        found += _fortnightly(ctx, fortnightly)
    return found


def _weekly(ctx: Context, fortnightly: np.ndarray) -> list[Violation]:
    first = monday_on_or_before(ctx.first_day)
    week_days = np.arange(first, monday_on_or_before(ctx.last_day) + 8, 7, dtype=np.int64)
    # Week edges are local midnights in UTC: a week holding a clock change is 167 or 169 hours long.
    edges = ctx.clock.midnight(week_days)
    young = week_days[None, :-1] < ctx.adult_from[:, None]
    limit = np.where(young, ctx.param("young_weekly_rest_minutes")[:, None], ctx.param("weekly_rest_minutes")[:, None])
    checked = young | ~fortnightly[:, None]
    # A rest shorter than every limit cannot meet one alone: a first pass over the long rests clears most
    # weeks, then the longest rest is measured exactly for the people with a week still short.
    longest, _ = longest_rest(ctx, edges, at_least=int(limit.min()))
    short = (checked & (longest < limit)).any(axis=1)
    if short.any():
        exact, _ = longest_rest(ctx, edges, people=short)
        longest = np.where(short[:, None], exact, longest)
    found = []
    for p, k in zip(*np.nonzero(checked & (longest < limit)), strict=True):
        p, k = int(p), int(k)
        got, lim, yw = int(longest[p, k]), int(limit[p, k]), bool(young[p, k])
        severity, owed = ctx.rest_severity(p, yw)
        monday = int(week_days[k])
        message = (
            f"Longest uninterrupted rest in the week {fmt_date(day_date(monday))} to "
            f"{fmt_date(day_date(monday + 6))} was {fmt_duration(got)}; "
            f"{_who(lim, yw, 'weekly_rest_minutes', 'WTR reg 11', ' in each 7 days')}"
        )
        message += f" — {fmt_duration(lim - got)} compensatory rest owed." if owed else "."
        found.append(
            Violation(
                rule="WTR-4",
                severity=severity,  # type: ignore[arg-type]
                person=ctx.person_id(p),
                start=ctx.instant(edges[k]),
                end=ctx.instant(edges[k + 1]),
                measured=got / 60,
                limit=lim / 60,
                unit="hours",
                message=message,
                compensatory_rest_minutes=lim - got if owed else None,
            )
        )
    return found


def _fortnightly(ctx: Context, fortnightly: np.ndarray) -> list[Violation]:
    # Fortnights are anchored on Monday 5 January 1970 so every person and run agrees where they fall.
    first = monday_on_or_before(ctx.first_day)
    if ((first - 4) // 7) % 2:
        first -= 7
    days = np.arange(first, ctx.last_day + 15, 14, dtype=np.int64)
    edges = ctx.clock.midnight(days)
    weekly = ctx.param("weekly_rest_minutes")
    longest, counts = longest_rest(ctx, edges, count_at=weekly, at_least=int(weekly.min()))
    assert counts is not None
    adult = days[None, :-1] >= ctx.adult_from[:, None]  # young weeks are checked weekly instead
    ok = (counts >= 2) | (longest >= 2 * weekly[:, None])
    short = (fortnightly[:, None] & adult & ~ok).any(axis=1)
    if short.any():
        exact, _ = longest_rest(ctx, edges, people=short)
        longest = np.where(short[:, None], exact, longest)
    found = []
    for p, k in zip(*np.nonzero(fortnightly[:, None] & adult & ~ok), strict=True):
        p, k = int(p), int(k)
        got, lim = int(longest[p, k]), int(weekly[p])
        severity, owed = ctx.rest_severity(p, False)
        start_day = int(days[k])
        message = (
            f"In the fortnight {fmt_date(day_date(start_day))} to {fmt_date(day_date(start_day + 13))} the "
            f"longest rest was {fmt_duration(got)}; the fortnightly option of WTR reg 11(2) needs two rests "
            f"of {fmt_duration(lim)} or one of {fmt_duration(2 * lim)}"
        )
        message += f" — {fmt_duration(2 * lim - got)} compensatory rest owed." if owed else "."
        found.append(
            Violation(
                rule="WTR-4",
                severity=severity,  # type: ignore[arg-type]
                person=ctx.person_id(p),
                start=ctx.instant(edges[k]),
                end=ctx.instant(edges[k + 1]),
                measured=got / 60,
                limit=2 * lim / 60,
                unit="hours",
                message=message,
                compensatory_rest_minutes=2 * lim - got if owed else None,
            )
        )
    return found


__all__ = ["check", "daily_rest", "weekly_rest", "rest_gaps", "longest_rest"]
