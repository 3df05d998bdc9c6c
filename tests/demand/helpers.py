"""Building demand test data: synthetic 111 calls straight into a queue, or as the CSV an import reads."""

import datetime as dt
from decimal import Decimal

from demand.models import DemandInterval, Queue
from muster_engine.queueing.synthetic import history_csv, nhs111_history

FIRST_DAY = dt.date(2025, 6, 2)  # a Monday, no clock change or bank holiday for a month


def add_history(queue: Queue, first_day: dt.date = FIRST_DAY, days: int = 21, *, seed: int = 5,
                midweek_calls: float = 400.0) -> int:
    rows = nhs111_history(first_day, days, seed=seed, midweek_calls=midweek_calls,
                          interval_minutes=queue.interval_minutes)
    DemandInterval.objects.bulk_create([
        DemandInterval(queue=queue, start=r.start, minutes=r.minutes, calls_offered=r.calls,
                       calls_answered=r.answered, calls_abandoned=r.abandoned, aht_seconds=Decimal(str(r.aht_seconds)))
        for r in rows])
    return len(rows)


def history_file(first_day: dt.date = FIRST_DAY, days: int = 3, *, interval_minutes: int = 30) -> str:
    return history_csv(nhs111_history(first_day, days, seed=9, midweek_calls=400.0, interval_minutes=interval_minutes))
