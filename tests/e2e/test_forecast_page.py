"""A roster analyst forecasts a 111 queue in the browser, reads the interval chart and adjusts a day."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from demand.models import Forecast, ForecastAdjustment, Queue
from tests.demand.helpers import add_history
from tests.e2e.signing_in import sign_in
from tests.factories import Org

pytestmark = [pytest.mark.browser]


def number(text: str) -> float:
    return float(text.replace(",", "").strip())


def test_planner_forecasts_sees_the_interval_chart_and_adjusts_a_day(browser_page, transactional_db, artifacts_dir):
    # given: Northtown's health advisors queue with three weeks of half-hourly calls (2-22 June 2025)
    org = Org()
    queue = Queue.objects.create(unit=org.northtown, name="Health advisors", service_level=Decimal("0.9"),
                                 answer_within_seconds=30, aht_seconds=540)
    add_history(queue)
    page = browser_page.page

    # when: pat opens the queue from the demand list and forecasts a week
    sign_in(page, "pat")
    page.goto("/demand/")
    page.get_by_role("link", name="Health advisors").click()
    expect(page.locator("#kpi-intervals")).to_have_text("1008")
    page.get_by_label("Days to forecast (1–84)").fill("7")
    page.get_by_role("button", name="Make forecast").click()

    # then: the forecast page opens on its first day with the calls and staff charts drawn on the server
    forecast = Forecast.objects.get()
    expect(page).to_have_url(re.compile(rf"/demand/forecasts/{forecast.pk}/$"))
    expect(page.get_by_role("heading", name="Monday 23 June 2025 per interval")).to_be_visible()
    chart = page.locator("#interval-chart svg")
    expect(chart).to_be_visible()
    expect(chart.locator("polyline")).to_have_count(2)  # agents required, scheduled with shrinkage
    expect(page.locator("#interval-chart figcaption")).to_contain_text("Scheduled (with shrinkage)")
    expect(page.locator("#days tbody tr")).to_have_count(7)
    expect(page.locator("#backtest tbody tr")).to_have_count(1)

    # when: he picks Saturday and raises it by 10 % for an event
    page.get_by_role("link", name="Sat 28 Jun").click()
    expect(page.get_by_role("heading", name="Saturday 28 June 2025 per interval")).to_be_visible()
    saturday = page.locator('#days tr[data-day="2025-06-28"]')
    before = number(saturday.locator('[data-col="adjusted"]').inner_text())
    saturday.get_by_label("Change (%)").fill("10")
    saturday.get_by_label("Reason").fill("County show")
    saturday.get_by_role("button", name="Apply").click()

    # then: the day carries the adjustment, its calls rise by a tenth and the calls chart shows both curves
    expect(page.locator(".messages")).to_contain_text("adjusted by +10%")
    saturday = page.locator('#days tr[data-day="2025-06-28"]')
    expect(saturday.locator('[data-col="adjustment"]')).to_have_text("+10 %")
    after = number(saturday.locator('[data-col="adjusted"]').inner_text())
    assert after == pytest.approx(before * 1.1, abs=1)
    expect(page.locator("figure.chart").first.locator("figcaption")).to_contain_text("Adjusted calls")
    adjustment = ForecastAdjustment.objects.get()
    assert (adjustment.reason, adjustment.made_by.username) == ("County show", "pat")
    page.screenshot(path=artifacts_dir / "forecast.png", full_page=True)
    assert browser_page.problems() == []


def test_a_manager_reads_the_forecast_but_has_no_forms(browser_page, transactional_db):
    # given
    org = Org()
    queue = Queue.objects.create(unit=org.northtown, name="Health advisors")
    add_history(queue)
    from demand.actions import do_make_forecast

    forecast = do_make_forecast(queue, horizon_days=7, acting_user=org.pat)
    page = browser_page.page

    # when
    sign_in(page, "mo")
    page.goto(f"/demand/forecasts/{forecast.pk}/")

    # then
    expect(page.locator("#interval-chart svg polyline")).to_have_count(2)
    expect(page.get_by_role("button", name="Apply")).to_have_count(0)
    expect(page.get_by_role("button", name="Design shifts")).to_have_count(0)
    assert browser_page.problems() == []
