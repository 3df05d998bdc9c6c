"""/api/rostering: optimiser runs of a unit — start one, read its status, progress and result, cancel it, accept
all or some of its changes.

Mounted into rostering/api.py's router. Thin: writes call rostering.actions (permissions, validation naming the
field, audit). Reading a run is for the unit's planners and managers; starting, cancelling and accepting for its
planners."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from common.schema_types import PlanDay, RecordId, Version
from org.models import Unit

from . import actions
from .models import SolverRun
from .permissions import require_read

router = Router(tags=["roster optimiser"])


class RunIn(Schema):
    mode: str = Field(description="build (from the pattern), fill (keep the roster, cover shortfalls) or repair "
                                  "(fewest, best-noticed changes to a published roster)")
    start: PlanDay
    end: PlanDay = Field(description="At most 84 days after start.")
    time_limit: int = Field(30, description="Seconds, 1 to 600.")
    workers: int = Field(2, description="CP-SAT workers, 1 to 8.")


class RunOut(Schema):
    id: int
    unit: str
    mode: str
    start: dt.date
    end: dt.date
    time_limit: int
    workers: int
    status: str = Field(description="queued, running, finished, failed or cancelled")
    solver_status: str = Field(description="optimal, feasible, infeasible, unknown; empty until it ends")
    progress: list[list[float]] = Field(description="[seconds, objective, bound] points")
    objective: int | None
    best_bound: int | None
    gap: float | None
    error: str
    cancel_requested: bool
    accepted_at: dt.datetime | None
    accepted_changes: list[str]
    version: int
    result: dict | None = Field(description="changes [{id, person, name, date, before, after, published, "
                                            "clear_days, compensation, version}], unfilled [{date, what, short, "
                                            "candidates [{name, why}], cheapest}], explanation [str], fairness")


def _out(run: SolverRun) -> dict:
    return {"id": run.pk, "unit": run.unit.code, "mode": run.mode, "start": run.start_date, "end": run.end_date,
            "time_limit": run.time_limit, "workers": run.workers, "status": run.status,
            "solver_status": run.solver_status, "progress": run.progress or [], "objective": run.objective,
            "best_bound": run.best_bound, "gap": run.gap, "error": run.error,
            "cancel_requested": run.cancel_requested, "accepted_at": run.accepted_at,
            "accepted_changes": run.accepted_changes or [], "version": run.version, "result": run.result}


class AcceptIn(Schema):
    change_ids: list[str] | None = Field(None, description="The changes to accept; empty: all of them.")
    version: Version = Field(description="The run's version you read; a change in between gives 409.")
    reason: str = Field("", description="Told to people whose published duty changes; default names the optimiser.")


class AcceptOut(Schema):
    accepted: int
    run: RunOut


class SolverRunCancelIn(Schema):
    reason: str = ""


def _run(run_id: int) -> SolverRun:
    return get_object_or_404(SolverRun.objects.select_related("unit"), pk=run_id)


@router.post("/units/{code}/solver-runs", response={201: RunOut})
def start_run(request, code: str, payload: RunIn):
    unit = get_object_or_404(Unit, code=code)
    run = actions.do_start_solver_run(unit=unit, mode=payload.mode, start=payload.start, end=payload.end,
                                      time_limit=payload.time_limit, workers=payload.workers,
                                      acting_user=request.user)
    return 201, _out(SolverRun.objects.select_related("unit").get(pk=run.pk))


@router.get("/units/{code}/solver-runs", response=list[RunOut])
def list_runs(request, code: str):
    unit = get_object_or_404(Unit, code=code)
    require_read(request.user, unit)
    return [_out(r) for r in SolverRun.objects.filter(unit=unit).select_related("unit")[:50]]


@router.get("/solver-runs/{run_id}", response=RunOut)
def get_run(request, run_id: RecordId):
    run = _run(run_id)
    require_read(request.user, run.unit)
    return _out(run)


@router.post("/solver-runs/{run_id}/cancel", response=RunOut)
def cancel_run(request, run_id: RecordId, payload: SolverRunCancelIn):
    run = actions.do_cancel_solver_run(run=_run(run_id), acting_user=request.user, reason=payload.reason)
    return _out(_run(run.pk))


@router.post("/solver-runs/{run_id}/accept", response=AcceptOut)
def accept_run(request, run_id: RecordId, payload: AcceptIn):
    results = actions.do_accept_solver_result(run=_run(run_id), change_ids=payload.change_ids or None,
                                              expected_version=payload.version, reason=payload.reason,
                                              acting_user=request.user)
    return {"accepted": len(results), "run": _out(_run(run_id))}
