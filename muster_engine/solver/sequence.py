"""One person's rows as a day-by-day automaton: pricing and listing by dynamic programming, without CP-SAT.

When every hard rule on a person's row is a sequence rule (runs of days worked and off, shifts that cannot follow
each other, weekends, shift counts, total minutes) and every soft cost is a request (a cost per day), a row is a
path through an automaton whose state is (what was worked yesterday, how long the current run is, whether the run
began on the first day). A backward pass gives, for each state, weekends worked and minutes so far, the cheapest
way to finish the row (shift-type limits enter it as Lagrangian penalties, so it stays a lower bound); a depth-first
search then lists every row under a ceiling, pruning each branch as soon as its cost so far plus that completion
bound is over it. On Curtois 8 it prices a person in about 0.1 s and lists the 33,000 rows within 1298 in 5 s, where
CP-SAT, enumerating solutions, lists about 500 a second.

The rules here must be the ones constraints/ states: tests/engine/solver/test_sequence.py checks that the cheapest
row and the lists equal CP-SAT's on random people with every rule taken here. People with other rules (history,
fixed days, daily rest by shift times, weekly rest, night limits, hours windows, a base roster or contract target
with a cost) are left to CP-SAT: `Sequence.supports` says which.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable
from functools import reduce
from math import gcd, inf

import numpy as np

from .constraints.forbidden_successions import successions
from .problem import Problem
from .roster import OFF

START = -2  # the state before the first day: no run yet
# Longest horizon priced here. Curtois 1-13 (up to 28 days, 120 people, 18 shift types) price in well under a second
# a person; on Curtois 14 (42 days) some rows took seconds to prove cheapest, where the search has more to cover.
LONGEST = 28


class Sequence:
    """Person p's rows: `cheapest(duals)` and `within(duals, ceiling)`, costs being the row's own soft costs minus
    the duals of the cells it works (the reduced cost before the convexity dual), in exact floating point."""

    @staticmethod
    def supports(problem: Problem, p: int) -> bool:
        if problem.horizon > LONGEST:
            return False
        person, rules, weights = problem.people[p], problem.people[p].rules, problem.weights
        if person.history or person.fixed or (person.base is not None and (weights.add or weights.remove)):
            return False
        if person.target_minutes is not None and weights.contract_hour:
            return False
        if (rules.daily_rest_minutes or rules.weekly_rest_minutes or rules.max_consecutive_nights is not None
                or rules.max_minutes_per_window is not None):
            return False
        return all(d2 == d + 1 for (d, _), pairs in successions(problem, None).items() for d2, _, _ in pairs)

    def __init__(self, problem: Problem, p: int) -> None:
        person, rules = problem.people[p], problem.people[p].rules
        self.n = n = problem.horizon
        shifts = problem.shift_types
        paid = [s.paid for s in shifts]
        unit = reduce(gcd, [x for x in paid if x] or [1])
        self.units = [x // unit for x in paid]
        top = sum(max(self.units, default=0) for _ in range(n))
        self.low = 0 if not person.min_minutes else -(-person.min_minutes // unit)
        self.high = top if person.max_minutes is None else min(top, person.max_minutes // unit)
        allowed = problem.allowed[p]
        self.options = [[OFF, *(s for s in range(len(shifts)) if allowed[d, s])] for d in range(n)]
        # Own cost of each choice on each day: the requests it breaks.
        self.own = [dict.fromkeys(opts, 0.0) for opts in self.options]
        for r in person.requests:
            d = problem.day_index.get(r.day)
            if d is None or not r.weight:
                continue
            for x in self.options[d]:
                if r.shift is None:
                    broken = (x == OFF) if r.on else (x != OFF)
                else:
                    hit = x == problem.shift_index[r.shift]
                    broken = not hit if r.on else hit
                if broken:
                    self.own[d][x] += r.weight
        self.cannot_follow = {s: {problem.shift_index[u] for u in shifts[s].cannot_follow} for s in range(len(shifts))}
        self.most_in_a_row = rules.max_consecutive_days
        self.least_in_a_row = rules.min_consecutive_days if (rules.min_consecutive_days or 0) > 1 else None
        self.least_off = rules.min_consecutive_days_off if (rules.min_consecutive_days_off or 0) > 1 else None
        weekends = problem.weekends()
        self.weekend = [-1] * n
        for w, days in enumerate(weekends):
            for d in days:
                self.weekend[d] = w
        limit = rules.max_weekends
        self.max_weekends = limit if limit is not None and limit < len(weekends) else None
        self.max_shifts = {problem.shift_index[s]: k for s, k in person.max_shifts.items() if k >= 0}
        self.min_shifts = {problem.shift_index[s]: k for s, k in person.min_shifts.items() if k > 0}
        # Types whose limit can bind (fewer than the days they could be worked); the weekends' dimension of the
        # completion bound (1 when there is no limit: the count is then not kept).
        self.limited = [s for s, k in self.max_shifts.items() if k < sum(s in opts for opts in self.options)]
        self.weekend_cap = self.max_weekends if self.max_weekends is not None else 0
        self.work_cap = max(self.most_in_a_row or 0, self.least_in_a_row or 0, 1)
        self.off_cap = max(self.least_off or 0, 1)
        self._build_transitions()
        self._kept: tuple[dict[tuple[int, int], float], tuple] | None = None  # _relaxed's last duals and result
        self._penalties: dict[int, float] = {}  # _relaxation's last λ per limited shift type

    # -- the automaton ----------------------------------------------------------------------------------

    def _step(self, state: tuple[int, int, bool], x: int) -> tuple[int, int, bool] | None:
        """The state after choosing x (a shift or OFF) today, or None when a rule forbids it."""
        last, run, edge = state
        if last == START:
            return (x, 1, True)
        if x != OFF:
            if last != OFF:
                if x in self.cannot_follow[last]:
                    return None
                if self.most_in_a_row is not None and run + 1 > self.most_in_a_row:
                    return None
                return (x, min(run + 1, self.work_cap), edge)
            if self.least_off is not None and not edge and run < self.least_off:
                return None  # an off run too short, between two worked days
            return (x, 1, False)
        if last != OFF:
            if self.least_in_a_row is not None and not edge and run < self.least_in_a_row:
                return None  # a worked run too short, between two days off
            return (OFF, 1, False)
        return (OFF, min(run + 1, self.off_cap), edge)

    def _build_transitions(self) -> None:
        """Per day, per reachable state: the allowed choices with the state they lead to and the units of minutes
        and weekends they add (`_uses`). Worked runs are keyed by the shift worked yesterday (cannot-follow rules
        need it)."""
        self.steps: list[dict[tuple, list[tuple[int, tuple, int, int]]]] = []
        states = {(START, 0, True)}
        for d in range(self.n):
            today: dict[tuple, list[tuple[int, tuple, int, int]]] = {}
            following = set()
            for state in states:
                moves = []
                for x in self.options[d]:
                    nxt = self._step(state, x)
                    if nxt is not None:
                        moves.append((x, nxt, *self._uses(d, state, x)))
                        following.add(nxt)
                today[state] = moves
            self.steps.append(today)
            states = following
        self.final_states = list(states)
        # The same moves as arrays for _completion, day by day: the day's states in order, and the moves grouped by
        # the weekends and units of minutes they add, each group sorted by the state it leaves: (weekends, units,
        # option index, index of the state it leads to, where each leaving state's moves start, those states).
        self._most_units = max(self.units, default=0) + 1
        self._layers: list[tuple[list[tuple], list[tuple]]] = []
        for d in range(self.n):
            states = list(self.steps[d])
            following = {state: i for i, state in enumerate(self.steps[d + 1] if d + 1 < self.n else self.final_states)}
            option = {x: i for i, x in enumerate(self.options[d])}
            grouped: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
            for i, state in enumerate(states):
                for x, nxt, u, w in self.steps[d][state]:
                    grouped.setdefault((w, u), []).append((i, option[x], following[nxt]))
            groups = []
            for (w, u), moves in grouped.items():
                leaving = np.array([i for i, _, _ in moves])
                starts = np.flatnonzero(np.r_[True, leaving[1:] != leaving[:-1]])
                groups.append((w, u, np.array([o for _, o, _ in moves]), np.array([j for _, _, j in moves]),
                               starts, leaving[starts]))
            self._layers.append((states, groups))

    def _completion(self, cost: list[dict[int, float]]) -> list[dict[tuple, np.ndarray]]:
        """to_go[d][state][w, m]: the cheapest cost of days d.. from `state`, having worked w weekends and m units
        of minutes so far, with the weekends within their limit and the minutes within [low, high] at the end (inf:
        no way). Shift counts are left out, so it is a lower bound, exact on rows that keep them. A day at a time,
        over all its moves at once (`_layers`): state by state, move by move, it took nearly all of pricing's time
        on Curtois 8 (0.05-0.2 s a person, where the search for the cheapest row takes under 0.01 s)."""
        weekends, minutes = self.weekend_cap + 1, self.high + 1
        later = np.full((len(self.final_states), weekends, minutes), inf)
        later[:, :, self.low:] = 0.0
        to_go: list[dict[tuple, np.ndarray]] = [{} for _ in range(self.n + 1)]
        to_go[self.n] = dict(zip(self.final_states, later, strict=True))
        for d in range(self.n - 1, -1, -1):
            states, groups = self._layers[d]
            # Room for a move's extra weekend and minutes: past the limits, no way (inf).
            padded = np.full((len(later), weekends + 1, minutes + self._most_units), inf)
            padded[:, :weekends, :minutes] = later
            today = np.array([cost[d][x] for x in self.options[d]])
            best = np.full((len(states), weekends, minutes), inf)
            for w, u, option, after, starts, first in groups:
                candidates = padded[after, w:w + weekends, u:u + minutes] + today[option][:, None, None]
                best[first] = np.minimum(best[first], np.minimum.reduceat(candidates, starts, axis=0))
            to_go[d] = dict(zip(states, best, strict=True))
            later = best
        return to_go

    def _uses(self, d: int, state: tuple, x: int) -> tuple[int, int]:
        """Units of minutes and weekends that choosing x on day d from `state` adds."""
        if x == OFF:
            return 0, 0
        new_weekend = self.weekend[d] >= 0 and self.max_weekends is not None and not (
            d > 0 and self.weekend[d - 1] == self.weekend[d] and state[0] not in (OFF, START))
        return self.units[x], int(new_weekend)

    def _relaxed(self, duals: dict[tuple[int, int], float]):
        """`_relaxation` at `duals`, kept for the next call with the same duals: branch-and-price and the lists
        price everyone's cheapest row, then list their rows at the same duals, and on Curtois 8 the relaxation takes
        longer than listing a short list."""
        kept = self._kept
        if kept is not None and kept[0] is duals:
            return kept[1]
        relaxed = self._relaxation(duals)
        self._kept = (duals, relaxed)  # the duals themselves are held, so their identity is not reused
        return relaxed

    def _relaxation(self, duals: dict[tuple[int, int], float]):
        """The day costs at `duals` and a completion bound that also allows for the shift-type limits: each limited
        type costs a penalty λ a shift in the backward pass, and a branch with c of them worked has at most
        (limit - c) more, so to_go - Σ λ (limit - c) is still a lower bound. λ is set, type by type, to the value
        that gives the best bound at the start (bisection on whether the cheapest relaxed row keeps the limit):
        without it, a limit of 4 nights that the duals make attractive left the search exploring millions of
        dead branches. The bisection starts from the last call's λ, which the duals of the next round or node
        seldom move far: from λ = 0 it took about 30 backward passes a person on Curtois 8."""
        cost = self._costs(duals)
        passes: dict[tuple[float, ...], tuple] = {}

        def bound_at(lam: dict[int, float]):
            key = tuple(lam[x] for x in self.limited)
            if key not in passes:
                priced = [{x: c + lam.get(x, 0.0) for x, c in day.items()} for day in cost]
                to_go = self._completion(priced)
                passes[key] = self._root((cost, to_go, lam)), to_go, priced
            return passes[key]

        penalties = {x: self._penalties.get(x, 0.0) for x in self.limited}
        best, to_go, _ = bound_at(penalties)
        if best == inf or not self.limited:
            return cost, to_go, penalties
        spread = max((max(day.values()) - min(day.values()) for day in cost), default=0.0) + 1.0

        def over(x: int, value: float) -> bool:
            """Whether the cheapest relaxed row works more of x than allowed with λ_x = value; keeps the best λ."""
            nonlocal best, penalties
            trial = {**penalties, x: value}
            bound, trial_to_go, priced = bound_at(trial)
            if bound > best:
                best, penalties = bound, trial
            return self._counts_on_cheapest(trial_to_go, priced)[x] > self.max_shifts[x]

        for _ in range(2):
            before = penalties
            for x in self.limited:
                start = penalties[x]
                # Bracket the λ where the count falls to the limit, widening from the start, then halve the bracket.
                step = 1.0
                if over(x, start):
                    low = high = start
                    while high < start + spread:
                        high = min(start + step, start + spread)
                        if not over(x, high):
                            break
                        low, step = high, 4 * step
                elif start > 0:
                    low = high = start
                    while high > 0:  # down to λ = 0 at most, where the limit holding needs no bisection
                        low = max(0.0, start - step)
                        if over(x, low):
                            break
                        high, step = low, 4 * step
                else:
                    continue  # the limit holds with no penalty
                while high - low >= 1e-2:  # closer moves the bound by hundredths: the search hardly notices
                    mid = (low + high) / 2
                    if over(x, mid):
                        low = mid
                    else:
                        high = mid
            if sum(penalties[x] != before[x] for x in self.limited) < 2:
                break  # a second pass moves a type's λ only when another type's has moved since it was set
        self._penalties = penalties
        _, to_go, _ = bound_at(penalties)
        return cost, to_go, penalties

    def _counts_on_cheapest(self, to_go: list[dict[tuple, np.ndarray]], priced: list[dict[int, float]]) -> list[int]:
        """Shifts of each type on the cheapest row of the relaxation (weekends and minutes kept, counts not)."""
        counts = [0] * len(self.units)
        state, w, m = (START, 0, True), 0, 0
        for d in range(self.n):
            here = to_go[d][state][w, m]
            for x, nxt, u, dw in self.steps[d][state]:
                after = to_go[d + 1].get(nxt)
                if after is None or w + dw > self.weekend_cap or m + u > self.high:
                    continue
                if priced[d][x] + after[w + dw, m + u] <= here + 1e-9 * (1 + abs(here)):
                    if x != OFF:
                        counts[x] += 1
                    state, w, m = nxt, w + dw, m + u
                    break
        return counts

    def _costs(self, duals: dict[tuple[int, int], float]) -> list[dict[int, float]]:
        return [{x: c - (duals.get((d, x), 0.0) if x != OFF else 0.0) for x, c in own.items()}
                for d, own in enumerate(self.own)]

    # -- search ------------------------------------------------------------------------------------------

    def _search(self, relaxed, bound: list[float], cheapest: bool, deadline: float,
                keep: Callable[[float, tuple[int, ...]], bool]) -> None:
        """Calls `keep(cost, row)` for every row costing at most `bound[0]`, depth first, until `keep` returns True
        or `deadline` (raises OutOfTime). `keep` may lower `bound[0]`, and later branches are pruned by it. With
        `cheapest`, the bound falls to each row found, so the last row kept is the cheapest. A plain recursion:
        as nested generators, every row was handed up through one generator a day, which took most of the
        listing's time (Curtois 8: 58,000 rows within 3 of the cheapest, 9.3 s against 7.6 s as a recursion)."""
        cost, to_go, penalties = relaxed
        nodes = [0]
        n, steps, high, weekend_cap = self.n, self.steps, self.high, self.weekend_cap
        max_shifts, min_shifts = self.max_shifts, self.min_shifts
        no_limit = n + 1
        row = [OFF] * n
        counts = [0] * len(self.units)
        # What the penalties in to_go take back: Σ λ x (limit - worked so far), kept up to date as counts change.
        held = [sum(v * max_shifts[x] for x, v in penalties.items())]

        def go(d: int, state: tuple, w: int, m: int, so_far: float) -> bool:
            """True: stop the search."""
            nodes[0] += 1
            if not nodes[0] % 4096 and time.monotonic() > deadline:
                raise OutOfTime
            if d == n:
                # The estimate allows for shifts not worked, so a row can reach here over the ceiling.
                if so_far <= bound[0] and all(counts[s] >= k for s, k in min_shifts.items()):
                    if cheapest:  # from now on, only strictly cheaper rows
                        bound[0] = so_far - 1e-9
                    return keep(so_far, tuple(row))
                return False
            later, today = to_go[d + 1], cost[d]
            choices = []
            for x, nxt, u, dw in steps[d][state]:
                w2, m2 = w + dw, m + u
                if m2 > high or w2 > weekend_cap:
                    continue
                if x != OFF and counts[x] >= max_shifts.get(x, no_limit):
                    continue
                after = later.get(nxt)
                if after is None:
                    continue
                rest = after[w2, m2]
                if rest == inf:  # no way to finish the row (an infinite ceiling takes inf)
                    continue
                total = so_far + today[x]
                estimate = total + rest - held[0] + penalties.get(x, 0.0)
                if estimate <= bound[0]:
                    choices.append((estimate, x, nxt, w2, m2, total))
            if cheapest:
                choices.sort(key=lambda c: c[0])
            for estimate, x, nxt, w2, m2, total in choices:
                if estimate > bound[0]:
                    continue
                row[d] = x
                if x != OFF:
                    counts[x] += 1
                    held[0] -= penalties.get(x, 0.0)
                if go(d + 1, nxt, w2, m2, total):
                    return True
                if x != OFF:
                    counts[x] -= 1
                    held[0] += penalties.get(x, 0.0)
            row[d] = OFF
            return False

        go(0, (START, 0, True), 0, 0, 0.0)

    def price(self, duals: dict[tuple[int, int], float], limit: float) -> tuple[list[tuple[int, ...]], float | None]:
        """As the CP-SAT pricer's `price`: the best rows found (cheapest last) and a lower bound on the cheapest, or
        ([], None) when the person has no feasible row; within `limit` seconds, after which the bound is the
        relaxation's."""
        relaxed = self._relaxed(duals)
        found: list[tuple[float, tuple[int, ...]]] = []

        def keep(cost: float, row: tuple[int, ...]) -> bool:
            found.append((cost, row))
            return False

        try:
            self._search(relaxed, [inf], True, time.monotonic() + limit, keep)
        except OutOfTime:
            return [row for _, row in found[-5:]], self._root(relaxed)
        if not found:
            return [], None
        return [row for _, row in found[-5:]], found[-1][0]

    def cheapest(self, duals: dict[tuple[int, int], float]) -> tuple[float, tuple[int, ...]] | None:
        """The cheapest row at `duals` and its cost (None: the person has no feasible row)."""
        rows, best = self.price(duals, inf)
        return None if best is None else (best, rows[-1])

    def within(self, duals: dict[tuple[int, int], float], ceiling: float, limit: float, cap: int,
               keep_cheapest: bool = True) -> tuple[set[tuple[int, ...]], bool]:
        """Every row costing at most `ceiling` at `duals`, within `limit` seconds; True when the list is complete.
        When there are more than `cap`, the `cap` cheapest (False): once `cap` are found the ceiling falls to the
        dearest of them, so the search also speeds up. The first `cap` in search order instead (stop 14) gave the
        IP over Curtois 6's lists rows no better roster uses, and it missed the 1950 it found from CP-SAT's lists.
        Without `keep_cheapest`, the search stops at the cap (a count of rows against a cap needs no more)."""
        bound = [ceiling + 1e-9]
        kept: list[tuple[float, tuple[int, ...]]] = []  # a heap of (-cost, row): the dearest kept on top
        whole = True

        def keep(cost: float, row: tuple[int, ...]) -> bool:
            nonlocal whole
            heapq.heappush(kept, (-cost, row))
            if len(kept) > cap:
                heapq.heappop(kept)
            if len(kept) == cap:  # as CP-SAT's listing: a list that reached the cap is not known complete
                whole = False
                if not keep_cheapest:
                    return True
                bound[0] = -kept[0][0] - 1e-9  # from now on only rows cheaper than the dearest kept
            return False

        try:
            self._search(self._relaxed(duals), bound, False, time.monotonic() + limit, keep)
        except OutOfTime:
            whole = False
        return {row for _, row in kept}, whole

    def _root(self, relaxed) -> float:
        _, to_go, penalties = relaxed
        return float(to_go[0][(START, 0, True)][0, 0]) - sum(v * self.max_shifts[x] for x, v in penalties.items())


class OutOfTime(Exception):
    pass
