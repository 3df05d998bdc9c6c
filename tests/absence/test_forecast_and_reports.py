"""The forecast (history, seasonality, trend, bookings) and the reports (hours and FTE, leave vs entitlement,
sickness rates, the XLSX workbook)."""

import datetime as dt
import io
from decimal import Decimal

import numpy as np
import pytest

from absence.actions import do_record_abstraction, do_record_group_abstractions, do_report_sick, do_request_leave
from absence.forecast import forecast_series, monday, unit_forecast
from absence.models import Abstraction
from absence.periods import clean_period
from absence.reports import absence_by_category, leave_against_entitlement, sickness_rates, workbook
from common.errors import DomainError

pytestmark = pytest.mark.django_db


def test_a_flat_history_forecasts_its_level():
    assert np.allclose(forecast_series(np.full(30, 3.0), 12), 3.0)


def test_a_summer_peak_last_year_raises_the_same_weeks_this_year():
    # given two years of weekly leave at 2 people a day, with 6 a day in weeks 30–37 of each year
    weeks = np.full(104, 2.0)
    weeks[29:37] = 6.0
    weeks[81:89] = 6.0
    # when forecasting from week 80 (the summer peak is ahead)
    ahead = forecast_series(weeks[:80], 12)
    # then the weeks that peaked last year are forecast well above the level, the others near it
    assert ahead[4] > 3.5 and ahead[10] < 2.3


def test_a_rising_trend_is_followed_but_damped():
    ahead = forecast_series(np.arange(1, 27, dtype=float), 12)
    assert ahead[0] > 22 and ahead[-1] > ahead[0] and ahead[-1] < 26 + 12


def test_nothing_in_history_forecasts_nothing():
    assert not forecast_series(np.zeros(10)).any()


def test_the_unit_forecast_counts_history_and_takes_bookings_as_a_floor(org, types):
    # given Sam on leave every week for a year (one day a week), and a two-week course booked for Kim ahead
    today = dt.date(2030, 6, 5)
    start = monday(today) - dt.timedelta(weeks=52)
    for w in range(52):
        day = start + dt.timedelta(weeks=w)
        Abstraction.objects.create(person=org.sam, type=types["annual-leave"], start_date=day, end_date=day)
    course = monday(today) + dt.timedelta(weeks=3)
    do_record_abstraction(org.kim, types["training"], clean_period(course, course + dt.timedelta(days=13)),
                          acting_user=org.pat)
    # when the forecast for Northtown is made
    result = unit_forecast(org.northtown, today=today)
    by_type = {t.type.code: t for t in result.types}
    # then annual leave runs at 1 person-day a week (1/7 a day) and training is at least the booked course
    assert by_type["annual-leave"].forecast[5] == pytest.approx(1 / 7, abs=0.01)
    assert by_type["training"].booked[3] == 1.0 and by_type["training"].forecast[3] == 1.0
    assert result.headcount == 2 and len(result.weeks_ahead) == 12


def test_absence_by_category_gives_hours_and_fte(org, types):
    # given Sam (40 h) on a 7-day course in a 14-day period, and Kim's leave of 16 recorded hours
    start, end = dt.date(2030, 6, 3), dt.date(2030, 6, 16)
    do_record_abstraction(org.sam, types["training"], clean_period(start, start + dt.timedelta(days=6)),
                          acting_user=org.pat)
    do_record_abstraction(org.kim, types["annual-leave"], clean_period(end - dt.timedelta(days=1), end),
                          hours="16", acting_user=org.pat)
    report = absence_by_category(org.northtown, start, end)
    rows = {r.category: r for r in report.rows}
    # then training is 7 days × 40/7 h = 40 h: 0.5 FTE over two weeks of 40 h; leave 16 h = 0.2 FTE
    assert (rows["training"].days, rows["training"].hours, rows["training"].fte) == (7, Decimal("40.0"),
                                                                                     Decimal("0.50"))
    assert (rows["leave"].hours, rows["leave"].fte) == (Decimal("16.0"), Decimal("0.20"))


