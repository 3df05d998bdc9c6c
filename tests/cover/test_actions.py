"""Reporting on the day and applying a cover option: duty changes, notice, notification, overtime, budget, audit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from absence.models import Abstraction
from common.errors import ConflictError, DomainError
from common.models import AuditEvent
from cover.actions import do_apply_cover_option, do_report_on_day
from cover.board import build_board
from cover.models import CoverApplication, DayReport
from cover.options import find_options, shortfall
from pay.actions import do_set_overtime_budget
from pay.models import OvertimeRecord
from rostering.models import Duty, DutyChange, Notification
from tests.cover.scene import Scene

pytestmark = pytest.mark.django_db(transaction=True)  # the actions use durable transactions


def _gap(scene):
    board = build_board(scene.org.northtown, scene.day, 7)
    return next(g for g in board.gaps if g.day == scene.day)


def _option(scene, kind):
    gap = _gap(scene)
    found = find_options(shortfall(gap.unit, rank_id=gap.rank_id, skill_id=gap.skill_id, start=gap.start,
                                   end=gap.end))
    option = next(o for o in found.options if o.kind == kind)
    return option, option.token(found.gap)


def test_reporting_sick_records_the_sickness_and_opens_the_gap():
    scene = Scene()
    # when pat reports Ann sick
    report = do_report_on_day(scene.ann, date=scene.day, kind="sick", acting_user=scene.org.pat)
    # then the absence app has the sickness (health data) and the board shows the gap
    assert report.abstraction == Abstraction.objects.get(person=scene.ann)
    assert _gap(scene).shortfall == 1
    assert AuditEvent.objects.filter(action="cover.report.sick").count() == 1
    assert AuditEvent.objects.filter(action="absence.sickness.reported").count() == 1


def test_reporting_late_takes_the_person_off_only_for_the_minutes_late():
    scene = Scene()
    report = do_report_on_day(scene.ann, date=scene.day, kind="late", minutes_late=90, acting_user=scene.org.pat,
                              note="Car broke down")
    assert (report.start, report.end) == (scene.at(7), scene.at(7) + dt.timedelta(minutes=90))
    gap = _gap(scene)
    # 07:00–08:00 is short (hourly intervals: a person counts in an hour when there at its middle, 08:30)
    assert (gap.start, gap.end) == (scene.at(7), scene.at(8))
    assert [a.why for a in gap.absent] == ["Late (90 min)"]


def test_a_late_report_needs_its_minutes_and_awol_needs_a_duty():
    scene = Scene()
    with pytest.raises(DomainError) as missing:
        do_report_on_day(scene.ann, date=scene.day, kind="late", acting_user=scene.org.pat)
    assert missing.value.errors[0].field == "minutes_late"
    with pytest.raises(DomainError) as resting:
        do_report_on_day(scene.bob, date=scene.day, kind="awol", acting_user=scene.org.pat)
    assert resting.value.errors[0].field == "date"
    assert not DayReport.objects.exists()


def test_only_planners_of_the_unit_report_absence():
    scene = Scene()
    with pytest.raises(PermissionDenied):
        do_report_on_day(scene.ann, date=scene.day, kind="awol", acting_user=scene.org.olly)
    with pytest.raises(PermissionDenied):
        do_report_on_day(scene.ann, date=scene.day, kind="absent", acting_user=scene.org.mo)


def test_applying_rest_day_working_writes_the_duty_the_change_the_notification_the_overtime_and_the_audit():
    # given Ann is AWOL and Bob's rest-day working is offered
    scene = Scene()
    do_report_on_day(scene.ann, date=scene.day, kind="awol", acting_user=scene.org.pat)
    option, token = _option(scene, "rest_day")
    notes = Notification.objects.filter(person=scene.bob).count()
    # when pat applies it
    applied = do_apply_cover_option(token, acting_user=scene.org.pat, reason="Ann AWOL")
    # then Bob works 07:00–17:00 at Northtown Team B, as a published duty change with POL-5 compensation
    duty = Duty.objects.get(person=scene.bob, date=scene.day)
    assert (duty.start, duty.end, duty.is_rest_day, duty.source) == (scene.at(7), scene.at(17), False, "overtime")
    change = DutyChange.objects.get(person=scene.bob)
    assert change.rule == "POL-5" and change.reason == "Ann AWOL"
    assert Notification.objects.filter(person=scene.bob).count() == notes + 2  # the change, the overtime authorised
    overtime = OvertimeRecord.objects.get(person=scene.bob)
    assert (overtime.kind, overtime.status, overtime.unit) == ("rest_day_working", "authorised", scene.org.northtown)
    assert overtime.cost == option.cost == applied.cost
    assert applied.overtime_id == overtime.pk
    assert AuditEvent.objects.filter(action="cover.option.applied", object_id=str(applied.pk)).exists()
    # and the board is green that day
    assert not [g for g in build_board(scene.org.northtown, scene.day, 7).gaps if g.day == scene.day]


def test_applying_a_move_changes_the_duty_unit_and_tells_the_person():
    scene = Scene()
    do_report_on_day(scene.ann, date=scene.day, kind="absent", acting_user=scene.org.pat)
    _option_, token = _option(scene, "move")
    applied = do_apply_cover_option(token, acting_user=scene.org.alice, reason="Ann absent")
    duty = Duty.objects.get(person=applied.person, date=scene.day)
    assert duty.unit == scene.org.northtown and applied.overtime_id is None and applied.cost == 0
    assert "Northfield" in DutyChange.objects.get(person=applied.person).old["label"]


def test_a_planner_may_not_move_someone_from_a_unit_they_do_not_plan():
    # pat plans Northtown, not Northfield
    scene = Scene()
    do_report_on_day(scene.ann, date=scene.day, kind="absent", acting_user=scene.org.pat)
    _o, token = _option(scene, "move")
    with pytest.raises(PermissionDenied):
        do_apply_cover_option(token, acting_user=scene.org.pat, reason="Ann absent")
    assert not CoverApplication.objects.exists()
    assert Duty.objects.get(person=scene.eve, date=scene.day).unit == scene.northfield_team


def test_the_budget_refuses_overtime_it_cannot_pay_and_an_override_needs_a_reason_and_is_audited():
    # given Northtown has £100 of overtime budget and Bob's rest day costs more
    scene = Scene()
    do_set_overtime_budget(scene.org.northtown, start_date=scene.day - dt.timedelta(days=10),
                           end_date=scene.day + dt.timedelta(days=10), amount=Decimal("100.00"),
                           acting_user=scene.org.alice, reason="tests")
    do_report_on_day(scene.ann, date=scene.day, kind="awol", acting_user=scene.org.pat)
    option, token = _option(scene, "rest_day")
    assert option.cost > 100
    # when pat applies it without an override: refused, nothing changed
    with pytest.raises(DomainError) as refused:
        do_apply_cover_option(token, acting_user=scene.org.pat, reason="Ann AWOL")
    assert refused.value.errors[0].field == "budget"
    assert Duty.objects.get(person=scene.bob, date=scene.day).is_rest_day
    assert not OvertimeRecord.objects.exists() and not CoverApplication.objects.exists()
    # when with an override but no reason: refused
    with pytest.raises(DomainError) as no_reason:
        do_apply_cover_option(token, acting_user=scene.org.pat, reason="Ann AWOL", override_budget=True)
    assert no_reason.value.errors[0].field == "override_reason"
    # when with a reason: applied, over budget, audited as such
    applied = do_apply_cover_option(token, acting_user=scene.org.pat, reason="Ann AWOL", override_budget=True,
                                    override_reason="Minimum staffing on a Friday")
    assert applied.override_budget and applied.override_reason == "Minimum staffing on a Friday"
    assert OvertimeRecord.objects.get().over_budget
    assert AuditEvent.objects.filter(action="pay.overtime.authorise_over_budget").count() == 1


def test_an_option_is_refused_when_the_cell_changed_since_it_was_offered_and_its_overtime_is_cancelled():
    scene = Scene()
    do_report_on_day(scene.ann, date=scene.day, kind="awol", acting_user=scene.org.pat)
    _o, token = _option(scene, "rest_day")
    # someone gives Bob a late meanwhile... and the gap is still open (he is not on the early)
    scene.set(scene.bob, "LN")
    with pytest.raises(ConflictError):
        do_apply_cover_option(token, acting_user=scene.org.pat, reason="Ann AWOL")
    assert OvertimeRecord.objects.get(person=scene.bob).status == "cancelled"
    assert not CoverApplication.objects.exists()


def test_a_filled_gap_cannot_be_filled_twice():
    scene = Scene()
    do_report_on_day(scene.ann, date=scene.day, kind="awol", acting_user=scene.org.pat)
    gap = _gap(scene)
    found = find_options(shortfall(gap.unit, rank_id=gap.rank_id, skill_id=gap.skill_id, start=gap.start,
                                   end=gap.end))
    first, second = found.options[2], found.options[3]
    do_apply_cover_option(first.token(found.gap), acting_user=scene.org.alice, reason="cover")
    with pytest.raises(DomainError) as again:
        do_apply_cover_option(second.token(found.gap), acting_user=scene.org.alice, reason="cover")
    assert again.value.errors[0].field == "option"


def test_a_tampered_option_is_refused():
    scene = Scene()
    with pytest.raises(DomainError) as bad:
        do_apply_cover_option("not-a-token", acting_user=scene.org.pat, reason="x")
    assert bad.value.errors[0].field == "option"


def _bank_constable(scene):
    from cover.models import ReliefStaff
    from tests.factories import PersonFactory, give_contract

    bank = PersonFactory(first_name="Bea", last_name="Bank", rank=scene.org.constable, staff_group=scene.org.officers,
                         home_unit=scene.org.team_c)
    give_contract(bank, pay_point="3")
    ReliefStaff.objects.create(person=bank, kind="bank")
    return bank


def test_applying_bank_staff_records_bank_hours_at_the_cost_the_option_showed():
    # given Ann is absent and a bank constable with nothing rostered is offered at the basic rate
    scene = Scene()
    bank = _bank_constable(scene)
    do_report_on_day(scene.ann, date=scene.day, kind="absent", acting_user=scene.org.pat)
    option, token = _option(scene, "bank")
    assert option.person == bank
    # when pat applies it
    applied = do_apply_cover_option(token, acting_user=scene.org.pat, reason="Ann absent")
    # then the overtime record is bank hours (not planned overtime at × 4/3) and costs what was shown, to the penny
    overtime = OvertimeRecord.objects.get(person=bank)
    assert overtime.kind == "bank" and overtime.status == "authorised"
    assert overtime.cost == option.cost == applied.cost
    assert "BANK" in overtime.cost_detail and "POL-8" not in overtime.cost_detail


def test_bank_hours_cost_the_same_when_marked_worked():
    # given applied bank cover
    from pay.actions import do_mark_overtime_worked

    scene = Scene()
    _bank_constable(scene)
    do_report_on_day(scene.ann, date=scene.day, kind="absent", acting_user=scene.org.pat)
    option, token = _option(scene, "bank")
    do_apply_cover_option(token, acting_user=scene.org.pat, reason="Ann absent")
    overtime = OvertimeRecord.objects.get(kind="bank")
    # when it is marked worked at the planned times, it is costed again by the same rule
    worked = do_mark_overtime_worked(overtime, acting_user=scene.org.pat, expected_version=overtime.version)
    # then committed became spent at the same figure
    assert worked.status == "worked" and worked.cost == option.cost
