"""NHS-4 overtime and NHS-6 public holidays for shift workers.

NHS-4: bands 1-7 only. Overtime minutes are paid at time and a half, on a public holiday at double time;
a part-timer's extra minutes are plain time until the week's working time reaches 37.5 h (the plain
minutes come off the ordinary overtime first). TOIL instead of payment is the person's choice
(`compensation: "toil"`): hour for hour at plain time, recorded with the rate it is paid at when not taken
within 3 months (toil.value_expired_toil).
NHS-6: standard hours worked on a public holiday are owed back as equal hours in lieu at plain time, in
addition to the NHS-2 enhancement.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from fractions import Fraction

from ..ledger import Ledger, Piece, Shift, week_of
from .overtime import _plain_minutes


def apply(ledger: Ledger) -> None:
    worked_in_week: dict[tuple[str, date], int] = defaultdict(int)
    for shift in ledger.shifts:
        key = (shift.person.id, week_of(shift.day))
        before = worked_in_week[key] + shift.standard_minutes
        worked_in_week[key] += shift.worked
        _public_holiday_in_lieu(ledger, shift)
        if shift.overtime_from is None or shift.overtime_minutes <= 0:
            continue
        rules = shift.rules
        bands = rules.overtime_bands
        if bands is None or not bands[0] <= ledger.band(shift) <= bands[1]:
            continue  # bands 8-9: no overtime payments
        start, end, paid = ledger.overtime_span(shift)

        def day_class(piece: Piece, shift: Shift = shift) -> str:
            return "holiday" if ledger.holiday_piece(shift, piece) else "ordinary"

        minutes = ledger.split(start, end, day_class, paid=paid)
        ordinary, holiday = minutes.get("ordinary", 0), minutes.get("holiday", 0)
        plain = _plain_minutes(shift, before, ordinary)
        ledger.pay_or_toil(shift, "NHS-4", "part-time extra hours at plain time", plain, Fraction(1), start)
        ledger.pay_or_toil(shift, "NHS-4", "overtime", ordinary - plain, rules.fraction("overtime_multiplier"), start)
        ledger.pay_or_toil(
            shift,
            "NHS-4",
            "overtime on a public holiday",
            holiday,
            rules.fraction("overtime_public_holiday_multiplier"),
            start,
        )


def _public_holiday_in_lieu(ledger: Ledger, shift: Shift) -> None:
    if not shift.rules.public_holiday_lieu_hours or shift.standard_minutes <= 0:
        return
    start, end, paid = ledger.standard_span(shift)

    def holiday(piece: Piece) -> str | None:
        return "holiday" if ledger.holiday_piece(shift, piece) else None

    minutes = ledger.split(start, end, holiday, paid=paid).get("holiday", 0)
    ledger.owe(shift.person.id, "NHS-6", "public_holiday_in_lieu", minutes=minutes)
