import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from common.errors import ConflictError, DomainError
from common.models import AuditEvent
from people.actions import (
    add_months,
    do_add_skill,
    do_apply_due_movements,
    do_cancel_movement,
    do_create_person,
    do_record_movement,
    do_remove_skill,
    do_set_contract,
    do_update_person,
    do_update_skill,
)
from people.choices import MovementKind
from people.history import rank_on, unit_on
from people.models import Contract, Movement, Person, PersonSkill
from tests.factories import RankFactory, SkillFactory

TODAY = timezone.localdate()


def new_person(org, user, **extra):
    values = dict(payroll_number="N1001", first_name="Ana", last_name="Cole", rank=org.constable,
                  home_unit=org.team_a, start_date=dt.date(2020, 1, 6), hours_per_week="40", fte="1")
    values.update(extra)
    return do_create_person(acting_user=user, **values)


def test_creating_a_person_gives_a_first_contract_a_starter_movement_and_an_audit_row(org):
    # when
    person = new_person(org, org.pat, reason="Intake 2020/1")
    # then
    contract = Contract.objects.get(person=person)
    assert (contract.effective_from, contract.hours_per_week, contract.fte) == (dt.date(2020, 1, 6), 40, 1)
    starter = Movement.objects.get(person=person)
    assert (starter.kind, starter.to_unit, starter.to_rank, starter.applied) == (
        MovementKind.STARTER, org.team_a, org.constable, True)
    event = AuditEvent.objects.get(action="people.person.created", person_id=person.pk)
    assert event.unit_id == org.team_a.pk and event.reason == "Intake 2020/1"
    assert event.after["payroll_number"] == "N1001" and event.after["contract"]["hours_per_week"] == "40.00"


@pytest.mark.parametrize("who, unit", [("pat", "team_c"), ("olly", "team_a"), ("sam_user", "team_a"),
                                       ("mo", "team_a")])
def test_people_are_created_only_by_planners_of_their_unit(org, who, unit):
    with pytest.raises(PermissionDenied):
        new_person(org, getattr(org, who), home_unit=getattr(org, unit))
    assert not Person.objects.filter(payroll_number="N1001").exists()


def test_a_rank_of_another_staff_group_is_refused_listing_the_allowed_ranks(org):
    # given a police staff grade
    grade = RankFactory(code="scale-4", name="Scale 4", staff_group__code="police-staff",
                        staff_group__name="Police staff", staff_group__kind="police-staff")
    # when
    with pytest.raises(DomainError) as exc:
        new_person(org, org.alice, rank=grade, staff_group=org.officers)
    # then
    assert exc.value.errors[0].field == "rank"
    assert "allowed: constable, sergeant" in exc.value.message


def test_updating_with_the_version_read_bumps_it_and_audits_before_and_after(org):
    # given
    sam = Person.objects.get(pk=org.sam.pk)
    # when
    updated = do_update_person(sam, version=sam.version, phone="07700 900123", acting_user=org.pat,
                               reason="New mobile")
    # then
    assert updated.version == sam.version + 1
    event = AuditEvent.objects.get(action="people.person.updated")
    assert (event.before["phone"], event.after["phone"], event.reason) == ("", "07700 900123", "New mobile")
    assert event.person_id == sam.pk and event.unit_id == org.team_a.pk


def test_a_stale_version_is_a_conflict_and_changes_nothing(org):
    # given two planners opened Sam's record at version 1; the first saves
    first = Person.objects.get(pk=org.sam.pk)
    do_update_person(first, version=1, last_name="Jones-Smith", acting_user=org.pat)
    # when the second saves with the version they read
    with pytest.raises(ConflictError) as exc:
        do_update_person(first, version=1, last_name="Jonas", acting_user=org.alice)
    # then
    assert exc.value.status_code == 409 and exc.value.errors[0].field == "version"
    assert "Someone else changed this person since you opened it" in exc.value.message
    assert Person.objects.get(pk=org.sam.pk).last_name == "Jones-Smith"


def test_unit_and_rank_do_not_change_through_a_plain_update(org):
    with pytest.raises(DomainError) as exc:
        do_update_person(org.sam, version=1, home_unit=org.team_b, acting_user=org.pat)
    assert exc.value.errors[0].field == "home_unit" and "movement" in exc.value.message


