"""`muster cost FILE.json [--format json|text]`: cost a RULES.md § 8 document from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from ..worktime.cli import read_document
from ..worktime.clock import fmt_date, fmt_instant
from ..worktime.interchange import InterchangeError
from .interchange import parse_cost_document
from .model import CostResult

EXIT_OK = 0
EXIT_BAD_INPUT = 2

_EPILOG = """\
exit status:
  0  costed (a cost of 0.00 is still an answer)
  2  bad input: the message on stderr names the field and what is allowed

--format json prints {"items": [{"person", "rule", "what", "start", "hours", "multiplier", "amount"}],
"time_off_owed": [{"person", "rule", "kind", "days" | "hours"}], "total"} as documented in RULES.md section 8;
TOIL rows also carry "earned_on" and, where TOIL not taken within 3 months is paid (NHS-4, PSC-1), "expires_on".
Optional per duty: "compensation": "pay" | "toil", "original_start" (POL-10), "rest_day_reinstated_at" (POL-6).
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="muster cost",
        description="Cost duties by the pay rules of their pack: overtime, rest-day and public-holiday payments, "
        "enhancements and allowances, and time off owed (RULES.md).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE.json", help="the interchange document; - reads standard input")
    parser.add_argument("--format", choices=("json", "text"), default="text", help="output format (default: text)")
    return parser


def _hours(value) -> str:
    return f"{float(value):g}"


def render_text(result: CostResult, out: TextIO) -> None:
    """A table of items with the total, then the time off owed."""
    if not result.items:
        out.write("Nothing to pay beyond basic pay.\n")
    else:
        header = ("PERSON", "RULE", "WHAT", "FROM", "HOURS", "X", "AMOUNT")
        rows = [
            (i.person, i.rule, i.what, fmt_instant(i.start), _hours(i.hours), _hours(i.multiplier), f"{i.amount:.2f}")
            for i in result.items
        ]
        widths = [max(len(r[c]) for r in (header, *rows)) for c in range(len(header))]
        for row in (header, *rows):
            cells = [f"{v:<{w}}" if c < 6 else f"{v:>{w}}" for c, (v, w) in enumerate(zip(row, widths, strict=True))]
            out.write("  ".join(cells).rstrip() + "\n")
        out.write(f"Total: {result.total:.2f}\n")
    for owed in result.time_off_owed:
        amount = f"{_hours(owed.days)} day(s)" if owed.days is not None else f"{_hours(owed.hours or 0)} h"
        out.write(f"Owed to {owed.person}: {amount} {owed.kind.replace('_', ' ')} ({owed.rule})\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run `muster cost`; `argv` is what follows the sub-command (a leading "cost" is accepted too)."""
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in[:1] == ["cost"]:
        args_in = args_in[1:]
    try:
        args = _parser().parse_args(args_in)
    except SystemExit as stop:  # argparse exits 2 on usage errors and 0 after --help
        return int(stop.code or 0)
    text = read_document(args.file, "cost")
    if text is None:
        return EXIT_BAD_INPUT
    try:
        request = parse_cost_document(text)
        result = request.cost()
    except (InterchangeError, ValueError) as error:
        print(f"muster cost: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "json":
        json.dump(result.as_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        people = len(request.people)
        sys.stdout.write(
            f"Costed {len(request.duties)} dut{'y' if len(request.duties) == 1 else 'ies'} of {people} "
            f"{'person' if people == 1 else 'people'} ({request.pack}) from {fmt_date(request.period[0])} "
            f"to {fmt_date(request.period[1])}.\n"
        )
        render_text(result, sys.stdout)
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
