"""Forecasting calls: known seasonality is recovered; closed periods stay closed; finer rows are added up."""

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from muster_engine.queueing import forecast as fc
from muster_engine.queueing.history import History, HistoryError, aggregate, from_rows, read_csv
from muster_engine.queueing.synthetic import day_intervals, nhs111_history

LONDON = ZoneInfo("Europe/London")
WEEKLY = (1.2, 1.0, 1.0, 1.0, 1.1, 1.9, 1.7)


def profile(minute: int) -> float:
    """A two-peak day: quiet nights, a morning and a bigger evening peak."""
    hour = minute / 60
    return 0.3 + np.exp(-((hour - 9) ** 2) / 4) + 1.5 * np.exp(-((hour - 19) ** 2) / 3)


def known_series(first: dt.date, days: int, *, minutes: int = 30, level: float = 1000.0,
                 open_from: int = 0, open_to: int = 1440, closed_weekdays: tuple[int, ...] = (),
                 bank_factor: float | None = None) -> History:
    standard = sum(profile(m) for m in range(0, 1440, minutes) if open_from <= m < open_to)
    holidays = fc.bank_holidays("england-and-wales", first, first + dt.timedelta(days=days))
    starts, calls = [], []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        if day.weekday() in closed_weekdays:
            continue
        factor = WEEKLY[day.weekday()]
        if bank_factor and day in holidays:
            factor = bank_factor
        for start in day_intervals(day, minutes):
            local = start.astimezone(LONDON)
            minute = local.hour * 60 + local.minute
            if open_from <= minute < open_to:
                starts.append(start)
                calls.append(level * factor * profile(minute) / standard)
    return from_rows(starts, calls)


def forecast_by_local(forecast: fc.CallForecast) -> dict[tuple[dt.date, int], float]:
    return {(s.date(), s.hour * 60 + s.minute): float(v) for s, v in zip(forecast.starts, forecast.calls, strict=True)}


def test_a_series_with_known_weekly_and_daily_shape_is_forecast_back_exactly():
    # given: six weeks following a known weekly and intraday shape, no noise, no trend, no bank holidays
    history = known_series(dt.date(2025, 1, 6), 42)

    # when
    forecast = fc.forecast_calls(history, interval_minutes=30, horizon_days=14,
                                 settings=fc.Settings(smoothing=0.0))

    # then: every interval of the next two weeks is the known value
    assert forecast.first_day == dt.date(2025, 2, 17)
    assert len(forecast.calls) == 14 * 48
    values = forecast_by_local(forecast)
    standard = sum(profile(m) for m in range(0, 1440, 30))
    for (day, minute), value in values.items():
        assert value == pytest.approx(1000 * WEEKLY[day.weekday()] * profile(minute) / standard, rel=1e-6)
    assert forecast.parameters["day_factors"]["Sat"] == pytest.approx(1.9, abs=0.001)
    assert forecast.parameters["trend_per_week"] == pytest.approx(0.0, abs=1e-6)


def test_a_trend_is_followed_but_damped():
    # given: 2 % growth a week
    base = known_series(dt.date(2025, 1, 6), 56)
    days = np.array([(dt.datetime.fromtimestamp(int(s), dt.UTC).date() - dt.date(2025, 1, 6)).days
                     for s in base.starts])
    grown = History(base.starts, base.calls * 1.02 ** (days / 7), base.tz, 30)

    # when
    forecast = fc.forecast_calls(grown, interval_minutes=30, horizon_days=84)
    daily = forecast.daily_totals()

    # then: the trend is recovered, next Tuesday is about 2 % above the last, and twelve weeks out it has grown
    # less than an undamped trend would say
    assert forecast.parameters["trend_per_week"] == pytest.approx(0.02, abs=0.002)
    last_tuesday = 1000 * 1.02 ** (50 / 7)
    assert daily[dt.date(2025, 3, 4)] == pytest.approx(last_tuesday * 1.02, rel=0.01)
    assert daily[dt.date(2025, 5, 20)] < last_tuesday * 1.02 ** 11
    assert daily[dt.date(2025, 5, 20)] > last_tuesday * 1.05


