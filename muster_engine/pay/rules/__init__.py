"""One module per rule family; each `apply(ledger)` writes its items and time off into the ledger."""

from collections.abc import Callable

from ..ledger import Ledger
from . import (
    advanced_start,
    allowances,
    compensatory_rest,
    nhs_overtime,
    overtime,
    police_staff,
    public_holidays,
    rest_days,
    unsocial_hours,
)

Rule = Callable[[Ledger], None]

# Which families cost each pack; WTR-7 applies to all (it is the rest rules' compensatory rest).
RULES_BY_PACK: dict[str, tuple[Rule, ...]] = {
    "police-officer": (
        rest_days.apply,
        public_holidays.apply,
        overtime.apply,
        advanced_start.apply,
        allowances.apply,
    ),
    "police-staff": (police_staff.apply,),
    "nhs-afc": (unsocial_hours.apply, nhs_overtime.apply),
    "nhs-ambulance": (unsocial_hours.apply, nhs_overtime.apply),
}
COMMON_RULES: tuple[Rule, ...] = (compensatory_rest.apply,)
