"""`muster check FILE.json [--format json|text]`: check a RULES.md § 8 document from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from .clock import fmt_date, fmt_instant
from .evaluate import evaluate
from .interchange import InterchangeError, format_violations, parse_document
from .model import Violation
from .packs import shipped_packs

EXIT_CLEAN = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2

_EPILOG = """\
exit status:
  0  no violations in the period
  1  at least one violation, of severity breach or warning
  2  bad input: the message on stderr names the field and what is allowed

--format json prints {"violations": [{"rule", "severity", "person", "start", "end", "measured", "limit",
"unit", "compensatory_rest_minutes", "message"}]} as documented in RULES.md section 8.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="muster check",
        description="Check duties against the working-time rules of their rule pack (RULES.md).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE.json", help="the interchange document; - reads standard input")
    parser.add_argument("--format", choices=("json", "text"), default="text", help="output format (default: text)")
    return parser


def _number(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def render_text(violations: Sequence[Violation], out: TextIO) -> None:
    """A table a planner can read, one violation per row with its message underneath."""
    if not violations:
        out.write("No violations.\n")
        return
    header = ("RULE", "SEVERITY", "PERSON", "FROM", "TO", "MEASURED", "LIMIT", "UNIT")
    rows = [
        (
            v.rule,
            v.severity,
            v.person,
            fmt_instant(v.start),
            fmt_instant(v.end),
            _number(v.measured),
            _number(v.limit),
            v.unit,
        )
        for v in violations
    ]
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out.write(line.format(*header).rstrip() + "\n")
    for row, v in zip(rows, violations, strict=True):
        out.write(line.format(*row).rstrip() + "\n")
        out.write(f"    {v.message}\n")
    breaches = sum(v.severity == "breach" for v in violations)
    warnings = len(violations) - breaches
    out.write(
        f"{len(violations)} violation{'s' if len(violations) != 1 else ''}: "
        f"{breaches} breach{'es' if breaches != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}.\n"
    )


def read_document(path: str, command: str) -> str | None:
    """The interchange document from a file or standard input ("-"); None (after saying why) when unreadable."""
    try:
        if path == "-":
            return sys.stdin.read()
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        print(f"muster {command}: {path}: cannot read: {error.strerror}", file=sys.stderr)
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run `muster check`; `argv` is what follows the sub-command (a leading "check" is accepted too)."""
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in[:1] == ["check"]:
        args_in = args_in[1:]
    try:
        args = _parser().parse_args(args_in)
    except SystemExit as stop:  # argparse exits 2 on usage errors and 0 after --help
        return int(stop.code or 0)
    text = read_document(args.file, "check")
    if text is None:
        return EXIT_BAD_INPUT
    packs = shipped_packs()
    try:
        request = parse_document(text, packs)
        violations = evaluate(request.timelines(), packs, request.period)
    except (InterchangeError, ValueError) as error:
        print(f"muster check: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "json":
        json.dump(format_violations(violations), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        people = len(request.people)
        sys.stdout.write(
            f"Checked {people} {'person' if people == 1 else 'people'} ({request.pack}) from "
            f"{fmt_date(request.period.start)} to {fmt_date(request.period.end)}.\n"
        )
        render_text(violations, sys.stdout)
    return EXIT_VIOLATIONS if violations else EXIT_CLEAN


if __name__ == "__main__":
    raise SystemExit(main())
