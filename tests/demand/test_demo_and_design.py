"""The demo hook, shrinkage seen in abstractions, and shift design run for a forecast."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from common.errors import DomainError
from common.models import AuditEvent
from demand.actions import do_design_shifts, do_make_forecast
from demand.demo import load_demo_history
from demand.models import DemandInterval, Forecast, Queue, ShiftDesign


def test_the_demo_gives_the_111_centre_two_queues_with_eight_weeks_and_a_forecast(org):
    # when
    written = load_demo_history(org.northtown, today=dt.date(2025, 6, 30), forecast_days=7)

    # then
    queues = {q.name: q for q in Queue.objects.filter(unit=org.northtown)}
    assert set(queues) == {"Health advisors", "Clinical advisors"}
    advisors = queues["Health advisors"]
    assert advisors.service_level == Decimal("0.950") and advisors.answer_within_seconds == 60
    assert queues["Clinical advisors"].patience_seconds == 1800
    assert DemandInterval.objects.filter(queue=advisors).count() == 56 * 48
    last = DemandInterval.objects.filter(queue=advisors).latest("start").start
    assert last == dt.datetime(2025, 6, 29, 22, 30, tzinfo=dt.UTC)  # 23:30 BST on the day before `today`
    forecast = Forecast.objects.get(queue=advisors)
    assert forecast.first_day == dt.date(2025, 6, 30) and forecast.intervals.count() == 7 * 48
    assert len(forecast.accuracy["weeks"]) == 4
    assert written == 2 * (56 * 48 + 7 * 48)


def test_loading_the_demo_again_replaces_its_weeks(org):
    # given
    load_demo_history(org.northtown, today=dt.date(2025, 6, 30), forecast_days=0)

    # when
    load_demo_history(org.northtown, today=dt.date(2025, 6, 30), forecast_days=0)

    # then
    assert Queue.objects.count() == 2
    assert DemandInterval.objects.count() == 2 * 56 * 48


@pytest.fixture
def forecast(org, queue_with_history) -> Forecast:
    return do_make_forecast(queue_with_history, horizon_days=7, acting_user=org.pat)


def test_a_planner_designs_a_days_shifts_that_cover_the_requirement(org, forecast):
    # when: one day, 8 and 10 hour shifts on the hour
    design = do_design_shifts(forecast, acting_user=org.pat, days=1, shift_hours=[8, 10], break_minutes=30,
                              time_limit_s=5)

    # then
    assert design.status in {"optimal", "feasible"}
    result = design.result
    assert len(result["requirement"]) == 48 and len(result["coverage"]) == 48
    assert all(c >= r for r, c in zip(result["requirement"], result["coverage"], strict=True))
    assert design.shortfall_agent_hours == 0
    required_hours = sum(result["requirement"]) / 2
    assert required_hours <= float(design.paid_hours) < 1.5 * required_hours
    assert {s["length_minutes"] for s in result["starts"]} <= {480, 600}
    assert sum(s["paid_minutes"] * s["count"] for s in result["starts"]) / 60 == float(design.paid_hours)
    assert AuditEvent.objects.get(action="demand.shifts.design").unit_id == org.northtown.pk


@pytest.mark.parametrize(("options", "field"), [
    ({"days": 30}, "days"), ({"first_day": "2025-08-01"}, "first_day"), ({"shift_hours": [7.75]}, "shift_hours"),
    ({"start_times": ["07:15"]}, "start_times"), ({"time_limit_s": 600}, "time_limit_s"),
])
def test_shift_design_options_are_checked(org, forecast, options, field):
    with pytest.raises(DomainError) as raised:
        do_design_shifts(forecast, acting_user=org.pat, **options)
    assert raised.value.errors[0].field == field
    assert not ShiftDesign.objects.exists()


def test_a_manager_cannot_run_a_shift_design(org, forecast):
    with pytest.raises(PermissionDenied):
        do_design_shifts(forecast, acting_user=org.mo, days=1)


def test_a_design_limited_to_a_few_shift_types_uses_no_more(org, forecast):
    # when
    design = do_design_shifts(forecast, acting_user=org.pat, days=7, max_shift_types=4, time_limit_s=6)

    # then
    types = {(s["start"], s["length_minutes"]) for s in design.result["starts"]}
    assert 1 <= len(types) <= 4
    assert design.parameters["max_shift_types"] == 4
    assert "shift types" in design.result["notes"][-1]
    assert design.shortfall_agent_hours == 0
