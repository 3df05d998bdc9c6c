"""A planner records overtime, authorises it against the unit's budget and sees the remaining budget fall; an
authorisation that would exceed the budget is refused until the override box is ticked and a reason given."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from pay.actions import do_set_overtime_budget
from pay.choices import OvertimeStatus
from pay.models import OvertimeRecord
from tests.e2e.signing_in import sign_in
from tests.factories import Org
from tests.pay.helpers import give_pay_point

pytestmark = [pytest.mark.browser, pytest.mark.slow]
BUDGET = Decimal("400.00")


def pounds(amount: Decimal) -> str:
    return f"£{amount:,.2f}" if amount >= 0 else f"−£{-amount:,.2f} (over budget)"


def record(page: Page, person, day: dt.date, reason: str) -> OvertimeRecord:
    form = page.locator("#overtime-form")
    form.locator('select[name="person"]').select_option(str(person.pk))
    form.locator('select[name="kind"]').select_option("overtime")
    form.get_by_label("From", exact=True).fill(f"{day:%Y-%m-%d}T07:00")
    form.get_by_label("To", exact=True).fill(f"{day:%Y-%m-%d}T17:00")
    form.get_by_label("Reason", exact=True).fill(reason)
    form.get_by_role("button", name="Record").click()
    expect(page.locator(".messages")).to_contain_text("Overtime recorded.")
    return OvertimeRecord.objects.get(person=person, reason=reason)


def authorise(page: Page, row: OvertimeRecord, *, override: bool = False, why: str = "") -> None:
    line = page.locator(f"#overtime-{row.pk}")
    if override:
        line.locator('input[name="override_budget"]').check()
    if why:
        line.locator('input[name="override_reason"]').fill(why)
    line.get_by_role("button", name="Authorise").click()


def test_overtime_authorised_against_the_budget_and_an_override_needs_a_reason(browser_page, transactional_db,
                                                                               artifacts_dir):
    # given Northtown with a £400 overtime budget, Sam (constable) and Kim (sergeant) on pay point 3
    org = Org()
    for person in (org.sam, org.kim):
        give_pay_point(person, "3")
    today = timezone.localdate()
    day = today + dt.timedelta(days=7)
    do_set_overtime_budget(org.northtown, start_date=today - dt.timedelta(days=1), end_date=today + dt.timedelta(60),
                           amount=BUDGET, acting_user=org.alice, reason="This quarter")
    page = browser_page.page
    remaining = page.locator("#budget-remaining")

    # when Pat, Northtown's planner, records ten hours of overtime for Sam
    sign_in(page, "pat")
    page.goto(f"/pay/units/{org.northtown.code}/overtime/")
    sams = record(page, org.sam, day, "Festival early")

    # then it is costed and waits for authorisation; nothing is committed yet
    expect(page.locator(f"#overtime-{sams.pk}")).to_contain_text("Requested")
    expect(remaining).to_have_text(pounds(BUDGET))

    # when she authorises it
    authorise(page, sams)

    # then the remaining budget falls by its cost
    sams.refresh_from_db()
    assert sams.status == OvertimeStatus.AUTHORISED and Decimal("0") < sams.cost < BUDGET
    expect(page.locator(".messages")).to_contain_text("Overtime authorised.")
    expect(remaining).to_have_text(pounds(BUDGET - sams.cost))

    # when Kim's ten hours, which the rest of the budget cannot pay for, are authorised without an override
    kims = record(page, org.kim, day, "Festival late")
    assert kims.cost > BUDGET - sams.cost
    authorise(page, kims)

    # then they are refused, saying why, and nothing moves
    expect(page.locator(".messages")).to_contain_text("would exceed the overtime budget of Northtown")
    expect(page.locator(f"#overtime-{kims.pk}")).to_contain_text("Requested")
    expect(remaining).to_have_text(pounds(BUDGET - sams.cost))

    # when the override box is ticked but no reason given
    authorise(page, kims, override=True)

    # then still refused
    expect(page.locator(".messages")).to_contain_text("Say why the overtime budget may be exceeded.")
    kims.refresh_from_db()
    assert kims.status == OvertimeStatus.REQUESTED

    # when the box is ticked and a reason given
    authorise(page, kims, override=True, why="Gold commander approved")

    # then it is authorised, marked over budget, and the remaining budget goes below zero
    expect(page.locator(".messages")).to_contain_text("Overtime authorised.")
    expect(page.locator(f"#overtime-{kims.pk}")).to_contain_text("over budget")
    over = BUDGET - sams.cost - OvertimeRecord.objects.get(pk=kims.pk).cost
    expect(remaining).to_have_text(pounds(over))
    expect(remaining).to_have_class(re.compile("over-budget"))
    page.screenshot(path=artifacts_dir / "pay-overtime-budget.png", full_page=True)

    # and the duty change costs are one click away, loading cleanly
    page.get_by_role("link", name="Duty change costs").click()
    expect(page.locator("#duty-changes")).to_be_visible()
    assert browser_page.problems() == []
