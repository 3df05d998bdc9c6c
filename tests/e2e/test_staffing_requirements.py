"""A planner sets a staffing requirement in the browser and sees planned against it on the roster, hour by hour."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from rostering.actions import assign_team_pattern, do_import_library_pattern, materialise_duties
from rostering.models import Requirement
from tests.e2e.signing_in import sign_in
from tests.factories import Org

pytestmark = [pytest.mark.browser]

MONDAY = dt.date(2026, 1, 5)
SUNDAY = MONDAY + dt.timedelta(days=6)


def test_planner_adds_a_requirement_and_sees_the_shortfall_hour_by_hour(browser_page, transactional_db,
                                                                         artifacts_dir):
    # given Northtown's two teams follow the police pattern a week apart (Kim is the only sergeant)
    org = Org()
    pattern = do_import_library_pattern(code="police-5-team-10h", acting_user=None)
    assign_team_pattern(org.team_a, pattern, MONDAY)
    assign_team_pattern(org.team_b, pattern, MONDAY, offset_days=7)
    materialise_duties(org.northtown, MONDAY, SUNDAY)
    page = browser_page.page
    sign_in(page, "pat")

    # when pat opens the staffing requirements and asks for a target below the minimum
    page.goto("/rostering/units/northtown/requirements/")
    form = page.locator("#requirement-form")
    form.locator("#req-rank").select_option(label="Sergeant")
    form.locator("#req-start").fill("07:00")
    form.locator("#req-end").fill("07:00")
    form.locator("#req-min").fill("2")
    form.locator("#req-target").fill("1")
    form.locator("#req-from").fill("2026-01-01")
    form.get_by_role("button", name="Add").click()

    # then the form stays, with the message beside the target and nothing saved
    expect(page.locator("#requirement-form .field-error")).to_contain_text("at least the minimum")
    assert not Requirement.objects.exists()

    # when the target is corrected and saved
    page.locator("#req-target").fill("2")
    page.locator("#requirement-form").get_by_role("button", name="Add").click()

    # then the page reloads with the line and its week at a glance (24 hours × 7 days of 2)
    expect(page.locator("table.requirements tr.changed")).to_contain_text("Sergeant")
    expect(page.locator("table.profile td.need").first).to_have_text("2")
    assert Requirement.objects.get().minimum == 2
    page.screenshot(path=artifacts_dir / "requirements-editor.png", full_page=True)

    # when pat opens the roster: the foot shows sergeants short every day
    page.goto(f"/rostering/units/northtown/roster/?start={MONDAY}&days=7")
    monday = page.locator("#totals tr.staffing td.staff").first
    expect(monday).to_have_class(re.compile(r"\bcov-short\b"))
    expect(monday).to_have_text("0/2")
    # and clicks Monday for its hours
    monday.locator("a").click()

    # then the panel under the grid lists the hours, short in red, naming who counts
    panel = page.locator("#staffing-detail .staffing-day")
    expect(panel).to_contain_text("Staffing Monday 5 January 2026")
    expect(panel.locator("td.staff.cov-short").first).to_be_visible()
    page.screenshot(path=artifacts_dir / "roster-staffing-foot.png", full_page=True)
    panel.get_by_role("button", name="Close").click()
    expect(page.locator("#staffing-detail .staffing-day")).to_have_count(0)
    # the refused form's 400 is the only console message: no script error, no CSP violation
    assert browser_page.problems(allow=("status of 400",)) == []
