"""POL-7 public-holiday working: double time, minimum 4 h; fewer than 8 clear days' notice also owes a day
in lieu. POL-4/POL-11: inspectors and above get the day in lieu and no premium. A rest day on a public holiday
reinstated with more than 7 clear days' notice owes nothing (POL-6). TOIL is not offered for POL-7 here: the
premium is paid whatever `compensation` says (RULES.md names TOIL for POL-5 and POL-8 only)."""

from __future__ import annotations

from ..ledger import Ledger
from .rest_days import reinstated_in_good_time


def apply(ledger: Ledger) -> None:
    for shift in ledger.shifts:
        if not shift.public_holiday or shift.worked == 0:
            continue
        if shift.rest_day and reinstated_in_good_time(ledger, shift):
            continue
        rules, rank, person = shift.rules, ledger.rank(shift.person), shift.person.id
        if rank not in rules.premium_ranks:
            if rank in rules.in_lieu_ranks:
                ledger.owe(person, "POL-4", "public_holiday_in_lieu", days=1)
            continue
        minutes = max(shift.worked, rules.public_holiday_min_minutes)
        ledger.pay(shift, "POL-7", "public holiday worked", minutes, rules.fraction("public_holiday_multiplier"))
        notice = ledger.notice_days(shift)
        short = rules.public_holiday_lieu_below_clear_days
        if short is not None and (notice is None or notice < short):
            ledger.owe(person, "POL-7", "public_holiday_in_lieu", days=1)
