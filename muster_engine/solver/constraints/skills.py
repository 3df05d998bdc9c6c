"""Skills and roles: a shift type that requires skills (a call handler's shift, a custody sergeant's) is open only
to people who hold all of them."""

from __future__ import annotations

import numpy as np

from ..problem import Problem
from ..roster import OFF, Roster
from ..terms import ALL, Breach, Scope

RULE = "skills"


def restrict(problem: Problem, allowed: np.ndarray) -> None:
    for s, shift in enumerate(problem.shift_types):
        if shift.requires:
            for p, person in enumerate(problem.people):
                if not shift.requires <= person.skills:
                    allowed[p, :, s] = False


def missing(problem: Problem, p: int, s: int) -> frozenset[str]:
    return problem.shift_types[s].requires - problem.people[p].skills


def check(roster: Roster, scope: Scope = ALL) -> list[Breach]:
    problem = roster.problem
    found = []
    for p, person in enumerate(problem.people):
        if not scope.has_person(p):
            continue
        for d, s in enumerate(roster.rows[p]):
            if s != OFF and scope.has_day(d) and (lack := missing(problem, p, s)):
                names = ", ".join(sorted(x.replace("_", " ") for x in lack))
                found.append(Breach(RULE, person.id, f"{person.label} is not qualified for "
                                    f"{problem.shift_types[s].label} (needs {names})", problem.days[d]))
    return found
