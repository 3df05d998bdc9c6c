"""What schemathesis found, each pinned with the smallest request that showed it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from common.models import ApiToken
from common.schema_types import MAX_ID
from tests.factories import PASSWORD


@pytest.fixture
def alice_headers(org) -> dict:
    key = ApiToken.new_key()
    ApiToken.objects.create(user=org.alice, name="fuzz", prefix=key[:8], key_hash=ApiToken.hash_key(key))
    return {"Authorization": f"Bearer {key}"}


def _westville(org) -> dict:
    return {"name": "Westville", "code": "westville", "kind": "station", "parent": org.north.pk}


@pytest.fixture
def machine(db) -> Client:
    """A client that enforces CSRF as a real deployment does (the default test client skips the check)."""
    return Client(enforce_csrf_checks=True)


def test_a_machine_with_a_token_may_write_without_a_csrf_token(machine, alice_headers, org):
    # given a token and no session cookie (a script, not a browser)
    # when it creates a unit
    response = machine.post("/api/org/units", _westville(org),
                            content_type="application/json", headers=alice_headers)
    # then it is not refused for CSRF: the check protects session cookies, which it does not send
    assert response.status_code == 201, response.content


def test_a_browser_session_still_needs_its_csrf_token_to_write(machine, org):
    # given alice signed in through the browser (a session cookie)
    assert machine.login(username="alice", password=PASSWORD)
    # when a page's script posts without the CSRF token
    response = machine.post("/api/org/units", _westville(org),
                            content_type="application/json")
    # then it is refused, in the API's error shape
    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check Failed", "errors": []}


def test_a_malformed_id_in_an_api_path_is_a_json_404(client, alice_headers):
    # when an id in the path is not a whole number (no route matches)
    response = client.get("/api/people/abc", headers=alice_headers)
    # then the answer is the API's JSON error, not the site's HTML page
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json") and "detail" in response.json()


def test_an_unknown_import_kind_is_refused_in_the_documented_shape(client, alice_headers):
    # when an upload names a kind that cannot be imported
    upload = {"file": SimpleUploadedFile("people.csv", b"x")}
    response = client.post("/api/people/import/rosters", upload, headers=alice_headers)
    # then 400 names the field (documented as ImportReportOut | ImportRefusedOut)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "kind"


def test_a_group_absence_with_an_id_beyond_the_database_range_is_a_422_naming_people(client, alice_headers):
    # when a person id does not fit a 64-bit key (the ORM would raise OverflowError: a 500)
    response = client.post("/api/absence/groups", {"people": [MAX_ID + 1], "label": "Course", "type": "training",
                                                   "start_date": "2030-01-07"},
                           content_type="application/json", headers=alice_headers)
    # then validation refuses it, naming the field
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("people")


def test_staffing_for_absurd_traffic_is_refused_naming_calls_instead_of_searching_for_ever(client, alice_headers):
    # when the calls figure is a typo: 10^15 calls of 5 minutes in half an hour (the agent search would never end)
    response = client.post("/api/demand/staffing", {"calls": 1e15, "aht_seconds": 300},
                           content_type="application/json", headers=alice_headers)
    # then 400 names the field and the limit
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "calls"
    assert "at most 100000" in response.json()["detail"]


@pytest.mark.parametrize(("method", "url", "body", "field"), [
    ("post", "/api/rostering/units/northtown/publish", {"start": "0001-01-01", "end": "0001-01-01"}, "start"),
    ("get", "/api/rostering/units/northtown/coverage?start=0001-01-01&end=0001-01-02", None, "start"),
    ("get", "/api/pay/units/northtown/fair-candidates?start=0001-01-01T00:00:00Z&end=0001-01-02T00:00:00Z", None,
     "start"),
])
def test_a_day_in_year_one_is_refused_naming_the_field_not_a_date_overflow(client, alice_headers, method, url, body,
                                                                            field):
    # when a period starts on 1 January of year 1 (notice periods and weeks would step before Python's first date)
    if method == "post":
        response = client.post(url, body, content_type="application/json", headers=alice_headers)
    else:
        response = client.get(url, headers=alice_headers)
    # then it is a 4xx naming the field
    assert 400 <= response.status_code < 500, response.content
    assert response.json()["errors"][0]["field"] == field


def test_a_break_threshold_under_half_a_minute_is_refused_naming_it(client, alice_headers, org):
    # given a forecast to design shifts for
    from tests.authz.conftest import World

    forecast = World(org).forecast_north
    # when the unpaid break is said to start after 10^-296 hours (the engine would get 0 minutes)
    response = client.post(f"/api/demand/forecasts/{forecast.pk}/shift-designs", {"break_from_hours": 1e-296},
                           content_type="application/json", headers=alice_headers)
    # then 400 names the field
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["field"] == "break_from_hours"


@pytest.mark.parametrize("query", ["limit=44113946980702876795241347678208", "offset=44113946980702876795241347678208",
                                   "limit=10001"])
def test_a_page_beyond_the_bounds_is_refused_naming_limit_or_offset(client, alice_headers, query):
    # when a list is asked for a page SQLite cannot express (it answered "datatype mismatch": a 500)
    response = client.get(f"/api/people?{query}", headers=alice_headers)
    # then validation names the parameter
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] == query.split("=")[0]


def test_a_budget_the_column_cannot_hold_is_refused_naming_the_amount(client, alice_headers):
    # when a budget of £20 million billion is set (11 digits are stored; reading it back failed: a 500)
    response = client.post("/api/pay/units/northtown/budget",
                           {"start_date": "2030-04-01", "end_date": "2030-06-30", "amount": "20246534261481776",
                            "reason": "Fuzzed"}, content_type="application/json", headers=alice_headers)
    # then 400 names the field
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["field"] == "amount"


@pytest.mark.parametrize("what", ["balances", "sickness"])
def test_a_day_in_year_9999_is_refused_naming_on(client, alice_headers, org, what):
    # when a balance or sickness record is asked for on a day whose year end is past Python's last date
    response = client.get(f"/api/absence/people/{org.sam.pk}/{what}?on=9999-05-01", headers=alice_headers)
    # then validation names the parameter
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] == "on"
