"""Leave against the roster (rostering.leave): planned hours, the staffing impact, quotas, automatic approval,
decisions and the person's notification."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from absence.actions import do_approve_leave, do_report_sick, do_request_leave, do_save_leave_policy
from absence.choices import AbstractionStatus, EntryKind, Ledger
from absence.models import LeaveQuota, LedgerEntry
from absence.periods import clean_period
from absence.reference import ensure_abstraction_types, type_for
from rostering import leave
from rostering.models import Duty, Notification, Requirement
from rostering.projection import duty_instants
from tests.factories import PersonFactory, give_contract

pytestmark = pytest.mark.django_db
DAY = dt.date(2030, 6, 4)  # a Tuesday, far enough ahead for staff to ask for it


def need(unit, *, rank=None, start="07:00", end="17:00", minimum=2, target=3) -> Requirement:
    return Requirement.objects.create(unit=unit, rank=rank, weekdays="0123456", start_time=dt.time.fromisoformat(start),
                                      end_time=dt.time.fromisoformat(end), minimum=minimum, target=target,
                                      effective_from=dt.date(2020, 1, 1))


def on_duty(person, day, start="07:00", end="17:00", break_minutes=0) -> Duty:
    s, e = duty_instants(day, dt.time.fromisoformat(start), dt.time.fromisoformat(end))
    return Duty.objects.create(person=person, unit=person.home_unit, date=day, start=s, end=e,
                               break_minutes=break_minutes)


@pytest.fixture
def team(org):
    """Team A needs 2 constables 07:00–17:00 (target 3); Sam and Ash are its constables, both on an early."""
    ensure_abstraction_types()
    ash = PersonFactory(first_name="Ash", last_name="Teammate", rank=org.constable, staff_group=org.officers,
                        home_unit=org.team_a)
    give_contract(ash)
    need(org.team_a, rank=org.constable)
    for person in (org.sam, ash):
        on_duty(person, DAY)
    org.ash = ash
    return org


def annual():
    return type_for("annual-leave")


def test_the_impact_shows_which_requirement_falls_short_in_which_hours_and_by_how_many(team):
    # given Sam asks for Tuesday off while only he and Ash cover the 2-constable minimum
    request = do_request_leave(team.sam, annual(), clean_period(DAY), acting_user=team.sam_user)
    # when a manager looks at it
    impact = leave.assess(request, viewer=team.mo)
    # then Team A's constables fall from 2 to 1 against a minimum of 2 from 07:00 to 17:00, in one band
    [unit] = impact.units
    [band] = unit.bands
    assert unit.unit == team.team_a
    assert (band.label, band.times, band.planned_now, band.planned_then, band.minimum) == (
        "Constable", "07:00–17:00", 2, 1, 2)
    assert band.breach and band.newly_short == 1
    assert impact.hours == Decimal("10.00") and impact.hours_source == "roster"
    assert not impact.nothing_breaches


def test_with_a_third_constable_on_duty_nothing_breaches_and_the_policy_approves_at_once(team):
    # given a third constable on duty and Team A approving automatically when nothing breaches
    third = PersonFactory(rank=team.constable, staff_group=team.officers, home_unit=team.team_a)
    on_duty(third, DAY)
    do_save_leave_policy(team.team_a, auto_approve=True, acting_user=team.pat)
    # when Sam asks for the day
    request, impact = leave.submit(team.sam, annual(), clean_period(DAY), acting_user=team.sam_user)
    # then it is approved automatically, the 10 rostered hours are taken, and Sam is told in the app
    assert request.status == AbstractionStatus.APPROVED and request.auto_approved
    assert impact.nothing_breaches and impact.units[0].bands[0].below_target
    taken = LedgerEntry.objects.get(abstraction=request, kind=EntryKind.TAKEN)
    assert taken.amount == Decimal("-10.00")
    note = Notification.objects.get(person=team.sam)
    assert "approved" in note.text and note.url == reverse("absence:my-leave")


def test_a_request_that_breaches_waits_for_a_manager_who_approves_it_and_the_person_is_told(team):
    do_save_leave_policy(team.northtown, auto_approve=True, acting_user=team.pat)
    # when Sam asks for the day that would leave Team A short
    request, impact = leave.submit(team.sam, annual(), clean_period(DAY), acting_user=team.sam_user)
    # then it waits, saying why it was not approved automatically
    assert request.status == AbstractionStatus.REQUESTED
    assert any("Constable would fall to 1 against a minimum of 2" in r for r in impact.auto_reasons)
    assert not Notification.objects.exists()
    # when Mo approves it anyway, with a reason
    done = leave.decide(request, approve=True, reason="Covered by overtime", acting_user=team.mo)
    # then it is approved, the balance debited and Sam told who decided and why
    assert done.status == AbstractionStatus.APPROVED
    assert LedgerEntry.objects.filter(abstraction=request, kind=EntryKind.TAKEN).exists()
    text = Notification.objects.get(person=team.sam).text
    assert "was approved by mo" in text and "Covered by overtime" in text


def test_a_refusal_tells_the_person_the_reason_and_takes_nothing(team):
    request, _impact = leave.submit(team.sam, annual(), clean_period(DAY), acting_user=team.sam_user)
    leave.decide(request, approve=False, reason="Minimum staffing", acting_user=team.pat)
    assert "was refused by pat. Minimum staffing" in Notification.objects.get(person=team.sam).text
    assert not LedgerEntry.objects.filter(person=team.sam).exists()


def test_a_quota_of_one_constable_off_per_team_holds_back_a_second(team):
    # given a third constable (so staffing holds), a quota of 1 constable off per team per day, and Ash on leave
    on_duty(PersonFactory(rank=team.constable, staff_group=team.officers, home_unit=team.team_a), DAY)
    LeaveQuota.objects.create(unit=team.northtown, rank=team.constable, max_off=1, per_team=True)
    do_save_leave_policy(team.northtown, auto_approve=True, acting_user=team.pat)
    ash_leave = do_request_leave(team.ash, annual(), clean_period(DAY), acting_user=team.pat)
    do_approve_leave(ash_leave, acting_user=team.mo)
    # when Sam asks for the same day
    request, impact = leave.submit(team.sam, annual(), clean_period(DAY), acting_user=team.sam_user)
    # then the quota is breached (2 off in Team A) and the request waits; Ash shows as already off
    [quota] = impact.quota_breaches
    assert (quota.off, quota.scope, quota.worst_day) == (2, "Northtown Team A", DAY)
    assert request.status == AbstractionStatus.REQUESTED
    assert [o.person for o in impact.others_off] == [team.ash]


def test_others_off_name_sickness_only_to_viewers_allowed_health_data(team, settings):
    # given Ash off sick on the day, and health data kept from planners
    do_report_sick(team.ash, first_day=DAY, acting_user=team.mo)
    request = do_request_leave(team.sam, annual(), clean_period(DAY), acting_user=team.sam_user)
    settings.ABSENCE_HEALTH_DATA_ROLES = ["manager"]
    # then the manager sees "Sickness", the planner only "Unavailable"
    assert [o.label for o in leave.assess(request, viewer=team.mo).others_off] == ["Sickness"]
    assert [o.label for o in leave.assess(request, viewer=team.pat).others_off] == ["Unavailable"]


def test_conflicting_requests_over_the_same_days_are_listed(team):
    mine = do_request_leave(team.sam, annual(), clean_period(DAY), acting_user=team.sam_user)
    do_request_leave(team.ash, annual(), clean_period(DAY, DAY + dt.timedelta(days=2)), acting_user=team.pat)
    impact = leave.assess(mine, viewer=team.mo)
    assert [o.person for o in impact.conflicting] == [team.ash]


def test_planned_hours_of_a_night_over_the_spring_clock_change_are_its_real_length(org):
    # given a night duty 22:00 Saturday 28 March 2026 to 07:00 Sunday: 8 hours, not 9, as the clocks go forward
    ensure_abstraction_types()
    on_duty(org.sam, dt.date(2026, 3, 28), "22:00", "07:00")
    on_duty(org.sam, dt.date(2026, 3, 29), "22:00", "07:00")
    # when leave over both nights is requested (by his planner, as the dates are past)
    period = clean_period(dt.date(2026, 3, 28), dt.date(2026, 3, 29))
    hours, source = leave.planned_hours(org.sam, period)
    # then it takes 8 h + 9 h
    assert (hours, source) == (Decimal("17.00"), "roster")
    request = do_request_leave(org.sam, annual(), period, hours=hours, acting_user=org.pat)
    assert request.hours == Decimal("17.00")


def test_a_part_day_takes_only_the_hours_of_the_duty_inside_it_and_leaves_the_morning_counted(team):
    # given Sam asks for Tuesday afternoon from 12:00
    period = clean_period(DAY, DAY, "12:00", None)
    hours, _source = leave.planned_hours(team.sam, period)
    request = do_request_leave(team.sam, annual(), period, hours=hours, acting_user=team.sam_user)
    # then 5 hours, and the shortfall runs from 12:00 only
    assert hours == Decimal("5.00")
    [band] = leave.assess(request, viewer=team.mo).units[0].bands
    assert band.times == "12:00–17:00"


def test_unrostered_days_count_a_standard_day_from_the_contract(org):
    ensure_abstraction_types()
    hours, source = leave.planned_hours(org.sam, clean_period(DAY, DAY + dt.timedelta(days=6)))
    assert (hours, source) == (Decimal("40.00"), "contract")  # five weekdays of 40 h ÷ 5


def test_the_decision_page_shows_the_impact_and_approves(client_as, team):
    request = do_request_leave(team.sam, annual(), clean_period(DAY), acting_user=team.sam_user)
    client = client_as("mo")
    page = client.get(reverse("rostering:leave-decide", args=[request.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Approving would breach" in html and "07:00–17:00" in html
    response = client.post(reverse("rostering:leave-decide", args=[request.pk]),
                           {"op": "approve", "reason": "", "version": request.version})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == AbstractionStatus.APPROVED


def test_staff_cannot_open_the_decision_page_of_their_own_or_a_colleagues_request(client_as, team):
    request = do_request_leave(team.sam, annual(), clean_period(DAY), acting_user=team.sam_user)
    assert client_as("sam").get(reverse("rostering:leave-decide", args=[request.pk])).status_code == 403


def test_the_leave_api_requests_shows_the_impact_and_decides(client, team):
    from tests.factories import PASSWORD

    client.login(username="sam", password=PASSWORD)
    created = client.post("/api/leave/requests", {"type": "annual-leave", "start_date": DAY.isoformat()},
                          content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()["request"]
    assert body["status"] == "requested" and body["hours"] == "10.00"
    client.logout()
    client.login(username="mo", password=PASSWORD)
    impact = client.get(f"/api/leave/requests/{body['id']}").json()
    assert impact["breaches"] == 1 and impact["bands"][0]["planned_then"] == 1
    decided = client.post(f"/api/leave/requests/{body['id']}/decision", {"approve": True, "reason": "ok",
                                                                        "version": body["version"]},
                          content_type="application/json")
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    balance = client.get(f"/api/absence/people/{team.sam.pk}/balances", {"on": DAY.isoformat()}).json()
    annual_leave = next(b for b in balance if b["ledger"] == Ledger.ANNUAL_LEAVE)
    assert Decimal(annual_leave["taken"]) == Decimal(10)


def test_automatic_approval_keeps_to_the_policys_notice_and_length(team):
    # given a third constable (nothing breaches) and a policy: at most 3 days, with 14 days' notice
    on_duty(PersonFactory(rank=team.constable, staff_group=team.officers, home_unit=team.team_a), DAY)
    do_save_leave_policy(team.team_a, auto_approve=True, auto_approve_max_days=3, min_notice_days=14,
                         acting_user=team.pat)
    # when Sam asks for a week
    request, impact = leave.submit(team.sam, annual(), clean_period(DAY, DAY + dt.timedelta(days=6)),
                                   acting_user=team.sam_user)
    # then it waits, because it is longer than 3 days (the notice is ample)
    assert request.status == AbstractionStatus.REQUESTED
    assert impact.auto_reasons == ["Longer than 3 days."]
    # and the policy is the nearest one up the tree: Team A's own, not Northtown's
    do_save_leave_policy(team.northtown, auto_approve=False, acting_user=team.pat)
    assert leave.effective_policy(team.team_a).unit == team.team_a
