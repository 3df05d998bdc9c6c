"""/api/demand: the same actions, permissions and errors as the pages, as JSON."""

import datetime as dt

import pytest

from common.models import AuditEvent
from demand.actions import do_make_forecast
from demand.models import DemandInterval, Forecast, Queue, ShiftDesign

from .helpers import history_file


@pytest.fixture
def forecast(org, queue_with_history) -> Forecast:
    return do_make_forecast(queue_with_history, horizon_days=7, acting_user=org.pat)


def test_queues_are_listed_for_the_units_one_plans_or_manages(client_as, queue, southport_queue):
    # when
    pat = client_as("pat").get("/api/demand/queues").json()

    # then
    assert [q["name"] for q in pat] == ["Health advisors"]
    assert pat[0]["shrinkage"] == pytest.approx(0.3) and pat[0]["model"] == "erlang_c"


def test_staff_may_not_list_queues(client_as, queue):
    assert client_as("sam").get("/api/demand/queues").status_code == 403


def test_creating_a_queue_and_a_bad_share_names_the_field(client_as, org):
    client = client_as("pat")
    created = client.post("/api/demand/queues", {"unit": org.northtown.pk, "name": "Mental health",
                                                 "service_level": 0.9, "answer_within_seconds": 30},
                          content_type="application/json")
    bad = client.post("/api/demand/queues", {"unit": org.northtown.pk, "name": "Dental", "max_occupancy": 85},
                      content_type="application/json")
    assert created.status_code == 201 and created.json()["service_level"] == 0.9
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "max_occupancy"
    assert not Queue.objects.filter(name="Dental").exists()


