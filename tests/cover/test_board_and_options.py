"""The staffing board and the cover options of its gaps, on the small scene of tests/cover/scene.py."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from absence.actions import do_report_sick
from cover.board import build_board
from cover.models import ReliefStaff
from cover.options import find_options, shortfall
from pay.costing import cost_of_duty, hourly_rate
from pay.models import OvertimeWillingness
from people.models import Person
from tests.cover.scene import Scene
from tests.factories import PersonFactory, give_contract

pytestmark = pytest.mark.django_db


def _gap_on(board, day, unit):
    return next(g for g in board.gaps if g.day == day and g.unit == unit)


def _options(scene, **kw):
    board = build_board(scene.org.north, scene.day, 7)
    gap = _gap_on(board, scene.day, scene.org.northtown)
    return gap, find_options(shortfall(gap.unit, rank_id=gap.rank_id, skill_id=gap.skill_id, start=gap.start,
                                       end=gap.end), **kw)


def test_the_board_is_green_when_the_minimum_is_met_and_red_once_someone_reports_sick():
    # given Northtown has its two constables on the early
    scene = Scene()
    # when
    before = build_board(scene.org.northtown, scene.day, 7)
    # then the day is covered
    assert not [g for g in before.gaps if g.day == scene.day]
    early = before.rows[0].bands[0]
    assert (early.planned, early.minimum, early.status) == (2, 2, "ok")

    # when Ann goes sick
    do_report_sick(scene.ann, first_day=scene.day, acting_user=None)
    after = build_board(scene.org.northtown, scene.day, 7, user=scene.org.pat)
    # then 07:00–17:00 is one constable short, and the gap says who is off and why (pat may see health data)
    gap = _gap_on(after, scene.day, scene.org.northtown)
    assert (gap.planned, gap.minimum, gap.shortfall, gap.hours) == (1, 2, 1, 10)
    assert [(a.name, a.why) for a in gap.absent] == [("Ann Test", "Sickness")]
    assert after.rows[0].bands[0].status == "short"


def test_a_planner_of_another_unit_sees_only_unavailable_behind_the_gap():
    # given olly plans Southport only and has no health-data role over Northtown
    scene = Scene()
    do_report_sick(scene.ann, first_day=scene.day, acting_user=None)
    # when
    board = build_board(scene.org.northtown, scene.day, 7, user=scene.org.olly)
    # then
    gap = _gap_on(board, scene.day, scene.org.northtown)
    assert [a.why for a in gap.absent] == ["Unavailable"]


def test_an_area_board_rolls_up_its_stations_with_a_total_per_rank():
    scene = Scene()
    board = build_board(scene.org.north, scene.day, 10)
    units = [r.unit for r in board.rows]
    assert units == [scene.org.northtown, scene.northfield, None]
    total = board.rows[-1].bands[0]
    assert (total.planned, total.minimum) == (4, 3)
    assert len(board.days) == 10 and len(board.rows[0].bands) == 30


def test_the_board_asks_the_database_the_same_number_of_times_whatever_the_number_of_people():
    # given a board measured once
    scene = Scene()
    do_report_sick(scene.ann, first_day=scene.day, acting_user=None)
    build_board(scene.org.north, scene.day, 7, user=scene.org.pat)  # warm caches (bank holidays, pat's roles)
    with CaptureQueriesContext(connection) as small:
        build_board(scene.org.north, scene.day, 7, user=scene.org.pat)
    # when twenty more constables work in Northtown
    for i in range(20):
        scene.set(scene.person(f"Extra{i}", scene.org.team_b), "E")
    with CaptureQueriesContext(connection) as large:
        build_board(scene.org.north, scene.day, 7, user=scene.org.pat)
    # then
    assert len(large) == len(small)


def test_options_rank_free_moves_and_shift_changes_before_paid_rest_day_working():
    # given Ann is sick
    scene = Scene()
    do_report_sick(scene.ann, first_day=scene.day, acting_user=None)
    # when
    gap, found = _options(scene)
    # then Eve or Fay move from Northfield (which needs one), Cat starts early, Bob works his rest day (POL-5)
    kinds = [(o.kind, o.person.first_name) for o in found.options]
    assert kinds[:2] == [("move", "Eve"), ("move", "Fay")]
    assert ("shift_time", "Cat") in kinds
    assert kinds[-1] == ("rest_day", "Bob")
    rdw = found.options[-1]
    # POL-5, < 15 clear days: costed by pay as a rest day worked, told now
    expected = cost_of_duty(scene.bob, gap.start, gap.end, break_minutes=60, rostered_rest_day=True,
                            notified_at=timezone.now())
    assert rdw.cost == expected.total > 0
    assert "POL-5" in rdw.compensation and rdw.clear_days == 2
    assert all(o.cost == 0 for o in found.options[:-1])
    # nobody from South LPA, no sergeant, nobody already counted
    names = {o.person.first_name for o in found.options}
    assert names.isdisjoint({"Lee", "Kim", "Sam", "Ann"})


def test_a_person_unwilling_to_do_overtime_is_not_offered_rest_day_working():
    scene = Scene()
    do_report_sick(scene.ann, first_day=scene.day, acting_user=None)
    OvertimeWillingness.objects.create(person=scene.bob, willing=False)
    _gap, found = _options(scene)
    assert "rest_day" not in {o.kind for o in found.options}


def test_bank_staff_with_nothing_rostered_are_offered_at_their_basic_rate():
    # given a bank constable in South LPA with nothing rostered
    scene = Scene()
    do_report_sick(scene.ann, first_day=scene.day, acting_user=None)
    bank = PersonFactory(first_name="Bea", rank=scene.org.constable, staff_group=scene.org.officers,
                         home_unit=scene.org.team_c)
    give_contract(bank, pay_point="3")
    ReliefStaff.objects.create(person=bank, kind="bank")
    # when
    _gap, found = _options(scene)
    # then all 10 h (police refreshment breaks are paid, worked time) at the basic rate of the pay tables
    option = next(o for o in found.options if o.kind == "bank")
    rate = hourly_rate(bank, scene.day)
    assert option.person == bank and option.cost == (10 * rate).quantize(Decimal("0.01"))
    assert "BANK" in option.cost_text


def test_a_candidate_whose_change_would_breach_the_rules_is_not_offered():
    # given Bob is 17 on the day: a young worker may work at most 8 hours a day (WTR-8), the gap is 10
    scene = Scene()
    do_report_sick(scene.ann, first_day=scene.day, acting_user=None)
    Person.objects.filter(pk=scene.bob.pk).update(birth_date=scene.day - dt.timedelta(days=17 * 365))
    # when
    _gap, found = _options(scene)
    # then he is dropped and listed as not offered with the rule
    assert "Bob" not in {o.person.first_name for o in found.options}
    assert any(who.startswith("Bob") and "WTR-8" in why for who, why in found.not_offered)


def test_options_for_a_skill_leave_out_people_without_it():
    scene = Scene()
    gap = shortfall(scene.org.northtown, rank_id=None, skill_id=scene.org.taser.pk, start=scene.at(7),
                    end=scene.at(17))
    found = find_options(gap)
    assert found.options == []
