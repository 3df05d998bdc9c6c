"""Recording abstractions for a person or a group, and cancelling them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import audit
from common.errors import DomainError, FieldError
from org.models import Unit
from org.permissions import require_edit_unit
from people.models import Person

from ..choices import AbstractionStatus
from ..models import Abstraction, AbstractionBatch, AbstractionType
from ..periods import Period, estimate_hours, live_overlaps, overlap_error
from ..permissions import can_see_health_data, require_manage_absence
from .common import (
    check_version,
    clean_hours,
    clean_reason,
    credit_back,
    debit,
    locked,
    record,
    reject_overlaps,
    snap,
    user_or_none,
)

MAX_GROUP = 500


def _new(person: Person, type_: AbstractionType, period: Period, *, hours, status: str, note: str, reference: str,
         acting_user, batch: AbstractionBatch | None = None, ongoing: bool = False) -> Abstraction:
    if hours is None and type_.ledger_kind:
        hours = estimate_hours(person, period)
    return Abstraction(person=person, type=type_, start_date=period.start_date, end_date=period.end_date,
                       start_time=period.start_time, end_time=period.end_time, hours=hours, status=status,
                       note=note, reference=reference, batch=batch, ongoing=ongoing,
                       recorded_by=user_or_none(acting_user),
                       decided_by=user_or_none(acting_user) if status == AbstractionStatus.APPROVED else None,
                       decided_at=timezone.now() if status == AbstractionStatus.APPROVED else None)


def _check_employed(person: Person, period: Period, row: int | None = None) -> FieldError | None:
    if period.start_date < person.start_date or (person.leave_date and period.end_date > person.leave_date):
        employed = f"{person.start_date:%d %b %Y}" + (f" – {person.leave_date:%d %b %Y}" if person.leave_date else "")
        return FieldError("start_date", _("%(person)s is employed %(employed)s; the absence falls outside it.")
                          % {"person": person.full_name, "employed": employed}, row=row)
    return None


def do_record_abstraction(person: Person, type_: AbstractionType, period: Period, *, hours=None, note: str = "",
                          reference: str = "", acting_user, reason: str | None = None) -> Abstraction:
    """A planner records an absence as a fact (approved): training, court, a planned absence entered for someone.
    Leave types debit their ledger at once."""
    require_manage_absence(acting_user, person)
    hours = clean_hours(hours)
    note = clean_reason(note, required=False, field="note")
    problem = _check_employed(person, period)
    if problem:
        raise DomainError(problem.message, errors=[problem])
    with transaction.atomic(durable=True):
        Person.objects.select_for_update().filter(pk=person.pk).first()  # one writer per person: no double booking
        reject_overlaps(person, period, type_, acting_user)
        a = _new(person, type_, period, hours=hours, status=AbstractionStatus.APPROVED, note=note,
                 reference=reference[:120], acting_user=acting_user)
        a.save()
        entries = debit(a, acting_user, reason=_("%(type)s %(period)s recorded") % {"type": type_.name,
                                                                                    "period": period.text()})
        record(acting_user=acting_user, action="absence.abstraction.recorded", obj=a, after=snap(a), reason=reason,
               person=person, entries=entries)
    return a


def do_record_group_abstractions(people: Iterable[Person], type_: AbstractionType, period: Period, *, label: str,
                                 unit: Unit | None = None, note: str = "", reference: str = "", acting_user,
                                 reason: str | None = None) -> AbstractionBatch:
    """The same absence for a group (a whole team on a course), all or nothing: every clash is reported, with
    the person's row, and nothing is recorded until there are none."""
    people = list(people)
    if not people:
        raise DomainError(_("Choose at least one person."), field="people")
    if len(people) > MAX_GROUP:
        raise DomainError(_("At most %(n)s people at once.") % {"n": MAX_GROUP}, field="people")
    label = clean_reason(label, required=True, field="label")[:120]
    if unit is not None and acting_user is not None:  # None: the system (demo loader, operator commands)
        require_edit_unit(acting_user, unit)
    errors: list[FieldError] = []
    for row, person in enumerate(people, start=1):
        try:
            require_manage_absence(acting_user, person)
        except Exception as exc:  # PermissionDenied: reported per row, like an import
            errors.append(FieldError("people", str(exc), row=row, value=person.payroll_number))
        problem = _check_employed(person, period, row)
        if problem:
            errors.append(problem)
    if errors:
        raise DomainError(_("Nothing was recorded: %(n)s problems.") % {"n": len(errors)}, errors=errors)
    with transaction.atomic(durable=True):
        list(Person.objects.select_for_update().filter(pk__in=[p.pk for p in people]))
        for row, person in enumerate(people, start=1):
            if type_.removes_from_roster:
                clashes = live_overlaps(person, period)
                if clashes:
                    errors.append(overlap_error(person, period, type_.name, clashes, row=row,
                                                can_see_health=can_see_health_data(acting_user, person)))
        if errors:
            raise DomainError(_("Nothing was recorded: %(n)s people are already absent then.") % {"n": len(errors)},
                              errors=errors)
        batch = AbstractionBatch.objects.create(label=label, type=type_, unit=unit,
                                                created_by=user_or_none(acting_user))
        rows = [_new(p, type_, period, hours=None, status=AbstractionStatus.APPROVED, note=note,
                     reference=reference[:120], acting_user=acting_user, batch=batch) for p in people]
        Abstraction.objects.bulk_create(rows)
        entries = []
        for a in rows:
            entries += debit(a, acting_user, reason=_("%(label)s (group booking)") % {"label": label})
        audit.record(actor=acting_user, action="absence.abstraction.group-recorded", obj=batch,
                     after={"type": type_.code, "period": period.text(), "people": [p.pk for p in people],
                            "abstractions": [a.pk for a in rows], "ledger_rows": len(entries)},
                     reason=reason or "", unit_id=unit.pk if unit else people[0].home_unit_id)
    return batch


def do_cancel_abstraction(abstraction: Abstraction, *, acting_user, reason: str | None = None,
                          expected_version: int | None = None) -> Abstraction:
    """A planner withdraws a recorded absence; whatever it took from a balance is given back."""
    require_manage_absence(acting_user, abstraction.person)
    reason = clean_reason(reason, required=True)
    with transaction.atomic(durable=True):
        current = locked(abstraction.pk)
        check_version(current, expected_version)
        if current.status == AbstractionStatus.CANCELLED:
            raise DomainError(_("This absence is already cancelled."), field="status")
        before = snap(current)
        current.status = AbstractionStatus.CANCELLED
        current.version += 1
        current.save(update_fields=["status", "version"])
        entries = credit_back(current, acting_user, reason=_("Cancelled: %(reason)s") % {"reason": reason})
        record(acting_user=acting_user, action="absence.abstraction.cancelled", obj=current, before=before,
               after=snap(current), reason=reason, person=current.person, entries=entries)
    return current
