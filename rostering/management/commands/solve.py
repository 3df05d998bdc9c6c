"""muster solve --unit CODE --start YYYY-MM-DD --end YYYY-MM-DD --mode build|fill|repair [--time-limit S]
[--workers W] [--apply [--reason TEXT]] [--format json]

Runs the roster optimiser for a unit's sub-tree in this process (recorded as a SolverRun like a run started from
the browser) and prints what it proposes; --apply accepts every change through the same action as the page.
JSON: {"run", "status", "solver_status", "objective", "best_bound", "gap", "seconds", "changes": [...],
"unfilled": [...], "applied"}. Exit 0 with a roster, 1 when there is none (infeasible, or none in the time),
2 on bad input naming the field."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from common.errors import DomainError
from org.models import Unit
from people.management.commands._actor import resolve_actor
from rostering.actions import do_accept_solver_result, do_start_solver_run
from rostering.models import SolverRun
from rostering.tasks import execute_run


def _date(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--{field}: {value!r} is not a date; use YYYY-MM-DD.", returncode=2) from None


class Command(BaseCommand):
    help = "Optimise a unit's roster (build, fill or repair) and print the proposed changes."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="Unit code (its sub-tree is rostered).")
        parser.add_argument("--start", required=True)
        parser.add_argument("--end", required=True)
        parser.add_argument("--mode", required=True, help="build, fill or repair")
        parser.add_argument("--time-limit", type=int, default=30, help="Seconds (1-600). Default 30.")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--apply", action="store_true", help="Accept every proposed change.")
        parser.add_argument("--reason", default="", help="Told to people whose published duty changes.")
        parser.add_argument("--user", help="Act as this user. Default: system.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"--unit: there is no unit {options['unit']!r}.", returncode=2)
        start, end = _date(options["start"], "start"), _date(options["end"], "end")
        actor = resolve_actor(options["user"])
        try:
            run = do_start_solver_run(unit=unit, mode=options["mode"], start=start, end=end,
                                      time_limit=options["time_limit"], workers=options["workers"],
                                      acting_user=actor, dispatch=False)
        except DomainError as exc:
            field = exc.errors[0].field.replace("_", "-") if exc.errors else "input"
            raise CommandError(f"--{field}: {exc.message}", returncode=2) from None
        execute_run(run.pk)
        run = SolverRun.objects.get(pk=run.pk)
        result = run.result or {}
        applied = 0
        if options["apply"] and result.get("changes"):
            try:
                applied = len(do_accept_solver_result(run=run, expected_version=run.version, acting_user=actor,
                                                      reason=options["reason"]))
            except DomainError as exc:
                raise CommandError(f"--apply: {exc.message}", returncode=1) from None
        out = {"run": run.pk, "status": run.status, "solver_status": run.solver_status, "objective": run.objective,
               "best_bound": run.best_bound, "gap": run.gap, "seconds": run.solve_seconds, "error": run.error,
               "changes": result.get("changes", []), "unfilled": result.get("unfilled", []), "applied": applied}
        if options["format"] == "json":
            self.stdout.write(json.dumps(out, default=str))
        else:
            self.stdout.write(f"Run {run.pk}: {run.status} ({run.solver_status or '-'}), objective {run.objective}, "
                              f"bound {run.best_bound}, {len(out['changes'])} changes, "
                              f"{len(out['unfilled'])} unfilled, {applied} applied")
            for c in out["changes"]:
                self.stdout.write(f"  {c['date']} {c['name']}: {c['before_label']} -> {c['after_label']}")
            for g in out["unfilled"]:
                self.stdout.write(f"  unfilled {g['date']} {g['what']}: {g['short']} short")
            if run.error:
                self.stdout.write(run.error)
        if run.solver_status not in ("optimal", "feasible"):
            raise SystemExit(1)
