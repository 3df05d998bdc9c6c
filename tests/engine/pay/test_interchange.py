"""`cost_document`: the RULES.md § 8 document in, the `muster cost --format json` output out."""

import copy
import json

import pytest

from muster_engine.pay import cost_document
from muster_engine.worktime import InterchangeError

from ..worktime.test_interchange import EXAMPLE


def document(**changes) -> dict:
    doc = copy.deepcopy(EXAMPLE)
    doc.update(changes)
    return doc


def rest_day_duty(**changes) -> dict:
    shift = {
        "person": "P1",
        "start": "2026-03-14T07:00:00+00:00",
        "end": "2026-03-14T15:00:00+00:00",
        "rostered_rest_day": True,
        "notified_at": "2026-03-10T10:00:00+00:00",
    }
    shift.update(changes)
    return shift


def test_the_rules_example_costs_its_unsocial_hours_and_matches_the_output_schema():
    # when
    result = cost_document(EXAMPLE)

    # then: 22:00 GMT - 06:00 BST is 7 real hours of POL-14
    assert result == {
        "items": [
            {
                "person": "P1",
                "rule": "POL-14",
                "what": "unsocial hours allowance",
                "start": "2026-03-28T22:00:00+00:00",
                "hours": 7.0,
                "multiplier": 0.1,
                "amount": "14.00",
            }
        ],
        "time_off_owed": [],
        "total": "14.00",
    }
    assert json.loads(json.dumps(result)) == result


def test_a_rest_day_and_a_public_holiday_give_items_and_time_off_in_the_schema():
    # given
    holiday = rest_day_duty(
        start="2026-04-03T07:00:00+01:00",
        end="2026-04-03T15:00:00+01:00",
        rostered_rest_day=False,
        public_holiday=True,
        notified_at="2026-03-30T09:00:00+01:00",
    )
    doc = document(duties=[rest_day_duty(), holiday])

    # when
    result = cost_document(json.dumps(doc))

    # then
    assert [(i["rule"], i["hours"], i["multiplier"], i["amount"]) for i in result["items"]] == [
        ("POL-5", 8.0, 1.5, "240.00"),
        ("POL-7", 8.0, 2.0, "320.00"),
    ]
    assert result["items"][1]["start"] == "2026-04-03T07:00:00+01:00"
    assert result["time_off_owed"] == [{"person": "P1", "rule": "POL-7", "kind": "public_holiday_in_lieu", "days": 1}]
    assert result["total"] == "560.00"


def test_overtime_is_read_from_the_duty():
    # given
    shift = rest_day_duty(
        rostered_rest_day=False,
        end="2026-03-14T16:00:00+00:00",
        overtime={"type": "planned", "tour_end": "2026-03-14T15:00:00+00:00"},
    )

    # when
    result = cost_document(document(duties=[shift]))

    # then
    assert [(i["rule"], i["amount"]) for i in result["items"]] == [("POL-8", "26.67")]


def test_public_holidays_may_be_listed_at_the_top_level():
    # given
    shift = rest_day_duty(start="2026-04-03T07:00:00+01:00", end="2026-04-03T15:00:00+01:00", rostered_rest_day=False)

    # when
    result = cost_document(document(duties=[shift], public_holidays=["2026-04-03"]))

    # then
    assert [i["rule"] for i in result["items"]] == ["POL-7"]


def test_wtr7_compensatory_rest_is_in_the_output_in_hours():
    # given
    doc = document()
    doc["duties"].append({"person": "P1", "start": "2026-03-29T16:30:00+01:00", "end": "2026-03-30T00:30:00+01:00"})

    # when
    result = cost_document(doc)

    # then
    assert {"person": "P1", "rule": "WTR-7", "kind": "compensatory_rest", "hours": 1.5} in result["time_off_owed"]


def test_an_nhs_document_costs_by_band():
    # given
    person = {"id": "N1", "band": 5, "hours_per_week": 37.5, "hourly_rate": "20.00"}
    shift = {"person": "N1", "start": "2026-03-14T08:00:00+00:00", "end": "2026-03-14T16:00:00+00:00"}

    # when
    result = cost_document(document(pack="nhs-afc", people=[person], duties=[shift], rest_days=[], abstractions=[]))

    # then
    assert [(i["rule"], i["amount"]) for i in result["items"]] == [("NHS-2", "48.00")]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d["people"][0].pop("hourly_rate"), "people[0].hourly_rate", "is required"),
        (lambda d: d["people"][0].update(hourly_rate="lots"), "people[0].hourly_rate", "amount of money"),
        (lambda d: d["people"][0].update(hourly_rate="-1"), "people[0].hourly_rate", "at least 0"),
        (lambda d: d.update(pack="police-officer-scotland"), "pack", "for costing"),
        (lambda d: d.update(pack="fire"), "pack", "must be one of"),
        (lambda d: d["duties"][0].update(end="2026-03-29T07:00"), "duties[0].end", "offset"),
        (lambda d: d["duties"][0].update(overtime={"type": "lots"}), "duties[0].overtime.type", "casual"),
        (
            lambda d: d["duties"][0].update(overtime={"type": "casual", "tour_end": "2026-03-30T07:00:00+01:00"}),
            "duties[0].overtime.tour_end",
            "within the duty",
        ),
        (lambda d: d.update(public_holidays=["Good Friday"]), "public_holidays[0]", "YYYY-MM-DD"),
        (lambda d: d["people"][0].update(band=12), "people[0].band", "1-9"),
        (lambda d: d["people"][0].pop("rank"), "people[0].rank", "is required"),
    ],
)
def test_bad_input_names_the_field(change, field, words):
    # given
    doc = document()
    change(doc)

    # when
    with pytest.raises(InterchangeError) as error:
        cost_document(doc)

    # then
    assert error.value.field == field
    assert words in str(error.value)


def test_an_nhs_person_without_a_band_is_bad_input():
    # given
    person = {"id": "N1", "hourly_rate": "20.00"}

    # when
    with pytest.raises(InterchangeError) as error:
        cost_document(document(pack="nhs-afc", people=[person], duties=[], rest_days=[], abstractions=[]))

    # then
    assert error.value.field == "people[0].band"
