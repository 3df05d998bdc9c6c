"""The demand pages: who sees what, forms that write through the actions, and the charts drawn on the server."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demand.actions import do_adjust_forecast_day, do_make_forecast
from demand.models import DemandInterval, Forecast, ForecastAdjustment, Queue, ShiftDesign

from .helpers import history_file


@pytest.fixture
def forecast(org, queue_with_history) -> Forecast:
    return do_make_forecast(queue_with_history, horizon_days=7, acting_user=org.pat)


@pytest.mark.parametrize(("persona", "status"), [("alice", 200), ("pat", 200), ("mo", 200), ("olly", 403),
                                                 ("sam", 403)])
def test_the_forecast_page_is_for_the_centres_planners_and_managers(client_as, forecast, persona, status):
    # when
    response = client_as(persona).get(reverse("demand:forecast", args=[forecast.pk]))

    # then
    assert response.status_code == status


def test_the_forecast_page_draws_the_days_requirement_and_the_backtest(client_as, forecast):
    # when
    response = client_as("pat").get(reverse("demand:forecast", args=[forecast.pk]) + "?day=2025-06-28")
    html = response.content.decode()

    # then: three server-drawn charts (calls, staff, backtest), the chosen Saturday, 48 interval rows
    assert response.status_code == 200
    assert html.count("<svg") == 3 and "<script" not in html.split("</head>")[1]
    assert 'data-day="2025-06-28" class="selected"' in html
    assert len(re.findall(r'<tr data-start="\d\d:\d\d">', html)) == 48
    assert "Saturday 28 June 2025" in html
    assert html.count('name="percent"') == 7  # pat may adjust each day


def test_a_manager_sees_the_forecast_without_the_forms(client_as, forecast):
    html = client_as("mo").get(reverse("demand:forecast", args=[forecast.pk])).content.decode()
    assert 'name="percent"' not in html and "Design shifts" not in html
    assert 'id="interval-chart"' in html


def test_adjusting_a_day_on_the_page_changes_its_calls(client_as, forecast):
    # given
    client = client_as("pat")
    day = dt.date(2025, 6, 26)

    # when
    response = client.post(reverse("demand:adjust", args=[forecast.pk]),
                           {"day": day.isoformat(), "percent": "15", "reason": "Flu outbreak"})

    # then
    assert response.status_code == 302 and response["Location"].endswith("?day=2025-06-26")
    adjustment = ForecastAdjustment.objects.get(forecast=forecast, day=day)
    assert (float(adjustment.percent), adjustment.reason) == (15.0, "Flu outbreak")
    html = client.get(response["Location"]).content.decode()
    row = re.search(r'<tr data-day="2025-06-26".*?</tr>', html, re.S).group(0)
    forecast_calls = float(re.search(r'data-col="forecast">([\d,]+)<', row).group(1).replace(",", ""))
    adjusted_calls = float(re.search(r'data-col="adjusted">([\d,]+)<', row).group(1).replace(",", ""))
    assert adjusted_calls == pytest.approx(forecast_calls * 1.15, abs=1)
    assert "+15 %" in row


def test_an_adjustment_without_a_reason_is_refused_with_the_message(client_as, forecast):
    client = client_as("pat")
    response = client.post(reverse("demand:adjust", args=[forecast.pk]),
                           {"day": "2025-06-26", "percent": "15", "reason": ""}, follow=True)
    assert "Say why the day is adjusted" in response.content.decode()
    assert not ForecastAdjustment.objects.exists()


def test_a_manager_cannot_adjust(client_as, forecast):
    response = client_as("mo").post(reverse("demand:adjust", args=[forecast.pk]),
                                    {"day": "2025-06-26", "percent": "15", "reason": "x"})
    assert response.status_code == 403 and not ForecastAdjustment.objects.exists()


def test_importing_a_file_with_bad_rows_shows_every_problem_and_stores_nothing(client_as, queue):
    # given
    text = "interval_start,calls_offered\n2025-06-02T08:00,3\n2025-06-02T08:30,x\n2025-06-02T08:30,2\n"

    # when
    response = client_as("pat").post(reverse("demand:import", args=[queue.pk]),
                                     {"file": SimpleUploadedFile("bad.csv", text.encode(), "text/csv")})

    # then
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="import-errors"' in html and "Nothing was imported." in html
    assert "<td class=\"num\">2</td><td>calls_offered</td><td class=\"value\">x</td>" in html
    assert not DemandInterval.objects.exists()


def test_importing_a_good_file_on_the_page(client_as, queue):
    response = client_as("pat").post(reverse("demand:import", args=[queue.pk]),
                                     {"file": SimpleUploadedFile("ok.csv", history_file(days=2).encode())},
                                     follow=True)
    assert "Imported 96 intervals" in response.content.decode()
    assert DemandInterval.objects.filter(queue=queue).count() == 96


def test_making_a_forecast_on_the_page_opens_it(client_as, queue_with_history):
    response = client_as("pat").post(reverse("demand:forecast-new", args=[queue_with_history.pk]),
                                     {"horizon_days": "14"})
    forecast = Forecast.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("demand:forecast", args=[forecast.pk])
    assert forecast.horizon_days == 14


def test_the_queue_page_charts_the_history_and_saving_targets_takes_percentages(client_as, queue_with_history):
    # given
    client = client_as("pat")
    url = reverse("demand:queue", args=[queue_with_history.pk])

    # when
    page = client.get(url).content.decode()
    saved = client.post(reverse("demand:queue-settings", args=[queue_with_history.pk]), {
        "version": "1", "name": "Health advisors", "interval_minutes": "30", "service_level": "95",
        "answer_within_seconds": "60", "aht_seconds": "540", "max_occupancy": "85", "shrinkage_planned": "20",
        "shrinkage_unplanned": "10", "asa_seconds": "", "patience_seconds": "", "max_abandon_rate": ""})

    # then
    assert page.count("<svg") == 1 and 'id="kpi-intervals">1008<' in page
    assert saved.status_code == 302
    queue = Queue.objects.get(pk=queue_with_history.pk)
    assert (float(queue.service_level), queue.answer_within_seconds, queue.version) == (0.95, 60, 2)


def test_saving_impossible_targets_shows_the_error_beside_the_field(client_as, queue):
    response = client_as("pat").post(reverse("demand:queue-settings", args=[queue.pk]), {
        "version": "1", "name": "Health advisors", "interval_minutes": "30", "service_level": "80",
        "answer_within_seconds": "20", "aht_seconds": "300", "max_occupancy": "85", "shrinkage_planned": "60",
        "shrinkage_unplanned": "50"})
    assert response.status_code == 400
    assert "must stay below 100%" in response.content.decode()


def test_the_index_lists_only_queues_the_user_may_read(client_as, queue, southport_queue):
    html = client_as("pat").get(reverse("demand:index")).content.decode()
    assert "Health advisors" in html and "Southport advisors" not in html
    assert client_as("sam").get(reverse("demand:index")).status_code == 403


def test_a_planner_creates_a_queue_for_a_unit_he_plans(client_as, org):
    response = client_as("pat").post(reverse("demand:queue-new"), {"unit": org.northtown.pk, "name": "Dental",
                                                                    "interval_minutes": "15"})
    queue = Queue.objects.get(name="Dental")
    assert response["Location"] == reverse("demand:queue", args=[queue.pk]) and queue.interval_minutes == 15
    client_as("pat").post(reverse("demand:queue-new"), {"unit": org.southport.pk, "name": "Not mine"})
    assert not Queue.objects.filter(name="Not mine").exists()


def test_shift_design_from_the_page_and_its_result(client_as, forecast):
    # when
    client = client_as("pat")
    response = client.post(reverse("demand:design-new", args=[forecast.pk]), {
        "first_day": "2025-06-23", "days": "1", "shift_hours": "8, 10", "start_times": "", "break_minutes": "30",
        "break_from_hours": "6", "time_limit_s": "5"})
    design = ShiftDesign.objects.get()

    # then
    assert response["Location"] == reverse("demand:design", args=[design.pk])
    html = client.get(response["Location"]).content.decode()
    assert 'id="design-chart"' in html and html.count("<svg") == 1
    assert 'data-day="2025-06-23"' in html and "×" in html


def test_requirement_csv_has_a_row_per_interval(client_as, forecast):
    response = client_as("mo").get(reverse("demand:requirement-csv", args=[forecast.pk]))
    lines = response.content.decode().strip().splitlines()
    assert response.status_code == 200 and len(lines) == 1 + 7 * 48
    assert lines[0].startswith("interval_start,forecast_calls,adjusted_calls")


def test_the_forecast_page_answers_in_a_fixed_number_of_queries(client_as, forecast, django_assert_max_num_queries):
    # given: adjustments on every day must not add a query each
    for offset in range(7):
        do_adjust_forecast_day(forecast, day=forecast.first_day + dt.timedelta(days=offset), percent=offset + 1,
                               reason="test", acting_user=forecast.made_by)
    client = client_as("pat")

    # then
    with django_assert_max_num_queries(25):
        assert client.get(reverse("demand:forecast", args=[forecast.pk])).status_code == 200


def test_the_index_links_each_queue_to_its_newest_forecast(client_as, org, queue_with_history):
    # given
    older = do_make_forecast(queue_with_history, horizon_days=7, acting_user=org.pat)
    newer = do_make_forecast(queue_with_history, horizon_days=14, acting_user=org.pat)

    # when
    html = client_as("mo").get(reverse("demand:index")).content.decode()

    # then
    assert reverse("demand:forecast", args=[newer.pk]) in html
    assert reverse("demand:forecast", args=[older.pk]) not in html
