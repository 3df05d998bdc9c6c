"""The Curtois & Qu (2014) shift-scheduling benchmark: read an instance, turn it into a `Problem` built from the
same constraint modules as every Muster roster, write a solution CSV, and check one independently.

The format and objective are in ../shared/benchmarks/curtois/FORMAT.md. The mapping onto the optimiser:

    CannotFollow                 ShiftType.cannot_follow          (forbidden_successions)
    MaxShifts per type           Person.max_shifts                (max_shifts_per_type)
    Min/MaxTotalMinutes          Person.min/max_minutes           (total_minutes)
    Max/MinConsecutiveShifts     WorkRules.max/min_consecutive_days
    MinConsecutiveDaysOff        WorkRules.min_consecutive_days_off
    MaxWeekends                  WorkRules.max_weekends           (weekends)
    days off                     Person.unavailable               (availability)
    shift on/off requests        Person.requests                  (requests)
    cover lines                  Requirement(target, under, over) (cover)

No other soft rule has a weight, so the model's objective is exactly the benchmark's. `check_solution` recomputes
that objective from the instance and the CSV alone, by its own code written from FORMAT.md: it shares nothing
with the model, so a bug in one cannot hide in the other.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from .problem import Person, Problem, Request, Requirement, ShiftType, Unavailable, Weights, WorkRules
from .roster import Roster

# Day 0 of every instance is a Monday (FORMAT.md § 1); any Monday will do for the dates.
FIRST_MONDAY = date(2024, 1, 1)
SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)


class InstanceError(ValueError):
    """A malformed instance or solution file; the message names the line."""


@dataclass(frozen=True)
class Shift:
    id: str
    minutes: int
    cannot_follow: tuple[str, ...]


@dataclass(frozen=True)
class Staff:
    id: str
    max_shifts: dict[str, int]
    max_minutes: int
    min_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_days_off: int
    max_weekends: int


@dataclass(frozen=True)
class Instance:
    """An instance as written in the file (FORMAT.md), before any modelling."""

    name: str
    horizon: int
    shifts: tuple[Shift, ...]
    staff: tuple[Staff, ...]
    days_off: dict[str, tuple[int, ...]] = field(default_factory=dict)
    on_requests: tuple[tuple[str, int, str, int], ...] = ()
    off_requests: tuple[tuple[str, int, str, int], ...] = ()
    cover: tuple[tuple[int, str, int, int, int], ...] = ()  # day, shift, requirement, weight under, weight over


def read_instance(source: str | Path, name: str | None = None) -> Instance:
    """Parse an instance from a path or from its text."""
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source):
        path = Path(source)
        try:
            text = path.read_text(encoding="ascii")
        except OSError as error:
            raise InstanceError(f"{path}: cannot read: {error.strerror}") from None
        except UnicodeDecodeError:
            raise InstanceError(f"{path}: not an ASCII instance file") from None
        name = name or path.stem
    else:
        text = str(source)
    sections: dict[str, list[tuple[int, str]]] = {}
    current = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r").strip()
        if not line or line.startswith("#"):
            continue
        if line in SECTIONS:
            current = line
            sections[current] = []
            continue
        if current is None:
            raise InstanceError(f"line {number}: data before the first section")
        sections[current].append((number, line))
    missing = [s for s in SECTIONS if s not in sections]
    if missing:
        raise InstanceError(f"missing section {missing[0]}")

    def fields(section: str, count: int | None = None) -> list[tuple[int, list[str]]]:
        rows = []
        for number, line in sections[section]:
            parts = line.split(",")
            if count is not None and len(parts) != count:
                raise InstanceError(f"line {number}: {section} lines have {count} fields, found {len(parts)}")
            rows.append((number, parts))
        return rows

    def integer(number: int, value: str, what: str) -> int:
        try:
            return int(value)
        except ValueError:
            raise InstanceError(f"line {number}: {what} must be a whole number, got {value!r}") from None

    horizon_rows = fields("SECTION_HORIZON", 1)
    if len(horizon_rows) != 1:
        raise InstanceError("SECTION_HORIZON must hold one number")
    horizon = integer(horizon_rows[0][0], horizon_rows[0][1][0], "the horizon")
    shifts = tuple(
        Shift(parts[0], integer(n, parts[1], "LengthMinutes"), tuple(x for x in parts[2].split("|") if x))
        for n, parts in fields("SECTION_SHIFTS", 3)
    )
    shift_ids = {s.id for s in shifts}
    staff = []
    for n, parts in fields("SECTION_STAFF", 8):
        limits = {}
        for item in parts[1].split("|"):
            key, _, value = item.partition("=")
            if key not in shift_ids:
                raise InstanceError(f"line {n}: MaxShifts names unknown shift {key!r}")
            limits[key] = integer(n, value, "MaxShifts")
        numbers = [integer(n, v, "a staff limit") for v in parts[2:]]
        staff.append(Staff(parts[0], limits, *numbers))
    staff_ids = {s.id for s in staff}
    days_off = {}
    for n, parts in fields("SECTION_DAYS_OFF"):
        if parts[0] not in staff_ids:
            raise InstanceError(f"line {n}: unknown employee {parts[0]!r}")
        days_off[parts[0]] = tuple(integer(n, v, "a day") for v in parts[1:] if v)

    def requests(section: str) -> tuple[tuple[str, int, str, int], ...]:
        found = []
        for n, parts in fields(section, 4):
            if parts[0] not in staff_ids or parts[2] not in shift_ids:
                raise InstanceError(f"line {n}: unknown employee or shift in {section}")
            found.append((parts[0], integer(n, parts[1], "Day"), parts[2], integer(n, parts[3], "Weight")))
        return tuple(found)

    cover = []
    for n, parts in fields("SECTION_COVER", 5):
        if parts[1] not in shift_ids:
            raise InstanceError(f"line {n}: unknown shift {parts[1]!r}")
        cover.append((integer(n, parts[0], "Day"), parts[1], *(integer(n, v, "a cover number") for v in parts[2:])))
    return Instance(
        name=name or "instance",
        horizon=horizon,
        shifts=shifts,
        staff=tuple(staff),
        days_off=days_off,
        on_requests=requests("SECTION_SHIFT_ON_REQUESTS"),
        off_requests=requests("SECTION_SHIFT_OFF_REQUESTS"),
        cover=tuple(cover),  # type: ignore[arg-type]
    )


def to_problem(instance: Instance) -> Problem:
    """The instance as a Muster `Problem` whose objective is exactly the benchmark's."""
    days = tuple(FIRST_MONDAY + timedelta(days=d) for d in range(instance.horizon))
    shift_types = tuple(ShiftType(s.id, s.minutes, cannot_follow=s.cannot_follow) for s in instance.shifts)
    requests: dict[str, list[Request]] = {s.id: [] for s in instance.staff}
    for e, d, s, w in instance.on_requests:
        requests[e].append(Request(days[d], s, True, w))
    for e, d, s, w in instance.off_requests:
        requests[e].append(Request(days[d], s, False, w))
    people = tuple(
        Person(
            id=s.id,
            rules=WorkRules(
                max_consecutive_days=s.max_consecutive,
                min_consecutive_days=s.min_consecutive,
                min_consecutive_days_off=s.min_days_off,
                max_weekends=s.max_weekends,
            ),
            min_minutes=s.min_minutes,
            max_minutes=s.max_minutes,
            max_shifts=s.max_shifts,
            unavailable=tuple(Unavailable(days[d], "day off") for d in instance.days_off.get(s.id, ())),
            requests=tuple(requests[s.id]),
        )
        for s in instance.staff
    )
    requirements = tuple(
        Requirement(days[d], minimum=0, target=r, shift=s, under_target=wu, over=wo, under_minimum=0)
        for d, s, r, wu, wo in instance.cover
    )
    return Problem(days, shift_types, people, requirements, weights=Weights(), name=instance.name)


