"""A synthetic but realistic NHS 111 call history: seeded, pure, the same for the demo, tests and benchmarks.

NHS 111 demand peaks when GP surgeries are shut: evenings on weekdays, all day at weekends and on bank holidays
(Saturday and Sunday run at about twice a mid-week day; Monday is the busiest weekday). Within a day calls fall
to a trough at 04:00, climb steeply from 07:30, hold through the day (with an early-morning spike on weekdays
when surgeries open their phone lines), and peak again 18:00–21:00 on weekdays. Volumes here are those of a
county service: about 1,800 calls on a Tuesday and 3,500 on a Saturday. Each day's total carries its own noise
(weather, outbreaks) and each interval Poisson-gamma noise; a gentle upward trend runs through the weeks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import holidays
import numpy as np

LONDON = ZoneInfo("Europe/London")
DEMO_SEED = 111  # the demo's 111 centre, the forecast benchmark and tests all draw from this seed

# Daily volume relative to a mid-week day, Monday first; bank holidays like a busy Sunday.
DAY_FACTORS = (1.22, 1.0, 0.97, 0.98, 1.07, 1.95, 1.82)
BANK_HOLIDAY_FACTOR = 2.0
DAY_AFTER_HOLIDAY_FACTOR = 1.12
# Relative calls by local hour (value at the start of the hour, linearly interpolated in between).
WEEKDAY_SHAPE = (0.45, 0.34, 0.27, 0.23, 0.21, 0.23, 0.34, 0.62, 1.45, 1.35, 1.08, 1.0, 0.95, 0.93, 0.94, 1.0,
                 1.1, 1.36, 1.95, 1.88, 1.62, 1.3, 0.95, 0.66)
WEEKEND_SHAPE = (0.72, 0.56, 0.45, 0.38, 0.33, 0.35, 0.5, 0.86, 1.5, 1.86, 1.92, 1.8, 1.62, 1.5, 1.45, 1.45,
                 1.5, 1.55, 1.62, 1.55, 1.36, 1.15, 0.95, 0.82)


@dataclass(frozen=True)
class CallInterval:
    """One interval of call history: calls offered, answered and abandoned, and the average handle time."""

    start: dt.datetime  # aware, UTC
    minutes: int
    calls: int
    answered: int
    abandoned: int
    aht_seconds: float


def england_bank_holidays(first: dt.date, last: dt.date) -> set[dt.date]:
    years = range(first.year, last.year + 1)
    return {day for day in holidays.country_holidays("GB", subdiv="ENG", years=years) if first <= day <= last}


def _shape(hours: tuple[float, ...], minute: float) -> float:
    """The relative call rate at `minute` past midnight, interpolated between the hourly anchors (cyclic)."""
    position = minute / 60.0
    low = int(position) % 24
    high = (low + 1) % 24
    frac = position - int(position)
    return hours[low] * (1 - frac) + hours[high] * frac


def day_intervals(day: dt.date, interval_minutes: int, tz: ZoneInfo = LONDON) -> list[dt.datetime]:
    """The starts (aware, UTC) of a local day's intervals: 46 half-hours on the spring clock change, 50 in autumn."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz).astimezone(dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz).astimezone(dt.UTC)
    step = dt.timedelta(minutes=interval_minutes)
    starts = []
    at = start
    while at < end:
        starts.append(at)
        at += step
    return starts


def nhs111_history(first_day: dt.date, days: int = 56, *, seed: int = DEMO_SEED, interval_minutes: int = 30,
                   midweek_calls: float = 1800.0, trend_per_week: float = 0.005, mean_aht_seconds: float = 560.0,
                   day_noise: float = 0.04, interval_dispersion: float = 60.0) -> list[CallInterval]:
    """`days` days of 111 call history from `first_day` (8 weeks by default; any length works).

    The same arguments always give the same history. `interval_dispersion` is the gamma shape of the
    interval noise on top of Poisson (larger is quieter)."""
    rng = np.random.default_rng(seed)
    last_day = first_day + dt.timedelta(days=days - 1)
    bank = england_bank_holidays(first_day, last_day + dt.timedelta(days=1))
    rows: list[CallInterval] = []
    for offset in range(days):
        day = first_day + dt.timedelta(days=offset)
        if day in bank:
            factor, shape = BANK_HOLIDAY_FACTOR, WEEKEND_SHAPE
        else:
            weekend = day.weekday() >= 5
            factor, shape = DAY_FACTORS[day.weekday()], WEEKEND_SHAPE if weekend else WEEKDAY_SHAPE
            if day - dt.timedelta(days=1) in bank:
                factor *= DAY_AFTER_HOLIDAY_FACTOR
        total = midweek_calls * factor * (1 + trend_per_week) ** (offset / 7) * rng.lognormal(0.0, day_noise)
        starts = day_intervals(day, interval_minutes)
        minutes = [(s.astimezone(LONDON).hour * 60 + s.astimezone(LONDON).minute) for s in starts]
        rates = np.array([_shape(shape, m + interval_minutes / 2) for m in minutes])
        # Normalise over a standard day so a 23-hour day has fewer calls, not a denser profile.
        standard = sum(_shape(shape, m + interval_minutes / 2) for m in range(0, 1440, interval_minutes))
        means = total * rates / standard
        calls = rng.poisson(means * rng.gamma(interval_dispersion, 1 / interval_dispersion, len(means)))
        busy = means / means.max()
        abandon_rate = np.clip(0.015 + 0.07 * busy**2 + rng.normal(0, 0.008, len(means)), 0, 0.3)
        abandoned = rng.binomial(calls, abandon_rate)
        # Night calls run longer (more complex, fewer simple repeat callers); handle time varies a little.
        aht = mean_aht_seconds * (1.0 + 0.08 * (1 - busy)) * rng.normal(1.0, 0.04, len(means))
        for start, n, ab, handle in zip(starts, calls, abandoned, aht, strict=True):
            rows.append(CallInterval(start=start, minutes=interval_minutes, calls=int(n), answered=int(n - ab),
                                     abandoned=int(ab), aht_seconds=round(float(handle), 1)))
    return rows


def history_csv(rows: list[CallInterval], tz: ZoneInfo = LONDON) -> str:
    """The history as the CSV `muster forecast` and the demand import read (local times with their offset)."""
    lines = ["interval_start,calls,answered,abandoned,aht_seconds"]
    for row in rows:
        lines.append(f"{row.start.astimezone(tz).isoformat()},{row.calls},{row.answered},{row.abandoned},"
                     f"{row.aht_seconds}")
    return "\n".join(lines) + "\n"
