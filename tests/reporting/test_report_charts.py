"""Charts of the two contact-centre reports (issue 8): the 10-day hours-by-absence outlook, and the Duty Managers'
weekly roster against demand with its predicted service level and severe undersupply shaded."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from absence.models import Abstraction, AbstractionType
from common.charts import line_chart
from demand.actions import do_make_forecast
from rostering.models import Duty
from tests.demand.conftest import queue, queue_with_history  # noqa: F401  (fixtures)

LONDON = ZoneInfo("Europe/London")


def rostered(person, unit, day: dt.date) -> Duty:
    begin = dt.datetime.combine(day, dt.time(7), LONDON)
    return Duty.objects.create(person=person, unit=unit, date=day, start=begin, end=begin + dt.timedelta(hours=10),
                               break_minutes=60)


def absence(person, code: str, category: str, first: dt.date, last: dt.date) -> Abstraction:
    kind, _ = AbstractionType.objects.get_or_create(code=code, defaults={"name": code.title(), "category": category})
    return Abstraction.objects.create(person=person, type=kind, start_date=first, end_date=last, status="approved")


def test_highlighted_runs_become_one_shaded_span_each_half_a_step_wide_either_side():
    # when: intervals 2-3 and 7 of ten are marked
    chart = line_chart([str(i) for i in range(10)], {"a": list(range(10))}, width=948, height=260,
                       highlight=[i in (2, 3, 7) for i in range(10)], highlight_label="severe")

    # then: the plot is 888 px over 9 steps (98.7 px), so spans start half a step before their first point
    assert len(chart.spans) == 2
    first, second = chart.spans
    assert first.x == pytest.approx(48 + 1.5 * 888 / 9, abs=0.1) and first.width == pytest.approx(2 * 888 / 9, abs=0.2)
    assert second.width == pytest.approx(888 / 9, abs=0.2)
    assert (first.y, first.height) == (12, 220) and chart.span_label == "severe"


def test_a_span_at_the_edge_stays_inside_the_plot_and_no_marks_means_no_legend_entry():
    # when
    edge = line_chart(["a", "b", "c"], {"s": [1, 2, 3]}, highlight=[True, False, False], highlight_label="x")
    none = line_chart(["a", "b", "c"], {"s": [1, 2, 3]}, highlight=[False] * 3, highlight_label="x")

    # then
    assert edge.spans[0].x == 48
    assert none.spans == [] and none.span_label == ""


@pytest.mark.django_db
def test_the_absence_outlook_draws_hours_lost_per_day_by_category(org, client_as):
    # given: Sam rostered on leave for two of the next days, Kim sick tomorrow
    today = timezone.localdate()
    for offset in (1, 2):
        rostered(org.sam, org.team_a, today + dt.timedelta(days=offset))
        rostered(org.kim, org.team_b, today + dt.timedelta(days=offset))
    absence(org.sam, "annual-leave", "leave", today + dt.timedelta(days=1), today + dt.timedelta(days=2))
    absence(org.kim, "sickness", "sickness", today + dt.timedelta(days=1), today + dt.timedelta(days=1))

    # when
    html = client_as("pat").get(reverse("reporting:absence-outlook", args=[org.northtown.pk])).content.decode()

    # then: one chart with the total and each category (sickness named only for those who see health data)
    chart = html.split('id="absence-chart"')[1].split("</figure>")[0]
    assert chart.count("<polyline") == 3
    assert "All absence" in chart and "Rostered hours lost to absence per day" in chart
    assert len(re.findall(r'class="legend series(-\d)?"', chart)) == 3


@pytest.mark.django_db
def test_no_absence_means_no_chart(org, client_as):
    html = client_as("pat").get(reverse("reporting:absence-outlook", args=[org.northtown.pk])).content.decode()
    assert 'id="absence-chart"' not in html


@pytest.mark.django_db
def test_the_duty_managers_report_charts_service_level_against_target_and_shades_severe_undersupply(
        org, client_as, queue_with_history):  # noqa: F811
    # given: a forecast and nobody rostered, so every staffed interval is severely short
    forecast = do_make_forecast(queue_with_history, horizon_days=7, acting_user=org.pat)

    # when
    html = client_as("mo").get(reverse("rostering:demand-cover", args=[forecast.pk]), {"days": "2"}).content.decode()

    # then: both charts shade the severe intervals; the service-level chart has the 80 % target line
    cover = html.split('id="cover-chart"')[1].split("</figure>")[0]
    service = html.split('id="service-chart"')[1].split("</figure>")[0]
    assert cover.count('<rect class="highlight"') >= 1 and "severe undersupply" in cover
    assert service.count('<rect class="highlight"') == cover.count('<rect class="highlight"')
    assert 'class="limit"' in service and "target 80%" in service
    assert service.count("<polyline") >= 1
