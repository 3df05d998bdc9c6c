"""Calls per interval for the days after a history: daily totals x intraday profiles.

The method (`daily-total-x-profile`), chosen to be robust on a few weeks of any centre's history:

1. Days. Each local day is a day type: its weekday, or "bank holiday" (England & Wales by default). Days with
   no rows are closed; days with far fewer open intervals than usual for their weekday (a file that starts
   at noon) are partial and used for neither totals nor profiles.
2. Daily totals. A weighted least-squares fit of log(daily total) on a day-type effect and a linear trend,
   recent days weighing more (half-life three weeks), refitted twice with outlying days down-weighted
   (Huber). The trend is damped when projected, so a short history never runs away. A bank holiday with no
   bank holiday in the history is taken to behave like a Sunday.
3. Profiles. Each day type's share of the day per interval, averaged over its recent weeks (recent weighing
   more) and lightly smoothed across neighbouring intervals; an interval is open when the centre had rows
   for it on at least half of those days.
4. Forecast = projected daily total x profile share, for open intervals only, times any known day effect
   (events: 1.1 for +10 %).

`seasonal_naive` (same interval a week earlier) is the baseline the benchmark beats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .history import History, HistoryError, RowError, aggregate
from .synthetic import day_intervals

METHOD = "daily-total-x-profile"
HOLIDAY = 7  # day type of a bank holiday; 0-6 are Monday-Sunday
DAY_TYPE_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Bank holiday")
MIN_DAYS = 7


@dataclass(frozen=True)
class Settings:
    half_life_days: float = 21.0  # weight of a day in the totals fit halves every this many days back
    profile_weeks: int = 6  # profiles average this many recent days of each type
    profile_half_life_weeks: float = 4.0
    trend_damping: float = 0.97  # per day: the trend adds at most 1/(1-0.97) ≈ 33 days' worth
    smoothing: float = 0.25  # weight of each neighbour in the 3-interval profile smoother
    min_trend_days: int = 21  # below this the trend is not estimated
    region: str = "england-and-wales"


@dataclass(frozen=True)
class CallForecast:
    """Forecast calls per open interval. `starts` are aware datetimes in the centre's zone."""

    starts: list[dt.datetime]
    calls: np.ndarray
    interval_minutes: int
    first_day: dt.date
    last_day: dt.date
    method: str = METHOD
    parameters: dict = field(default_factory=dict)

    def daily_totals(self) -> dict[dt.date, float]:
        totals: dict[dt.date, float] = {}
        for start, value in zip(self.starts, self.calls, strict=True):
            totals[start.date()] = totals.get(start.date(), 0.0) + float(value)
        return totals


@dataclass(frozen=True)
class DayMatrix:
    """The history as local days x intervals of the day. NaN where the centre had no row (closed)."""

    days: list[dt.date]
    values: np.ndarray  # (days, slots)
    totals: np.ndarray  # calls per day (NaN when closed all day)
    open_counts: np.ndarray  # open intervals per day
    interval_minutes: int
    tz: dt.tzinfo


def bank_holidays(region: str, first: dt.date, last: dt.date) -> set[dt.date]:
    import holidays

    subdiv = {"scotland": "SCT", "northern-ireland": "NIR"}.get(region, "ENG")
    years = range(first.year, last.year + 1)
    return {d for d in holidays.country_holidays("GB", subdiv=subdiv, years=years) if first <= d <= last}


def day_matrix(history: History) -> DayMatrix:
    minutes = history.interval_minutes
    slots = 1440 // minutes
    local = [history.local(i) for i in range(len(history))]
    first, last = local[0].date(), local[-1].date()
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    sums = np.zeros((len(days), slots))
    counts = np.zeros((len(days), slots))
    for when, calls in zip(local, history.calls, strict=True):
        row = (when.date() - first).days
        slot = (when.hour * 60 + when.minute) // minutes
        sums[row, slot] += calls
        counts[row, slot] += 1
    with np.errstate(invalid="ignore"):
        values = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    open_counts = counts.sum(axis=1)
    totals = np.where(open_counts > 0, sums.sum(axis=1), np.nan)
    return DayMatrix(days, values, totals, open_counts, minutes, history.tz)


def day_types(days: list[dt.date], holidays: set[dt.date]) -> np.ndarray:
    return np.array([HOLIDAY if d in holidays else d.weekday() for d in days])


def _full_days(matrix: DayMatrix, types: np.ndarray) -> np.ndarray:
    """Days with rows and at least 80 % of the usual number of open intervals for their weekday."""
    full = matrix.open_counts > 0
    weekdays = np.array([d.weekday() for d in matrix.days])
    for weekday in range(7):
        mine = (weekdays == weekday) & (matrix.open_counts > 0)
        if mine.any():
            usual = np.median(matrix.open_counts[mine])
            full &= ~(mine & (matrix.open_counts < 0.8 * usual))
    return full


