"""Questions answered from the movement history: which unit was she in, which rank did he hold, on a date.

Person.home_unit and Person.rank are today's values; Movement rows are the record over time. A starter movement opens
the history (before it: None). People loaded before movements were kept (no starter row) are taken to have been in
the first movement's from_unit/from_rank since their start date, or in today's unit/rank when they never moved."""

import datetime as dt

from org.models import Rank, Unit

from .choices import MovementKind
from .models import Contract, Movement, Person

UNIT_KINDS = (MovementKind.STARTER, MovementKind.TRANSFER, MovementKind.LEAVER)
RANK_KINDS = (MovementKind.STARTER, MovementKind.PROMOTION, MovementKind.REGRADE, MovementKind.LEAVER)


def takes_effect(movement: Movement) -> dt.date:
    """The first day the movement's new state holds. A leaver still works on their leave date."""
    if movement.kind == MovementKind.LEAVER:
        return movement.effective_date + dt.timedelta(days=1)
    return movement.effective_date


def _value_on(person: Person, day: dt.date, kinds: tuple, attr: str, today_value: int | None,
              movements: list[Movement] | None = None) -> int | None:
    if day < person.start_date:
        return None
    if movements is None:
        movements = list(Movement.objects.filter(person=person, kind__in=kinds).order_by("effective_date", "id"))
    else:
        movements = [m for m in movements if m.kind in kinds]
    movements.sort(key=lambda m: (takes_effect(m), m.pk or 0))
    if movements and movements[0].kind == MovementKind.STARTER:
        current = None
    else:
        current = getattr(movements[0], f"from_{attr}_id") if movements else today_value
    for movement in movements:
        if takes_effect(movement) > day:
            break
        # A leaver has no unit or rank after leaving; every other kind moves to its to_* (or keeps the value).
        if movement.kind == MovementKind.LEAVER:
            current = None
        else:
            current = getattr(movement, f"to_{attr}_id") or current
    return current


def unit_id_on(person: Person, day: dt.date, movements: list[Movement] | None = None) -> int | None:
    return _value_on(person, day, UNIT_KINDS, "unit", person.home_unit_id, movements)


def rank_id_on(person: Person, day: dt.date, movements: list[Movement] | None = None) -> int | None:
    return _value_on(person, day, RANK_KINDS, "rank", person.rank_id, movements)


def unit_on(person: Person, day: dt.date) -> Unit | None:
    """The unit `person` belonged to on `day` (None before they started or after they left)."""
    unit_id = unit_id_on(person, day)
    return Unit.objects.filter(pk=unit_id).first() if unit_id else None


def rank_on(person: Person, day: dt.date) -> Rank | None:
    """The rank / grade / band `person` held on `day` (None before they started or after they left)."""
    rank_id = rank_id_on(person, day)
    return Rank.objects.filter(pk=rank_id).first() if rank_id else None


def contract_on(person: Person, day: dt.date) -> Contract | None:
    """The contract in force on `day`."""
    return (Contract.objects.filter(person=person, effective_from__lte=day)
            .exclude(effective_to__lt=day).order_by("-effective_from").first())
