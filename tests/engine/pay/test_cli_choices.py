"""`muster cost` with the optional per-duty fields: `compensation` (TOIL: POL-5, POL-8, NHS-4, PSC-1),
`original_start` (POL-10) and `rest_day_reinstated_at` (POL-6); bad values exit 2 naming the field."""

import copy
import json

import pytest

from muster.cli import main as muster_main
from muster_engine.pay.cli import main

from ..worktime.test_interchange import EXAMPLE
from .test_cli import write

TOUR = {"person": "P1", "start": "2026-03-16T07:00:00+00:00", "end": "2026-03-16T15:00:00+00:00"}


def police(*duties: dict) -> dict:
    document = copy.deepcopy(EXAMPLE)
    document["duties"] = list(duties)
    return document


def overtime_hour(**extra) -> dict:
    return {
        "person": "P1",
        "start": "2026-03-17T07:00:00+00:00",
        "end": "2026-03-17T16:00:00+00:00",
        "overtime": {"type": "planned", "tour_end": "2026-03-17T15:00:00+00:00"},
        **extra,
    }


def cost_json(tmp_path, capsys, document) -> dict:
    code = main([write(tmp_path, document), "--format", "json"])
    captured = capsys.readouterr()
    assert (code, captured.err) == (0, "")
    return json.loads(captured.out)


def test_pol8_toil_chosen_in_the_document_is_owed_in_hours_instead_of_paid(tmp_path, capsys):
    # when
    result = cost_json(tmp_path, capsys, police(TOUR, overtime_hour(compensation="toil")))

    # then: 1 h = 4 units + 1 bonus unit
    assert result["items"] == []
    assert result["total"] == "0.00"
    assert result["time_off_owed"] == [
        {"person": "P1", "rule": "POL-8", "kind": "toil", "hours": 1.25, "earned_on": "2026-03-17"}
    ]


def test_compensation_pay_is_the_default(tmp_path, capsys):
    # when
    explicit = cost_json(tmp_path, capsys, police(TOUR, overtime_hour(compensation="pay")))
    default = cost_json(tmp_path, capsys, police(TOUR, overtime_hour()))

    # then
    assert explicit == default
    assert [(i["rule"], i["amount"]) for i in default["items"]] == [("POL-8", "26.67")]


def test_the_text_output_shows_the_toil_owed(tmp_path, capsys):
    # when
    code = muster_main(["cost", write(tmp_path, police(TOUR, overtime_hour(compensation="toil")))])

    # then
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[1:] == ["Nothing to pay beyond basic pay.", "Owed to P1: 1.25 h toil (POL-8)"]


def test_pol5_rest_day_toil_through_the_cli_is_at_the_same_rate(tmp_path, capsys):
    # given: a rest day told with 3 clear days, 6 h worked
    rest_day = {
        "person": "P1",
        "start": "2026-03-14T07:00:00+00:00",
        "end": "2026-03-14T13:00:00+00:00",
        "rostered_rest_day": True,
        "notified_at": "2026-03-10T10:00:00+00:00",
        "compensation": "toil",
    }

    # when
    result = cost_json(tmp_path, capsys, police(rest_day))

    # then: 6 h x 1.5
    assert result["items"] == []
    assert [(t["rule"], t["kind"], t["hours"]) for t in result["time_off_owed"]] == [("POL-5", "toil", 9.0)]


def test_nhs4_toil_through_the_cli_carries_its_payout_date(tmp_path, capsys):
    # given
    document = police(
        {
            "person": "P1",
            "start": "2026-03-11T08:00:00+00:00",
            "end": "2026-03-11T19:00:00+00:00",
            "break_minutes": 30,
            "overtime": {"type": "planned", "tour_end": "2026-03-11T17:00:00+00:00"},
            "compensation": "toil",
        }
    )
    document["pack"] = "nhs-afc"
    document["people"][0].update(rank=None, band=5, hours_per_week=37.5)

    # when
    result = cost_json(tmp_path, capsys, document)

    # then
    assert result["items"] == []
    assert result["time_off_owed"] == [
        {
            "person": "P1",
            "rule": "NHS-4",
            "kind": "toil",
            "hours": 2.0,
            "earned_on": "2026-03-11",
            "expires_on": "2026-06-11",
        }
    ]


