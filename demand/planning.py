"""The demand app's one adapter to the engine (muster_engine.queueing): ORM rows in, plain results out.

Nothing here writes; actions.py stores what these functions compute. Rostering and reporting (above demand in
the layering) call `requirement` and `compare_with_roster` to put rostered numbers beside the requirement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from common.calendar import LONDON
from muster_engine.queueing import erlang
from muster_engine.queueing import forecast as fc
from muster_engine.queueing import history as hist
from muster_engine.queueing import shift_design as sd
from muster_engine.queueing.history import HistoryError, parse_local  # noqa: F401 - for imports.py, actions.py

from .models import DemandInterval, Forecast, Queue

REGIONS = {"england-and-wales": "england-and-wales", "scotland": "scotland", "northern-ireland": "northern-ireland"}
# Handle times are averaged over this many recent days of history, per time of day.
AHT_DAYS = 28


def target_for(queue: Queue) -> erlang.Target:
    """The queue's service targets as the engine's Target (Erlang A when a patience is set)."""
    return erlang.Target(
        service_level=float(queue.service_level), answer_within_s=float(queue.answer_within_seconds),
        asa_s=float(queue.asa_seconds) if queue.asa_seconds else None, max_occupancy=float(queue.max_occupancy),
        shrinkage=float(queue.shrinkage), patience_s=float(queue.patience_seconds) if queue.patience_seconds else None,
        max_abandon=float(queue.max_abandon_rate) if queue.max_abandon_rate is not None and queue.patience_seconds
        else None)


def settings_for(queue: Queue) -> fc.Settings:
    return fc.Settings(region=REGIONS.get(queue.unit.bank_holiday_region, "england-and-wales"))


def history_for(queue: Queue, *, before: dt.date | None = None, since: dt.date | None = None) -> hist.History:
    rows = DemandInterval.objects.filter(queue=queue)
    if before is not None:
        rows = rows.filter(start__lt=dt.datetime.combine(before, dt.time(0), tzinfo=LONDON))
    if since is not None:
        rows = rows.filter(start__gte=dt.datetime.combine(since, dt.time(0), tzinfo=LONDON))
    pairs = list(rows.order_by("start").values_list("start", "calls_offered"))
    if not pairs:
        return hist.History(np.zeros(0, dtype=np.int64), np.zeros(0), LONDON, queue.interval_minutes)
    return hist.from_rows([p[0] for p in pairs], [p[1] for p in pairs], LONDON)


@dataclass(frozen=True)
class MadeForecast:
    result: fc.CallForecast
    accuracy: dict


def make_forecast(queue: Queue, *, horizon_days: int, first_day: dt.date | None = None,
                  backtest_weeks: int = 4) -> MadeForecast:
    """Forecast from the queue's whole history and backtest the last weeks. Raises HistoryError."""
    history = history_for(queue)
    settings = settings_for(queue)
    result = fc.forecast_calls(history, interval_minutes=queue.interval_minutes, horizon_days=horizon_days,
                               first_day=first_day, settings=settings)
    weeks = fc.backtest(history, interval_minutes=queue.interval_minutes, weeks=backtest_weeks, settings=settings)
    accuracy = {"weeks": [{"first_day": w.first_day.isoformat(), "model": w.model.as_dict(),
                           "naive": w.naive.as_dict(),
                           "daily": [[d.isoformat(), f, a] for d, f, a in w.daily]} for w in weeks]}
    return MadeForecast(result, accuracy)


def aht_by_time_of_day(queue: Queue, *, until: dt.date | None = None) -> dict[int, float]:
    """Average handle time per local minute-of-day slot over the last AHT_DAYS of history, weighted by calls
    answered (offered where answered is missing). Slots without handle times are left out."""
    rows = DemandInterval.objects.filter(queue=queue, aht_seconds__isnull=False)
    if until is not None:
        rows = rows.filter(start__lt=dt.datetime.combine(until, dt.time(0), tzinfo=LONDON))
    last = rows.order_by("-start").values_list("start", flat=True).first()
    if last is None:
        return {}
    rows = rows.filter(start__gte=last - dt.timedelta(days=AHT_DAYS))
    sums: dict[int, float] = {}
    weights: dict[int, float] = {}
    step = queue.interval_minutes
    for start, aht, answered, offered in rows.values_list("start", "aht_seconds", "calls_answered", "calls_offered"):
        local = start.astimezone(LONDON)
        slot = (local.hour * 60 + local.minute) // step * step
        weight = float(answered if answered is not None else offered) or 0.0
        sums[slot] = sums.get(slot, 0.0) + float(aht) * weight
        weights[slot] = weights.get(slot, 0.0) + weight
    return {slot: sums[slot] / weights[slot] for slot in sums if weights[slot] > 0}


