"""Weekly rest (WTR-4): an uninterrupted rest of the person's weekly rest (24 h; young workers 48 h; a pack may
ask 35 h) inside each week from Monday 00:00 local, counting only the part of a rest that lies inside the week.

CP-SAT form: such a rest exists exactly when some window of that length inside the week holds no work, and such
a window can always slide left until it starts at Monday 00:00 or at the end of a shift. So for each candidate
start (the week's start and every possible shift end) a literal "this window is free" implies that no shift
overlapping it is worked, and one of the candidates must hold. Days outside what is known count as rest, as they
do in muster_engine.worktime, which finds the same breaches in a finished roster.
"""

from __future__ import annotations

from datetime import timedelta

from ..model import RosterModel
from ..problem import Problem
from ..roster import OFF, Roster, first_known_day
from ..terms import ALL, Breach, Scope, fmt_day
from ..timing import local_minute, shift_instants

RULE = "weekly_rest"


def _weeks(problem: Problem) -> list[int]:
    """Day indexes of the Mondays of the weeks that touch the horizon."""
    first_monday = -problem.days[0].weekday()
    return list(range(first_monday, problem.horizon, 7))


def _hours(minutes: int) -> str:
    h, m = divmod(max(minutes, 0), 60)
    return f"{h} h" if not m else f"{h} h {m:02d} min"


def add(m: RosterModel) -> None:
    problem = m.problem
    need = [p.rules.weekly_rest_minutes for p in problem.people]
    if not any(need):
        return
    lo = min(m.first_known)
    start, end = shift_instants(problem, lo, problem.horizon)
    for monday in _weeks(problem):
        week_start, week_end = local_minute(problem, monday, 0), local_minute(problem, monday + 7, 0)
        # Shifts near the week, as (day index, shift, start, end).
        near = [
            (d, s, int(start[d - lo, s]), int(end[d - lo, s]))
            for d in range(max(lo, monday - 2), min(problem.horizon, monday + 8))
            for s in range(m.n_shifts)
            if start[d - lo, s] < week_end and end[d - lo, s] > week_start
        ]
        for p, rest in enumerate(need):
            if not rest:
                continue
            _week(m, p, rest, week_start, week_end, near, monday)


def _week(m: RosterModel, p: int, rest: int, week_start: int, week_end: int, near: list, monday: int) -> None:
    candidates = {week_start} | {e for (_, _, _, e) in near if week_start <= e <= week_end - rest}
    options: dict[frozenset, None] = {}
    for t in sorted(candidates):
        if t + rest > week_end:
            continue
        overlapping = [m.lit(p, d, s) for (d, s, a, b) in near if a < t + rest and b > t]
        if any(v is True for v in overlapping):
            continue
        live = frozenset(v for v in overlapping if v is not False)
        if not live:
            return  # this window is free whatever the roster: the week has its rest
        options.setdefault(live)
    person = m.problem.people[p]
    why = (f"{person.label} cannot have {_hours(rest)} weekly rest in the week from "
           f"{fmt_day(m.problem.day_of(monday))}")
    frees = []
    for live in options:
        free = m.model.new_bool_var(f"weekly_rest[{p},{monday},{len(frees)}]")
        for v in live:
            m.model.add_implication(free, ~v)
        frees.append(free)
    m.clause(frees, why)


def longest_rest(problem: Problem, roster: Roster, p: int, monday: int) -> int:
    """Longest rest inside the week from Monday `monday` (day index), from the known duties of p."""
    lo = first_known_day(problem, p)
    week_start, week_end = local_minute(problem, monday, 0), local_minute(problem, monday + 7, 0)
    start, end = shift_instants(problem, lo, problem.horizon)
    work = sorted(
        (int(start[d - lo, s]), int(end[d - lo, s]))
        for d in range(lo, problem.horizon)
        if (s := roster.known(p, d)) is not None and s != OFF
    )
    longest, cursor = 0, week_start
    for a, b in work:
        if b <= week_start:
            continue
        if a >= week_end:
            break
        longest = max(longest, min(a, week_end) - cursor)
        cursor = max(cursor, b)
    return max(longest, week_end - cursor)


def check(roster: Roster, scope: Scope = ALL) -> list[Breach]:
    problem = roster.problem
    found = []
    for p, person in enumerate(problem.people):
        rest = person.rules.weekly_rest_minutes
        if not rest or not scope.has_person(p):
            continue
        for monday in _weeks(problem):
            if scope.days is not None and not any(scope.has_day(d) for d in range(monday, monday + 7)):
                continue
            got = longest_rest(problem, roster, p, monday)
            if got < rest:
                day = problem.days[0] + timedelta(days=monday)
                found.append(Breach(RULE, person.id, f"{person.label} would have no {_hours(rest)} rest in the week "
                                    f"from {fmt_day(day)} (longest {_hours(got)})", day))
    return found
