"""PSC-1 / PSC-2 police staff: overtime at time and a half on weekdays and Saturdays, double time on Sundays
and public holidays (split per minute at local midnight); rest-day working with fewer than 5 days' notice
is paid as overtime plus equal TOIL. Notice for staff is in whole days (duty date - notified date), not
clear days [C]. Unsocial-hours and shift allowances are local and not costed by default.
TOIL instead of payment (`compensation: "toil"`) is at the overtime rate [C]; with fewer than 5 days' notice of
rest-day working there is no choice: the overtime is paid and equal TOIL owed. TOIL not taken within 3 months
is paid (toil.value_expired_toil), each TOIL hour at plain time [C]."""

from __future__ import annotations

from ..ledger import Ledger, Piece, Shift


def apply(ledger: Ledger) -> None:
    for shift in ledger.shifts:
        if shift.overtime_from is None or shift.overtime_minutes <= 0:
            continue
        rules = shift.rules
        start, end, paid = ledger.overtime_span(shift)

        def day_class(piece: Piece, shift: Shift = shift) -> str:
            return "sunday" if piece.local.weekday() == 6 or ledger.holiday_piece(shift, piece) else "weekday"

        minutes = ledger.split(start, end, day_class, paid=paid)
        rule, label = ("PSC-1", "rest day worked") if shift.rest_day else ("PSC-2", "overtime")
        short = rules.rest_day_toil_below_days
        notice = ledger.notice_days(shift, counting=lambda duty, told: (duty - told).days)
        short_notice = shift.rest_day and short is not None and (notice is None or notice < short)
        pay = ledger.pay if short_notice else ledger.pay_or_toil
        pay(shift, rule, label, minutes.get("weekday", 0), rules.fraction("overtime_multiplier"), start)
        pay(
            shift,
            rule,
            f"{label} (Sunday or public holiday)",
            minutes.get("sunday", 0),
            rules.fraction("overtime_sunday_multiplier"),
            start,
        )
        if short_notice:
            ledger.owe_toil(shift, "PSC-1", paid)
