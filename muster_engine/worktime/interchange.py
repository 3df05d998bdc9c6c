"""The RULES.md § 8 interchange document: parse it into engine inputs, format violations as its output.

Every validation error names the field the way a reader finds it in the document, e.g.
`duties[3].end: must be an ISO 8601 instant with an offset, got "2026-03-29T07:00"`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .clock import LONDON
from .evaluate import evaluate
from .model import EXCLUDED_ABSTRACTION_TYPES, KIND_CODES, Abstraction, Duty, Period, Person, RestDay, Violation
from .packs import Packs, UnknownPackError, shipped_packs
from .timelines import Timelines

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_OVERTIME_TYPES = ("casual", "planned", "recall")
OUTPUT_FIELDS = (
    "rule",
    "severity",
    "person",
    "start",
    "end",
    "measured",
    "limit",
    "unit",
    "compensatory_rest_minutes",
    "message",
)


class InterchangeError(ValueError):
    """Bad input, with the path of the offending field (`field`) at the start of the message."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class CheckRequest:
    """A parsed `muster check` document."""

    pack: str
    period: Period
    people: tuple[Person, ...]
    duties: tuple[Duty, ...]
    rest_days: tuple[RestDay, ...]
    abstractions: tuple[Abstraction, ...]

    def timelines(self) -> Timelines:
        return Timelines.from_records(
            self.people, self.duties, self.rest_days, self.abstractions, default_pack=self.pack
        )


def _got(value: Any) -> str:
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


