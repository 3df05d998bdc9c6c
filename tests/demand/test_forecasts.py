"""Forecasts from stored history, the planner's adjustments, requirement per interval and the roster comparison."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from common.calendar import LONDON
from common.errors import ConflictError, DomainError
from common.models import AuditEvent
from demand import planning
from demand.actions import do_adjust_forecast_day, do_make_forecast, do_update_queue
from demand.models import DemandInterval, Forecast, ForecastAdjustment, Queue

from .helpers import add_history


def test_a_forecast_starts_the_day_after_the_history_and_keeps_a_backtest(org, queue_with_history):
    # when
    forecast = do_make_forecast(queue_with_history, horizon_days=7, acting_user=org.pat)

    # then: three weeks of history (2-22 June 2025) give the week from 23 June, with the last week scored
    assert (forecast.first_day, forecast.last_day) == (dt.date(2025, 6, 23), dt.date(2025, 6, 29))
    assert forecast.intervals.count() == 7 * 48
    assert forecast.made_by == org.pat and forecast.method == "daily-total-x-profile"
    weeks = forecast.accuracy["weeks"]
    assert [w["first_day"] for w in weeks] == ["2025-06-16"]
    assert 0 < weeks[0]["model"]["mape"] < 1 and len(weeks[0]["daily"]) == 7
    saturday = sum(i.calls for i in forecast.intervals.all() if i.start.astimezone(LONDON).weekday() == 5)
    tuesday = sum(i.calls for i in forecast.intervals.all() if i.start.astimezone(LONDON).weekday() == 1)
    assert saturday > 1.5 * tuesday
    event = AuditEvent.objects.get(action="demand.forecast.make")
    assert event.unit_id == org.northtown.pk and event.after["intervals"] == 336


def test_too_little_history_is_explained(org, queue):
    # given: four days
    add_history(queue, days=4)

    # when
    with pytest.raises(DomainError) as raised:
        do_make_forecast(queue, horizon_days=7, acting_user=org.pat)

    # then
    assert "at least 7 full days" in raised.value.message
    assert not Forecast.objects.exists()


def test_the_horizon_is_one_to_twelve_weeks(org, queue_with_history):
    with pytest.raises(DomainError) as raised:
        do_make_forecast(queue_with_history, horizon_days=85, acting_user=org.pat)
    assert raised.value.errors[0].field == "horizon_days"


def test_a_manager_reads_but_cannot_forecast(org, queue_with_history):
    with pytest.raises(PermissionDenied):
        do_make_forecast(queue_with_history, horizon_days=7, acting_user=org.mo)


@pytest.fixture
def forecast(org, queue_with_history) -> Forecast:
    return do_make_forecast(queue_with_history, horizon_days=7, acting_user=org.pat)


def test_adjusting_a_day_scales_its_intervals_and_records_who_and_why(org, forecast):
    # given
    saturday = dt.date(2025, 6, 28)
    before = sum(c for s, c, a in planning.adjusted_intervals(forecast, day=saturday))

    # when
    adjustment = do_adjust_forecast_day(forecast, day=saturday, percent="10", reason="Cup final", acting_user=org.pat)

    # then
    rows = planning.adjusted_intervals(forecast, day=saturday)
    assert len(rows) == 48
    assert sum(a for s, c, a in rows) == pytest.approx(before * 1.1)
    assert sum(a for s, c, a in planning.adjusted_intervals(forecast, day=dt.date(2025, 6, 27))) == pytest.approx(
        sum(c for s, c, a in planning.adjusted_intervals(forecast, day=dt.date(2025, 6, 27))))
    assert (adjustment.percent, adjustment.reason, adjustment.made_by) == (Decimal("10.00"), "Cup final", org.pat)
    event = AuditEvent.objects.get(action="demand.forecast.adjust")
    assert event.reason == "Cup final" and event.after["percent"] == "10.00"


def test_a_second_adjustment_replaces_the_first_and_zero_removes_it(org, forecast):
    # given
    day = forecast.first_day
    do_adjust_forecast_day(forecast, day=day, percent=10, reason="event", acting_user=org.pat)

    # when
    do_adjust_forecast_day(forecast, day=day, percent=-5, reason="event cancelled", acting_user=org.pat)
    second = ForecastAdjustment.objects.get(forecast=forecast, day=day)
    removed = do_adjust_forecast_day(forecast, day=day, percent=0, reason="back to normal", acting_user=org.pat)

    # then
    assert second.percent == Decimal("-5.00")
    assert removed is None and not ForecastAdjustment.objects.exists()
    assert AuditEvent.objects.filter(action="demand.forecast.adjust").count() == 3


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"day": dt.date(2025, 7, 30), "percent": 5, "reason": "x"}, "day"),
    ({"day": dt.date(2025, 6, 24), "percent": "lots", "reason": "x"}, "percent"),
    ({"day": dt.date(2025, 6, 24), "percent": 900, "reason": "x"}, "percent"),
    ({"day": dt.date(2025, 6, 24), "percent": 5, "reason": "  "}, "reason"),
])
def test_bad_adjustments_name_the_field(org, forecast, kwargs, field):
    with pytest.raises(DomainError) as raised:
        do_adjust_forecast_day(forecast, acting_user=org.pat, **kwargs)
    assert raised.value.errors[0].field == field


def test_the_requirement_is_erlang_c_on_the_adjusted_calls_with_the_historys_handle_times(org, forecast):
    # given: every interval's AHT in the last four weeks of history is 540 s
    DemandInterval.objects.update(aht_seconds=Decimal("540"))
    day = forecast.first_day
    do_adjust_forecast_day(forecast, day=day, percent=20, reason="heatwave", acting_user=org.pat)

    # when
    reqs = planning.requirement(forecast, day=day)

    # then: each interval is what `muster staffing` says for its calls (80/20, occupancy 85 %, shrinkage 30 %)
    from muster_engine.queueing.erlang import Target, required_agents

    assert len(reqs) == 48
    for req in reqs[::6]:
        expected = required_agents(req.calls, 540, 1800, Target(0.8, 20, max_occupancy=0.85, shrinkage=0.3))
        assert req.calls == pytest.approx(req.forecast_calls * 1.2)
        assert (req.agents, req.scheduled, req.aht_seconds) == (expected.agents, expected.scheduled, 540)
    assert max(r.scheduled for r in reqs) > max(r.agents for r in reqs)


def test_roster_comparison_gives_gap_service_level_and_severe_intervals(org, forecast):
    # given: the day's requirement, and a roster of 10 people all day
    day = forecast.first_day
    reqs = planning.requirement(forecast, day=day)
    rostered = {r.start: 10 for r in reqs}

    # when
    rows = planning.compare_with_roster(forecast, rostered, day=day)

    # then: 10 people less 10 % unplanned absence give 9 agents
    assert len(rows) == 48
    for row, req in zip(rows, reqs, strict=True):
        assert row.required_agents == req.agents and row.available_agents == 9
        assert row.gap == 10 - row.required_on_duty
        assert row.severe == (9 < 0.8 * req.agents)
    busiest = max(rows, key=lambda r: r.required_agents)
    quietest = min(rows, key=lambda r: r.required_agents)
    assert busiest.service_level < 0.8 <= quietest.service_level


def test_updating_targets_is_versioned_and_audited(org, queue):
    # when
    updated = do_update_queue(queue, version=1, service_level="0.95", answer_within_seconds=60, acting_user=org.pat)

    # then
    assert (updated.service_level, updated.answer_within_seconds, updated.version) == (Decimal("0.950"), 60, 2)
    assert AuditEvent.objects.get(action="demand.queue.update").before["service_level"] == "0.800"
    with pytest.raises(ConflictError):
        do_update_queue(queue, version=1, name="Stale", acting_user=org.pat)


@pytest.mark.parametrize(("changes", "field"), [
    ({"service_level": "1.5"}, "service_level"), ({"shrinkage_planned": "0.6", "shrinkage_unplanned": "0.5"},
                                                  "shrinkage_unplanned"),
    ({"max_abandon_rate": "0.05"}, "max_abandon_rate"), ({"interval_minutes": 20}, "interval_minutes"),
    ({"name": ""}, "name"), ({"aht_seconds": 0}, "aht_seconds"),
])
def test_impossible_targets_are_refused_naming_the_field(org, queue, changes, field):
    with pytest.raises(DomainError) as raised:
        do_update_queue(queue, acting_user=org.pat, **changes)
    assert raised.value.errors[0].field == field
    assert Queue.objects.get(pk=queue.pk).version == 1
