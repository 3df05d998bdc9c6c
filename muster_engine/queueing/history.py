"""Call history in, checked: CSV rows of local interval starts and calls → sorted, aggregated intervals.

Times are ISO 8601 local date-times: Europe/London unless the row gives an offset (or another zone is named).
A local time the clocks skip (01:30 on the last Sunday of March) does not exist and is refused; a time the
clocks repeat (01:30 on the last Sunday of October) is read as the first (BST) occurrence the first time it
appears and as the second (GMT) the next time. Days or hours without rows are closed periods, not zeros.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from zoneinfo import ZoneInfo

import numpy as np

LONDON = ZoneInfo("Europe/London")
MAX_ERRORS = 50


@dataclass(frozen=True)
class RowError:
    row: int | None  # 1-based data row (the header is row 0); None for the file as a whole
    column: str
    value: str | None
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}, {self.column}" if self.row is not None else self.column
        value = f" '{self.value}'" if self.value is not None else ""
        return f"{where}{value}: {self.message}"


class HistoryError(ValueError):
    """The history cannot be used; `errors` names the row, column and value of each problem."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}")


@dataclass(frozen=True)
class History:
    """Intervals of calls: `starts` are epoch seconds (UTC), sorted and unique; `tz` is the centre's local time."""

    starts: np.ndarray
    calls: np.ndarray
    tz: dt.tzinfo
    interval_minutes: int

    def __len__(self) -> int:
        return len(self.starts)

    def local(self, index: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(int(self.starts[index]), dt.UTC).astimezone(self.tz)

    @property
    def first_day(self) -> dt.date:
        return self.local(0).date()

    @property
    def last_day(self) -> dt.date:
        return self.local(len(self) - 1).date()

    def before(self, day: dt.date) -> History:
        """The history up to the end of the local day before `day`."""
        cut = dt.datetime.combine(day, dt.time(0)).replace(tzinfo=self.tz).timestamp()
        keep = self.starts < cut
        return History(self.starts[keep], self.calls[keep], self.tz, self.interval_minutes)


def is_ambiguous(naive: dt.datetime, tz: dt.tzinfo) -> bool:
    return naive.replace(tzinfo=tz, fold=0).utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset()


def exists(naive: dt.datetime, tz: dt.tzinfo) -> bool:
    aware = naive.replace(tzinfo=tz)
    return aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) == naive


def parse_local(text: str, tz: dt.tzinfo, seen: set[dt.datetime] | None = None) -> dt.datetime:
    """An ISO date-time; naive ones are local in `tz`. Raises ValueError with a message a planner understands.

    `seen` collects repeated local times so the second occurrence of an autumn 01:30 is the GMT one."""
    value = text.strip()
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("not an ISO date-time; write it like 2026-03-02T08:30 or 2026-03-02 08:30:00+00:00") from None
    if parsed.tzinfo is not None:
        return parsed
    if not exists(parsed, tz):
        raise ValueError(f"this local time does not exist in {tz}: the clocks go forward then")
    fold = 0
    if is_ambiguous(parsed, tz) and seen is not None:
        if parsed in seen:
            fold = 1
        seen.add(parsed)
    return parsed.replace(tzinfo=tz, fold=fold)


def _granularity(starts: np.ndarray, tz: dt.tzinfo) -> int:
    """Interval length in minutes: the largest step dividing every local start time (30 for half-hours)."""
    minutes = set()
    for seconds in starts[:5000]:
        local = dt.datetime.fromtimestamp(int(seconds), dt.UTC).astimezone(tz)
        minutes.add(local.hour * 60 + local.minute)
    step = reduce(math.gcd, minutes, 1440)
    if len(starts) > 1:
        diffs = np.diff(starts) // 60
        step = reduce(math.gcd, {int(d) for d in np.unique(diffs[:5000])}, step)
    return max(step, 1)


def from_rows(starts: Sequence[dt.datetime], calls: Sequence[float], tz: dt.tzinfo = LONDON) -> History:
    """A history from aware datetimes and call counts (sorted here; duplicates refused)."""
    seconds = np.array([int(s.timestamp()) for s in starts], dtype=np.int64)
    values = np.asarray(calls, dtype=float)
    order = np.argsort(seconds, kind="stable")
    seconds, values = seconds[order], values[order]
    if len(seconds) and np.any(np.diff(seconds) == 0):
        clash = int(seconds[np.flatnonzero(np.diff(seconds) == 0)[0]])
        at = dt.datetime.fromtimestamp(clash, dt.UTC).astimezone(tz).isoformat()
        raise HistoryError([RowError(None, "interval_start", at, "this interval appears twice")])
    step = _granularity(seconds, tz) if len(seconds) else 1
    return History(seconds, values, tz, step)


