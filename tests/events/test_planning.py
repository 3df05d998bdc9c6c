"""The candidate pool and the proposal: the cheapest legal way per person, unit minimums kept, cost to the penny,
shortfalls explained, confirmation writing the roster."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from absence.models import Abstraction, AbstractionType
from common.errors import DomainError
from events.actions import (
    do_add_assignment,
    do_confirm_deployment,
    do_propose_deployment,
    do_remove_assignment,
)
from events.choices import AssignmentStatus, EventStatus, Method
from events.planning import build_pool
from rostering.choices import DutySource
from rostering.models import Duty, DutyChange, Notification
from tests.events.helpers import (
    SAT,
    TUESDAY_BEFORE,
    at,
    constable,
    give_skill,
    match,
    minimum,
    on_duty,
    psu,
    rest_day,
)


def methods(pool, person):
    return sorted(str(i.method) for i in pool.options_of(person.pk))


def test_each_candidate_gets_the_ways_they_could_be_there(org):
    # given ann on an early covering the phase, bob on a rest day, cat with nothing rostered
    ann, bob, cat = constable(org, "Ann"), constable(org, "Bob"), constable(org, "Cat")
    on_duty(ann)
    rest_day(bob)
    event = match(org)
    # when
    pool = build_pool(event, now=TUESDAY_BEFORE)
    # then
    assert methods(pool, ann) == [Method.ON_DUTY]
    assert methods(pool, bob) == [Method.REST_DAY]
    assert methods(pool, cat) == [Method.OVERTIME]


def test_pol_5_rest_day_working_with_3_clear_days_is_costed_to_the_penny(org):
    # given bob's rest day on Saturday, told on the Tuesday before; the phase is 07:00–17:00 (10 h)
    bob = constable(org, "Bob")
    rest_day(bob, published=True)
    event = match(org, constables=1, phases=((7, 17),))
    # when
    [info] = build_pool(event, now=TUESDAY_BEFORE).options_of(bob.pk)
    # then 10 h × £16.1597 × 1.5 = £242.40 beyond basic pay, and the basic hours 10 × £16.1597 = £161.60
    assert info.cost == Decimal("242.40")
    assert info.basic == Decimal("161.60")
    assert info.cancels_rest_day and info.notice_days == 3


def test_pol_5_with_15_clear_days_the_rest_day_is_owed_back_and_the_optimiser_counts_it(org):
    bob = constable(org, "Bob")
    rest_day(bob, published=True)
    event = match(org, constables=1, phases=((7, 17),))
    [info] = build_pool(event, now=at(dt.date(2026, 2, 20), 9)).options_of(bob.pk)
    assert info.cost == Decimal("0.00")
    assert "RDiL" in info.cost_note
    assert info.time_off_value == Decimal("129.28")  # a day of 8 h at £16.1597


def test_overtime_extends_a_tour_that_ends_as_the_event_starts(org):
    # given ann on 07:00–17:00 and a phase 17:00–20:00
    ann = constable(org, "Ann")
    on_duty(ann)
    event = match(org, constables=1, phases=((17, 20),))
    # when
    options = {str(i.method): i for i in build_pool(event, now=TUESDAY_BEFORE).options_of(ann.pk)}
    # then: 3 h planned overtime at time and a third (POL-8): 3 × 16.1597 × 4/3 = £64.64
    extension = options[Method.OVERTIME]
    assert (extension.start, extension.end) == (at(SAT, 7), at(SAT, 20))
    assert extension.cost == Decimal("64.64")
    assert Method.SHIFT_CHANGE in options


def test_proposal_never_takes_a_unit_below_its_minimum(org):
    # given four constables on an early at Northtown, whose minimum is three, and one on a rest day
    people = [constable(org, n) for n in ("Ann", "Bob", "Cat", "Dan")]
    for p in people:
        on_duty(p)
    eve = constable(org, "Eve")
    rest_day(eve)
    minimum(org, org.northtown, 3)
    event = match(org, constables=2)
    # when
    result, pool = do_propose_deployment(event, acting_user=org.pat, time_limit=5, now=TUESDAY_BEFORE)
    # then only one comes off duty (4 − 3 spare); the other is paid for: sam's overtime (no duty that day) is
    # cheaper than Eve's rest day, and a cancelled rest day is avoided
    chosen = list(event.assignments.all())
    assert sorted(str(a.method) for a in chosen) == [Method.ON_DUTY, Method.OVERTIME]
    assert {a.person for a in chosen if a.method == Method.OVERTIME} == {org.sam}
    assert result.met and event.proposal["rest_days_cancelled"] == 0


def test_a_shortfall_is_explained_with_who_had_the_rank_and_what_stopped_them(org):
    # given two constables: one sick, one on duty at a unit exactly at its minimum
    ann, bob = constable(org, "Ann"), constable(org, "Bob")
    on_duty(bob)
    minimum(org, org.northtown, 1)
    sick = AbstractionType.objects.create(code="sick", name="Sickness", category="sickness", health_data=True)
    Abstraction.objects.create(person=ann, type=sick, start_date=SAT, end_date=SAT)
    # sam, kim (sergeant) and lee are in the Org too: sam has no duty (overtime), lee is outside Northtown
    event = match(org, constables=3)
    # when
    do_propose_deployment(event, acting_user=org.pat, time_limit=5, now=TUESDAY_BEFORE)
    event.refresh_from_db()
    # then sam works overtime; two short, and the planner reads why (sickness shown only as "absent")
    [sentence] = event.proposal["unmet"]
    assert "2 short" in sentence
    assert "Ann Officer — absent" in sentence
    assert "Bob Officer — would take Northtown 1 minimum" in sentence


def test_confirmation_writes_event_duties_with_notice_compensation_and_a_notification(org):
    # given bob's published rest day, proposed for the match
    bob = constable(org, "Bob")
    rest_day(bob, published=True)
    Duty.objects.filter(person=bob).update(published=True)
    skill = psu()
    give_skill(bob, skill)  # only bob is PSU-trained
    event = match(org, constables=1, phases=((10, 18),), skill=skill)
    do_propose_deployment(event, acting_user=org.pat, time_limit=5, now=TUESDAY_BEFORE)
    # when
    [assignment] = do_confirm_deployment(event, acting_user=org.pat)
    # then the roster holds the event duty, the change is classed by POL-5 and bob is told
    duty = Duty.objects.get(person=bob, date=SAT, status="planned")
    assert (duty.source, duty.start, duty.end, duty.role) == (DutySource.EVENT, at(SAT, 10), at(SAT, 18),
                                                              "EVT op-match")
    assert assignment.status == AssignmentStatus.CONFIRMED and assignment.duty == duty
    change = DutyChange.objects.get(duty=duty)
    assert change.rule == "POL-5"
    assert Notification.objects.filter(person=bob).exists()
    event.refresh_from_db()
    assert event.status == EventStatus.APPROVED


def test_the_planner_adds_and_removes_people_and_a_new_proposal_keeps_the_added(org):
    ann, bob = constable(org, "Ann"), constable(org, "Bob")
    rest_day(ann)
    on_duty(bob)
    event = match(org, constables=1)
    phase = event.phases.get()
    # when pat adds ann (rest day) although bob is cheaper
    added = do_add_assignment(event, person=ann, phases=[phase], acting_user=org.pat)
    do_propose_deployment(event, acting_user=org.pat, time_limit=5, now=TUESDAY_BEFORE)
    # then ann stays and meets the need alone
    assert [a.person for a in event.assignments.all()] == [ann]
    assert added.pinned and added.method == Method.REST_DAY
    do_remove_assignment(added, acting_user=org.pat)
    assert not event.assignments.exists()


def test_adding_someone_who_would_break_a_unit_minimum_is_refused(org):
    bob = constable(org, "Bob")
    on_duty(bob)
    minimum(org, org.northtown, 1)
    event = match(org, constables=1)
    with pytest.raises(DomainError, match="below its minimum"):
        do_add_assignment(event, person=bob, phases=[event.phases.get()], acting_user=org.pat)


def test_only_planners_of_the_owning_unit_propose(org):
    event = match(org)
    with pytest.raises(PermissionDenied):
        do_propose_deployment(event, acting_user=org.olly, time_limit=1)
    with pytest.raises(PermissionDenied):
        do_propose_deployment(event, acting_user=org.mo, time_limit=1)
