import datetime as dt
from unittest import mock

import icalendar
import pytest
from django.utils import timezone

from rostering.actions import do_publish_roster
from rostering.actions.patterns import assign_team_pattern, do_save_pattern
from rostering.models import CalendarToken, Notification

from .helpers import materialise, shift_type

LONDON = timezone.get_default_timezone()


def spring_change_sunday() -> dt.date:
    """The next spring clock change (last Sunday of March) after today, so the feed window holds it."""
    year = timezone.localdate().year + 1
    day = dt.date(year, 3, 31)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


@pytest.fixture
def nights(org):
    """Sam works nights all week up to the spring clock change, then rests a week; the roster is published."""
    shift_type("N", "22:00", "07:00", counts_as_night=True)
    pattern = do_save_pattern(code="nights", name="Nights", weeks=2, days=["N"] * 7 + [""] * 7,
                              unit=org.northtown, acting_user=org.pat)
    sunday = spring_change_sunday()
    start = sunday - dt.timedelta(days=6)
    assign_team_pattern(org.team_a, pattern, start)
    materialise(org.team_a, start, start + dt.timedelta(days=27))
    with mock.patch("django.utils.timezone.now", return_value=dt.datetime.combine(
            start - dt.timedelta(days=60), dt.time(9), tzinfo=dt.UTC)):
        do_publish_roster(unit=org.team_a, start=start, end=start + dt.timedelta(days=27), acting_user=org.pat)
    org.change_sunday = sunday
    return org


def feed(client, person):
    client_response = client.post("/my/calendar-feed/", {"op": "issue"})
    assert client_response.status_code == 302
    token = CalendarToken.objects.get(person=person, revoked_at__isnull=True)
    return token, client.get(f"/calendar/{token.token}.ics")


def test_the_ics_feed_parses_and_carries_dst_correct_times(nights, client_as):
    # given Sam asks for a feed
    client = client_as("sam")
    _token, response = feed(client, nights.sam)
    # when a calendar app (the icalendar parser) reads it
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = {e.decoded("dtstart"): e for e in cal.walk("VEVENT")}
    # then the night starting on the Saturday before the change runs 22:00-07:00 local and lasts 8 h
    saturday = nights.change_sunday - dt.timedelta(days=1)
    night = next(e for s, e in events.items() if isinstance(s, dt.datetime) and s.astimezone(LONDON).date()
                 == saturday)
    start, end = night.decoded("dtstart"), night.decoded("dtend")
    assert (start.astimezone(LONDON).hour, end.astimezone(LONDON).hour) == (22, 7)
    assert end - start == dt.timedelta(hours=8)
    assert start == dt.datetime.combine(saturday, dt.time(22), tzinfo=dt.UTC)
    # and the night of the Sunday starts at 22:00 BST, which is 21:00 UTC
    sunday = next(e for s, e in events.items() if isinstance(s, dt.datetime) and s.astimezone(LONDON).date()
                  == nights.change_sunday)
    assert sunday.decoded("dtstart") == dt.datetime.combine(nights.change_sunday, dt.time(21), tzinfo=dt.UTC)
    # rest days are all-day events
    assert any(isinstance(s, dt.date) and not isinstance(s, dt.datetime) for s in events)
    assert all(str(e["summary"]) for e in events.values())


def test_a_revoked_feed_stops_working(nights, client_as):
    client = client_as("sam")
    token, response = feed(client, nights.sam)
    assert response.status_code == 200
    client.post("/my/calendar-feed/", {"op": "revoke"})
    client.logout()
    assert client.get(f"/calendar/{token.token}.ics").status_code == 404


def test_the_feed_needs_no_sign_in_but_a_token(nights, client_as):
    client = client_as("sam")
    token, _ = feed(client, nights.sam)
    client.logout()
    assert client.get(f"/calendar/{token.token}.ics").status_code == 200
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_my_duties_lists_published_duties_and_the_month(nights, client_as):
    sunday = nights.change_sunday
    page = client_as("sam").get(f"/my/duties/?month={sunday:%Y-%m}")
    assert page.status_code == 200
    days = {c["day"]: c for week in page.context["month_grid"] for c in week}
    assert days[sunday]["duty"].code == "N"
    assert days[sunday + dt.timedelta(days=1)]["duty"].is_rest_day


def test_my_duties_hides_drafts(org, client_as):
    shift_type("E", "07:00", "17:00")
    pattern = do_save_pattern(code="e", name="E", weeks=1, days=["E"] * 7, unit=org.northtown, acting_user=org.pat)
    assign_team_pattern(org.team_a, pattern, dt.date(2026, 3, 2))
    materialise(org.team_a, dt.date(2026, 3, 2), dt.date(2026, 3, 8))
    page = client_as("sam").get("/my/duties/?month=2026-03")
    assert all(c["duty"] is None for week in page.context["month_grid"] for c in week)


def test_someone_without_a_person_record_has_no_duties_page(org, client_as):
    assert client_as("pat").get("/my/duties/").status_code == 403


def test_notifications_show_with_an_unread_count_and_can_be_marked_read(nights, client_as):
    client = client_as("sam")
    assert Notification.objects.filter(recipient=nights.sam_user, read_at__isnull=True).count() == 1
    home = client.get("/").content.decode()
    assert 'id="unread-count">1<' in home
    client.post("/notifications/")
    assert Notification.objects.filter(recipient=nights.sam_user, read_at__isnull=True).count() == 0
