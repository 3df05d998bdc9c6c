"""`cost()`: the pay rules of a pack applied to a set of duties, itemised (RULES.md § 8 `muster cost`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .ledger import Ledger
from .model import COMPENSATIONS, CostResult, PayDuty, PayInputError, PayPerson
from .rates import PAY_PACKS, PayRuleTable, shipped_pay_rules
from .rules import COMMON_RULES, RULES_BY_PACK


def cost(
    pack: str,
    people: Sequence[PayPerson],
    duties: Sequence[PayDuty],
    *,
    rest_days: Collection[tuple[str, date]] = (),
    public_holidays: Collection[date] | None = None,
    abstractions: Collection[Any] = (),
    timezone: str = "Europe/London",
    period: tuple[date, date] | None = None,
    rules: PayRuleTable | None = None,
    compensatory_rest: bool = True,
) -> CostResult:
    """What `duties` cost beyond basic contracted pay, and the time off they earn, under `pack`'s pay rules.

    `rest_days` are (person id, local date) pairs of rostered rest days (a duty's own `rostered_rest_day`
    flag counts too). `public_holidays` None takes each duty's `public_holiday` flag only. `period`
    (local dates, inclusive) is the span NHS-3 averages over and WTR-7 checks; by default the duties' own.
    `compensatory_rest=False` skips the working-time evaluation behind WTR-7 (for ranking many options).
    `abstractions` are accepted for the interchange shape; no pay rule reads them yet.
    Each duty's `compensation` ("pay" | "toil") is the person's choice of time off instead of payment.
    Raises PayInputError naming the field for input the rules cannot cost.
    """
    del abstractions
    if pack not in PAY_PACKS:
        raise PayInputError("pack", f"must be one of {', '.join(PAY_PACKS)}, got {pack!r}")
    try:
        tz = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise PayInputError("timezone", f"must be an IANA time zone such as Europe/London, got {timezone!r}") from None
    for i, duty in enumerate(duties):
        if duty.start.tzinfo is None or duty.end.tzinfo is None:
            raise PayInputError(f"duties[{i}].start", "must be an aware datetime (with a time zone)")
        if duty.end.astimezone(UTC) <= duty.start.astimezone(UTC):
            raise PayInputError(f"duties[{i}].end", "must be after the start")
        _check_choices(i, duty)
    ledger = Ledger.build(
        pack, rules or shipped_pay_rules(), tz, people, duties, rest_days, public_holidays, period=period
    )
    for rule in RULES_BY_PACK[pack]:
        rule(ledger)
    if compensatory_rest:
        for rule in COMMON_RULES:
            rule(ledger)
    # Stable: items of one duty and instant keep the order the rules wrote them in.
    items = tuple(sorted(ledger.items, key=lambda i: (i.person, i.start.astimezone(UTC))))
    return CostResult(items, tuple(ledger.owed), sum((i.amount for i in items), Decimal("0.00")))


def _check_choices(i: int, duty: PayDuty) -> None:
    """The optional TOIL choice (POL-8, NHS-4, PSC-1), POL-10 original start and POL-6 reinstatement."""
    if duty.compensation not in COMPENSATIONS:
        raise PayInputError(f"duties[{i}].compensation", f"must be one of pay, toil, got {duty.compensation!r}")
    for name in ("original_start", "rest_day_reinstated_at"):
        moment = getattr(duty, name)
        if moment is not None and moment.tzinfo is None:
            raise PayInputError(f"duties[{i}].{name}", "must be an aware datetime (with a time zone)")
    start = duty.start.astimezone(UTC)
    if duty.original_start is not None and duty.original_start.astimezone(UTC) <= start:
        raise PayInputError(
            f"duties[{i}].original_start",
            "must be after the start: the rostered start the duty was brought forward from (POL-10)",
        )
    reinstated = duty.rest_day_reinstated_at
    if reinstated is not None:
        if reinstated.astimezone(UTC) >= start:
            raise PayInputError(f"duties[{i}].rest_day_reinstated_at", "must be before the start of the duty (POL-6)")
        if duty.notified_at is not None and reinstated.astimezone(UTC) < duty.notified_at.astimezone(UTC):
            raise PayInputError(
                f"duties[{i}].rest_day_reinstated_at",
                "must not be before notified_at: a rest day is reinstated after it was cancelled (POL-6)",
            )
