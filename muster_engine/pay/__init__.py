"""Pay engine (RULES.md §§ 2-4, 8): pure Python, never Django.

    from muster_engine.pay import Overtime, PayDuty, PayPerson, cost

    people = [PayPerson("P1", hourly_rate=Decimal("20.00"), rank="constable")]
    duties = [PayDuty("P1", start, end, rostered_rest_day=True, notified_at=told)]  # aware datetimes
    result = cost("police-officer", people, duties)
    result.items, result.time_off_owed, result.total, result.as_dict()

Each duty may carry the person's choice of TOIL instead of payment (`compensation="toil"`), the start it was
brought forward from (`original_start`, POL-10) and when its cancelled rest day was reinstated
(`rest_day_reinstated_at`, POL-6). `value_expired_toil` prices TOIL not taken within 3 months (NHS-4, PSC-1).

`cost_document` does the same for the interchange JSON document of `muster check` and returns the
`muster cost --format json` output. The numbers live in versioned pay-rules tables (rates.py).
"""

from .engine import cost
from .interchange import cost_document, parse_cost_document
from .model import CostItem, CostResult, Overtime, PayDuty, PayInputError, PayPerson, TimeOffOwed
from .rates import PAY_PACKS, PayRules, PayRuleTable, shipped_pay_rules
from .toil import pol8_toil_minutes, toil_expires_on, value_expired_toil, value_expired_toil_all

__all__ = [
    "PAY_PACKS",
    "CostItem",
    "CostResult",
    "Overtime",
    "PayDuty",
    "PayInputError",
    "PayPerson",
    "PayRuleTable",
    "PayRules",
    "TimeOffOwed",
    "cost",
    "cost_document",
    "parse_cost_document",
    "pol8_toil_minutes",
    "shipped_pay_rules",
    "toil_expires_on",
    "value_expired_toil",
    "value_expired_toil_all",
]
