"""One shift per day: each person, each day, works exactly one of the shifts open to them or has the day off.

This is the decision itself (FORMAT.md § 2 of the Curtois benchmark, and a duty's "date" in Muster), so it must
be added first: it creates the day-off literal every other module reads through `RosterModel.work`.
"""

from __future__ import annotations

from ..model import RosterModel
from ..roster import OFF, Roster
from ..terms import ALL, Breach, Scope

RULE = "one_shift_per_day"


def add(m: RosterModel) -> None:
    for p in range(m.n_people):
        offs = []
        for d in range(m.n_days):
            live = [v for _, v in m.shifts_on(p, d)]
            if len(live) >= 2:
                off = m.model.new_bool_var(f"off[{p},{d}]")
                m.model.add_exactly_one([*live, off])
                offs.append(off)
            elif len(live) == 1:
                offs.append(~live[0])
            else:
                offs.append(True)
        m.off.append(offs)


def check(roster: Roster, scope: Scope = ALL) -> list[Breach]:
    """A Roster holds one shift (or OFF) per cell by construction; only indexes out of range can be wrong."""
    found = []
    n = len(roster.problem.shift_types)
    for p, person in enumerate(roster.problem.people):
        if scope.has_person(p):
            for d, s in enumerate(roster.rows[p]):
                if s != OFF and not 0 <= s < n:
                    found.append(Breach(RULE, person.id, f"{person.label}: unknown shift type #{s}",
                                        roster.problem.days[d]))
    return found