def _fit_totals(ages: np.ndarray, types: np.ndarray, log_totals: np.ndarray, settings: Settings,
                with_trend: bool) -> tuple[dict[int, float], float, float]:
    """Weighted, Huber-reweighted least squares: log total = intercept + effect[type] + slope x (−age)."""
    present = sorted(set(types.tolist()))
    base = present[0]
    columns = [np.ones(len(ages))]
    if with_trend:
        columns.append(-ages)
    for kind in present[1:]:
        columns.append((types == kind).astype(float))
    design = np.column_stack(columns)
    weights = 0.5 ** (ages / settings.half_life_days)
    robust = np.ones(len(ages))
    coef = np.zeros(design.shape[1])
    for _ in range(3):
        w = np.sqrt(weights * robust)
        coef, *_ = np.linalg.lstsq(design * w[:, None], log_totals * w, rcond=None)
        residuals = log_totals - design @ coef
        scale = 1.4826 * np.median(np.abs(residuals - np.median(residuals))) or 1e-9
        z = np.abs(residuals) / (1.5 * scale)
        robust = np.where(z <= 1, 1.0, 1.0 / np.maximum(z, 1e-12))
    intercept = float(coef[0])
    slope = float(coef[1]) if with_trend else 0.0
    offset = 2 if with_trend else 1
    effects = {base: 0.0}
    for index, kind in enumerate(present[1:]):
        effects[kind] = float(coef[offset + index])
    return effects, intercept, slope


def _profiles(matrix: DayMatrix, types: np.ndarray, full: np.ndarray, settings: Settings
              ) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """Per day type: share of the day per interval (summing to 1 over open intervals) and the open mask."""
    slots = matrix.values.shape[1]
    profiles: dict[int, np.ndarray] = {}
    opened: dict[int, np.ndarray] = {}
    for kind in range(8):
        rows = np.flatnonzero(full & (types == kind))[-settings.profile_weeks:]
        if not len(rows):
            continue
        values = matrix.values[rows]
        open_share = (~np.isnan(values)).mean(axis=0)
        is_open = open_share >= 0.5
        shares = values / matrix.totals[rows, None]
        age_weeks = (len(matrix.days) - 1 - rows) / 7.0
        weights = 0.5 ** (age_weeks / settings.profile_half_life_weeks)
        present = ~np.isnan(shares)
        with np.errstate(invalid="ignore"):
            mean = np.where(present, shares, 0.0).T @ weights / (present.T.astype(float) @ weights)
        mean = np.where(is_open & np.isfinite(mean), mean, 0.0)
        if settings.smoothing and slots > 2:
            # Smooth within open stretches only: a closed neighbour lends nothing.
            left = np.roll(mean, 1) * np.roll(is_open, 1)
            right = np.roll(mean, -1) * np.roll(is_open, -1)
            share_l = settings.smoothing * np.roll(is_open, 1)
            share_r = settings.smoothing * np.roll(is_open, -1)
            mean = np.where(is_open, (mean * (1 - 2 * settings.smoothing) + settings.smoothing * (left + right))
                            / np.maximum(1 - 2 * settings.smoothing + share_l + share_r, 1e-12), 0.0)
        total = mean.sum()
        profiles[kind] = mean / total if total > 0 else np.where(is_open, 1.0 / max(is_open.sum(), 1), 0.0)
        opened[kind] = is_open
    return profiles, opened


