"""Rest between shifts: forbidden successions. A shift may not follow another when the rest between them would
be shorter than the person's daily rest (WTR-3: 11 h, young workers 12 h, from the rule pack), measured between
real instants so clock changes count; shift types may also name shifts that can never follow them on the next
day (`ShiftType.cannot_follow`, the Curtois "CannotFollow" lists). A single shift longer than 24 h less the daily
rest leaves too little rest in its own 24 h and is not open to that person at all.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from ..model import RosterModel
from ..problem import Problem
from ..roster import OFF, Roster, first_known_day
from ..terms import ALL, Breach, Scope, fmt_day
from ..timing import shift_instants

RULE = "forbidden_successions"

Pairs = dict[tuple[int, int], list[tuple[int, int, int | None]]]  # (d, s) -> [(d2, u, gap or None)]


def _first(problem: Problem) -> int:
    return min((first_known_day(problem, p) for p in range(len(problem.people))), default=0)


def successions(problem: Problem, rest: int | None) -> Pairs:
    """Every forbidden (day, shift) -> (later day, shift) pair for people with this daily rest, over the known days
    (history and horizon). The gap is in minutes (None for a cannot-follow rule). Kept on the (frozen) problem."""
    cache = problem.__dict__.setdefault("_successions", {})
    if rest not in cache:
        cache[rest] = _successions(problem, rest)
    return cache[rest]


def _successions(problem: Problem, rest: int | None) -> Pairs:
    first, last = _first(problem), problem.horizon
    pairs: Pairs = defaultdict(list)
    seen: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
    for s, shift in enumerate(problem.shift_types):
        for other in shift.cannot_follow:
            u = problem.shift_index[other]
            for d in range(first, last - 1):
                pairs[(d, s)].append((d + 1, u, None))
                seen[(d, s)].add((d + 1, u))
    if rest:
        start, end = shift_instants(problem, first, last)
        longest = max(s.length_minutes for s in problem.shift_types)
        reach = (rest + longest + 120) // 1440 + 1
        n = last - first
        for i in range(n):
            for k in range(1, reach + 1):
                if i + k >= n:
                    break
                gap = start[i + k][None, :] - end[i][:, None]
                for s, u in zip(*np.nonzero(gap < rest), strict=True):
                    key, target = (first + i, int(s)), (first + i + k, int(u))
                    if target not in seen[key]:
                        seen[key].add(target)
                        pairs[key].append((*target, int(gap[s, u])))
    return dict(pairs)


def too_long(problem: Problem, rest: int | None) -> list[int]:
    """Shift types longer than 24 h less the daily rest (WTR-3 continuous work)."""
    if not rest:
        return []
    return [s for s, shift in enumerate(problem.shift_types) if shift.length_minutes > 1440 - rest]


def restrict(problem: Problem, allowed: np.ndarray) -> None:
    by_rest: dict[int | None, Pairs] = {}
    for p, person in enumerate(problem.people):
        rest = person.rules.daily_rest_minutes
        for s in too_long(problem, rest):
            allowed[p, :, s] = False
        if not person.history:
            continue
        if rest not in by_rest:
            by_rest[rest] = successions(problem, rest)
        pairs = by_rest[rest]
        for d in range(-len(person.history), 0):
            shift = person.history[d]
            if shift is None:
                continue
            for d2, u, _ in pairs.get((d, problem.shift_index[shift]), ()):
                if 0 <= d2 < problem.horizon:
                    allowed[p, d2, u] = False


def add(m: RosterModel) -> None:
    problem = m.problem
    by_rest: dict[int | None, Pairs] = {}
    for p in range(m.n_people):
        rest = problem.people[p].rules.daily_rest_minutes
        if rest not in by_rest:
            by_rest[rest] = successions(problem, rest)
        for (d, s), after in by_rest[rest].items():
            if d < 0:
                continue  # history before the horizon was folded into `allowed` by restrict()
            first = m.lit(p, d, s)
            if first is False:
                continue
            by_day: dict[int, list] = defaultdict(list)
            for d2, u, _ in after:
                if d2 < m.n_days and (v := m.lit(p, d2, u)) is not False:
                    by_day[d2].append(v)
            # At most one of "s on d" and the forbidden successors of a later day (at most one a day anyway).
            for later in by_day.values():
                m.model.add_at_most_one([first, *later])


def describe(problem: Problem, p: int, d: int, s: int, d2: int, u: int, gap: int | None) -> str:
    person = problem.people[p]
    a, b = problem.shift_types[s], problem.shift_types[u]
    if gap is None:
        return (f"{person.label} cannot work {b.label} on {fmt_day(problem.day_of(d2))} straight after "
                f"{a.label} on {fmt_day(problem.day_of(d))} (shift rotation rule)")
    rest = person.rules.daily_rest_minutes or 0
    return (f"{person.label} would have only {_hours(max(gap, 0))} rest between {a.label} on "
            f"{fmt_day(problem.day_of(d))} and {b.label} on {fmt_day(problem.day_of(d2))}; "
            f"the daily rest rule needs {_hours(rest)}")


def _hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h" if not m else f"{h} h {m:02d} min"


def check(roster: Roster, scope: Scope = ALL) -> list[Breach]:
    problem = roster.problem
    found = []
    by_rest: dict[int | None, Pairs] = {}
    for p, person in enumerate(problem.people):
        if not scope.has_person(p):
            continue
        rest = person.rules.daily_rest_minutes
        for d, s in enumerate(roster.rows[p]):
            if s != OFF and s in too_long(problem, rest) and scope.has_day(d):
                found.append(Breach(RULE, person.id, f"{problem.shift_types[s].label} is longer than 24 h less the "
                                    f"{_hours(rest or 0)} daily rest", problem.days[d]))
        if rest not in by_rest:
            by_rest[rest] = successions(problem, rest)
        pairs = by_rest[rest]
        for d in range(first_known_day(problem, p), problem.horizon):
            s = roster.known(p, d)
            if s is None or s == OFF:
                continue
            for d2, u, gap in pairs.get((d, s), ()):
                if d2 < problem.horizon and roster.known(p, d2) == u and (scope.has_day(d) or scope.has_day(d2)):
                    found.append(Breach(RULE, person.id, describe(problem, p, d, s, d2, u, gap),
                                        problem.day_of(d2)))
    return found
