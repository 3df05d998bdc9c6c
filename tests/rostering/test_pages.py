import datetime as dt

from org.choices import UnitKind
from rostering.models import Duty, RosterPeriod, ShiftPattern, TeamPattern
from tests.factories import PersonFactory, make_unit


def test_a_planner_goes_from_an_empty_station_to_a_published_eight_week_roster_for_five_teams(org, client_as):
    # given a new station with five empty teams of four officers each, planned by pat
    station = make_unit("Easton", UnitKind.STATION, org.north)
    teams = [make_unit(f"Easton Team {c}", UnitKind.TEAM, station) for c in "ABCDE"]
    for team in teams:
        for _ in range(4):
            PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=team)
    from common.choices import Role
    from tests.factories import assign_role

    assign_role(org.pat, Role.PLANNER, station)
    client = client_as("pat")
    start = dt.date.today() + dt.timedelta(days=60 - dt.date.today().weekday())
    end = start + dt.timedelta(days=55)
    # when pat takes the library pattern, gives it to all five teams, builds and publishes 8 weeks
    assert client.get("/rostering/units/easton/teams/").status_code == 200
    client.post("/rostering/patterns/import/", {"code": "police-5-team-10h", "back": "/rostering/units/easton/teams/",
                                                "unit": station.pk})
    pattern = ShiftPattern.objects.get(code="police-5-team-10h")
    client.post("/rostering/units/easton/teams/", {"op": "assign-all", "pattern": pattern.pk,
                                                   "anchor_date": start, "start_date": start})
    client.post("/rostering/units/easton/materialise/", {"start": start, "end": end})
    response = client.post("/rostering/units/easton/publish/", {"start": start, "end": end})
    # then every team follows it a week apart and 20 people × 56 days are published on time
    assert sorted(TeamPattern.objects.filter(team__in=teams).values_list("offset_days", flat=True)) == [0, 7, 14, 21,
                                                                                                        28]
    assert Duty.objects.filter(unit__in=teams, published=True).count() == 20 * 56
    period = RosterPeriod.objects.get(unit=station)
    assert period.status == "published" and not period.late
    page = client.get(response.url)
    assert page.status_code == 200
    assert min(page.context["grid"].totals[0][1]) >= 4  # every day has a team of four on each shift at least


def test_the_rostering_pages_open_for_a_planner(org, client_as):
    client = client_as("pat")
    client.post("/rostering/patterns/import/", {"code": "nhs-111-6-week", "unit": org.northtown.pk})
    pattern = ShiftPattern.objects.get(code="nhs-111-6-week")
    for url in ["/rostering/", "/rostering/patterns/", "/rostering/patterns/new/", f"/rostering/patterns/{pattern.pk}/",
                "/rostering/shift-types/", "/rostering/shift-types.css", "/rostering/units/northtown/teams/",
                "/rostering/units/northtown/changes/", "/notifications/"]:
        assert client.get(url).status_code == 200, url


def test_the_pattern_editor_preview_shows_hours_and_the_rules_broken(org, client_as):
    client = client_as("pat")
    client.post("/rostering/patterns/import/", {"code": "police-5-team-10h", "unit": org.northtown.pk})
    # seven lates and earlies alternating: an early six hours after each late (WTR-3)
    days = {f"d{i}": ("L10" if i % 2 == 0 else "E10") for i in range(7)}
    response = client.post("/rostering/patterns/preview/", {"weeks": 1, "teams": 1, "rule_pack": "police-officer",
                                                             **days})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="stat-hours">70.0<' in html
    assert "WTR-3" in html and "POL-4" in html


def test_the_pattern_editor_saves_a_new_pattern(org, client_as):
    client = client_as("pat")
    client.post("/rostering/patterns/import/", {"code": "office-days-mon-fri", "unit": org.northtown.pk})
    days = {f"d{i}": ("OD" if i % 7 < 5 else "") for i in range(14)}
    response = client.post("/rostering/patterns/new/", {"code": "two-weeks", "name": "Two weeks", "weeks": 2,
                                                        "teams": 1, "rule_pack": "police-staff",
                                                        "unit": org.northtown.pk, **days})
    assert response.status_code == 302
    assert ShiftPattern.objects.get(code="two-weeks").days[:7] == ["OD"] * 5 + ["", ""]


def test_staff_cannot_open_pattern_pages(org, client_as):
    assert client_as("sam").get("/rostering/patterns/").status_code == 403
