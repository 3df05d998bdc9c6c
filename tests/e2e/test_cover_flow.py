"""Issue 7 in the browser: a planner sees tomorrow at its minimum, reports an officer sick, is shown the gap with
ranked options, applies the top one and the board turns green; the duty, notification, audit and budget follow."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from common.models import AuditEvent
from cover.models import CoverApplication
from pay.actions import do_set_overtime_budget
from pay.budgets import budget_status
from rostering.models import Duty, Notification, Requirement
from tests.cover.scene import Scene
from tests.e2e.signing_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_planner_reports_a_sickness_applies_the_top_cover_option_and_the_board_turns_green(
        browser_page, transactional_db, artifacts_dir):
    # given tomorrow Northtown needs 2 constables 07:00–17:00 and has exactly Sam and Ann; nobody elsewhere is
    # spare (Northfield needs both its constables) and Cat rests, so cover will cost overtime
    scene = Scene(days_ahead=1)
    Requirement.objects.filter(unit=scene.northfield).update(minimum=2, target=2)
    scene.set(scene.cat, "RD")
    do_set_overtime_budget(scene.org.northtown, start_date=scene.day - dt.timedelta(days=30),
                           end_date=scene.day + dt.timedelta(days=30), amount=Decimal("5000.00"),
                           acting_user=scene.org.alice, reason="quarter")
    committed_before = budget_status(scene.org.northtown, scene.day).committed
    page = browser_page.page
    sign_in(page, "pat")

    # when pat opens tomorrow's board: at the minimum, nothing red
    page.goto(f"/cover/units/northtown/?start={scene.day}&day={scene.day}")
    gaps_that_day = page.locator("tr.gap", has_text=f"{scene.day:%a} {scene.day.day} {scene.day:%b} ")
    expect(gaps_that_day).to_have_count(0)  # (the scene rosters only that day: the days after it are short)
    expect(page.locator(".cover-hours td.cov-short")).to_have_count(0)

    # and reports Ann sick
    page.get_by_role("link", name=re.compile("Report sick")).click()
    page.locator("#report-person").select_option(str(scene.ann.pk))
    page.locator("#report-kind").select_option("sick")
    page.locator("#report-note").fill("Sickness and diarrhoea")
    page.get_by_role("button", name="Report and find cover").click()

    # then the gap is shown with ranked, costed options
    expect(page).to_have_url(re.compile(r"/cover/units/northtown/options/"))
    expect(page.locator("h1")).to_contain_text("Cover for")
    options = page.locator("tr.option")
    expect(options.first).to_be_visible()
    top = options.first
    top_person = top.locator("b").first.inner_text()
    page.screenshot(path=artifacts_dir / "cover-options.png", full_page=True)

    # when pat applies the top option
    top.get_by_role("button", name="Apply").click()

    # then the board is back with the gap filled: no red that day, and the change confirmed
    expect(page).to_have_url(re.compile(r"/cover/units/northtown/\?"))
    expect(page.locator("ul.messages")).to_contain_text("Applied")
    expect(gaps_that_day).to_have_count(0)
    expect(page.locator(".cover-hours td.cov-short")).to_have_count(0)
    page.screenshot(path=artifacts_dir / "cover-applied.png", full_page=True)

    # and the person's duty changed, they were told, it is audited and the overtime budget's committed figure rose
    applied = CoverApplication.objects.get()
    assert applied.person.full_name == top_person
    duty = Duty.objects.get(person=applied.person, date=scene.day)
    assert (duty.is_rest_day, duty.start, duty.end) == (False, scene.at(7), scene.at(17))
    assert Notification.objects.filter(person=applied.person, text__contains="Your duty on").exists()
    assert AuditEvent.objects.filter(action="cover.option.applied", object_id=str(applied.pk)).exists()
    assert AuditEvent.objects.filter(action="cover.report.sick").exists()
    assert applied.cost > 0
    assert budget_status(scene.org.northtown, scene.day).committed == committed_before + applied.cost
    assert browser_page.problems() == []
