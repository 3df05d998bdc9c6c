"""Most weekends worked over the horizon (Curtois "MaxWeekends"): a weekend is worked when any of its Saturday
and Sunday is."""

from __future__ import annotations

from ..model import RosterModel
from ..roster import Roster
from ..terms import ALL, Breach, Scope, plural

RULE = "weekends"


def add(m: RosterModel) -> None:
    weekends = m.problem.weekends()
    for p, person in enumerate(m.problem.people):
        limit = person.rules.max_weekends
        if limit is None or limit >= len(weekends):
            continue
        worked = []
        for w, days in enumerate(weekends):
            lits = [m.work(p, d) for d in days if m.work(p, d) is not False]
            if not lits:
                continue
            if len(lits) == 1:
                worked.append(lits[0])
                continue
            # Only "a worked day makes a worked weekend" is needed: the limit then keeps the count down.
            flag = m.model.new_bool_var(f"weekend[{p},{w}]")
            for lit in lits:
                m.model.add_implication(lit, flag)
            worked.append(flag)
        m.at_most(worked, limit, f"{person.label} cannot keep to {plural(limit, 'weekend')}")


def weekends_worked(roster: Roster, p: int) -> int:
    return sum(any(roster.worked(p, d) for d in days) for days in roster.problem.weekends())


def check(roster: Roster, scope: Scope = ALL) -> list[Breach]:
    found = []
    for p, person in enumerate(roster.problem.people):
        limit = person.rules.max_weekends
        if limit is None or not scope.has_person(p):
            continue
        n = weekends_worked(roster, p)
        if n > limit:
            found.append(Breach(RULE, person.id, f"{person.label} would work {plural(n, 'weekend')}; "
                                f"at most {limit} allowed"))
    return found
