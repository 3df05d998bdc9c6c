"""The pay demo step on a small demo organisation: budgets per station, willing people, costed overtime."""

import datetime as dt

import pytest
from django.test import override_settings

from demo.generate import load_demo_organisation
from pay.budgets import budget_status
from pay.choices import OvertimeStatus
from pay.models import OvertimeBudget, OvertimeRecord, OvertimeWillingness, PayRate
from tests.demo.conftest import wipe_database

TODAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def small_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        result = load_demo_organisation(7, today=TODAY, scale=0.15)
    yield result
    with django_db_blocker.unblock():
        wipe_database()


@pytest.mark.slow
@pytest.mark.django_db
def test_every_station_has_a_budget_this_quarter_and_some_costed_overtime(small_demo):
    budgets = list(OvertimeBudget.objects.select_related("unit"))
    assert budgets and all(b.start_date == dt.date(2026, 1, 1) and b.end_date == dt.date(2026, 3, 31)
                           for b in budgets)
    assert PayRate.objects.exists() and OvertimeWillingness.objects.filter(willing=True).count() > 20
    statuses = set(OvertimeRecord.objects.values_list("status", flat=True))
    assert statuses == {OvertimeStatus.WORKED, OvertimeStatus.AUTHORISED, OvertimeStatus.REQUESTED}
    assert not OvertimeRecord.objects.filter(cost__lte=0, kind="overtime").exists()
    northtown = budgets[0].unit
    status = budget_status(northtown, TODAY)
    assert status.budget is not None and status.committed + status.spent > 0
