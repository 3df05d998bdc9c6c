"""Availability: nobody works on a day (or a shift of it) they are unavailable for — annual leave, sickness,
training, court, a fixed day off. The reason travels into explanations ("on annual leave")."""

from __future__ import annotations

import numpy as np

from ..problem import Problem
from ..roster import OFF, Roster
from ..terms import ALL, Breach, Scope, fmt_day

RULE = "availability"


def restrict(problem: Problem, allowed: np.ndarray) -> None:
    for p, person in enumerate(problem.people):
        for u in person.unavailable:
            d = problem.day_index.get(u.day)
            if d is None:
                continue
            if u.shifts:
                for shift in u.shifts:
                    allowed[p, d, problem.shift_index[shift]] = False
            else:
                allowed[p, d, :] = False


def reason(problem: Problem, p: int, d: int, s: int) -> str | None:
    """Why person p cannot work shift s on day d, or None when they can."""
    day = problem.days[d]
    shift_id = problem.shift_types[s].id
    for u in problem.people[p].unavailable:
        if u.day == day and (not u.shifts or shift_id in u.shifts):
            return u.reason
    return None


def check(roster: Roster, scope: Scope = ALL) -> list[Breach]:
    problem = roster.problem
    found = []
    for p, person in enumerate(problem.people):
        if not scope.has_person(p) or not person.unavailable:
            continue
        for d, s in enumerate(roster.rows[p]):
            if s != OFF and scope.has_day(d) and (why := reason(problem, p, d, s)):
                found.append(Breach(RULE, person.id, f"{person.label} is unavailable on "
                                    f"{fmt_day(problem.days[d])} ({why})", problem.days[d]))
    return found
