import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from common.errors import DomainError
from common.models import AuditEvent
from worktime.actions import do_tighten_rule_pack
from worktime.models import RulePackTightening
from worktime.rulepacks import organisation_packs


@pytest.mark.django_db
def test_an_administrator_tightens_daily_rest_and_it_is_audited(org):
    # when alice sets 12 h daily rest for police staff from 1 Jan 2027
    row = do_tighten_rule_pack(pack="police-staff", effective_from=dt.date(2027, 1, 1),
                               changes={"daily_rest_minutes": 720}, acting_user=org.alice, reason="Local agreement")
    # then the pack in force from that date has it, the day before does not, and the change is audited
    packs = organisation_packs()
    assert packs.in_force("police-staff", dt.date(2027, 1, 1)).daily_rest_minutes == 720
    assert packs.in_force("police-staff", dt.date(2026, 12, 31)).daily_rest_minutes == 660
    event = AuditEvent.objects.get(action="worktime.rule_pack.tighten")
    assert event.after["changes"] == {"daily_rest_minutes": 720}
    assert event.reason == "Local agreement" and event.object_id == str(row.pk)


@pytest.mark.django_db
def test_a_statutory_limit_cannot_be_loosened(org):
    # when alice tries 10 h daily rest (WTR reg 10 says 11 h)
    with pytest.raises(DomainError) as caught:
        do_tighten_rule_pack(pack="police-officer", effective_from=dt.date(2027, 1, 1),
                             changes={"daily_rest_minutes": 600}, acting_user=org.alice, reason="Try")
    # then the error names the parameter and nothing is stored
    assert caught.value.errors[0].field == "changes.daily_rest_minutes"
    assert "reg 10" in caught.value.message
    assert not RulePackTightening.objects.exists()


@pytest.mark.django_db
def test_an_unknown_pack_is_refused_naming_the_field(org):
    with pytest.raises(DomainError) as caught:
        do_tighten_rule_pack(pack="fire-service", effective_from=dt.date(2027, 1, 1),
                             changes={"daily_rest_minutes": 720}, acting_user=org.alice, reason="x")
    assert caught.value.errors[0].field == "pack"


@pytest.mark.django_db
def test_only_administrators_tighten_rule_packs(org):
    with pytest.raises(PermissionDenied):
        do_tighten_rule_pack(pack="police-officer", effective_from=dt.date(2027, 1, 1),
                             changes={"daily_rest_minutes": 720}, acting_user=org.pat, reason="x")


@pytest.mark.django_db
def test_the_rule_packs_page_shows_local_limits_to_planners_and_refuses_staff(org, client_as):
    do_tighten_rule_pack(pack="police-officer", effective_from=dt.date(2020, 1, 1),
                         changes={"weekly_rest_minutes": 2100}, acting_user=org.alice, reason="35 h weekly rest")
    page = client_as("pat").get("/rules/")
    assert page.status_code == 200
    assert b"35 h weekly rest" in page.content and b"2100" in page.content
    client_as("sam")
    assert client_as("sam").get("/rules/").status_code == 403
