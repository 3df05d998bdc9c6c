"""Fewest days worked in a row (Curtois "MinConsecutiveShifts"): a run of worked days with a day off on each side
is at least that long. Runs touching the first or last known day are exempt, since they may go on outside.

CP-SAT form (OR-Tools shift_scheduling_sat's negated bounded spans): for each short length L the sequence
"off, L days on, off" is forbidden by one clause. min_consecutive_days_off reuses this with the roles swapped.
"""

from __future__ import annotations

from ..model import RosterModel, neg
from ..roster import Roster, first_known_day
from ..terms import ALL, Breach, Scope, fmt_day, plural

RULE = "min_consecutive_days"


def forbid_short_runs(m: RosterModel, p: int, least: int, working: bool, why: str) -> None:
    """No run of `working` days (worked, or off when False) shorter than `least` with the opposite on both sides."""
    for length in range(1, least):
        for d in range(m.first_known[p] + 1, m.n_days - length):
            if d + length - 1 < 0:
                continue  # the whole run lies in history: nothing to decide
            inside = [m.work(p, k) for k in range(d, d + length)]
            if working:
                lits = [m.work(p, d - 1), *(neg(v) for v in inside), m.work(p, d + length)]
            else:
                lits = [neg(m.work(p, d - 1)), *inside, neg(m.work(p, d + length))]
            m.clause(lits, why.format(day=fmt_day(m.problem.day_of(d)), n=length))


def add(m: RosterModel) -> None:
    for p, person in enumerate(m.problem.people):
        least = person.rules.min_consecutive_days
        if least and least > 1:
            forbid_short_runs(m, p, least, True,
                              f"{person.label} would work only {{n}} day(s) in a row from {{day}}; at least {least}")


def short_runs(roster: Roster, p: int, least: int, working: bool, scope: Scope) -> list[tuple[int, int]]:
    """(first, last) day of each run shorter than `least` with the opposite on both sides, inside what is known."""
    problem = roster.problem
    lo, hi = first_known_day(problem, p), problem.horizon - 1
    flags = [roster.worked(p, d) == working for d in range(lo, hi + 1)]
    found, start = [], None
    for i, f in enumerate([*flags, False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            a, b = lo + start, lo + i - 1
            start = None
            touches_edge = a == lo or b == hi
            if not touches_edge and b - a + 1 < least and b >= 0 and (
                    scope.days is None or any(scope.has_day(d) for d in range(a - 1, b + 2))):
                found.append((a, b))
    return found


def check(roster: Roster, scope: Scope = ALL) -> list[Breach]:
    problem = roster.problem
    found = []
    for p, person in enumerate(problem.people):
        least = person.rules.min_consecutive_days
        if least and least > 1 and scope.has_person(p):
            for a, b in short_runs(roster, p, least, True, scope):
                found.append(Breach(RULE, person.id, f"{person.label} would work only {plural(b - a + 1, 'day')} "
                                    f"in a row from {fmt_day(problem.day_of(a))}; at least {least} wanted",
                                    problem.day_of(a)))
    return found
