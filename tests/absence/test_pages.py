"""Absence pages render for those allowed, and health data stays with those allowed it."""

import datetime as dt

import pytest
from django.urls import reverse

from absence.actions import do_record_abstraction, do_report_sick, do_request_leave
from absence.periods import clean_period

pytestmark = pytest.mark.django_db
DAY = dt.date(2030, 6, 3)


@pytest.fixture
def absences(org, types):
    do_request_leave(org.sam, types["annual-leave"], clean_period(DAY, DAY + dt.timedelta(days=4)),
                     acting_user=org.sam_user)
    do_record_abstraction(org.kim, types["training"], clean_period(DAY), acting_user=org.pat)
    sick = do_report_sick(org.kim, first_day=DAY + dt.timedelta(days=7), reason_code="Back problems",
                          acting_user=org.pat)
    return sick


def test_every_absence_page_renders_for_the_units_planner(client_as, org, absences):
    # given pat, planner of Northtown
    client = client_as("pat")
    code = org.northtown.code
    # when he opens each page
    urls = [reverse("absence:index"), reverse("absence:person", args=[org.kim.pk]),
            reverse("absence:person-sickness", args=[org.kim.pk]), reverse("absence:unit", args=[code]),
            reverse("absence:record", args=[code]), reverse("absence:policy", args=[code]),
            reverse("absence:unit-sickness", args=[code]), reverse("absence:court", args=[code]),
            reverse("absence:forecast", args=[code]), reverse("absence:reports", args=[code]),
            reverse("rostering:leave-requests", args=[code])]
    # then each answers 200
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    xlsx = client.get(reverse("absence:reports-xlsx", args=[code]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_staff_see_their_own_leave_and_the_request_form(client_as, org, absences):
    client = client_as("sam")
    page = client.get(reverse("absence:my-leave"))
    assert page.status_code == 200
    assert "Annual leave" in page.content.decode()
    assert client.get(reverse("rostering:leave-request")).status_code == 200
    assert client.get(reverse("absence:index")).status_code == 302


def test_sickness_is_named_only_to_roles_allowed_health_data(client_as, org, absences, settings):
    # given Kim off sick (back problems), and a force that keeps health data from planners
    settings.ABSENCE_HEALTH_DATA_ROLES = ["manager"]
    pat = client_as("pat")
    # when pat (planner) opens Kim's absences and the unit's list
    person = pat.get(reverse("absence:person", args=[org.kim.pk])).content.decode()
    unit = pat.get(reverse("absence:unit", args=[org.northtown.code]), {"start": "2030-06-01"}).content.decode()
    # then he sees she is unavailable, but neither "Sickness" nor the reason; the sickness pages refuse him
    for page, table in ((person, 'id="abstractions"'), (unit, 'id="unit-absences"')):
        rows = page.split(table)[1]
        assert "Unavailable" in rows and "Back problems" not in rows and "Sickness" not in rows
    assert pat.get(reverse("absence:person-sickness", args=[org.kim.pk])).status_code == 403
    assert pat.get(reverse("absence:unit-sickness", args=[org.northtown.code])).status_code == 403
    api = pat.get(f"/api/absence/people/{org.kim.pk}/abstractions").json()
    assert {a["type"] for a in api} == {"training", "unavailable"} and "Back" not in str(api)
    assert pat.get(f"/api/absence/people/{org.kim.pk}/sickness").status_code == 403


def test_managers_see_health_data_of_their_units_people_and_colleagues_never_do(client, org, absences):
    from tests.factories import PASSWORD

    # given mo, manager of North LPA
    client.login(username="mo", password=PASSWORD)
    page = client.get(reverse("absence:person-sickness", args=[org.kim.pk]))
    assert page.status_code == 200 and "Back problems" in page.content.decode()
    client.logout()
    # and sam, Kim's colleague, is refused her absences altogether
    client.login(username="sam", password=PASSWORD)
    assert client.get(reverse("absence:person", args=[org.kim.pk])).status_code == 403
    assert client.get(reverse("absence:person-sickness", args=[org.kim.pk])).status_code == 403
    assert client.get(f"/api/absence/people/{org.kim.pk}/sickness").status_code == 403
    # while his own sickness record is his to see
    assert client.get(reverse("absence:person-sickness", args=[org.sam.pk])).status_code == 200
