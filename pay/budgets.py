"""Overtime budgets: what a unit may spend in a period, what is committed (authorised, not yet worked), what is
spent (worked) and what remains. A unit without a budget of its own draws on its nearest ancestor's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from org.models import Unit

from .choices import OvertimeStatus
from .models import OvertimeBudget, OvertimeRecord

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class BudgetStatus:
    budget: Decimal | None
    committed: Decimal
    spent: Decimal
    remaining: Decimal | None
    # Which budget row answered (the unit's own or an ancestor's) and its period: None when there is none.
    row: OvertimeBudget | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def used_share(self) -> float | None:
        """Committed + spent as a share of the budget, for the gauge (may exceed 1)."""
        if not self.budget:
            return None
        return float((self.committed + self.spent) / self.budget)

    @property
    def used(self) -> Decimal:
        return self.committed + self.spent

    @property
    def gauge_max(self) -> Decimal:
        """The gauge's scale: the budget, or what is used when that is more, so an overspend shows past the
        "high" mark (a <meter> clamps its value to max)."""
        return max(self.budget or Decimal(0), self.used)

    @property
    def overspent(self) -> Decimal | None:
        return -self.remaining if self.remaining is not None and self.remaining < 0 else None

    def would_exceed(self, extra: Decimal) -> bool:
        return self.remaining is not None and extra > self.remaining


def quarter(on: dt.date) -> tuple[dt.date, dt.date]:
    """The financial quarter holding a day (April–June, July–September...)."""
    first_month = ((on.month - 1) // 3) * 3 + 1
    start = dt.date(on.year, first_month, 1)
    next_start = dt.date(on.year + (first_month + 2) // 12, (first_month + 2) % 12 + 1, 1)
    return start, next_start - dt.timedelta(days=1)


def budget_for(unit: Unit, on: dt.date) -> OvertimeBudget | None:
    """The budget of the unit, or of its nearest ancestor, whose period holds `on`."""
    ids = [int(i) for i in unit.path.strip("/").split("/") if i] or [unit.pk]
    rows = list(OvertimeBudget.objects.select_related("unit").filter(unit_id__in=ids, start_date__lte=on,
                                                                    end_date__gte=on))
    if not rows:
        return None
    return max(rows, key=lambda b: (b.unit.depth, b.start_date))


def _sum(unit: Unit, start: dt.date, end: dt.date, status: str) -> Decimal:
    total = OvertimeRecord.objects.filter(unit__path__startswith=unit.path, date__gte=start, date__lte=end,
                                          status=status).aggregate(total=Sum("cost"))["total"]
    return (total or ZERO).quantize(Decimal("0.01"))


def budget_status(unit: Unit, on: dt.date) -> BudgetStatus:
    """The unit's (or nearest ancestor's) budget period holding `on`: committed, spent and remaining across the
    budget's whole sub-tree. Without a budget, committed and spent are the unit's own in the quarter holding
    `on`, and budget and remaining are None."""
    row = budget_for(unit, on)
    holder, (start, end) = (row.unit, (row.start_date, row.end_date)) if row else (unit, quarter(on))
    committed = _sum(holder, start, end, OvertimeStatus.AUTHORISED)
    spent = _sum(holder, start, end, OvertimeStatus.WORKED)
    if row is None:
        return BudgetStatus(None, committed, spent, None, None, start, end)
    return BudgetStatus(row.amount, committed, spent, row.amount - committed - spent, row, start, end)
