"""An administrator opens a force's roster: too many people for a row each, so a row per area with people on duty
per day, and a click goes down to the area's grid for the same week."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from rostering import grid as grid_module
from rostering.actions import assign_team_pattern, do_import_library_pattern, materialise_duties
from tests.e2e.signing_in import sign_in
from tests.factories import Org

pytestmark = [pytest.mark.browser]

MONDAY = dt.date(2026, 1, 5)
SUNDAY = MONDAY + dt.timedelta(days=6)


def test_the_force_roster_is_a_summary_per_area_that_drills_down_to_the_area_grid(
        browser_page, transactional_db, artifacts_dir, monkeypatch):
    # given three people on three teams following the police pattern, and a grid limit of two people
    org = Org()
    pattern = do_import_library_pattern(code="police-5-team-10h", acting_user=None)
    assign_team_pattern(org.team_a, pattern, MONDAY)
    assign_team_pattern(org.team_b, pattern, MONDAY, offset_days=7)
    assign_team_pattern(org.team_c, pattern, MONDAY, offset_days=14)
    materialise_duties(org.force, MONDAY, SUNDAY)
    monkeypatch.setattr(grid_module, "GRID_MAX_PEOPLE", 2)
    page = browser_page.page
    sign_in(page, "alice")

    # when alice opens the force's week
    page.goto(f"/rostering/units/northshire/roster/?start={MONDAY}&days=7")

    # then each area is a row with its head-count, and there are no cells to edit
    summary = page.locator("#roster-summary")
    expect(summary).to_be_visible()
    expect(page.locator("#summary-note")).to_contain_text("3 people")
    expect(summary.locator("tr[data-unit=north-lpa] td.num").first).to_have_text("2")
    expect(summary.locator("tr[data-unit=south-lpa] td.num").first).to_have_text("1")
    expect(page.locator("td.cell")).to_have_count(0)
    page.screenshot(path=artifacts_dir / "roster-force-summary.png", full_page=True)

    # when she opens North LPA
    summary.get_by_role("link", name="North LPA").click()

    # then its own grid for the same week, with Sam's Monday cell
    expect(page).to_have_url(re.compile(rf"/rostering/units/north-lpa/roster/\?start={MONDAY}&days=7"))
    expect(page.locator(f"#cell-{org.sam.pk}-{MONDAY:%Y%m%d}")).to_be_visible()
    assert browser_page.problems() == []
