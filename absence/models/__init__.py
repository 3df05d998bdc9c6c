"""Absence models: abstraction types and abstractions (leave requests included), balances as ledgers, the leave
policy and quotas of a unit, returns to work after sickness."""

from .abstractions import DEFAULT_LEDGER_BY_CODE, Abstraction, AbstractionBatch, AbstractionType, ReturnToWork
from .ledgers import LedgerEntry
from .policies import LeavePolicy, LeaveQuota

__all__ = [
    "DEFAULT_LEDGER_BY_CODE",
    "Abstraction",
    "AbstractionBatch",
    "AbstractionType",
    "LeavePolicy",
    "LeaveQuota",
    "LedgerEntry",
    "ReturnToWork",
]