def test_psc1_short_notice_rest_day_through_the_cli_is_paid_plus_equal_toil(tmp_path, capsys):
    # given: told Tue 10 Mar of Sat 14 Mar
    document = police(
        {
            "person": "P1",
            "start": "2026-03-14T08:00:00+00:00",
            "end": "2026-03-14T16:00:00+00:00",
            "break_minutes": 30,
            "rostered_rest_day": True,
            "notified_at": "2026-03-10T10:00:00+00:00",
            "compensation": "toil",
        }
    )
    document["pack"] = "police-staff"

    # when
    result = cost_json(tmp_path, capsys, document)

    # then
    assert [(i["rule"], i["hours"], i["multiplier"], i["amount"]) for i in result["items"]] == [
        ("PSC-1", 7.5, 1.5, "225.00")
    ]
    assert [(t["rule"], t["hours"], t["expires_on"]) for t in result["time_off_owed"]] == [("PSC-1", 7.5, "2026-06-14")]


def test_pol10_an_original_start_in_the_document_makes_the_advance_overtime(tmp_path, capsys):
    # given: the night of Mon 16 Mar rostered from 22:00, brought forward to 20:00, told at 16:00
    night = {
        "person": "P1",
        "start": "2026-03-16T20:00:00+00:00",
        "end": "2026-03-17T04:00:00+00:00",
        "original_start": "2026-03-16T22:00:00+00:00",
        "notified_at": "2026-03-16T16:00:00+00:00",
    }

    # when
    result = cost_json(tmp_path, capsys, police(TOUR, night))

    # then: 2 h x 20.00 x 4/3
    assert [(i["rule"], i["start"], i["hours"], i["amount"]) for i in result["items"] if i["rule"] == "POL-10"] == [
        ("POL-10", "2026-03-16T20:00:00+00:00", 2.0, "53.33")
    ]


def test_pol6_a_rest_day_reinstated_late_and_worked_is_paid_through_the_cli(tmp_path, capsys):
    # given: rest day Sat 14 Mar cancelled on Tue 10 Mar, reinstated on Thu 12 Mar
    worked = {
        "person": "P1",
        "start": "2026-03-14T07:00:00+00:00",
        "end": "2026-03-14T15:00:00+00:00",
        "rostered_rest_day": True,
        "notified_at": "2026-03-10T10:00:00+00:00",
        "rest_day_reinstated_at": "2026-03-12T10:00:00+00:00",
    }
    in_good_time = {
        **worked,
        "notified_at": "2026-02-20T10:00:00+00:00",
        "rest_day_reinstated_at": "2026-03-05T10:00:00+00:00",
    }

    # when
    late = cost_json(tmp_path, capsys, police(worked))
    early = cost_json(tmp_path, capsys, police(in_good_time))

    # then
    assert [(i["rule"], i["hours"], i["multiplier"], i["amount"]) for i in late["items"]] == [
        ("POL-6", 8.0, 1.5, "240.00")
    ]
    assert (early["items"], early["time_off_owed"], early["total"]) == ([], [], "0.00")


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"compensation": "cash"}, "duties[1].compensation", "must be one of pay, toil"),
        ({"original_start": "2026-03-17T06:00:00+00:00"}, "duties[1].original_start", "must be after the start"),
        ({"original_start": "tomorrow"}, "duties[1].original_start", "ISO 8601"),
        ({"rest_day_reinstated_at": "2026-03-18T06:00:00+00:00"}, "duties[1].rest_day_reinstated_at", "before"),
        ({"rest_day_reinstated_at": "2026-03-12T06:00:00+00:00"}, "duties[1].rest_day_reinstated_at", "rest day"),
    ],
)
def test_bad_choices_exit_2_naming_the_field(tmp_path, capsys, change, field, words):
    # when
    code = main([write(tmp_path, police(TOUR, overtime_hour(**change))), "--format", "json"])

    # then
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.startswith(f"muster cost: {field}: ")
    assert words in captured.err
