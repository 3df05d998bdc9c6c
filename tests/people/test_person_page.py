"""The person page: who may see it, and what it shows (details, contact, contracts, skills, movements)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from people.choices import MovementKind
from people.models import Contract, Movement
from tests.factories import give_skill


def person_url(person) -> str:
    return reverse("people:person-detail", args=[person.pk])


def test_sam_sees_his_own_record(client_as, org):
    # given
    org.sam.email = "sam.jones@northshire.example"
    org.sam.save(update_fields=["email"])
    client = client_as("sam")

    # when
    response = client.get(person_url(org.sam))

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sam Jones" in html and org.sam.payroll_number in html and "Constable" in html
    assert "Northtown Team A" in html and "Police officer" in html
    assert "sam.jones@northshire.example" in html
    assert reverse("reporting:unit", args=[org.team_a.pk]) not in html, "sam cannot open the unit page"


def test_sam_may_not_see_kims_record(client_as, org):
    # given
    client = client_as("sam")

    # when
    response = client.get(person_url(org.kim))

    # then
    assert response.status_code == 403


@pytest.mark.parametrize("username, person, status", [
    ("pat", "sam", 200), ("pat", "kim", 200), ("pat", "lee", 403),
    ("mo", "kim", 200), ("mo", "lee", 403),
    ("olly", "lee", 200), ("olly", "sam", 403),
    ("alice", "lee", 200),
])
def test_planners_managers_and_administrators_see_people_in_their_units(client_as, org, username, person, status):
    # given
    client = client_as(username)

    # when
    response = client.get(person_url(getattr(org, person)))

    # then
    assert response.status_code == status


def test_an_unknown_person_is_404(client_as, org):
    # when
    response = client_as("alice").get(reverse("people:person-detail", args=[999999]))

    # then
    assert response.status_code == 404


def test_the_home_unit_links_to_the_unit_page_for_its_planner(client_as, org):
    # when
    html = client_as("pat").get(person_url(org.sam)).content.decode()

    # then
    assert f'href="{reverse("reporting:unit", args=[org.team_a.pk])}"' in html


def test_contracts_are_listed_newest_first_with_the_one_in_force_marked(client_as, org):
    # given: sam went part-time (0.8, 32 h) a year ago, after his first contract ended
    today = timezone.localdate()
    first = org.sam.contracts.get()
    first.effective_to = today - dt.timedelta(days=366)
    first.save(update_fields=["effective_to"])
    Contract.objects.create(person=org.sam, effective_from=today - dt.timedelta(days=365),
                            hours_per_week=Decimal("32"), fte=Decimal("0.8"), wtr_opt_out=True)

    # when
    html = client_as("pat").get(person_url(org.sam)).content.decode()

    # then
    contracts = html[html.index('class="grid contracts"'):]
    assert contracts.index("32 h/wk") < contracts.index("40 h/wk")
    assert '<tr class="current">' in contracts and '<tr class="past">' in contracts
    assert "0.80" in contracts and "in force" in contracts


def test_skills_show_expiry_with_expired_ones_flagged(client_as, org):
    # given
    today = timezone.localdate()
    give_skill(org.sam, org.taser, expires=today - dt.timedelta(days=1))

    # when
    html = client_as("sam").get(person_url(org.sam)).content.decode()

    # then
    expired = (today - dt.timedelta(days=1)).strftime("%-d %b %Y")
    assert f'<span class="tag expired" title="Expired on {expired}">Taser</span>' in html
    assert f"expired {expired}" in html


def test_movements_show_kind_date_units_ranks_and_reason(client_as, org):
    # given: kim was promoted from constable to sergeant on transfer to team B
    Movement.objects.create(person=org.kim, kind=MovementKind.PROMOTION, effective_date=dt.date(2024, 3, 4),
                            from_unit=org.team_a, to_unit=org.team_b, from_rank=org.constable,
                            to_rank=org.sergeant, reason="Passed the sergeants' board", applied=True)

    # when
    html = client_as("mo").get(person_url(org.kim)).content.decode()

    # then
    movements = html[html.index('class="grid movements"'):]
    assert "4 Mar 2024" in movements and "Promotion" in movements
    assert "Northtown Team A → Northtown Team B" in movements
    assert "Constable → Sergeant" in movements
    assert "Passed the sergeants&#x27; board" in movements


def test_record_a_movement_is_offered_only_to_those_who_plan_the_unit(client_as, org):
    # given: the movement form may not exist yet; the page must work either way
    try:
        movement_url = reverse("people:movement-new", args=[org.sam.pk])
    except NoReverseMatch:
        movement_url = None

    # when
    planner = client_as("pat").get(person_url(org.sam)).content.decode()
    manager = client_as("mo").get(person_url(org.sam)).content.decode()
    own = client_as("sam").get(person_url(org.sam)).content.decode()

    # then
    if movement_url:
        assert f'href="{movement_url}"' in planner
    for html in (manager, own):
        assert "Record a movement" not in html


def test_the_person_page_needs_a_sign_in(client, org):
    # when
    response = client.get(person_url(org.sam))

    # then
    assert response.status_code == 302
    assert "/login/" in response["Location"]
