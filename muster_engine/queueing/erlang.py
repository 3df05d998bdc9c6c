"""Erlang B, C and A: what N agents give a queue of calls, and the fewest agents that meet a target.

RULES.md § 7. With offered load A = calls x AHT / interval (Erlangs) and N agents:

- CC-1 Erlang C (patient callers): Erlang B by recursion, P(wait) = N·B / (N − A(1 − B)) for N > A,
  SL(t) = 1 − P(wait)·e^{−(N−A)t/AHT}, ASA = P(wait)·AHT/(N − A), occupancy A/N. No factorials anywhere:
  the recursion stays in [0, 1], so it is stable for thousands of agents.
- CC-2 shrinkage: scheduled = agents / (1 − shrinkage), rounded up.
- CC-3 occupancy cap, default 0.85.
- CC-4 Erlang A (M/M/N+M, callers abandon after an exponential patience of mean 1/θ). Computed from the
  birth–death chain in log space: an arrival that finds all N agents busy and j callers queued has
  r_j = Π_{i=1..j} y/(x+i) relative weight, with x = Nμ/θ and y = λ/θ, and 𝒜 = Σ_j r_j is the
  x·e^y·y^(−x)·γ(x, y) of RULES.md (the series of the lower incomplete gamma). Its virtual wait is the
  (j+1)-th of x+j exponential clocks, so "answered within t" is x/(x+j+1)·I_{1−e^{−θt}}(j+1, x+1)
  (regularised incomplete beta) and the wait of an answered call has mean (ψ(x+j+2) − ψ(x+1))/θ.

Erlang A measures, chosen to be conservative and to equal Erlang C when nobody abandons:
service level = calls answered within t ÷ calls offered (an abandoned call was not answered in time);
ASA = mean wait of answered calls; occupancy = A·(1 − P(abandon))/N; mean wait of all callers =
P(abandon)/θ (CC-4's "mean wait").
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from scipy import special

ERLANG_C = "erlang_c"
ERLANG_A = "erlang_a"
# Relative weight below which a queue state no longer counts (e^-45 ≈ 3e-20, far below double rounding).
_NEGLIGIBLE_LOG = -45.0
# Erlang A chains longer than this (absurd patience with an overloaded queue) use the fluid approximation.
_MAX_QUEUE_STATES = 2_000_000
# The agent search walks N up from the traffic, about 50·√A steps: beyond this many Erlangs (100,000 calls in
# progress at once, far past any contact centre) an input is a typo, and searching would hang the caller.
MAX_TRAFFIC_ERLANGS = 100_000.0


class StaffingInputError(ValueError):
    """An impossible input (negative calls, occupancy above 1...): names the field and what is allowed."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class InfeasibleTarget(Exception):
    """No number of agents meets every target; `reason` says which target and why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Target:
    """What an interval must achieve. None switches a target off.

    `service_level` is the share of calls answered within `answer_within_s` (0.8 = 80 %); `asa_s` a ceiling
    on the average speed of answer; `max_occupancy` the CC-3 cap; `shrinkage` the share of paid time not
    available for calls (CC-2); `patience_s`, when given, switches to Erlang A with that mean patience;
    `max_abandon` (Erlang A only) a ceiling on the abandonment rate (CC-5: 0.05)."""

    service_level: float | None = 0.8
    answer_within_s: float = 20.0
    asa_s: float | None = None
    max_occupancy: float | None = 0.85
    shrinkage: float = 0.0
    patience_s: float | None = None
    max_abandon: float | None = None

    @property
    def model(self) -> str:
        return ERLANG_A if self.patience_s is not None else ERLANG_C

    def validate(self) -> None:
        if self.service_level is not None and not 0 < self.service_level <= 1:
            raise StaffingInputError(
                "service_level", f"{self.service_level} must be above 0 and at most 1 (0.8 means 80 %)"
            )
        if not math.isfinite(self.answer_within_s) or self.answer_within_s < 0:
            raise StaffingInputError("answer_within", f"{self.answer_within_s} must be 0 seconds or more")
        if self.asa_s is not None and (not math.isfinite(self.asa_s) or self.asa_s < 0):
            raise StaffingInputError("asa", f"{self.asa_s} must be 0 seconds or more")
        if self.max_occupancy is not None and not 0 < self.max_occupancy <= 1:
            raise StaffingInputError("max_occupancy", f"{self.max_occupancy} must be above 0 and at most 1")
        if not 0 <= self.shrinkage < 1:
            raise StaffingInputError("shrinkage", f"{self.shrinkage} must be at least 0 and below 1 (0.3 means 30 %)")
        if self.patience_s is not None and (not math.isfinite(self.patience_s) or self.patience_s <= 0):
            raise StaffingInputError("patience", f"{self.patience_s} must be more than 0 seconds")
        if self.max_abandon is not None and not 0 <= self.max_abandon <= 1:
            raise StaffingInputError("max_abandon", f"{self.max_abandon} must be between 0 and 1")
        if self.max_abandon is not None and self.patience_s is None:
            raise StaffingInputError("max_abandon", "an abandonment target needs a patience (Erlang A)")


@dataclass(frozen=True)
class Performance:
    """What `agents` agents give one interval."""

    agents: int
    traffic_erlangs: float
    prob_wait: float
    service_level: float
    asa_s: float
    occupancy: float
    abandon_rate: float
    mean_wait_s: float
    model: str


@dataclass(frozen=True)
class Staffing:
    """The answer for one interval: the fewest agents meeting every target, and what they give."""

    traffic_erlangs: float
    agents: int
    scheduled: int
    service_level: float
    asa_seconds: float
    occupancy: float
    model: str
    prob_wait: float = 0.0
    abandon_rate: float = 0.0

    def as_dict(self) -> dict:
        """The documented `muster staffing --format json` schema (plus nothing else)."""
        data = asdict(self)
        return {
            key: data[key]
            for key in ("traffic_erlangs", "agents", "scheduled", "service_level", "asa_seconds", "occupancy", "model")
        }


def _check_interval(calls: float, aht_s: float, interval_s: float) -> None:
    if not math.isfinite(calls) or calls < 0:
        raise StaffingInputError("calls", f"{calls} must be 0 or more")
    if not math.isfinite(aht_s) or aht_s <= 0:
        raise StaffingInputError("aht", f"{aht_s} must be more than 0 seconds")
    if not math.isfinite(interval_s) or interval_s <= 0:
        raise StaffingInputError("interval_minutes", f"{interval_s / 60:g} must be more than 0 minutes")
    traffic = offered_load(calls, aht_s, interval_s)
    if not traffic <= MAX_TRAFFIC_ERLANGS:  # `not <=` also catches an overflow to inf
        raise StaffingInputError(
            "calls", f"{calls:g} calls of {aht_s:g} s in {interval_s / 60:g} minutes is {traffic:g} Erlangs; "
            f"at most {MAX_TRAFFIC_ERLANGS:g} (check calls, aht and interval)")


def offered_load(calls: float, aht_s: float, interval_s: float) -> float:
    """Traffic in Erlangs: the average number of calls in progress if every call were answered at once."""
    return calls * aht_s / interval_s


def scheduled_for(agents: int, shrinkage: float) -> int:
    """CC-2: agents grossed up for shrinkage, rounded up. 14 / (1 − 0.3) is 20, not 21: the division leaves
    20.000000000000004, so round to 9 places first."""
    if agents <= 0:
        return 0
    return math.ceil(round(agents / (1.0 - shrinkage), 9))


# --- Erlang B and C (CC-1) ----------------------------------------------------------------------------------------


def erlang_b(agents: int, traffic: float) -> float:
    """Blocking probability B(N, A) by the recursion B_k = A·B_{k−1} / (k + A·B_{k−1}), B_0 = 1."""
    b = 1.0
    for k in range(1, agents + 1):
        b = traffic * b / (k + traffic * b)
    return b


def erlang_c(agents: int, traffic: float) -> float:
    """P(wait): the chance a call queues. 1 when N ≤ A (the queue grows without end)."""
    if traffic <= 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    b = erlang_b(agents, traffic)
    return agents * b / (agents - traffic * (1.0 - b))


def _c_measures(agents: int, traffic: float, prob_wait: float, aht_s: float, within_s: float) -> Performance:
    if traffic <= 0:
        return Performance(agents, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, ERLANG_C)
    if agents <= traffic:
        return Performance(agents, traffic, 1.0, 0.0, math.inf, 1.0 if agents else 0.0, 0.0, math.inf, ERLANG_C)
    spare = agents - traffic
    service_level = 1.0 - prob_wait * math.exp(-spare * within_s / aht_s)
    asa = prob_wait * aht_s / spare
    return Performance(agents, traffic, prob_wait, service_level, asa, traffic / agents, 0.0, asa, ERLANG_C)


def erlang_c_performance(
    agents: int, calls: float, aht_s: float, interval_s: float, answer_within_s: float
) -> Performance:
    """CC-1 measures for N agents: P(wait), SL within t, ASA, occupancy."""
    _check_interval(calls, aht_s, interval_s)
    traffic = offered_load(calls, aht_s, interval_s)
    return _c_measures(agents, traffic, erlang_c(agents, traffic), aht_s, answer_within_s)


# --- Erlang A (CC-4) ----------------------------------------------------------------------------------------------


def _queue_log_weights(x: float, y: float) -> np.ndarray:
    """log r_j for j = 0.. until negligible: r_j = Π_{i=1..j} y/(x+i), the weight of "j callers queued"."""
    log_y = math.log(y)
    chunks: list[np.ndarray] = []
    # The first chunk covers the rise (to j ≈ y − x) and a few standard deviations of the fall in one go.
    start, previous, peak = 0, 0.0, -math.inf
    chunk = int(max(0.0, y - x) + 12.0 * math.sqrt(y + 1.0) + 32.0)
    while start < _MAX_QUEUE_STATES:
        j = np.arange(start, start + chunk, dtype=float)
        steps = log_y - np.log(x + j)
        if start == 0:
            steps[0] = 0.0  # r_0 = 1
        logs = previous + np.cumsum(steps)
        chunks.append(logs)
        previous = float(logs[-1])
        peak = max(peak, float(logs.max()))
        # Terms rise while y > x + j, then fall: stop once past the top and far below it.
        if x + start + chunk > y and previous < peak + _NEGLIGIBLE_LOG:
            return np.concatenate(chunks)
        start += chunk
        chunk = min(chunk * 2, 1 << 18)
    raise OverflowError("queue too long")


def erlang_a_performance(
    agents: int, calls: float, aht_s: float, interval_s: float, patience_s: float, answer_within_s: float
) -> Performance:
    """CC-4 measures for N agents when callers abandon after an exponential patience of mean `patience_s`."""
    _check_interval(calls, aht_s, interval_s)
    if not math.isfinite(patience_s) or patience_s <= 0:
        raise StaffingInputError("patience", f"{patience_s} must be more than 0 seconds")
    traffic = offered_load(calls, aht_s, interval_s)
    if traffic <= 0:
        return Performance(agents, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, ERLANG_A)
    theta = 1.0 / patience_s
    x = agents / aht_s / theta
    y = calls / interval_s / theta
    if agents == 0:
        return Performance(0, traffic, 1.0, 0.0, math.inf, 0.0, 1.0, patience_s, ERLANG_A)
    try:
        log_r = _queue_log_weights(x, y)
    except OverflowError:
        # Overloaded with near-infinite patience: the fluid model (the excess over N abandons, nobody is
        # answered quickly). Only binary-search probes far below the answer land here.
        abandon = max(0.0, 1.0 - agents / traffic)
        return Performance(
            agents, traffic, 1.0, 0.0, math.inf, min(1.0, traffic / agents), abandon, abandon * patience_s, ERLANG_A
        )
    top = float(log_r.max())
    weights = np.exp(log_r - top)
    log_big_a = top + math.log(weights.sum())  # log 𝒜
    erl_b = erlang_b(agents, traffic)
    if erl_b <= 0.0:
        prob_wait = 0.0
    else:
        # P(W>0) = 𝒜E / (1 + (𝒜 − 1)E), written so neither 𝒜 nor E over- or underflows.
        prob_wait = 1.0 / (1.0 + math.exp(math.log1p(-erl_b) - log_big_a - math.log(erl_b))) if erl_b < 1 else 1.0
    q = prob_wait * weights / weights.sum()  # P(arrival finds j queued), j = 0, 1, ...
    j = np.arange(len(q), dtype=float)
    served = x / (x + j + 1.0)
    abandon = float(np.dot(q, 1.0 - served))
    if answer_within_s > 0:
        reached = -math.expm1(-theta * answer_within_s)
        within = special.betainc(j + 1.0, x + 1.0, reached)
        answered_late_ok = float(np.dot(q, served * within))
    else:
        answered_late_ok = 0.0
    service_level = (1.0 - prob_wait) + answered_late_ok
    wait_served = float(np.dot(q, served * (special.digamma(x + j + 2.0) - special.digamma(x + 1.0)))) / theta
    answered = 1.0 - abandon
    asa = wait_served / answered if answered > 0 else math.inf
    occupancy = min(1.0, traffic * answered / agents)
    return Performance(
        agents, traffic, prob_wait, min(1.0, service_level), asa, occupancy, abandon, abandon / theta, ERLANG_A
    )


# --- the fewest agents ---------------------------------------------------------------------------------------------


def _meets(perf: Performance, target: Target) -> bool:
    if target.service_level is not None and perf.service_level < target.service_level - 1e-12:
        return False
    if target.asa_s is not None and perf.asa_s > target.asa_s + 1e-12:
        return False
    if target.max_occupancy is not None and perf.occupancy > target.max_occupancy + 1e-12:
        return False
    return not (target.max_abandon is not None and perf.abandon_rate > target.max_abandon + 1e-12)


def _impossible(target: Target) -> str | None:
    """A target no finite number of agents reaches when any call arrives."""
    if target.service_level is not None and target.service_level >= 1:
        return (
            "a service level of 100 % is never certain: any call may have to wait; "
            "set --service-level below 1 (e.g. 0.95)"
        )
    if target.asa_s is not None and target.asa_s <= 0:
        return "an average speed of answer of 0 s is never certain: any call may have to wait; set --asa above 0"
    if target.max_abandon is not None and target.max_abandon <= 0:
        return "no abandonment at all is never certain when callers are impatient; set --max-abandon above 0"
    return None


def agent_ceiling(traffic: float) -> int:
    """How far the search goes: SL shortfall falls like a Gaussian tail in (N − A)/√A, so A + 50√A + 100 is
    beyond any service level below 1 − 1e-100."""
    return int(math.ceil(traffic + 50.0 * math.sqrt(traffic) + 100.0))


def _staffing_from(perf: Performance, target: Target) -> Staffing:
    return Staffing(
        traffic_erlangs=perf.traffic_erlangs,
        agents=perf.agents,
        scheduled=scheduled_for(perf.agents, target.shrinkage),
        service_level=perf.service_level,
        asa_seconds=perf.asa_s,
        occupancy=perf.occupancy,
        model=perf.model,
        prob_wait=perf.prob_wait,
        abandon_rate=perf.abandon_rate,
    )


def required_agents(calls: float, aht_s: float, interval_s: float, target: Target) -> Staffing:
    """The fewest agents meeting every target of one interval (before shrinkage), and the scheduled figure.

    Raises StaffingInputError for impossible inputs and InfeasibleTarget when no N can meet the target."""
    _check_interval(calls, aht_s, interval_s)
    target.validate()
    traffic = offered_load(calls, aht_s, interval_s)
    if traffic <= 0:
        return Staffing(0.0, 0, 0, 1.0, 0.0, 0.0, target.model)
    reason = _impossible(target)
    if reason:
        raise InfeasibleTarget(reason)
    if target.model == ERLANG_A:
        return _staffing_from(_erlang_a_search(calls, aht_s, interval_s, target, traffic), target)
    ceiling = agent_ceiling(traffic)
    n = int(math.floor(traffic)) + 1
    if target.max_occupancy is not None:
        n = max(n, int(math.ceil(round(traffic / target.max_occupancy, 9))))
    b = erlang_b(n, traffic)
    while n <= ceiling:
        prob_wait = n * b / (n - traffic * (1.0 - b))
        perf = _c_measures(n, traffic, prob_wait, aht_s, target.answer_within_s)
        if _meets(perf, target):
            return _staffing_from(perf, target)
        n += 1
        b = traffic * b / (n + traffic * b)
    raise InfeasibleTarget(f"no number of agents up to {ceiling} meets the target (traffic {traffic:.2f} Erlangs)")


def _erlang_a_search(calls: float, aht_s: float, interval_s: float, target: Target, traffic: float) -> Performance:
    """Every Erlang A measure improves with N, so search from the Erlang C answer (usually within a few
    agents of the Erlang A one): gallop down (or up) to a bracket of a failing and a passing N, then bisect."""

    def perf(n: int) -> Performance:
        return erlang_a_performance(n, calls, aht_s, interval_s, target.patience_s, target.answer_within_s)

    ceiling = max(agent_ceiling(traffic), 1)
    patient = Target(
        service_level=target.service_level,
        answer_within_s=target.answer_within_s,
        asa_s=target.asa_s,
        max_occupancy=target.max_occupancy,
    )
    try:
        guess = min(ceiling, required_agents(calls, aht_s, interval_s, patient).agents)
    except InfeasibleTarget:
        guess = ceiling
    guess_perf = perf(guess)
    step = 1
    if _meets(guess_perf, target):
        hi, hi_perf = guess, guess_perf
        lo = hi - 1
        while lo > 0 and _meets(lo_perf := perf(lo), target):
            hi, hi_perf = lo, lo_perf
            step *= 2
            lo = max(0, hi - step)
        lo = max(lo, 0)  # 0 agents never meets a target once a call arrives
    else:
        lo, hi = guess, guess + 1
        while True:
            if hi > ceiling:
                raise InfeasibleTarget(
                    f"no number of agents up to {ceiling} meets the target (traffic {traffic:.2f} Erlangs)"
                )
            hi_perf = perf(hi)
            if _meets(hi_perf, target):
                break
            lo = hi
            step *= 2
            hi = min(hi + step, ceiling) if hi < ceiling else ceiling + 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        mid_perf = perf(mid)
        if _meets(mid_perf, target):
            hi, hi_perf = mid, mid_perf
        else:
            lo = mid
    return hi_perf


def performance(agents: int, calls: float, aht_s: float, interval_s: float, target: Target) -> Performance:
    """What N agents give, by the target's model (Erlang A when it has a patience)."""
    if target.patience_s is not None:
        return erlang_a_performance(agents, calls, aht_s, interval_s, target.patience_s, target.answer_within_s)
    return erlang_c_performance(agents, calls, aht_s, interval_s, target.answer_within_s)


