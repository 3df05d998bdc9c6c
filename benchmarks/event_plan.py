"""Benchmark the event deployment optimiser (muster_engine.solver.deploy) on a match-day operation.

    python benchmarks/event_plan.py [--quick] [--time-limit 30] [--workers 2] [--seed 20260411]
    python benchmarks/event_plan.py --demo-db /tmp/demo.sqlite3 [--time-limit 20]

The demo's match day: phase 1 "Briefing and deployment" 11:00-18:00 needs 1 inspector, 4 sergeants, 30 public-order
constables, 2 first-aiders and 6 carrier drivers; phase 2 "Dispersal" 17:00-21:00 needs 2 sergeants and 16
public-order constables (about 60 officers over the two phases). The pool is an LPA of 15 response teams (about 300
officers; `--quick`: 5 teams): each person that Saturday is on an early (07-17), a late (14-24), on a rest day, or
has nothing rostered, with the options the events adapter would build for each run of phases (on duty, shift
change, overtime extension or extra tour, rest-day working), costed at a constable's rate with the POL-5/POL-8
multipliers; people leaving a team's duty draw on its spare above a minimum of 6 per hour.

Prints the candidates, options, result, cost, rest days cancelled, the time, and checks that no team went below
its minimum; then one JSON line.

--demo-db: the same operation on the loaded demo force (`manage.py load_demo` into that SQLite file; it is copied
first, the file itself is never written). The demo planner builds the match day's candidate pool (rule checks and
costing by pay), asks for a proposal and confirms it through the events actions; each step is timed, and the
stations' staffing after confirmation is compared with before (no interval further below its minimum).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from muster_engine.solver.deploy import DeployProblem, Minimum, Need, Option, Person, solve  # noqa: E402

H = 60
PHASES = {"p1": (11 * H, 18 * H), "p2": (17 * H, 21 * H)}
RUNS = [("p1",), ("p2",), ("p1", "p2")]
NEEDS = [Need("insp", "p1", 1, "inspector", None, "Deployment: 1 inspector"),
         Need("sgt1", "p1", 4, "sergeant", None, "Deployment: 4 sergeants"),
         Need("po1", "p1", 30, "constable", "public-order-l2", "Deployment: 30 public-order constables"),
         Need("fa", "p1", 2, None, "first-aid", "Deployment: 2 first-aiders"),
         Need("drv", "p1", 6, None, "psu-driver", "Deployment: 6 carrier drivers"),
         Need("sgt2", "p2", 2, "sergeant", None, "Dispersal: 2 sergeants"),
         Need("po2", "p2", 16, "constable", "public-order-l2", "Dispersal: 16 public-order constables")]
RATE = {"constable": 1616, "sergeant": 2100, "inspector": 2600}  # pence an hour
TOURS = {"early": (7 * H, 17 * H), "late": (14 * H, 24 * H)}
TEAM_MINIMUM = 6


def instance(teams: int, per_team: int, seed: int) -> DeployProblem:
    rng = random.Random(seed)
    people, options, minimums = [], [], []
    for t in range(teams):
        members = []
        for i in range(per_team):
            rank = "inspector" if i == 0 and t % 5 == 0 else "sergeant" if i < 2 else "constable"
            skills = {s for s, p in (("public-order-l2", 0.45), ("first-aid", 0.5), ("psu-driver", 0.12))
                      if rng.random() < p}
            pid = f"t{t}p{i}"
            people.append(Person(pid, f"Officer {t}-{i}", rank, frozenset(skills), rng.randint(0, 6),
                                 rng.randint(0, 3)))
            members.append((pid, rank, rng.choices(["early", "late", "rest", "none"], [0.3, 0.3, 0.32, 0.08])[0]))
        # The team's spare per hour above its minimum, from who is on each tour.
        for hour in range(7, 24):
            on = sum(1 for _p, _r, s in members if s in TOURS and TOURS[s][0] <= hour * H < TOURS[s][1])
            minimums.append(Minimum(f"t{t}h{hour}", f"Team {t} minimum {hour:02d}:00", max(0, on - TEAM_MINIMUM)))
        for pid, rank, state in members:
            rate = RATE[rank]
            premium = rank != "inspector"  # POL-11
            for run in RUNS:
                s, e = PHASES[run[0]][0], PHASES[run[-1]][1]
                hours = (e - s) / H
                oid = f"{pid}-{'+'.join(run)}"
                base = dict(person=pid, day="sat", phases=run, notice_days=rng.randint(2, 30))
                if state in TOURS:
                    ts, te = TOURS[state]
                    if ts <= s and e <= te:
                        draws = tuple(f"{pid.split('p')[0]}h{h}" for h in range(s // H, -(-e // H)))
                        options.append(Option(oid, start=s, end=e, method="on_duty", cost=0, draws=draws, **base))
                        continue
                    draws = tuple(f"{pid.split('p')[0]}h{h}" for h in range(ts // H, min(te // H, 24)))
                    options.append(Option(oid + "-sc", start=s, end=e, method="shift_change", cost=0, draws=draws,
                                          **base))
                    extra = max(0, e - te) + max(0, ts - s)
                    if max(te, e) - min(ts, s) <= 16 * H:
                        overlap = range(max(ts, s) // H, min(te, e) // H)
                        options.append(Option(oid + "-ot", start=min(ts, s), end=max(te, e), method="overtime",
                                              cost=round(extra / H * rate * (4 / 3 if premium else 0)),
                                              draws=tuple(f"{pid.split('p')[0]}h{h}" for h in overlap), **base))
                elif state == "rest":
                    cost = round(max(hours, 4) * rate * 1.5) if base["notice_days"] < 15 else 8 * rate
                    options.append(Option(oid, start=s, end=e, method="rest_day", cost=cost if premium else 8 * rate,
                                          cancels_rest_day=True, **base))
                else:
                    options.append(Option(oid, start=s, end=e, method="overtime",
                                          cost=round(hours * rate * (4 / 3 if premium else 1)), **base))
    return DeployProblem(tuple(NEEDS), tuple(people), tuple(options), tuple(minimums))


def demo(path: Path, time_limit: float) -> int:
    """Plan the demo's match day on a copy of a loaded demo database; returns the exit code."""
    import os
    import shutil
    import tempfile

    if not path.is_file():
        print(f"--demo-db: no such file {path}", file=sys.stderr)
        return 2
    copy = Path(tempfile.mkdtemp(prefix="event-plan-")) / "demo.sqlite3"
    shutil.copyfile(path, copy)
    os.environ["DATABASE_URL"] = f"sqlite:///{copy}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "muster.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the officers' notices stay quiet
    from django.utils import timezone

    import events.actions as actions
    from events.models import Event
    from org.choices import UnitKind
    from org.models import Unit
    from rostering.staffing import coverage

    event = Event.objects.filter(reference__startswith="op-goal-").first()
    planner = get_user_model().objects.filter(username="planner").first()
    if event is None or planner is None:
        print(f"--demo-db: {path} holds no demo match day (op-goal-...) or no 'planner' login", file=sys.stderr)
        return 2
    day = event.phases.first().date
    stations = list(Unit.objects.filter(path__startswith=event.unit.path, kind=UnitKind.STATION))
    before = {u.pk: coverage(u, day, day) for u in stations}
    # Time the pool build inside the proposing action (the action builds it once, then runs the solver).
    seconds: dict[str, float] = {}
    build = actions.build_pool

    def timed_build(*args, **kwargs):
        started = time.perf_counter()
        try:
            return build(*args, **kwargs)
        finally:
            seconds["pool"] = time.perf_counter() - started

    actions.build_pool = timed_build
    started = time.perf_counter()
    result, pool = actions.do_propose_deployment(event, acting_user=planner, time_limit=time_limit)
    seconds["propose"] = time.perf_counter() - started
    started = time.perf_counter()
    confirmed = actions.do_confirm_deployment(event, acting_user=planner)
    seconds["confirm"] = time.perf_counter() - started
    event.refresh_from_db()
    # The people are at the event during their phases, wherever their duty is recorded.
    away = [(a.person_id, min(p.start for p in a.phases.all()), max(p.end for p in a.phases.all()))
            for a in confirmed]
    worse = []
    for unit in stations:
        for old, new in zip(before[unit.pk], coverage(unit, day, day, without=away), strict=True):
            if new.shortfall > old.shortfall:
                worse.append(f"{unit.name} {timezone.localtime(new.start):%H:%M}: {old.planned}→{new.planned} "
                             f"(minimum {new.minimum})")
    methods = Counter(str(a.method) for a in confirmed)
    total = sum((a.total_estimate for a in confirmed), start=0)
    premium = sum((a.cost_estimate or 0 for a in confirmed), start=0)
    rest = sum(1 for a in confirmed if a.cancels_rest_day)
    notice = min((a.notice_days for a in confirmed if a.method != "on_duty"), default=None)
    minimums_kept = not worse
    rows = [("event", f"{event.name} ({day:%a %d %b %Y})"), ("candidates", len(pool.people)),
            ("not available", sum(1 for r in pool.blocked.values() if r)), ("options", len(pool.problem.options)),
            ("minimum cells", len(pool.problem.minimums)), ("status", result.status),
            ("people confirmed", len(confirmed)), ("shortfall", sum(result.short.values())),
            ("estimated cost (£)", f"{total:,.2f}"), ("  beyond basic pay (£)", f"{premium:,.2f}"),
            ("rest days cancelled", rest), ("least notice (clear days)", notice), ("by method", dict(methods)),
            ("station minimums kept", minimums_kept), ("pool build s", f"{seconds['pool']:.2f}"),
            ("solver s", f"{result.seconds:.2f}"), ("propose s (pool + solver + write)", f"{seconds['propose']:.2f}"),
            ("confirm s (roster writes)", f"{seconds['confirm']:.2f}")]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    for line in [u.sentence() for u in result.unmet] + worse:
        print("  " + line[:160])
    print(json.dumps({"benchmark": "event_plan", "demo": True, "candidates": len(pool.people),
                      "options": len(pool.problem.options), "minimum_cells": len(pool.problem.minimums),
                      "people": len(confirmed), "status": result.status, "short": sum(result.short.values()),
                      "cost": float(total), "premium": float(premium), "rest_days_cancelled": rest,
                      "min_notice_days": notice, "minimums_kept": minimums_kept,
                      "pool_seconds": round(seconds["pool"], 3), "solver_seconds": round(result.seconds, 3),
                      "propose_seconds": round(seconds["propose"], 3),
                      "confirm_seconds": round(seconds["confirm"], 3)}))
    shutil.rmtree(copy.parent, ignore_errors=True)
    return 0 if minimums_kept and result.status in ("optimal", "feasible") else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 teams of 20 instead of 15")
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20260411)
    parser.add_argument("--demo-db", type=Path, help="a SQLite file holding the loaded demo (it is copied first)")
    args = parser.parse_args(argv)
    if args.demo_db:
        return demo(args.demo_db, args.time_limit)
    teams = 5 if args.quick else 15
    problem = instance(teams, 20, args.seed)
    started = time.perf_counter()
    result = solve(problem, time_limit=5.0 if args.quick else args.time_limit, workers=args.workers)
    seconds = time.perf_counter() - started
    options = {o.id: o for o in problem.options}
    chosen = [options[i] for i in result.chosen]
    drawn = Counter(d for o in chosen for d in o.draws)
    minimums_kept = all(drawn[m.id] <= m.spare for m in problem.minimums)
    methods = Counter(o.method for o in chosen)
    rows = [("candidates", len(problem.people)), ("options", len(problem.options)),
            ("minimum cells", len(problem.minimums)), ("status", result.status),
            ("people deployed", len({o.person for o in chosen})), ("shortfall", sum(result.short.values())),
            ("cost (£)", f"{result.cost / 100:,.2f}"), ("rest days cancelled", result.rest_days_cancelled),
            ("least notice (clear days)", result.min_notice_days), ("by method", dict(methods)),
            ("unit minimums kept", minimums_kept), ("seconds", f"{seconds:.2f}")]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    for unmet in result.unmet:
        print("  " + unmet.sentence()[:160])
    print(json.dumps({"benchmark": "event_plan", "quick": args.quick, "candidates": len(problem.people),
                      "options": len(problem.options), "people": len({o.person for o in chosen}),
                      "status": result.status, "short": sum(result.short.values()), "cost": result.cost / 100,
                      "rest_days_cancelled": result.rest_days_cancelled, "minimums_kept": minimums_kept,
                      "seconds": round(seconds, 3)}))
    return 0 if minimums_kept and result.status in ("optimal", "feasible") else 1


if __name__ == "__main__":
    raise SystemExit(main())
