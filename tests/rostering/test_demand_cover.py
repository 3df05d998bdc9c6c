"""The roster against a contact-centre forecast (issue 8): people on duty per interval, net of abstractions."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from absence.models import Abstraction, AbstractionType
from demand.actions import do_make_forecast
from rostering.demand_cover import on_duty_per_interval
from rostering.models import Duty
from tests.demand.conftest import queue, queue_with_history  # noqa: F401  (fixtures)

LONDON = ZoneInfo("Europe/London")


def on(person, unit, day: dt.date, start: str, hours: int) -> Duty:
    begin = dt.datetime.combine(day, dt.time.fromisoformat(start), LONDON)
    return Duty.objects.create(person=person, unit=unit, date=day, start=begin, end=begin + dt.timedelta(hours=hours))


@pytest.mark.django_db
def test_people_count_for_the_intervals_their_duty_covers_and_not_when_on_leave(org, queue):  # noqa: F811
    # given Sam on 07:00-17:00 and Kim on 12:00-22:00, and then Kim on annual leave that day
    day = dt.date(2026, 6, 1)
    on(org.sam, org.team_a, day, "07:00", 10)
    on(org.kim, org.team_b, day, "12:00", 10)
    starts = [dt.datetime.combine(day, dt.time(h, m), LONDON) for h in (6, 7, 12, 16) for m in (30,)]
    # when the half hours 06:30, 07:30, 12:30 and 16:30 are counted
    counts = on_duty_per_interval(org.northtown, None, starts, 30)
    # then 06:30 has nobody, 07:30 Sam, 12:30 and 16:30 both
    assert list(counts.values()) == [0, 1, 2, 2]
    leave = AbstractionType.objects.create(code="annual-leave", name="Annual leave", category="leave",
                                           removes_from_roster=True)
    Abstraction.objects.create(person=org.kim, type=leave, start_date=day, end_date=day, status="approved")
    assert list(on_duty_per_interval(org.northtown, None, starts, 30).values()) == [0, 1, 1, 1]


@pytest.mark.django_db
def test_the_page_compares_the_roster_with_the_requirement_for_its_planners_and_managers(org, client_as,
                                                                                          queue_with_history):  # noqa: F811
    # given a forecast for the Northtown queue
    forecast = do_make_forecast(queue_with_history, horizon_days=7, acting_user=org.pat)
    url = f"/rostering/forecasts/{forecast.pk}/roster/"
    # when mo (manager of North) opens it
    page = client_as("mo").get(url, {"days": "2"})
    # then every interval of the two days is listed with its gap, and nobody rostered means every one is short
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="demand-intervals"' in html and "<polyline" in html
    assert html.count('class="severe"') > 0
    assert client_as("olly").get(url).status_code == 403
