"""GET /api/reporting/units/{id}/establishment: the plan on a page as JSON, same permissions as the page."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from org.models import Post


def url(unit, on: str | None = None) -> str:
    return f"/api/reporting/units/{unit.pk}/establishment" + (f"?on={on}" if on else "")


def test_the_api_returns_rows_totals_and_children(client_as, org):
    # given
    client = client_as("pat")

    # when
    response = client.get(url(org.northtown))

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["on"] == timezone.localdate().isoformat()
    rows = {row["rank_code"]: row for row in body["rows"]}
    assert {k: rows["constable"][k] for k in ("rank_name", "funded", "strength", "headcount", "vacancy",
                                              "long_term_abstracted", "available")} == {
        "rank_name": "Constable", "funded": 8.0, "strength": 1.0, "headcount": 1, "vacancy": 7.0,
        "long_term_abstracted": 0.0, "available": 1.0}
    assert (body["totals"]["funded"], body["totals"]["strength"], body["totals"]["vacancy"]) == (9.0, 2.0, 7.0)
    assert [(c["unit_code"], c["funded"], c["headcount"]) for c in body["children"]] == [
        ("northtown-team-a", 8.0, 1), ("northtown-team-b", 1.0, 1)]
    assert body["basis"] == "home-unit"


def test_the_api_answers_for_another_date(client_as, org):
    # given: a sergeant post for team A from next month
    later = timezone.localdate() + dt.timedelta(days=40)
    Post.objects.create(unit=org.team_a, rank=org.sergeant, funded_fte=Decimal("1"), effective_from=later)
    client = client_as("mo")

    # when
    now = client.get(url(org.north)).json()
    then = client.get(url(org.north, later.isoformat())).json()

    # then
    assert now["totals"]["funded"] == 9.0
    assert then["totals"]["funded"] == 10.0
    assert then["on"] == later.isoformat()


def test_the_api_names_a_malformed_date(client_as, org):
    # given
    client = client_as("pat")

    # when
    response = client.get(url(org.northtown, "24/12/2025"))

    # then
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "on"


def test_the_api_refuses_units_outside_the_users_sub_trees(client_as, org):
    # given
    pat = client_as("pat")

    # when
    response = pat.get(url(org.southport))

    # then
    assert response.status_code == 403
    assert "Southport" in response.json()["detail"]


def test_the_api_refuses_a_staff_member(client_as, org):
    # given
    sam = client_as("sam")

    # when
    response = sam.get(url(org.team_a))

    # then
    assert response.status_code == 403


def test_the_api_needs_a_signed_in_user_or_token(client, org):
    # when
    response = client.get(url(org.northtown))

    # then
    assert response.status_code == 401


def test_an_unknown_unit_is_404(client_as, org):
    # when
    response = client_as("alice").get("/api/reporting/units/999999/establishment")

    # then
    assert response.status_code == 404
