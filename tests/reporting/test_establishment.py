"""Establishment vs strength (plan on a page): funded posts, strength, vacancy, long-term abstraction, roll-up."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from absence.choices import AbstractionCategory, AbstractionStatus
from absence.models import Abstraction, AbstractionType
from org.models import Post
from people.choices import MovementKind
from people.models import Movement
from reporting.establishment import establishment_report, plan_on_a_page, total_row
from tests.factories import PersonFactory, give_contract

D = Decimal


def by_rank(rows) -> dict:
    return {row.rank_code: row for row in rows}


def sickness() -> AbstractionType:
    return AbstractionType.objects.create(code="sickness", name="Sickness", category=AbstractionCategory.SICKNESS,
                                          health_data=True)


def abstract(person, first: dt.date, days: int, status=AbstractionStatus.APPROVED) -> Abstraction:
    kind = AbstractionType.objects.filter(code="sickness").first() or sickness()
    return Abstraction.objects.create(person=person, type=kind, start_date=first,
                                      end_date=first + dt.timedelta(days=days - 1), status=status)


def test_a_team_shows_its_funded_posts_strength_and_vacancy(org):
    # given: team A has 8 funded constable posts and sam (1.0 FTE) in post
    today = timezone.localdate()

    # when
    rows = by_rank(plan_on_a_page(org.team_a, today))

    # then
    constable = rows["constable"]
    assert (constable.funded, constable.strength, constable.headcount) == (D("8.00"), D("1.00"), 1)
    assert constable.vacancy == D("7.00")
    assert constable.available == D("1.00")
    assert set(rows) == {"constable"}


def test_northtown_and_north_lpa_roll_up_their_teams(org):
    # given: team A (8 constable posts, sam) and team B (1 sergeant post, kim) under Northtown under North LPA
    today = timezone.localdate()

    for unit in (org.northtown, org.north):
        # when
        rows = plan_on_a_page(unit, today)
        total = total_row(rows)

        # then
        assert [r.rank_code for r in rows] == ["sergeant", "constable"], "senior ranks first"
        ranks = by_rank(rows)
        assert (ranks["constable"].funded, ranks["constable"].strength, ranks["constable"].vacancy) == (
            D("8.00"), D("1.00"), D("7.00"))
        assert (ranks["sergeant"].funded, ranks["sergeant"].strength, ranks["sergeant"].vacancy) == (
            D("1.00"), D("1.00"), D("0.00"))
        assert (total.funded, total.strength, total.headcount, total.vacancy) == (D("9.00"), D("2.00"), 2, D("7.00"))
        assert total.rank_code == "total"


def test_the_force_includes_people_in_units_without_posts_as_over_establishment(org):
    # given: lee is a constable in Southport team C, which has no funded posts
    today = timezone.localdate()

    # when
    report = establishment_report(org.force, today)

    # then
    constable = by_rank(report.rows)["constable"]
    assert (constable.funded, constable.strength, constable.headcount, constable.vacancy) == (
        D("8.00"), D("2.00"), 2, D("6.00"))
    assert (report.total.funded, report.total.strength, report.total.headcount) == (D("9.00"), D("3.00"), 3)
    south = {child.unit.code: child.figures for child in report.children}["south-lpa"]
    assert south.vacancy == D("-1.00")
    assert south.headcount == 1


def test_the_breakdown_gives_each_child_unit_its_own_sub_tree(org):
    # given
    today = timezone.localdate()

    # when
    report = establishment_report(org.northtown, today)

    # then
    children = {child.unit.code: child.figures for child in report.children}
    assert list(children) == ["northtown-team-a", "northtown-team-b"]
    assert (children["northtown-team-a"].funded, children["northtown-team-a"].vacancy) == (D("8.00"), D("7.00"))
    assert (children["northtown-team-b"].funded, children["northtown-team-b"].vacancy) == (D("1.00"), D("0.00"))
    assert report.own.headcount == 0 and report.own.funded == D("0.00")


def test_posts_and_people_held_by_the_unit_itself_are_shown_apart_from_its_children(org):
    # given: an inspector post and an inspector at Northtown station itself
    today = timezone.localdate()
    inspector = org.sergeant.__class__.objects.create(code="inspector", name="Inspector", seniority=30,
                                                      staff_group=org.officers)
    Post.objects.create(unit=org.northtown, rank=inspector, funded_fte=D("1"), effective_from=dt.date(2020, 1, 1))
    give_contract(PersonFactory(rank=inspector, staff_group=org.officers, home_unit=org.northtown), fte="0.8")

    # when
    report = establishment_report(org.northtown, today)

    # then
    assert (report.own.funded, report.own.strength, report.own.vacancy) == (D("1.00"), D("0.80"), D("0.20"))
    assert report.rows[0].rank_code == "inspector"
    assert (report.total.funded, report.total.strength) == (D("10.00"), D("2.80"))


def test_strength_counts_contract_fte_not_heads(org):
    # given: two part-time constables join team A at 0.5 and 0.6 FTE
    today = timezone.localdate()
    for fte in ("0.5", "0.6"):
        give_contract(PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=org.team_a),
                      hours="20", fte=fte)

    # when
    constable = by_rank(plan_on_a_page(org.team_a, today))["constable"]

    # then
    assert (constable.strength, constable.headcount, constable.vacancy) == (D("2.10"), 3, D("5.90"))


def test_a_long_term_abstraction_over_28_days_reduces_available_strength(org):
    # given: sam is off sick for 29 days covering today (ABS-2: long-term is more than 28 calendar days)
    today = timezone.localdate()
    abstract(org.sam, today - dt.timedelta(days=10), days=29)

    # when
    constable = by_rank(plan_on_a_page(org.northtown, today))["constable"]

    # then
    assert constable.long_term_abstracted_headcount == 1
    assert constable.long_term_abstracted == D("1.00")
    assert constable.strength == D("1.00"), "an abstracted person is still in post"
    assert constable.available == D("0.00")


def test_a_28_day_abstraction_is_not_long_term(org):
    # given: kim is off for exactly 28 days covering today
    today = timezone.localdate()
    abstract(org.kim, today - dt.timedelta(days=10), days=28)

    # when
    sergeant = by_rank(plan_on_a_page(org.northtown, today))["sergeant"]

    # then
    assert sergeant.long_term_abstracted_headcount == 0
    assert sergeant.available == D("1.00")


@pytest.mark.parametrize("status", [AbstractionStatus.REQUESTED, AbstractionStatus.REFUSED,
                                    AbstractionStatus.CANCELLED])
def test_only_approved_abstractions_count(org, status):
    # given: a 60-day abstraction covering today that is not approved
    today = timezone.localdate()
    abstract(org.sam, today - dt.timedelta(days=5), days=60, status=status)

    # when
    constable = by_rank(plan_on_a_page(org.team_a, today))["constable"]

    # then
    assert constable.long_term_abstracted_headcount == 0


def test_a_long_term_abstraction_that_has_ended_or_not_begun_does_not_count(org):
    # given: one long abstraction ended yesterday, another starts tomorrow
    today = timezone.localdate()
    abstract(org.sam, today - dt.timedelta(days=40), days=40)
    abstract(org.sam, today + dt.timedelta(days=1), days=40)

    # when
    constable = by_rank(plan_on_a_page(org.team_a, today))["constable"]

    # then
    assert constable.long_term_abstracted_headcount == 0


def test_posts_not_yet_in_force_are_excluded_until_their_date(org):
    # given: 2 more constable posts for team A from next month, and the 8 current ones ending the day before
    today = timezone.localdate()
    later = today + dt.timedelta(days=31)
    Post.objects.filter(unit=org.team_a).update(effective_to=later - dt.timedelta(days=1))
    Post.objects.create(unit=org.team_a, rank=org.constable, funded_fte=D("10"), effective_from=later)

    # when
    now = by_rank(plan_on_a_page(org.team_a, today))["constable"]
    then = by_rank(plan_on_a_page(org.team_a, later))["constable"]

    # then
    assert now.funded == D("8.00")
    assert then.funded == D("10.00")


def test_leavers_and_future_starters_are_not_strength(org):
    # given: one constable left last week, another starts next week
    today = timezone.localdate()
    gone = PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=org.team_a,
                         leave_date=today - dt.timedelta(days=7))
    give_contract(gone)
    soon = PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=org.team_a,
                         start_date=today + dt.timedelta(days=7))
    give_contract(soon)

    # when
    constable = by_rank(plan_on_a_page(org.team_a, today))["constable"]

    # then
    assert constable.headcount == 1


def test_a_person_without_a_contract_in_force_counts_in_head_count_at_zero_fte(org):
    # given: a new constable whose contract starts next week
    today = timezone.localdate()
    person = PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=org.team_a)
    give_contract(person).__class__.objects.filter(person=person).update(
        effective_from=today + dt.timedelta(days=7))

    # when
    constable = by_rank(plan_on_a_page(org.team_a, today))["constable"]

    # then
    assert (constable.headcount, constable.strength) == (2, D("1.00"))


def test_a_past_date_counts_people_where_their_movement_history_puts_them(org):
    # given: lee moved from Northtown team A to Southport team C (as a promotion-free transfer) 30 days ago
    today = timezone.localdate()
    moved = today - dt.timedelta(days=30)
    Movement.objects.create(person=org.lee, kind=MovementKind.TRANSFER, effective_date=moved,
                            from_unit=org.team_a, to_unit=org.team_c, applied=True)

    # when
    before = by_rank(plan_on_a_page(org.team_a, moved - dt.timedelta(days=1)))["constable"]
    after = by_rank(plan_on_a_page(org.team_a, moved + dt.timedelta(days=1)))["constable"]
    south_before = plan_on_a_page(org.team_c, moved - dt.timedelta(days=1))

    # then
    assert (before.headcount, before.strength) == (2, D("2.00"))
    assert (after.headcount, after.strength) == (1, D("1.00"))
    assert south_before == [], "nobody was in team C before lee arrived"


def test_the_plan_takes_a_constant_number_of_queries(org, django_assert_max_num_queries):
    # given: 40 more people spread over the teams, each with a contract, some abstracted
    today = timezone.localdate()
    for i in range(40):
        person = PersonFactory(rank=org.constable, staff_group=org.officers,
                               home_unit=(org.team_a, org.team_b, org.team_c)[i % 3])
        give_contract(person)
        if i % 5 == 0:
            abstract(person, today - dt.timedelta(days=3), days=60)

    # when / then: today's plan and a past date's, each in a handful of flat queries (sub-tree, posts, people,
    # contracts, long-term abstractions, ranks; a past date adds the movements)
    with django_assert_max_num_queries(6):
        establishment_report(org.force, today)
    with django_assert_max_num_queries(7):
        establishment_report(org.force, today - dt.timedelta(days=100))
