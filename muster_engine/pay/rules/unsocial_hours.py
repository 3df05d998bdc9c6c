"""NHS-2 unsocial hours (Section 2) and NHS-3 ambulance Annex 5 for legacy staff.

NHS-2: each minute of standard hours (not overtime or on-call) on a Saturday or Mon-Fri 20:00-06:00 earns
the band's lower percentage, on a Sunday or public holiday the higher one, by the rates in force on the
duty's date. Unpaid breaks come off in proportion.

NHS-3, simplified [C]: the person's qualifying hours (breaks included, standard hours only) are averaged
over the weeks costed — the document's period, else the force weeks the person's duties span — and scaled
to 37.5 h for part-timers; the average picks a percentage of basic pay (> 2 h 5 %, > 5 h 9 %, > 9 h 13 %,
> 12 h 17 %, > 16 h 25 %), paid on the contracted hours of those weeks as one item per person. The real
Annex 5 averages over 13 weeks or a rota cycle: pass such a period for a faithful figure.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from ..ledger import Ledger, Piece, Shift, week_of

ON_CALL = ("on_call_at_work", "on_call_away")


def apply(ledger: Ledger) -> None:
    legacy: dict[str, list[Shift]] = defaultdict(list)
    for shift in ledger.shifts:
        if shift.duty.kind in ON_CALL or shift.standard_minutes <= 0:
            continue
        if shift.person.annex5 and shift.rules.annex5_tiers:
            legacy[shift.person.id].append(shift)
        else:
            _section2(ledger, shift)
    for shifts in legacy.values():
        _annex5(ledger, shifts)


def _section2(ledger: Ledger, shift: Shift) -> None:
    rules = shift.rules
    lower, higher = rules.ush_for_band(ledger.band(shift))
    night_from, night_to = rules.ush_night

    def rate(piece: Piece) -> str | None:
        weekday = piece.local.weekday()
        if weekday == 6 or ledger.holiday_piece(shift, piece):
            return "higher"
        minute = piece.local.hour * 60 + piece.local.minute
        if weekday == 5 or minute >= night_from or minute < night_to:
            return "lower"
        return None

    start, end, paid = ledger.standard_span(shift)
    minutes = ledger.split(start, end, rate, cuts=rules.ush_night, paid=paid)
    ledger.pay(shift, "NHS-2", "unsocial hours (Saturday or weekday night)", minutes.get("lower", 0), lower)
    ledger.pay(shift, "NHS-2", "unsocial hours (Sunday or public holiday)", minutes.get("higher", 0), higher)


def _annex5(ledger: Ledger, shifts: list[Shift]) -> None:
    first = shifts[0]
    rules, person = first.rules, first.person
    weekday_before, weekday_after, weekend_before, weekend_after = rules.annex5_window(ledger.band(first))
    qualifying = 0
    for shift in shifts:

        def qualifies(piece: Piece, shift: Shift = shift) -> str | None:
            minute = piece.local.hour * 60 + piece.local.minute
            if ledger.holiday_piece(shift, piece):
                return "yes"
            if piece.local.weekday() >= 5:
                return "yes" if minute < weekend_before or minute >= weekend_after else None
            return "yes" if minute < weekday_before or minute >= weekday_after else None

        start, end, _ = ledger.standard_span(shift)
        cuts = (weekday_before, weekday_after, weekend_before, weekend_after)
        qualifying += ledger.split(start, end, qualifies, cuts=cuts).get("yes", 0)  # breaks included
    if ledger.period is not None:
        weeks = Fraction((ledger.period[1] - ledger.period[0]).days + 1, 7)
    else:
        weeks = Fraction((week_of(shifts[-1].day) - week_of(first.day)).days // 7 + 1)
    contract = Fraction(person.hours_per_week)
    if contract <= 0 or weeks <= 0:
        return
    average = Fraction(qualifying, 60) / weeks * Fraction(rules.annex5_full_time_minutes, 60) / contract
    percent = rules.annex5_percent(average)
    ledger.pay(
        first,
        "NHS-3",
        f"Annex 5 unsocial hours ({float(average):.1f} qualifying h a week)",
        contract * weeks * 60,
        percent,
    )
