"""Cover: people with the skill working the shift (or at every moment of a time band) against the requirement's
minimum and target. Below the minimum is heavy (or forbidden when `hard_minimum`), below the target lighter,
above it light: Curtois's cover lines are a target with 100 per person under and 1 per person over.

A person counts for every requirement whose skill they hold, so "12 constables, of whom 4 drivers" is two
requirements and a driving constable counts in both. A band is cut where shifts start and end; each piece is
covered by the shifts spanning it and is priced per person-hour (weights x minutes / 60, rounded up).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from ..model import RosterModel
from ..problem import Problem, Requirement
from ..roster import Roster
from ..terms import ALL, Breach, Cost, Scope, fmt_day, plural
from ..timing import local_minute, shift_instants

RULE = "cover"


@dataclass(frozen=True)
class Segment:
    """A stretch of a requirement covered by the same shifts: `cells` are (day index, shift index)."""

    minutes: int | None  # None: a shift requirement (priced per person)
    cells: tuple[tuple[int, int], ...]

    def coef(self, weight: int) -> int:
        return weight if self.minutes is None else ceil(weight * self.minutes / 60)


def segments(problem: Problem, req: Requirement) -> list[Segment]:
    d = problem.day_index[req.day]
    if req.shift is not None:
        return [Segment(None, ((d, problem.shift_index[req.shift]),))]
    assert req.start_minute is not None and req.end_minute is not None
    a, b = local_minute(problem, d, req.start_minute), local_minute(problem, d, req.end_minute)
    lo, hi = d - 2, d + (req.end_minute // 1440) + 1
    start, end = shift_instants(problem, lo, hi + 1)
    spans = [
        (lo + i, s, int(start[i, s]), int(end[i, s]))
        for i in range(hi + 1 - lo)
        for s in range(len(problem.shift_types))
        if start[i, s] < b and end[i, s] > a
    ]
    cuts = sorted({a, b} | {t for _, _, x, y in spans for t in (x, y) if a < t < b})
    merged: dict[tuple[tuple[int, int], ...], int] = {}
    for x, y in zip(cuts[:-1], cuts[1:], strict=True):
        cells = tuple((day, s) for day, s, u, v in spans if u <= x and v >= y)
        merged[cells] = merged.get(cells, 0) + (y - x)
    return [Segment(minutes, cells) for cells, minutes in merged.items()]


def qualified(problem: Problem, req: Requirement) -> list[int]:
    return [p for p, person in enumerate(problem.people) if req.skill is None or req.skill in person.skills]


def describe(problem: Problem, req: Requirement) -> str:
    """"Night (driver)", "22:00-03:00 (sergeant)", "Early": what the requirement asks for, as a planner says it."""
    if req.name:
        return req.name
    what = problem.shift(req.shift).label if req.shift is not None else req.describe().split(" ", 1)[-1]
    return f"{what} ({req.skill.replace('_', ' ')})" if req.skill else what


def _where(problem: Problem, req: Requirement) -> str:
    return f"{fmt_day(req.day)} {describe(problem, req)}"


def add(m: RosterModel) -> None:
    problem = m.problem
    for k, req in enumerate(problem.requirements):
        people = qualified(problem, req)
        wanted = req.wanted
        for j, seg in enumerate(segments(problem, req)):
            lits = [m.lit(p, d, s) for p in people for d, s in seg.cells]
            lits = [v for v in lits if v is not False]
            n = m.linear((1, v) for v in lits)
            top = len(lits)
            name = f"cover[{k},{j}]"
            where = _where(problem, req)
            if req.minimum:
                if req.hard_minimum:
                    if top < req.minimum:
                        m.impossible.append(f"{where}: only {top} could work it, the minimum is {req.minimum}")
                    m.model.add(n >= req.minimum)
                elif req.under_minimum:
                    short = m.model.new_int_var(0, req.minimum, f"{name}.under_min")
                    m.model.add(short >= req.minimum - n)
                    m.penalise(RULE, f"{name}.under_minimum", short, seg.coef(req.under_minimum),
                               f"{where}: {{n}} short of the minimum of {req.minimum}", day=req.day, shift=req.shift)
            short_t = None
            if wanted and req.under_target:
                short_t = m.model.new_int_var(0, wanted, f"{name}.under_target")
                m.model.add(short_t >= wanted - n)
                m.penalise(RULE, f"{name}.under_target", short_t, seg.coef(req.under_target),
                           f"{where}: {{n}} short of the target of {wanted}", day=req.day, shift=req.shift)
            if req.over and top > wanted:
                if short_t is not None:
                    # over = n - wanted + short exactly when short = max(0, wanted - n), which the objective keeps.
                    over = n - wanted + short_t
                else:
                    over = m.model.new_int_var(0, top - wanted, f"{name}.over")
                    m.model.add(over >= n - wanted)
                m.penalise(RULE, f"{name}.over", over, seg.coef(req.over),
                           f"{where}: {{n}} over the target of {wanted}", day=req.day, shift=req.shift)


def count(roster: Roster, req: Requirement, seg: Segment, people: list[int] | None = None) -> int:
    people = qualified(roster.problem, req) if people is None else people
    return sum(1 for p in people for d, s in seg.cells if roster.known(p, d) == s)


def shortfalls(roster: Roster) -> list[tuple[int, Requirement, Segment, int]]:
    """(requirement index, requirement, segment, people short of the wanted number) for every gap left."""
    found = []
    for k, req in enumerate(roster.problem.requirements):
        people = qualified(roster.problem, req)
        for seg in segments(roster.problem, req):
            n = count(roster, req, seg, people)
            if n < req.wanted:
                found.append((k, req, seg, req.wanted - n))
    return found


def cost(roster: Roster, scope: Scope = ALL) -> list[Cost]:
    problem = roster.problem
    found = []
    for req in problem.requirements:
        if scope.days is not None and problem.day_index[req.day] not in scope.days:
            continue
        people = qualified(problem, req)
        wanted = req.wanted
        for seg in segments(problem, req):
            n = count(roster, req, seg, people)
            where = _where(problem, req)
            who = req.skill.replace("_", " ") if req.skill else "person"
            if req.minimum and not req.hard_minimum and req.under_minimum and n < req.minimum:
                found.append(Cost(RULE, req.minimum - n, seg.coef(req.under_minimum),
                                  f"{where}: {plural(req.minimum - n, who)} short of the minimum of {req.minimum}",
                                  day=req.day, shift=req.shift))
            if wanted and req.under_target and n < wanted:
                found.append(Cost(RULE, wanted - n, seg.coef(req.under_target),
                                  f"{where}: {plural(wanted - n, who)} short of the target of {wanted}",
                                  day=req.day, shift=req.shift))
            if req.over and n > wanted:
                found.append(Cost(RULE, n - wanted, seg.coef(req.over),
                                  f"{where}: {plural(n - wanted, who)} over the target of {wanted}",
                                  day=req.day, shift=req.shift))
    return found


def check(roster: Roster, scope: Scope = ALL) -> list[Breach]:
    """Hard minimums only: everything else about cover is a cost."""
    problem = roster.problem
    found = []
    for req in problem.requirements:
        if not req.hard_minimum or not req.minimum:
            continue
        if scope.days is not None and problem.day_index[req.day] not in scope.days:
            continue
        for seg in segments(problem, req):
            n = count(roster, req, seg)
            if n < req.minimum:
                found.append(Breach(RULE, "", f"{_where(problem, req)}: {n} rostered, the minimum is {req.minimum}",
                                    req.day))
    return found
