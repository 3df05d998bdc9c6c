"""Deploying people to an event or operation (CP-SAT): choose who works which phases, and how.

Pure Python, no Django. The caller (events/planning.py) builds the candidate pool: for each person and each run of
consecutive phases of one day, every legal way to have them there (an `Option`), already rule-checked and costed:

- `on_duty`: already on a duty covering the run; they leave their unit for it, so the option *draws* on the unit's
  spare people above its minimum (`Minimum`), interval by interval;
- `shift_change`: their duty that day moves to the event's times (draws on their unit over the original duty);
- `overtime`: the duty is extended (or an extra tour is worked) — paid, nothing drawn;
- `rest_day`: a rostered rest day is cancelled and worked — paid or owed back, and a cancellation to avoid.

The model chooses options:
- hard: at most one option per person and day; no two options of one person overlapping or closer than
  `min_rest_minutes`; never more people drawn from a unit in an interval than it has above its minimum;
  options the planner fixed are taken;
- each phase requirement (`Need`, by rank and/or skill) is met, or its shortfall is paid at a very high weight and
  explained (who had the rank and skill, and what stopped them);
- soft, weighted: cost in pence, rest days cancelled, short notice, a small price per person deployed (no one is
  moved without need), and fairness: a second duty for the same person, and people who already carried more
  event duty or cancelled rest days, cost more.

A person counts towards every need of a phase they satisfy (as in unit minimum staffing): a sergeant who drives
counts for "4 sergeants" and for "6 drivers".
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

METHODS = ("on_duty", "shift_change", "overtime", "rest_day")
METHOD_LABELS = {
    "on_duty": "on duty, moved from their unit",
    "shift_change": "shift change",
    "overtime": "overtime",
    "rest_day": "rest-day working",
}


class DeployError(ValueError):
    """The problem is malformed (an unknown phase, person or minimum named by an option)."""


@dataclass(frozen=True)
class Need:
    """`count` people of `rank` (None: any) holding `skill` (None: none in particular) for phase `phase`."""

    id: str
    phase: str
    count: int
    rank: str | None = None
    skill: str | None = None
    label: str = ""

    def matches(self, person: Person) -> bool:
        return (self.rank is None or person.rank == self.rank) and (self.skill is None or self.skill in person.skills)


@dataclass(frozen=True)
class Person:
    """A candidate. The history counts (event duties and rest days cancelled in the past year) feed fairness."""

    id: str
    name: str
    rank: str
    skills: frozenset[str] = frozenset()
    event_duties_before: int = 0
    rest_days_cancelled_before: int = 0


@dataclass(frozen=True)
class Option:
    """One legal way for `person` to work `phases` (a run of phases on local day `day`), from `start` to `end`
    (minutes since any fixed epoch: only differences matter), with its marginal cost in pence."""

    id: str
    person: str
    day: str
    phases: tuple[str, ...]
    start: int
    end: int
    method: str
    cost: int
    notice_days: int
    cancels_rest_day: bool = False
    draws: tuple[str, ...] = ()  # ids of the Minimum cells this option takes one person from
    note: str = ""


@dataclass(frozen=True)
class Minimum:
    """One unit's (rank, skill) requirement in one interval: how many people may leave it (planned − minimum)."""

    id: str
    label: str
    spare: int


@dataclass(frozen=True)
class Blocked:
    """Why a person who has the rank or skill has no option for a phase (None: for any phase)."""

    person: str
    reason: str
    phase: str | None = None


@dataclass(frozen=True)
class DeployWeights:
    """Objective weights, in pence-equivalents: a cancelled rest day is worth avoiding like £60 of cost, each clear
    day of notice short of `notice_days` like £1.50, a person deployed twice like £40."""

    unmet: int = 10_000_000
    cost: int = 1
    rest_day: int = 6_000
    notice_days: int = 28
    notice: int = 150
    assignment: int = 200
    spread: int = 4_000
    history_event: int = 300
    history_rest_day: int = 1_500