@dataclass(frozen=True)
class IntervalRequirement:
    start: dt.datetime  # local (Europe/London)
    forecast_calls: float  # the method's
    calls: float  # after the planner's adjustment of the day
    aht_seconds: float
    traffic: float
    agents: int  # fewest meeting every target, before shrinkage (-1: no number does)
    scheduled: int  # grossed up for shrinkage (CC-2)
    service_level: float
    asa_seconds: float
    occupancy: float
    abandon_rate: float

    @property
    def feasible(self) -> bool:
        return self.agents >= 0

    @property
    def service_level_percent(self) -> float:
        return self.service_level * 100

    @property
    def occupancy_percent(self) -> float:
        return self.occupancy * 100


def adjusted_intervals(forecast: Forecast, *, day: dt.date | None = None,
                       days: int | None = None) -> list[tuple[dt.datetime, float, float]]:
    """(local start, forecast calls, adjusted calls) of the forecast, optionally for `days` days from `day`."""
    rows = forecast.intervals.all()
    if day is not None:
        end = day + dt.timedelta(days=days or 1)
        rows = rows.filter(start__gte=dt.datetime.combine(day, dt.time(0), tzinfo=LONDON),
                           start__lt=dt.datetime.combine(end, dt.time(0), tzinfo=LONDON))
    factors = {a.day: a.factor for a in forecast.adjustments.all()}
    result = []
    for start, calls in rows.order_by("start").values_list("start", "calls"):
        local = start.astimezone(LONDON)
        result.append((local, calls, calls * factors.get(local.date(), 1.0)))
    return result


