"""POL-8 overtime, POL-9 recall to duty and POL-12 part-time officers' extra hours.

Overtime is the part of a duty after its tour (`Overtime.tour_end`), or a whole extra duty. It is paid at
time and a third in completed 15-min units, never rounded up. Casual overtime loses its first 30 min on
each of the first 4 casual occasions in the force week; planned overtime below the minimum countable
period is not paid. Part-timers are paid plain time until the week's working time reaches 40 h.
TOIL chosen instead (`compensation: "toil"`): 1 unit per completed 15 min plus 1 bonus unit per 3 units;
a part-timer's plain hours hour for hour.
Overtime running on into a rest day is POL-5's (rest_days.py); rest-day and public-holiday duties are
costed whole by POL-5 / POL-7, so they never also count as overtime here.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from fractions import Fraction

from ..ledger import Ledger, Shift, week_of
from ..toil import pol8_toil_minutes


def apply(ledger: Ledger) -> None:
    worked_in_week: dict[tuple[str, date], int] = defaultdict(int)
    casual_occasions: dict[tuple[str, date], int] = defaultdict(int)
    following = {id(a): b for a, b in zip(ledger.shifts, ledger.shifts[1:], strict=False) if a.person.id == b.person.id}
    for shift in ledger.shifts:  # by person, then start: the force week fills up in time order
        key = (shift.person.id, week_of(shift.day))
        before = worked_in_week[key] + shift.standard_minutes
        worked_in_week[key] += shift.worked
        rules = shift.rules
        if (
            shift.overtime_from is None
            or shift.rest_day
            or shift.public_holiday
            or ledger.rank(shift.person) not in rules.premium_ranks
        ):
            continue
        kind = shift.duty.overtime.type if shift.duty.overtime else "planned"
        minutes = shift.overtime_minutes - ledger.run_on_minutes(shift)
        rule, what, multiplier = "POL-8", f"{kind} overtime", rules.fraction("overtime_multiplier")
        if kind == "recall":
            nxt = following.get(id(shift))
            if nxt is not None and nxt.duty.start <= shift.duty.end:
                what = "overtime: a recall that runs into the next tour is not a recall"  # POL-9
            else:
                rule, what, multiplier = "POL-9", "recall to duty", rules.fraction("recall_multiplier")
        elif kind == "casual":
            casual_occasions[key] += 1
            if casual_occasions[key] <= rules.casual_disregard_occasions:
                minutes -= rules.casual_disregard_minutes
        elif minutes < rules.planned_min_minutes:
            minutes = 0
        unit = rules.overtime_unit_minutes
        counted = max(0, minutes) // unit * unit
        plain = _plain_minutes(shift, before, counted)
        if ledger.wants_toil(shift):
            ledger.owe_toil(shift, "POL-12", plain)
            ledger.owe_toil(shift, rule, pol8_toil_minutes(counted - plain, unit, rules.toil_bonus_unit_every))
            continue
        ledger.pay(shift, "POL-12", "part-time extra hours at plain time", plain, Fraction(1), shift.overtime_from)
        ledger.pay(shift, rule, what, counted - plain, multiplier, shift.overtime_from)


def _plain_minutes(shift: Shift, worked_before: int, counted: int) -> int:
    """POL-12 / NHS-4: a part-timer's extra minutes paid at plain time until the full-time week is reached."""
    full_week = shift.rules.plain_time_until_minutes
    if full_week is None or Fraction(shift.person.hours_per_week) * 60 >= full_week:
        return 0
    return max(0, min(counted, full_week - worked_before))
