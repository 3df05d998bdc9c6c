"""Duty change costs on the pages and the API: planners and managers of the unit, staff their own only."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from tests.pay.helpers import REST, at, change, give_pay_point, shift

SAT = dt.date(2026, 3, 14)
MARCH = {"start": "2026-03-01", "end": "2026-03-31"}


@pytest.fixture
def changed(org):
    for person in (org.sam, org.kim, org.lee):
        give_pay_point(person, "3")
    change(org.sam, SAT, REST, shift(SAT, 7, 17), told=at(dt.date(2026, 3, 10), 9))
    change(org.kim, SAT, REST, shift(SAT, 7, 17), told=at(dt.date(2026, 2, 20), 9))
    change(org.lee, SAT, REST, shift(SAT, 7, 17), told=at(dt.date(2026, 3, 10), 9))
    return org


def test_the_unit_page_lists_each_change_with_its_cost_and_the_totals(changed, client):
    # given
    client.force_login(changed.pat)
    # when
    page = client.get(reverse("pay:unit-changes", kwargs={"code": "northtown"}), MARCH).content.decode()
    # then Sam's short-notice rest day costs money, Kim's long-notice one a rest day in lieu, Lee is not here
    assert "£242.40: rest day worked ×1.5 (POL-5)" in page
    assert "RDiL owed" in page
    assert "Lee Park" not in page
    assert 'id="changes-total" class="">£242.40' in page
    assert "Sam Jones" in page.split('id="changes-per-person"')[1]


def test_the_overtime_page_links_to_the_duty_change_costs(changed, client):
    client.force_login(changed.mo)
    page = client.get(reverse("pay:unit-overtime", kwargs={"code": "northtown"})).content.decode()
    assert reverse("pay:unit-changes", kwargs={"code": "northtown"}) in page


def test_payroll_downloads_the_changes_as_a_workbook_and_as_csv(changed, client):
    from openpyxl import load_workbook

    client.force_login(changed.pat)
    url = reverse("pay:unit-changes", kwargs={"code": "northtown"})
    xlsx = client.get(url, {**MARCH, "format": "xlsx"})
    assert xlsx["Content-Disposition"] == 'attachment; filename="duty-change-costs-northtown-20260301-20260331.xlsx"'
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book["Changes"].max_row == 4  # title, header, Sam and Kim
    text = client.get(url, {**MARCH, "format": "csv"}).content.decode()
    assert text.count("\n") == 3 and "242.40" in text


def test_a_bad_date_on_the_page_is_said_and_this_month_shown(changed, client):
    client.force_login(changed.pat)
    response = client.get(reverse("pay:unit-changes", kwargs={"code": "northtown"}), {"start": "March"},
                          follow=True)
    assert response.status_code == 200
    assert "Give the start as a date like 2026-03-01." in response.content.decode()


def test_staff_see_their_own_changes_and_not_their_units(changed, client_as):
    # given Sam, a constable with no role
    client = client_as("sam")
    # when
    own = client.get(reverse("pay:my-changes"), MARCH).content.decode()
    unit = client.get(reverse("pay:unit-changes", kwargs={"code": changed.team_a.code}))
    # then
    assert "£242.40" in own and "Kim Shah" not in own
    assert unit.status_code == 403


def test_the_api_gives_the_changes_and_totals_and_refuses_a_bad_period(changed, client):
    client.force_login(changed.pat)
    data = client.get("/api/pay/units/northtown/changes", MARCH).json()
    assert data["total"] == "242.40"
    assert {(c["payroll_number"], c["kind"], c["amount"]) for c in data["changes"]} == {
        (changed.sam.payroll_number, "rest_day_worked", "242.40"),
        (changed.kim.payroll_number, "rest_day_worked", "0.00")}
    assert [u["key"] for u in data["units"]] == [changed.team_a.code, changed.team_b.code]
    backwards = client.get("/api/pay/units/northtown/changes", {"start": "2026-03-31", "end": "2026-03-01"})
    assert backwards.status_code == 400 and "end" in backwards.content.decode()


def test_the_api_gives_a_person_their_own_changes_only(changed, client_as):
    client = client_as("sam")
    mine = client.get(f"/api/pay/people/{changed.sam.pk}/changes", MARCH)
    theirs = client.get(f"/api/pay/people/{changed.kim.pk}/changes", MARCH)
    assert mine.status_code == 200 and mine.json()["total"] == "242.40"
    assert theirs.status_code == 403
