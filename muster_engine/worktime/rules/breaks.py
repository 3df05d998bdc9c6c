"""WTR-5 rest breaks during a duty, and POL-1 police refreshment by tour length, which replaces WTR-5."""

from __future__ import annotations

import numpy as np

from ..clock import fmt_duration, fmt_instant, fmt_time
from ..context import Context
from ..model import Violation


def check(ctx: Context) -> list[Violation]:
    w = ctx.work
    if not len(w):
        return []
    tiered = _has_tiers(ctx)
    return rest_break(ctx, tiered) + refreshment(ctx, tiered)


def _has_tiers(ctx: Context) -> np.ndarray:
    """Per person: the pack gives police refreshment (POL-1) instead of WTR-5 breaks."""
    return np.array([bool(p.refreshment_tiers) for p in ctx.packs], dtype=bool)[ctx.pack_of_person]


def _span(ctx: Context, i: int) -> str:
    w = ctx.work
    start, end = ctx.instant(w.start[i]), ctx.instant(w.end[i])
    return f"{fmt_instant(start)}–{fmt_time(end) if start.date() == end.date() else fmt_instant(end)}"


def rest_break(ctx: Context, tiered: np.ndarray) -> list[Violation]:
    """WTR-5: working time over 6 h in a duty needs a break of at least 20 min (young: over 4 h 30 min, 30 min).

    Police officers' refreshment (POL-1) takes precedence, so adults in a tiered pack are not checked here.
    """
    w = ctx.work
    p = w.person
    after = np.where(w.young, ctx.param("young_break_after_minutes")[p], ctx.param("break_after_minutes")[p])
    need = np.where(w.young, ctx.param("young_break_minutes")[p], ctx.param("break_minutes")[p])
    hit = (w.young | ~tiered[p]) & (w.minutes > after) & (w.breaks < need) & ctx.in_period(w.day)
    found = []
    for i in np.flatnonzero(hit):
        person, young = int(p[i]), bool(w.young[i])
        worked, got, owed_break = int(w.minutes[i]), int(w.breaks[i]), int(need[i])
        severity, owed = ctx.rest_severity(person, young)
        who = "a young worker needs" if young else "WTR needs"
        had = f"only a {fmt_duration(got)} break" if got else "no break"
        message = (
            f"The duty {_span(ctx, i)} has {fmt_duration(worked)} working time but {had}; {who} "
            f"{fmt_duration(owed_break)} after {fmt_duration(int(after[i]))} (reg 12)"
        )
        message += f" — {fmt_duration(owed_break - got)} compensatory rest owed." if owed else "."
        found.append(
            Violation(
                rule="WTR-5",
                severity=severity,  # type: ignore[arg-type]
                person=ctx.person_id(person),
                start=ctx.instant(w.start[i]),
                end=ctx.instant(w.end[i]),
                measured=float(got),
                limit=float(owed_break),
                unit="minutes",
                message=message,
                compensatory_rest_minutes=owed_break - got if owed else None,
            )
        )
    return found


def refreshment(ctx: Context, tiered: np.ndarray) -> list[Violation]:
    """POL-1: a tour of at least 5 h needs refreshment by its length; a shorter one is a warning."""
    w = ctx.work
    sel = tiered[w.person] & ~w.young & ctx.in_period(w.day)
    if not sel.any():
        return []
    tour = w.end - w.start  # refreshment is paid duty time, so the tour is the whole duty
    need = np.zeros(len(w), np.int64)
    for k, pack in enumerate(ctx.packs):
        if not pack.refreshment_tiers:
            continue
        mine = sel & (ctx.pack_of_person[w.person] == k)
        lengths = np.array([t[0] for t in pack.refreshment_tiers], dtype=np.int64)
        minutes = np.array([0] + [t[1] for t in pack.refreshment_tiers], dtype=np.int64)
        need[mine] = minutes[np.searchsorted(lengths, tour[mine], side="right")]
    found = []
    for i in np.flatnonzero(sel & (w.breaks < need)):
        person, got, owed_break = int(w.person[i]), int(w.breaks[i]), int(need[i])
        tiers = ctx.pack_for(person).refreshment_tiers
        tier_from = max(t[0] for t in tiers if t[0] <= int(tour[i]))
        message = (
            f"The {fmt_duration(int(tour[i]))} tour {_span(ctx, i)} had {fmt_duration(got) if got else 'no'} "
            f"refreshment; Police Regulations give {fmt_duration(owed_break)} for a tour of "
            f"{fmt_duration(tier_from)} or more (POL-1)."
        )
        found.append(
            Violation(
                rule="POL-1",
                severity="warning",
                person=ctx.person_id(person),
                start=ctx.instant(w.start[i]),
                end=ctx.instant(w.end[i]),
                measured=float(got),
                limit=float(owed_break),
                unit="minutes",
                message=message,
            )
        )
    return found
