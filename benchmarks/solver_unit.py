"""Benchmark the roster optimiser on a realistic unit: a police station's response teams.

    python benchmarks/solver_unit.py [--quick] [--time-limit 60] [--workers 2] [--seed 20260105]

60 officers in 5 teams of 12 (2 sergeants, 10 constables, of whom 5 response drivers; 5 taser-trained) follow a
10-day pattern (EELL-NN---) of 10 h Earlies (07-17), Lates (14-24) and 9 h Nights (22-07) over 8 weeks from Monday
2 March 2026 (the clocks change on 29 March). Requirements per shift and day: 1 sergeant minimum (2 target),
8 constables (9; 10 on Friday and Saturday nights), 3 response drivers, 2 taser; and a Friday-Saturday 22:00-03:00
band of 12 constables. Seeded leave, sickness and training leave gaps; a few day-off requests. Rules from the
police-officer rule pack (11 h daily rest, 24 h weekly rest, 48 h average), contracts 40 h a week less leave, with
20 h tolerance over the period. Mode "fill": keep the pattern, cover gaps at the least cost.

Prints the objective, the proved lower bound, the gap between them, the time, and the validity of the roster
(every hard rule's own check, and muster_engine.worktime.evaluate finding no breach of the rules compiled in), then
one JSON line. Target (issue 5): within 1 % of the bound within 60 s. `--quick` solves 5 teams of 4 for 2 weeks.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from muster_engine.solver import (  # noqa: E402
    Person,
    Problem,
    Request,
    Requirement,
    ShiftType,
    SolveOptions,
    Unavailable,
    Weights,
    solve,
)
from muster_engine.solver.explain import explain  # noqa: E402
from muster_engine.solver.objective import breaches  # noqa: E402
from muster_engine.solver.rulepack import work_rules  # noqa: E402
from muster_engine.worktime import Duty, Period, Timelines, evaluate, shipped_packs  # noqa: E402
from muster_engine.worktime import Person as WorktimePerson  # noqa: E402

FIRST = date(2026, 3, 2)
LONDON = ZoneInfo("Europe/London")
SHIFTS = (
    ShiftType("E", 600, start_minute=7 * 60, name="Early"),
    ShiftType("L", 600, start_minute=14 * 60, name="Late"),
    ShiftType("N", 540, start_minute=22 * 60, counts_as_night=True, name="Night"),
)
REFRESHMENT = {"E": 60, "L": 60, "N": 50}  # POL-1, paid and inside the tour
# 10 days, 5 teams two days apart: one team on each shift every day, and 24 h rest in every Monday-to-Monday week
# (WTR-4) whatever the offset: the lone rest day between Lates and Nights gives 46 h.
CYCLE = ("E", "E", "L", "L", None, "N", "N", None, None, None)
PACK = "police-officer"
COMPILED = {"WTR-1", "WTR-3", "WTR-4", "POL-15"}


def build(team_size: int, weeks: int, seed: int, teams: int = 5) -> Problem:
    rng = random.Random(seed)
    days = tuple(FIRST + timedelta(days=i) for i in range(7 * weeks))
    pack = shipped_packs().in_force(PACK, FIRST)
    rules = work_rules(pack)
    hours = 40 * 60 * weeks
    people = []
    for team in range(teams):
        sergeants = max(1, team_size // 6)
        for k in range(team_size):
            skills = {"sergeant"} if k < sergeants else {"constable"}
            # Half the constables drive on response, about 40 % of the team carry taser.
            if sergeants <= k < sergeants + (team_size - sergeants + 1) // 2:
                skills.add("driver")
            if k % 2 == 1 and k < team_size - 1:
                skills.add("taser")
            unavailable = []
            if rng.random() < 0.25:  # a week or two of annual leave
                start = rng.randrange(len(days) - 7)
                stop = min(len(days), start + rng.choice((7, 14)))
                unavailable += [Unavailable(days[d], "annual leave") for d in range(start, stop)]
            if rng.random() < 0.15:  # a spell of sickness
                start = rng.randrange(len(days) - 3)
                unavailable += [Unavailable(days[d], "sickness") for d in range(start, start + rng.randint(1, 4))]
            if rng.random() < 0.3:  # a training day
                unavailable.append(Unavailable(days[rng.randrange(len(days))], "training"))
            taken = {u.day for u in unavailable}
            # Leave counts towards the contract: a day away is a seventh of the week's hours.
            credit = len(taken) * 40 * 60 // 7
            requests = tuple(Request(d, None, False, rng.choice((1, 2, 3))) for d in rng.sample(days, 2)
                             if d not in taken)
            base = tuple(CYCLE[(d + 2 * team) % len(CYCLE)] for d in range(len(days)))
            people.append(Person(
                id=f"T{team + 1}-{k + 1:02d}",
                skills=frozenset(skills),
                rules=rules,
                min_minutes=max(0, hours - credit - 20 * 60),
                max_minutes=hours - credit + 20 * 60,
                target_minutes=hours - credit,
                unavailable=tuple({u.day: u for u in unavailable}.values()),
                requests=requests,
                base=base,
            ))
    scale = team_size / 12  # the quick run keeps the proportions
    requirements = []
    for d in days:
        weekend_night = d.weekday() in (4, 5)
        for shift in ("E", "L", "N"):
            busy = weekend_night and shift == "N"
            for skill, minimum, target in (("sergeant", 1, 2), ("constable", 8, 10 if busy else 9),
                                           ("driver", 3, 3), ("taser", 2, 3 if busy else 2)):
                requirements.append(Requirement(d, minimum=max(1, round(minimum * scale)),
                                                target=max(1, round(target * scale)), shift=shift, skill=skill,
                                                under_minimum=1000, under_target=20))
        if weekend_night:
            requirements.append(Requirement(d, minimum=max(1, round(12 * scale)), start_minute=22 * 60,
                                            end_minute=27 * 60, skill="constable", under_minimum=100,
                                            under_target=0, name="Friday/Saturday 22:00-03:00 (constable)"))
    return Problem(days, SHIFTS, tuple(people), tuple(requirements), Weights.for_mode("fill"), mode="fill",
                   name=f"{teams * team_size} people, {weeks} weeks")


def engine_violations(problem: Problem, roster) -> list:
    duties = []
    for a in roster.assignments():
        shift = problem.shift(a.shift)
        start = datetime.combine(a.day, datetime.min.time()) + timedelta(minutes=shift.start_minute)
        end = start + timedelta(minutes=shift.length_minutes)
        duties.append(Duty(a.person, start.replace(tzinfo=LONDON), end.replace(tzinfo=LONDON), REFRESHMENT[a.shift]))
    timelines = Timelines.from_records([WorktimePerson(p.id, pack=PACK) for p in problem.people], duties)
    return evaluate(timelines, shipped_packs(), Period(problem.days[0], problem.days[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="5 teams of 4 (20 people) for 2 weeks, a few seconds")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20260105)
    args = parser.parse_args(argv)
    team_size, weeks, limit = (4, 2, 5.0) if args.quick else (12, 8, args.time_limit)
    load_before = os.getloadavg()[0]
    began = time.monotonic()
    problem = build(team_size, weeks, args.seed)
    built = time.monotonic() - began
    solution = solve(problem, SolveOptions(time_limit=limit, workers=args.workers, seed=1))
    seconds = time.monotonic() - began
    roster = solution.roster
    hard = breaches(roster) if roster is not None else ["no roster"]
    engine = [v for v in engine_violations(problem, roster) if v.rule in COMPILED or v.severity == "breach"] \
        if roster is not None else []
    valid = roster is not None and not hard and not engine
    gap = None if solution.gap is None else round(100 * solution.gap, 2)
    print(f"Roster optimiser, one police station: {problem.name}, {len(problem.requirements)} requirements, "
          f"{limit:g} s, {args.workers} workers, load average {load_before:.2f} on {os.cpu_count()} CPUs")
    print(f"{'objective':>10}{'bound':>10}{'gap %':>8}{'seconds':>9}{'build s':>9}  {'status':<9}valid")
    print(f"{solution.objective if solution.objective is not None else '-':>10}"
          f"{solution.best_bound if solution.best_bound is not None else '-':>10}{gap if gap is not None else '-':>8}"
          f"{seconds:>9.1f}{built:>9.1f}  {solution.status:<9}{'yes' if valid else 'NO'}")
    for reason in solution.impossible[:5]:
        print(f"  impossible: {reason}")
    for v in engine[:5]:
        print(f"  rules engine: {v.rule} {v.person}: {v.message}")
    explanation = explain(problem, roster) if roster is not None else None
    if explanation is not None:
        print("cost by rule: " + ", ".join(f"{k} {v}" for k, v in sorted(explanation.by_rule().items())))
        reasons: Counter[str] = Counter()
        for gap_ in explanation.gaps:
            for c in gap_.candidates:
                for r in c.reasons:
                    reasons[r.split(" ", 1)[1].split(" on ")[0][:40]] += 1
        print(f"gaps left: {len(explanation.gaps) + explanation.more_gaps}; commonest reasons people could not "
              f"cover them: " + "; ".join(f"{k} ({n})" for k, n in reasons.most_common(3)))
    print(json.dumps({
        "benchmark": "solver_unit",
        "people": len(problem.people),
        "days": problem.horizon,
        "requirements": len(problem.requirements),
        "objective": solution.objective,
        "best_bound": solution.best_bound,
        "gap_percent": gap,
        "status": solution.status,
        "seconds": round(seconds, 2),
        "build_seconds": round(built, 2),
        "time_limit": limit,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "load_before": round(load_before, 2),
        "valid": valid,
        "gaps_left": None if explanation is None else len(explanation.gaps) + explanation.more_gaps,
    }))
    return 0 if valid else 1


if __name__ == "__main__":
    raise SystemExit(main())
