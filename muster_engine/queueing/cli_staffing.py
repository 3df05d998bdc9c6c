"""`muster staffing`: the fewest agents for one interval (Erlang C, or Erlang A with --patience). No database."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence

from .erlang import InfeasibleTarget, StaffingInputError, Target, required_agents

EXIT_OK = 0
EXIT_INFEASIBLE = 1
EXIT_BAD_INPUT = 2

FLAGS = {"calls": "--calls", "aht": "--aht", "interval_minutes": "--interval-minutes",
         "service_level": "--service-level", "answer_within": "--answer-within", "asa": "--asa",
         "max_occupancy": "--max-occupancy", "shrinkage": "--shrinkage", "patience": "--patience",
         "max_abandon": "--max-abandon"}

_EPILOG = """\
exit status:
  0  the answer is printed
  1  no number of agents meets every target (the reason is on stderr)
  2  bad input: the message names the flag and what is allowed

--format json prints one object:
  {"traffic_erlangs": A, "agents": N (the fewest meeting every target, before shrinkage),
   "scheduled": N / (1 - shrinkage) rounded up, "service_level": share answered within --answer-within,
   "asa_seconds": average speed of answer, "occupancy": A / N (Erlang A: answered traffic / N),
   "model": "erlang_c" | "erlang_a"}
With --patience (mean seconds a caller waits before hanging up) the model is Erlang A: the service level
counts abandoned calls as not answered in time (RULES.md CC-4).

example (RULES.md CC-1): muster staffing --calls 100 --aht 180 --interval-minutes 30 --service-level 0.8 \\
    --answer-within 20 --shrinkage 0.3 --format json  → 14 agents, 20 scheduled
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="muster staffing", epilog=_EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     description="Agents needed for one interval to meet a service level "
                                                 "(RULES.md § 7: Erlang C, Erlang A with --patience).")
    parser.add_argument("--calls", type=float, required=True, help="calls offered in the interval")
    parser.add_argument("--aht", type=float, required=True, metavar="SECONDS", help="average handle time")
    parser.add_argument("--interval-minutes", type=float, required=True, metavar="M", help="interval length")
    parser.add_argument("--service-level", type=float, default=0.8, metavar="SHARE",
                        help="share answered within --answer-within (default 0.8 = 80 %%)")
    parser.add_argument("--answer-within", type=float, default=20.0, metavar="SECONDS",
                        help="service-level threshold (default 20)")
    parser.add_argument("--asa", type=float, metavar="SECONDS", help="also cap the average speed of answer")
    parser.add_argument("--max-occupancy", type=float, default=0.85, metavar="SHARE",
                        help="occupancy cap (CC-3, default 0.85; 1 switches it off)")
    parser.add_argument("--shrinkage", type=float, default=0.0, metavar="SHARE",
                        help="share of paid time off the phones (CC-2, default 0)")
    parser.add_argument("--patience", type=float, metavar="SECONDS",
                        help="mean caller patience: use Erlang A (abandonment)")
    parser.add_argument("--max-abandon", type=float, metavar="SHARE",
                        help="with --patience: cap the abandonment rate (CC-5: 0.05)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    return parser


def _percent(value: float) -> str:
    return f"{value * 100:.1f} %"


def render_text(result, args) -> str:
    model = "Erlang A" if result.model == "erlang_a" else "Erlang C"
    lines = [
        f"Traffic         {result.traffic_erlangs:.2f} Erlangs ({args.calls:g} calls x {args.aht:g} s "
        f"in {args.interval_minutes:g} min)",
        f"Agents          {result.agents}  (the fewest meeting every target, before shrinkage)",
        f"Scheduled       {result.scheduled}  (with {_percent(args.shrinkage)} shrinkage)",
        f"Service level   {_percent(result.service_level)} answered within {args.answer_within:g} s "
        f"(target {_percent(args.service_level)})",
        f"ASA             {result.asa_seconds:.1f} s",
        f"Occupancy       {_percent(result.occupancy)} (cap {_percent(args.max_occupancy)})",
    ]
    if result.model == "erlang_a":
        lines.append(f"Abandoned       {_percent(result.abandon_rate)} (mean patience {args.patience:g} s)")
    lines.append(f"Model           {model}")
    return "\n".join(lines) + "\n"


def _clean(value: float) -> float | None:
    return value if math.isfinite(value) else None


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in[:1] == ["staffing"]:
        args_in = args_in[1:]
    try:
        args = _parser().parse_args(args_in)
    except SystemExit as stop:
        return int(stop.code or 0)
    target = Target(service_level=args.service_level, answer_within_s=args.answer_within, asa_s=args.asa,
                    max_occupancy=args.max_occupancy, shrinkage=args.shrinkage, patience_s=args.patience,
                    max_abandon=args.max_abandon)
    try:
        result = required_agents(args.calls, args.aht, args.interval_minutes * 60.0, target)
    except StaffingInputError as error:
        print(f"muster staffing: {FLAGS.get(error.field, error.field)}: {error.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except InfeasibleTarget as error:
        print(f"muster staffing: no number of agents meets the target: {error.reason}", file=sys.stderr)
        if args.format == "json":
            json.dump({"error": "infeasible", "reason": error.reason}, sys.stdout)
            sys.stdout.write("\n")
        return EXIT_INFEASIBLE
    if args.format == "json":
        data = result.as_dict()
        for key in ("traffic_erlangs", "service_level", "asa_seconds", "occupancy"):
            data[key] = _clean(round(data[key], 6))
        json.dump(data, sys.stdout)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(result, args))
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
