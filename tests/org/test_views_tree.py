"""The organisation tree: what each persona sees, with head-count and vacancies rolled up."""

import re

from django.urls import reverse

from tests.factories import PersonFactory, give_contract, make_unit


def node(html: str, code: str) -> str:
    """The opening line of a unit's node up to its own figures (not its children's)."""
    match = re.search(rf'<li class="(unit[^"]*)" data-unit="{code}">(.*?)</span>\s*</span>', html, re.S)
    assert match, f"{code} is not in the tree"
    return match.group(1) + " " + match.group(2)


def test_the_administrator_sees_every_unit_with_rolled_up_figures(client_as, org):
    # given
    client = client_as("alice")

    # when
    html = client.get(reverse("org:unit-tree")).content.decode()

    # then: the force holds 3 people; 9 funded posts − 3.00 FTE strength = 6.00 vacant
    for code in ("northshire", "north-lpa", "south-lpa", "northtown", "southport", "northtown-team-a",
                 "northtown-team-b", "southport-team-c"):
        assert f'data-unit="{code}"' in html
    assert "3 people" in node(html, "northshire") and "6.00 vacant" in node(html, "northshire")
    assert "2 people" in node(html, "northtown") and "7.00 vacant" in node(html, "northtown")
    assert "1.00 over" in node(html, "southport-team-c")
    assert "Force / trust" in node(html, "northshire")


def test_pat_sees_northtown_and_its_teams_with_the_ancestors_greyed(client_as, org):
    # given
    client = client_as("pat")

    # when
    html = client.get(reverse("org:unit-tree")).content.decode()

    # then
    assert f'href="{reverse("reporting:unit", args=[org.northtown.pk])}"' in html
    assert f'href="{reverse("reporting:unit", args=[org.team_a.pk])}"' in html
    assert node(html, "north-lpa").startswith("unit context")
    assert node(html, "northshire").startswith("unit context")
    assert f'href="{reverse("reporting:unit", args=[org.north.pk])}"' not in html
    assert "people" not in node(html, "northshire"), "no figures for units pat does not read"
    assert "Southport" not in html and "South LPA" not in html


def test_mo_reads_north_lpa_and_everything_under_it(client_as, org):
    # given
    client = client_as("mo")

    # when
    html = client.get(reverse("org:unit-tree")).content.decode()

    # then
    assert node(html, "north-lpa").startswith("unit ")
    assert not node(html, "north-lpa").startswith("unit context")
    assert "2 people" in node(html, "north-lpa")
    assert 'data-unit="northtown-team-b"' in html
    assert "Southport" not in html


def test_a_staff_member_is_sent_to_their_own_record(client_as, org):
    # given
    client = client_as("sam")

    # when
    response = client.get(reverse("org:unit-tree"))

    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person-detail", args=[org.sam.pk])


def test_a_user_with_no_role_and_no_record_is_refused(client, org):
    # given
    from tests.factories import PASSWORD, UserFactory

    UserFactory(username="nobody")
    client.login(username="nobody", password=PASSWORD)

    # when
    response = client.get(reverse("org:unit-tree"))

    # then
    assert response.status_code == 403


def test_the_tree_query_count_does_not_grow_with_units_or_people(client_as, org, django_assert_max_num_queries):
    # given: ten more teams under Northtown with three people each
    for i in range(10):
        team = make_unit(f"Extra team {i}", "team", org.northtown)
        for _ in range(3):
            give_contract(PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=team))
    client = client_as("pat")

    # when / then
    with django_assert_max_num_queries(14):
        response = client.get(reverse("org:unit-tree"))
    assert "32 people" in node(response.content.decode(), "northtown")