# -- solutions ------------------------------------------------------------------------------------------


def write_solution(roster: Roster) -> str:
    """CSV `employee,day,shift`, one row per assigned shift, day as the 0-based index."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["employee", "day", "shift"])
    for p, person in enumerate(roster.problem.people):
        for d in range(roster.problem.horizon):
            shift = roster.shift_id(p, d)
            if shift is not None:
                writer.writerow([person.id, d, shift])
    return out.getvalue()


def read_solution(text: str) -> list[tuple[str, int, str]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != ["employee", "day", "shift"]:
        raise InstanceError(f"solution header must be employee,day,shift, got {header}")
    rows = []
    for number, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != 3:
            raise InstanceError(f"solution line {number}: expected 3 fields")
        try:
            rows.append((row[0], int(row[1]), row[2]))
        except ValueError:
            raise InstanceError(f"solution line {number}: day must be a whole number") from None
    return rows


@dataclass(frozen=True)
class CheckReport:
    objective: int
    request_cost: int
    cover_cost: int
    violations: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return not self.violations


def check_solution(instance: Instance, rows: Sequence[tuple[str, int, str]]) -> CheckReport:
    """Recompute the objective and list every hard-constraint violation, straight from FORMAT.md §§ 3-4."""
    h = instance.horizon
    shift_ids = {s.id for s in instance.shifts}
    length = {s.id: s.minutes for s in instance.shifts}
    follow = {s.id: set(s.cannot_follow) for s in instance.shifts}
    plan: dict[str, list[str | None]] = {e.id: [None] * h for e in instance.staff}
    problems: list[str] = []
    for e, d, s in rows:
        if e not in plan:
            problems.append(f"unknown employee {e}")
        elif not 0 <= d < h:
            problems.append(f"{e}: day {d} outside the horizon")
        elif s not in shift_ids:
            problems.append(f"{e}: unknown shift {s} on day {d}")
        elif plan[e][d] is not None:
            problems.append(f"{e}: two shifts on day {d} (rule 1)")
        else:
            plan[e][d] = s
    for staff in instance.staff:
        row = plan[staff.id]
        work = [s is not None for s in row]
        for d in range(h - 1):
            if row[d] is not None and row[d + 1] in follow[row[d]]:
                problems.append(f"{staff.id}: {row[d + 1]} follows {row[d]} on day {d + 1} (rule 2)")
        for s, limit in staff.max_shifts.items():
            if row.count(s) > limit:
                problems.append(f"{staff.id}: {row.count(s)} x {s} > {limit} (rule 3)")
        minutes = sum(length[s] for s in row if s is not None)
        if not staff.min_minutes <= minutes <= staff.max_minutes:
            span = f"[{staff.min_minutes}, {staff.max_minutes}]"
            problems.append(f"{staff.id}: {minutes} minutes outside {span} (rule 4)")
        k = staff.max_consecutive
        for d in range(h - k):
            if all(work[d : d + k + 1]):
                problems.append(f"{staff.id}: more than {k} days in a row from day {d} (rule 5)")
        for value, least, rule in ((True, staff.min_consecutive, 6), (False, staff.min_days_off, 7)):
            d = 0
            while d < h:
                if work[d] != value:
                    d += 1
                    continue
                end = d
                while end + 1 < h and work[end + 1] == value:
                    end += 1
                if d > 0 and end < h - 1 and end - d + 1 < least:
                    problems.append(f"{staff.id}: run of {end - d + 1} from day {d} < {least} (rule {rule})")
                d = end + 1
        weekends = sum(1 for w in range(h // 7) if work[7 * w + 5] or work[7 * w + 6])
        if weekends > staff.max_weekends:
            problems.append(f"{staff.id}: {weekends} weekends > {staff.max_weekends} (rule 8)")
        for d in instance.days_off.get(staff.id, ()):
            if work[d]:
                problems.append(f"{staff.id}: works on day off {d} (rule 9)")
    request_cost = sum(w for e, d, s, w in instance.on_requests if plan[e][d] != s)
    request_cost += sum(w for e, d, s, w in instance.off_requests if plan[e][d] == s)
    cover_cost = 0
    for d, s, r, wu, wo in instance.cover:
        n = sum(1 for e in plan if plan[e][d] == s)
        cover_cost += wu * max(0, r - n) + wo * max(0, n - r)
    return CheckReport(request_cost + cover_cost, request_cost, cover_cost, tuple(problems))


def roster_rows(roster: Roster) -> list[tuple[str, int, str]]:
    return read_solution(write_solution(roster))


def instance_paths(folder: Path, numbers: Iterable[int]) -> list[Path]:
    return [folder / f"Instance{n}.txt" for n in numbers]


__all__ = [
    "CheckReport",
    "Instance",
    "InstanceError",
    "check_solution",
    "instance_paths",
    "read_instance",
    "read_solution",
    "roster_rows",
    "to_problem",
    "write_solution",
]
