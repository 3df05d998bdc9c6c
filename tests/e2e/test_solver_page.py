"""A planner starts a fill run from the roster, watches it finish, accepts it, and sees the solver's duties."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from rostering.choices import DutySource
from rostering.models import Duty, SolverRun
from tests.e2e.signing_in import sign_in
from tests.factories import Org
from tests.rostering.solving_world import constables, monday_ahead, need, police_shifts

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_planner_fills_a_week_with_the_optimiser_and_accepts_it(browser_page, transactional_db, settings):
    # given: Northtown with four constables, nobody rostered, one constable wanted on earlies; tasks run at once
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    org = Org()
    police_shifts()
    constables(org, 3)
    need(org.northtown, rank=org.constable, minimum=1)
    start = monday_ahead()
    end = start + dt.timedelta(days=6)
    page = browser_page.page

    # when: pat opens Optimise from the roster and starts a fill run of the week, 2 seconds
    sign_in(page, "pat")
    page.goto(f"/rostering/units/{org.northtown.code}/roster/?start={start.isoformat()}")
    page.locator("#optimise-link").click()
    page.get_by_label("Fill: keep the roster, cover the shortfalls").check()
    page.get_by_label("First day").fill(start.isoformat())
    page.get_by_label("Last day").fill(end.isoformat())
    page.get_by_label("Time limit (seconds)").fill("2")
    page.locator("#start-run").click()

    # then: the run page shows it finished with its proposal, the unfilled list and fairness
    run = SolverRun.objects.get()
    expect(page).to_have_url(re.compile(rf"/rostering/solver-runs/{run.pk}/$"))
    expect(page.locator("#run-status")).to_have_attribute("data-status", "finished", timeout=30_000)
    expect(page.locator("#changes tbody tr")).to_have_count(7)
    expect(page.get_by_text("Every minimum and target is met.")).to_be_visible()

    # when: he accepts all
    page.locator("#accept-all").click()

    # then: the roster grid shows the week's earlies from the solver, and the page loaded cleanly
    expect(page).to_have_url(re.compile(r"/roster/\?start="))
    expect(page.locator("#roster")).to_contain_text("E")
    assert Duty.objects.filter(source=DutySource.SOLVER, date__range=(start, end)).count() == 7
    assert browser_page.problems() == []