def test_patch_refuses_a_stale_version(client_as, queue):
    client = client_as("pat")
    first = client.patch(f"/api/demand/queues/{queue.pk}", {"version": 1, "aht_seconds": 600},
                         content_type="application/json")
    stale = client.patch(f"/api/demand/queues/{queue.pk}", {"version": 1, "aht_seconds": 700},
                         content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == 2
    assert stale.status_code == 409


def test_history_import_by_api_reports_every_bad_row_with_row_field_and_value(client_as, queue):
    # given
    bad = "interval_start,calls\n2025-06-02T08:00,3\n2025-06-02T08:30,-4\nnot a time,2\n"

    # when
    response = client_as("pat").post(f"/api/demand/queues/{queue.pk}/history",
                                     {"file": _upload(bad)})

    # then
    body = response.json()
    assert response.status_code == 400
    assert {(e["row"], e["field"], e["value"]) for e in body["errors"]} == {
        (2, "calls_offered", "-4"), (3, "interval_start", "not a time")}
    assert not DemandInterval.objects.exists()


def test_history_import_and_read_back(client_as, queue):
    client = client_as("pat")
    imported = client.post(f"/api/demand/queues/{queue.pk}/history", {"file": _upload(history_file(days=2))})
    history = client.get(f"/api/demand/queues/{queue.pk}/history?start=2025-06-03&end=2025-06-03").json()
    assert imported.status_code == 200 and imported.json()["intervals"] == 96
    assert len(history) == 48 and history[0]["interval_start"].startswith("2025-06-03T00:00:00+01:00")


def test_a_manager_reads_history_but_cannot_import(client_as, queue_with_history):
    client = client_as("mo")
    assert client.get(f"/api/demand/queues/{queue_with_history.pk}/history").status_code == 200
    response = client.post(f"/api/demand/queues/{queue_with_history.pk}/history", {"file": _upload(history_file())})
    assert response.status_code == 403


def test_forecast_by_api_then_adjust_and_read_the_requirement(client_as, queue_with_history):
    # given
    client = client_as("pat")

    # when
    made = client.post(f"/api/demand/queues/{queue_with_history.pk}/forecasts", {"horizon_days": 7},
                       content_type="application/json")
    forecast_id = made.json()["id"]
    adjusted = client.post(f"/api/demand/forecasts/{forecast_id}/adjustments",
                           {"day": "2025-06-24", "percent": -10, "reason": "Quiet week"},
                           content_type="application/json")
    detail = client.get(f"/api/demand/forecasts/{forecast_id}").json()
    requirement = client.get(f"/api/demand/forecasts/{forecast_id}/requirement?day=2025-06-24").json()

    # then
    assert made.status_code == 201 and made.json()["first_day"] == "2025-06-23"
    assert adjusted.json() == {"day": "2025-06-24", "percent": -10.0, "removed": False}
    tuesday = next(d for d in detail["days"] if d["date"] == "2025-06-24")
    assert tuesday["adjusted_calls"] == pytest.approx(tuesday["forecast_calls"] * 0.9, abs=0.2)
    assert tuesday["adjustment_percent"] == -10.0 and detail["adjustments"][0]["made_by"] == "pat"
    assert len(detail["intervals"]) == 7 * 48 and detail["accuracy"]["weeks"]
    assert requirement["model"] == "erlang_c" and len(requirement["intervals"]) == 48
    first = requirement["intervals"][0]
    assert first["calls"] == pytest.approx(first["forecast_calls"] * 0.9, abs=0.01)
    assert first["scheduled"] >= first["agents"] > 0


def test_roster_comparison_by_api_writes_nothing(client_as, forecast):
    # given: 12 people rostered in each interval of the first day
    client = client_as("mo")
    requirement = client.get(f"/api/demand/forecasts/{forecast.pk}/requirement?day=2025-06-23").json()
    rostered = [{"interval_start": r["interval_start"], "people": 12} for r in requirement["intervals"]]
    events = AuditEvent.objects.count()

    # when
    rows = client.post(f"/api/demand/forecasts/{forecast.pk}/roster-comparison",
                       {"rostered": rostered, "day": "2025-06-23"}, content_type="application/json").json()

    # then
    assert len(rows) == 48 and AuditEvent.objects.count() == events
    for row, req in zip(rows, requirement["intervals"], strict=True):
        assert row["required_agents"] == req["agents"] and row["rostered"] == 12
        assert row["available_agents"] == 10  # 12 less 10 % unplanned, rounded down
        assert row["gap"] == 12 - row["required_on_duty"]


def test_shift_design_by_api(client_as, forecast):
    response = client_as("pat").post(f"/api/demand/forecasts/{forecast.pk}/shift-designs",
                                     {"days": 1, "shift_hours": [8, 12], "start_times": ["06:00", "08:00", "14:00",
                                                                                         "20:00", "22:00"],
                                      "time_limit_s": 5}, content_type="application/json")
    body = response.json()
    assert response.status_code == 201 and body["status"] in {"optimal", "feasible"}
    assert {s["start"] for s in body["result"]["starts"]} <= {"06:00", "08:00", "14:00", "20:00", "22:00"}
    assert client_as("mo").get(f"/api/demand/shift-designs/{body['id']}").status_code == 200
    assert client_as("olly").get(f"/api/demand/shift-designs/{body['id']}").status_code == 403
    assert ShiftDesign.objects.count() == 1


def test_the_staffing_calculator_answers_as_the_command_line_does(client_as, org):
    # when: RULES.md CC-1
    response = client_as("mo").post("/api/demand/staffing", {"calls": 100, "aht_seconds": 180,
                                                             "interval_minutes": 30, "shrinkage": 0.3},
                                    content_type="application/json")
    impossible = client_as("mo").post("/api/demand/staffing", {"calls": 100, "aht_seconds": 0},
                                      content_type="application/json")

    # then
    assert response.json() == {"traffic_erlangs": 10.0, "agents": 14, "scheduled": 20,
                               "service_level": pytest.approx(0.88835, abs=1e-5),
                               "asa_seconds": pytest.approx(7.836, abs=1e-3),
                               "occupancy": pytest.approx(0.7143, abs=1e-4), "model": "erlang_c"}
    assert impossible.status_code == 400 and impossible.json()["errors"][0]["field"] == "aht"
    assert client_as("sam").post("/api/demand/staffing", {"calls": 1, "aht_seconds": 60},
                                 content_type="application/json").status_code == 403


def test_other_centres_forecasts_are_hidden(client_as, forecast):
    assert client_as("olly").get(f"/api/demand/forecasts/{forecast.pk}").status_code == 403
    assert client_as("olly").get("/api/demand/forecasts/999999").status_code == 404


def _upload(text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("history.csv", text.encode(), content_type="text/csv")


def test_dates_in_history_queries_are_checked(client_as, queue):
    response = client_as("pat").get(f"/api/demand/queues/{queue.pk}/history?start=2025-06-05&end=2025-06-01")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "end"
    assert dt.date(2025, 6, 1)  # the query names dates, not instants
