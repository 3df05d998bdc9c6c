"""Most days worked in a row (POL-15: 6; Curtois "MaxConsecutiveShifts") and most nights in a row (POL-15: 4).

Every window of limit + 1 known days (history and horizon) holds a day off (a day without a night). Windows
that run past what is known are not checked: the days beyond may well be rest days.
"""

from __future__ import annotations

from ..model import RosterModel
from ..roster import OFF, Roster, first_known_day
from ..terms import ALL, Breach, Scope, fmt_day, plural

RULE = "max_consecutive_days"


def add(m: RosterModel) -> None:
    problem = m.problem
    nights = [s for s, shift in enumerate(problem.shift_types) if shift.counts_as_night]
    for p, person in enumerate(problem.people):
        limit = person.rules.max_consecutive_days
        if limit is not None:
            for d in range(m.first_known[p], m.n_days - limit):
                window = range(d, d + limit + 1)
                if any(0 <= k < m.n_days for k in window):
                    m.clause([m.off[p][k] if k >= 0 else not m.work(p, k) for k in window],
                             f"{person.label} would work more than {limit} days in a row from "
                             f"{fmt_day(problem.day_of(d))}")
        limit = person.rules.max_consecutive_nights
        if limit is not None and nights:
            for d in range(m.first_known[p], m.n_days - limit):
                window = range(d, d + limit + 1)
                if any(0 <= k < m.n_days for k in window):
                    m.at_most([m.lit(p, k, s) for k in window for s in nights], limit,
                              f"{person.label} would work more than {limit} nights in a row from "
                              f"{fmt_day(problem.day_of(d))}")


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    found, start = [], None
    for i, f in enumerate([*flags, False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            found.append((start, i - 1))
            start = None
    return found


def check(roster: Roster, scope: Scope = ALL) -> list[Breach]:
    problem = roster.problem
    found = []
    for p, person in enumerate(problem.people):
        if not scope.has_person(p):
            continue
        lo = first_known_day(problem, p)
        days = range(lo, problem.horizon)
        for limit, what, flags in (
            (person.rules.max_consecutive_days, "days", [roster.worked(p, d) for d in days]),
            (person.rules.max_consecutive_nights, "nights",
             [(s := roster.known(p, d)) not in (None, OFF) and problem.shift_types[s].counts_as_night for d in days]),
        ):
            if limit is None:
                continue
            for a, b in _runs(flags):
                start, stop = lo + a, lo + b
                if stop - start + 1 > limit and stop >= 0 and (scope.days is None or any(
                        scope.has_day(d) for d in range(start, stop + 1))):
                    run = plural(stop - start + 1, what[:-1])
                    found.append(Breach(RULE, person.id, f"{person.label} would work {run}"
                                        f" in a row from {fmt_day(problem.day_of(start))}; at most {limit} allowed",
                                        problem.day_of(start)))
    return found