@dataclass(frozen=True)
class DeployProblem:
    needs: tuple[Need, ...]
    people: tuple[Person, ...]
    options: tuple[Option, ...]
    minimums: tuple[Minimum, ...] = ()
    blocked: tuple[Blocked, ...] = ()
    fixed: frozenset[str] = frozenset()  # option ids the planner has taken (kept as they are)
    min_rest_minutes: int = 660  # WTR-3 between two event duties of one person
    weights: DeployWeights = field(default_factory=DeployWeights)

    def validate(self) -> None:
        people = {p.id for p in self.people}
        minimums = {m.id for m in self.minimums}
        ids = set()
        for o in self.options:
            if o.id in ids:
                raise DeployError(f"option {o.id} appears twice")
            ids.add(o.id)
            if o.person not in people:
                raise DeployError(f"option {o.id} names unknown person {o.person}")
            if o.method not in METHODS:
                raise DeployError(f"option {o.id} has unknown method {o.method}")
            if o.end <= o.start:
                raise DeployError(f"option {o.id} ends before it starts")
            if not o.phases:
                raise DeployError(f"option {o.id} covers no phase")
            unknown = set(o.draws) - minimums
            if unknown:
                raise DeployError(f"option {o.id} draws on unknown minimum {sorted(unknown)[0]}")
        if not self.fixed <= ids:
            raise DeployError(f"fixed option {sorted(self.fixed - ids)[0]} is not an option")
        for n in self.needs:
            if n.count < 0:
                raise DeployError(f"need {n.id} asks for a negative number")
        for m in self.minimums:
            if m.spare < 0:
                raise DeployError(f"minimum {m.id} has negative spare")

    def option_cost(self, o: Option) -> int:
        """The objective's price of taking one option (its share apart from unmet needs and spreading)."""
        w = self.weights
        person = self._people()[o.person]
        price = w.cost * o.cost + w.assignment + w.notice * max(0, w.notice_days - max(o.notice_days, 0))
        price += w.history_event * person.event_duties_before
        if o.cancels_rest_day:
            price += w.rest_day + w.history_rest_day * person.rest_days_cancelled_before
        return price

    def _people(self) -> Mapping[str, Person]:
        cached = self.__dict__.get("_people_cache")
        if cached is None:
            cached = {p.id: p for p in self.people}
            object.__setattr__(self, "_people_cache", cached)
        return cached


@dataclass(frozen=True)
class Unmet:
    """A need left short, with who had the rank/skill and what stopped them (person name, reason)."""

    need: Need
    short: int
    reasons: tuple[tuple[str, str], ...]

    def sentence(self) -> str:
        who = self.need.label or self.need.id
        text = f"{who}: {self.short} short."
        if self.reasons:
            shown = "; ".join(f"{name} — {why}" for name, why in self.reasons[:8])
            more = f" (and {len(self.reasons) - 8} more)" if len(self.reasons) > 8 else ""
            text += f" Had the skill: {shown}{more}."
        else:
            text += " Nobody in the pool has this rank and skill."
        return text


@dataclass(frozen=True)
class DeployResult:
    status: str  # optimal | feasible | infeasible | unknown
    chosen: tuple[str, ...]
    short: Mapping[str, int]
    objective: int
    bound: int
    seconds: float
    unmet: tuple[Unmet, ...] = ()
    cost: int = 0  # pence, over the chosen options
    rest_days_cancelled: int = 0
    min_notice_days: int | None = None
    variables: int = 0

    @property
    def met(self) -> bool:
        return not any(self.short.values())


def _conflict(a: Option, b: Option, rest: int) -> bool:
    """Two options of one person that cannot both be worked: the same day, overlapping, or too little rest."""
    if a.day == b.day:
        return True
    return a.start < b.end + rest and b.start < a.end + rest


def build(problem: DeployProblem) -> tuple[cp_model.CpModel, dict[str, cp_model.IntVar], dict[str, cp_model.IntVar]]:
    """The CP-SAT model: (model, option literal by id, shortfall variable by need id)."""
    problem.validate()
    m = cp_model.CpModel()
    x = {o.id: m.new_bool_var(f"x[{o.id}]") for o in problem.options}
    people = problem._people()
    by_person: dict[str, list[Option]] = defaultdict(list)
    for o in problem.options:
        by_person[o.person].append(o)
    objective = []
    for pid, options in by_person.items():
        options.sort(key=lambda o: o.start)
        for i, a in enumerate(options):
            for b in options[i + 1:]:
                if b.start >= a.end + problem.min_rest_minutes and b.day != a.day:
                    break  # sorted by start: nothing later can clash with a
                if _conflict(a, b, problem.min_rest_minutes):
                    m.add_bool_or([x[a.id].Not(), x[b.id].Not()])
        # Fairness: a second (third...) event duty for the same person costs `spread` each.
        if len(options) > 1 and problem.weights.spread:
            load = sum(x[o.id] for o in options)
            extra = m.new_int_var(0, len(options), f"extra[{pid}]")
            m.add(extra >= load - 1)
            objective.append(problem.weights.spread * extra)
    draws: dict[str, list[str]] = defaultdict(list)
    for o in problem.options:
        for d in o.draws:
            draws[d].append(o.id)
    for minimum in problem.minimums:
        if len(draws[minimum.id]) > minimum.spare:
            m.add(sum(x[i] for i in draws[minimum.id]) <= minimum.spare)
    covering: dict[str, list[Option]] = defaultdict(list)
    for o in problem.options:
        for ph in o.phases:
            covering[ph].append(o)
    short = {}
    for need in problem.needs:
        s = m.new_int_var(0, need.count, f"short[{need.id}]")
        short[need.id] = s
        helpers = [x[o.id] for o in covering[need.phase] if need.matches(people[o.person])]
        m.add(sum(helpers) + s >= need.count)
        objective.append(problem.weights.unmet * s)
    for oid in problem.fixed:
        m.add(x[oid] == 1)
    objective.extend(problem.option_cost(o) * x[o.id] for o in problem.options)
    m.minimize(sum(objective))
    return m, x, short


