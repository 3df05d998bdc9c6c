"""Requests (soft): a person asked to work a shift (or any shift) on a day, or asked not to; breaking the request
costs its weight. An off-request names a shift, so working another shift that day keeps it (Curtois § 4);
an off-request without a shift is a day-off request."""

from __future__ import annotations

from ..model import RosterModel, neg
from ..problem import Person, Problem, Request
from ..roster import OFF, Roster
from ..terms import ALL, Cost, Scope, fmt_day

RULE = "requests"


def _message(problem: Problem, person: Person, r: Request) -> str:
    day = fmt_day(r.day)
    if r.shift is None:
        return (f"{person.label} asked to work on {day} but is off" if r.on
                else f"{person.label} asked for {day} off but works")
    label = problem.shift(r.shift).label
    return (f"{person.label} asked to work {label} on {day} but does not" if r.on
            else f"{person.label} asked not to work {label} on {day} but does")


def add(m: RosterModel) -> None:
    problem = m.problem
    for p, person in enumerate(problem.people):
        for k, r in enumerate(person.requests):
            d = problem.day_index.get(r.day)
            if d is None or not r.weight:
                continue
            if r.shift is None:
                broken = neg(m.work(p, d)) if r.on else m.work(p, d)
            else:
                worked = m.lit(p, d, problem.shift_index[r.shift])
                broken = neg(worked) if r.on else worked
            m.penalise(RULE, f"request[{person.id},{k}]", broken, r.weight, _message(problem, person, r),
                       person=person.id, day=r.day, shift=r.shift)


def broken(problem: Problem, roster: Roster, p: int, r: Request) -> bool:
    d = problem.day_index[r.day]
    s = roster.rows[p][d]
    if r.shift is None:
        return (s == OFF) if r.on else (s != OFF)
    hit = s == problem.shift_index[r.shift]
    return not hit if r.on else hit


def cost(roster: Roster, scope: Scope = ALL) -> list[Cost]:
    problem = roster.problem
    found = []
    for p, person in enumerate(problem.people):
        if not scope.has_person(p):
            continue
        for r in person.requests:
            if r.day in problem.day_index and r.weight and broken(problem, roster, p, r):
                found.append(Cost(RULE, 1, r.weight, _message(problem, person, r), person=person.id, day=r.day,
                                  shift=r.shift))
    return found
