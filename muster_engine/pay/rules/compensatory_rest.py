"""WTR-7: compensatory rest owed for every WTR-3 daily-rest shortfall the working-time evaluator allows as a
warning (police and ambulance packs, reg 21/22). Packs without the exception report a breach instead,
which owes nothing: it must not be rostered at all."""

from __future__ import annotations

from datetime import timedelta

from ...worktime import Duty, Period, Person, RestDay, Timelines, evaluate, shipped_packs
from ..ledger import Ledger


def apply(ledger: Ledger) -> None:
    if not ledger.shifts:
        return
    packs = shipped_packs()
    if ledger.pack not in packs.names():
        return
    people = [Person(p.id, pack=ledger.pack, hours_per_week=float(p.hours_per_week)) for p in ledger.people.values()]
    duties = [
        Duty(
            person=s.duty.person,
            start=s.duty.start,
            end=s.duty.end,
            break_minutes=min(s.duty.break_minutes, max(0, s.length - 1)),
            kind=s.duty.kind if s.duty.kind in ("duty", "training", "on_call_at_work", "on_call_away") else "duty",
        )
        for s in ledger.shifts
    ]
    rest = [RestDay(person, day) for person, day in sorted(ledger.rest_dates)]
    if ledger.period is not None:
        period = Period(*ledger.period)
    else:
        days = [s.day for s in ledger.shifts]
        period = Period(min(days), max(days) + timedelta(days=1))
    timelines = Timelines.from_records(people, duties, rest, (), default_pack=ledger.pack)
    for violation in evaluate(timelines, packs, period):
        if violation.rule == "WTR-3" and violation.compensatory_rest_minutes:
            ledger.owe(violation.person, "WTR-7", "compensatory_rest", minutes=violation.compensatory_rest_minutes)
