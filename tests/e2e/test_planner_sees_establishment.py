"""A planner signs in with the real browser and reads the establishment of their station."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, Org

pytestmark = [pytest.mark.browser]


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def establishment_cell(page: Page, rank: str, column: str):
    return page.locator(f'table#establishment tr[data-rank="{rank}"] td[data-col="{column}"]')


def test_planner_opens_northtown_from_the_tree_and_sees_its_establishment(
        browser_page, transactional_db, artifacts_dir):
    # given: Northtown's teams have 8 funded constable posts and 1 sergeant post; sam and kim are in post
    org = Org()
    page = browser_page.page

    # when: pat signs in through the form and clicks from the organisation tree to Northtown
    sign_in(page, "pat", PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/login/"))
    page.goto("/units/")
    page.get_by_role("link", name="Northtown", exact=True).click()

    # then: the unit page shows establishment, strength and vacancy per rank in FTE
    expect(page).to_have_url(re.compile(rf"/units/{org.northtown.pk}/$"))
    expect(establishment_cell(page, "constable", "funded")).to_have_text("8.00")
    expect(establishment_cell(page, "constable", "strength")).to_have_text("1.00")
    expect(establishment_cell(page, "constable", "headcount")).to_have_text("1")
    expect(establishment_cell(page, "constable", "vacancy")).to_have_text("7.00")
    expect(establishment_cell(page, "sergeant", "funded")).to_have_text("1.00")
    expect(establishment_cell(page, "sergeant", "strength")).to_have_text("1.00")
    expect(establishment_cell(page, "sergeant", "vacancy")).to_have_text("0.00")
    expect(establishment_cell(page, "total", "funded")).to_have_text("9.00")
    expect(establishment_cell(page, "total", "strength")).to_have_text("2.00")
    expect(establishment_cell(page, "total", "vacancy")).to_have_text("7.00")
    for column in ("long_term_abstracted", "available"):
        expect(establishment_cell(page, "constable", column)).to_have_text(re.compile(r"^\s*\d+\.\d\d\s*$"))
    # and the stylesheet and scripts loaded under the CSP, with nothing in the console
    assert page.evaluate("getComputedStyle(document.body).margin") != "8px", "muster.css did not apply"
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load"
    page.screenshot(path=artifacts_dir / "establishment.png", full_page=True)
    assert browser_page.problems() == []


def test_a_wrong_password_shows_an_error_and_starts_no_session(browser_page, transactional_db):
    # given
    Org()
    page = browser_page.page

    # when
    sign_in(page, "pat", "not-the-password")

    # then: the form says so, nobody is signed in, and pages still need a sign-in
    expect(page.locator(".error")).to_contain_text("correct username and password")
    assert not any(cookie["name"] == "sessionid" for cookie in page.context.cookies())
    page.goto("/units/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/units/"))
    # the refused sign-in answers 401, which Chromium reports in the console; nothing else may appear there
    assert browser_page.problems(allow=("status of 401",)) == []
