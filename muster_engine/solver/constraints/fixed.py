"""Fixed (locked) duties: a planner's locked shift or locked rest day stays as it is."""

from __future__ import annotations

import numpy as np

from ..model import RosterModel
from ..problem import Problem
from ..roster import OFF, Roster
from ..terms import ALL, Breach, Scope, fmt_day

RULE = "fixed"


def restrict(problem: Problem, allowed: np.ndarray) -> None:
    for p, person in enumerate(problem.people):
        for day, shift in person.fixed.items():
            d = problem.day_index[day]
            keep = allowed[p, d, problem.shift_index[shift]] if shift is not None else False
            allowed[p, d, :] = False
            if shift is not None:
                allowed[p, d, problem.shift_index[shift]] = keep


def add(m: RosterModel) -> None:
    problem = m.problem
    for p, person in enumerate(problem.people):
        for day, shift in person.fixed.items():
            if shift is None:
                continue
            d, s = problem.day_index[day], problem.shift_index[shift]
            why = (f"{person.label} is locked to {problem.shift(shift).label} on {fmt_day(day)}, "
                   f"which another hard rule forbids (leave, skills or a limit of 0)")
            m.clause([m.lit(p, d, s)], why)


def check(roster: Roster, scope: Scope = ALL) -> list[Breach]:
    problem = roster.problem
    found = []
    for p, person in enumerate(problem.people):
        if not scope.has_person(p):
            continue
        for day, shift in person.fixed.items():
            d = problem.day_index[day]
            want = OFF if shift is None else problem.shift_index[shift]
            if scope.has_day(d) and roster.rows[p][d] != want:
                what = "a locked rest day" if shift is None else f"locked to {problem.shift(shift).label}"
                found.append(Breach(RULE, person.id, f"{person.label} is {what} on {fmt_day(day)}", day))
    return found
