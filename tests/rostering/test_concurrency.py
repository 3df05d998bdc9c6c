"""Two planners saving the same duty at the same moment, over real HTTP requests to a live server."""

import datetime as dt
import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from rostering.actions.patterns import assign_team_pattern
from rostering.models import Duty
from tests.factories import PASSWORD, Org

from .helpers import materialise, police_pattern

MONDAY = dt.date(2026, 1, 5)


def signed_in(base: str, username: str) -> tuple[urllib.request.OpenerDirector, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/login/", timeout=10).read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf}).encode()
    opener.open(urllib.request.Request(f"{base}/login/", data=data, headers={"Referer": f"{base}/login/"}),
                timeout=10).read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    return opener, csrf


def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


# SQLite's shared in-memory test database locks whole tables between threads (SQLITE_LOCKED, no busy wait),
# so two truly concurrent requests cannot both reach the version check; PostgreSQL (DATABASE_URL) runs it.
@pytest.mark.django_db(transaction=True)
def test_two_planners_saving_the_same_duty_at_once_cannot_overwrite_each_other(live_server):
    if _in_memory_sqlite():
        pytest.skip("needs PostgreSQL (DATABASE_URL) for truly concurrent writers")
    # given Sam's Monday late at version 1, opened by pat and by alice
    org = Org()
    assign_team_pattern(org.team_a, police_pattern(), MONDAY)
    materialise(org.team_a, MONDAY, MONDAY)
    base = live_server.url
    planners = [signed_in(base, "pat"), signed_in(base, "alice")]
    url = f"{base}/rostering/units/northtown/cell/{org.sam.pk}/{MONDAY}/"
    barrier = threading.Barrier(2)
    answers: dict[str, tuple[int, str]] = {}

    def save(i: int, value: str) -> None:
        opener, csrf = planners[i]
        data = urllib.parse.urlencode({"value": value, "version": 1}).encode()
        request = urllib.request.Request(url, data=data, headers={"X-CSRFToken": csrf, "Referer": url})
        barrier.wait()
        try:
            with opener.open(request, timeout=20) as response:
                answers[value] = (response.status, response.read().decode())
        except urllib.error.HTTPError as err:
            answers[value] = (err.code, err.read().decode())

    # when both save at the same moment with the version they saw
    threads = [threading.Thread(target=save, args=(0, "E10")), threading.Thread(target=save, args=(1, "N10"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    # then exactly one is saved, and the other gets a conflict naming the value now stored
    statuses = sorted(status for status, _ in answers.values())
    assert statuses == [200, 409]
    duty = Duty.objects.get(person=org.sam, date=MONDAY)
    winner = next(v for v, (status, _) in answers.items() if status == 200)
    loser_body = next(body for status, body in answers.values() if status == 409)
    assert duty.code == winner and duty.version == 2
    assert "Current value" in loser_body and winner in loser_body
