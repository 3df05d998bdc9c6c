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
    # then validation refuses it, naming the field
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] == "amount"


@pytest.mark.parametrize("what", ["balances", "sickness"])
def test_a_day_in_year_9999_is_refused_naming_on(client, alice_headers, org, what):
    # when a balance or sickness record is asked for on a day whose year end is past Python's last date
    response = client.get(f"/api/absence/people/{org.sam.pk}/{what}?on=9999-05-01", headers=alice_headers)
    # then validation names the parameter
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] == "on"


# --- out-of-range dates, ids and amounts, everywhere (not only where a failure was seen) ---------------------------

@pytest.mark.parametrize(("url", "body", "field"), [
    ("/api/rostering/team-patterns", {"team": "x", "pattern": "x", "anchor_date": "9999-12-31"}, "anchor_date"),
    ("/api/rostering/team-patterns", {"team": "x", "pattern": "x", "anchor_date": "2030-01-07",
                                      "offset_days": 2**63}, "offset_days"),
    ("/api/rostering/team-memberships", {"person_id": 2**63, "team": "x", "start_date": "2030-01-07"}, "person_id"),
    ("/api/rostering/units/northtown/materialise", {"start": "0001-01-01", "end": "0001-01-02"}, "start"),
    ("/api/pay/units/northtown/overtime", {"person_id": 1, "start": "9999-12-31T23:00:00-01:00",
                                           "end": "9999-12-31T23:30:00-01:00", "kind": "overtime",
                                           "reason": "Fuzzed"}, "start"),
    ("/api/org/units", {"name": "W", "code": "w", "kind": "station", "parent": 2**63}, "parent"),
])
def test_an_out_of_range_date_id_or_number_in_a_body_is_a_422_naming_the_field(client, alice_headers, url, body,
                                                                               field):
    # when a body carries a day past Python's calendar, an id or a number past a 64-bit column
    response = client.post(url, body, content_type="application/json", headers=alice_headers)
    # then validation refuses it before any arithmetic or query, naming the field
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"].startswith(field)


@pytest.mark.parametrize("url", [
    f"/api/absence/abstractions/{2**63}/cancel",
    f"/api/pay/overtime/{2**63}/authorise",
    f"/api/rostering/solver-runs/{2**64}/cancel",
])
def test_an_id_beyond_the_database_range_in_a_path_is_refused_not_a_500(client, alice_headers, url):
    # when the path's id does not fit a 64-bit key
    response = client.post(url, {}, content_type="application/json", headers=alice_headers)
    # then it is refused in the API's shape (the ORM never sees it)
    assert 400 <= response.status_code < 500, response.content
    assert "detail" in response.json()


def test_a_duty_on_a_day_before_the_calendar_with_a_version_past_64_bits_is_a_422(client, alice_headers, org):
    # when a roster cell is set in year 1 with a version no column can hold
    response = client.put("/api/rostering/duties", {"person_id": org.sam.pk, "date": "0001-01-01", "value": "RD",
                                                    "version": 2**64}, content_type="application/json",
                          headers=alice_headers)
    # then both are named
    assert response.status_code == 422, response.content
    assert {e["field"] for e in response.json()["errors"]} == {"date", "version"}


@pytest.mark.parametrize(("url", "field"), [
    ("/api/rostering/units/northtown/roster?start=9999-12-31&end=9999-12-31", "start"),
    ("/api/rostering/my/duties?start=0001-01-01&end=0001-01-02", "start"),
    ("/api/cover/units/northtown/options?start=0001-01-01T00:00:00%2B01:00&end=0001-01-01T08:00:00%2B01:00", "start"),
    ("/api/events/overview?start=9999-12-25", "start"),
    ("/api/reporting/units/1/establishment?on=0001-01-01", "on"),
])
def test_an_out_of_range_day_in_a_query_is_a_422_naming_it(client, alice_headers, url, field):
    # when a query parameter names a day outside the years Muster plans for
    response = client.get(url, headers=alice_headers)
    # then validation names the parameter
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] == field


@pytest.mark.parametrize(("url", "body", "field"), [
    ("/api/people/{sam}/contracts", {"effective_from": "2030-01-01", "hours_per_week": "1e9"}, "hours_per_week"),
    ("/api/people/{sam}/contracts", {"effective_from": "2030-01-01", "hours_per_week": 40, "fte": 10}, "fte"),
    ("/api/absence/people/{sam}/ledger", {"ledger": "toil", "op": "adjust", "amount": "1e12",
                                          "reason": "Fuzzed"}, "amount"),
])
def test_an_amount_its_column_cannot_hold_is_a_422_naming_it(client, alice_headers, org, url, body, field):
    # when a decimal is larger than the column it would be stored in (quantizing it on save raised: a 500)
    response = client.post(url.format(sam=org.sam.pk), body, content_type="application/json", headers=alice_headers)
    # then validation names the field
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] == field


def test_the_actions_behind_the_api_refuse_a_day_outside_the_planning_years_naming_the_field(org):
    # given the actions pages and the CLI call directly (no API validation in front of them)
    import datetime as dt

    from common.errors import DomainError
    from pay.actions import do_set_overtime_budget
    from rostering.actions import do_publish_roster
    from rostering.actions.patterns import do_join_team

    far = dt.date(9999, 12, 31)
    calls = [
        (lambda: do_publish_roster(unit=org.northtown, start=dt.date(1, 1, 1), end=dt.date(1, 1, 2),
                                   acting_user=org.alice), "start"),
        (lambda: do_join_team(person=org.sam, team=org.team_a, start_date=far, acting_user=org.alice), "start_date"),
        (lambda: do_set_overtime_budget(org.northtown, start_date=dt.date(2030, 1, 1), end_date=far, amount=1,
                                        acting_user=org.alice, reason="Fuzzed"), "end_date"),
    ]
    for call, field in calls:
        # when / then each refuses with a DomainError naming the field, before any date arithmetic
        with pytest.raises(DomainError) as refused:
            call()
        assert refused.value.errors[0].field == field
        assert "between 1900 and 2999" in refused.value.message


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["body", "query", "path"])
def test_text_with_a_nul_character_is_refused_naming_where_and_nothing_is_written(client, where):
    # given an administrator (PostgreSQL cannot store U+0000: it used to fail the write with a 500)
    from django.contrib.auth import get_user_model

    from people.models import Person

    admin = get_user_model().objects.create_superuser("nul-admin", password="x")
    client.force_login(admin)
    before = Person.objects.count()
    # when
    if where == "body":
        response = client.post("/api/people", data='{"last_name": "Smith\\u0000"}', content_type="application/json")
    elif where == "query":
        response = client.get("/api/people", {"search": "a\x00b"})
    else:
        response = client.get("/api/org/units/ab%00cd")
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": where, "message": "Text may not contain NUL characters (U+0000)."}]
    assert Person.objects.count() == before
