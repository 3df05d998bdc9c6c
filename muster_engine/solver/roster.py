"""A roster as the optimiser sees it: for each person and day of the horizon, a shift type or a day off.

`Roster` is what solve() returns and what the pure checks (each constraint's `check` and `cost`) read. Rows
hold shift-type indexes (OFF = -1) in the order of `Problem.people` and `Problem.days`; `shift_id` and
`assignments` turn them back into ids and dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from .problem import Problem

OFF = -1


@dataclass(frozen=True)
class Assignment:
    person: str
    day: date
    shift: str


@dataclass(frozen=True)
class Roster:
    problem: Problem
    rows: tuple[tuple[int, ...], ...]

    @classmethod
    def empty(cls, problem: Problem) -> Roster:
        return cls(problem, tuple((OFF,) * problem.horizon for _ in problem.people))

    @classmethod
    def from_ids(cls, problem: Problem, shifts: Mapping[str, Iterable[str | None]]) -> Roster:
        """From {person id: [shift id or None per day]}; people left out are off every day."""
        rows = []
        for person in problem.people:
            given = list(shifts.get(person.id, [None] * problem.horizon))
            if len(given) != problem.horizon:
                raise ValueError(f"roster row of {person.id!r} has {len(given)} days, the horizon {problem.horizon}")
            rows.append(tuple(OFF if s is None else problem.shift_index[s] for s in given))
        return cls(problem, tuple(rows))

    @classmethod
    def from_assignments(cls, problem: Problem, assignments: Iterable[Assignment]) -> Roster:
        rows = [[OFF] * problem.horizon for _ in problem.people]
        for a in assignments:
            rows[problem.person_index[a.person]][problem.day_index[a.day]] = problem.shift_index[a.shift]
        return cls(problem, tuple(tuple(r) for r in rows))

    @classmethod
    def base(cls, problem: Problem) -> Roster:
        """The base roster (pattern or published), off where a person has none."""
        return cls.from_ids(problem, {p.id: p.base for p in problem.people if p.base is not None})

    def shift_id(self, p: int, d: int) -> str | None:
        s = self.rows[p][d]
        return None if s == OFF else self.problem.shift_types[s].id

    def known(self, p: int, d: int) -> int | None:
        """Shift index on day d (OFF for a day off), reading history before day 0; None where unknown."""
        if 0 <= d < self.problem.horizon:
            return self.rows[p][d]
        if d < 0:
            history = self.problem.people[p].history
            if -d <= len(history):
                s = history[d]
                return OFF if s is None else self.problem.shift_index[s]
        return None

    def worked(self, p: int, d: int) -> bool:
        s = self.known(p, d)
        return s is not None and s != OFF

    def with_shift(self, p: int, d: int, s: int) -> Roster:
        row = list(self.rows[p])
        row[d] = s
        return Roster(self.problem, self.rows[:p] + (tuple(row),) + self.rows[p + 1 :])

    def assignments(self) -> Iterator[Assignment]:
        for p, person in enumerate(self.problem.people):
            for d, s in enumerate(self.rows[p]):
                if s != OFF:
                    yield Assignment(person.id, self.problem.days[d], self.problem.shift_types[s].id)

    def to_ids(self) -> dict[str, list[str | None]]:
        return {person.id: [self.shift_id(p, d) for d in range(self.problem.horizon)]
                for p, person in enumerate(self.problem.people)}


def first_known_day(problem: Problem, p: int) -> int:
    """The earliest day index whose shift is known for person p (0, or earlier through history)."""
    return -len(problem.people[p].history)


__all__ = ["OFF", "Assignment", "Roster", "first_known_day"]
