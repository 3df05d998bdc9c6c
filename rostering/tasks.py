"""Background work of rostering: one optimiser run per task, by id.

`solve_run` is idempotent: a run that is no longer queued (finished, cancelled, or taken by another worker) is
left alone, so a task delivered twice does no harm. Everything the run learns goes on its SolverRun row —
progress points at most about once a second, the result at the end — and cancellation is read from the row, so
no state lives in the worker's memory and any worker may run any run."""

from __future__ import annotations

import logging
import threading
import time
import traceback

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from common.errors import DomainError

from .models import SolverRun, SolverStatus

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 1.0  # seconds between progress writes
CANCEL_POLL_EVERY = 0.5  # seconds between reads of cancel_requested


@task()
def solve_run(run_id: int) -> str:
    return execute_run(run_id)


class _Watch:
    """Progress and cancellation for one run. CP-SAT calls back from its own threads: only the task's thread
    touches the database (a database connection belongs to one thread); points from other threads wait for it."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.owner = threading.get_ident()
        self.points: list[list[float]] = []
        self.written = 0
        self.last_write = 0.0
        self.last_poll = 0.0
        self.cancelled = False

    def on_progress(self, seconds: float, objective: int, bound: int) -> None:
        self.points.append([round(seconds, 2), objective, bound])
        self.flush()

    def flush(self, force: bool = False) -> None:
        if threading.get_ident() != self.owner or len(self.points) == self.written:
            return
        now = time.monotonic()
        if force or now - self.last_write >= PROGRESS_EVERY:
            SolverRun.objects.filter(pk=self.run_id).update(progress=list(self.points))
            self.written, self.last_write = len(self.points), now

    def should_stop(self) -> bool:
        if self.cancelled or threading.get_ident() != self.owner:
            return self.cancelled
        self.flush()
        now = time.monotonic()
        if now - self.last_poll >= CANCEL_POLL_EVERY:
            self.last_poll = now
            self.cancelled = SolverRun.objects.filter(pk=self.run_id, cancel_requested=True).exists()
        return self.cancelled


def execute_run(run_id: int) -> str:
    """Run the optimiser for a queued run and record what it found. Returns the run's final status."""
    from .solving import build_problem, interpret, run_solver

    claimed = SolverRun.objects.filter(pk=run_id, status=SolverStatus.QUEUED, cancel_requested=False).update(
        status=SolverStatus.RUNNING, started_at=timezone.now())
    if not claimed:
        run = SolverRun.objects.filter(pk=run_id).first()
        return run.status if run else "missing"
    run = SolverRun.objects.select_related("unit").get(pk=run_id)
    watch = _Watch(run_id)
    began = time.monotonic()
    try:
        built = build_problem(run.unit, run.start_date, run.end_date, run.mode, today=timezone.localdate())
        build_seconds = round(time.monotonic() - began, 3)
        SolverRun.objects.filter(pk=run_id).update(base=built.base_versions(), build_seconds=build_seconds)
        solution = run_solver(built, time_limit=run.time_limit, workers=run.workers, on_progress=watch.on_progress,
                              should_stop=watch.should_stop)
        result = interpret(built, solution)
    except (DomainError, ValueError) as exc:
        # ProblemError is a ValueError naming the field: the planner's input, not a crash.
        message = getattr(exc, "message", None) or str(exc)
        SolverRun.objects.filter(pk=run_id).update(status=SolverStatus.FAILED, error=message,
                                                   finished_at=timezone.now())
        return SolverStatus.FAILED
    except Exception:
        logger.exception("solver run %s failed", run_id)
        SolverRun.objects.filter(pk=run_id).update(status=SolverStatus.FAILED, finished_at=timezone.now(),
                                                   error=traceback.format_exc(limit=3)[-2000:])
        return SolverStatus.FAILED
    watch.flush(force=True)
    with transaction.atomic():
        run = SolverRun.objects.select_for_update().get(pk=run_id)
        final = SolverStatus.CANCELLED if run.cancel_requested else SolverStatus.FINISHED
        SolverRun.objects.filter(pk=run_id).update(
            status=final, solver_status=solution.status, objective=solution.objective,
            best_bound=solution.best_bound, gap=solution.gap, result=result, progress=list(watch.points),
            solve_seconds=solution.seconds, finished_at=timezone.now(),
            error="" if solution.roster is not None else _no_roster(solution))
    return final


def _no_roster(solution) -> str:
    if solution.status == "infeasible":
        why = "; ".join(solution.impossible[:5])
        return ("No roster keeps every hard rule (rest, contract hours, availability, locked duties)."
                + (f" {why}" if why else ""))
    return "No roster was found within the time limit: try a longer limit or a shorter period."
