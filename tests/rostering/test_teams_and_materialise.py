import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from common.errors import DomainError
from rostering.actions.patterns import (
    assign_team_pattern,
    do_assign_team_pattern,
    do_join_team,
    do_materialise_duties,
    do_save_pattern,
)
from rostering.models import Duty, TeamPattern
from tests.factories import PersonFactory

from .helpers import materialise, police_pattern, shift_type

MONDAY = dt.date(2026, 1, 5)


def test_materialising_projects_the_team_pattern_for_every_member(org):
    # given team A follows the police pattern from Monday 5 January with no offset
    pattern = police_pattern()
    assign_team_pattern(org.team_a, pattern, MONDAY)
    # when the station's duties are materialised for four weeks
    result = materialise(org.northtown, MONDAY, MONDAY + dt.timedelta(days=27))
    # then Sam (home unit team A) gets the pattern's first week: L10 L10 RD RD E10 E10 RD
    week = list(Duty.objects.filter(person=org.sam, date__lt=MONDAY + dt.timedelta(days=7)).order_by("date"))
    assert [d.code for d in week] == ["L10", "L10", "RD", "RD", "E10", "E10", "RD"]
    assert result.created + result.rest_days == 28
    assert week[0].source == "pattern" and week[0].unit == org.team_a


def test_materialising_twice_creates_nothing_new_and_keeps_amendments(org):
    assign_team_pattern(org.team_a, police_pattern(), MONDAY)
    materialise(org.team_a, MONDAY, MONDAY + dt.timedelta(days=6))
    Duty.objects.filter(person=org.sam, date=MONDAY).update(note="amended")
    again = materialise(org.team_a, MONDAY, MONDAY + dt.timedelta(days=6))
    assert again.created == 0 and again.kept == 7
    assert Duty.objects.get(person=org.sam, date=MONDAY).note == "amended"


def test_a_team_offset_by_a_week_works_the_second_week_of_the_cycle(org):
    pattern = police_pattern()
    assign_team_pattern(org.team_b, pattern, MONDAY, offset_days=7)
    materialise(org.team_b, MONDAY, MONDAY + dt.timedelta(days=6))
    codes = [d.code for d in Duty.objects.filter(person=org.kim).order_by("date")]
    assert codes == ["RD", "N10", "N10", "N10", "N10", "N10", "RD"]


def test_people_join_and_leave_teams_on_dates(org):
    # given a new officer joins team A on Thursday and Sam moves to team B from Saturday
    newcomer = PersonFactory(rank=org.constable, staff_group=org.officers, home_unit=None)
    assign_team_pattern(org.team_a, police_pattern(), MONDAY)
    assign_team_pattern(org.team_b, police_pattern(), MONDAY, offset_days=7)
    do_join_team(person=newcomer, team=org.team_a, start_date=MONDAY + dt.timedelta(days=3), acting_user=org.pat)
    do_join_team(person=org.sam, team=org.team_b, start_date=MONDAY + dt.timedelta(days=5), acting_user=org.pat)
    # when the station is materialised for the week
    materialise(org.northtown, MONDAY, MONDAY + dt.timedelta(days=6))
    # then the newcomer has duties from Thursday, and Sam follows team B's week from Saturday
    assert Duty.objects.filter(person=newcomer).count() == 4
    sam = {d.date.weekday(): (d.code, d.unit_id) for d in Duty.objects.filter(person=org.sam)}
    assert sam[4] == ("E10", org.team_a.pk)
    assert sam[5] == ("N10", org.team_b.pk)


def test_a_new_pattern_assignment_ends_the_previous_one_the_day_before(org):
    first = assign_team_pattern(org.team_a, police_pattern(), MONDAY)
    assign_team_pattern(org.team_a, police_pattern(), MONDAY, start_date=MONDAY + dt.timedelta(days=35))
    first.refresh_from_db()
    assert first.end_date == MONDAY + dt.timedelta(days=34)
    assert TeamPattern.objects.filter(team=org.team_a).count() == 2


def test_a_planner_cannot_assign_a_pattern_to_another_areas_team(org):
    with pytest.raises(PermissionDenied):
        do_assign_team_pattern(team=org.team_c, pattern=police_pattern(), anchor_date=MONDAY, acting_user=org.pat)


def test_a_planner_cannot_materialise_another_areas_roster(org):
    with pytest.raises(PermissionDenied):
        do_materialise_duties(unit=org.southport, start=MONDAY, end=MONDAY, acting_user=org.pat)


def test_only_teams_follow_patterns(org):
    with pytest.raises(DomainError) as err:
        do_assign_team_pattern(team=org.northtown, pattern=police_pattern(), anchor_date=MONDAY, acting_user=org.pat)
    assert err.value.errors[0].field == "team"


def test_a_pattern_with_an_unknown_shift_type_is_refused_naming_the_day(org):
    shift_type("E")
    with pytest.raises(DomainError) as err:
        do_save_pattern(code="p1", name="P1", weeks=1, days=["E", "X", "", "", "", "", ""], unit=org.northtown,
                        acting_user=org.pat)
    assert err.value.errors[0].field == "days" and err.value.errors[0].row == 1
    assert "no shift type X" in err.value.message


def test_a_pattern_longer_than_twelve_weeks_is_refused(org):
    with pytest.raises(DomainError) as err:
        do_save_pattern(code="p1", name="P1", weeks=13, days=[""] * 91, unit=org.northtown, acting_user=org.pat)
    assert err.value.errors[0].field == "weeks"


def test_materialised_night_duties_over_the_clock_change_have_real_lengths(org):
    # given a one-week all-nights pattern anchored on Monday 23 March 2026
    shift_type("N", "22:00", "07:00", counts_as_night=True)
    pattern = do_save_pattern(code="nights", name="Nights", weeks=1, days=["N"] * 7, unit=org.northtown,
                              acting_user=org.pat)
    assign_team_pattern(org.team_a, pattern, dt.date(2026, 3, 23))
    materialise(org.team_a, dt.date(2026, 3, 27), dt.date(2026, 3, 29))
    lengths = [d.minutes / 60 for d in Duty.objects.filter(person=org.sam).order_by("date")]
    assert lengths == [9, 8, 9]
