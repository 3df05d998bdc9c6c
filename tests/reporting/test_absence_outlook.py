"""The absence outlook (issue 8): hours lost by absence category for the next days, and observed shrinkage."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from absence.models import Abstraction, AbstractionType
from demand.models import Queue
from reporting.absence_outlook import absence_outlook, observed_shrinkage
from rostering.models import Duty

LONDON = ZoneInfo("Europe/London")


def rostered(person, unit, day: dt.date, hours: int = 10, break_minutes: int = 60) -> Duty:
    begin = dt.datetime.combine(day, dt.time(7), LONDON)
    return Duty.objects.create(person=person, unit=unit, date=day, start=begin, end=begin + dt.timedelta(hours=hours),
                               break_minutes=break_minutes)


def absence(person, code: str, category: str, first: dt.date, last: dt.date) -> Abstraction:
    kind, _ = AbstractionType.objects.get_or_create(code=code, defaults={"name": code.title(), "category": category})
    return Abstraction.objects.create(person=person, type=kind, start_date=first, end_date=last, status="approved")


@pytest.mark.django_db
def test_the_outlook_counts_people_off_and_the_rostered_hours_they_take_away(org):
    # given Sam rostered 9 h on each of two days and on annual leave for both, Kim sick on the first (no duty)
    day = dt.date(2026, 6, 1)
    for d in (day, day + dt.timedelta(days=1)):
        rostered(org.sam, org.team_a, d)
    absence(org.sam, "annual-leave", "leave", day, day + dt.timedelta(days=1))
    absence(org.kim, "sickness", "sickness", day, day)
    # when the outlook of Northtown for 3 days is made without health-data rights
    outlook = absence_outlook(org.northtown, day, 3, health_data=False)
    rows = {r.category: r for r in outlook.rows}
    # then leave takes 9 h a day for one person, sickness appears only as "unavailable", and 100 % is lost
    assert rows["leave"].hours == [9.0, 9.0, 0.0] and rows["leave"].people == [1, 1, 0]
    assert "sickness" not in rows and rows["unavailable"].people == [1, 0, 0]
    assert outlook.rostered_hours == [9.0, 9.0, 0.0]
    assert outlook.lost_share[:2] == [1.0, 1.0] and outlook.lost_share[2] is None


@pytest.mark.django_db
def test_observed_shrinkage_splits_planned_and_unplanned_and_ignores_restricted_duties(org):
    # given 3 people in Northtown over 10 days (30 person-days): 3 days' leave, 2 days' sickness, 5 restricted
    first, last = dt.date(2026, 6, 1), dt.date(2026, 6, 10)
    absence(org.sam, "annual-leave", "leave", first, first + dt.timedelta(days=2))
    absence(org.kim, "sickness", "sickness", first, first + dt.timedelta(days=1))
    absence(org.sam, "restricted", "restriction", first + dt.timedelta(days=5), last)
    # when observed over those days (Lee is in Southport and not counted)
    seen = observed_shrinkage(org.northtown, first, last)
    # then planned is 3 / 20 and unplanned 2 / 20
    assert (seen.people, seen.person_days) == (2, 20)
    assert (seen.planned, seen.unplanned) == (0.15, 0.1)


@pytest.mark.django_db
def test_a_planner_sets_a_queues_shrinkage_to_the_observed_figures(org, client_as):
    # given a Northtown queue and 8 weeks in which Sam was sick for 14 days
    queue = Queue.objects.create(unit=org.northtown, name="Advisors", shrinkage_planned=Decimal("0.2"),
                                 shrinkage_unplanned=Decimal("0.1"))
    today = timezone.localdate()
    absence(org.sam, "sickness", "sickness", today - dt.timedelta(days=20), today - dt.timedelta(days=7))
    # when pat applies the observed figures
    response = client_as("pat").post(f"/units/{org.northtown.pk}/queues/{queue.pk}/apply-shrinkage/")
    # then the queue's shrinkage is what the records show: 14 of 112 person-days unplanned, none planned
    assert response.status_code == 302
    queue.refresh_from_db()
    assert queue.shrinkage_planned == Decimal("0") and queue.shrinkage_unplanned == Decimal("0.125")
    page = client_as("pat").get(f"/units/{org.northtown.pk}/absence-outlook/")
    assert page.status_code == 200 and 'id="absence-outlook"' in page.content.decode()