def forecast_calls(history: History, *, interval_minutes: int, horizon_days: int, first_day: dt.date | None = None,
                   day_effects: Mapping[dt.date, float] | None = None, settings: Settings | None = None
                   ) -> CallForecast:
    """Forecast every open interval of the `horizon_days` days from `first_day` (default: the day after the
    last day of the history). Raises HistoryError when the history cannot support a forecast."""
    settings = settings or Settings()
    if horizon_days < 1 or horizon_days > 366:
        raise HistoryError([RowError(None, "horizon_days", str(horizon_days), "must be 1 to 366 days")])
    if not len(history):
        raise HistoryError([RowError(None, "history", None, "there is no history to forecast from")])
    agg = aggregate(history, interval_minutes)
    matrix = day_matrix(agg)
    first_day = first_day or matrix.days[-1] + dt.timedelta(days=1)
    last_day = first_day + dt.timedelta(days=horizon_days - 1)
    holidays = bank_holidays(settings.region, matrix.days[0], max(last_day, matrix.days[-1]))
    types = day_types(matrix.days, holidays)
    full = _full_days(matrix, types)
    usable = full & (matrix.totals > 0)
    if usable.sum() < MIN_DAYS:
        raise HistoryError([RowError(None, "history", str(int(usable.sum())),
                                     f"needs at least {MIN_DAYS} full days of history (three weeks or more "
                                     "forecast better); this has fewer")])
    ages = np.array([(matrix.days[-1] - d).days for d in matrix.days], dtype=float)
    span = ages[usable].max() - ages[usable].min() + 1
    with_trend = span >= settings.min_trend_days
    effects, intercept, slope = _fit_totals(ages[usable], types[usable], np.log(matrix.totals[usable]), settings,
                                            with_trend)
    profiles, opened = _profiles(matrix, types, full, settings)
    if HOLIDAY not in effects and 6 in effects:
        effects[HOLIDAY] = effects[6]  # no bank holiday seen: behave like a Sunday
    if HOLIDAY not in profiles and 6 in profiles:
        profiles[HOLIDAY], opened[HOLIDAY] = profiles[6], opened[6]
    elif HOLIDAY in profiles and 6 in profiles:
        # One or two bank holidays are a thin sample: lean on Sunday's shape as well.
        seen = int((full & (types == HOLIDAY)).sum())
        blended = (seen * profiles[HOLIDAY] + 2 * profiles[6]) / (seen + 2)
        profiles[HOLIDAY] = np.where(opened[HOLIDAY], blended, 0.0) / max(np.where(opened[HOLIDAY], blended, 0).sum(),
                                                                          1e-12)
    effects_by_day = dict(day_effects or {})
    phi = settings.trend_damping
    starts: list[dt.datetime] = []
    values: list[float] = []
    minutes = interval_minutes
    daily: dict[str, float] = {}
    for offset in range((last_day - first_day).days + 1):
        day = first_day + dt.timedelta(days=offset)
        kind = HOLIDAY if day in holidays else day.weekday()
        if kind not in effects or kind not in profiles:
            continue  # a day type the centre was never open on
        ahead = (day - matrix.days[-1]).days
        steps = (phi * (1 - phi ** ahead) / (1 - phi)) if ahead > 0 else float(ahead)
        total = float(np.exp(intercept + effects[kind] + slope * steps)) * float(effects_by_day.get(day, 1.0))
        daily[day.isoformat()] = 0.0
        for start in day_intervals(day, minutes, matrix.tz):  # type: ignore[arg-type]
            local = start.astimezone(matrix.tz)
            slot = (local.hour * 60 + local.minute) // minutes
            if opened[kind][slot]:
                value = total * float(profiles[kind][slot])
                starts.append(local)
                values.append(value)
                daily[day.isoformat()] += value
    parameters = {
        "history_first_day": matrix.days[0].isoformat(),
        "history_last_day": matrix.days[-1].isoformat(),
        "history_days": int(usable.sum()),
        "level_calls_per_day": round(float(np.exp(intercept)), 1),
        "trend_per_week": round(float(np.expm1(slope * 7)), 4),
        "day_factors": {DAY_TYPE_NAMES[k]: round(float(np.exp(v - effects.get(1, 0.0))), 3)
                        for k, v in sorted(effects.items())},
        "bank_holidays_in_history": int((types == HOLIDAY).sum()),
        "settings": {"half_life_days": settings.half_life_days, "profile_weeks": settings.profile_weeks,
                     "trend_damping": settings.trend_damping, "smoothing": settings.smoothing,
                     "region": settings.region},
    }
    return CallForecast(starts=starts, calls=np.array(values), interval_minutes=minutes, first_day=first_day,
                        last_day=last_day, parameters=parameters)


