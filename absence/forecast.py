"""Forecast of abstractions per unit and type for the coming weeks: history (seasonality, trend) plus bookings.

The measure is people off per day, averaged over a week (person-days ÷ 7) — directly comparable with the
people a roster needs. For each abstraction type:

- the model: with a year of history, the same weeks last year (smoothed over ±1 week) scaled by how the last
  8 weeks stand against the same 8 weeks a year earlier — seasonality, with the year-on-year trend in the
  scale (with two years, the seasonal shape is the mean of both); with less history, the level of the last 8
  weeks and a damped trend fitted over the last 26 (benchmarks/absence_forecast.py backtests both against
  seasonal naive);
- what is already booked (approved and requested abstractions in those weeks);
- the forecast is the larger of the two: bookings are a floor, and leave not yet asked for will come.

A week is flagged when the forecast share of people off exceeds the headroom allowed for planned and unplanned
absence (ROS-3, 22 % by default, `settings.ABSENCE_FORECAST_HEADROOM`).

The model (`forecast_series`) is pure NumPy; `unit_forecast` reads one query of abstractions and one of people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db.models import Q

from org.models import Unit
from people.models import Person

from .choices import LIVE_STATUSES, AbstractionCategory
from .models import Abstraction, AbstractionType

HORIZON_WEEKS = 12
HISTORY_WEEKS = 104
LEVEL_WEEKS = 8
TREND_WEEKS = 26
DAMPING = 0.9
DEFAULT_HEADROOM = 0.22


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def forecast_series(history: np.ndarray, horizon: int = HORIZON_WEEKS) -> np.ndarray:
    """Weekly values to come from weekly history (oldest first, the last value the most recent full week)."""
    y = np.asarray(history, dtype=float)
    n = len(y)
    if n == 0 or not np.any(y):
        return np.zeros(horizon)
    level = float(y[-LEVEL_WEEKS:].mean())
    shapes = []
    for years in (1, 2):
        back = 52 * years
        if n < back + LEVEL_WEEKS:
            break
        then_level = float(y[n - back - LEVEL_WEEKS:n - back].mean())
        if then_level <= 0:
            continue
        # Week t + h a year (two years) ago, with its neighbours: index n - back + h.
        same_weeks = np.array([y[max(0, n - back + h - 1):n - back + h + 2].mean() for h in range(horizon)])
        shapes.append(same_weeks / then_level)
    if shapes:
        return np.maximum(level * np.mean(shapes, axis=0), 0.0)
    slope = 0.0
    window = y[-TREND_WEEKS:]
    if len(window) >= 8:
        slope = float(np.polyfit(np.arange(len(window), dtype=float), window, 1)[0])
        # A trend may not take the level below zero or above double within the horizon.
        slope = float(np.clip(slope, -level / horizon, level / horizon if level else 0.0))
    damped = np.cumsum(DAMPING ** np.arange(1, horizon + 1))
    return np.maximum(level + slope * damped, 0.0)


@dataclass
class TypeForecast:
    type: AbstractionType
    history: list[float]  # people off per day, week by week
    model: list[float]
    booked: list[float]
    forecast: list[float]

    @property
    def total_ahead(self) -> float:
        return sum(self.forecast)


@dataclass
class UnitForecast:
    unit: Unit
    weeks_past: list[dt.date]
    weeks_ahead: list[dt.date]
    headcount: int
    types: list[TypeForecast]
    headroom: float
    health_hidden: bool = False
    categories: dict[str, list[float]] = field(default_factory=dict)

    @property
    def history_total(self) -> list[float]:
        return [round(sum(t.history[i] for t in self.types), 2) for i in range(len(self.weeks_past))]

    @property
    def forecast_total(self) -> list[float]:
        return [round(sum(t.forecast[i] for t in self.types), 2) for i in range(len(self.weeks_ahead))]

    @property
    def booked_total(self) -> list[float]:
        return [round(sum(t.booked[i] for t in self.types), 2) for i in range(len(self.weeks_ahead))]

    @property
    def flagged(self) -> list[bool]:
        limit = self.headroom * self.headcount
        return [self.headcount > 0 and value > limit for value in self.forecast_total]

    @property
    def share(self) -> list[float]:
        return [round(100 * v / self.headcount, 1) if self.headcount else 0.0 for v in self.forecast_total]


def headroom() -> float:
    return float(getattr(settings, "ABSENCE_FORECAST_HEADROOM", DEFAULT_HEADROOM))


def unit_forecast(unit: Unit, *, today: dt.date, horizon: int = HORIZON_WEEKS, history_weeks: int = HISTORY_WEEKS,
                  include_health: bool = True) -> UnitForecast:
    """People off per day, week by week, for the people whose home unit is in the unit's sub-tree today."""
    this_week = monday(today)
    start = this_week - dt.timedelta(weeks=history_weeks)
    end = this_week + dt.timedelta(weeks=horizon) - dt.timedelta(days=1)
    people = Person.objects.filter(home_unit__path__startswith=unit.path).filter(
        Q(leave_date__isnull=True) | Q(leave_date__gte=today))
    headcount = people.filter(start_date__lte=today).count()
    rows = (Abstraction.objects.filter(person__in=people, status__in=LIVE_STATUSES, start_date__lte=end,
                                       end_date__gte=start, type__removes_from_roster=True)
            .values_list("type_id", "start_date", "end_date", "status"))
    if not include_health:
        rows = rows.exclude(type__health_data=True)
    days = (end - start).days + 1
    types = {t.pk: t for t in AbstractionType.objects.all()}
    past = {}  # type id → diff array over days of what happened (approved, before this week)
    ahead = {}  # type id → diff array of what is booked from this week on
    today_index = (this_week - start).days
    for type_id, first, last, status in rows:
        a = max(0, (first - start).days)
        b = min(days, (last - start).days + 1)
        if b <= a:
            continue
        if a < today_index and status == "approved":
            diff = past.setdefault(type_id, np.zeros(days + 1))
            diff[a] += 1
            diff[min(b, today_index)] -= 1
        if b > today_index:
            diff = ahead.setdefault(type_id, np.zeros(days + 1))
            diff[max(a, today_index)] += 1
            diff[b] -= 1
    weeks_past = [start + dt.timedelta(weeks=i) for i in range(history_weeks)]
    weeks_ahead = [this_week + dt.timedelta(weeks=i) for i in range(horizon)]
    out = []
    for type_id in sorted(set(past) | set(ahead), key=lambda k: types[k].name):
        daily_past = np.cumsum(past.get(type_id, np.zeros(days + 1)))[:days]
        daily_ahead = np.cumsum(ahead.get(type_id, np.zeros(days + 1)))[:days]
        history = daily_past[:today_index].reshape(history_weeks, 7).mean(axis=1)
        booked = daily_ahead[today_index:].reshape(horizon, 7).mean(axis=1)
        # Weeks before anyone in the unit had this type at all are not zeros to average in, for a new type.
        model = forecast_series(history, horizon)
        final = np.maximum(model, booked)
        out.append(TypeForecast(types[type_id], _r(history), _r(model), _r(booked), _r(final)))
    forecast = UnitForecast(unit, weeks_past, weeks_ahead, headcount, out, headroom(),
                            health_hidden=not include_health)
    categories: dict[str, list[float]] = {}
    for t in out:
        values = categories.setdefault(t.type.category, [0.0] * horizon)
        for i, v in enumerate(t.forecast):
            values[i] = round(values[i] + v, 2)
    forecast.categories = {str(AbstractionCategory(k).label): v for k, v in sorted(categories.items())}
    return forecast


def _r(values: np.ndarray) -> list[float]:
    return [round(float(v), 2) for v in values]