@pytest.mark.parametrize("who", ["olly", "sam_user", "mo"])
def test_only_planners_of_sams_unit_may_update_him(org, who):
    with pytest.raises(PermissionDenied):
        do_update_person(org.sam, version=1, phone="1", acting_user=getattr(org, who))


def test_a_new_contract_closes_the_previous_one_the_day_before(org):
    # given Sam's first contract runs from his start date, open-ended
    # when he goes part-time from 1 June 2025
    new = do_set_contract(org.sam, effective_from=dt.date(2025, 6, 1), hours_per_week="30", fte="0.75",
                          acting_user=org.pat)
    # then
    first = Contract.objects.get(person=org.sam, effective_from=org.sam.start_date)
    assert first.effective_to == dt.date(2025, 5, 31)
    assert (new.effective_to, new.fte) == (None, Decimal("0.750"))
    assert AuditEvent.objects.filter(action="people.contract.set", person_id=org.sam.pk).count() == 1


def test_a_contract_needs_hours(org):
    with pytest.raises(DomainError) as exc:
        do_set_contract(org.sam, effective_from=dt.date(2025, 6, 1), fte="1", acting_user=org.pat)
    assert exc.value.errors[0].field == "hours_per_week"


def test_a_skill_without_an_expiry_expires_after_its_validity(org):
    # given taser is valid for 12 months
    # when
    held = do_add_skill(org.sam, org.taser, acquired=dt.date(2024, 2, 29), acting_user=org.pat)
    # then
    assert held.expires == dt.date(2025, 2, 28)
    assert AuditEvent.objects.filter(action="people.skill.added", person_id=org.sam.pk).count() == 1


def test_renewing_a_skill_recomputes_its_expiry_and_removing_it_is_audited(org):
    # given
    held = do_add_skill(org.sam, org.taser, acquired=dt.date(2024, 1, 10), acting_user=org.pat)
    # when
    renewed = do_update_skill(held, acquired=dt.date(2025, 1, 15), acting_user=org.pat)
    do_remove_skill(renewed, acting_user=org.pat, reason="Withdrawn")
    # then
    assert renewed.expires == dt.date(2026, 1, 15)
    assert not PersonSkill.objects.filter(person=org.sam).exists()
    removed = AuditEvent.objects.get(action="people.skill.removed")
    assert removed.before["expires"] == "2026-01-15" and removed.reason == "Withdrawn"


def test_a_skill_that_never_expires_has_no_expiry(org):
    first_aid = SkillFactory(code="first-aid", name="First aid", validity_months=None)
    held = do_add_skill(org.sam, first_aid, acquired=dt.date(2024, 1, 10), acting_user=org.pat)
    assert held.expires is None


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 11, 30), 3) == dt.date(2025, 2, 28)


# --- movements ------------------------------------------------------------------------------------------------

def test_the_unit_on_any_past_date_is_answered_after_two_transfers(org):
    # given Ana started in team A on 6 Jan 2020
    ana = new_person(org, org.alice)
    # when she moves to team B on 1 Mar 2021, then to Southport team C on 1 Jul 2022
    do_record_movement(ana, kind=MovementKind.TRANSFER, effective_date=dt.date(2021, 3, 1), to_unit=org.team_b,
                       acting_user=org.pat)
    do_record_movement(ana, kind=MovementKind.TRANSFER, effective_date=dt.date(2022, 7, 1), to_unit=org.team_c,
                       acting_user=org.alice)
    # then
    ana.refresh_from_db()
    assert unit_on(ana, dt.date(2019, 12, 31)) is None
    assert unit_on(ana, dt.date(2020, 1, 6)) == org.team_a
    assert unit_on(ana, dt.date(2021, 2, 28)) == org.team_a
    assert unit_on(ana, dt.date(2021, 3, 1)) == org.team_b
    assert unit_on(ana, dt.date(2022, 6, 30)) == org.team_b
    assert unit_on(ana, dt.date(2023, 1, 1)) == org.team_c
    assert ana.home_unit == org.team_c
    second = Movement.objects.get(person=ana, effective_date=dt.date(2022, 7, 1))
    assert (second.from_unit, second.to_unit, second.applied) == (org.team_b, org.team_c, True)


