"""Sickness episodes and the Bradford factor (ABS-1, ABS-2); court warnings as roster risks."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from absence.actions import (
    do_record_court_attendance,
    do_record_court_warning,
    do_record_return_to_work,
    do_report_sick,
    do_stand_down_court_warning,
)
from absence.models import Abstraction
from absence.periods import clean_period
from absence.sickness import Spell, bradford, spells_from, summarise
from common.errors import DomainError

pytestmark = pytest.mark.django_db
ON = dt.date(2030, 6, 30)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_bradford_is_spells_squared_times_days_over_52_weeks():
    # given three spells of 1, 2 and 3 days within the year, and one 14 months ago
    records = [(1, d("2030-02-03"), d("2030-02-03"), False), (1, d("2030-03-10"), d("2030-03-11"), False),
               (1, d("2030-05-01"), d("2030-05-03"), False), (1, d("2029-04-01"), d("2029-04-05"), False)]
    spells = spells_from(records)[1]
    # then S = 3, D = 6: 3² × 6 = 54
    assert bradford(spells, on=ON).score == 54


def test_rest_days_inside_a_spell_do_not_break_it():
    # given sickness Thursday–Friday and again Monday, with Saturday and Sunday rest days
    records = [(1, d("2030-06-06"), d("2030-06-07"), False), (1, d("2030-06-10"), d("2030-06-10"), False)]
    rest = {1: {d("2030-06-08"), d("2030-06-09")}}
    # then with the rest days known it is one spell of 5 days (1² × 5), without them two (2² × 3)
    assert bradford(spells_from(records, rest_days=rest)[1], on=ON).score == 5
    assert bradford(spells_from(records)[1], on=ON).score == 12


def test_a_spell_is_clipped_to_the_window():
    spell = Spell(1, d("2029-06-01"), d("2029-07-10"))
    # the 52 weeks (364 days) to 30 June 2030 start on 2 July 2029: 2 to 10 July are inside
    assert bradford([spell], on=ON).days == 9


def test_reporting_sick_opens_an_ongoing_episode_and_the_return_closes_it(org, types):
    # given Kim reported sick by her manager from 1 June, expected back within the week
    episode = do_report_sick(org.kim, first_day=d("2030-06-01"), reason_code="Back problems", acting_user=org.mo)
    assert episode.ongoing and episode.end_date == d("2030-06-07")
    # when she comes back on 20 June after a fit note
    done = do_record_return_to_work(episode, returned_on=d("2030-06-20"), interview_on=d("2030-06-20"),
                                    notes="Phased return agreed", acting_user=org.mo)
    # then the episode runs 1–19 June and is closed, with the interview recorded
    assert (done.end_date, done.ongoing, done.return_to_work.interview_on) == (d("2030-06-19"), False,
                                                                               d("2030-06-20"))


def test_long_term_sickness_is_flagged_after_28_days(org, types):
    do_report_sick(org.kim, first_day=d("2030-05-01"), expected_last_day=d("2030-07-15"), acting_user=org.mo)
    summary = summarise([org.kim.pk], on=ON)[org.kim.pk]
    assert summary.current is not None and summary.long_term


def test_sickness_is_recorded_only_by_the_person_or_those_allowed_health_data(org, types, settings):
    settings.ABSENCE_HEALTH_DATA_ROLES = ["manager"]
    with pytest.raises(PermissionDenied):
        do_report_sick(org.kim, first_day=ON, acting_user=org.pat)  # planner, not allowed health data here
    with pytest.raises(PermissionDenied):
        do_report_sick(org.kim, first_day=ON, acting_user=org.sam_user)  # a colleague
    assert do_report_sick(org.sam, first_day=ON, acting_user=org.sam_user).pk  # his own


def test_a_return_before_the_first_day_is_refused_naming_the_field(org, types):
    episode = do_report_sick(org.kim, first_day=ON, acting_user=org.mo)
    with pytest.raises(DomainError) as error:
        do_record_return_to_work(episode, returned_on=ON, acting_user=org.mo)
    assert error.value.errors[0].field == "returned_on"


def test_a_court_warning_is_a_risk_on_the_roster_and_an_attendance_takes_the_officer_off(org, types):
    from rostering.grid import build_grid
    from rostering.models import Duty
    from rostering.projection import duty_instants

    # given Sam on an early on Monday, warned for trial Monday to Wednesday
    monday = d("2030-06-03")
    start, end = duty_instants(monday, dt.time(7), dt.time(17))
    Duty.objects.create(person=org.sam, unit=org.team_a, date=monday, start=start, end=end)
    do_record_court_warning(org.sam, clean_period(monday, monday + dt.timedelta(days=2)),
                            reference="R v Smith, Northtown Crown Court", acting_user=org.pat)
    # when the roster is built
    grid = build_grid(org.team_a, monday, monday + dt.timedelta(days=6))
    cell = next(r for r in grid.rows if r.person == org.sam).cells[0]
    # then the cell carries the risk marker, and Sam still counts on duty
    assert cell.risk == "Court warning: R v Smith, Northtown Crown Court" and not cell.abstraction
    assert "⚖" in cell.html() and cell.on_duty
    # when he is called on Tuesday 10:00–15:00, the attendance (with the warning's case) takes him off
    attendance = do_record_court_attendance(org.sam, day=monday + dt.timedelta(days=1), start_time=dt.time(10),
                                            end_time=dt.time(15), acting_user=org.pat)
    assert attendance.type.code == "court" and attendance.reference == "R v Smith, Northtown Crown Court"
    assert attendance.type.counts_as_working_time


def test_standing_down_a_warning_cancels_it(org, types):
    warning = do_record_court_warning(org.sam, clean_period(ON), reference="R v Jones", acting_user=org.pat)
    do_stand_down_court_warning(warning, acting_user=org.pat)
    assert Abstraction.objects.get(pk=warning.pk).status == "cancelled"
