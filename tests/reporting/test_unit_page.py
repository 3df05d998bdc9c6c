"""The unit page: breadcrumbs, sub-units, establishment vs strength table, people with skills and contracts."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from absence.choices import AbstractionCategory
from absence.models import Abstraction, AbstractionType
from tests.factories import PersonFactory, SkillFactory, give_contract, give_skill


def unit_url(unit, **query) -> str:
    url = reverse("reporting:unit", args=[unit.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def cell(html: str, rank: str, column: str) -> str:
    row = re.search(rf'<tr data-rank="{rank}"[^>]*>(.*?)</tr>', html, re.S)
    assert row, f"no row for {rank}"
    value = re.search(rf'<td data-col="{column}"[^>]*>(.*?)</td>', row.group(1), re.S)
    assert value, f"no {column} cell in the {rank} row"
    return value.group(1).strip()


def person_row(html: str, person) -> str:
    match = re.search(rf'<tr data-person="{person.payroll_number}">(.*?)</tr>', html, re.S)
    assert match, f"{person} is not listed"
    return match.group(1)


def test_pat_reads_northtown_establishment_per_rank_with_totals(client_as, org):
    # given
    client = client_as("pat")

    # when
    response = client.get(unit_url(org.northtown))

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert '<table id="establishment"' in html
    assert [cell(html, "constable", c) for c in ("funded", "strength", "headcount", "vacancy",
                                                 "long_term_abstracted", "available")] == [
        "8.00", "1.00", "1", "7.00", "0.00", "1.00"]
    assert [cell(html, "sergeant", c) for c in ("funded", "strength", "vacancy")] == ["1.00", "1.00", "0.00"]
    assert [cell(html, "total", c) for c in ("funded", "strength", "headcount", "vacancy")] == [
        "9.00", "2.00", "2", "7.00"]
    assert html.index('data-rank="total"') > html.index('data-rank="constable"'), "the total row comes last"


def test_pat_sees_the_teams_of_northtown_as_sub_units(client_as, org):
    # given
    client = client_as("pat")

    # when
    html = client.get(unit_url(org.northtown)).content.decode()

    # then
    assert f'href="{unit_url(org.team_a)}"' in html
    assert f'href="{unit_url(org.team_b)}"' in html
    assert "Southport" not in html


def test_breadcrumbs_link_only_the_ancestors_the_user_may_read(client_as, org):
    # given: pat plans Northtown but not North LPA or the force
    client = client_as("pat")

    # when
    html = client.get(unit_url(org.team_a)).content.decode()

    # then
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert f'href="{unit_url(org.northtown)}"' in crumbs
    assert f'href="{unit_url(org.north)}"' not in crumbs
    assert "North LPA" in crumbs and "Northshire Police" in crumbs


def test_pat_may_not_read_southport(client_as, org):
    # given
    client = client_as("pat")

    # when
    response = client.get(unit_url(org.southport))

    # then
    assert response.status_code == 403


def test_mo_manages_north_lpa_and_reads_it_rolled_up(client_as, org):
    # given
    client = client_as("mo")

    # when
    response = client.get(unit_url(org.north))

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert cell(html, "total", "funded") == "9.00"
    assert client.get(unit_url(org.south)).status_code == 403


@pytest.mark.parametrize("unit_name", ["force", "north", "northtown", "team_a"])
def test_a_staff_member_may_not_read_any_unit_page(client_as, org, unit_name):
    # given: sam has no role, only his own record
    client = client_as("sam")

    # when
    response = client.get(unit_url(getattr(org, unit_name)))

    # then
    assert response.status_code == 403


def test_over_establishment_shows_a_negative_vacancy_with_a_class(client_as, org):
    # given: lee is a constable in team C, which has no funded posts
    client = client_as("olly")

    # when
    html = client.get(unit_url(org.team_c)).content.decode()

    # then
    assert cell(html, "constable", "vacancy") == "-1.00"
    assert re.search(r'<td data-col="vacancy" class="num over"', html)


def test_the_plan_on_another_date_leaves_out_posts_not_yet_in_force(client_as, org):
    # given: a sergeant post for team A from next month
    from org.models import Post

    later = timezone.localdate() + dt.timedelta(days=40)
    Post.objects.create(unit=org.team_a, rank=org.sergeant, funded_fte=Decimal("1"), effective_from=later)
    client = client_as("pat")

    # when
    today_html = client.get(unit_url(org.team_a)).content.decode()
    later_html = client.get(unit_url(org.team_a, on=later.isoformat())).content.decode()

    # then
    assert 'data-rank="sergeant"' not in today_html
    assert cell(later_html, "sergeant", "funded") == "1.00"
    assert "movement history" in later_html


def test_a_malformed_date_is_explained_and_today_is_shown(client_as, org):
    # given
    client = client_as("pat")

    # when
    response = client.get(unit_url(org.northtown, on="31-12-2025"))

    # then
    assert response.status_code == 200
    assert "Give the date as YYYY-MM-DD" in response.content.decode()


def test_people_are_listed_with_expired_and_expiring_skills_flagged(client_as, org):
    # given: sam's taser expired 3 days ago; his driving course expires in 10 days; PST in 200 days
    today = timezone.localdate()
    give_skill(org.sam, org.taser, expires=today - dt.timedelta(days=3))
    give_skill(org.sam, SkillFactory(code="driver", name="Response driver"), expires=today + dt.timedelta(days=10))
    give_skill(org.sam, SkillFactory(code="pst", name="PST"), expires=today + dt.timedelta(days=200))
    client = client_as("pat")

    # when
    html = client.get(unit_url(org.northtown)).content.decode()

    # then
    row = person_row(html, org.sam)
    expired = (today - dt.timedelta(days=3)).strftime("%-d %b %Y")
    assert f'<span class="tag expired" title="Expired on {expired}">Taser</span>' in row
    assert '<span class="tag expiring"' in row and "Response driver" in row
    assert re.search(r'<span class="tag" title="Valid until [^"]+">PST</span>', row)
    assert org.sam.payroll_number in row and "Constable" in row and "40 h/wk" in row and "1.00" in row


def test_people_show_opt_out_night_worker_and_current_abstraction(client_as, org):
    # given: a night worker who opted out, off sick until next week
    today = timezone.localdate()
    person = PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=org.team_b)
    give_contract(person, wtr_opt_out=True, night_worker=True)
    kind = AbstractionType.objects.create(code="sick", name="Sickness", category=AbstractionCategory.SICKNESS)
    Abstraction.objects.create(person=person, type=kind, start_date=today, end_date=today + dt.timedelta(days=6))
    client = client_as("pat")

    # when
    html = client.get(unit_url(org.northtown)).content.decode()

    # then
    row = person_row(html, person)
    assert "Opt-out" in row and "Night worker" in row and "Off until" in row
    assert "Sickness" not in row, "the reason for an abstraction is not shown in the list"


def test_people_are_grouped_by_team(client_as, org):
    # given
    client = client_as("pat")

    # when
    html = client.get(unit_url(org.northtown)).content.decode()

    # then
    people = html[html.index('id="people"'):]
    assert people.index("Northtown Team A") < people.index("Jones, Sam") < people.index("Northtown Team B") \
        < people.index("Shah, Kim")


@pytest.mark.parametrize("extra_people", [5, 30])
def test_the_unit_page_query_count_does_not_grow_with_people(client_as, org, extra_people,
                                                             django_assert_max_num_queries):
    # given: extra constables in team A, each with a contract and two skills
    driver = SkillFactory(code="driver", name="Response driver")
    for _ in range(extra_people):
        person = PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=org.team_a)
        give_contract(person)
        give_skill(person, org.taser)
        give_skill(person, driver)
    client = client_as("pat")

    # when / then: the same bound for 5 and for 30 extra people (about 25 today, sessions and menu included;
    # strength is three flat queries and who is off today one per page, never a subquery per person)
    with django_assert_max_num_queries(27):
        response = client.get(unit_url(org.northtown))
    assert response.status_code == 200
    assert response.content.decode().count("<tr data-person=") == extra_people + 2


def test_the_unit_page_makes_as_many_queries_for_30_people_as_for_5(client_as, org):
    # given
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_people(n: int) -> None:
        for _ in range(n):
            person = PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=org.team_b)
            give_contract(person)
            give_skill(person, org.taser)

    client = client_as("mo")
    add_people(5)
    with CaptureQueriesContext(connection) as few:
        client.get(unit_url(org.north))

    # when
    add_people(25)
    with CaptureQueriesContext(connection) as many:
        client.get(unit_url(org.north))

    # then
    assert len(many) == len(few)
