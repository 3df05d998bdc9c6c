import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from common.errors import DomainError
from rostering.actions import (
    DutyConflict,
    do_apply_shift,
    do_copy_duties,
    do_set_duty,
    do_swap_duties,
    parse_value,
)
from rostering.actions.patterns import assign_team_pattern
from rostering.models import Duty

from .helpers import materialise, police_pattern

MONDAY = dt.date(2026, 1, 5)


@pytest.fixture
def station(org):
    pattern = police_pattern()
    assign_team_pattern(org.team_a, pattern, MONDAY)
    assign_team_pattern(org.team_b, pattern, MONDAY, offset_days=7)
    materialise(org.northtown, MONDAY, MONDAY + dt.timedelta(days=27))
    return org


def duty(person, day):
    return Duty.objects.exclude(status="cancelled").get(person=person, date=day)


def test_setting_a_cell_changes_the_duty_and_bumps_its_version(station):
    before = duty(station.sam, MONDAY)
    do_set_duty(person=station.sam, date=MONDAY, value=parse_value("E10"), expected_version=before.version,
                acting_user=station.pat)
    after = duty(station.sam, MONDAY)
    assert after.code == "E10" and after.version == before.version + 1 and after.source == "manual"


def test_a_stale_version_is_refused_with_the_current_value(station):
    # given pat and another planner opened Sam's Monday at version 1; the other planner saved first
    do_set_duty(person=station.sam, date=MONDAY, value=parse_value("N10"), expected_version=1,
                acting_user=station.alice)
    # when pat saves with the version she saw
    with pytest.raises(DutyConflict) as err:
        do_set_duty(person=station.sam, date=MONDAY, value=parse_value("E10"), expected_version=1,
                    acting_user=station.pat)
    # then nothing is overwritten and the message shows the current value
    assert err.value.status_code == 409
    assert "N10 22:00–07:00" in err.value.message
    assert err.value.current["version"] == 2
    assert duty(station.sam, MONDAY).code == "N10"


def test_custom_times_and_rest_days_can_be_set(station):
    do_set_duty(person=station.sam, date=MONDAY, value=parse_value("08:00-16:30"), expected_version=1,
                acting_user=station.pat)
    d = duty(station.sam, MONDAY)
    assert d.shift_type is None and d.minutes == 510 and d.code == "ADH"
    do_set_duty(person=station.sam, date=MONDAY, value=parse_value("RD"), expected_version=2, acting_user=station.pat)
    assert duty(station.sam, MONDAY).is_rest_day


def test_unknown_codes_are_refused_naming_the_field(station):
    with pytest.raises(DomainError) as err:
        parse_value("XX")
    assert err.value.errors[0].field == "value"


def test_a_planner_cannot_change_another_areas_duty(station):
    materialise(station.southport, MONDAY, MONDAY)  # no pattern there: nothing made
    with pytest.raises(PermissionDenied):
        do_set_duty(person=station.lee, date=MONDAY, value=parse_value("E10"), expected_version=0,
                    acting_user=station.pat)


def test_bulk_apply_sets_every_selected_cell(station):
    cells = [(station.sam, MONDAY + dt.timedelta(days=i)) for i in range(3)] + [(station.kim, MONDAY)]
    do_apply_shift(cells=cells, value=parse_value("E10"), acting_user=station.pat)
    assert all(duty(p, d).code == "E10" for p, d in cells)


def test_swapping_two_people_exchanges_their_duties(station):
    sam_before, kim_before = duty(station.sam, MONDAY).code, duty(station.kim, MONDAY).code
    do_swap_duties(first=(station.sam, MONDAY), second=(station.kim, MONDAY), acting_user=station.pat)
    assert (duty(station.sam, MONDAY).code, duty(station.kim, MONDAY).code) == (kim_before, sam_before)


def test_copying_gives_the_target_the_sources_days(station):
    days = [MONDAY + dt.timedelta(days=i) for i in range(7)]
    do_copy_duties(source=station.sam, targets=[station.kim], dates=days, acting_user=station.pat)
    assert [duty(station.kim, d).code for d in days] == [duty(station.sam, d).code for d in days]


def test_clearing_a_draft_cell_deletes_the_duty(station):
    do_set_duty(person=station.sam, date=MONDAY, value=parse_value(""), expected_version=1, acting_user=station.pat)
    assert not Duty.objects.filter(person=station.sam, date=MONDAY).exists()


def test_the_cell_editor_saves_and_answers_with_the_cell_and_the_totals(station, client_as):
    client = client_as("pat")
    url = f"/rostering/units/northtown/cell/{station.kim.pk}/{MONDAY}/"
    assert client.get(url).status_code == 200
    # when Kim's Monday rest day becomes an early
    response = client.post(url, {"value": "E10", "version": 1, "grid_start": MONDAY,
                                 "grid_end": MONDAY + dt.timedelta(days=6)})
    # then the answer carries the new cell and the totals out of band: two people on duty on Monday
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="cell-{station.kim.pk}-{MONDAY:%Y%m%d}"' in html and 'hx-swap-oob="true"' in html
    assert response.context["grid"].totals[0][1][0] == 2


def test_the_cell_editor_shows_a_conflict_with_status_409(station, client_as):
    client = client_as("pat")
    url = f"/rostering/units/northtown/cell/{station.sam.pk}/{MONDAY}/"
    client.post(url, {"value": "E10", "version": 1})
    response = client.post(url, {"value": "N10", "version": 1})
    assert response.status_code == 409
    assert "Current value" in response.content.decode() and "E10" in response.content.decode()


def test_the_check_reports_what_a_change_would_break_before_saving(station, client_as):
    # given Sam works a late (15:00-01:00) on Monday and Tuesday
    client = client_as("pat")
    # when pat tries an early on Tuesday (07:00: only 6 hours after Monday's late)
    response = client.post(f"/rostering/units/northtown/cell/{station.sam.pk}/{MONDAY + dt.timedelta(days=1)}/check/",
                           {"value": "E10"})
    # then the rules engine answers WTR-3 and nothing is saved
    assert response.status_code == 200
    assert "WTR-3" in response.content.decode()
    assert duty(station.sam, MONDAY + dt.timedelta(days=1)).code == "L10"


def test_bulk_form_swaps_two_cells(station, client_as):
    client = client_as("pat")
    cells = f"{station.sam.pk}-{MONDAY:%Y%m%d},{station.kim.pk}-{MONDAY:%Y%m%d}"
    response = client.post("/rostering/units/northtown/bulk/", {"op": "swap", "cells": cells})
    assert response.status_code == 302
    assert duty(station.sam, MONDAY).is_rest_day and duty(station.kim, MONDAY).code == "L10"
