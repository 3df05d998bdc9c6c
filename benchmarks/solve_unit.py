"""Benchmark the roster optimiser through its Django adapter on a realistic police station (issue 5).

    python benchmarks/solve_unit.py [--quick] [--time-limit S] [--workers W]

Creates a throw-away test database (as benchmarks/roster_grid.py does, and with its station: five response
teams on the police 5-team 10-hour pattern, 60 officers with ranks and three skills, 17 weeks of history,
annual leave, the "police-response-station" requirements), then runs build, fill and repair for 8 weeks through
rostering.solving (build_problem -> run_solver -> interpret), each for the time limit, and reports objective,
bound, gap, seconds and the number of proposed changes. Repair follows three new sicknesses in the first fortnight.
Every roster is also judged by the solver's own hard-rule check. Target: within 1 % of the bound within 60 s.
`--quick`: 20 people over one week, 5 s a mode.
Last line: {"benchmark": "solve_unit", "people": 60, "days": 56, "modes": {...}}
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from benchmarks.roster_grid import FIRST_DAY, build  # noqa: E402  (sets Django up)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 people x 7 days, 5 s a mode: a smoke test")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds a mode (default 60, quick 5)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if args.workers < 1:
        print("--workers: must be at least 1", file=sys.stderr)
        return 2
    people, days = (20, 7) if args.quick else (60, 56)
    limit = args.time_limit or (5.0 if args.quick else 60.0)
    if limit <= 0:
        print("--time-limit: must be a positive number of seconds", file=sys.stderr)
        return 2

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from absence.models import Abstraction, AbstractionType
        from muster_engine.solver.constraints import HARD
        from rostering.solving import build_problem, interpret, run_solver

        started = time.perf_counter()
        station, _planner = build(people, 21 if args.quick else 17 * 7, days)
        setup = time.perf_counter() - started
        start, end = FIRST_DAY, FIRST_DAY + dt.timedelta(days=days - 1)
        today = start - dt.timedelta(days=1)  # the whole period lies ahead; repair pays for short notice
        rows = []
        for mode in ("build", "fill", "repair"):
            if mode == "repair":
                sick = AbstractionType.objects.create(code="sick", name="Sickness", category="sickness",
                                                      excluded_from_wtr_average=True)
                for person_id in station_people(station)[1:4]:
                    Abstraction.objects.create(person_id=person_id, type=sick, start_date=start + dt.timedelta(days=2),
                                               end_date=start + dt.timedelta(days=5), status="approved")
            t = time.perf_counter()
            built = build_problem(station, start, end, mode, today=today)
            adapter = time.perf_counter() - t
            solution = run_solver(built, time_limit=limit, workers=args.workers)
            result = interpret(built, solution)
            breaches = sum(len(rule.check(solution.roster)) for rule in HARD) if solution.roster else None
            rows.append({"mode": mode, "people": len(built.problem.people), "days": days,
                         "shift_types": len(built.problem.shift_types), "requirements": len(built.problem.requirements),
                         "status": solution.status, "objective": solution.objective, "bound": solution.best_bound,
                         "gap_pct": None if solution.gap is None else round(100 * solution.gap, 2),
                         "seconds": round(solution.seconds, 1), "adapter_seconds": round(adapter, 2),
                         "changes": len(result["changes"]), "unfilled": len(result["unfilled"]),
                         "hard_breaches": breaches})
        print(f"Roster optimiser through the adapter on {connection.vendor}: {people} people x {days} days, "
              f"{limit:g} s a mode, {args.workers} workers (setup {setup:.1f} s)")
        head = ("mode", "people", "days", "objective", "bound", "gap %", "seconds", "changes", "unfilled", "status")
        print("".join(f"{h:>11}" for h in head))
        for r in rows:
            cells = (r["mode"], r["people"], r["days"], r["objective"], r["bound"],
                     "-" if r["gap_pct"] is None else f"{r['gap_pct']:.2f}", f"{r['seconds']:.1f}", r["changes"],
                     r["unfilled"], r["status"])
            print("".join(f"{c!s:>11}" for c in cells))
        print(json.dumps({"benchmark": "solve_unit", "people": people, "days": days, "time_limit": limit,
                          "workers": args.workers, "modes": {r["mode"]: r for r in rows}}))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


def station_people(station) -> list[int]:
    from rostering.teams import person_ids_in

    return sorted(person_ids_in(station, FIRST_DAY, FIRST_DAY))


if __name__ == "__main__":
    sys.exit(main())
