"""Contracted hours: paid minutes over the horizon within [min_minutes, max_minutes] (the contract less and plus
its tolerance; Curtois "MinTotalMinutes"/"MaxTotalMinutes"), at most `max_minutes_per_window` in every window of
that many days (an average-hours cap), and, softly, close to `target_minutes` (Weights.contract_hour per hour
away). Minutes are divided by their common factor so CP-SAT works with small numbers."""

from __future__ import annotations

from functools import reduce
from math import gcd

from ..model import RosterModel
from ..roster import OFF, Roster, first_known_day
from ..terms import ALL, Breach, Cost, Scope, fmt_day

RULE = "total_minutes"


def _hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h" if not m else f"{h} h {m:02d} min"


def add(m: RosterModel) -> None:
    problem = m.problem
    paid = [s.paid for s in problem.shift_types]
    unit = reduce(gcd, [x for x in paid if x] or [1])
    weight = problem.weights.contract_hour
    for p, person in enumerate(problem.people):
        terms = [(paid[s] // unit, v) for d in range(m.n_days) for s, v in m.shifts_on(p, d)]
        most = sum(c for c, _ in terms)
        total = m.linear(terms)
        if person.max_minutes is not None and most * unit > person.max_minutes:
            m.model.add(total <= person.max_minutes // unit)
        if person.min_minutes is not None and person.min_minutes > 0:
            if most * unit < person.min_minutes:
                m.impossible.append(f"{person.label} cannot reach the {_hours(person.min_minutes)} of their contract")
            m.model.add(total >= -(-person.min_minutes // unit))
        if person.target_minutes is not None and weight:
            # Hours away from the target, rounded up: 60 x hours >= |minutes - target|.
            hours = m.model.new_int_var(0, max(most * unit, person.target_minutes) // 60 + 1, f"contract_dev[{p}]")
            m.model.add(60 * hours >= unit * total - person.target_minutes)
            m.model.add(60 * hours >= person.target_minutes - unit * total)
            m.penalise(RULE, f"contract_hours[{person.id}]", hours, weight,
                       f"{person.label} is rostered {{n}} h away from their contracted {_hours(person.target_minutes)}",
                       person=person.id)
        window = person.rules.max_minutes_per_window
        if window is not None:
            length, cap = window
            for days in _windows(m.first_known[p], m.n_days, length):
                win = [(paid[s], m.lit(p, k, s)) for k in days for s in range(m.n_shifts)]
                if sum(c for c, v in win if v is not False) > cap:
                    m.model.add(m.linear(win) <= cap)


def _windows(first: int, last: int, length: int) -> list[range]:
    """Windows of `length` days over the known days first..last-1 that hold a day of the horizon. Days outside
    what is known count as no work, so when fewer days are known than a window holds, the known days together
    are the one window that matters."""
    if last - first <= length:
        return [range(first, last)]
    return [range(d, d + length) for d in range(first, last - length + 1) if d + length > 0]


def worked_minutes(roster: Roster, p: int) -> int:
    shifts = roster.problem.shift_types
    return sum(shifts[s].paid for s in roster.rows[p] if s != OFF)


def check(roster: Roster, scope: Scope = ALL) -> list[Breach]:
    problem = roster.problem
    found = []
    for p, person in enumerate(problem.people):
        if not scope.has_person(p):
            continue
        total = worked_minutes(roster, p)
        if person.max_minutes is not None and total > person.max_minutes:
            found.append(Breach(RULE, person.id, f"{person.label} would be rostered {_hours(total)}, over the "
                                f"{_hours(person.max_minutes)} their contract allows"))
        if person.min_minutes is not None and total < person.min_minutes:
            found.append(Breach(RULE, person.id, f"{person.label} would be rostered {_hours(total)}, under the "
                                f"{_hours(person.min_minutes)} their contract needs"))
        window = person.rules.max_minutes_per_window
        if window is not None:
            length, cap = window
            for days in _windows(first_known_day(problem, p), problem.horizon, length):
                got = sum(problem.shift_types[s].paid for k in days if (s := roster.known(p, k)) not in (None, OFF))
                if got > cap:
                    found.append(Breach(RULE, person.id, f"{person.label} would work {_hours(got)} in the {length} "
                                        f"days from {fmt_day(problem.day_of(days[0]))}; at most {_hours(cap)}",
                                        problem.day_of(days[0])))
                    break
    return found


def cost(roster: Roster, scope: Scope = ALL) -> list[Cost]:
    problem = roster.problem
    weight = problem.weights.contract_hour
    found = []
    if not weight:
        return found
    for p, person in enumerate(problem.people):
        if person.target_minutes is None or not scope.has_person(p):
            continue
        away = abs(worked_minutes(roster, p) - person.target_minutes)
        hours = -(-away // 60)
        if hours:
            found.append(Cost(RULE, hours, weight, f"{person.label} is rostered {hours} h away from their contracted "
                              f"{_hours(person.target_minutes)}", person=person.id))
    return found
