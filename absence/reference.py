"""The abstraction types Muster ships: the complete reference list with its flags.

`ensure_abstraction_types()` creates the missing ones and leaves existing rows alone (an administrator may have
changed their flags in the admin). `muster load_abstraction_types` runs it; actions that need a type that may not
exist yet (a court warning) ask for it through `type_for()`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from .choices import AbstractionCategory as C
from .choices import Ledger
from .models import AbstractionType


@dataclass(frozen=True)
class TypeSpec:
    code: str
    name: str
    category: str
    removes: bool = True  # removes the person from the roster
    working: bool = False  # counts as working time for the 48-hour average (WTR-1)
    excluded: bool = False  # an excluded day for the WTR-1 average (statutory leave, sickness, parental)
    paid: bool = True
    approval: bool = False
    health: bool = False
    self_service: bool = False
    risk: bool = False  # stays rostered but may be called away
    ledger: str = ""


TYPES = [
    TypeSpec("annual-leave", "Annual leave", C.LEAVE, excluded=True, approval=True, self_service=True,
             ledger=Ledger.ANNUAL_LEAVE),
    TypeSpec("toil", "Time off in lieu (TOIL)", C.LEAVE, approval=True, self_service=True, ledger=Ledger.TOIL),
    TypeSpec("rdil", "Rest day in lieu (RDiL)", C.LEAVE, approval=True, self_service=True, ledger=Ledger.RDIL),
    # Bank holidays are part of the 5.6 weeks of statutory leave (WTR-9), so excluded like annual leave.
    TypeSpec("bank-holiday-off", "Bank holiday off", C.LEAVE, excluded=True, ledger=Ledger.PUBLIC_HOLIDAY),
    TypeSpec("sickness", "Sickness", C.SICKNESS, excluded=True, health=True),
    TypeSpec("training", "Training", C.TRAINING, working=True),
    TypeSpec("court", "Court attendance", C.COURT, working=True),
    # A warning keeps the officer on the roster: the dates they may be called to give evidence (a risk).
    TypeSpec("court-warning", "Court warning", C.COURT, removes=False, risk=True),
    TypeSpec("jury-service", "Jury service", C.COURT),
    # Restricted and recuperative duties are deployment states, not absences (ABS-2): the person stays rostered.
    TypeSpec("restricted-duties", "Restricted duties", C.RESTRICTION, removes=False),
    TypeSpec("recuperative-duties", "Recuperative duties", C.RESTRICTION, removes=False, health=True),
    TypeSpec("maternity", "Maternity leave", C.PARENTAL, excluded=True),
    TypeSpec("paternity", "Paternity leave", C.PARENTAL, excluded=True, approval=True),
    TypeSpec("adoption", "Adoption leave", C.PARENTAL, excluded=True, approval=True),
    TypeSpec("parental", "Parental leave (unpaid)", C.PARENTAL, excluded=True, paid=False, approval=True),
    TypeSpec("secondment", "Secondment", C.OTHER, approval=True),
    TypeSpec("unpaid-leave", "Unpaid leave", C.LEAVE, paid=False, approval=True),
    TypeSpec("suspension", "Suspension", C.OTHER),
    TypeSpec("compassionate", "Compassionate leave", C.LEAVE, approval=True),
    TypeSpec("dependants", "Time off for dependants", C.LEAVE, paid=False),
]
BY_CODE = {spec.code: spec for spec in TYPES}


def _fields(spec: TypeSpec) -> dict:
    return {"name": spec.name, "category": spec.category, "removes_from_roster": spec.removes,
            "counts_as_working_time": spec.working, "excluded_from_wtr_average": spec.excluded, "paid": spec.paid,
            "needs_approval": spec.approval, "health_data": spec.health, "self_service": spec.self_service,
            "roster_risk": spec.risk, "ledger": spec.ledger}


def ensure_abstraction_types() -> list[AbstractionType]:
    """Create the shipped types that are missing; return those created."""
    existing = set(AbstractionType.objects.values_list("code", flat=True))
    missing = [AbstractionType(code=spec.code, **_fields(spec)) for spec in TYPES if spec.code not in existing]
    return AbstractionType.objects.bulk_create(missing)


def type_for(code: str) -> AbstractionType:
    """The type with this code, created from the shipped list when the database does not have it yet."""
    found = AbstractionType.objects.filter(code=code).first()
    if found is not None:
        return found
    spec = BY_CODE[code]
    try:
        # A savepoint: two first uses at once must not break the caller's transaction.
        with transaction.atomic():
            return AbstractionType.objects.create(code=code, **_fields(spec))
    except IntegrityError:
        return AbstractionType.objects.get(code=code)
