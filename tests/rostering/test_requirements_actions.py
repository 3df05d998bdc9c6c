"""Changing staffing requirements: who may, what is refused (naming the field), what is audited."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from common.errors import ConflictError, DomainError
from common.models import AuditEvent
from rostering.actions import (
    do_apply_requirement_template,
    do_create_requirement,
    do_delete_requirement,
    do_delete_requirement_override,
    do_set_requirement_override,
    do_update_requirement,
)
from rostering.actions.requirements import parse_weekdays
from rostering.models import Requirement, RequirementOverride
from tests.factories import RankFactory, SkillFactory

NIGHT = dict(start_time=dt.time(22), end_time=dt.time(3))


def test_a_planner_adds_a_friday_and_saturday_night_requirement_and_it_is_audited(org):
    # when pat (planner of Northtown) adds 2 sergeants Fri–Sat 22:00–03:00, target 3
    row = do_create_requirement(unit=org.northtown, rank=org.sergeant, weekdays="Fri-Sat", **NIGHT, minimum=2,
                                target=3, note="night-time economy", acting_user=org.pat)
    # then it is stored with canonical weekdays and labelled as planners say it
    assert (row.weekdays, row.minimum, row.target, row.crosses_midnight) == ("45", 2, 3, True)
    assert str(row) == "Sergeant Fri–Sat 22:00–03:00: 2 (target 3)"
    event = AuditEvent.objects.get(action="rostering.requirement.create")
    assert (event.actor, event.unit_id, event.after["weekdays"]) == (org.pat, org.northtown.pk, "45")


def test_the_target_defaults_to_the_minimum_and_the_first_day_to_today(org):
    row = do_create_requirement(unit=org.northtown, start_time=dt.time(7), end_time=dt.time(17), minimum=4,
                                acting_user=org.pat)
    assert row.target == 4 and row.effective_from is not None and row.weekdays == "0123456"


@pytest.mark.parametrize("username", ["olly", "mo", "sam"])
def test_only_planners_of_the_unit_change_its_requirements(org, username):
    # given a requirement of Northtown
    row = do_create_requirement(unit=org.northtown, rank=org.constable, start_time=dt.time(7), end_time=dt.time(17),
                                minimum=6, acting_user=org.pat)
    user = {"olly": org.olly, "mo": org.mo, "sam": org.sam_user}[username]
    # then olly (Southport's planner), mo (a manager) and sam (staff) can neither add, change nor remove
    with pytest.raises(PermissionDenied):
        do_create_requirement(unit=org.northtown, start_time=dt.time(7), end_time=dt.time(17), minimum=1,
                              acting_user=user)
    with pytest.raises(PermissionDenied):
        do_update_requirement(requirement=row, minimum=1, acting_user=user)
    with pytest.raises(PermissionDenied):
        do_delete_requirement(requirement=row, acting_user=user)
    with pytest.raises(PermissionDenied):
        do_set_requirement_override(unit=org.northtown, date=dt.date(2026, 12, 25), start_time=dt.time(0),
                                    end_time=dt.time(0), minimum=1, reason="Christmas", acting_user=user)
    with pytest.raises(PermissionDenied):
        do_apply_requirement_template(org.northtown, "police-response-station", acting_user=user)
    assert Requirement.objects.get().minimum == 6


def test_a_planner_of_an_area_plans_the_stations_below_it_and_an_administrator_everything(org):
    do_create_requirement(unit=org.southport, start_time=dt.time(7), end_time=dt.time(17), minimum=1,
                          acting_user=org.olly)
    do_create_requirement(unit=org.northtown, start_time=dt.time(7), end_time=dt.time(17), minimum=1,
                          acting_user=org.alice)
    assert Requirement.objects.count() == 2


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"minimum": 5, "target": 3}, "target", "at least the minimum"),
    ({"minimum": -1}, "minimum", "between 0 and 999"),
    ({"minimum": "two"}, "minimum", "whole number"),
    ({"weekdays": "8"}, "weekdays", "not a day of the week"),
    ({"weekdays": ""}, "weekdays", "at least one day"),
    ({"start_time": "25:00"}, "start_time", "like 07:00"),
    ({"end_time": None}, "end_time", "like 07:00"),
    ({"effective_from": dt.date(2026, 5, 1), "effective_to": dt.date(2026, 4, 1)}, "effective_to", "on or after"),
    ({"note": "x" * 201}, "note", "200 characters"),
])
def test_invalid_requirements_are_refused_naming_the_field(org, changes, field, words):
    values = dict(unit=org.northtown, start_time=dt.time(7), end_time=dt.time(17), minimum=1) | changes
    with pytest.raises(DomainError) as caught:
        do_create_requirement(**values, acting_user=org.pat)
    assert caught.value.errors[0].field == field
    assert words in caught.value.errors[0].message
    assert not Requirement.objects.exists()


def test_every_invalid_field_is_reported_at_once(org):
    with pytest.raises(DomainError) as caught:
        do_create_requirement(unit=org.northtown, weekdays="", start_time="soon", end_time=dt.time(17), minimum=3,
                              target=1, acting_user=org.pat)
    assert [e.field for e in caught.value.errors] == ["weekdays", "start_time", "target"]


def test_the_same_band_twice_is_refused(org):
    do_create_requirement(unit=org.northtown, rank=org.sergeant, weekdays="45", **NIGHT, minimum=2,
                          acting_user=org.pat)
    with pytest.raises(DomainError) as caught:
        do_create_requirement(unit=org.northtown, rank=org.sergeant, weekdays="45", **NIGHT, minimum=3,
                              acting_user=org.pat)
    assert caught.value.errors[0].field == "start_time"
    assert "already requires Sergeant Fri–Sat 22:00–03:00" in caught.value.message


def test_weekdays_are_understood_as_digits_names_and_ranges():
    assert parse_weekdays("0123456") == "0123456"
    assert parse_weekdays("Mon-Fri") == "01234"
    assert parse_weekdays("fri, sat") == "45"
    assert parse_weekdays([6, 0]) == "06"
    with pytest.raises(DomainError):
        parse_weekdays("Sat-Mon")


def test_an_update_changes_only_what_is_given_and_refuses_a_stale_version(org):
    # given a requirement read at version 1
    row = do_create_requirement(unit=org.northtown, rank=org.constable, start_time=dt.time(7), end_time=dt.time(17),
                                minimum=6, target=8, acting_user=org.pat)
    # when pat raises the minimum, then someone with the old version tries too
    row = do_update_requirement(requirement=row, minimum=7, expected_version=1, acting_user=org.pat)
    assert (row.minimum, row.target, row.rank, row.version) == (7, 8, org.constable, 2)
    with pytest.raises(ConflictError):
        do_update_requirement(requirement=row, minimum=5, expected_version=1, acting_user=org.pat)
    # then the audit has the before and after
    event = AuditEvent.objects.get(action="rostering.requirement.update")
    assert (event.before["minimum"], event.after["minimum"]) == (6, 7)


def test_a_requirement_can_be_changed_to_any_rank_and_removed(org):
    row = do_create_requirement(unit=org.northtown, rank=org.constable, start_time=dt.time(7), end_time=dt.time(17),
                                minimum=6, acting_user=org.pat)
    row = do_update_requirement(requirement=row, rank=None, acting_user=org.pat)
    assert row.rank is None and row.who == "Anyone"
    do_delete_requirement(requirement=row, acting_user=org.pat, reason="merged")
    assert not Requirement.objects.exists()
    assert AuditEvent.objects.get(action="rostering.requirement.delete").reason == "merged"


def test_an_override_needs_a_date_or_bank_holidays_and_a_reason(org):
    with pytest.raises(DomainError) as caught:
        do_set_requirement_override(unit=org.northtown, start_time=dt.time(0), end_time=dt.time(0), minimum=1,
                                    reason="", acting_user=org.pat)
    assert [e.field for e in caught.value.errors] == ["date", "reason"]
    with pytest.raises(DomainError) as caught:
        do_set_requirement_override(unit=org.northtown, date=dt.date(2026, 12, 25), on_bank_holidays=True,
                                    start_time=dt.time(0), end_time=dt.time(0), minimum=1, reason="x",
                                    acting_user=org.pat)
    assert caught.value.errors[0].field == "date"


def test_setting_the_same_override_twice_changes_it_rather_than_adding_another(org):
    # given carnival day needs 10 constables 12:00–20:00
    first = do_set_requirement_override(unit=org.northtown, date=dt.date(2026, 8, 29), start_time=dt.time(12),
                                        end_time=dt.time(20), rank=org.constable, minimum=10, target=12,
                                        reason="Carnival", acting_user=org.pat)
    # when it is set again with 12
    again = do_set_requirement_override(unit=org.northtown, date=dt.date(2026, 8, 29), start_time=dt.time(12),
                                        end_time=dt.time(20), rank=org.constable, minimum=12,
                                        reason="Carnival: bigger crowd", acting_user=org.pat)
    # then there is one override, now 12/12, version 2, and both changes are audited with their reasons
    assert again.pk == first.pk and (again.minimum, again.target, again.version) == (12, 12, 2)
    assert RequirementOverride.objects.count() == 1
    assert list(AuditEvent.objects.filter(action__startswith="rostering.requirement_override")
                .order_by("id").values_list("action", "reason")) == [
        ("rostering.requirement_override.create", "Carnival"),
        ("rostering.requirement_override.update", "Carnival: bigger crowd")]
    do_delete_requirement_override(override=again, acting_user=org.pat)
    assert not RequirementOverride.objects.exists()


def test_a_bank_holiday_override_is_stored_without_a_date(org):
    row = do_set_requirement_override(unit=org.northtown, on_bank_holidays=True, start_time=dt.time(7),
                                      end_time=dt.time(17), rank=org.constable, minimum=4, reason="Bank holidays",
                                      acting_user=org.pat)
    assert row.date is None and row.on_bank_holidays and row.when_label == "Every bank holiday"


def test_the_response_station_template_needs_its_ranks_and_skills(org):
    # given the organisation has no response-driver skill yet
    with pytest.raises(DomainError) as caught:
        do_apply_requirement_template(org.northtown, "police-response-station", acting_user=org.pat)
    assert caught.value.errors[0].field == "code"
    assert "response-driver-standard" in caught.value.message
    with pytest.raises(DomainError) as caught:
        do_apply_requirement_template(org.northtown, "no-such-template", acting_user=org.pat)
    assert caught.value.errors[0].field == "code"


def test_a_template_gives_a_station_its_requirements_and_replaces_them_only_when_asked(org):
    # given the ranks and skills the template names
    SkillFactory(code="response-driver-standard", name="Response driver")
    first_day = dt.date(2026, 6, 1)
    # when pat applies the police response station template
    created = do_apply_requirement_template(org.northtown, "police-response-station", effective_from=first_day,
                                            acting_user=org.pat)
    # then Northtown has its 12 lines, among them 14 constables Fri–Sat 22:00–03:00
    assert len(created) == 12 == Requirement.objects.filter(unit=org.northtown).count()
    assert Requirement.objects.get(rank=org.constable, weekdays="45").minimum == 14
    # and applying it again is refused unless replacing, which ends the old lines the day before
    with pytest.raises(DomainError) as caught:
        do_apply_requirement_template(org.northtown, "police-response-station", effective_from=first_day,
                                      acting_user=org.pat)
    assert caught.value.errors[0].field == "replace"
    do_apply_requirement_template(org.northtown, "police-response-station", effective_from=dt.date(2026, 7, 1),
                                  replace=True, acting_user=org.pat)
    assert Requirement.objects.filter(effective_to=dt.date(2026, 6, 30)).count() == 12
    assert Requirement.objects.filter(effective_from=dt.date(2026, 7, 1)).count() == 12
    assert AuditEvent.objects.filter(action="rostering.requirement.apply_template").count() == 2


def test_the_neighbourhood_template_needs_a_pcso_rank(org):
    with pytest.raises(DomainError) as caught:
        do_apply_requirement_template(org.northtown, "police-neighbourhood-team", acting_user=org.pat)
    assert "pcso" in caught.value.message
    RankFactory(code="pcso", name="PCSO", staff_group=org.officers)
    assert len(do_apply_requirement_template(org.northtown, "police-neighbourhood-team", acting_user=org.pat)) == 4


def test_the_database_refuses_a_target_below_the_minimum(org):
    from django.db import IntegrityError, transaction
    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.create(unit=org.northtown, start_time=dt.time(7), end_time=dt.time(17), minimum=3,
                                   target=2, effective_from=dt.date(2026, 1, 1))
