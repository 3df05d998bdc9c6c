"""Compile a working-time rule pack (muster_engine.worktime.packs.RulePack, the numbers the rules engine checks
with) into the optimiser's hard-rule parameters, so checker and optimiser read one source of truth.

    rules = work_rules(pack)                       # an adult under the pack
    rules = work_rules(pack, young=True)           # a young worker (WTR-8 numbers)

What is compiled: WTR-3 daily rest (into forbidden shift successions, by shift times), WTR-4 weekly rest (each
Monday-to-Monday week; the fortnightly option is met by it too), WTR-1 average hours as a cap on every window of
the reference period (none with an opt-out; young workers 40 h in every 7 days), POL-15 consecutive days and
nights. Rest shortfalls that a pack allows as warnings with compensatory rest (reg 21/22) are not planned:
the optimiser keeps the full rest, and the rules engine then finds nothing to compensate.
"""

from __future__ import annotations

from ..worktime.packs import RulePack
from .problem import WorkRules


def work_rules(pack: RulePack, *, young: bool = False, opted_out: bool = False, **extra: int | None) -> WorkRules:
    """The pack's hard rules for one person; `extra` sets the rules no pack holds (min runs, weekends)."""
    if young:
        window: tuple[int, int] | None = (7, pack.young_max_weekly_minutes)
    elif opted_out:
        window = None
    else:
        days = pack.reference_weeks * 7
        window = (days, pack.reference_weeks * pack.max_average_weekly_minutes)
    return WorkRules(
        daily_rest_minutes=pack.young_daily_rest_minutes if young else pack.daily_rest_minutes,
        weekly_rest_minutes=pack.young_weekly_rest_minutes if young else pack.weekly_rest_minutes,
        max_consecutive_days=pack.max_consecutive_working_days,
        max_consecutive_nights=pack.max_consecutive_nights,
        max_minutes_per_window=window,
        **extra,  # type: ignore[arg-type]
    )


__all__ = ["work_rules"]
