"""Reading a demand history file: every row checked before anything is written (all or nothing).

Columns (header names, case-insensitive; extra columns are ignored):
  interval_start   ISO local date-time, Europe/London unless an offset is given (required)
  calls_offered    or `calls` (required)
  calls_answered   or `answered` (optional)
  calls_abandoned  or `abandoned` (optional)
  aht_seconds      or `aht` (optional): average handle time of the interval's answered calls

Rows finer than the queue's interval are added up (handle times weighted by calls answered). A day's intervals
must run without holes from its first to its last row: a centre open either side of a missing half-hour was not
closed then, so the file has lost rows. Days or night hours without any rows are closed periods.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from common.calendar import LONDON
from common.errors import FieldError

from .planning import parse_local

MAX_BYTES = 20 * 1024 * 1024
MAX_ERRORS = 100
COLUMNS = {
    "interval_start": ("interval_start", "start", "interval"),
    "calls_offered": ("calls_offered", "calls", "offered"),
    "calls_answered": ("calls_answered", "answered"),
    "calls_abandoned": ("calls_abandoned", "abandoned"),
    "aht_seconds": ("aht_seconds", "aht"),
}


@dataclass(frozen=True)
class ParsedRow:
    row: int
    start: dt.datetime  # aware, UTC
    offered: int
    answered: int | None
    abandoned: int | None
    aht: Decimal | None


@dataclass(frozen=True)
class IntervalRow:
    """One interval at the queue's length, ready to store."""

    start: dt.datetime
    minutes: int
    calls_offered: int
    calls_answered: int | None
    calls_abandoned: int | None
    aht_seconds: Decimal | None


@dataclass
class ParsedFile:
    intervals: list[IntervalRow]
    errors: list[FieldError]
    source_minutes: int
    rows: int

    @property
    def ok(self) -> bool:
        return not self.errors


def _decode(content: bytes | str) -> str:
    if isinstance(content, str):
        return content
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def _count(raw: str, column: str, row: int, errors: list[FieldError], *, required: bool) -> int | None:
    text = raw.strip()
    if not text:
        if required:
            errors.append(FieldError(column, _("A number of calls is required."), row, raw))
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or value != int(value):
        errors.append(FieldError(column, _("Must be a whole number of calls, 0 or more."), row, raw))
        return None
    return int(value)


def _clock(instant: dt.datetime) -> str:
    return instant.astimezone(LONDON).strftime("%H:%M")


