"""Loading the demo organisation: sizes, data an establishment page and the rules engine will need, and logins."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db.models import Q
from django.test import override_settings

from absence.models import Abstraction, AbstractionType
from common.errors import DomainError
from common.models import AuditEvent
from demo.generate import DEMO_PASSWORD, DEMO_USERNAMES, load_demo_organisation
from org.models import Post, Unit
from org.permissions import editable_units, readable_units
from people.models import Contract, Person, PersonSkill
from tests.demo.conftest import wipe_database

TODAY = dt.date(2026, 3, 2)


FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def small_demo(django_db_setup, django_db_blocker):
    """One small demo shared by this module's tests (each test still rolls back its own changes), removed after."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        result = load_demo_organisation(7, today=TODAY, scale=0.15)
    yield result
    with django_db_blocker.unblock():
        wipe_database()


@pytest.mark.django_db
def test_every_person_has_a_contract_today_and_a_home_unit(small_demo):
    # given / when
    without_contract = Person.objects.exclude(contracts__effective_to__isnull=True)
    # then
    assert Person.objects.count() > 200
    assert not without_contract.exists()
    assert not Person.objects.filter(home_unit__isnull=True).exists()


@pytest.mark.django_db
def test_unit_paths_follow_the_tree(small_demo):
    # given / when
    units = list(Unit.objects.select_related("parent"))
    # then
    for unit in units:
        expected = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
        assert (unit.path, unit.depth) == (expected, expected.count("/") - 2)


@pytest.mark.django_db
def test_some_skills_have_expired_and_some_expire_within_30_days(small_demo):
    # given
    soon = TODAY + dt.timedelta(days=30)
    # when
    expired = PersonSkill.objects.filter(expires__lt=TODAY).count()
    expiring = PersonSkill.objects.filter(expires__gte=TODAY, expires__lte=soon).count()
    # then
    assert expired > 0
    assert expiring > 0
    assert expired + expiring < PersonSkill.objects.count() / 3


@pytest.mark.django_db
def test_some_people_are_on_long_term_sickness_today(small_demo):
    # when
    open_long_term = Abstraction.objects.filter(type__code="sickness", start_date__lte=TODAY - dt.timedelta(days=28),
                                                end_date__gte=TODAY)
    # then
    assert open_long_term.exists()
    assert small_demo.counts["long-term sickness open today"] == open_long_term.count()


@pytest.mark.django_db
def test_young_workers_are_17_without_opt_out_or_night_work(small_demo):
    # given
    seventeen = TODAY.replace(year=TODAY.year - 18)
    # when
    young = Person.objects.filter(birth_date__gt=seventeen)
    # then
    assert young.count() == 2
    assert all(p.start_date >= p.birth_date.replace(year=p.birth_date.year + 16) for p in young)
    assert not Contract.objects.filter(person__in=young).filter(Q(wtr_opt_out=True) | Q(night_worker=True)).exists()


@pytest.mark.django_db
def test_nobody_has_two_absences_that_remove_them_from_the_roster_on_one_day(small_demo):
    # given
    days_off = defaultdict(set)
    clashes = 0
    # when
    for a in Abstraction.objects.filter(type__removes_from_roster=True):
        for n in range(a.days):
            day = a.start_date + dt.timedelta(days=n)
            clashes += day in days_off[a.person_id]
            days_off[a.person_id].add(day)
    # then
    assert clashes == 0


@pytest.mark.django_db
def test_full_time_staff_take_25_to_30_days_of_annual_leave_a_year(small_demo):
    # given
    year_ago = TODAY - dt.timedelta(days=365)
    full_year = Person.objects.filter(start_date__lt=year_ago).exclude(staff_group__code="special").filter(
        contracts__effective_to__isnull=True, contracts__fte=1)
    # when
    leave = Abstraction.objects.filter(person__in=full_year, type__code="annual-leave", start_date__gte=year_ago,
                                       start_date__lte=TODAY)
    # then
    average = sum(a.days for a in leave) / full_year.count()
    assert 22 <= average <= 31


@pytest.mark.django_db
def test_future_leave_is_booked_and_some_awaits_approval(small_demo):
    # when
    future = Abstraction.objects.filter(type__code="annual-leave", start_date__gt=TODAY)
    # then
    assert future.filter(status="approved").exists()
    assert future.filter(status="requested").exists()


