"""Pattern adherence and changes (soft): keep to the base roster (the pattern projected onto dates, or the
published roster being repaired). Dropping or changing a base shift costs `Weights.remove`, working a base rest
day `Weights.add`; with `Problem.today` set, each grows by `Weights.short_notice` per day inside
`Weights.notice_days`, so a change two days ahead costs more than one twenty days ahead. A change forced by a
hard rule (new leave, a lost skill) is not charged: nothing could avoid it."""

from __future__ import annotations

from ..model import RosterModel, neg
from ..problem import Problem
from ..roster import OFF, Roster
from ..terms import ALL, Cost, Scope, fmt_day

RULE = "pattern_adherence"


def weight(problem: Problem, d: int, base: int) -> int:
    w = problem.weights
    if problem.today is None or not w.short_notice:
        return base
    ahead = (problem.days[d] - problem.today).days
    return base + w.short_notice * max(0, w.notice_days - ahead)


def _dropped(problem: Problem, p: int, d: int, s: int, now: int) -> str:
    person = problem.people[p]
    base = problem.shift_types[s].label
    what = "a rest day" if now == OFF else problem.shift_types[now].label
    return f"{person.label}: {base} on {fmt_day(problem.days[d])} becomes {what}"


def add(m: RosterModel) -> None:
    problem = m.problem
    w = problem.weights
    if not (w.remove or w.add):
        return
    for p, person in enumerate(problem.people):
        if person.base is None:
            continue
        for d, shift in enumerate(person.base):
            day = problem.days[d]
            if shift is None:
                if w.add and m.work(p, d) is not False:
                    m.penalise(RULE, f"added[{person.id},{d}]", m.work(p, d), weight(problem, d, w.add),
                               f"{person.label} works on {fmt_day(day)}, a rest day in the base roster",
                               person=person.id, day=day)
                continue
            s = problem.shift_index[shift]
            kept = m.lit(p, d, s)
            if w.remove and kept is not False:
                m.penalise(RULE, f"changed[{person.id},{d}]", neg(kept), weight(problem, d, w.remove),
                           f"{person.label}: {problem.shift_types[s].label} on {fmt_day(day)} is changed",
                           person=person.id, day=day, shift=shift)


def cost(roster: Roster, scope: Scope = ALL) -> list[Cost]:
    problem = roster.problem
    w = problem.weights
    found = []
    if not (w.remove or w.add):
        return found
    allowed = problem.allowed
    for p, person in enumerate(problem.people):
        if person.base is None or not scope.has_person(p):
            continue
        for d, shift in enumerate(person.base):
            now = roster.rows[p][d]
            day = problem.days[d]
            if shift is None:
                if now != OFF and w.add and allowed[p, d].any():
                    found.append(Cost(RULE, 1, weight(problem, d, w.add), f"{person.label} works "
                                      f"{problem.shift_types[now].label} on {fmt_day(day)}, a rest day in the base "
                                      f"roster", person=person.id, day=day))
                continue
            s = problem.shift_index[shift]
            if now != s and w.remove and allowed[p, d, s]:
                found.append(Cost(RULE, 1, weight(problem, d, w.remove), _dropped(problem, p, d, s, now),
                                  person=person.id, day=day, shift=shift))
    return found


def changes(roster: Roster) -> list[tuple[int, int, int, int]]:
    """(person, day, base shift, new shift) of every cell that differs from the base (OFF = -1)."""
    problem = roster.problem
    found = []
    for p, person in enumerate(problem.people):
        if person.base is None:
            continue
        for d, shift in enumerate(person.base):
            was = OFF if shift is None else problem.shift_index[shift]
            if roster.rows[p][d] != was:
                found.append((p, d, was, roster.rows[p][d]))
    return found
