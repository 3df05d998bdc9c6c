"""Every write in events: `do_<verb>_<noun>(..., *, acting_user, reason=...)`, one transaction and one audit row each.

The optimiser runs before the transaction opens (it may take seconds; the database is not held meanwhile), and its
result is written in one go. Confirmation writes the roster through rostering's cell writer with source=event, so
a published roster gets duty changes with notice, compensation class and a notification, as any other change."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import record, snapshot
from common.errors import ConflictError, DomainError
from common.schema_types import check_plan_day
from muster_engine.solver import deploy
from org.models import Rank, Unit
from org.permissions import require_edit_unit
from people.models import Person, Skill
from rostering.actions.duties import DutyValue, set_cell, value_of
from rostering.choices import DutySource
from rostering.models import Duty

from .choices import AssignmentStatus, EventKind, EventStatus, Method, PhaseKind
from .costing import cost_actual
from .models import MAX_PHASE_HOURS, Assignment, Event, MutualAidRequest, Phase, PhaseRequirement
from .permissions import require_plan_event
from .planning import OptionInfo, Pool, build_pool

EVENT_FIELDS = ("name", "reference", "kind", "location", "unit", "commander", "status", "chargeable", "charge_to",
                "notes")


def _check_version(obj, expected_version: int | None, what: str) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise ConflictError(_("Someone else changed %(what)s since you opened it. Reload and try again.")
                            % {"what": what}, field="version")


def _open(event: Event) -> None:
    if event.is_closed:
        raise DomainError(_("%(event)s is closed: it can no longer be changed.") % {"event": event.name},
                          field="status")


def do_save_event(event: Event | None = None, *, name: str, reference: str, unit: Unit, kind: str = EventKind.PLANNED,
                  location: str = "", commander: Person | None = None, chargeable: bool = False, charge_to: str = "",
                  notes: str = "", expected_version: int | None = None, acting_user, reason: str = "") -> Event:
    """Create an event (status planning) or change its details."""
    if not name.strip():
        raise DomainError(_("Give the event a name."), field="name")
    if not reference.strip():
        raise DomainError(_("Give the event a reference."), field="reference")
    if kind not in EventKind.values:
        raise DomainError(_("Kind must be one of %(allowed)s.") % {"allowed": ", ".join(EventKind.values)},
                          field="kind")
    if chargeable and not charge_to.strip():
        raise DomainError(_("Say who is charged for a chargeable event."), field="charge_to")
    if acting_user is not None:
        require_edit_unit(acting_user, unit)
    with transaction.atomic(durable=True):
        clash = Event.objects.filter(reference=reference.strip())
        if event is not None:
            event = Event.objects.select_for_update().get(pk=event.pk)
            require_plan_event(acting_user, event)
            _open(event)
            _check_version(event, expected_version, event.name)
            clash = clash.exclude(pk=event.pk)
        if clash.exists():
            raise DomainError(_("Another event already has the reference %(ref)s.") % {"ref": reference},
                              field="reference")
        before = snapshot(event)
        if event is None:
            event = Event(created_by=acting_user if getattr(acting_user, "pk", None) else None)
        else:
            event.version += 1
        event.name, event.reference, event.kind, event.location = name.strip(), reference.strip(), kind, location
        event.unit, event.commander, event.chargeable = unit, commander, chargeable
        event.charge_to, event.notes = charge_to.strip(), notes
        event.save()
        record(actor=acting_user, action="events.event.save", obj=event, before=before, after=snapshot(event),
               reason=reason, unit_id=unit.pk)
    return event


def do_set_event_status(event: Event, *, status: str, expected_version: int | None = None, acting_user,
                        reason: str = "") -> Event:
    if status not in EventStatus.values:
        raise DomainError(_("Status must be one of %(allowed)s.") % {"allowed": ", ".join(EventStatus.values)},
                          field="status")
    if status == EventStatus.CLOSED:
        return do_close_event(event, expected_version=expected_version, acting_user=acting_user, reason=reason)
    with transaction.atomic(durable=True):
        event = Event.objects.select_for_update().get(pk=event.pk)
        require_plan_event(acting_user, event)
        _open(event)
        _check_version(event, expected_version, event.name)
        before = snapshot(event)
        event.status, event.version = status, event.version + 1
        event.save(update_fields=["status", "version"])
        record(actor=acting_user, action="events.event.status", obj=event, before=before, after=snapshot(event),
               reason=reason, unit_id=event.unit_id)
    return event


def do_save_phase(event: Event, phase: Phase | None = None, *, name: str, start: dt.datetime, end: dt.datetime,
                  kind: str = PhaseKind.DEPLOYMENT, acting_user, reason: str = "") -> Phase:
    if not name.strip():
        raise DomainError(_("Give the phase a name."), field="name")
    if start.tzinfo is None or end.tzinfo is None:
        raise DomainError(_("Give the phase's start and end with a time zone."), field="start")
    check_plan_day(start, "start")
    check_plan_day(end, "end")
    if end <= start:
        raise DomainError(_("The phase must end after it starts."), field="end")
    if (end - start).total_seconds() > MAX_PHASE_HOURS * 3600:
        raise DomainError(_("A phase is worked as one duty: at most %(h)s hours. Give a multi-day operation one "
                            "phase a day.") % {"h": MAX_PHASE_HOURS}, field="end")
    if kind not in PhaseKind.values:
        raise DomainError(_("Kind must be one of %(allowed)s.") % {"allowed": ", ".join(PhaseKind.values)},
                          field="kind")
    with transaction.atomic(durable=True):
        event = Event.objects.select_for_update().get(pk=event.pk)
        require_plan_event(acting_user, event)
        _open(event)
        before = snapshot(phase)
        if phase is None:
            phase = Phase(event=event)
        elif phase.event_id != event.pk:
            raise DomainError(_("That phase belongs to another event."), field="phase")
        phase.name, phase.kind, phase.start, phase.end = name.strip(), kind, start, end
        phase.save()
        event.version += 1
        event.save(update_fields=["version"])
        record(actor=acting_user, action="events.phase.save", obj=phase, before=before, after=snapshot(phase),
               reason=reason, unit_id=event.unit_id, object_repr=f"{event.reference}: {phase}")
    return phase


def do_delete_phase(phase: Phase, *, acting_user, reason: str = "") -> None:
    with transaction.atomic(durable=True):
        event = Event.objects.select_for_update().get(pk=phase.event_id)
        require_plan_event(acting_user, event)
        _open(event)
        if phase.assignments.exclude(status=AssignmentStatus.PROPOSED).exists():
            raise DomainError(_("People are confirmed for this phase: it cannot be deleted."), field="phase")
        before = snapshot(phase)
        Assignment.objects.filter(event=event, phases=phase).delete()
        phase.delete()
        event.version += 1
        event.save(update_fields=["version"])
        record(actor=acting_user, action="events.phase.delete", object_type="events.phase", object_id=str(before["id"]),
               before=before, reason=reason, unit_id=event.unit_id, object_repr=f"{event.reference}: {before['name']}")


def do_set_phase_requirement(phase: Phase, *, count: int, rank: Rank | None = None, skill: Skill | None = None,
                             acting_user, reason: str = "") -> PhaseRequirement | None:
    """`count` people of rank/skill for the phase; 0 removes the requirement."""
    if count < 0:
        raise DomainError(_("The number cannot be negative."), field="count")
    if count > 2000:
        raise DomainError(_("At most 2,000 people per requirement."), field="count")
    with transaction.atomic(durable=True):
        event = Event.objects.select_for_update().get(pk=phase.event_id)
        require_plan_event(acting_user, event)
        _open(event)
        found = PhaseRequirement.objects.filter(phase=phase, rank=rank, skill=skill).first()
        before = snapshot(found)
        if count == 0:
            if found is not None:
                found.delete()
            found = None
        elif found is None:
            found = PhaseRequirement.objects.create(phase=phase, rank=rank, skill=skill, count=count)
        else:
            found.count = count
            found.save(update_fields=["count"])
        event.version += 1
        event.save(update_fields=["version"])
        record(actor=acting_user, action="events.requirement.set", object_type="events.phaserequirement",
               object_id=str(found.pk if found else (before or {}).get("id", "")), before=before,
               after=snapshot(found), reason=reason, unit_id=event.unit_id,
               object_repr=f"{event.reference} {phase.name}: {count} × {rank or ''} {skill or ''}".strip())
    return found


def do_save_mutual_aid(event: Event, *, organisation: str, officers: int, skills: Sequence[Skill] = (),
                       contact: str = "", details: str = "", requested_at: dt.datetime | None = None, acting_user,
                       reason: str = "") -> MutualAidRequest:
    if event.kind not in (EventKind.AID_IN, EventKind.AID_OUT):
        raise DomainError(_("Only a mutual-aid event has a mutual-aid request: change its kind first."), field="kind")
    if not organisation.strip():
        raise DomainError(_("Name the other organisation."), field="organisation")
    if officers < 1:
        raise DomainError(_("Ask for at least one officer."), field="officers")
    with transaction.atomic(durable=True):
        event = Event.objects.select_for_update().get(pk=event.pk)
        require_plan_event(acting_user, event)
        _open(event)
        aid = MutualAidRequest.objects.filter(event=event).first()
        before = snapshot(aid)
        aid = aid or MutualAidRequest(event=event)
        aid.organisation, aid.officers, aid.contact, aid.details = organisation.strip(), officers, contact, details
        if requested_at is not None:
            aid.requested_at = requested_at
        aid.save()
        aid.skills.set(skills)
        record(actor=acting_user, action="events.mutual_aid.save", obj=aid, before=before,
               after=snapshot(aid) | {"skills": [s.code for s in skills]}, reason=reason, unit_id=event.unit_id)
    return aid


# --- proposal, adjustment, confirmation ----------------------------------------------------------------------------


def _assignment_from(event: Event, info: OptionInfo, *, pinned: bool = False) -> Assignment:
    a = Assignment.objects.create(
        event=event, person=info.person, date=info.day, start=info.start, end=info.end,
        break_minutes=info.break_minutes, method=info.method, unit_id=info.unit_id, notice_days=info.notice_days,
        cancels_rest_day=info.cancels_rest_day, cost_estimate=info.cost, basic_cost=info.basic,
        cost_note=(info.cost_note or "")[:300], warnings="; ".join(info.warnings)[:300], pinned=pinned)
    a.phases.set(info.phases)
    return a


def proposal_summary(pool: Pool, result: deploy.DeployResult) -> dict:
    return {"status": result.status, "seconds": round(result.seconds, 3), "objective": result.objective,
            "bound": result.bound, "met": result.met, "short": sum(result.short.values()),
            "unmet": [u.sentence() for u in result.unmet], "candidates": len(pool.people),
            "options": len(pool.problem.options), "minimums": len(pool.problem.minimums),
            "rest_days_cancelled": result.rest_days_cancelled, "min_notice_days": result.min_notice_days,
            "at": timezone.now().isoformat()}


def do_propose_deployment(event: Event, *, acting_user, time_limit: float = 20.0, reason: str = "",
                          now: dt.datetime | None = None) -> tuple[deploy.DeployResult, Pool]:
    """Ask the optimiser whom to deploy and how; replaces earlier proposals (planner-added and confirmed people
    stay, and count towards the requirements)."""
    event.refresh_from_db()  # the version the proposal is worked out against
    require_plan_event(acting_user, event)
    _open(event)
    pool = build_pool(event, now=now)
    result = deploy.solve(pool.problem, time_limit=time_limit)
    with transaction.atomic(durable=True):
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.version != event.version:
            raise ConflictError(_("Someone changed the event while the proposal was worked out: ask again."),
                                field="version")
        removed = list(locked.assignments.filter(status=AssignmentStatus.PROPOSED, pinned=False)
                       .values_list("person_id", flat=True))
        locked.assignments.filter(status=AssignmentStatus.PROPOSED, pinned=False).delete()
        created = [_assignment_from(locked, pool.infos[oid]) for oid in result.chosen]
        locked.proposal = proposal_summary(pool, result)
        locked.version += 1
        locked.save(update_fields=["proposal", "version"])
        record(actor=acting_user, action="events.deployment.propose", obj=locked,
               after={"proposal": locked.proposal, "people": [a.person_id for a in created], "replaced": removed},
               reason=reason, unit_id=locked.unit_id)
    event.refresh_from_db()
    return result, pool


def do_add_assignment(event: Event, *, person: Person, phases: Sequence[Phase], acting_user,
                      reason: str = "") -> Assignment:
    """The planner adds a person to a run of phases of one day: the cheapest legal way that keeps every unit's
    minimum is taken, and kept by later proposals."""
    require_plan_event(acting_user, event)
    _open(event)
    wanted = {p.pk for p in phases}
    if not wanted:
        raise DomainError(_("Choose the phases the person works."), field="phases")
    if event.assignments.filter(person=person, date__in={p.date for p in phases}).exists():
        raise DomainError(_("%(person)s is already deployed on that day.") % {"person": person.full_name},
                          field="person")
    pool = build_pool(event, only_people=[person.pk])
    options = [i for i in pool.options_of(person.pk) if {p.pk for p in i.phases} == wanted]
    if not options:
        why = "; ".join(pool.blocked.get(person.pk, [])) or _("no legal way to work exactly those phases (they "
                                                              "must be consecutive phases of one day)")
        raise DomainError(_("%(person)s cannot be deployed: %(why)s.") % {"person": person.full_name, "why": why},
                          field="person")
    spare = {m.id: m.spare for m in pool.problem.minimums}
    labels = {m.id: m.label for m in pool.problem.minimums}
    legal = [i for i in options if all(spare[d] > 0 for d in i.option.draws)]
    if not legal:
        full = next(d for i in options for d in i.option.draws if spare[d] <= 0)
        raise DomainError(_("%(person)s cannot be deployed: it would take %(what)s below its minimum.")
                          % {"person": person.full_name, "what": labels[full]}, field="person")
    best = min(legal, key=lambda i: pool.problem.option_cost(i.option))
    with transaction.atomic(durable=True):
        locked = Event.objects.select_for_update().get(pk=event.pk)
        assignment = _assignment_from(locked, best, pinned=True)
        locked.version += 1
        locked.save(update_fields=["version"])
        record(actor=acting_user, action="events.assignment.add", obj=assignment, after=snapshot(assignment),
               reason=reason, unit_id=locked.unit_id, person_id=person.pk)
    return assignment


def do_remove_assignment(assignment: Assignment, *, acting_user, reason: str = "") -> None:
    event = assignment.event
    require_plan_event(acting_user, event)
    _open(event)
    if assignment.status != AssignmentStatus.PROPOSED:
        raise DomainError(_("%(person)s is already confirmed: change their duty on the roster and record them "
                            "absent instead.") % {"person": assignment.person.full_name}, field="assignment")
    with transaction.atomic(durable=True):
        before = snapshot(assignment)
        assignment.delete()
        Event.objects.filter(pk=event.pk).update(version=event.version + 1)
        record(actor=acting_user, action="events.assignment.remove", object_type="events.assignment",
               object_id=str(before["id"]), before=before, reason=reason, unit_id=event.unit_id,
               person_id=before["person"], object_repr=f"{event.reference}: {assignment.person.full_name}")


def _value_for(event: Event, assignment: Assignment, duty: Duty | None) -> DutyValue:
    role = f"EVT {event.reference}"[:40]
    if assignment.method == Method.ON_DUTY and duty is not None:
        return dataclasses.replace(value_of(duty), role=role)
    start, end = timezone.localtime(assignment.start), timezone.localtime(assignment.end)
    return DutyValue("custom", start_time=start.time(), end_time=end.time(), break_minutes=assignment.break_minutes,
                     role=role)


def do_confirm_deployment(event: Event, *, acting_user, reason: str = "") -> list[Assignment]:
    """Confirm every proposed assignment: each person's roster gets the event duty (source=event); on a published
    roster that is a duty change with notice, compensation class and a notification."""
    require_plan_event(acting_user, event)
    _open(event)
    now = timezone.now()
    confirmed = []
    with transaction.atomic(durable=True):
        locked = Event.objects.select_for_update().get(pk=event.pk)
        pending = list(locked.assignments.filter(status=AssignmentStatus.PROPOSED)
                       .select_related("person", "person__rank", "person__staff_group").prefetch_related("phases"))
        if not pending:
            raise DomainError(_("Nobody is proposed: ask for a proposal or add people first."), field="assignments")
        for a in pending:
            duty = Duty.objects.select_related("shift_type").filter(person=a.person, date=a.date).exclude(
                status="cancelled").first()
            why = reason.strip() or _("Deployed to %(event)s (%(phases)s)") % {
                "event": locked.name, "phases": ", ".join(p.name for p in a.phases.all())}
            result = set_cell(person=a.person, day=a.date, value=_value_for(locked, a, duty), expected_version=None,
                              reason=why, acting_user=acting_user, now=now, source=DutySource.EVENT)
            a.duty, a.status, a.version = result.duty, AssignmentStatus.CONFIRMED, a.version + 1
            a.save(update_fields=["duty", "status", "version"])
            confirmed.append(a)
        if locked.status == EventStatus.PLANNING:
            locked.status = EventStatus.APPROVED
        locked.version += 1
        locked.save(update_fields=["status", "version"])
        record(actor=acting_user, action="events.deployment.confirm", obj=locked,
               after={"confirmed": [a.pk for a in confirmed], "people": [a.person_id for a in confirmed]},
               reason=reason, unit_id=locked.unit_id)
    return confirmed


def do_record_attendance(assignment: Assignment, *, attended: bool, minutes: int | None = None, acting_user,
                         reason: str = "") -> Assignment:
    """Debrief: whether the person came, and for how long (default: the phases they were deployed to)."""
    event = assignment.event
    require_plan_event(acting_user, event)
    _open(event)
    if assignment.status == AssignmentStatus.PROPOSED:
        raise DomainError(_("Only confirmed people can attend: confirm the deployment first."), field="assignment")
    if minutes is not None and not 0 <= minutes <= 24 * 60:
        raise DomainError(_("Minutes worked must be between 0 and 1,440."), field="minutes")
    with transaction.atomic(durable=True):
        before = snapshot(assignment)
        planned = _run_minutes(assignment)
        assignment.status = AssignmentStatus.ATTENDED if attended else AssignmentStatus.ABSENT
        assignment.actual_minutes = (planned if minutes is None else minutes) if attended else 0
        assignment.version += 1
        assignment.save(update_fields=["status", "actual_minutes", "version"])
        record(actor=acting_user, action="events.assignment.attendance", obj=assignment, before=before,
               after=snapshot(assignment), reason=reason, unit_id=event.unit_id, person_id=assignment.person_id)
    return assignment


def _run_minutes(a: Assignment) -> int:
    phases = list(a.phases.all())
    if not phases:
        return a.minutes
    return int((max(p.end for p in phases) - min(p.start for p in phases)).total_seconds() // 60)


def actual_of(a: Assignment) -> tuple[Decimal | None, Decimal | None, str]:
    """What an attended assignment actually cost, from its minutes at the event and the way the person came."""
    if a.status == AssignmentStatus.ABSENT or not a.actual_minutes:
        return Decimal("0.00"), Decimal("0.00"), ""
    phases = list(a.phases.all())
    start = min(p.start for p in phases) if phases else a.start
    end = start + dt.timedelta(minutes=a.actual_minutes)
    tour = None
    if a.method == Method.OVERTIME and a.duty_id:
        change = a.duty.changes.order_by("changed_at").first() if a.duty else None
        if change and change.old and change.old.get("kind") == "duty":
            tour = (dt.datetime.fromisoformat(change.old["start"]), dt.datetime.fromisoformat(change.old["end"]))
    return cost_actual(a.person, start, end, method=a.method, tour=tour, break_minutes=a.break_minutes,
                       notified_at=a.duty.notified_at if a.duty else None)


def do_close_event(event: Event, *, expected_version: int | None = None, acting_user, reason: str = "") -> Event:
    """Close the event: confirmed people not marked otherwise attended as planned; the actual cost is worked out."""
    require_plan_event(acting_user, event)
    _open(event)
    with transaction.atomic(durable=True):
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _check_version(locked, expected_version, locked.name)
        before = snapshot(locked)
        locked.assignments.filter(status=AssignmentStatus.PROPOSED).delete()
        total = Decimal("0.00")
        for a in locked.assignments.select_related("person", "duty").prefetch_related("phases"):
            if a.status == AssignmentStatus.CONFIRMED:
                a.status, a.actual_minutes = AssignmentStatus.ATTENDED, _run_minutes(a)
            a.actual_cost, a.actual_basic, _note = actual_of(a)
            a.save(update_fields=["status", "actual_minutes", "actual_cost", "actual_basic"])
            total += (a.actual_cost or 0) + (a.actual_basic or 0)
        locked.status, locked.version = EventStatus.CLOSED, locked.version + 1
        locked.save(update_fields=["status", "version"])
        record(actor=acting_user, action="events.event.close", obj=locked, before=before,
               after=snapshot(locked) | {"actual_total": str(total)}, reason=reason, unit_id=locked.unit_id)
    return locked
