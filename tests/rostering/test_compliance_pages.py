import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from rostering.models import Duty

LONDON = ZoneInfo("Europe/London")


def work(person, unit, day: dt.date, start: str, hours: int, break_minutes: int = 60) -> Duty:
    begin = dt.datetime.combine(day, dt.time.fromisoformat(start), LONDON)
    return Duty.objects.create(person=person, unit=unit, date=day, start=begin,
                               end=begin + dt.timedelta(hours=hours), break_minutes=break_minutes)


@pytest.fixture
def short_rest(org):
    # Sam works a late ending at midnight and an early at 07:00 the next morning: 7 h rest (WTR-3: 11 h).
    work(org.sam, org.team_a, dt.date(2026, 6, 1), "14:00", 10)
    work(org.sam, org.team_a, dt.date(2026, 6, 2), "07:00", 10)
    return org


@pytest.mark.django_db
def test_the_person_page_explains_a_short_rest_with_its_rule_and_compensatory_rest(short_rest, client_as):
    # when pat (who plans Northtown) opens Sam's compliance for June
    page = client_as("pat").get(f"/rostering/people/{short_rest.sam.pk}/compliance/?from=2026-06-01&to=2026-06-07")
    # then the WTR-3 warning is listed with the 7 h measured against 11 h and 4 h of compensatory rest
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-rule="WTR-3"' in html
    assert "7 hours" in html and "11 hours" in html
    assert "compensatory rest 240 min" in html
    # and the 17-week average is charted against the 48-hour line
    assert "<polyline" in html and "48 h limit (WTR-1)" in html


@pytest.mark.django_db
def test_the_unit_page_lists_people_with_their_violations(short_rest, client_as):
    url = f"/rostering/units/{short_rest.northtown.code}/compliance/"
    page = client_as("mo").get(url, {"from": "2026-06-01", "to": "2026-06-07"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sam Jones" in html and 'data-rule="WTR-3"' in html


@pytest.mark.django_db
def test_a_clean_period_says_so(short_rest, client_as):
    page = client_as("pat").get(f"/rostering/people/{short_rest.sam.pk}/compliance/?from=2026-08-01&to=2026-08-07")
    assert "No violations in this period." in page.content.decode()


@pytest.mark.django_db
def test_compliance_is_only_for_the_person_and_those_who_plan_or_manage_them(short_rest, client_as):
    sam_page = f"/rostering/people/{short_rest.sam.pk}/compliance/"
    assert client_as("sam").get(sam_page).status_code == 200
    assert client_as("olly").get(sam_page).status_code == 403
    assert client_as("sam").get(f"/rostering/people/{short_rest.kim.pk}/compliance/").status_code == 403
    assert client_as("olly").get(f"/rostering/units/{short_rest.northtown.code}/compliance/").status_code == 403


@pytest.mark.django_db
def test_a_bad_period_is_explained_and_a_default_shown(short_rest, client_as):
    page = client_as("pat").get(f"/rostering/people/{short_rest.sam.pk}/compliance/?from=yesterday")
    assert page.status_code == 200
    assert "from: yesterday is not a date; use YYYY-MM-DD." in page.content.decode()


@pytest.mark.django_db
def test_a_planned_duty_on_a_day_of_approved_leave_is_not_counted_as_worked(short_rest):
    from absence.models import Abstraction, AbstractionType
    from rostering.compliance import violations_for

    # given Sam's early on 2 June falls on a day of approved annual leave
    leave = AbstractionType.objects.create(code="annual-leave", name="Annual leave", category="leave",
                                           excluded_from_wtr_average=True, removes_from_roster=True)
    Abstraction.objects.create(person=short_rest.sam, type=leave, start_date=dt.date(2026, 6, 2),
                               end_date=dt.date(2026, 6, 2), status="approved")
    # when his week is checked
    found = violations_for([short_rest.sam.pk], dt.date(2026, 6, 1), dt.date(2026, 6, 7))
    # then the short rest before the displaced early is gone
    assert [v.rule for v in found if v.rule == "WTR-3"] == []
