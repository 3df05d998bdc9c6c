"""A planner's account of a roster: what each soft rule cost, and for every gap left in cover, who had the skill,
what stopped each of them, and the cheapest cover the optimiser turned down.

    explanation = explain(problem, solution.roster)
    for line in explanation.sentences(): print(line)

Everything here reads the finished roster through the rules' pure `check` and `cost` functions: a candidate is
moved onto the gap (leaving whatever they were doing that day) and every hard rule is asked about their row, so
the reasons are the rules' own words ("on annual leave", "only 8 h rest between Late on Mon 2 Mar and Night on
Tue 3 Mar", "over the 168 h their contract allows"). When no hard rule stops someone, the move is priced, and
the cheapest such move is the cover rejected, with the costs it would have added.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from .constraints import cover, fairness
from .constraints.cover import Segment
from .objective import Evaluation, breaches, evaluate
from .problem import Problem, Requirement
from .roster import OFF, Roster
from .terms import Cost, Scope, fmt_day, plural

MAX_GAPS = 200  # beyond this, a roster's gaps are summarised rather than each explained


@dataclass(frozen=True)
class Candidate:
    """Someone with the skill who was not covering the gap, and why not (`reasons` from the hard rules), or,
    when nothing forbids it, what covering it would have cost (`extra`: objective increase; `costs`: the new
    costs it would have caused)."""

    person: str
    name: str
    was: str | None  # shift they work that day (None: a rest day)
    shift: str
    reasons: tuple[str, ...] = ()
    extra: int | None = None
    costs: tuple[str, ...] = ()

    @property
    def possible(self) -> bool:
        return not self.reasons

    def sentence(self) -> str:
        if self.reasons:
            return "; ".join(self.reasons)
        source = f"moving from {self.was}" if self.was else "working a rest day"
        added = f": {'; '.join(self.costs)}" if self.costs else ""
        return f"{self.name} could cover it by {source}, at {_signed(self.extra or 0)} to the objective{added}"


@dataclass(frozen=True)
class Gap:
    requirement: Requirement
    what: str  # "Night (driver)"
    short: int
    candidates: tuple[Candidate, ...]

    @property
    def day(self) -> date:
        return self.requirement.day

    @property
    def cheapest(self) -> Candidate | None:
        possible = [c for c in self.candidates if c.possible and c.extra is not None]
        return min(possible, key=lambda c: c.extra or 0) if possible else None

    def sentences(self) -> list[str]:
        req = self.requirement
        who = req.skill.replace("_", " ") if req.skill else "person"
        lines = [f"{fmt_day(req.day)} {self.what}: {plural(self.short, who)} short of the target of {req.wanted}."]
        if not self.candidates:
            lines.append(f"  Nobody else has the skill ({req.skill}).")
            return lines
        stopped = [c for c in self.candidates if c.reasons]
        if stopped:
            lines.append(f"  {plural(len(self.candidates), 'other person', 'other people')} could work it; "
                         f"{len(stopped)} cannot:")
            lines.extend(f"  - {c.sentence()}" for c in stopped)
        cheapest = self.cheapest
        if cheapest is not None:
            lines.append(f"  Cheapest cover rejected: {cheapest.sentence()}.")
        elif stopped:
            lines.append("  No one could cover it without breaking a hard rule.")
        return lines


@dataclass(frozen=True)
class Explanation:
    objective: int
    evaluation: Evaluation
    gaps: tuple[Gap, ...]
    fairness: dict[str, dict[str, int]]
    more_gaps: int = 0

    @property
    def costs(self) -> tuple[Cost, ...]:
        return self.evaluation.costs

    def by_rule(self) -> dict[str, int]:
        return self.evaluation.by_rule()

    def sentences(self) -> list[str]:
        lines = [f"Objective {self.objective}."]
        counts = Counter(c.rule for c in self.costs)
        for rule, total in sorted(self.by_rule().items(), key=lambda kv: -kv[1]):
            lines.append(f"{_RULE_NAMES.get(rule, rule)}: {total} ({plural(counts[rule], 'item')}).")
        for c in sorted(self.costs, key=lambda c: -c.total):
            lines.append(f"- {c.message} (costs {c.total}).")
        for what, counts_by_person in self.fairness.items():
            if counts_by_person:
                values = list(counts_by_person.values())
                lines.append(f"{what.capitalize()} per person: {min(values)} to {max(values)}.")
        for gap in self.gaps:
            lines.extend(gap.sentences())
        if self.more_gaps:
            lines.append(f"... and {plural(self.more_gaps, 'more gap')} not explained one by one.")
        return lines


_RULE_NAMES = {
    "cover": "Cover",
    "requests": "Requests",
    "pattern_adherence": "Changes to the base roster",
    "total_minutes": "Contracted hours",
    "fairness": "Fairness",
}


def _signed(n: int) -> str:
    return f"+{n}" if n >= 0 else str(n)


def explain(problem: Problem, roster: Roster) -> Explanation:
    evaluation = evaluate(roster)
    gaps = []
    found = cover.shortfalls(roster)
    for _, req, seg, short in found[:MAX_GAPS]:
        gaps.append(Gap(req, cover.describe(problem, req), short, tuple(_candidates(problem, roster, req, seg))))
    return Explanation(evaluation.total, evaluation, tuple(gaps), fairness.measures(roster),
                       max(0, len(found) - MAX_GAPS))


def _candidates(problem: Problem, roster: Roster, req: Requirement, seg: Segment) -> list[Candidate]:
    found = []
    for p in cover.qualified(problem, req):
        if any(roster.known(p, d) == s for d, s in seg.cells):
            continue  # already counted
        options = [_try(problem, roster, p, d, s) for d, s in seg.cells if 0 <= d < problem.horizon]
        if not options:
            continue
        possible = [c for c in options if c.possible]
        # The best way for this person to cover it, or else the reasons against the first way.
        found.append(min(possible, key=lambda c: c.extra or 0) if possible else options[0])
    return found


def _try(problem: Problem, roster: Roster, p: int, d: int, s: int) -> Candidate:
    person = problem.people[p]
    was = roster.rows[p][d]
    moved = roster.with_shift(p, d, s)
    scope = Scope(people={p})
    before = {b.message for b in breaches(roster, scope)}
    reasons = tuple(dict.fromkeys(b.message for b in breaches(moved, scope) if b.message not in before))
    label = problem.shift_types[s].label
    was_label = None if was == OFF else problem.shift_types[was].label
    if reasons:
        return Candidate(person.id, person.label, was_label, label, reasons)
    near = Scope(people={p}, days={d - 1, d, d + 1})
    old, new = evaluate(roster, near), evaluate(moved, near)
    old_messages = Counter(c.message for c in old.costs)
    added = []
    for c in new.costs:
        if old_messages[c.message]:
            old_messages[c.message] -= 1
        else:
            added.append(f"{c.message} ({c.total})")
    return Candidate(person.id, person.label, was_label, label, (), new.total - old.total, tuple(added))


__all__ = ["Candidate", "Explanation", "Gap", "explain"]