def test_leave_against_entitlement_shows_taken_booked_and_requested(org, types):
    on = dt.date(2030, 6, 10)
    do_record_abstraction(org.sam, types["annual-leave"], clean_period(dt.date(2030, 5, 6)), hours="8",
                          acting_user=org.pat)
    do_record_abstraction(org.sam, types["annual-leave"], clean_period(dt.date(2030, 7, 1)), hours="10",
                          acting_user=org.pat)
    do_request_leave(org.sam, types["annual-leave"], clean_period(dt.date(2030, 8, 1)), hours="8",
                     acting_user=org.sam_user)
    row = next(r for r in leave_against_entitlement(org.northtown, on).rows if r.person == org.sam)
    assert (row.entitled, row.taken, row.booked, row.pending, row.remaining) == (
        Decimal(224), Decimal(8), Decimal(10), Decimal(8), Decimal(206))


def test_sickness_rate_is_fte_days_lost_over_fte_days_available(org, types):
    # given Kim (full time) off sick 7 of 28 days, Sam at work
    start, end = dt.date(2030, 6, 3), dt.date(2030, 6, 30)
    episode = do_report_sick(org.kim, first_day=start, acting_user=org.mo)
    assert episode.days == 7
    [station, *teams] = sickness_rates(org.northtown, start, end)
    # then 5 FTE days lost of 40 available (2 people × 28 × 5/7): 12.5 %
    assert (station.fte_days_lost, station.fte_days_available, station.rate) == (Decimal("5.0"), Decimal("40.0"),
                                                                                 12.5)
    assert {t.unit.name: t.rate for t in teams} == {"Northtown Team A": 0.0, "Northtown Team B": 25.0}


def test_the_workbook_has_a_sheet_per_report_and_none_for_sickness_without_the_right(org, types):
    from openpyxl import load_workbook

    content = workbook(org.northtown, dt.date(2030, 6, 1), dt.date(2030, 6, 30), include_health=False)
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Absence by category", "Leave vs entitlement", "Leave spread (ROS-2)"]
    with_health = load_workbook(io.BytesIO(workbook(org.northtown, dt.date(2030, 6, 1), dt.date(2030, 6, 30),
                                                    include_health=True)))
    assert "Sickness rates" in with_health.sheetnames


def test_a_team_on_a_course_is_recorded_together_or_not_at_all(org, types):
    from tests.factories import PersonFactory

    # given a team of three, one of whom is already on leave on the second day
    ash = PersonFactory(first_name="Ash", rank=org.constable, staff_group=org.officers, home_unit=org.team_a)
    day = dt.date(2030, 6, 3)
    do_record_abstraction(ash, types["annual-leave"], clean_period(day + dt.timedelta(days=1)), acting_user=org.pat)
    course = clean_period(day, day + dt.timedelta(days=2))
    # when the course is booked for the whole team
    with pytest.raises(DomainError) as error:
        do_record_group_abstractions([org.sam, ash, org.kim], types["training"], course, label="PST refresher",
                                     unit=org.northtown, acting_user=org.pat)
    # then nothing is recorded and the clash names Ash, with his row
    [problem] = error.value.errors
    assert problem.row == 2 and "for Ash" in problem.message and "Annual leave" in problem.message
    assert not Abstraction.objects.filter(type=types["training"]).exists()
    # and without Ash it is recorded for both, in one batch
    batch = do_record_group_abstractions([org.sam, org.kim], types["training"], course, label="PST refresher",
                                         unit=org.northtown, acting_user=org.pat)
    assert batch.abstractions.count() == 2


def test_a_planner_cannot_record_for_people_outside_their_units(org, types):
    with pytest.raises(DomainError) as error:
        do_record_group_abstractions([org.sam, org.lee], types["training"], clean_period(dt.date(2030, 6, 3)),
                                     label="Course", acting_user=org.pat)
    assert error.value.errors[0].row == 2