def test_closed_nights_and_sundays_are_not_forecast_and_not_learnt_as_zeros():
    # given: a centre open 08:00-20:00, closed on Sundays
    history = known_series(dt.date(2025, 1, 6), 28, open_from=8 * 60, open_to=20 * 60, closed_weekdays=(6,))

    # when
    forecast = fc.forecast_calls(history, interval_minutes=30, horizon_days=7)

    # then: six days of 24 half-hours each, all within opening hours, with the known values
    days = {s.date() for s in forecast.starts}
    assert len(days) == 6 and all(d.weekday() != 6 for d in days)
    assert len(forecast.calls) == 6 * 24
    assert all(8 * 60 <= s.hour * 60 + s.minute < 20 * 60 for s in forecast.starts)
    assert forecast.calls.sum() == pytest.approx(1000 * sum(WEEKLY[:6]), rel=0.01)


def test_finer_intervals_are_added_up():
    # given: 15-minute history
    fine = known_series(dt.date(2025, 1, 6), 21, minutes=15)

    # when
    half_hours = aggregate(fine, 30)
    forecast = fc.forecast_calls(fine, interval_minutes=30, horizon_days=1)

    # then
    assert fine.interval_minutes == 15 and half_hours.interval_minutes == 30
    assert len(half_hours) == len(fine) // 2
    assert half_hours.calls.sum() == pytest.approx(fine.calls.sum())
    assert half_hours.calls[0] == pytest.approx(fine.calls[0] + fine.calls[1])
    assert len(forecast.calls) == 48


def test_coarser_history_cannot_be_split():
    # given
    hourly = known_series(dt.date(2025, 1, 6), 14, minutes=60)

    # when
    with pytest.raises(HistoryError) as raised:
        fc.forecast_calls(hourly, interval_minutes=30, horizon_days=7)

    # then
    assert "60-minute" in str(raised.value)


def test_bank_holidays_in_the_history_set_the_effect_for_one_in_the_forecast():
    # given: weekday volumes with bank holidays at 2.2 x a Tuesday (Easter and early May 2025 in the history)
    history = known_series(dt.date(2025, 3, 31), 49, bank_factor=2.2)

    # when: the forecast covers the late-May bank holiday (Monday 26 May 2025)
    forecast = fc.forecast_calls(history, interval_minutes=30, horizon_days=14)
    daily = forecast.daily_totals()

    # then
    assert forecast.parameters["bank_holidays_in_history"] == 3
    assert daily[dt.date(2025, 5, 26)] == pytest.approx(2200, rel=0.02)
    assert daily[dt.date(2025, 5, 27)] == pytest.approx(1000, rel=0.02)


def test_without_bank_holidays_in_the_history_one_is_taken_as_a_sunday():
    # given: history in February and March only
    history = known_series(dt.date(2025, 2, 3), 42)

    # when: Good Friday and Easter Monday 2025 are in the horizon
    forecast = fc.forecast_calls(history, interval_minutes=30, horizon_days=42)
    daily = forecast.daily_totals()

    # then
    assert daily[dt.date(2025, 4, 18)] == pytest.approx(1700, rel=0.03)
    assert daily[dt.date(2025, 4, 21)] == pytest.approx(1700, rel=0.03)


def test_the_clock_changes_give_23_and_25_hour_days():
    # given
    history = known_series(dt.date(2025, 2, 17), 35)

    # when: the forecast spans 30 March (spring forward) and later 26 October (fall back)
    spring = fc.forecast_calls(history, interval_minutes=30, horizon_days=14)
    autumn_history = known_series(dt.date(2025, 9, 1), 49)
    autumn = fc.forecast_calls(autumn_history, interval_minutes=30, horizon_days=8)

    # then
    per_day = lambda f: {d: sum(1 for s in f.starts if s.date() == d) for d in {s.date() for s in f.starts}}  # noqa: E731
    assert per_day(spring)[dt.date(2025, 3, 30)] == 46
    assert per_day(autumn)[dt.date(2025, 10, 26)] == 50
    assert per_day(autumn)[dt.date(2025, 10, 27)] == 48


def test_too_little_history_is_refused_with_a_reason():
    # given
    history = known_series(dt.date(2025, 1, 6), 5)

    # when
    with pytest.raises(HistoryError) as raised:
        fc.forecast_calls(history, interval_minutes=30, horizon_days=7)

    # then
    assert "at least 7 full days" in str(raised.value)


