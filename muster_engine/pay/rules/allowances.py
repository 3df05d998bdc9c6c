"""POL-14 unsocial hours: 10 % of hourly pay for each full hour worked 20:00-06:00 local, constable to chief
inspector. Counted on the rostered part of ordinary duties only [C: pack setting]: overtime, rest-day and
public-holiday hours already carry their own premium."""

from __future__ import annotations

from ..ledger import Ledger, Piece


def apply(ledger: Ledger) -> None:
    for shift in ledger.shifts:
        rules = shift.rules
        if shift.rest_day or shift.public_holiday or ledger.rank(shift.person) not in rules.unsocial_ranks:
            continue
        night_from, night_to = rules.unsocial_window

        def at_night(piece: Piece, night_from: int = night_from, night_to: int = night_to) -> str | None:
            minute = piece.local.hour * 60 + piece.local.minute
            return "night" if minute >= night_from or minute < night_to else None

        start, end, paid = ledger.standard_span(shift)
        if paid <= 0:
            continue
        minutes = ledger.split(start, end, at_night, cuts=rules.unsocial_window, paid=paid).get("night", 0)
        full_hours = minutes // 60
        ledger.pay(shift, "POL-14", "unsocial hours allowance", full_hours * 60, rules.fraction("unsocial_rate"))