def seasonal_naive(history: History, *, interval_minutes: int, horizon_days: int,
                   first_day: dt.date | None = None) -> CallForecast:
    """The baseline: each interval as it was a whole number of weeks earlier (the latest such week)."""
    matrix = day_matrix(aggregate(history, interval_minutes))
    first_day = first_day or matrix.days[-1] + dt.timedelta(days=1)
    last_day = first_day + dt.timedelta(days=horizon_days - 1)
    index = {d: i for i, d in enumerate(matrix.days)}
    starts: list[dt.datetime] = []
    values: list[float] = []
    for offset in range(horizon_days):
        day = first_day + dt.timedelta(days=offset)
        weeks_back = max(1, -(-(day - matrix.days[-1]).days // 7))
        source = index.get(day - dt.timedelta(days=7 * weeks_back))
        if source is None:
            continue
        for start in day_intervals(day, interval_minutes, matrix.tz):  # type: ignore[arg-type]
            local = start.astimezone(matrix.tz)
            value = matrix.values[source, (local.hour * 60 + local.minute) // interval_minutes]
            if not np.isnan(value):
                starts.append(local)
                values.append(float(value))
    return CallForecast(starts=starts, calls=np.array(values), interval_minutes=interval_minutes,
                        first_day=first_day, last_day=last_day, method="seasonal-naive")


@dataclass(frozen=True)
class Accuracy:
    """Forecast against actual over the intervals both have: MAPE over intervals with calls, and bias
    (Σ forecast − Σ actual) / Σ actual — positive means over-forecast."""

    intervals: int
    mape: float
    bias: float
    forecast_total: float
    actual_total: float

    def as_dict(self) -> dict:
        return {"intervals": self.intervals, "mape": round(self.mape, 4), "bias": round(self.bias, 4),
                "forecast_total": round(self.forecast_total, 1), "actual_total": round(self.actual_total, 1)}


def accuracy(forecast_starts: np.ndarray, forecast_calls: np.ndarray, actual: History) -> Accuracy:
    """Compare a forecast (epoch-second starts) with actual intervals of the same length."""
    common, f_index, a_index = np.intersect1d(forecast_starts, actual.starts, return_indices=True)
    f = np.asarray(forecast_calls, dtype=float)[f_index]
    a = actual.calls[a_index]
    with_calls = a > 0
    mape = float(np.mean(np.abs(f[with_calls] - a[with_calls]) / a[with_calls])) if with_calls.any() else float("nan")
    total_a, total_f = float(a.sum()), float(f.sum())
    bias = (total_f - total_a) / total_a if total_a > 0 else float("nan")
    return Accuracy(len(common), mape, bias, total_f, total_a)


def epoch_seconds(starts: list[dt.datetime]) -> np.ndarray:
    return np.array([int(s.timestamp()) for s in starts], dtype=np.int64)


@dataclass(frozen=True)
class WeekAccuracy:
    first_day: dt.date
    model: Accuracy
    naive: Accuracy
    daily: tuple[tuple[dt.date, float, float], ...] = ()  # (day, model forecast, actual) over common intervals


def backtest(history: History, *, interval_minutes: int, weeks: int = 4, settings: Settings | None = None
             ) -> list[WeekAccuracy]:
    """Forecast each of the last `weeks` whole weeks from the history before it and score it against what
    happened (and score the seasonal-naive baseline alike). Oldest week first; weeks without enough
    history before them are left out."""
    agg = aggregate(history, interval_minutes)
    if not len(agg):
        return []
    results = []
    last = agg.last_day
    for back in range(weeks, 0, -1):
        first = last - dt.timedelta(days=7 * back - 1)
        train = agg.before(first)
        if len(train) == 0 or (train.last_day - train.first_day).days + 1 < 2 * MIN_DAYS:
            continue
        try:
            model = forecast_calls(train, interval_minutes=interval_minutes, horizon_days=7, first_day=first,
                                   settings=settings)
        except HistoryError:
            continue
        naive = seasonal_naive(train, interval_minutes=interval_minutes, horizon_days=7, first_day=first)
        actual = _between(agg, first, first + dt.timedelta(days=7))
        model_starts = epoch_seconds(model.starts)
        results.append(WeekAccuracy(first, accuracy(model_starts, model.calls, actual),
                                    accuracy(epoch_seconds(naive.starts), naive.calls, actual),
                                    _daily_pairs(model_starts, model.calls, actual)))
    return results


def _daily_pairs(starts: np.ndarray, calls: np.ndarray, actual: History) -> tuple[tuple[dt.date, float, float], ...]:
    _, f_index, a_index = np.intersect1d(starts, actual.starts, return_indices=True)
    totals: dict[dt.date, list[float]] = {}
    for fi, ai in zip(f_index, a_index, strict=True):
        day = actual.local(int(ai)).date()
        pair = totals.setdefault(day, [0.0, 0.0])
        pair[0] += float(calls[fi])
        pair[1] += float(actual.calls[ai])
    return tuple((day, round(v[0], 1), round(v[1], 1)) for day, v in sorted(totals.items()))


def _between(history: History, first: dt.date, end: dt.date) -> History:
    lo = dt.datetime.combine(first, dt.time(0)).replace(tzinfo=history.tz).timestamp()
    hi = dt.datetime.combine(end, dt.time(0)).replace(tzinfo=history.tz).timestamp()
    keep = (history.starts >= lo) & (history.starts < hi)
    return History(history.starts[keep], history.calls[keep], history.tz, history.interval_minutes)
