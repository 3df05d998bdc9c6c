"""The demo NHS 111 centre's call history: two queues, eight weeks of half-hourly calls, a forecast.

Called by the demo generator inside its own transaction (so nothing here opens a durable one and nothing is
audited row by row: the demo writes one summary audit record). The history comes from
muster_engine.queueing.synthetic with the demo's seed, so it is the same series benchmarks/forecast.py scores
(there over a fixed eight weeks; here the eight weeks up to yesterday)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from muster_engine.queueing.synthetic import DEMO_SEED, nhs111_history
from org.models import Unit
from people.models import Skill

from . import planning
from .actions import store_forecast
from .models import DemandInterval, Queue

# (name, skill code, midweek calls, mean AHT s, settings). Health advisors answer 111 (CC-5: 95 % in 60 s);
# clinical advisors take the calls passed to a nurse or paramedic, longer and fewer, with callers who wait
# longer before giving up (Erlang A).
DEMO_QUEUES = [
    ("Health advisors", "nhs-pathways", 1800.0, 560.0,
     {"service_level": Decimal("0.950"), "answer_within_seconds": 60, "aht_seconds": 560,
      "max_occupancy": Decimal("0.850"), "shrinkage_planned": Decimal("0.200"),
      "shrinkage_unplanned": Decimal("0.080")}),
    ("Clinical advisors", "nhs-pathways", 330.0, 1080.0,
     {"service_level": Decimal("0.900"), "answer_within_seconds": 600, "aht_seconds": 1080,
      "max_occupancy": Decimal("0.850"), "shrinkage_planned": Decimal("0.220"),
      "shrinkage_unplanned": Decimal("0.080"), "patience_seconds": 1800, "max_abandon_rate": Decimal("0.050")}),
]


def load_demo_history(unit: Unit, *, today: dt.date, weeks: int = 8, seed: int = DEMO_SEED,
                      forecast_days: int = 28, skills: Mapping[str, Skill] | None = None) -> int:
    """Create the demo queues at `unit` (the 111 centre) with `weeks` weeks of half-hourly history ending the day
    before `today`, and a forecast of the `forecast_days` days from `today`. Returns the rows written
    (history and forecast intervals). Running it again replaces the history of those weeks."""
    last_day = today - dt.timedelta(days=1)
    first_day = last_day - dt.timedelta(days=7 * weeks - 1)
    written = 0
    with transaction.atomic():
        for offset, (name, skill_code, midweek, aht, settings) in enumerate(DEMO_QUEUES):
            skill = (skills or {}).get(skill_code) or Skill.objects.filter(code=skill_code).first()
            queue, _ = Queue.objects.update_or_create(unit=unit, name=name,
                                                      defaults={"skill": skill, "interval_minutes": 30, **settings})
            rows = nhs111_history(first_day, 7 * weeks, seed=seed + offset, midweek_calls=midweek,
                                  mean_aht_seconds=aht)
            DemandInterval.objects.filter(queue=queue, start__gte=rows[0].start, start__lte=rows[-1].start).delete()
            DemandInterval.objects.bulk_create([
                DemandInterval(queue=queue, start=r.start, minutes=r.minutes, calls_offered=r.calls,
                               calls_answered=r.answered, calls_abandoned=r.abandoned,
                               aht_seconds=Decimal(str(r.aht_seconds))) for r in rows], batch_size=2000)
            written += len(rows)
            if forecast_days:
                made = planning.make_forecast(queue, horizon_days=forecast_days, first_day=today)
                store_forecast(queue, made, horizon_days=forecast_days, note="demo")
                written += len(made.result.calls)
    return written
