"""Fewest days off in a row (Curtois "MinConsecutiveDaysOff"; a lone rest day between duties is no rest): a run of
days off with a worked day on each side is at least that long. Runs touching the ends of what is known are
exempt. Built as min_consecutive_days with the roles of work and rest swapped."""

from __future__ import annotations

from ..model import RosterModel
from ..roster import Roster
from ..terms import ALL, Breach, Scope, fmt_day, plural
from .min_consecutive_days import forbid_short_runs, short_runs

RULE = "min_consecutive_days_off"


def add(m: RosterModel) -> None:
    for p, person in enumerate(m.problem.people):
        least = person.rules.min_consecutive_days_off
        if least and least > 1:
            why = f"{person.label} would have only {{n}} day(s) off in a row from {{day}}; at least {least}"
            forbid_short_runs(m, p, least, False, why)


def check(roster: Roster, scope: Scope = ALL) -> list[Breach]:
    problem = roster.problem
    found = []
    for p, person in enumerate(problem.people):
        least = person.rules.min_consecutive_days_off
        if least and least > 1 and scope.has_person(p):
            for a, b in short_runs(roster, p, least, False, scope):
                found.append(Breach(RULE, person.id, f"{person.label} would have only {plural(b - a + 1, 'day')} off "
                                    f"in a row from {fmt_day(problem.day_of(a))}; at least {least} wanted",
                                    problem.day_of(a)))
    return found
