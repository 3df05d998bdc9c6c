"""A roster too large for a row per person (a whole force) is shown as people on duty per sub-unit and day, with a
link down to each sub-unit's grid; a saved cell is checked against the rules for its own person only."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from absence.models import Abstraction, AbstractionType
from rostering import grid as grid_module
from rostering.actions.patterns import assign_team_pattern
from rostering.grid import Grid, Summary, build_grid, build_roster
from tests.factories import PersonFactory

from .helpers import materialise, police_pattern

MONDAY = dt.date(2026, 1, 5)
SUNDAY = MONDAY + dt.timedelta(days=6)


@pytest.fixture
def force(org):
    pattern = police_pattern()
    assign_team_pattern(org.team_a, pattern, MONDAY)
    assign_team_pattern(org.team_b, pattern, MONDAY, offset_days=7)
    assign_team_pattern(org.team_c, pattern, MONDAY, offset_days=14)
    materialise(org.force, MONDAY, MONDAY + dt.timedelta(days=27))
    return org


def on_duty_totals(grid: Grid) -> list[int]:
    return next(counts for label, counts in grid.totals if label == "On duty")


def test_a_roster_with_more_people_than_the_grid_holds_is_summarised_per_sub_unit(force):
    # when the force's week is built with room for one person only
    summary = build_roster(force.force, MONDAY, SUNDAY, max_people=1)

    # then each area is a row with its head-count, and the foot counts the same people on duty as the full grid
    assert isinstance(summary, Summary)
    assert [(r.unit, r.people) for r in summary.rows] == [(force.north, 2), (force.south, 1)]
    assert summary.total.people == 3
    assert summary.total.on_duty == on_duty_totals(build_grid(force.force, MONDAY, SUNDAY))
    north = build_grid(force.north, MONDAY, SUNDAY)
    assert summary.rows[0].on_duty == on_duty_totals(north)


def test_a_roster_within_the_limit_is_the_full_grid(force):
    assert isinstance(build_roster(force.northtown, MONDAY, SUNDAY), Grid)


def test_abstracted_people_are_counted_apart_not_on_duty_in_the_summary(force):
    # given Sam, on a duty on Monday, is on annual leave that day
    leave = AbstractionType.objects.create(code="al", name="Annual leave", category="leave")
    grid = build_grid(force.force, MONDAY, SUNDAY)
    sam_monday = next(r for r in grid.rows if r.person == force.sam).cells[0]
    assert sam_monday.on_duty
    before = on_duty_totals(grid)[0]
    Abstraction.objects.create(person=force.sam, type=leave, start_date=MONDAY, end_date=MONDAY)

    # when
    summary = build_roster(force.force, MONDAY, SUNDAY, max_people=1)

    # then
    assert summary.total.on_duty[0] == before - 1
    assert summary.rows[0].abstracted[0] == 1 and summary.total.abstracted[1] == 0


def test_the_summary_takes_the_same_number_of_queries_for_more_people(force):
    with CaptureQueriesContext(connection) as small:
        build_roster(force.force, MONDAY, SUNDAY, max_people=1)
    for i in range(15):
        PersonFactory(rank=force.constable, staff_group=force.officers,
                      home_unit=(force.team_a, force.team_c, force.southport)[i % 3])
    materialise(force.force, MONDAY, MONDAY + dt.timedelta(days=27))
    with CaptureQueriesContext(connection) as large:
        summary = build_roster(force.force, MONDAY, SUNDAY, max_people=1)
    assert summary.total.people == 18
    assert len(large.captured_queries) == len(small.captured_queries) <= 12


def test_the_force_roster_page_links_each_area_to_its_own_grid(force, client_as, monkeypatch):
    # given a force too large for one grid
    monkeypatch.setattr(grid_module, "GRID_MAX_PEOPLE", 2)

    # when the administrator opens the force's roster for a week
    response = client_as("alice").get(f"/rostering/units/northshire/roster/?start={MONDAY}&days=7")

    # then areas are rows linking to their grids for the same week, and there are no cells to edit
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="roster-summary"' in html and "3 people are on this roster" in html
    assert f'href="/rostering/units/north-lpa/roster/?start={MONDAY}&amp;days=7"' in html
    assert 'id="cell-' not in html and 'id="bulk-form"' not in html
    assert response.context["grid"].total.on_duty == on_duty_totals(build_grid(force.force, MONDAY, SUNDAY))
    # and the area's own grid, within the limit, is the full grid
    north = client_as("alice").get(f"/rostering/units/north-lpa/roster/?start={MONDAY}&days=7")
    assert f'id="cell-{force.sam.pk}-{MONDAY:%Y%m%d}"' in north.content.decode()


def test_a_manager_reads_the_summary_of_their_area(force, client_as, monkeypatch):
    monkeypatch.setattr(grid_module, "GRID_MAX_PEOPLE", 1)
    response = client_as("mo").get(f"/rostering/units/north-lpa/roster/?start={MONDAY}&days=7")
    assert response.status_code == 200
    assert isinstance(response.context["grid"], Summary)
    assert [r.unit for r in response.context["grid"].rows] == [force.northtown]


def test_staff_always_get_the_grid_of_their_team(force, client_as, monkeypatch):
    monkeypatch.setattr(grid_module, "GRID_MAX_PEOPLE", 0)
    response = client_as("sam").get(f"/rostering/units/northtown-team-a/roster/?start={MONDAY}&days=7")
    assert response.status_code == 200
    assert isinstance(response.context["grid"], Grid)


def test_saving_a_cell_checks_the_rules_for_that_person_only(force, client_as, monkeypatch):
    # given Sam works a late (15:00-01:00) on Monday
    from rostering import compliance

    checked: list[list[int]] = []
    real = compliance.violations_for

    def spy(person_ids, start, end):
        checked.append(list(person_ids))
        return real(person_ids, start, end)

    monkeypatch.setattr(compliance, "violations_for", spy)
    tuesday = MONDAY + dt.timedelta(days=1)
    client = client_as("pat")
    url = f"/rostering/units/northtown/cell/{force.sam.pk}/{tuesday}/"
    version = client.get(url).context["version"]

    # when pat makes Tuesday an early, only 6 hours after Monday's late
    response = client.post(url, {"value": "E10", "version": version, "reason": "cover", "grid_start": MONDAY,
                                 "grid_end": SUNDAY})

    # then the saved cell carries the WTR-3 warning, and only Sam was checked
    assert response.status_code == 200
    saved = response.context["saved_cell_html"]
    assert f'id="cell-{force.sam.pk}-{tuesday:%Y%m%d}"' in saved
    assert "violation" in saved and "WTR-3" in saved
    assert checked == [[force.sam.pk]]
