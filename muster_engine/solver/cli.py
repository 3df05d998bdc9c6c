"""`muster bench curtois PATH/InstanceN.txt --time-limit S [--workers W] --solution-out FILE.csv`: solve one
Curtois & Qu benchmark instance with the roster optimiser, without Django."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_SOLVED = 0
EXIT_NO_SOLUTION = 1
EXIT_BAD_INPUT = 2

_EPILOG = """\
exit status:
  0  a roster was found (and written to --solution-out)
  1  no roster: the instance is infeasible, or none was found within the time limit
  2  bad input: the message on stderr names the flag or file and what is allowed

prints one JSON line: {"instance": name, "objective": benchmark objective of the roster written (null when
none), "status": "optimal" | "feasible" | "infeasible" | "unknown", "best_bound": proved lower bound (null
when none), "seconds": wall-clock seconds}. The solution CSV has the header employee,day,shift (employee and
shift IDs as in the instance, day as the 0-based index), one row per assigned shift.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="muster bench curtois",
        description="Solve a Curtois & Qu shift-scheduling benchmark instance (../shared/benchmarks/curtois).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("instance", metavar="PATH/InstanceN.txt", help="the instance file")
    parser.add_argument("--time-limit", type=float, required=True, metavar="S", help="seconds of search (> 0)")
    parser.add_argument("--workers", type=int, default=2, metavar="W", help="CP-SAT workers (default 2)")
    parser.add_argument("--solution-out", required=True, metavar="FILE.csv", help="where to write the roster")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in[:1] == ["bench"]:
        args_in = args_in[1:]
    if args_in[:1] != ["curtois"]:
        print("muster bench: the benchmark must be named: `muster bench curtois PATH ...` (allowed: curtois)",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        args = _parser().parse_args(args_in[1:])
    except SystemExit as stop:  # argparse exits 2 on usage errors and 0 after --help
        return int(stop.code or 0)
    if not args.time_limit > 0:
        print(f"muster bench curtois: --time-limit must be more than 0 seconds, got {args.time_limit:g}",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.workers < 1:
        print(f"muster bench curtois: --workers must be at least 1, got {args.workers}", file=sys.stderr)
        return EXIT_BAD_INPUT
    out = Path(args.solution_out)
    if not out.parent.is_dir():
        print(f"muster bench curtois: --solution-out: folder {out.parent} does not exist", file=sys.stderr)
        return EXIT_BAD_INPUT

    from .curtois import InstanceError, check_solution, read_instance, roster_rows, to_problem, write_solution
    from .problem import ProblemError
    from .solve import SolveOptions, solve

    try:
        instance = read_instance(Path(args.instance))
        problem = to_problem(instance)
    except (InstanceError, ProblemError) as error:
        print(f"muster bench curtois: {args.instance}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    solution = solve(problem, SolveOptions(time_limit=args.time_limit, workers=args.workers, seed=args.seed))
    objective = None
    if solution.roster is not None:
        report = check_solution(instance, roster_rows(solution.roster))
        if not report.valid:  # never write an invalid roster: that would be a bug to report, not a result
            print(f"muster bench curtois: internal error: the roster breaks {report.violations[0]}", file=sys.stderr)
            return EXIT_NO_SOLUTION
        objective = report.objective
        out.write_text(write_solution(solution.roster), encoding="utf-8")
    print(json.dumps({
        "instance": instance.name,
        "objective": objective,
        "status": solution.status,
        "best_bound": solution.best_bound,
        "seconds": round(solution.seconds, 2),
    }))
    return EXIT_SOLVED if objective is not None else EXIT_NO_SOLUTION


if __name__ == "__main__":
    raise SystemExit(main())
