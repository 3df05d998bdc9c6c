"""Most (and fewest) shifts of each type per person over the horizon (Curtois "MaxShifts"; a person who may never
work nights has a limit of 0, which removes those choices before the model is built)."""

from __future__ import annotations

import numpy as np

from ..model import RosterModel
from ..problem import Problem
from ..roster import Roster
from ..terms import ALL, Breach, Scope, plural

RULE = "max_shifts_per_type"


def restrict(problem: Problem, allowed: np.ndarray) -> None:
    for p, person in enumerate(problem.people):
        for shift, limit in person.max_shifts.items():
            if limit <= 0:
                allowed[p, :, problem.shift_index[shift]] = False


def add(m: RosterModel) -> None:
    problem = m.problem
    for p, person in enumerate(problem.people):
        for shift, limit in person.max_shifts.items():
            s = problem.shift_index[shift]
            terms = [v for d in range(m.n_days) if (v := m.xs[p][d][s]) is not None]
            if limit > 0 and len(terms) > limit:
                m.model.add(sum(terms) <= limit)
        for shift, least in person.min_shifts.items():
            s = problem.shift_index[shift]
            terms = [v for d in range(m.n_days) if (v := m.xs[p][d][s]) is not None]
            if least > 0:
                if len(terms) < least:
                    m.impossible.append(f"{person.label} must work at least {plural(least, problem.shift(shift).label)}"
                                        f" but can work only {len(terms)}")
                m.model.add(sum(terms) >= least)


def check(roster: Roster, scope: Scope = ALL) -> list[Breach]:
    problem = roster.problem
    found = []
    for p, person in enumerate(problem.people):
        if not scope.has_person(p):
            continue
        row = roster.rows[p]
        for shift, limit in person.max_shifts.items():
            n = row.count(problem.shift_index[shift])
            if n > limit:
                label = problem.shift(shift).label
                found.append(Breach(RULE, person.id, f"{person.label} would work {plural(n, label)}; "
                                    f"at most {limit} allowed"))
        for shift, least in person.min_shifts.items():
            n = row.count(problem.shift_index[shift])
            if n < least:
                label = problem.shift(shift).label
                found.append(Breach(RULE, person.id, f"{person.label} would work {plural(n, label)}; "
                                    f"at least {least} needed"))
    return found
