"""A constable requests leave in the browser; his manager sees the staffing impact and approves; the balance moves."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from absence.choices import AbstractionStatus
from absence.models import Abstraction
from absence.reference import ensure_abstraction_types
from rostering.models import Duty, Notification, Requirement
from rostering.projection import duty_instants
from tests.e2e.signing_in import sign_in
from tests.factories import Org, PersonFactory, give_contract

pytestmark = [pytest.mark.browser]


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_request_impact_approve_and_the_balance_updates(browser_page, transactional_db, artifacts_dir):
    # given Team A needs 2 constables 07:00–17:00 and has only Sam and Ash on an early in ten days' time
    org = Org()
    ensure_abstraction_types()
    day = timezone.localdate() + dt.timedelta(days=10)
    ash = PersonFactory(first_name="Ash", last_name="Teammate", rank=org.constable, staff_group=org.officers,
                        home_unit=org.team_a)
    give_contract(ash)
    Requirement.objects.create(unit=org.team_a, rank=org.constable, weekdays="0123456", start_time=dt.time(7),
                               end_time=dt.time(17), minimum=2, target=2, effective_from=dt.date(2020, 1, 1))
    for person in (org.sam, ash):
        start, end = duty_instants(day, dt.time(7), dt.time(17))
        Duty.objects.create(person=person, unit=org.team_a, date=day, start=start, end=end)
    page = browser_page.page

    # when Sam asks for that day off from his leave page
    sign_in(page, "sam")
    page.goto(f"/my/leave/?on={day}")
    remaining = page.locator('.balance[data-ledger="annual-leave"] .figure')
    before = remaining.get_attribute("data-remaining")
    page.get_by_role("link", name="Request leave").click()
    page.get_by_label("What").select_option(label="Annual leave")
    page.get_by_label("First day").fill(day.isoformat())
    page.get_by_role("button", name="Send request").click()

    # then he is told it waits for a manager, at the 10 rostered hours
    expect(page.locator(".messages")).to_contain_text("waiting for a manager's decision")
    expect(page.locator("#my-requests")).to_contain_text("Requested")
    request = Abstraction.objects.get(person=org.sam, status=AbstractionStatus.REQUESTED)
    assert str(request.hours) == "10.00"
    sign_out(page)

    # when Mo, his manager, opens the requests of Northtown and the one from Sam
    sign_in(page, "mo")
    page.goto(f"/rostering/units/{org.northtown.code}/leave/")
    page.locator(f'tr[data-request="{request.pk}"]').get_by_role("link", name="See impact and decide").click()

    # then she sees, before deciding, that Team A's constables would fall from 2 to 1 from 07:00 to 17:00
    expect(page.locator("#verdict")).to_contain_text("Approving would breach")
    impact_row = page.locator("table.impact tr.breach")
    expect(impact_row).to_contain_text("07:00–17:00")
    expect(impact_row).to_contain_text("Constable")
    expect(page.locator("#balance-remaining")).to_be_visible()
    page.screenshot(path=artifacts_dir / "leave-impact.png", full_page=True)

    # when she approves it with a reason
    page.locator("#decision-reason").fill("Overtime will cover the early")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#request-status")).to_have_text("Approved")
    sign_out(page)

    # then Sam is told, and his balance is 10 hours lower
    assert "approved" in Notification.objects.get(person=org.sam).text
    sign_in(page, "sam")
    page.goto(f"/my/leave/?on={day}")
    expect(page.locator("#my-requests")).to_contain_text("Approved")
    after = page.locator('.balance[data-ledger="annual-leave"] .figure').get_attribute("data-remaining")
    assert float(before) - float(after) == 10.0
    expect(page.locator("#statement")).to_contain_text("Taken")
    page.screenshot(path=artifacts_dir / "my-leave-after.png", full_page=True)
    assert browser_page.problems() == []
