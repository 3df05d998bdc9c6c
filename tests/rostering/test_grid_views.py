import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rostering.actions.patterns import assign_team_pattern
from rostering.grid import build_grid
from tests.factories import PersonFactory, SkillFactory, give_skill

from .helpers import materialise, police_pattern

MONDAY = dt.date(2026, 1, 5)


def setup_station(org, extra_people: int = 0):
    pattern = police_pattern()
    assign_team_pattern(org.team_a, pattern, MONDAY)
    assign_team_pattern(org.team_b, pattern, MONDAY, offset_days=7)
    for i in range(extra_people):
        person = PersonFactory(rank=org.constable, staff_group=org.officers,
                               home_unit=org.team_a if i % 2 else org.team_b)
        give_skill(person, org.taser)
    materialise(org.northtown, MONDAY, MONDAY + dt.timedelta(days=27))


def test_the_grid_shows_each_person_by_team_with_their_duty_codes(org, client_as):
    # given Northtown's two teams follow the police pattern a week apart
    setup_station(org)
    # when pat opens the four-week roster
    response = client_as("pat").get(f"/rostering/units/northtown/roster/?start={MONDAY}&days=28")
    # then the teams are groups, Sam's first day is a late, and the foot counts people on duty
    assert response.status_code == 200
    html = response.content.decode()
    assert "Northtown Team A" in html and "Northtown Team B" in html
    grid = response.context["grid"]
    sam_row = next(r for r in grid.rows if r.person == org.sam)
    assert sam_row.cells[0].duty.code == "L10"
    assert grid.totals[0][0] == "On duty"
    assert grid.totals[0][1][0] == 1  # Monday: Sam on a late, Kim on a rest day


def test_the_grid_takes_the_same_number_of_queries_for_more_people(org):
    # given a station with 4 people, then with 24 more
    setup_station(org, extra_people=4)
    with CaptureQueriesContext(connection) as small:
        build_grid(org.northtown, MONDAY, MONDAY + dt.timedelta(days=27))
    for i in range(20):
        person = PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=org.team_a)
        give_skill(person, SkillFactory(code=f"s{i}", name=f"Skill {i}"))
    materialise(org.northtown, MONDAY, MONDAY + dt.timedelta(days=27))
    # when the grid is built for each
    with CaptureQueriesContext(connection) as large:
        grid = build_grid(org.northtown, MONDAY, MONDAY + dt.timedelta(days=27))
    # then the query count does not grow with people or days
    assert len(grid.rows) == 2 + 4 + 20
    assert len(large.captured_queries) == len(small.captured_queries) <= 12


def test_the_roster_page_query_count_is_constant(org, client_as):
    setup_station(org, extra_people=2)
    client = client_as("pat")
    with CaptureQueriesContext(connection) as small:
        client.get(f"/rostering/units/northtown/roster/?start={MONDAY}&days=7")
    for _ in range(10):
        PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=org.team_b)
    materialise(org.northtown, MONDAY, MONDAY + dt.timedelta(days=27))
    with CaptureQueriesContext(connection) as large:
        client.get(f"/rostering/units/northtown/roster/?start={MONDAY}&days=28")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_planner_cannot_open_another_areas_roster(org, client_as):
    response = client_as("olly").get("/rostering/units/northtown/roster/")
    assert response.status_code == 403


def test_a_manager_reads_the_roster_but_cannot_edit_a_cell(org, client_as):
    setup_station(org)
    client = client_as("mo")
    assert client.get(f"/rostering/units/northtown/roster/?start={MONDAY}").status_code == 200
    response = client.post(f"/rostering/units/northtown/cell/{org.sam.pk}/{MONDAY}/", {"value": "E10", "version": 1})
    assert response.status_code == 403


def test_staff_see_only_the_published_days_of_their_own_team(org, client_as):
    setup_station(org)
    client = client_as("sam")
    # sam's team roster is visible, but nothing is published yet
    response = client.get(f"/rostering/units/northtown-team-a/roster/?start={MONDAY}&days=7")
    assert response.status_code == 200
    row = response.context["grid"].rows[0]
    assert all(c.hidden for c in row.cells)
    # another team's roster is not
    assert client.get("/rostering/units/northtown-team-b/roster/").status_code == 403
    assert client.get("/rostering/units/northtown/roster/").status_code == 403


def test_abstractions_show_in_the_grid_and_sickness_only_as_unavailable(org, client_as):
    from absence.models import Abstraction, AbstractionType

    setup_station(org)
    sick = AbstractionType.objects.create(code="sick", name="Sickness", category="sickness", health_data=True)
    leave = AbstractionType.objects.create(code="al", name="Annual leave", category="leave")
    Abstraction.objects.create(person=org.sam, type=sick, start_date=MONDAY, end_date=MONDAY)
    Abstraction.objects.create(person=org.kim, type=leave, start_date=MONDAY, end_date=MONDAY + dt.timedelta(days=1))
    grid = build_grid(org.northtown, MONDAY, MONDAY + dt.timedelta(days=6))
    sam = next(r for r in grid.rows if r.person == org.sam)
    kim = next(r for r in grid.rows if r.person == org.kim)
    assert sam.cells[0].abstraction == "ABS" and sam.cells[0].abstraction_title == "Unavailable"
    assert kim.cells[1].abstraction == "AL"
    assert grid.totals[0][1][0] == 0  # Sam is abstracted, so not counted on duty
