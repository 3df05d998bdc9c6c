import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rostering.models import Duty, DutyChange

MONDAY = dt.date(2026, 1, 5)


@pytest.fixture
def planned(org, client_as):
    """Through the API alone: pat takes the library pattern, gives both teams it a week apart, builds 4 weeks."""
    client = client_as("pat")
    assert client.post("/api/rostering/library/police-5-team-10h/import?unit=northtown").status_code == 201
    for team, offset in (("northtown-team-a", 0), ("northtown-team-b", 7)):
        response = client.post("/api/rostering/team-patterns", {
            "team": team, "pattern": "police-5-team-10h", "anchor_date": str(MONDAY), "offset_days": offset},
            content_type="application/json")
        assert response.status_code == 201, response.content
    response = client.post("/api/rostering/units/northtown/materialise",
                           {"start": str(MONDAY), "end": str(MONDAY + dt.timedelta(days=27))},
                           content_type="application/json")
    assert response.json()["created"] > 0
    return org, client


def test_the_api_reads_the_roster_of_a_unit_and_period(planned):
    org, client = planned
    week = f"start={MONDAY}&end={MONDAY + dt.timedelta(days=6)}"
    body = client.get(f"/api/rostering/units/northtown/roster?{week}").json()
    sam = [d for d in body["duties"] if d["payroll_number"] == org.sam.payroll_number]
    assert [d["code"] for d in sam] == ["L10", "L10", "RD", "RD", "E10", "E10", "RD"]
    assert sam[0]["start"].startswith(f"{MONDAY}T15:00") and sam[0]["hours"] == 10.0
    assert body["totals"][0]["label"] == "On duty"


def test_the_api_changes_a_duty_and_answers_409_with_the_current_value_on_a_stale_version(planned):
    org, client = planned
    payload = {"person_id": org.sam.pk, "date": str(MONDAY), "value": "E10", "version": 1}
    first = client.put("/api/rostering/duties", payload, content_type="application/json")
    assert first.status_code == 200 and first.json()["duty"]["code"] == "E10" and first.json()["duty"]["version"] == 2
    second = client.put("/api/rostering/duties", payload | {"value": "N10"}, content_type="application/json")
    assert second.status_code == 409
    assert second.json()["current"]["code"] == "E10" and second.json()["errors"][0]["field"] == "version"


def test_the_api_publishes_and_then_records_duty_changes(planned):
    org, client = planned
    response = client.post("/api/rostering/units/northtown/publish",
                           {"start": str(MONDAY), "end": str(MONDAY + dt.timedelta(days=27)), "late_reason": "Test"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "published"
    missing_reason = client.put("/api/rostering/duties", {"person_id": org.sam.pk, "date": str(MONDAY),
                                                          "value": "E10", "version": 1},
                                content_type="application/json")
    assert missing_reason.status_code == 400 and missing_reason.json()["errors"][0]["field"] == "reason"
    changed = client.put("/api/rostering/duties", {"person_id": org.sam.pk, "date": str(MONDAY), "value": "E10",
                                                   "version": 1, "reason": "Court"},
                         content_type="application/json").json()
    assert changed["change"]["reason"] == "Court" and changed["change"]["compensation_class"]
    changes = client.get("/api/rostering/units/northtown/changes").json()
    assert len(changes) == 1 and DutyChange.objects.count() == 1


def test_the_api_refuses_another_areas_roster(planned, client_as):
    client = client_as("olly")
    assert client.get(f"/api/rostering/units/northtown/roster?start={MONDAY}&end={MONDAY}").status_code == 403
    response = client.post("/api/rostering/units/northtown/publish", {"start": str(MONDAY), "end": str(MONDAY)},
                           content_type="application/json")
    assert response.status_code == 403


def test_the_api_names_the_field_of_a_bad_pattern(planned):
    _org, client = planned
    response = client.post("/api/rostering/patterns", {"code": "x", "name": "X", "weeks": 1, "days": ["E10"] * 6,
                                                       "unit": "northtown"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "days"


def test_the_pattern_summary_gives_hours_coverage_and_violations(planned):
    _org, client = planned
    patterns = client.get("/api/rostering/patterns").json()
    body = client.get(f"/api/rostering/patterns/{patterns[0]['id']}/summary").json()
    assert body["hours_per_week"] == 40.6 and len(body["coverage"]) == 168 and body["violations"] == []


def test_the_roster_command_prints_csv_json_and_writes_xlsx(planned, tmp_path):
    org, _client = planned
    out = io.StringIO()
    call_command("roster", "northtown", "--from", str(MONDAY), "--to", str(MONDAY + dt.timedelta(days=6)),
                 "--format", "json", stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["unit"] == "northtown" and len([d for d in doc["duties"] if d["name"] == "Sam Jones"]) == 7
    out = io.StringIO()
    call_command("roster", "northtown", "--from", str(MONDAY), "--to", str(MONDAY), "--format", "csv", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0].startswith("payroll_number,name,team") and len(lines) == 3
    path = tmp_path / "roster.xlsx"
    call_command("roster", "northtown", "--from", str(MONDAY), "--to", str(MONDAY), "--format", "xlsx",
                 "--output", str(path))
    book = openpyxl.load_workbook(path)
    assert book["Roster"].max_row == 3 and "Daily totals" in book.sheetnames


@pytest.mark.parametrize("args, field", [
    (["nowhere", "--from", "2026-01-05", "--to", "2026-01-06"], "unit"),
    (["northtown", "--from", "2026-13-05", "--to", "2026-01-06"], "--from"),
    (["northtown", "--from", "2026-01-05", "--to", "2026-01-04"], "--to"),
    (["northtown", "--from", "2026-01-05", "--to", "2026-01-06", "--format", "pdf"], "--format"),
])
def test_the_roster_command_exits_2_naming_the_field(org, args, field):
    with pytest.raises(CommandError) as err:
        call_command("roster", *args)
    assert err.value.returncode == 2 and str(err.value).startswith(field)


def test_materialise_and_load_patterns_commands(org):
    out = io.StringIO()
    call_command("load_patterns", "police-5-team-10h", stdout=out)
    assert json.loads(out.getvalue()) == {"patterns": ["police-5-team-10h"]}
    from rostering.actions import assign_team_pattern
    from rostering.models import ShiftPattern

    assign_team_pattern(org.team_a, ShiftPattern.objects.get(), MONDAY)
    out = io.StringIO()
    call_command("materialise_duties", "northtown", "--from", str(MONDAY), "--to", str(MONDAY + dt.timedelta(days=6)),
                 stdout=out)
    assert json.loads(out.getvalue())["created"] + json.loads(out.getvalue())["rest_days"] == 7
    assert Duty.objects.filter(person=org.sam).count() == 7
