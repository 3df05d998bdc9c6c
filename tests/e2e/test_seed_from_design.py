"""A roster analyst turns a shift design into a rota pattern for the centre's teams and into staffing requirements
for the optimiser's fill mode, in the browser (issue 8)."""

import re

import pytest
from playwright.sync_api import expect

from demand.actions import do_design_shifts, do_make_forecast
from demand.models import Queue
from rostering.models import Requirement, ShiftPattern, TeamPattern
from tests.demand.helpers import add_history
from tests.e2e.signing_in import sign_in
from tests.factories import Org, PersonFactory, give_contract

pytestmark = [pytest.mark.browser]


def test_planner_seeds_a_pattern_and_requirements_from_a_shift_design(browser_page, transactional_db, artifacts_dir):
    # given: Northtown's advisors queue, a week's forecast and a design of 8-hour shifts; teams A and B of four
    org = Org()
    for team in (org.team_a, org.team_b):
        for n in range(3):
            give_contract(PersonFactory(first_name=f"Advisor{n}", last_name="Team", rank=org.constable,
                                        staff_group=org.officers, home_unit=team))
    queue = Queue.objects.create(unit=org.northtown, name="Health advisors")
    add_history(queue)
    forecast = do_make_forecast(queue, horizon_days=7, acting_user=org.pat)
    design = do_design_shifts(forecast, acting_user=org.pat, days=7, shift_hours=[8],
                              start_times=["07:00", "15:00", "23:00"], break_minutes=30, time_limit_s=5)
    page = browser_page.page

    # when: pat opens the design and follows the seed link
    sign_in(page, "pat")
    page.goto(f"/demand/shift-designs/{design.pk}/")
    page.get_by_role("link", name="Seed a pattern or requirements from this design").click()

    # then: both teams are ticked, with their people counted, and the design's shifts listed as new types
    expect(page.get_by_role("heading", name=re.compile("Seed the roster from the shift design"))).to_be_visible()
    expect(page.get_by_label(re.compile("Northtown Team A"))).to_be_checked()
    expect(page.get_by_label(re.compile("Northtown Team B"))).to_be_checked()
    expect(page.locator("#seed-shifts")).to_contain_text("07:00–15:00 (8 h)")

    # when: he makes the pattern with the teams following it from the design's Monday
    page.get_by_label("Teams follow it from (optional)").fill("2025-06-23")
    page.get_by_role("button", name="Make the pattern").click()

    # then: the pattern editor opens on the new two-week pattern, and both teams follow it
    pattern = ShiftPattern.objects.get()
    expect(page).to_have_url(re.compile(rf"/rostering/patterns/{pattern.pk}/$"))
    expect(page.locator(".messages")).to_contain_text("2 weeks for 2 teams")
    assert TeamPattern.objects.filter(pattern=pattern).count() == 2
    page.screenshot(path=artifacts_dir / "seed-pattern.png", full_page=True)

    # when: back on the seed page he adds the requirements
    page.goto(f"/rostering/shift-designs/{design.pk}/seed/")
    expect(page.locator("#seed-pattern")).to_contain_text("This design already seeded")
    page.get_by_role("button", name="Add the requirements").click()

    # then: the requirements page lists them and says what they are for
    expect(page).to_have_url(re.compile(rf"/rostering/units/{org.northtown.code}/requirements/"))
    expect(page.locator(".messages")).to_contain_text("the optimiser's fill mode fills the roster to them")
    assert Requirement.objects.filter(unit=org.northtown).count() > 0
    page.screenshot(path=artifacts_dir / "seed-requirements.png", full_page=True)
    assert browser_page.problems() == []
