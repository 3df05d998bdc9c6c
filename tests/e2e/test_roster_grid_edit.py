"""A planner edits a roster cell in the browser: the rules engine warns before saving, the daily total follows."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from rostering.actions import assign_team_pattern, do_import_library_pattern, materialise_duties
from rostering.models import Duty
from tests.e2e.signing_in import sign_in
from tests.factories import Org

pytestmark = [pytest.mark.browser]

MONDAY = dt.date(2026, 1, 5)
SUNDAY = MONDAY + dt.timedelta(days=6)
WEDNESDAY = MONDAY + dt.timedelta(days=2)


def test_planner_edits_a_cell_sees_the_violation_saves_and_the_daily_total_changes(
        browser_page, transactional_db, artifacts_dir):
    # given Northtown's two teams follow the police pattern a week apart: on Wednesday only Kim (team B) is on
    # duty, and Sam (team A) has a rest day after a late that ends at 01:00
    org = Org()
    pattern = do_import_library_pattern(code="police-5-team-10h", acting_user=None)
    assign_team_pattern(org.team_a, pattern, MONDAY)
    assign_team_pattern(org.team_b, pattern, MONDAY, offset_days=7)
    materialise_duties(org.northtown, MONDAY, SUNDAY)
    page = browser_page.page
    sign_in(page, "pat")

    # when pat opens the week and clicks Sam's Wednesday rest day
    page.goto(f"/rostering/units/northtown/roster/?start={MONDAY}&days=7")
    wednesday_total = page.locator("#totals tr.total td.num").nth(2)
    expect(wednesday_total).to_have_text("1")
    cell = page.locator(f"#cell-{org.sam.pk}-{WEDNESDAY:%Y%m%d}")
    expect(cell).to_contain_text("RD")
    cell.click()
    # and types an early (07:00), six hours after Tuesday's late
    value = page.locator("#cell-value")
    expect(value).to_be_visible()
    # wait until htmx has wired up the editor it just inserted, as a person's first keystroke would
    page.wait_for_function("() => document.querySelector('#cell-value')['htmx-internal-data'] !== undefined")
    value.fill("E10")

    # then the rules engine answers before saving: too little rest before the early (WTR-3)
    warning = page.locator("#check-violations")
    expect(warning).to_contain_text("WTR-3")
    page.wait_for_load_state("networkidle")  # the in-memory test database takes one writer or reader at a time
    assert Duty.objects.get(person=org.sam, date=WEDNESDAY).is_rest_day
    page.screenshot(path=artifacts_dir / "roster-cell-warning.png", full_page=True)

    # when pat saves anyway
    page.locator("#cell-save").click()

    # then the cell shows the early, the Wednesday total goes from 1 to 2, and the change is stored
    expect(page.locator("#saved-message")).to_be_visible()
    expect(page.locator(f"#cell-{org.sam.pk}-{WEDNESDAY:%Y%m%d}")).to_contain_text("E10")
    expect(page.locator("#totals tr.total td.num").nth(2)).to_have_text("2")
    assert Duty.objects.get(person=org.sam, date=WEDNESDAY).code == "E10"
    page.screenshot(path=artifacts_dir / "roster-cell-saved.png", full_page=True)
    assert browser_page.problems() == []
