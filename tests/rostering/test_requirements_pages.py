"""The requirements editor, the staffing foot of the roster grid, the hour-by-hour panel, and the API."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rostering.models import Requirement, RequirementOverride
from tests.factories import PersonFactory, SkillFactory, give_skill
from tests.rostering.helpers import materialise, police_pattern
from tests.rostering.test_requirements_coverage import need

MONDAY = dt.date(2026, 6, 1)


def stations_teams_follow_the_pattern(org, extra_people: int = 0):
    from rostering.actions.patterns import assign_team_pattern
    pattern = police_pattern()
    assign_team_pattern(org.team_a, pattern, MONDAY, 0)
    assign_team_pattern(org.team_b, pattern, MONDAY, 7)
    for i in range(extra_people):
        person = PersonFactory(rank=org.constable, staff_group=org.officers,
                               home_unit=org.team_a if i % 2 else org.team_b)
        give_skill(person, org.taser)
    materialise(org.northtown, MONDAY, MONDAY + dt.timedelta(days=27))


# --- the editor ----------------------------------------------------------------------------------------------------

def test_a_planner_sees_the_requirements_and_the_week_at_a_glance(org, client_as):
    # given 2 sergeants Fri–Sat 22:00–03:00 and a Christmas override
    need(org.northtown, rank=org.sergeant, weekdays="45", start="22:00", end="03:00", minimum=2, target=3)
    RequirementOverride.objects.create(unit=org.northtown, date=dt.date(2026, 12, 25), start_time=dt.time(0),
                                       end_time=dt.time(0), minimum=1, target=1, reason="Christmas Day")
    # when pat opens the page for the week of 1 June
    response = client_as("pat").get(f"/rostering/units/northtown/requirements/?week={MONDAY}")
    # then the line, the override and the week profile (Saturday 00:00–03:00 and 22:00–24:00) are there
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fri–Sat" in html and "22:00–03:00" in html and "Christmas Day" in html
    (label, days), = response.context["profile"]
    assert label == "Sergeant"
    saturday = days[5][1]
    assert [h for h, v in enumerate(saturday) if v] == [0, 1, 2, 22, 23]
    assert saturday[0] == (2, 3)
    assert 'id="requirement-form"' in html  # a planner gets the editor


def test_adding_a_requirement_from_the_page(org, client_as):
    client = client_as("pat")
    response = client.post("/rostering/units/northtown/requirements/new/", {
        "rank": org.constable.pk, "skill": "", "weekdays": ["4", "5"], "start_time": "22:00", "end_time": "03:00",
        "minimum": "14", "target": "16", "effective_from": "2026-06-01", "note": "NTE"})
    assert response.status_code == 302
    row = Requirement.objects.get()
    assert (row.weekdays, row.minimum, row.target, row.rank) == ("45", 14, 16, org.constable)


def test_a_refused_form_shows_each_message_beside_its_field_and_keeps_what_was_typed(org, client_as):
    client = client_as("pat")
    data = {"rank": "", "skill": "", "start_time": "07:00", "end_time": "17:00", "minimum": "5", "target": "3",
            "effective_from": "2026-06-01", "note": "kept"}
    # without JavaScript: the whole page again, status 400
    response = client.post("/rostering/units/northtown/requirements/new/", data)
    assert response.status_code == 400
    assert response.context["errors"] == {"weekdays": "Choose at least one day of the week.",
                                          "target": "The target (3) must be at least the minimum (5)."}
    assert 'value="kept"' in response.content.decode()
    # with htmx: only the form, for the side panel
    response = client.post("/rostering/units/northtown/requirements/new/", data | {"weekdays": "0"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="requirement-form"' in html and "<html" not in html
    assert "must be at least the minimum" in html
    assert not Requirement.objects.exists()


def test_saving_with_htmx_reloads_the_page(org, client_as):
    row = need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=6, target=8)
    response = client_as("pat").post(f"/rostering/units/northtown/requirements/{row.pk}/", {
        "rank": org.constable.pk, "weekdays": list("0123456"), "start_time": "07:00", "end_time": "17:00",
        "minimum": "7", "target": "8", "effective_from": "2020-01-01", "version": "1"},
        headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].endswith(
        f"/rostering/units/northtown/requirements/?changed=req-{row.pk}#req-{row.pk}")
    row.refresh_from_db()
    assert (row.minimum, row.version) == (7, 2)


def test_the_editor_loads_into_the_side_panel(org, client_as):
    row = need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=6, target=8)
    response = client_as("pat").get(f"/rostering/units/northtown/requirements/{row.pk}/",
                                    headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'value="6"' in response.content.decode() and "<html" not in response.content.decode()


def test_overrides_and_templates_from_the_page(org, client_as):
    client = client_as("pat")
    response = client.post("/rostering/units/northtown/requirements/overrides/new/", {
        "date": "2026-08-29", "start_time": "12:00", "end_time": "20:00", "rank": org.constable.pk,
        "minimum": "10", "target": "12", "reason": "Carnival"})
    assert response.status_code == 302
    override = RequirementOverride.objects.get()
    assert (override.date, override.minimum, override.reason) == (dt.date(2026, 8, 29), 10, "Carnival")
    response = client.post("/rostering/units/northtown/requirements/overrides/new/", {
        "start_time": "12:00", "end_time": "20:00", "minimum": "1", "reason": ""})
    assert response.status_code == 400
    assert set(response.context["override_errors"]) == {"date", "reason"}
    assert client.post(f"/rostering/units/northtown/requirements/overrides/{override.pk}/delete/").status_code == 302
    assert not RequirementOverride.objects.exists()
    SkillFactory(code="response-driver-standard", name="Response driver")
    response = client.post("/rostering/units/northtown/requirements/template/",
                           {"template": "police-response-station", "effective_from": "2026-06-01"})
    assert response.status_code == 302
    assert Requirement.objects.filter(unit=org.northtown).count() == 12


def test_a_manager_reads_the_requirements_but_cannot_change_them(org, client_as):
    row = need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=6)
    client = client_as("mo")
    response = client.get("/rostering/units/northtown/requirements/")
    assert response.status_code == 200 and 'id="requirement-form"' not in response.content.decode()
    assert client.post(f"/rostering/units/northtown/requirements/{row.pk}/delete/").status_code == 403
    assert client.post("/rostering/units/northtown/requirements/new/", {"minimum": "1"}).status_code == 403
    assert Requirement.objects.count() == 1


def test_olly_cannot_see_or_change_northtowns_requirements(org, client_as):
    row = need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=6)
    client = client_as("olly")
    assert client.get("/rostering/units/northtown/requirements/").status_code == 403
    assert client.post(f"/rostering/units/northtown/requirements/{row.pk}/", {
        "weekdays": "0", "start_time": "07:00", "end_time": "17:00", "minimum": "1"}).status_code == 403
    assert client.post(f"/rostering/units/northtown/requirements/{row.pk}/delete/").status_code == 403
    # nor reach Northtown's requirement through Southport's address
    assert client_as("olly").post(f"/rostering/units/southport/requirements/{row.pk}/delete/").status_code == 404
    assert Requirement.objects.get().minimum == 6


# --- the roster grid -----------------------------------------------------------------------------------------------

def test_the_roster_shows_planned_against_minimum_per_day_with_shortfalls(org, client_as):
    # given Northtown's teams on the pattern, and 2 sergeants needed round the clock
    stations_teams_follow_the_pattern(org)
    need(org.northtown, rank=org.sergeant, minimum=2, target=2)
    # when pat opens the week
    response = client_as("pat").get(f"/rostering/units/northtown/roster/?start={MONDAY}&days=7")
    # then the foot has a Sergeant row short every day (Kim alone at best), linking to the hours
    assert response.status_code == 200
    (row,) = response.context["grid"].staffing
    assert row.label == "Sergeant" and len(row.days) == 7
    assert all(d.status == "short" for d in row.days)
    html = response.content.decode()
    assert 'class="staff cov-short"' in html
    assert f'hx-get="/rostering/units/northtown/staffing/{MONDAY}/"' in html


def test_staff_do_not_see_the_staffing_foot(org, client_as):
    stations_teams_follow_the_pattern(org)
    need(org.northtown, rank=org.sergeant, minimum=2, target=2)
    response = client_as("sam").get(f"/rostering/units/northtown-team-a/roster/?start={MONDAY}&days=7")
    assert response.status_code == 200 and response.context["grid"].staffing == []
    assert client_as("sam").get(f"/rostering/units/northtown/staffing/{MONDAY}/").status_code == 403


def test_the_roster_page_query_count_stays_constant_with_requirements(org, client_as):
    # given requirements of a rank and a skill
    stations_teams_follow_the_pattern(org, extra_people=2)
    need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=2, target=3)
    need(org.northtown, skill=org.taser, minimum=1)
    client = client_as("pat")
    with CaptureQueriesContext(connection) as small:
        client.get(f"/rostering/units/northtown/roster/?start={MONDAY}&days=7")
    # when there are more people and days
    for _ in range(10):
        give_skill(PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=org.team_b), org.taser)
    materialise(org.northtown, MONDAY, MONDAY + dt.timedelta(days=27))
    with CaptureQueriesContext(connection) as large:
        response = client.get(f"/rostering/units/northtown/roster/?start={MONDAY}&days=28")
    # then the page takes the same number of queries
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(response.context["grid"].staffing) == 2


def test_a_day_hour_by_hour_names_who_counts(org, client_as):
    # given constables needed 07:00–17:00 and Sam on a late (15:00–01:00) on the first Monday
    stations_teams_follow_the_pattern(org)
    need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=1, target=2)
    client = client_as("mo")
    # when the manager opens the day in the panel
    response = client.get(f"/rostering/units/northtown/staffing/{MONDAY}/", headers={"HX-Request": "true"})
    # then 07:00–15:00 is short and 15:00–17:00 below target, with Sam named
    assert response.status_code == 200
    table = response.context["table"]
    assert [(line["label"], line["cells"][0]["status"]) for line in table] == [
        ("07:00–15:00", "short"), ("15:00–17:00", "below")]
    assert table[-1]["cells"][0]["who"] == "Jones, Sam"
    assert "<html" not in response.content.decode()
    # and without htmx it is a page of its own
    assert "<html" in client.get(f"/rostering/units/northtown/staffing/{MONDAY}/").content.decode()


# --- the API ---------------------------------------------------------------------------------------------------------

def test_the_api_creates_reads_changes_and_deletes_requirements(org, client_as):
    client = client_as("pat")
    url = "/api/rostering/units/northtown/requirements"
    response = client.post(url, {"rank": "sergeant", "weekdays": "45", "start_time": "22:00", "end_time": "03:00",
                                 "minimum": 2, "target": 3, "effective_from": "2026-06-01"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["rank"], body["weekdays"], body["days"], body["who"], body["version"]) == (
        "sergeant", "45", "Fri–Sat", "Sergeant", 1)
    rid = body["id"]
    assert [r["id"] for r in client.get(url).json()] == [rid]
    assert client.get(url, {"on": "2026-05-31"}).json() == []
    response = client.put(f"{url}/{rid}", {"rank": "sergeant", "weekdays": "45", "start_time": "22:00",
                                           "end_time": "03:00", "minimum": 3, "effective_from": "2026-06-01",
                                           "version": 1}, content_type="application/json")
    assert response.status_code == 200 and (response.json()["minimum"], response.json()["target"]) == (3, 3)
    stale = client.put(f"{url}/{rid}", {"weekdays": "45", "start_time": "22:00", "end_time": "03:00", "minimum": 1,
                                        "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert client.delete(f"{url}/{rid}").status_code == 204
    assert not Requirement.objects.exists()


def test_the_api_names_the_field_it_refuses(org, client_as):
    client = client_as("pat")
    url = "/api/rostering/units/northtown/requirements"
    response = client.post(url, {"start_time": "07:00", "end_time": "17:00", "minimum": 5, "target": 2},
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "target"
    response = client.post(url, {"skill": "unicycling", "start_time": "07:00", "end_time": "17:00", "minimum": 1},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "skill"
    response = client.post(url, {"start_time": "7 o'clock", "end_time": "17:00", "minimum": 1},
                           content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "start_time"


def test_olly_cannot_change_northtowns_requirements_through_the_api(org, client_as):
    row = need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=6)
    client = client_as("olly")
    url = "/api/rostering/units/northtown/requirements"
    assert client.get(url).status_code == 403
    assert client.post(url, {"start_time": "07:00", "end_time": "17:00", "minimum": 1},
                       content_type="application/json").status_code == 403
    assert client.delete(f"{url}/{row.pk}").status_code == 403
    assert client.get("/api/rostering/units/northtown/coverage?start=2026-06-01&end=2026-06-01").status_code == 403


def test_the_api_sets_overrides_and_applies_templates(org, client_as):
    client = client_as("pat")
    url = "/api/rostering/units/northtown/requirement-overrides"
    payload = {"on_bank_holidays": True, "start_time": "07:00", "end_time": "17:00", "rank": "constable",
               "minimum": 2, "target": 3, "reason": "Bank holiday"}
    first = client.post(url, payload, content_type="application/json")
    assert first.status_code == 201 and first.json()["date"] is None
    again = client.post(url, payload | {"minimum": 3}, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"] and again.json()["minimum"] == 3
    assert len(client.get(url).json()) == 1
    assert client.delete(f"{url}/{first.json()['id']}").status_code == 204
    templates = client.get("/api/rostering/requirement-templates").json()
    assert "police-response-station" in [t["code"] for t in templates]
    SkillFactory(code="response-driver-standard", name="Response driver")
    applied = client.post("/api/rostering/units/northtown/requirement-templates/police-response-station/apply",
                          {"effective_from": "2026-06-01"}, content_type="application/json")
    assert applied.status_code == 201 and len(applied.json()) == 12


def test_the_api_returns_coverage_per_interval(org, client_as):
    # given constables needed 07:00–17:00 and the teams on the pattern
    stations_teams_follow_the_pattern(org)
    need(org.northtown, rank=org.constable, start="07:00", end="17:00", minimum=1, target=2)
    # when mo asks for the first Monday by half-hours
    response = client_as("mo").get("/api/rostering/units/northtown/coverage",
                                   {"start": str(MONDAY), "end": str(MONDAY), "interval_minutes": 30})
    # then there are 20 half-hours with planned, shortfall and who
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 20
    last = rows[-1]
    assert (last["rank"], last["planned"], last["shortfall"], last["below_target"], last["people"]) == (
        "constable", 1, 0, 1, [org.sam.pk])
    bad = client_as("mo").get("/api/rostering/units/northtown/coverage",
                              {"start": str(MONDAY), "end": str(MONDAY), "interval_minutes": 45})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "interval_minutes"