class _Reader:
    """Typed access to one JSON object, raising InterchangeError with the field's path."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, Mapping):
            raise InterchangeError(path or "document", f"must be a JSON object, got {_got(data)}")
        self.data = data
        self.path = path

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> InterchangeError:
        return InterchangeError(self.field(key), problem)

    def raw(self, key: str, required: bool) -> Any:
        if key not in self.data or self.data[key] is None:
            if required:
                raise self.fail(key, "is required")
            return None
        return self.data[key]

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be a non-empty string, got {_got(value)}")
        return value

    def day(self, key: str, required: bool = True) -> date | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, str) and _DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(key, f"must be a date YYYY-MM-DD, got {_got(value)}")

    def instant(self, key: str, required: bool = True) -> datetime | None:
        value = self.raw(key, required)
        if value is None:
            return None
        problem = f"must be an ISO 8601 instant with an offset, got {_got(value)}"
        if not isinstance(value, str) or "T" not in value.upper():
            raise self.fail(key, problem)
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(key, problem) from None
        if moment.tzinfo is None:
            raise self.fail(key, problem)
        return moment

    def flag(self, key: str, default: bool | None = False) -> bool | None:
        value = self.raw(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, got {_got(value)}")
        return value

    def number(self, key: str) -> float | None:
        value = self.raw(key, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise self.fail(key, f"must be a number of at least 0, got {_got(value)}")
        return float(value)

    def whole(self, key: str, default: int = 0) -> int:
        value = self.raw(key, False)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(key, f"must be a whole number of minutes of at least 0, got {_got(value)}")
        return value

    def choice(self, key: str, allowed: Iterable[str], default: str | None = None) -> str:
        options = tuple(allowed)
        value = self.raw(key, default is None)
        if value is None:
            assert default is not None
            return default
        if value not in options:
            raise self.fail(key, f"must be one of {', '.join(options)}, got {_got(value)}")
        return str(value)

    def items(self, key: str) -> list[_Reader]:
        value = self.raw(key, False)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, got {_got(value)}")
        return [_Reader(item, f"{self.field(key)}[{i}]") for i, item in enumerate(value)]


def parse_document(document: Mapping[str, Any] | str | bytes, packs: Packs | None = None) -> CheckRequest:
    """Validate and read a § 8 document (a dict, or JSON text). Raises InterchangeError naming the field."""
    if isinstance(document, str | bytes):
        try:
            document = json.loads(document)
        except json.JSONDecodeError as error:
            raise InterchangeError("document", f"is not valid JSON: {error}") from None
    packs = shipped_packs() if packs is None else packs
    top = _Reader(document, "")
    pack = top.choice("pack", packs.names())

    period_reader = _Reader(top.raw("period", True), "period")
    start, end = period_reader.day("start"), period_reader.day("end")
    assert start is not None and end is not None
    if end < start:
        raise period_reader.fail("end", f"must not be before period.start {start.isoformat()}, got {_got(str(end))}")
    period = Period(start, end)
    try:
        packs.in_force(pack, start)
    except UnknownPackError as error:
        raise period_reader.fail("start", f"is before the rule pack applies: {error}") from None

    people: list[Person] = []
    seen: set[str] = set()
    for item in top.items("people"):
        pid = item.text("id")
        assert pid is not None
        if pid in seen:
            raise item.fail("id", f"duplicates an earlier person id {_got(pid)}")
        seen.add(pid)
        band = item.raw("band", False)
        people.append(
            Person(
                id=pid,
                pack=item.choice("pack", packs.names(), default=pack) if item.raw("pack", False) else None,
                hours_per_week=item.number("hours_per_week"),
                wtr_opt_out=bool(item.flag("wtr_opt_out")),
                night_worker=item.flag("night_worker", default=None),
                special_hazards=bool(item.flag("special_hazards")),
                birth_date=item.day("birth_date", required=False),
                employed_from=item.day("employed_from", required=False),
                rank=item.text("rank", required=False),
                band=None if band is None else str(band),
            )
        )

    def person_of(item: _Reader) -> str:
        pid = item.text("person")
        if pid not in seen:
            raise item.fail("person", f"must be the id of one of the people, got {_got(pid)}")
        return pid  # type: ignore[return-value]

    duties = []
    for item in top.items("duties"):
        person = person_of(item)
        begin, finish = item.instant("start"), item.instant("end")
        assert begin is not None and finish is not None
        if finish <= begin:
            raise item.fail(
                "end", f"must be after {item.field('start')} {item.data['start']}, got {_got(item.data['end'])}"
            )
        length = int((finish - begin).total_seconds() // 60)
        breaks = item.whole("break_minutes")
        if breaks >= length:
            raise item.fail("break_minutes", f"must be shorter than the duty ({length} min), got {breaks}")
        overtime = item.raw("overtime", False)
        if overtime is not None:
            extra = _Reader(overtime, item.field("overtime"))
            extra.choice("type", _OVERTIME_TYPES)
            extra.instant("tour_end", required=False)
        duties.append(
            Duty(
                person=person,
                start=begin,
                end=finish,
                break_minutes=breaks,
                kind=item.choice("kind", tuple(KIND_CODES), default="duty"),  # type: ignore[arg-type]
                public_holiday=bool(item.flag("public_holiday")),
                rostered_rest_day=bool(item.flag("rostered_rest_day")),
                notified_at=item.instant("notified_at", required=False),
            )
        )

    rest_days = []
    for item in top.items("rest_days"):
        person = person_of(item)
        day = item.day("date")
        assert day is not None
        rest_days.append(RestDay(person, day))

    abstractions = []
    for item in top.items("abstractions"):
        person = person_of(item)
        kind = item.text("type")
        first, last = item.day("start"), item.day("end")
        assert kind is not None and first is not None and last is not None
        if last < first:
            raise item.fail(
                "end", f"must not be before {item.field('start')} {first.isoformat()}, got {_got(str(last))}"
            )
        abstractions.append(Abstraction(person, kind, first, last))

    return CheckRequest(pack, period, tuple(people), tuple(duties), tuple(rest_days), tuple(abstractions))


def _number(value: float) -> int | float:
    rounded = round(float(value), 2)
    return int(rounded) if rounded.is_integer() else rounded


def _stamp(moment: datetime) -> str:
    return moment.astimezone(LONDON).isoformat()


def violation_to_dict(violation: Violation) -> dict[str, Any]:
    """One violation in the § 8 output schema: instants with their Europe/London offset."""
    return {
        "rule": violation.rule,
        "severity": violation.severity,
        "person": violation.person,
        "start": _stamp(violation.start),
        "end": _stamp(violation.end),
        "measured": _number(violation.measured),
        "limit": _number(violation.limit),
        "unit": violation.unit,
        "compensatory_rest_minutes": violation.compensatory_rest_minutes,
        "message": violation.message,
    }


def format_violations(violations: Iterable[Violation]) -> dict[str, Any]:
    """The `muster check --format json` document: {"violations": [...]}."""
    return {"violations": [violation_to_dict(v) for v in violations]}


def check_document(document: Mapping[str, Any] | str | bytes, packs: Packs | None = None) -> dict[str, Any]:
    """Parse, evaluate and format in one call (what `POST /api/rules/check` needs)."""
    packs = shipped_packs() if packs is None else packs
    request = parse_document(document, packs)
    return format_violations(evaluate(request.timelines(), packs, request.period))


__all__ = [
    "EXCLUDED_ABSTRACTION_TYPES",
    "OUTPUT_FIELDS",
    "CheckRequest",
    "InterchangeError",
    "check_document",
    "format_violations",
    "parse_document",
    "violation_to_dict",
]
