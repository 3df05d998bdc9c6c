"""POL-5 rest-day working (constables and sergeants), POL-4 days in lieu for inspectors and above, and POL-6
rest days reinstated after being cancelled.

A public holiday that is also a rest day is costed by POL-7 alone (its double time is the greater premium).
An unrecorded notice (`notified_at` missing) is costed as short notice: the dearer, safer estimate.
TOIL chosen instead of payment (`compensation: "toil"`) is "time off at the same rate": hours x 1.5.

POL-6: a duty with `rest_day_reinstated_at` was on a cancelled rest day that was then given back. With more
than 7 clear days' notice of the reinstatement nothing is due; with fewer the officer chose to work it (had
they taken it, the duty would not be listed) and gets what was originally due by `notified_at`: time and a
half (minimum 4 h) or, with 15 clear days' original notice, the rest day in lieu.
"""

from __future__ import annotations

from ..ledger import Ledger, Shift, clear_days


def apply(ledger: Ledger) -> None:
    for shift in ledger.shifts:
        if shift.public_holiday or shift.worked == 0:
            continue
        if shift.rest_day:
            _rest_day_worked(ledger, shift)
        else:
            _run_on(ledger, shift)


def reinstated_in_good_time(ledger: Ledger, shift: Shift) -> bool:
    """POL-6: the cancelled rest day was reinstated with more than 7 clear days' notice: nothing is due."""
    reinstated, enough = shift.duty.rest_day_reinstated_at, shift.rules.reinstated_nothing_from_clear_days
    if reinstated is None or enough is None:
        return False
    return clear_days(shift.day, ledger.local_date(reinstated)) >= enough


def _rest_day_worked(ledger: Ledger, shift: Shift) -> None:
    if reinstated_in_good_time(ledger, shift):
        return
    reinstated = shift.duty.rest_day_reinstated_at is not None
    rules, rank = shift.rules, ledger.rank(shift.person)
    if rank not in rules.premium_ranks:
        if rank in rules.in_lieu_ranks:  # POL-4: inspectors and above get another day, never a premium
            ledger.owe(shift.person.id, "POL-6" if reinstated else "POL-4", "rdil", days=1)
        return
    rule = "POL-6" if reinstated else "POL-5"
    notice = ledger.notice_days(shift)
    if notice is not None and rules.rest_day_rdil_clear_days is not None and notice >= rules.rest_day_rdil_clear_days:
        ledger.owe(shift.person.id, rule, "rdil", days=1)  # enough notice: no payment, a rest day in lieu
        return
    minutes = max(shift.worked, rules.rest_day_min_minutes)
    what = "reinstated rest day worked at the rate originally due" if reinstated else "rest day worked"
    ledger.pay_or_toil(shift, rule, what, minutes, rules.fraction("rest_day_multiplier"))


def _run_on(ledger: Ledger, shift: Shift) -> None:
    """A tour running on past midnight into a rest day: up to 1 h in completed 15-min units, longer at least 4 h."""
    rules = shift.rules
    if ledger.rank(shift.person) not in rules.premium_ranks:
        return
    minutes = ledger.run_on_minutes(shift)
    if minutes <= 0:
        return
    if minutes <= rules.run_on_max_minutes:
        unit = rules.overtime_unit_minutes
        ledger.pay_or_toil(
            shift,
            "POL-5",
            "run-on into a rest day",
            minutes // unit * unit,
            rules.fraction("rest_day_multiplier"),
            start=shift.overtime_from,
        )
    else:
        ledger.pay_or_toil(
            shift,
            "POL-5",
            "run-on into a rest day",
            max(minutes, rules.rest_day_min_minutes),
            rules.fraction("rest_day_multiplier"),
            start=shift.overtime_from,
        )