def parse_file(content: bytes | str, *, interval_minutes: int) -> ParsedFile:
    """Check every row; return the intervals at `interval_minutes` or every problem found (up to 100)."""
    text = _decode(content)
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    positions: dict[str, int] = {}
    for name, aliases in COLUMNS.items():
        found = next((header.index(a) for a in aliases if a in header), None)
        if found is not None:
            positions[name] = found
    missing = [n for n in ("interval_start", "calls_offered") if n not in positions]
    if missing:
        return ParsedFile([], [FieldError(n, _("The header has no '%(column)s' column (found: %(found)s).")
                                          % {"column": n, "found": ", ".join(header) or _("nothing")})
                               for n in missing], 0, 0)
    errors: list[FieldError] = []
    parsed: list[ParsedRow] = []
    seen_local: set[dt.datetime] = set()
    seen: dict[dt.datetime, int] = {}
    rows = 0
    for number, cells in enumerate(reader, start=1):
        if not any(c.strip() for c in cells):
            continue
        rows += 1

        def cell(name: str, cells=cells) -> str:
            index = positions.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        raw_start = cell("interval_start")
        start = None
        try:
            start = parse_local(raw_start, LONDON, seen_local).astimezone(dt.UTC)
        except ValueError as error:
            errors.append(FieldError("interval_start", str(error), number, raw_start))
        if start is not None and start in seen:
            errors.append(FieldError("interval_start", _("The same interval as row %(row)s.") % {"row": seen[start]},
                                     number, raw_start))
            start = None
        offered = _count(cell("calls_offered"), "calls_offered", number, errors, required=True)
        answered = _count(cell("calls_answered"), "calls_answered", number, errors, required=False)
        abandoned = _count(cell("calls_abandoned"), "calls_abandoned", number, errors, required=False)
        aht = None
        raw_aht = cell("aht_seconds").strip()
        if raw_aht:
            try:
                aht = Decimal(raw_aht)
                if not aht.is_finite() or aht <= 0 or aht > Decimal("99999"):
                    raise InvalidOperation
            except InvalidOperation:
                errors.append(FieldError("aht_seconds", _("Must be a number of seconds above 0."), number, raw_aht))
                aht = None
        if offered is not None:
            for name, value in (("calls_answered", answered), ("calls_abandoned", abandoned)):
                if value is not None and value > offered:
                    errors.append(FieldError(name, _("More than the %(n)s calls offered.") % {"n": offered}, number,
                                             str(value)))
            if answered is not None and abandoned is not None and answered + abandoned > offered:
                errors.append(FieldError("calls_abandoned", _("Answered and abandoned add up to more than the "
                                                              "%(n)s calls offered.") % {"n": offered},
                                         number, str(abandoned)))
        if len(errors) >= MAX_ERRORS:
            break
        if start is not None:
            seen[start] = number
            if offered is not None:
                parsed.append(ParsedRow(number, start, offered, answered, abandoned, aht))
    if not errors and not parsed:
        errors.append(FieldError("interval_start", _("The file has no rows of history.")))
    if errors:
        return ParsedFile([], errors, 0, rows)
    parsed.sort(key=lambda r: r.start)
    step = _granularity(parsed)
    if interval_minutes % step:
        return ParsedFile([], [FieldError("interval_start", _(
            "The rows are %(step)s-minute intervals but this queue plans in %(m)s-minute intervals; give rows of "
            "%(m)s minutes or a part of it.") % {"step": step, "m": interval_minutes})], step, rows)
    errors = _gaps(parsed, step)
    if errors:
        return ParsedFile([], errors, step, rows)
    return ParsedFile(_aggregate(parsed, interval_minutes), [], step, rows)


def _granularity(rows: list[ParsedRow]) -> int:
    step = 1440
    for row in rows[:5000]:
        local = row.start.astimezone(LONDON)
        step = math.gcd(step, local.hour * 60 + local.minute)
    for before, after in zip(rows[:5000], rows[1:5001], strict=False):
        step = math.gcd(step, int((after.start - before.start).total_seconds() // 60))
    return max(step, 1)


def _gaps(rows: list[ParsedRow], step: int) -> list[FieldError]:
    """Holes inside a local day: consecutive rows of the same day more than one interval apart."""
    errors = []
    gap = dt.timedelta(minutes=step)
    for before, after in zip(rows, rows[1:], strict=False):
        same_day = before.start.astimezone(LONDON).date() == after.start.astimezone(LONDON).date()
        if same_day and after.start - before.start > gap:
            errors.append(FieldError("interval_start", _(
                "No rows from %(first)s to %(last)s before this row, although the centre was open before and after "
                "them: give those intervals (0 calls if none came).")
                % {"first": _clock(before.start + gap), "last": _clock(after.start)},
                after.row, after.start.astimezone(LONDON).isoformat()))
            if len(errors) >= MAX_ERRORS:
                break
    return errors


def _aggregate(rows: list[ParsedRow], minutes: int) -> list[IntervalRow]:
    buckets: dict[dt.datetime, list[ParsedRow]] = {}
    for row in rows:
        local = row.start.astimezone(LONDON)
        offset = (local.hour * 60 + local.minute) % minutes
        key = row.start - dt.timedelta(minutes=offset)
        buckets.setdefault(key, []).append(row)
    out = []
    for start, members in sorted(buckets.items()):
        offered = sum(m.offered for m in members)
        answered = None if any(m.answered is None for m in members) else sum(m.answered for m in members)
        abandoned = None if any(m.abandoned is None for m in members) else sum(m.abandoned for m in members)
        aht = None
        with_aht = [m for m in members if m.aht is not None]
        if with_aht:
            weights = [Decimal(m.answered if m.answered is not None else m.offered) for m in with_aht]
            total = sum(weights)
            aht = (sum(m.aht * w for m, w in zip(with_aht, weights, strict=True)) / total if total
                   else sum(m.aht for m in with_aht) / len(with_aht)).quantize(Decimal("0.1"))
        out.append(IntervalRow(start, minutes, offered, answered, abandoned, aht))
    return out