def requirement(forecast: Forecast, *, day: dt.date | None = None, days: int | None = None,
                aht: Mapping[int, float] | None = None) -> list[IntervalRequirement]:
    """Required agents per interval of the (adjusted) forecast by Erlang C or A for the queue's targets."""
    queue = forecast.queue
    rows = adjusted_intervals(forecast, day=day, days=days)
    if not rows:
        return []
    profile = aht_by_time_of_day(queue, until=forecast.first_day) if aht is None else aht
    step = forecast.interval_minutes
    handle = [profile.get((s.hour * 60 + s.minute) // step * step, float(queue.aht_seconds)) for s, _, _ in rows]
    calls = np.array([r[2] for r in rows])
    staffing = erlang.staff_intervals(calls, np.array(handle), step * 60.0, target_for(queue))
    return [IntervalRequirement(start=s, forecast_calls=f, calls=c, aht_seconds=h,
                                traffic=float(staffing.traffic_erlangs[i]), agents=int(staffing.agents[i]),
                                scheduled=int(staffing.scheduled[i]), service_level=float(staffing.service_level[i]),
                                asa_seconds=float(staffing.asa_seconds[i]), occupancy=float(staffing.occupancy[i]),
                                abandon_rate=float(staffing.abandon_rate[i]))
            for i, ((s, f, c), h) in enumerate(zip(rows, handle, strict=True))]


@dataclass(frozen=True)
class RosterInterval:
    start: dt.datetime
    calls: float
    required_agents: int  # before shrinkage
    required_on_duty: int  # people to roster once unplanned absence is allowed for
    rostered: float  # people on duty, net of abstractions
    available_agents: float  # rostered less unplanned shrinkage
    gap: float  # rostered − required on duty; negative is a shortfall
    service_level: float  # what the rostered people would give
    asa_seconds: float
    severe: bool


def compare_with_roster(forecast: Forecast, rostered: Mapping[dt.datetime, float] | Sequence[float], *,
                        day: dt.date | None = None, days: int | None = None,
                        severe_fraction: float = 0.8) -> list[RosterInterval]:
    """Required against rostered per interval: gap and the service level the rostered numbers give.

    `rostered` is people on duty (net of abstractions) per interval start (aware datetimes) or a sequence in
    the order of the forecast's intervals. Demand cannot read the roster (rostering sits above it), so the
    caller counts duties per interval and hands the counts in. Planned absence is already out of a roster
    net of abstractions, so only the queue's unplanned shrinkage is taken off the rostered people."""
    reqs = requirement(forecast, day=day, days=days)
    if isinstance(rostered, Mapping):
        by_instant = {k.astimezone(dt.UTC): float(v) for k, v in rostered.items()}
        counts = [by_instant.get(r.start.astimezone(dt.UTC), 0.0) for r in reqs]
    else:
        counts = [float(v) for v in rostered]
        if len(counts) != len(reqs):
            raise ValueError(f"rostered: {len(counts)} counts for {len(reqs)} intervals")
    if not reqs:
        return []
    queue = forecast.queue
    result = erlang.compare_roster([r.calls for r in reqs], [r.aht_seconds for r in reqs],
                                   forecast.interval_minutes * 60.0, counts, target_for(queue),
                                   on_duty_shrinkage=float(queue.shrinkage_unplanned),
                                   severe_fraction=severe_fraction)
    return [RosterInterval(start=r.start, calls=r.calls, required_agents=int(result.required[i]),
                           required_on_duty=int(result.required_on_duty[i]), rostered=float(result.rostered[i]),
                           available_agents=float(result.available[i]), gap=float(result.gap[i]),
                           service_level=float(result.service_level[i]), asa_seconds=float(result.asa_seconds[i]),
                           severe=bool(result.severe[i]))
            for i, r in enumerate(reqs)]


@dataclass(frozen=True)
class DesignOptions:
    first_day: dt.date
    days: int = 7
    shift_hours: tuple[float, ...] = (8.0, 10.0, 12.0)
    start_times: tuple[dt.time, ...] = tuple(dt.time(h) for h in range(24))
    break_minutes: int = 30
    break_from_hours: float = 6.0
    time_limit_s: float = 10.0
    max_shift_types: int | None = None

    def as_dict(self) -> dict:
        return {"first_day": self.first_day.isoformat(), "days": self.days, "shift_hours": list(self.shift_hours),
                "start_times": [t.strftime("%H:%M") for t in self.start_times], "break_minutes": self.break_minutes,
                "break_from_hours": self.break_from_hours, "time_limit_s": self.time_limit_s,
                "max_shift_types": self.max_shift_types}


def design(forecast: Forecast, options: DesignOptions) -> tuple[sd.ShiftDesign, list[IntervalRequirement]]:
    """Shift design for the scheduled requirement (agents grossed up for shrinkage) over whole local days.

    The engine counts wall-clock intervals (48 a day); on a clock-change day the missing or repeated hour is
    matched by local time of day."""
    step = forecast.interval_minutes
    slots = 1440 // step
    reqs = requirement(forecast, day=options.first_day, days=options.days)
    need = np.zeros(options.days * slots, dtype=np.int64)
    for req in reqs:
        index = (req.start.date() - options.first_day).days * slots + (req.start.hour * 60 + req.start.minute) // step
        need[index] = max(need[index], max(req.scheduled, 0))
    problem = sd.DesignProblem(
        requirement=tuple(int(x) for x in need), interval_minutes=step,
        shift_lengths_minutes=tuple(int(round(h * 60)) for h in options.shift_hours),
        start_minutes=tuple(t.hour * 60 + t.minute for t in options.start_times),
        break_rules=(sd.BreakRule(int(round(options.break_from_hours * 60)), options.break_minutes),)
        if options.break_minutes else (),
        cyclic=options.days % 7 == 0, time_limit_s=options.time_limit_s, max_shift_types=options.max_shift_types)
    return sd.design_shifts(problem), reqs


def actual_history(queue: Queue, first: dt.date, last: dt.date) -> hist.History:
    """The queue's actual calls from `first` to `last` inclusive, at its interval length."""
    history = history_for(queue, since=first, before=last + dt.timedelta(days=1))
    if not len(history):
        return history
    return hist.aggregate(history, queue.interval_minutes)


def forecast_vs_actual(forecast: Forecast) -> tuple[fc.Accuracy | None, dict[dt.date, tuple[float, float]]]:
    """How the stored (adjusted) forecast did on the days that have actuals: accuracy over all of them and
    (forecast, actual) per day."""
    actual = actual_history(forecast.queue, forecast.first_day, forecast.last_day)
    if not len(actual):
        return None, {}
    rows = adjusted_intervals(forecast)
    starts = fc.epoch_seconds([r[0] for r in rows])
    adjusted = np.array([r[2] for r in rows])
    score = fc.accuracy(starts, adjusted, actual)
    actual_by_start = dict(zip(actual.starts.tolist(), actual.calls.tolist(), strict=True))
    daily: dict[dt.date, list[float]] = {}
    for (start, _, calls), second in zip(rows, starts.tolist(), strict=True):
        if second in actual_by_start:
            totals = daily.setdefault(start.date(), [0.0, 0.0])
            totals[0] += calls
            totals[1] += actual_by_start[second]
    return (score if score.intervals else None), {d: (v[0], v[1]) for d, v in daily.items()}
