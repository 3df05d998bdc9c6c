"""The CP-SAT model under construction: decision literals x[p][d][s] ("person p works shift s on day d") and the
helpers every constraint module builds with. The modules themselves live in constraints/.

Only allowed (person, day, shift) triples get a variable: modules with a `restrict` hook (skills, availability,
fixed duties, max 0 of a type, shifts too long for the daily rest) clear entries of the `allowed` mask first,
which keeps big problems small before CP-SAT's presolve ever sees them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from .problem import Problem
from .roster import first_known_day
from .terms import Penalty

Literal = Any  # a cp_model literal (BoolVar or its negation) or a Python bool for a known fact


@dataclass
class RosterModel:
    problem: Problem
    allowed: np.ndarray  # (people, days, shift types) bool
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    penalties: list[Penalty] = field(default_factory=list)
    impossible: list[str] = field(default_factory=list)  # hard rules no roster can keep, in planner words

    def __post_init__(self) -> None:
        problem = self.problem
        self.n_people, self.n_days, self.n_shifts = self.allowed.shape
        self.xs: list[list[list[Any]]] = []
        for p in range(self.n_people):
            self.xs.append([
                [self.model.new_bool_var(f"x[{p},{d},{s}]") if self.allowed[p, d, s] else None
                 for s in range(self.n_shifts)]
                for d in range(self.n_days)
            ])
        # Filled by constraints.one_shift_per_day, which links each day's shifts to its day-off literal.
        self.off: list[list[Any]] = []
        self.first_known = [first_known_day(problem, p) for p in range(self.n_people)]

    # -- literals ------------------------------------------------------------------------------------

    def lit(self, p: int, d: int, s: int) -> Literal:
        """Person p works shift s on day d: a variable inside the horizon, a known fact in history, else False."""
        if 0 <= d < self.n_days:
            v = self.xs[p][d][s]
            return False if v is None else v
        if d < 0 and d >= self.first_known[p]:
            shift = self.problem.people[p].history[d]
            return shift is not None and self.problem.shift_index[shift] == s
        return False

    def work(self, p: int, d: int) -> Literal:
        """Person p works (any shift) on day d; outside what is known, False."""
        if 0 <= d < self.n_days:
            return neg(self.off[p][d])
        if d < 0 and d >= self.first_known[p]:
            return self.problem.people[p].history[d] is not None
        return False

    def shifts_on(self, p: int, d: int) -> list[tuple[int, Any]]:
        """(shift index, variable) of every shift p may work on day d of the horizon."""
        return [(s, v) for s, v in enumerate(self.xs[p][d]) if v is not None]

    def known(self, p: int, d: int) -> bool:
        return self.first_known[p] <= d < self.n_days

    # -- building ------------------------------------------------------------------------------------

    def clause(self, lits: Iterable[Literal], why: str) -> None:
        """At least one of `lits` holds. Known facts fold away; an empty clause means no roster can keep the rule,
        which is recorded in planner words (`why`) so solve() can say what made the problem infeasible."""
        live = []
        for lit in lits:
            if lit is True:
                return
            if lit is not False:
                live.append(lit)
        if not live:
            self.impossible.append(why)
            self.model.add_bool_or([False])
            return
        self.model.add_bool_or(live)

    def at_most(self, terms: Sequence[Literal], limit: int, why: str) -> None:
        """At most `limit` of the literals hold (known facts count as constants)."""
        fixed = sum(1 for t in terms if t is True)
        live = [t for t in terms if t is not True and t is not False]
        if fixed > limit:
            self.impossible.append(why)
            self.model.add_bool_or([False])
        elif fixed + len(live) > limit:
            self.model.add(sum(live) <= limit - fixed)

    def penalise(
        self,
        rule: str,
        name: str,
        expr: Any,
        weight: int,
        message: str,
        *,
        person: str | None = None,
        day: date | None = None,
        shift: str | None = None,
    ) -> None:
        if weight and expr is not False and not (isinstance(expr, int) and expr == 0):
            self.penalties.append(Penalty(rule, name, expr, weight, message, person, day, shift))

    def linear(self, terms: Iterable[tuple[int, Literal]]) -> Any:
        """Σ coefficient x literal, folding known facts into a constant."""
        expr: Any = 0
        for coef, lit in terms:
            if lit is True:
                expr += coef
            elif lit is not False:
                expr += coef * lit
        return expr


def neg(lit: Literal) -> Literal:
    if lit is True or lit is False:
        return not lit
    return ~lit


def value_of(solver_values: Sequence[int], expr: Any) -> int:
    """The value of a literal / linear expression in a solution given as the response's value list."""
    if isinstance(expr, bool | int):
        return int(expr)
    return int(_eval(expr, solver_values))


def _eval(expr: Any, values: Sequence[int]) -> int:
    # CP-SAT flattens any literal or linear expression into variables, coefficients and a constant.
    flat = cp_model.FlatIntExpr(expr)
    total = int(flat.offset)
    for var, coef in zip(flat.vars, flat.coeffs, strict=True):
        total += int(coef) * int(values[var.index])
    return total


__all__ = ["Literal", "RosterModel", "neg", "value_of"]
