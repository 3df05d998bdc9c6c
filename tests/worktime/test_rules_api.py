import datetime as dt
import json

import pytest

from worktime.actions import do_tighten_rule_pack

RULES_EXAMPLE = {
    "pack": "police-officer",
    "period": {"start": "2026-01-05", "end": "2026-05-03"},
    "people": [{"id": "P1", "rank": "constable", "band": None, "birth_date": "1990-05-01", "hours_per_week": 40,
                "wtr_opt_out": False, "night_worker": False, "hourly_rate": "20.00", "employed_from": "2015-01-01"}],
    "duties": [{"person": "P1", "start": "2026-03-28T22:00:00+00:00", "end": "2026-03-29T07:00:00+01:00",
                "break_minutes": 45, "kind": "duty", "public_holiday": False, "rostered_rest_day": False,
                "overtime": None, "notified_at": "2026-03-20T10:00:00+00:00"}],
    "rest_days": [{"person": "P1", "date": "2026-03-30"}],
    "abstractions": [{"person": "P1", "type": "annual_leave", "start": "2026-04-06", "end": "2026-04-10"}],
}


def short_rest_document(rest_hours_gap: str = "16:30") -> dict:
    doc = json.loads(json.dumps(RULES_EXAMPLE))
    # A late turn ending 07:00 BST on 29 Mar then an early start the same afternoon: 9 h 30 min rest.
    doc["duties"].append({"person": "P1", "start": f"2026-03-29T{rest_hours_gap}:00+01:00",
                          "end": "2026-03-30T00:30:00+01:00", "break_minutes": 45, "kind": "duty"})
    return doc


@pytest.mark.django_db
def test_the_rules_example_checks_through_the_api_with_the_interchange_schema(client_as):
    # given a planner signed in
    client = client_as("pat")
    # when the RULES.md example with a short rest between two duties is posted
    response = client.post("/api/rules/check", short_rest_document(), content_type="application/json")
    # then the answer is the interchange schema with the WTR-3 shortfall as a police warning
    assert response.status_code == 200
    violations = response.json()["violations"]
    wtr3 = [v for v in violations if v["rule"] == "WTR-3"]
    assert len(wtr3) == 1
    assert set(wtr3[0]) == {"rule", "severity", "person", "start", "end", "measured", "limit", "unit",
                            "compensatory_rest_minutes", "message"}
    assert wtr3[0]["severity"] == "warning"
    assert wtr3[0]["measured"] == 9.5 and wtr3[0]["limit"] == 11
    assert wtr3[0]["compensatory_rest_minutes"] == 90


@pytest.mark.django_db
def test_bad_interchange_input_answers_400_naming_the_field(client_as):
    # given a document whose duty end has no offset
    doc = json.loads(json.dumps(RULES_EXAMPLE))
    doc["duties"][0]["end"] = "2026-03-29T07:00"
    # when it is checked
    response = client_as("pat").post("/api/rules/check", doc, content_type="application/json")
    # then the error names duties[0].end
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["field"] == "duties[0].end"
    assert "duties[0].end" in body["detail"]


@pytest.mark.django_db
def test_the_rules_check_needs_a_signed_in_user_or_a_token(client):
    response = client.post("/api/rules/check", RULES_EXAMPLE, content_type="application/json")
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_local_tightening_of_daily_rest_is_applied_by_the_api(client_as, org):
    # given the organisation demands 12 h daily rest for police officers from 2026
    do_tighten_rule_pack(pack="police-officer", effective_from=dt.date(2026, 1, 1),
                         changes={"daily_rest_minutes": 720}, acting_user=org.alice, reason="Force policy 12 h")
    doc = short_rest_document()
    # when the same short rest is checked
    wtr3 = [v for v in client_as("pat").post("/api/rules/check", doc, content_type="application/json").json()
            ["violations"] if v["rule"] == "WTR-3"]
    # then the limit is 12 h and 2 h 30 min compensatory rest is owed
    assert wtr3[0]["limit"] == 12
    assert wtr3[0]["compensatory_rest_minutes"] == 150
