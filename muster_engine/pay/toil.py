"""TOIL, time off in lieu instead of payment (the person's choice per duty, `PayDuty.compensation = "toil"`).

- POL-8 / POL-9 / POL-10: 1 unit per completed 15 min of overtime plus 1 bonus unit per 3 units
  (1 h -> 5 units = 1 h 15 min; 45 min -> 1 h; 30 min -> 30 min); POL-12 part-time plain hours hour for hour.
- POL-5 / POL-6: "time off at the same rate": the credited hours (minimum 4 h) x 1.5.
- NHS-4: TOIL at plain time, hour for hour; not taken within 3 months it is paid at the overtime rate the
  hours would have earned (x 1.5, x 2 on a public holiday, x 1 for a part-timer's hours up to 37.5).
- PSC-1: rest-day working with fewer than 5 days' notice is paid at the overtime rate *and* owes equal TOIL
  (the choice does not apply); otherwise overtime or TOIL, the TOIL at the overtime rate [C]. TOIL not taken
  within 3 months is paid, each TOIL hour at plain time [C].

`value_expired_toil` prices TOIL that was not taken in time, for the pay app's TOIL ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from .ledger import add_months, as_decimal, money
from .model import CostItem, CostResult, PayInputError, PayPerson, TimeOffOwed
from .rates import PayRuleTable, shipped_pay_rules


def pol8_toil_minutes(counted: int, unit: int, bonus_every: int) -> int:
    """POL-8: TOIL minutes for `counted` minutes of overtime: 1 unit per completed `unit` minutes, plus 1 bonus
    unit per `bonus_every` units (never rounded up)."""
    units = max(0, counted) // unit
    bonus = units // bonus_every if bonus_every > 0 else 0
    return (units + bonus) * unit


def toil_expires_on(pack: str, earned_on: date, rules: PayRuleTable | None = None) -> date | None:
    """The last day TOIL earned on `earned_on` may be taken before it is paid (NHS-4, PSC-1: 3 months, by the
    corresponding date), or None where the pack does not pay out TOIL not taken."""
    months = (rules or shipped_pay_rules()).in_force(pack, earned_on).toil_expires_months
    return None if months is None else add_months(earned_on, months)


def value_expired_toil(
    pack: str,
    person: PayPerson,
    owed: TimeOffOwed,
    *,
    on: date,
    untaken_hours: Decimal | None = None,
    rules: PayRuleTable | None = None,
    timezone: str = "Europe/London",
) -> CostItem | None:
    """What TOIL not taken in time is paid on `on` (NHS-4, PSC-1): `untaken_hours` (default: all of `owed`) x the
    hourly rate x the multiplier recorded with the TOIL (NHS-4: the overtime rate). None while the TOIL may
    still be taken (up to and including its `expires_on`) or where the pack never pays TOIL out.
    Raises PayInputError naming the field for an entry that is not TOIL or hours out of range."""
    if owed.kind != "toil":
        raise PayInputError("owed.kind", f"must be toil to be paid when not taken, got {owed.kind!r}")
    if owed.earned_on is None and owed.expires_on is None:
        raise PayInputError("owed.earned_on", "is required: the date of the duty that earned the TOIL")
    table = rules or shipped_pay_rules()
    in_force = table.in_force(pack, owed.earned_on or owed.expires_on)  # type: ignore[arg-type]
    expires = owed.expires_on
    if expires is None and owed.earned_on is not None:
        expires = toil_expires_on(pack, owed.earned_on, table)
    if expires is None or on <= expires:
        return None
    hours = owed.hours if untaken_hours is None else Decimal(untaken_hours)
    if hours is None or hours < 0 or (owed.hours is not None and hours > owed.hours):
        raise PayInputError("untaken_hours", f"must be between 0 and the {owed.hours} h owed, got {untaken_hours}")
    if hours == 0:
        return None
    if owed.multiplier is not None:
        paid_at = Fraction(owed.multiplier)
    else:  # an entry recorded by hand: NHS-4 pays at the overtime rate, others the TOIL hours at plain time
        paid_at = in_force.fraction("overtime_multiplier") if in_force.toil_plain_time else Fraction(1)
    exact = Fraction(hours)
    return CostItem(
        person=person.id,
        rule=owed.rule,
        what=f"TOIL not taken within {in_force.toil_expires_months or 3} months",
        start=datetime.combine(expires + timedelta(days=1), time(0), tzinfo=ZoneInfo(timezone)),
        hours=as_decimal(exact),
        multiplier=as_decimal(paid_at),
        amount=money(exact * Fraction(Decimal(person.hourly_rate)) * paid_at),
    )


def value_expired_toil_all(
    pack: str,
    people: Sequence[PayPerson],
    owed: Iterable[TimeOffOwed],
    *,
    on: date,
    rules: PayRuleTable | None = None,
) -> CostResult:
    """`value_expired_toil` for every TOIL entry of `owed` (whole entries; other kinds are skipped), as a result
    with its total. Raises PayInputError for an entry whose person is not in `people`."""
    by_id = {p.id: p for p in people}
    items = []
    for i, entry in enumerate(owed):
        if entry.kind != "toil":
            continue
        person = by_id.get(entry.person)
        if person is None:
            raise PayInputError(f"owed[{i}].person", f"must be the id of one of the people, got {entry.person!r}")
        item = value_expired_toil(pack, person, entry, on=on, rules=rules)
        if item is not None:
            items.append(item)
    return CostResult(tuple(items), (), sum((i.amount for i in items), Decimal("0.00")))
