"""`Timelines`: everyone's duties, rest days and abstractions as sorted NumPy arrays, built once.

Build it from dataclasses (`from_records`, what the Django adapter and the interchange reader do) or
straight from arrays (`from_arrays`, what the benchmark and bulk checks do). Duties are sorted by
(person, start) once here so that every rule can take gaps with np.diff and group with reduceat.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from .clock import day_number, to_minutes
from .model import KIND_CODES, Abstraction, Duty, Person, RestDay

# Sentinels for "no date": far enough out that date arithmetic on them cannot overflow.
NO_DAY_BEFORE = -(10**7)
NO_DAY_AFTER = 10**7


def _adult_from(birth: date | None) -> int:
    """Day number of the 18th birthday; someone born on 29 February comes of age on 1 March."""
    if birth is None:
        return NO_DAY_BEFORE
    year = birth.year + 18
    try:
        return day_number(birth.replace(year=year))
    except ValueError:
        return day_number(date(year, 3, 1))


@dataclass(frozen=True, eq=False)
class Timelines:
    """Inputs of one evaluation as arrays; duty arrays sorted by (person index, start).

    Instants are int64 UTC minutes since the epoch; dates are int day numbers since 1970-01-01.
    """

    people: tuple[Person, ...]
    default_pack: str | None
    duty_person: np.ndarray  # int64 person index
    duty_start: np.ndarray  # int64 UTC minutes
    duty_end: np.ndarray  # int64 UTC minutes
    duty_break: np.ndarray  # int64 minutes
    duty_kind: np.ndarray  # int8 KIND_CODES
    rest_person: np.ndarray
    rest_day: np.ndarray
    abs_person: np.ndarray
    abs_start_day: np.ndarray
    abs_end_day: np.ndarray  # inclusive
    abs_excluded: np.ndarray  # bool: an excluded day for WTR-1

    @property
    def person_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.people)

    def index_of(self, person_id: str) -> int:
        for i, person in enumerate(self.people):
            if person.id == person_id:
                return i
        raise KeyError(person_id)

    @classmethod
    def from_records(
        cls,
        people: Sequence[Person],
        duties: Iterable[Duty],
        rest_days: Iterable[RestDay] = (),
        abstractions: Iterable[Abstraction] = (),
        *,
        default_pack: str | None = None,
    ) -> Timelines:
        """Build from dataclasses; raises ValueError naming the record for unknown people or bad times."""
        index = {p.id: i for i, p in enumerate(people)}
        if len(index) != len(people):
            raise ValueError("people: person ids must be unique")

        def person_index(record: object, what: str, i: int) -> int:
            pid = record.person  # type: ignore[attr-defined]
            try:
                return index[pid]
            except KeyError:
                raise ValueError(f"{what}[{i}].person: unknown person {pid!r}") from None

        rows = []
        for i, duty in enumerate(duties):
            start, end = to_minutes(duty.start), to_minutes(duty.end)
            if end <= start:
                raise ValueError(f"duties[{i}].end: must be after the start")
            rows.append((person_index(duty, "duties", i), start, end, int(duty.break_minutes), KIND_CODES[duty.kind]))
        rest = [(person_index(r, "rest_days", i), day_number(r.date)) for i, r in enumerate(rest_days)]
        absences = [
            (person_index(a, "abstractions", i), day_number(a.start), day_number(a.end), a.excluded)
            for i, a in enumerate(abstractions)
        ]
        duty_cols = np.array(rows, dtype=np.int64).reshape(-1, 5).T
        rest_cols = np.array(rest, dtype=np.int64).reshape(-1, 2).T
        abs_cols = np.array(absences, dtype=np.int64).reshape(-1, 4).T
        return cls.from_arrays(
            people,
            duty_person=duty_cols[0],
            duty_start=duty_cols[1],
            duty_end=duty_cols[2],
            duty_break=duty_cols[3],
            duty_kind=duty_cols[4],
            rest_person=rest_cols[0],
            rest_day=rest_cols[1],
            abs_person=abs_cols[0],
            abs_start_day=abs_cols[1],
            abs_end_day=abs_cols[2],
            abs_excluded=abs_cols[3].astype(bool),
            default_pack=default_pack,
        )

    @classmethod
    def from_arrays(
        cls,
        people: Sequence[Person],
        *,
        duty_person: np.ndarray,
        duty_start: np.ndarray,
        duty_end: np.ndarray,
        duty_break: np.ndarray | None = None,
        duty_kind: np.ndarray | None = None,
        rest_person: np.ndarray | None = None,
        rest_day: np.ndarray | None = None,
        abs_person: np.ndarray | None = None,
        abs_start_day: np.ndarray | None = None,
        abs_end_day: np.ndarray | None = None,
        abs_excluded: np.ndarray | None = None,
        default_pack: str | None = None,
    ) -> Timelines:
        """Build from parallel arrays (person indexes into `people`; UTC minutes; day numbers).

        Duties need not be sorted; a sorted input (the usual case) skips the sort.
        """
        dp = np.asarray(duty_person, dtype=np.int64)
        ds = np.asarray(duty_start, dtype=np.int64)
        de = np.asarray(duty_end, dtype=np.int64)
        n = len(dp)
        db = np.zeros(n, np.int64) if duty_break is None else np.asarray(duty_break, dtype=np.int64)
        dk = np.zeros(n, np.int8) if duty_kind is None else np.asarray(duty_kind, dtype=np.int8)
        if not (len(ds) == len(de) == len(db) == len(dk) == n):
            raise ValueError("duty arrays must have the same length")
        if n and (dp.min() < 0 or dp.max() >= len(people)):
            raise ValueError("duty_person holds an index outside people")
        if n > 1:
            same = dp[1:] == dp[:-1]
            in_order = bool(np.all((dp[1:] > dp[:-1]) | (same & (ds[1:] >= ds[:-1]))))
            if not in_order:
                # One stable sort on a combined key: person in the high bits, start below.
                key = dp * (1 << 34) + (ds - ds.min())
                order = np.argsort(key, kind="stable")
                dp, ds, de, db, dk = dp[order], ds[order], de[order], db[order], dk[order]

        def ints(values: np.ndarray | None) -> np.ndarray:
            return np.zeros(0, np.int64) if values is None else np.asarray(values, dtype=np.int64)

        ap = ints(abs_person)
        return cls(
            people=tuple(people),
            default_pack=default_pack,
            duty_person=dp,
            duty_start=ds,
            duty_end=de,
            duty_break=db,
            duty_kind=dk,
            rest_person=ints(rest_person),
            rest_day=ints(rest_day),
            abs_person=ap,
            abs_start_day=ints(abs_start_day),
            abs_end_day=ints(abs_end_day),
            abs_excluded=np.ones(len(ap), bool) if abs_excluded is None else np.asarray(abs_excluded, dtype=bool),
        )

    # -- per-person facts as arrays ----------------------------------------------------------------

    def adult_from_day(self) -> np.ndarray:
        return np.array([_adult_from(p.birth_date) for p in self.people], dtype=np.int64)

    def employed_from_day(self) -> np.ndarray:
        return np.array(
            [NO_DAY_BEFORE if p.employed_from is None else day_number(p.employed_from) for p in self.people],
            dtype=np.int64,
        )

    def flags(self, name: str) -> np.ndarray:
        return np.array([bool(getattr(p, name)) for p in self.people], dtype=bool)
