"""The optimiser pages and API: start a run, see its status and result, accept part of it, errors named."""

import datetime as dt
import json

import pytest

from rostering.choices import DutySource
from rostering.models import Duty, SolverRun
from rostering.tasks import execute_run

from .solving_world import constables, monday_ahead, need, police_shifts

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_week(org):
    police_shifts()
    constables(org, 3)
    need(org.northtown, rank=org.constable, minimum=1, target=2)
    start = monday_ahead()
    return start, start + dt.timedelta(days=6)


def test_a_planner_starts_a_run_from_the_page_and_reads_and_accepts_its_result(client_as, org, unit_week):
    start, end = unit_week
    client = client_as("pat")
    # when the form is posted
    response = client.post(f"/rostering/units/{org.northtown.code}/optimise/",
                           {"mode": "fill", "start": start.isoformat(), "end": end.isoformat(), "time_limit": "2"})
    run = SolverRun.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/rostering/solver-runs/{run.pk}/")
    # then while queued the status part polls itself
    page = client.get(f"/rostering/solver-runs/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in page and "Queued" in page
    # and once the task ran the page shows the changes grouped by day, fairness and explanation, without polling
    execute_run(run.pk)
    page = client.get(f"/rostering/solver-runs/{run.pk}/").content.decode()
    assert "hx-trigger" not in page and "Proposed changes" in page and "Fairness" in page
    run.refresh_from_db()
    first = run.changes[0]["id"]
    # when the planner ticks one change
    response = client.post(f"/rostering/solver-runs/{run.pk}/accept/", {"change": [first], "version": run.version})
    assert response.status_code == 302
    assert Duty.objects.filter(source=DutySource.SOLVER).count() == 1


def test_bad_dates_come_back_beside_the_field(client_as, org, unit_week):
    start, _ = unit_week
    response = client_as("pat").post(f"/rostering/units/{org.northtown.code}/optimise/", {
        "mode": "fill", "start": start.isoformat(), "end": (start + dt.timedelta(days=120)).isoformat(),
        "time_limit": "2"})
    assert response.status_code == 400 and "at most 84 days" in response.content.decode()
    assert not SolverRun.objects.exists()


def test_the_api_starts_reads_and_accepts_a_run_and_names_bad_fields(client_as, org, unit_week):
    start, end = unit_week
    client = client_as("pat")
    bad = client.post(f"/api/rostering/units/{org.northtown.code}/solver-runs", json.dumps(
        {"mode": "fill", "start": start.isoformat(), "end": end.isoformat(), "time_limit": 0}),
        content_type="application/json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "time_limit"
    created = client.post(f"/api/rostering/units/{org.northtown.code}/solver-runs", json.dumps(
        {"mode": "fill", "start": start.isoformat(), "end": end.isoformat(), "time_limit": 2, "workers": 1}),
        content_type="application/json")
    assert created.status_code == 201
    run_id = created.json()["id"]
    execute_run(run_id)
    body = client.get(f"/api/rostering/solver-runs/{run_id}").json()
    assert body["status"] == "finished" and body["result"]["changes"] and body["progress"]
    accepted = client.post(f"/api/rostering/solver-runs/{run_id}/accept", json.dumps({"version": body["version"]}),
                           content_type="application/json")
    assert accepted.status_code == 200 and accepted.json()["accepted"] == len(body["result"]["changes"])
    again = client.post(f"/api/rostering/solver-runs/{run_id}/accept", json.dumps({"version": body["version"]}),
                        content_type="application/json")
    assert again.status_code == 409


def test_the_solve_command_prints_json_applies_and_names_bad_input(org, unit_week, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    start, end = unit_week
    # when
    call_command("solve", "--unit", org.northtown.code, "--start", start.isoformat(), "--end", end.isoformat(),
                 "--mode", "fill", "--time-limit", "2", "--workers", "1", "--apply", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    # then
    assert out["status"] == "finished" and out["solver_status"] in ("optimal", "feasible")
    assert out["applied"] == len(out["changes"]) > 0 and out["unfilled"] == []
    assert Duty.objects.filter(source=DutySource.SOLVER).count() == out["applied"]
    # and bad input exits 2 naming the option
    with pytest.raises(CommandError, match="--time-limit") as caught:
        call_command("solve", "--unit", org.northtown.code, "--start", start.isoformat(), "--end", end.isoformat(),
                     "--mode", "fill", "--time-limit", "0")
    assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="--mode"):
        call_command("solve", "--unit", org.northtown.code, "--start", start.isoformat(), "--end", end.isoformat(),
                     "--mode", "magic")