def test_the_model_beats_seasonal_naive_on_the_demo_history_by_a_fifth():
    # given: eight weeks of the demo's synthetic 111 calls; the last two held back
    rows = nhs111_history(dt.date(2025, 4, 7), 56, seed=111)
    history = from_rows([r.start for r in rows], [r.calls for r in rows])
    held_back = dt.date(2025, 5, 19)
    train = history.before(held_back)
    actual = History(history.starts[len(train):], history.calls[len(train):], history.tz, 30)

    # when
    model = fc.forecast_calls(train, interval_minutes=30, horizon_days=14)
    naive = fc.seasonal_naive(train, interval_minutes=30, horizon_days=14)
    model_error = fc.accuracy(fc.epoch_seconds(model.starts), model.calls, actual)
    naive_error = fc.accuracy(fc.epoch_seconds(naive.starts), naive.calls, actual)

    # then
    assert model_error.intervals == naive_error.intervals == 14 * 48
    assert model_error.mape <= 0.8 * naive_error.mape
    assert abs(model_error.bias) < 0.03


def test_backtest_scores_each_past_week_against_what_happened():
    # given
    rows = nhs111_history(dt.date(2025, 4, 7), 56, seed=3)
    history = from_rows([r.start for r in rows], [r.calls for r in rows])

    # when
    weeks = fc.backtest(history, interval_minutes=30, weeks=4)

    # then
    assert [w.first_day for w in weeks] == [dt.date(2025, 5, 5), dt.date(2025, 5, 12), dt.date(2025, 5, 19),
                                            dt.date(2025, 5, 26)]
    assert all(w.model.intervals == 7 * 48 for w in weeks)
    assert all(0 < w.model.mape < w.naive.mape for w in weeks)


def test_history_csv_reads_local_times_offsets_and_the_repeated_autumn_hour():
    # given: naive local times across the October clock change (01:00 and 01:30 happen twice)
    lines = ["interval_start,calls"]
    lines += [f"2025-10-26T00:{m:02d},{n}" for m, n in ((0, 1), (30, 2))]
    lines += ["2025-10-26T01:00,3", "2025-10-26T01:30,4", "2025-10-26T01:00,5", "2025-10-26T01:30,6",
              "2025-10-26 02:00:00+00:00,7"]

    # when
    history = read_csv("\n".join(lines))

    # then: seven distinct half-hours, in order, the second 01:00 an hour after the first
    assert len(history) == 7
    assert list(np.diff(history.starts)) == [1800] * 6
    assert list(history.calls) == [1, 2, 3, 4, 5, 6, 7]
    assert history.interval_minutes == 30


def test_history_csv_errors_name_row_column_and_value():
    # given
    text = "interval_start,calls\n2025-03-30T01:30,4\nyesterday,3\n2025-03-31T09:00,-2\n2025-03-31T10:00,1\n" \
           "2025-03-31T10:00,2\n"

    # when
    with pytest.raises(HistoryError) as raised:
        read_csv(text)

    # then
    problems = {(e.row, e.column, e.value) for e in raised.value.errors}
    assert problems == {(1, "interval_start", "2025-03-30T01:30"), (2, "interval_start", "yesterday"),
                        (3, "calls", "-2")}
    assert "clocks go forward" in str(raised.value.errors[0])


def test_history_csv_duplicates_are_refused_with_both_rows():
    # when
    with pytest.raises(HistoryError) as raised:
        read_csv("interval_start,calls\n2025-03-31T10:00,1\n2025-03-31T10:00:00+01:00,2\n")

    # then
    error = raised.value.errors[0]
    assert (error.row, error.column) == (2, "interval_start") and "row 1" in error.message


def test_a_file_in_another_fixed_offset_keeps_its_own_days():
    # given: a centre at UTC+2 all year, open 08:00-18:00 local
    lines = ["interval_start,calls"]
    for day in range(14):
        for hour in range(8, 18):
            lines.append(f"{(dt.date(2025, 6, 2) + dt.timedelta(days=day)).isoformat()}T{hour:02d}:00:00+02:00,10")

    # when
    history = read_csv("\n".join(lines))
    forecast = fc.forecast_calls(history, interval_minutes=60, horizon_days=1)

    # then
    assert history.tz == dt.timezone(dt.timedelta(hours=2))
    assert [s.hour for s in forecast.starts] == list(range(8, 18))
    assert forecast.starts[0].isoformat() == "2025-06-16T08:00:00+02:00"
    assert forecast.calls == pytest.approx([10.0] * 10)
