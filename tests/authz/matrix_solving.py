"""Authorisation rows of the roster optimiser (rostering/views/solving.py, rostering/solving_api.py).

Planners of a unit start, cancel and accept its runs; its managers read them; nobody else sees them. The runs the
rows point at are made directly (a finished one with one proposed change: Sam on an early on the world's day; a
queued one to cancel), so no row waits for the solver."""

from __future__ import annotations

from .matrix import Row, code, expect


def _run(w, unit_name: str, status: str):
    """A run of `unit_name` in `status`, made once per world."""
    key = f"_solver_run_{unit_name}_{status}"
    if key not in w.__dict__:
        from rostering.models import SolverRun

        unit = getattr(w, unit_name)
        person = w.sam if unit_name == "northtown" else w.lee
        result = None
        if status == "finished":
            w.shift_type_org  # noqa: B018 - the early "E" the change proposes must exist
            result = {"changes": [{"id": f"{person.pk}-{w.day:%Y%m%d}", "person": person.pk,
                                   "name": person.full_name, "date": w.day_text(), "before": "", "after": "E",
                                   "before_label": "no duty", "after_label": "E 07:00–17:00", "version": 0,
                                   "published": False, "clear_days": 60, "compensation": ""}],
                      "unfilled": [], "explanation": ["Objective 0."], "fairness": {}}
        w.__dict__[key] = SolverRun.objects.create(unit=unit, mode="fill", start_date=w.day, end_date=w.day,
                                                   time_limit=5, status=status, result=result)
    return w.__dict__[key]


def _pk(unit_name: str, status: str):
    return lambda w: {"pk": _run(w, unit_name, status).pk}


def _run_id(unit_name: str, status: str):
    return lambda w: {"run_id": _run(w, unit_name, status).pk}


def _start_form(w) -> dict:
    return {"mode": "fill", "start": w.day_text(), "end": w.day_text(6), "time_limit": "5"}


def _start_json(w) -> dict:
    return {"mode": "fill", "start": w.day_text(), "end": w.day_text(6), "time_limit": 5, "workers": 1}


def _runs(w) -> int:
    from rostering.models import SolverRun

    return SolverRun.objects.count()


def _accepted(unit_name: str):
    def value(w):
        from rostering.models import SolverRun

        return SolverRun.objects.get(pk=_run(w, unit_name, "finished").pk).accepted_at

    return value


def _cancel_flag(unit_name: str):
    def value(w):
        from rostering.models import SolverRun

        return SolverRun.objects.get(pk=_run(w, unit_name, "queued").pk).cancel_requested

    return value


def _accept_form(unit_name: str):
    return lambda w: {"all": "1", "version": _run(w, unit_name, "finished").version}


PAGES: list[Row] = [
    Row("rostering:solver", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=code("northtown")),
    Row("rostering:solver", "southport", expect(ok="alice olly", denied="pat mo sam"), args=code("southport")),
    Row("rostering:solver", "northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=code("northtown"), body=_start_form, effect=_runs),
    Row("rostering:solver", "southport", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=code("southport"), body=_start_form, effect=_runs),
    Row("rostering:solver-run", "northtown's", expect(ok="alice pat mo", denied="olly sam"),
        args=_pk("northtown", "finished")),
    Row("rostering:solver-run", "northtown's (htmx status)", expect(ok="alice pat mo", denied="olly sam"),
        args=_pk("northtown", "queued"), headers={"HX-Request": "true"}),
    Row("rostering:solver-run", "southport's", expect(ok="alice olly", denied="pat mo sam"),
        args=_pk("southport", "finished")),
    Row("rostering:solver-run-cancel", "northtown's", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_pk("northtown", "queued"), effect=_cancel_flag("northtown")),
    Row("rostering:solver-run-cancel", "southport's", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=_pk("southport", "queued"), effect=_cancel_flag("southport")),
    Row("rostering:solver-run-accept", "northtown's", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_pk("northtown", "finished"), body=_accept_form("northtown"), effect=_accepted("northtown")),
    Row("rostering:solver-run-accept", "southport's", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=_pk("southport", "finished"), body=_accept_form("southport"), effect=_accepted("southport")),
]

API: list[Row] = [
    Row("/api/rostering/units/{code}/solver-runs", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=lambda w: {"code": "northtown"}),
    Row("/api/rostering/units/{code}/solver-runs", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=lambda w: {"code": "southport"}),
    Row("/api/rostering/units/{code}/solver-runs", "northtown", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=lambda w: {"code": "northtown"}, body=_start_json, effect=_runs),
    Row("/api/rostering/units/{code}/solver-runs", "southport", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=lambda w: {"code": "southport"}, body=_start_json, effect=_runs),
    Row("/api/rostering/solver-runs/{run_id}", "northtown's", expect(ok="alice pat mo", denied="olly sam"),
        args=_run_id("northtown", "finished")),
    Row("/api/rostering/solver-runs/{run_id}", "southport's", expect(ok="alice olly", denied="pat mo sam"),
        args=_run_id("southport", "finished")),
    Row("/api/rostering/solver-runs/{run_id}/cancel", "northtown's", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_run_id("northtown", "queued"), body=lambda w: {}, effect=_cancel_flag("northtown")),
    Row("/api/rostering/solver-runs/{run_id}/cancel", "southport's", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=_run_id("southport", "queued"), body=lambda w: {}, effect=_cancel_flag("southport")),
    Row("/api/rostering/solver-runs/{run_id}/accept", "northtown's", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_run_id("northtown", "finished"), body=lambda w: {"version": 1},
        effect=_accepted("northtown")),
    Row("/api/rostering/solver-runs/{run_id}/accept", "southport's", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=_run_id("southport", "finished"), body=lambda w: {"version": 1},
        effect=_accepted("southport")),
]