def test_history_without_a_starter_row_falls_back_to_the_first_movements_from_unit(org):
    # given Sam was loaded without a starter movement
    # when he is transferred on 1 May 2024
    do_record_movement(org.sam, kind=MovementKind.TRANSFER, effective_date=dt.date(2024, 5, 1),
                       to_unit=org.team_b, acting_user=org.pat)
    # then
    assert unit_on(org.sam, dt.date(2024, 4, 30)) == org.team_a
    assert unit_on(org.sam, dt.date(2024, 5, 1)) == org.team_b
    assert unit_on(org.sam, dt.date(2014, 1, 1)) is None


def test_a_movement_is_recorded_and_audited_with_the_values_in_force(org):
    # when
    movement = do_record_movement(org.sam, kind=MovementKind.PROMOTION, effective_date=dt.date(2024, 9, 2),
                                  to_rank=org.sergeant, acting_user=org.pat, reason="Passed board")
    # then
    assert (movement.from_rank, movement.to_rank, movement.from_unit) == (org.constable, org.sergeant, org.team_a)
    sam = Person.objects.get(pk=org.sam.pk)
    assert sam.rank == org.sergeant and sam.version == 2
    assert rank_on(sam, dt.date(2024, 9, 1)) == org.constable and rank_on(sam, dt.date(2024, 9, 2)) == org.sergeant
    event = AuditEvent.objects.get(action="people.movement.recorded")
    assert event.before["person"]["rank"] == org.constable.pk and event.after["person"]["rank"] == org.sergeant.pk
    assert event.reason == "Passed board" and event.person_id == sam.pk


def test_a_future_transfer_waits_and_is_applied_once_when_due(org):
    # given a transfer dated next week
    due = TODAY + dt.timedelta(days=7)
    movement = do_record_movement(org.sam, kind=MovementKind.TRANSFER, effective_date=due, to_unit=org.team_b,
                                  acting_user=org.pat)
    # then it is pending
    assert movement.applied is False
    assert Person.objects.get(pk=org.sam.pk).home_unit == org.team_a
    assert unit_on(org.sam, due) == org.team_b
    # when the daily task runs before, on and after the date
    assert do_apply_due_movements(on=due - dt.timedelta(days=1)) == 0
    assert do_apply_due_movements(on=due) == 1
    assert do_apply_due_movements(on=due) == 0
    # then
    assert Person.objects.get(pk=org.sam.pk).home_unit == org.team_b
    assert Movement.objects.get(pk=movement.pk).applied is True
    assert AuditEvent.objects.filter(action="people.movement.applied", person_id=org.sam.pk).count() == 1


def test_a_leaver_sets_the_leave_date_and_has_no_unit_afterwards(org):
    # when
    do_record_movement(org.sam, kind=MovementKind.LEAVER, effective_date=dt.date(2024, 12, 31),
                       acting_user=org.pat, reason="Retired")
    # then
    sam = Person.objects.get(pk=org.sam.pk)
    assert sam.leave_date == dt.date(2024, 12, 31)
    assert unit_on(sam, dt.date(2024, 12, 31)) == org.team_a
    assert unit_on(sam, dt.date(2025, 1, 1)) is None
    with pytest.raises(DomainError) as exc:
        do_record_movement(sam, kind=MovementKind.TRANSFER, effective_date=dt.date(2025, 2, 1),
                           to_unit=org.team_b, acting_user=org.pat)
    assert exc.value.errors[0].field == "effective_date"


def test_a_future_leaver_stays_pending_until_the_date(org):
    leaving = TODAY + dt.timedelta(days=30)
    do_record_movement(org.sam, kind=MovementKind.LEAVER, effective_date=leaving, acting_user=org.pat)
    assert Person.objects.get(pk=org.sam.pk).leave_date is None
    do_apply_due_movements(on=leaving)
    assert Person.objects.get(pk=org.sam.pk).leave_date == leaving