# --- many intervals at once ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntervalStaffing:
    """Staffing for many intervals, one array element per interval. `feasible` is False where no N meets the
    target (agents and scheduled are then -1 and the measures NaN)."""

    traffic_erlangs: np.ndarray
    agents: np.ndarray
    scheduled: np.ndarray
    service_level: np.ndarray
    asa_seconds: np.ndarray
    occupancy: np.ndarray
    abandon_rate: np.ndarray
    feasible: np.ndarray
    model: str

    def __len__(self) -> int:
        return len(self.agents)


def _as_arrays(calls, aht_s, count: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    calls_arr = np.asarray(calls, dtype=float).ravel()
    aht_arr = np.broadcast_to(np.asarray(aht_s, dtype=float), calls_arr.shape).astype(float)
    if np.any(~np.isfinite(calls_arr)) or np.any(calls_arr < 0):
        raise StaffingInputError("calls", "every interval needs 0 or more calls")
    if np.any(~np.isfinite(aht_arr)) or np.any(aht_arr <= 0):
        raise StaffingInputError("aht", "every interval needs an AHT of more than 0 seconds")
    return calls_arr, aht_arr


def staff_intervals(calls, aht_s, interval_s: float, target: Target) -> IntervalStaffing:
    """Required agents for every interval. Erlang C runs all intervals in lock-step through the Erlang B
    recursion (one NumPy pass per agent count), so a week of 15-minute intervals takes milliseconds."""
    target.validate()
    calls_arr, aht_arr = _as_arrays(calls, aht_s)
    if interval_s <= 0:
        raise StaffingInputError("interval_minutes", "must be more than 0 minutes")
    if target.model == ERLANG_A:
        return _staff_intervals_scalar(calls_arr, aht_arr, interval_s, target)
    size = len(calls_arr)
    traffic = calls_arr * aht_arr / interval_s
    agents = np.zeros(size, dtype=np.int64)
    service_level = np.ones(size)
    asa = np.zeros(size)
    occupancy = np.zeros(size)
    done = traffic <= 0
    feasible = np.ones(size, dtype=bool)
    if _impossible(target) and not done.all():
        feasible[~done] = False
        done[:] = True
    lower = np.floor(traffic) + 1
    if target.max_occupancy is not None:
        lower = np.maximum(lower, np.ceil(np.round(traffic / target.max_occupancy, 9)))
    ceiling = np.ceil(traffic + 50.0 * np.sqrt(traffic) + 100.0)
    safe_traffic = np.where(traffic > 0, traffic, 1.0)
    b = np.ones(size)
    k = 0
    sl_target = target.service_level
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        while not done.all():
            k += 1
            b = safe_traffic * b / (k + safe_traffic * b)
            check = ~done & (k >= lower)
            if not check.any():
                continue
            idx = np.flatnonzero(check)
            a, bb, h = traffic[idx], b[idx], aht_arr[idx]
            spare = k - a
            prob_wait = k * bb / (k - a * (1.0 - bb))
            sl = 1.0 - prob_wait * np.exp(-spare * target.answer_within_s / h)
            wait = prob_wait * h / spare
            ok = np.ones(len(idx), dtype=bool)
            if sl_target is not None:
                ok &= sl >= sl_target - 1e-12
            if target.asa_s is not None:
                ok &= wait <= target.asa_s + 1e-12
            hit = idx[ok]
            agents[hit], service_level[hit], asa[hit], occupancy[hit] = k, sl[ok], wait[ok], a[ok] / k
            done[hit] = True
            give_up = idx[~ok][k >= ceiling[idx[~ok]]]
            feasible[give_up] = False
            done[give_up] = True
    return _finish(traffic, agents, service_level, asa, occupancy, np.zeros(size), feasible, target)


def _finish(traffic, agents, service_level, asa, occupancy, abandon, feasible, target: Target) -> IntervalStaffing:
    agents = np.where(feasible, agents, -1)
    scheduled = np.where(agents > 0, np.ceil(np.round(agents / (1.0 - target.shrinkage), 9)), 0).astype(np.int64)
    scheduled = np.where(feasible, scheduled, -1)
    nan = np.nan
    return IntervalStaffing(
        traffic_erlangs=traffic,
        agents=agents,
        scheduled=scheduled,
        service_level=np.where(feasible, service_level, nan),
        asa_seconds=np.where(feasible, asa, nan),
        occupancy=np.where(feasible, occupancy, nan),
        abandon_rate=np.where(feasible, abandon, nan),
        feasible=feasible,
        model=target.model,
    )


def _staff_intervals_scalar(calls: np.ndarray, aht: np.ndarray, interval_s: float, target: Target) -> IntervalStaffing:
    size = len(calls)
    out = {name: np.zeros(size) for name in ("traffic", "sl", "asa", "occ", "ab")}
    agents = np.zeros(size, dtype=np.int64)
    feasible = np.ones(size, dtype=bool)
    cache: dict[tuple[float, float], Staffing | None] = {}
    for i in range(size):
        key = (float(calls[i]), float(aht[i]))
        if key not in cache:
            try:
                cache[key] = required_agents(key[0], key[1], interval_s, target)
            except InfeasibleTarget:
                cache[key] = None
        found = cache[key]
        out["traffic"][i] = offered_load(key[0], key[1], interval_s)
        if found is None:
            feasible[i] = False
            continue
        agents[i] = found.agents
        out["sl"][i], out["asa"][i], out["occ"][i], out["ab"][i] = (
            found.service_level,
            found.asa_seconds,
            found.occupancy,
            found.abandon_rate,
        )
    return _finish(out["traffic"], agents, out["sl"], out["asa"], out["occ"], out["ab"], feasible, target)


def interval_performance(agents, calls, aht_s, interval_s: float, target: Target) -> dict[str, np.ndarray]:
    """What the given agents per interval give (e.g. the rostered numbers): arrays service_level, asa_seconds,
    occupancy, abandon_rate, prob_wait."""
    calls_arr, aht_arr = _as_arrays(calls, aht_s)
    agents_arr = np.asarray(agents, dtype=float).ravel()
    if agents_arr.shape != calls_arr.shape:
        raise StaffingInputError("agents", f"{len(agents_arr)} agent counts for {len(calls_arr)} intervals")
    counts = np.floor(np.maximum(agents_arr, 0)).astype(np.int64)
    result = {
        name: np.zeros(len(counts))
        for name in ("service_level", "asa_seconds", "occupancy", "abandon_rate", "prob_wait")
    }
    for i, n in enumerate(counts):
        perf = performance(int(n), float(calls_arr[i]), float(aht_arr[i]), interval_s, target)
        result["service_level"][i] = perf.service_level
        result["asa_seconds"][i] = perf.asa_s
        result["occupancy"][i] = perf.occupancy
        result["abandon_rate"][i] = perf.abandon_rate
        result["prob_wait"][i] = perf.prob_wait
    return result


@dataclass(frozen=True)
class RosterComparison:
    """Required vs rostered per interval. `required` agents (before shrinkage); `required_on_duty` people
    rostered to give them once the shrinkage the roster cannot know of is taken off; `gap` = rostered −
    required_on_duty (negative is a shortfall); the service level the rostered people would give; `severe`
    where the agents available fall below `severe_fraction` of the agents required."""

    required: np.ndarray
    required_on_duty: np.ndarray
    rostered: np.ndarray
    available: np.ndarray
    gap: np.ndarray
    service_level: np.ndarray
    asa_seconds: np.ndarray
    severe: np.ndarray
    feasible: np.ndarray


def compare_roster(calls, aht_s, interval_s: float, rostered, target: Target, *, on_duty_shrinkage: float,
                   severe_fraction: float = 0.8) -> RosterComparison:
    """Rostered people per interval against the requirement.

    `rostered` counts people on duty net of abstractions (leave, training, sickness already recorded), so
    only `on_duty_shrinkage` (the unplanned absence still to come) is taken off them: agents available =
    floor(rostered × (1 − on_duty_shrinkage)). `target.shrinkage` is not used here."""
    if not 0 <= on_duty_shrinkage < 1:
        raise StaffingInputError("on_duty_shrinkage", f"{on_duty_shrinkage} must be at least 0 and below 1")
    staffing = staff_intervals(calls, aht_s, interval_s, target)
    rostered_arr = np.asarray(rostered, dtype=float).ravel()
    if rostered_arr.shape != staffing.agents.shape:
        raise StaffingInputError("rostered", f"{len(rostered_arr)} rostered counts for {len(staffing)} intervals")
    available = np.floor(np.round(np.maximum(rostered_arr, 0) * (1.0 - on_duty_shrinkage), 9))
    perf = interval_performance(available, calls, aht_s, interval_s, target)
    required = np.where(staffing.feasible, staffing.agents, 0).astype(float)
    on_duty = np.where(required > 0, np.ceil(np.round(required / (1.0 - on_duty_shrinkage), 9)), 0.0)
    severe = (required > 0) & (available < severe_fraction * required)
    return RosterComparison(required=required, required_on_duty=on_duty, rostered=rostered_arr,
                            available=available, gap=rostered_arr - on_duty, service_level=perf["service_level"],
                            asa_seconds=perf["asa_seconds"], severe=severe | ~staffing.feasible,
                            feasible=staffing.feasible)