@pytest.mark.django_db
def test_some_units_are_under_strength_and_a_few_over(small_demo):
    # given
    strength = defaultdict(Decimal)
    for contract in Contract.objects.filter(effective_to__isnull=True).select_related("person"):
        strength[(contract.person.home_unit_id, contract.person.rank_id)] += contract.fte
    # when
    posts = list(Post.objects.all())
    under = [p for p in posts if strength[(p.unit_id, p.rank_id)] < p.funded_fte]
    over = [p for p in posts if strength[(p.unit_id, p.rank_id)] > p.funded_fte]
    # then
    assert len(under) > len(posts) / 2
    assert 1 <= len(over) <= 10


@pytest.mark.django_db
def test_abstraction_types_carry_the_working_time_flags(small_demo):
    # when
    types = {t.code: t for t in AbstractionType.objects.all()}
    # then
    assert types["annual-leave"].excluded_from_wtr_average and types["annual-leave"].needs_approval
    assert types["sickness"].health_data and types["sickness"].excluded_from_wtr_average
    assert types["training"].counts_as_working_time and types["court"].counts_as_working_time
    assert not types["restricted-duties"].removes_from_roster
    assert types["restricted-duties"].category == "restriction"
    assert not types["parental"].paid and types["parental"].excluded_from_wtr_average
    assert {"maternity", "paternity", "adoption", "secondment", "toil", "rdil", "bank-holiday-off", "unpaid-leave",
            "suspension", "compassionate", "dependants", "jury-service", "recuperative-duties"} <= set(types)


@pytest.mark.django_db
def test_loading_writes_one_audit_event_with_the_counts(small_demo):
    # when
    events = AuditEvent.objects.filter(action="demo.loaded")
    # then
    assert AuditEvent.objects.count() == 1
    assert events.get().after["people"] == Person.objects.count()


@pytest.mark.django_db
def test_a_second_load_is_refused_and_changes_nothing(small_demo):
    # given
    before = Person.objects.count()
    # when
    with pytest.raises(DomainError, match="--reset"):
        load_demo_organisation(8, today=TODAY, scale=0.15)
    # then
    assert Person.objects.count() == before


@pytest.mark.django_db
def test_every_demo_login_signs_in_with_the_demo_password(small_demo, client):
    for username in DEMO_USERNAMES:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        client.logout()
    assert not client.login(username="planner", password="wrong-password")


@pytest.mark.django_db
def test_the_planner_edits_exactly_the_north_lpa_subtree(small_demo, django_user_model):
    # given
    planner = django_user_model.objects.get(username="planner")
    north = Unit.objects.get(code="north")
    # when
    editable = set(editable_units(planner).values_list("code", flat=True))
    # then
    assert editable == set(north.subtree().values_list("code", flat=True))
    assert {"north", "northtown", "northtown-response-a", "north-cid"} <= editable
    assert "southmoor" not in editable and "northshire" not in editable


@pytest.mark.django_db
def test_the_111_planner_and_the_manager_see_only_their_units(small_demo, django_user_model):
    # given
    planner111 = django_user_model.objects.get(username="planner111")
    manager = django_user_model.objects.get(username="manager")
    # when
    planned = set(editable_units(planner111).values_list("code", flat=True))
    managed = set(readable_units(manager).values_list("code", flat=True))
    # then
    assert planned == set(Unit.objects.get(code="northshire-111").subtree().values_list("code", flat=True))
    assert not editable_units(manager).exists()
    assert managed == set(Unit.objects.get(code="northtown").subtree().values_list("code", flat=True))


@pytest.mark.django_db
def test_staff_logins_are_linked_to_their_person_records(small_demo, django_user_model):
    # when
    officer = django_user_model.objects.get(username="officer").person
    advisor = django_user_model.objects.get(username="advisor").person
    # then
    assert (officer.rank.code, officer.home_unit.code) == ("constable", "northtown-response-a")
    assert (advisor.rank.code, advisor.home_unit.code) == ("afc-band-3", "kestrel-house-ha-1")
    assert not Abstraction.objects.filter(person__in=[officer, advisor], type__code__in=["sickness", "maternity"],
                                          start_date__lte=TODAY - dt.timedelta(days=28), end_date__gte=TODAY).exists()


@pytest.mark.django_db
def test_the_111_centre_has_eight_weeks_of_half_hourly_history_and_a_forecast(small_demo):
    from demand.models import DemandInterval, Forecast, Queue

    # given the small demo, then each 111 queue holds 8 weeks × 7 days × 48 half hours and a forecast from today
    queues = Queue.objects.filter(unit__code="northshire-111")
    assert queues.count() == 2
    for queue in queues:
        assert DemandInterval.objects.filter(queue=queue).count() == 8 * 7 * 48
        assert Forecast.objects.filter(queue=queue).exists()
