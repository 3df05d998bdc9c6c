"""Pay pages and API: what a planner, a manager and a constable see and may do."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from pay.actions import do_record_overtime, do_set_overtime_budget, do_set_overtime_willingness
from pay.choices import OvertimeStatus
from pay.models import OvertimeRecord
from tests.pay.helpers import at, give_pay_point

DAY = dt.date(2026, 3, 14)


@pytest.fixture
def paid(org):
    for person in (org.sam, org.kim, org.lee):
        give_pay_point(person, "3")
    do_set_overtime_budget(org.northtown, start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 3, 31),
                           amount=Decimal("300"), acting_user=org.alice, reason="Q1")
    return org


def request_for(org, person):
    return do_record_overtime(person, start=at(DAY, 7), end=at(DAY, 17), kind="rest_day_working",
                              reason="Football match", acting_user=org.alice, notified_at=at(dt.date(2026, 3, 10), 9))


def test_the_unit_page_shows_the_budget_the_records_and_who_to_ask(paid, client):
    # given a request and a willing colleague
    request_for(paid, paid.sam)
    do_set_overtime_willingness(paid.kim, willing=True, acting_user=paid.alice)
    client.force_login(paid.pat)
    # when
    page = client.get(reverse("pay:unit-overtime", kwargs={"code": "northtown"}),
                      {"start": "2026-03-14T07:00", "end": "2026-03-14T17:00", "on": "2026-03-14"}).content.decode()
    # then
    assert 'id="budget-gauge"' in page and "£300.00" in page
    assert "Football match" in page and "£242.40: rest day worked ×1.5 (POL-5)" in page
    assert "Kim Shah" in page.split('id="fair-candidates"')[1]


def test_authorising_over_budget_on_the_page_says_why_it_was_refused(paid, client):
    request_for(paid, paid.sam)
    row = request_for(paid, paid.kim)
    client.force_login(paid.pat)
    client.post(reverse("pay:overtime-authorise", kwargs={"pk": OvertimeRecord.objects.exclude(pk=row.pk).get().pk}),
                {"version": 1})
    # when the second £242.40 would pass the £300 budget
    response = client.post(reverse("pay:overtime-authorise", kwargs={"pk": row.pk}), {"version": 1}, follow=True)
    # then
    assert "would exceed the overtime budget of Northtown" in response.content.decode()
    row.refresh_from_db()
    assert row.status == OvertimeStatus.REQUESTED
    # and with the override and a reason it goes through
    client.post(reverse("pay:overtime-authorise", kwargs={"pk": row.pk}),
                {"version": 1, "override_budget": "on", "override_reason": "Cup final"})
    row.refresh_from_db()
    assert row.status == OvertimeStatus.AUTHORISED and row.over_budget


def test_recording_on_the_page_reads_times_as_london_wall_times(paid, client):
    client.force_login(paid.pat)
    client.post(reverse("pay:overtime-new", kwargs={"code": "northtown"}),
                {"person": paid.kim.pk, "kind": "overtime", "start": "2026-06-01T17:00", "end": "2026-06-01T19:00",
                 "reason": "Late arrest"})
    row = OvertimeRecord.objects.get()
    assert row.start == dt.datetime(2026, 6, 1, 16, 0, tzinfo=dt.UTC)  # 17:00 BST
    assert row.hours == Decimal("2.00")


def test_the_rate_tables_page_shows_hourly_rates(paid, client):
    client.force_login(paid.pat)
    page = client.get(reverse("pay:rate-tables"), {"on": "2026-03-02"}).content.decode()
    assert "16.1597" in page and "33,720.00" in page


def test_a_constable_sees_only_his_own_overtime_and_says_he_is_willing(paid, client):
    request_for(paid, paid.sam)
    request_for(paid, paid.kim)
    client.force_login(paid.sam_user)
    page = client.get(reverse("pay:my-overtime")).content.decode()
    assert page.count("Football match") == 1
    client.post(reverse("pay:willingness", kwargs={"pk": paid.sam.pk}), {"willing": "on", "max_hours_per_month": "20"})
    assert paid.sam.overtime_willingness.max_hours_per_month == 20


def test_the_api_refuses_an_authorisation_over_budget_with_the_field_and_accepts_an_override(paid, client):
    first, second = request_for(paid, paid.sam), request_for(paid, paid.kim)
    client.force_login(paid.pat)
    url = "/api/pay/overtime/{}/authorise"
    assert client.post(url.format(first.pk), {"version": 1}, content_type="application/json").status_code == 200
    refused = client.post(url.format(second.pk), {"version": 1}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "budget"
    stale = client.post(url.format(first.pk), {"version": 1}, content_type="application/json")
    assert stale.status_code == 409
    ok = client.post(url.format(second.pk), json.dumps({"version": 1, "override_budget": True,
                                                        "override_reason": "Cup final"}),
                     content_type="application/json")
    assert ok.json()["over_budget"] is True
    # sam £242.40 + kim (a sergeant, £51,700 / 2,086.67 = £24.7763 an hour) 10 h × 1.5 = £371.64
    budget = client.get(f"/api/pay/units/{paid.team_a.code}/budget",
                        {"on": "2026-03-14"}).json()
    assert (budget["budget_unit"], budget["committed"], budget["remaining"]) == ("northtown", "614.04", "-314.04")
