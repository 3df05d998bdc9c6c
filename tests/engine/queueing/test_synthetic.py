"""The demo's synthetic NHS 111 history has the shape a 111 roster analyst would recognise."""

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from muster_engine.queueing.synthetic import history_csv, nhs111_history

LONDON = ZoneInfo("Europe/London")


def daily_totals(rows) -> dict[dt.date, int]:
    totals: dict[dt.date, int] = defaultdict(int)
    for row in rows:
        totals[row.start.astimezone(LONDON).date()] += row.calls
    return totals


def test_the_same_seed_gives_the_same_history_and_another_seed_another():
    first = dt.date(2025, 4, 7)
    assert nhs111_history(first, 14, seed=1) == nhs111_history(first, 14, seed=1)
    assert nhs111_history(first, 14, seed=1) != nhs111_history(first, 14, seed=2)


def test_eight_weeks_of_half_hours_with_weekend_and_bank_holiday_peaks():
    # given: 8 weeks from Monday 7 April 2025 (Good Friday 18 Apr, Easter Monday 21 Apr, 5 May, 26 May)
    rows = nhs111_history(dt.date(2025, 4, 7), 56)
    totals = daily_totals(rows)

    # then
    assert len(rows) == 56 * 48 and len(totals) == 56
    tuesdays = [v for d, v in totals.items() if d.weekday() == 1]
    saturdays = [v for d, v in totals.items() if d.weekday() == 5]
    mondays = [v for d, v in totals.items() if d.weekday() == 0 and d not in
               (dt.date(2025, 4, 21), dt.date(2025, 5, 5), dt.date(2025, 5, 26))]
    assert min(saturdays) > 1.5 * max(tuesdays)
    assert sum(mondays) / len(mondays) > 1.1 * sum(tuesdays) / len(tuesdays)
    for holiday in (dt.date(2025, 4, 18), dt.date(2025, 4, 21), dt.date(2025, 5, 5), dt.date(2025, 5, 26)):
        assert totals[holiday] > 1.6 * max(tuesdays)
    assert all(r.answered + r.abandoned == r.calls and r.aht_seconds > 0 for r in rows)


def test_weekday_evenings_are_busier_than_the_small_hours():
    rows = nhs111_history(dt.date(2025, 4, 8), 1)  # a Tuesday
    by_hour: dict[int, int] = defaultdict(int)
    for row in rows:
        by_hour[row.start.astimezone(LONDON).hour] += row.calls
    assert by_hour[19] > 3 * by_hour[4]
    assert by_hour[9] > 2 * by_hour[4]


def test_the_clock_change_days_have_46_and_50_half_hours():
    spring = nhs111_history(dt.date(2025, 3, 30), 1)
    autumn = nhs111_history(dt.date(2025, 10, 26), 1)
    assert (len(spring), len(autumn)) == (46, 50)


def test_csv_has_the_columns_the_import_and_forecast_read():
    text = history_csv(nhs111_history(dt.date(2025, 4, 7), 1))
    assert text.splitlines()[0] == "interval_start,calls,answered,abandoned,aht_seconds"
    assert text.splitlines()[1].startswith("2025-04-07T00:00:00+01:00,")
