"""Running the roster optimiser and accepting what it proposes.

Accepting writes every chosen change through the same cell writer as a planner's own edits (duties.set_cell):
published days get a DutyChange with notice and compensation, the person is notified, and each cell's version
is checked — in one transaction, so a result is accepted whole or not at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import record, snapshot
from common.errors import ConflictError, DomainError
from org.models import Unit
from people.models import Person

from ..choices import DutySource, DutyStatus
from ..models import Duty, ShiftType, SolverRun, SolverStatus
from ..permissions import require_plan
from .duties import DutyValue, describe, set_cell

MODES = ("build", "fill", "repair")
MAX_DAYS = 84  # 12 weeks
MIN_TIME_LIMIT, MAX_TIME_LIMIT = 1, 600
MAX_WORKERS = 8


def _validate(mode: str, start: dt.date, end: dt.date, time_limit: int, workers: int) -> None:
    if mode not in MODES:
        raise DomainError(_("Choose build, fill or repair."), field="mode")
    if end < start:
        raise DomainError(_("The last day must be on or after the first day."), field="end")
    if (end - start).days + 1 > MAX_DAYS:
        raise DomainError(_("Optimise at most %(n)s days (12 weeks) at a time.") % {"n": MAX_DAYS}, field="end")
    if not MIN_TIME_LIMIT <= time_limit <= MAX_TIME_LIMIT:
        raise DomainError(_("The time limit is %(lo)s to %(hi)s seconds.") % {"lo": MIN_TIME_LIMIT,
                                                                               "hi": MAX_TIME_LIMIT},
                          field="time_limit")
    if not 1 <= workers <= MAX_WORKERS:
        raise DomainError(_("Use 1 to %(n)s workers.") % {"n": MAX_WORKERS}, field="workers")


def do_start_solver_run(*, unit: Unit, mode: str, start: dt.date, end: dt.date, time_limit: int = 30,
                        workers: int = 2, acting_user, reason: str | None = None, dispatch: bool = True) -> SolverRun:
    """Queue an optimiser run for a unit's sub-tree; the task starts once this commits (`dispatch` False: the
    caller runs it itself, as the `solve` command does)."""
    require_plan(acting_user, unit)
    _validate(mode, start, end, time_limit, workers)
    with transaction.atomic(durable=True):
        run = SolverRun.objects.create(unit=unit, mode=mode, start_date=start, end_date=end, time_limit=time_limit,
                                       workers=workers,
                                       created_by=acting_user if getattr(acting_user, "pk", None) else None)
        record(actor=acting_user, action="rostering.solver_run.start", obj=run, after=snapshot(run),
               reason=reason or "", unit_id=unit.pk)
        if dispatch:
            transaction.on_commit(lambda: _dispatch(run.pk))
    return run


def _dispatch(run_id: int) -> None:
    from ..tasks import solve_run

    solve_run.enqueue(run_id)


def do_cancel_solver_run(*, run: SolverRun, acting_user, reason: str | None = None) -> SolverRun:
    """Ask a queued or running run to stop; a running one keeps the best roster found so far."""
    require_plan(acting_user, run.unit)
    with transaction.atomic(durable=True):
        run = SolverRun.objects.select_for_update().get(pk=run.pk)
        if not run.is_active:
            raise DomainError(_("This run has already ended (%(status)s).") % {"status": run.get_status_display()},
                              field="status")
        before = snapshot(run, ["status", "cancel_requested"])
        run.cancel_requested = True
        fields = ["cancel_requested", "version"]
        if run.status == SolverStatus.QUEUED:
            run.status = SolverStatus.CANCELLED
            run.finished_at = timezone.now()
            fields += ["status", "finished_at"]
        run.version += 1
        run.save(update_fields=fields)
        record(actor=acting_user, action="rostering.solver_run.cancel", obj=run, before=before,
               after=snapshot(run, ["status", "cancel_requested"]), reason=reason or "", unit_id=run.unit_id)
    return run


def stale_cells(run: SolverRun) -> list[dict]:
    """Cells whose duty changed since the run read the roster: [{person, name, date, now}]."""
    if not run.base:
        return []
    person_ids = {int(key.split(":")[0]) for key in run.base}
    now = {(d.person_id, d.date): d for d in Duty.objects.filter(
        person_id__in=person_ids, date__range=(run.start_date, run.end_date)).exclude(
        status=DutyStatus.CANCELLED).select_related("shift_type")}
    names = dict(Person.objects.filter(id__in=person_ids).values_list("id", "first_name"))
    surnames = dict(Person.objects.filter(id__in=person_ids).values_list("id", "last_name"))
    found = []
    for key, version in run.base.items():
        pid, day_text = key.split(":")
        day = dt.date.fromisoformat(day_text)
        duty = now.get((int(pid), day))
        if (duty.version if duty else 0) != version:
            found.append({"person": int(pid), "name": f"{names.get(int(pid), '')} {surnames.get(int(pid), '')}",
                          "date": day_text, "now": describe(duty)["label"]})
    return sorted(found, key=lambda c: (c["date"], c["name"]))


def _value(code: str, shift_types: dict[str, ShiftType]) -> DutyValue:
    if code == "RD":
        return DutyValue("rest")
    st = shift_types.get(code)
    if st is None:
        raise DomainError(_("Shift type %(code)s no longer exists.") % {"code": code}, field="change_ids")
    return DutyValue("shift", shift_type=st, break_minutes=st.break_minutes, role=st.role)


def do_accept_solver_result(*, run: SolverRun, change_ids: Sequence[str] | None = None, expected_version: int,
                            acting_user, reason: str = "") -> list:
    """Write the chosen changes (None: all) of a finished run as duties, source "solver". Refused when the run
    changed since the planner read it (409), or when any duty of the run's roster changed since the run read it
    (409 naming the cells): the result was computed for a roster that is no longer there."""
    require_plan(acting_user, run.unit)
    now = timezone.now()
    with transaction.atomic(durable=True):
        run = SolverRun.objects.select_for_update().select_related("unit").get(pk=run.pk)
        if run.version != expected_version:
            raise ConflictError(_("This run changed since you opened it; look again and retry."), field="version")
        if run.accepted_at is not None:
            raise DomainError(_("This result was already accepted on %(when)s.")
                              % {"when": timezone.localtime(run.accepted_at).strftime("%d %b %H:%M")},
                              field="status")
        if run.status not in (SolverStatus.FINISHED, SolverStatus.CANCELLED) or not run.result:
            raise DomainError(_("There is no result to accept yet (%(status)s).")
                              % {"status": run.get_status_display()}, field="status")
        changes = {c["id"]: c for c in run.changes}
        if change_ids is None:
            chosen = list(changes.values())
        else:
            unknown = [c for c in change_ids if c not in changes]
            if unknown:
                raise DomainError(_("No such proposed change: %(ids)s.") % {"ids": ", ".join(unknown[:5])},
                                  field="change_ids")
            chosen = [changes[c] for c in dict.fromkeys(change_ids)]
        if not chosen:
            raise DomainError(_("Choose at least one change to accept."), field="change_ids")
        stale = stale_cells(run)
        if stale:
            listed = "; ".join(f"{c['name']} {c['date']} (now {c['now']})" for c in stale[:10])
            more = _(" and %(n)s more") % {"n": len(stale) - 10} if len(stale) > 10 else ""
            raise ConflictError(_("The roster changed since the optimiser read it, so its result may no longer "
                                  "hold: %(cells)s%(more)s. Run it again.") % {"cells": listed, "more": more},
                                field="base")
        text = (reason or "").strip() or _("Roster optimiser (%(mode)s), accepted by the planner") % {
            "mode": run.mode}
        shift_types = {st.code: st for st in ShiftType.objects.filter(code__in={c["after"] for c in chosen})}
        people = Person.objects.select_related("rank", "staff_group").in_bulk({c["person"] for c in chosen})
        results = []
        for c in sorted(chosen, key=lambda c: (c["date"], c["person"])):
            results.append(set_cell(person=people[c["person"]], day=dt.date.fromisoformat(c["date"]),
                                     value=_value(c["after"], shift_types), expected_version=c["version"],
                                     reason=text, acting_user=acting_user, now=now, source=DutySource.SOLVER))
        before = snapshot(run, ["accepted_at", "accepted_changes", "version"])
        run.accepted_at = now
        run.accepted_by = acting_user if getattr(acting_user, "pk", None) else None
        run.accepted_changes = [c["id"] for c in chosen]
        run.version += 1
        run.save(update_fields=["accepted_at", "accepted_by", "accepted_changes", "version"])
        record(actor=acting_user, action="rostering.solver_run.accept", obj=run, before=before,
               after={**snapshot(run, ["accepted_at", "accepted_changes", "version"]),
                      "changes": [[c["person"], c["date"], c["before"], c["after"]] for c in chosen]},
               reason=text, unit_id=run.unit_id,
               object_repr=f"{run} — {len(chosen)} of {len(changes)} changes accepted")
    return results
