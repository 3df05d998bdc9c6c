"""The shipped library of shift patterns: JSON files in rostering/data/patterns, one pattern each.

A file names its shift types (code, times, break, colour, night) and its cycle, either week by week
("E10 L10 RD ...") or as a block repeated over the cycle ("D12 D12 N12 N12 RD RD RD RD" over 56 days)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .projection import ShiftTimes, parse_cycle

LIBRARY_DIR = Path(__file__).resolve().parent / "data" / "patterns"


@dataclass(frozen=True)
class LibraryShiftType:
    code: str
    name: str
    start: dt.time
    end: dt.time
    break_minutes: int
    break_paid: bool
    colour: str
    counts_as_night: bool
    role: str

    def times(self) -> ShiftTimes:
        return ShiftTimes(self.code, self.start, self.end, self.break_minutes, self.break_paid, self.counts_as_night)


@dataclass(frozen=True)
class LibraryPattern:
    code: str
    name: str
    description: str
    weeks: int
    teams: int
    rule_pack: str
    shift_types: tuple[LibraryShiftType, ...]
    days: tuple[str, ...]


class LibraryError(ValueError):
    pass


def _read(path: Path) -> LibraryPattern:
    data = json.loads(path.read_text(encoding="utf-8"))
    try:
        types = tuple(
            LibraryShiftType(
                code=t["code"], name=t["name"], start=dt.time.fromisoformat(t["start"]),
                end=dt.time.fromisoformat(t["end"]), break_minutes=int(t.get("break_minutes", 0)),
                break_paid=bool(t.get("break_paid", False)), colour=t.get("colour", "#dfe7f5"),
                counts_as_night=bool(t.get("counts_as_night", False)), role=t.get("role", ""),
            )
            for t in data["shift_types"]
        )
        if "repeat" in data:
            days = parse_cycle(repeat_block=data["repeat"]["block"], repeat_days=data["repeat"]["days"])
        else:
            days = parse_cycle(data["cycle"])
        pattern = LibraryPattern(code=data["code"], name=data["name"], description=data.get("description", ""),
                                 weeks=int(data["weeks"]), teams=int(data.get("teams", 1)),
                                 rule_pack=data.get("rule_pack", ""), shift_types=types, days=tuple(days))
    except (KeyError, TypeError, ValueError) as exc:
        raise LibraryError(f"{path.name}: {exc}") from exc
    if len(pattern.days) != pattern.weeks * 7:
        raise LibraryError(f"{path.name}: {pattern.weeks} weeks need {pattern.weeks * 7} days, got {len(pattern.days)}")
    known = {t.code for t in types}
    unknown = sorted({c for c in pattern.days if c and c not in known})
    if unknown:
        raise LibraryError(f"{path.name}: shift types {', '.join(unknown)} are used but not defined")
    return pattern


@cache
def library_patterns() -> tuple[LibraryPattern, ...]:
    return tuple(_read(path) for path in sorted(LIBRARY_DIR.glob("*.json")))


def library_pattern(code: str) -> LibraryPattern | None:
    return next((p for p in library_patterns() if p.code == code), None)