def detect_zone(offsets: Iterable[dt.timedelta | None], instants: Iterable[dt.datetime]) -> dt.tzinfo:
    """The local zone of a file whose rows carry offsets: Europe/London when every offset is London's, else the
    file's single fixed offset. Mixed offsets that are not London's need an explicit zone."""
    offsets = list(offsets)
    given = [o for o in offsets if o is not None]
    if len(given) < len(offsets):
        return LONDON  # some rows are plain local times, which are London's
    if all(i.astimezone(LONDON).utcoffset() == o for i, o in zip(instants, offsets, strict=True) if o is not None):
        return LONDON
    if len(set(given)) == 1:
        return dt.timezone(given[0])
    raise HistoryError([RowError(None, "interval_start", None, "the rows carry different UTC offsets that are not "
                                 "Europe/London's; name the centre's time zone (--timezone, e.g. Europe/Dublin)")])


def read_csv(text: str, *, tz: dt.tzinfo | None = None, calls_columns: Sequence[str] = ("calls", "calls_offered"),
             ) -> History:
    """Parse `interval_start,calls` CSV text (other columns are ignored). Every bad row is reported at once."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    calls_column = next((c for c in calls_columns if c in header), None)
    missing = [c for c, ok in (("interval_start", "interval_start" in header), (calls_columns[0], calls_column))
               if not ok]
    if missing:
        raise HistoryError([RowError(None, column, None, f"the header has no '{column}' column (found: "
                                     f"{', '.join(header) or 'nothing'})") for column in missing])
    errors: list[RowError] = []
    zone = tz or LONDON
    seen: set[dt.datetime] = set()
    starts: list[dt.datetime] = []
    offsets: list[dt.timedelta | None] = []
    calls: list[float] = []
    rows: list[int] = []
    for number, record in enumerate(reader, start=1):
        raw_start = (record.get("interval_start") or "").strip()
        raw_calls = (record.get(calls_column) or "").strip()
        if not raw_start and not raw_calls:
            continue
        try:
            instant = parse_local(raw_start, zone, seen)
        except ValueError as error:
            errors.append(RowError(number, "interval_start", raw_start, str(error)))
            instant = None
        try:
            count = float(raw_calls)
            if not math.isfinite(count) or count < 0:
                raise ValueError
        except ValueError:
            errors.append(RowError(number, calls_column, raw_calls, "must be a number of calls, 0 or more"))
            count = None
        if len(errors) >= MAX_ERRORS:
            break
        if instant is not None and count is not None:
            offsets.append(None if instant.tzinfo is zone else instant.utcoffset())
            starts.append(instant)
            calls.append(count)
            rows.append(number)
    if errors:
        raise HistoryError(errors)
    if not starts:
        raise HistoryError([RowError(None, "interval_start", None, "the file has no rows of history")])
    if tz is None:
        zone = detect_zone(offsets, starts)
    seconds = np.array([int(s.timestamp()) for s in starts], dtype=np.int64)
    order = np.argsort(seconds, kind="stable")
    sorted_seconds = seconds[order]
    clashes = np.flatnonzero(np.diff(sorted_seconds) == 0)
    if len(clashes):
        errors = []
        for index in clashes[:MAX_ERRORS]:
            first, second = rows[order[index]], rows[order[index + 1]]
            errors.append(RowError(second, "interval_start", starts[order[index + 1]].isoformat(),
                                   f"the same interval as row {first}"))
        raise HistoryError(errors)
    return from_rows([starts[i] for i in order], [calls[i] for i in order], zone)


def aggregate(history: History, interval_minutes: int) -> History:
    """Sum finer intervals into `interval_minutes` ones (aligned on local clock time). Coarser data cannot be
    split, so a file of hourly rows cannot give half-hourly intervals."""
    if interval_minutes <= 0 or 1440 % interval_minutes:
        raise HistoryError([RowError(None, "interval_minutes", str(interval_minutes),
                                     "must divide a day evenly (e.g. 15, 30, 60)")])
    if interval_minutes % history.interval_minutes:
        raise HistoryError([RowError(None, "interval_minutes", str(interval_minutes),
                                     f"the history is in {history.interval_minutes}-minute intervals; use a "
                                     f"multiple of {history.interval_minutes}")])
    if interval_minutes == history.interval_minutes or not len(history):
        return History(history.starts, history.calls, history.tz, interval_minutes)
    offsets = np.array([dt.datetime.fromtimestamp(int(s), dt.UTC).astimezone(history.tz).utcoffset().total_seconds()
                        for s in history.starts], dtype=np.int64)
    local = history.starts + offsets
    bucket = local - local % (interval_minutes * 60) - offsets
    keys, inverse = np.unique(bucket, return_inverse=True)
    sums = np.bincount(inverse, weights=history.calls, minlength=len(keys))
    return History(keys.astype(np.int64), sums, history.tz, interval_minutes)
