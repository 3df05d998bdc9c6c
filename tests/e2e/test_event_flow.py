"""A planner plans an event in the browser: create it, add a phase and a requirement, propose, confirm, and the
roster grid shows the event duties (issue 9)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.choices import AssignmentStatus, Method
from events.models import Assignment, Event
from rostering.choices import DutySource
from rostering.models import Duty
from tests.e2e.signing_in import sign_in
from tests.events.helpers import constable, rest_day
from tests.factories import Org

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def saturday_in_two_weeks() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(5 - today.weekday()) % 7 + 14)


def test_planner_creates_an_event_proposes_confirms_and_the_roster_shows_the_event_duties(
        browser_page, transactional_db, artifacts_dir):
    # given Northtown's planner pat; Ann has nothing rostered that Saturday and Bob has a rest day
    org = Org()
    day = saturday_in_two_weeks()
    ann, bob = constable(org, "Ann"), constable(org, "Bob")
    rest_day(bob, day)
    page = browser_page.page
    sign_in(page, "pat")

    # when pat creates the event owned by Northtown
    page.goto("/events/new/")
    form = page.locator("#event-form")
    form.get_by_label("Name").fill("Town v Rovers")
    form.get_by_label("Reference").fill("op-rovers")
    form.get_by_label("Owning unit").select_option(label="Northtown")
    form.get_by_role("button", name="Create").click()
    expect(page.locator("h1")).to_contain_text("Town v Rovers")
    # and adds a deployment phase 10:00–17:00 that Saturday needing Northtown's 3 constables (Sam, Ann, Bob)
    phase = page.locator("#phase-form")
    phase.get_by_label("Name").fill("Match")
    phase.get_by_label("Start").fill(f"{day:%Y-%m-%d}T10:00")
    phase.get_by_label("End").fill(f"{day:%Y-%m-%d}T17:00")
    phase.get_by_role("button", name="Add phase").click()
    expect(page.locator("#phase-table")).to_contain_text("Match")
    requirement = page.locator("#requirement-form")
    requirement.get_by_label("Number").fill("3")
    requirement.get_by_label("Rank").select_option(label="Constable")
    requirement.get_by_role("button", name="Save requirement").click()
    expect(page.locator("#phase-table")).to_contain_text("3 ×")

    # and asks for a proposal
    page.locator("#propose-form button").click()
    expect(page.locator("#proposal")).to_contain_text("Every requirement met")
    table = page.locator("#assignment-table")
    expect(table).to_contain_text("Rest-day working")
    expect(page.locator("#kpi-people")).to_have_text("3")
    expect(page.locator("#kpi-rest")).to_have_text("1")
    page.screenshot(path=artifacts_dir / "event-proposed.png", full_page=True)

    # and confirms it
    page.locator("#confirm-form button").click()
    expect(page.locator("#assignment-table")).to_contain_text("Confirmed")

    # then each deployed person's duty that Saturday is the event duty, written with source=event
    event = Event.objects.get(reference="op-rovers")
    assignments = list(Assignment.objects.filter(event=event).select_related("person"))
    assert {a.person for a in assignments} == {org.sam, ann, bob}
    assert all(a.status == AssignmentStatus.CONFIRMED for a in assignments)
    assert next(a for a in assignments if a.person == bob).method == Method.REST_DAY
    duties = Duty.objects.filter(person__in=[a.person for a in assignments], date=day)
    assert {d.source for d in duties} == {DutySource.EVENT}
    assert not any(d.is_rest_day for d in duties)

    # and the roster grid of Northtown shows them working 10:00–17:00 that day
    page.goto(f"/rostering/units/northtown/roster/?start={day - dt.timedelta(days=5)}&days=7")
    for person in (org.sam, ann, bob):
        cell = page.locator(f"#cell-{person.pk}-{day:%Y%m%d}")
        expect(cell).to_contain_text("1000–1700")
        expect(cell).not_to_contain_text("RD")
    page.screenshot(path=artifacts_dir / "event-roster.png", full_page=True)
    assert browser_page.problems() == []