@pytest.mark.parametrize("kind, extra, field", [
    (MovementKind.TRANSFER, {}, "to_unit"),
    (MovementKind.PROMOTION, {}, "to_rank"),
    (MovementKind.REGRADE, {"to_unit": "team_b"}, "to_unit"),
    (MovementKind.STARTER, {"to_unit": "team_b"}, "kind"),
])
def test_movement_validation_names_the_field(org, kind, extra, field):
    values = {k: getattr(org, v) for k, v in extra.items()}
    with pytest.raises(DomainError) as exc:
        do_record_movement(org.sam, kind=kind, effective_date=dt.date(2024, 1, 1), acting_user=org.alice, **values)
    assert exc.value.errors[0].field == field


def test_a_promotion_must_be_to_a_more_senior_rank_of_the_same_staff_group(org):
    # given Kim is a sergeant
    with pytest.raises(DomainError) as exc:
        do_record_movement(org.kim, kind=MovementKind.PROMOTION, effective_date=dt.date(2024, 1, 1),
                           to_rank=org.constable, acting_user=org.pat)
    assert exc.value.errors[0].field == "to_rank" and "not more senior" in exc.value.message
    grade = RankFactory(code="scale-5", name="Scale 5", seniority=50, staff_group__code="police-staff",
                        staff_group__name="Police staff", staff_group__kind="police-staff")
    with pytest.raises(DomainError) as exc:
        do_record_movement(org.kim, kind=MovementKind.PROMOTION, effective_date=dt.date(2024, 1, 1),
                           to_rank=grade, acting_user=org.pat)
    assert exc.value.errors[0].field == "to_rank" and "not a rank of Police officer" in exc.value.message


@pytest.mark.parametrize("who, to_unit", [("pat", "team_c"), ("olly", "team_c"), ("sam_user", "team_b"),
                                          ("mo", "team_b")])
def test_a_transfer_needs_rights_over_both_source_and_destination(org, who, to_unit):
    # pat plans only the source, olly only the destination, sam and mo neither
    with pytest.raises(PermissionDenied):
        do_record_movement(org.sam, kind=MovementKind.TRANSFER, effective_date=dt.date(2024, 1, 1),
                           to_unit=getattr(org, to_unit), acting_user=getattr(org, who))
    assert not Movement.objects.filter(person=org.sam).exists()


def test_a_backdated_movement_before_a_later_one_is_refused(org):
    do_record_movement(org.sam, kind=MovementKind.TRANSFER, effective_date=dt.date(2024, 6, 1), to_unit=org.team_b,
                       acting_user=org.pat)
    with pytest.raises(DomainError) as exc:
        do_record_movement(org.sam, kind=MovementKind.TRANSFER, effective_date=dt.date(2024, 3, 1),
                           to_unit=org.team_b, acting_user=org.pat)
    assert exc.value.errors[0].field == "effective_date" and "2024-06-01" in exc.value.message


def test_a_pending_movement_can_be_cancelled_but_an_applied_one_cannot(org):
    pending = do_record_movement(org.sam, kind=MovementKind.TRANSFER, effective_date=TODAY + dt.timedelta(days=3),
                                 to_unit=org.team_b, acting_user=org.pat)
    do_cancel_movement(pending, acting_user=org.pat)
    assert not Movement.objects.filter(pk=pending.pk).exists()
    applied = do_record_movement(org.sam, kind=MovementKind.TRANSFER, effective_date=dt.date(2024, 1, 1),
                                 to_unit=org.team_b, acting_user=org.pat)
    with pytest.raises(DomainError):
        do_cancel_movement(applied, acting_user=org.pat)


def test_a_leaver_can_rejoin_with_a_starter(org):
    do_record_movement(org.lee, kind=MovementKind.LEAVER, effective_date=dt.date(2023, 3, 31), acting_user=org.olly)
    do_record_movement(org.lee, kind=MovementKind.STARTER, effective_date=dt.date(2024, 4, 1), to_unit=org.team_c,
                       acting_user=org.olly)
    lee = Person.objects.get(pk=org.lee.pk)
    assert lee.leave_date is None and lee.home_unit == org.team_c
    assert unit_on(lee, dt.date(2023, 12, 1)) is None and unit_on(lee, dt.date(2024, 4, 1)) == org.team_c