def solve(problem: DeployProblem, *, time_limit: float = 20.0, workers: int = 2, seed: int = 1) -> DeployResult:
    """Choose the options; on no solution within the limit (or a contradiction among fixed options) the result has
    status "infeasible"/"unknown" and nothing chosen."""
    started = time.perf_counter()
    model, x, short = build(problem)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    code = solver.solve(model)
    seconds = time.perf_counter() - started
    status = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible",
              cp_model.INFEASIBLE: "infeasible"}.get(code, "unknown")
    variables = len(model.proto.variables)
    if status not in ("optimal", "feasible"):
        return DeployResult(status, (), {}, 0, 0, seconds, variables=variables)
    chosen = tuple(o.id for o in problem.options if solver.value(x[o.id]))
    shortfalls = {nid: int(solver.value(v)) for nid, v in short.items()}
    return summarise(problem, chosen, shortfalls, status=status, objective=int(solver.objective_value),
                     bound=int(solver.best_objective_bound), seconds=seconds, variables=variables)


def summarise(problem: DeployProblem, chosen: Sequence[str], short: Mapping[str, int] | None = None, *,
              status: str = "given", objective: int = 0, bound: int = 0, seconds: float = 0.0,
              variables: int = 0) -> DeployResult:
    """Totals and the explanation of unmet needs for a set of chosen options (the solver's or a planner's)."""
    options = {o.id: o for o in problem.options}
    picked = [options[i] for i in chosen]
    if short is None:
        short = shortfalls(problem, chosen)
    notices = [o.notice_days for o in picked if o.method != "on_duty"]
    return DeployResult(
        status, tuple(chosen), dict(short), objective, bound, seconds,
        unmet=tuple(explain_unmet(problem, chosen, short)), cost=sum(o.cost for o in picked),
        rest_days_cancelled=sum(1 for o in picked if o.cancels_rest_day),
        min_notice_days=min(notices) if notices else None, variables=variables)


def shortfalls(problem: DeployProblem, chosen: Sequence[str]) -> dict[str, int]:
    people = problem._people()
    options = {o.id: o for o in problem.options}
    out = {}
    for need in problem.needs:
        have = sum(1 for i in chosen if need.phase in options[i].phases and need.matches(people[options[i].person]))
        out[need.id] = max(0, need.count - have)
    return out


def explain_unmet(problem: DeployProblem, chosen: Sequence[str], short: Mapping[str, int]) -> list[Unmet]:
    """For each need left short: everyone with its rank and skill who is not deployed to that phase, and why."""
    chosen_set = set(chosen)
    options = {o.id: o for o in problem.options}
    used: dict[str, int] = defaultdict(int)
    for i in chosen:
        for d in options[i].draws:
            used[d] += 1
    spare = {mm.id: mm.spare for mm in problem.minimums}
    labels = {mm.id: mm.label for mm in problem.minimums}
    taken_by_person: dict[str, list[Option]] = defaultdict(list)
    for i in chosen:
        taken_by_person[options[i].person].append(options[i])
    blocked: dict[str, list[Blocked]] = defaultdict(list)
    for b in problem.blocked:
        blocked[b.person].append(b)
    by_person: dict[str, list[Option]] = defaultdict(list)
    for o in problem.options:
        by_person[o.person].append(o)
    out = []
    for need in problem.needs:
        n_short = short.get(need.id, 0)
        if not n_short:
            continue
        reasons = []
        for person in problem.people:
            if not need.matches(person):
                continue
            if any(need.phase in o.phases for o in taken_by_person[person.id]):
                continue
            why = _why_not(problem, person, need, by_person[person.id], blocked[person.id], taken_by_person[person.id],
                           used, spare, labels, chosen_set)
            reasons.append((person.name, why))
        out.append(Unmet(need, n_short, tuple(sorted(reasons))))
    return out


def _why_not(problem: DeployProblem, person: Person, need: Need, options: list[Option], blocked: list[Blocked],
             taken: list[Option], used: Mapping[str, int], spare: Mapping[str, int], labels: Mapping[str, str],
             chosen: set[str]) -> str:
    for b in blocked:
        if b.phase is None or b.phase == need.phase:
            return b.reason
    mine = [o for o in options if need.phase in o.phases]
    if not mine:
        return "no legal way to be there"
    for o in taken:
        if o.day == mine[0].day:
            return "already deployed that day on another phase run"
    clashes = [o for o in taken if any(_conflict(o, c, problem.min_rest_minutes) for c in mine)]
    if clashes:
        return "another event duty leaves too little rest"
    full = [d for o in mine for d in o.draws if used[d] >= spare[d]]
    if full and all(any(used[d] >= spare[d] for d in o.draws) for o in mine):
        return f"would take {labels[full[0]]} below its minimum"
    return "not chosen (cost or time limit)"
