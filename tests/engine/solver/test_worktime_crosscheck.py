"""Checker and optimiser cannot drift apart: rosters the optimiser builds under rules compiled from a rule pack
pass muster_engine.worktime.evaluate (the rules engine) with no breach of those rules — across the March clock
change, with cover asked for beyond what the rules allow, so the rules bind."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from muster_engine.solver import Person, Problem, Requirement, ShiftType, SolveOptions, solve
from muster_engine.solver.objective import breaches
from muster_engine.solver.rulepack import work_rules
from muster_engine.worktime import Duty, Period, Timelines, evaluate, shipped_packs
from muster_engine.worktime import Person as WorktimePerson

LONDON = ZoneInfo("Europe/London")
FIRST = datetime(2026, 3, 16).date()  # a Monday; the clocks go forward on Sunday 29 March
DAYS = tuple(FIRST + timedelta(days=i) for i in range(28))
# Police tours with refreshment inside them (POL-1: 45 min for 8 h, 50 min for 9 h).
SHIFTS = (
    ShiftType("E", 480, start_minute=7 * 60, name="Early"),
    ShiftType("L", 480, start_minute=14 * 60, name="Late"),
    ShiftType("N", 540, start_minute=22 * 60, counts_as_night=True, name="Night"),
)
BREAKS = {"E": 45, "L": 45, "N": 50}
COMPILED = {"WTR-1", "WTR-3", "WTR-4", "POL-15"}


def duties(problem: Problem, roster) -> list[Duty]:
    found = []
    for a in roster.assignments():
        shift = problem.shift(a.shift)
        start = datetime.combine(a.day, datetime.min.time()) + timedelta(minutes=shift.start_minute)
        end = start + timedelta(minutes=shift.length_minutes)
        # Wall-clock times on the London clock: a night over the clock change is an hour shorter in real time.
        found.append(Duty(a.person, start.replace(tzinfo=LONDON), end.replace(tzinfo=LONDON), BREAKS[a.shift]))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("pack_name", ["police-officer-scotland", "police-officer"])
def test_every_roster_passes_the_rules_engine_for_the_rules_compiled_in(pack_name):
    # given: 6 officers, 2 wanted on every shift every day (more than the rules allow), the pack's rules
    pack = shipped_packs().in_force(pack_name, FIRST)
    rules = work_rules(pack)
    people = tuple(Person(f"P{i}", rules=rules, max_minutes=4 * 48 * 60) for i in range(6))
    reqs = tuple(Requirement(d, target=2, shift=s.id, under_target=100) for d in DAYS for s in SHIFTS)
    problem = Problem(DAYS, SHIFTS, people, reqs)

    # when
    solution = solve(problem, SolveOptions(time_limit=8, workers=2))
    timelines = Timelines.from_records([WorktimePerson(p.id, pack=pack_name) for p in people],
                                       duties(problem, solution.roster))
    violations = evaluate(timelines, shipped_packs(), Period(DAYS[0], DAYS[-1]))

    # then: a real roster (most shifts worked), nothing the compiled rules forbid, no breach of any kind
    assert solution.roster is not None and breaches(solution.roster) == []
    assert sum(1 for _ in solution.roster.assignments()) > 100
    assert [v.message for v in violations if v.rule in COMPILED] == []
    assert [v.message for v in violations if v.severity == "breach"] == []


def test_a_late_then_early_is_what_both_sides_forbid():
    # given: the same succession judged by the rules engine and compiled for the optimiser
    pack = shipped_packs().in_force("police-staff", FIRST)
    late_then_early = [
        Duty("P1", datetime(2026, 3, 16, 14, tzinfo=LONDON), datetime(2026, 3, 16, 22, tzinfo=LONDON), 45),
        Duty("P1", datetime(2026, 3, 17, 7, tzinfo=LONDON), datetime(2026, 3, 17, 15, tzinfo=LONDON), 45),
    ]
    problem = Problem(DAYS[:2], SHIFTS, (Person("P1", rules=work_rules(pack)),))

    # when
    engine = evaluate(Timelines.from_records([WorktimePerson("P1", pack="police-staff")], late_then_early),
                      shipped_packs(), Period(DAYS[0], DAYS[1]))
    from muster_engine.solver.constraints.forbidden_successions import successions

    forbidden = successions(problem, work_rules(pack).daily_rest_minutes)

    # then: 9 h rest: the engine reports WTR-3, and the optimiser never plans Early after Late
    assert [v.rule for v in engine] == ["WTR-3"]
    assert (1, 0, 9 * 60) in forbidden[(0, 1)]
