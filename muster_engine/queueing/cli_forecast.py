"""`muster forecast HISTORY.csv`: calls per interval for the days after a history. No database."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .forecast import forecast_calls
from .history import HistoryError, read_csv

EXIT_OK = 0
EXIT_NOTHING_OPEN = 1
EXIT_BAD_INPUT = 2

_EPILOG = """\
The history is a CSV with a header and (at least) the columns
  interval_start   ISO 8601 local date-time: Europe/London unless the row gives an offset (2026-03-02T08:30,
                   2026-03-02 08:30:00+00:00); --timezone names another zone
  calls            calls offered in the interval (calls_offered is accepted too)
Rows may be finer than --interval-minutes (they are added up). Days or hours with no rows are periods when the
centre was closed: they are not learnt as zeros and are not forecast.

Output: interval_start,forecast_calls for every open interval of the --horizon-days days after the last day of
the history (local times with their offset). --format json prints
  {"interval_minutes", "horizon_days", "first_day", "last_day", "method", "parameters",
   "intervals": [{"interval_start", "forecast_calls"}], "daily": [{"date", "forecast_calls"}]}

exit status: 0 forecast written; 1 the centre was never open on those days; 2 bad input (the message names
the row, column or flag).
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="muster forecast", epilog=_EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     description="Forecast calls per interval from a contact centre's history.")
    parser.add_argument("history", metavar="HISTORY.csv", help="the call history; - reads standard input")
    parser.add_argument("--interval-minutes", type=int, required=True, metavar="M",
                        help="forecast interval (15, 30, 60...: must divide a day)")
    parser.add_argument("--horizon-days", type=int, required=True, metavar="D", help="days to forecast (1-366)")
    parser.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default csv)")
    parser.add_argument("--timezone", metavar="ZONE", help="the centre's IANA time zone (default Europe/London)")
    parser.add_argument("--region", choices=("england-and-wales", "scotland", "northern-ireland"),
                        default="england-and-wales", help="bank holidays of this region (default England & Wales)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in[:1] == ["forecast"]:
        args_in = args_in[1:]
    try:
        args = _parser().parse_args(args_in)
    except SystemExit as stop:
        return int(stop.code or 0)
    if not 1 <= args.horizon_days <= 366:
        return _bad(f"--horizon-days: {args.horizon_days} must be 1 to 366 days")
    if args.interval_minutes <= 0 or 1440 % args.interval_minutes:
        return _bad(f"--interval-minutes: {args.interval_minutes} must divide a day evenly (15, 30, 60...)")
    zone = None
    if args.timezone:
        try:
            zone = ZoneInfo(args.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return _bad(f"--timezone: '{args.timezone}' is not a time zone name such as Europe/London")
    try:
        if args.history == "-":
            text = sys.stdin.read()
        else:
            with open(args.history, encoding="utf-8-sig") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        return _bad(f"{args.history}: cannot read: {getattr(error, 'strerror', None) or error}")
    from .forecast import Settings

    try:
        history = read_csv(text, tz=zone)
        result = forecast_calls(history, interval_minutes=args.interval_minutes, horizon_days=args.horizon_days,
                                settings=Settings(region=args.region))
    except HistoryError as error:
        for problem in error.errors[:20]:
            print(f"muster forecast: {args.history}: {_flagged(problem)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not result.starts:
        print(f"muster forecast: the centre was never open on the days from {result.first_day} to "
              f"{result.last_day} in the history, so there is nothing to forecast", file=sys.stderr)
        if args.format == "json":
            json.dump({"error": "nothing_open", "first_day": result.first_day.isoformat(),
                       "last_day": result.last_day.isoformat()}, sys.stdout)
            sys.stdout.write("\n")
        return EXIT_NOTHING_OPEN
    try:
        _write(result, args, sys.stdout)
    except BrokenPipeError:  # `muster forecast ... | head`: the reader has all it wants
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OK


def _write(result, args, out) -> None:
    if args.format == "json":
        json.dump({
            "interval_minutes": result.interval_minutes,
            "horizon_days": args.horizon_days,
            "first_day": result.first_day.isoformat(),
            "last_day": result.last_day.isoformat(),
            "method": result.method,
            "parameters": result.parameters,
            "intervals": [{"interval_start": s.isoformat(), "forecast_calls": round(float(v), 2)}
                          for s, v in zip(result.starts, result.calls, strict=True)],
            "daily": [{"date": day.isoformat(), "forecast_calls": round(total, 1)}
                      for day, total in result.daily_totals().items()],
        }, out)
        out.write("\n")
    else:
        out.write("interval_start,forecast_calls\n")
        for start, value in zip(result.starts, result.calls, strict=True):
            out.write(f"{start.isoformat()},{value:.2f}\n")


def _flagged(problem) -> str:
    if problem.row is None and problem.column in {"interval_minutes", "horizon_days"}:
        return f"--{problem.column.replace('_', '-')}: '{problem.value}' {problem.message}"
    return str(problem)


def _bad(message: str) -> int:
    print(f"muster forecast: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
