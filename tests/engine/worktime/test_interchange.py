"""The RULES.md § 8 document: parsing with field-named errors, and the output schema."""

import copy
import json
from datetime import date

import pytest

from muster_engine.worktime.interchange import (
    OUTPUT_FIELDS,
    InterchangeError,
    check_document,
    parse_document,
)

from .builders import at

# The example of RULES.md § 8, verbatim.
EXAMPLE = json.loads(
    """
{
  "pack": "police-officer",
  "period": {"start": "2026-01-05", "end": "2026-05-03"},
  "people": [{"id": "P1", "rank": "constable", "band": null, "birth_date": "1990-05-01",
              "hours_per_week": 40, "wtr_opt_out": false, "night_worker": false,
              "hourly_rate": "20.00", "employed_from": "2015-01-01"}],
  "duties": [{"person": "P1", "start": "2026-03-28T22:00:00+00:00", "end": "2026-03-29T07:00:00+01:00",
              "break_minutes": 45, "kind": "duty", "public_holiday": false,
              "rostered_rest_day": false, "overtime": null,
              "notified_at": "2026-03-20T10:00:00+00:00"}],
  "rest_days": [{"person": "P1", "date": "2026-03-30"}],
  "abstractions": [{"person": "P1", "type": "annual_leave", "start": "2026-04-06", "end": "2026-04-10"}]
}
"""
)


def example(**changes) -> dict:
    document = copy.deepcopy(EXAMPLE)
    document.update(changes)
    return document


def test_the_rules_example_document_parses():
    # when
    request = parse_document(EXAMPLE)

    # then
    assert (request.pack, request.period.start, request.period.end) == (
        "police-officer",
        date(2026, 1, 5),
        date(2026, 5, 3),
    )
    (person,) = request.people
    assert (person.id, person.birth_date, person.employed_from, person.rank) == (
        "P1",
        date(1990, 5, 1),
        date(2015, 1, 1),
        "constable",
    )
    assert (person.hours_per_week, person.wtr_opt_out, person.night_worker) == (40, False, False)
    (duty,) = request.duties
    assert (duty.start, duty.end, duty.break_minutes, duty.kind) == (
        at("2026-03-28 22:00"),
        at("2026-03-29 07:00"),
        45,
        "duty",
    )
    assert request.rest_days[0].date == date(2026, 3, 30)
    assert request.abstractions[0].excluded


def test_the_rules_example_has_no_violations_as_its_spring_night_is_an_8_hour_tour_with_45_minutes():
    # when
    result = check_document(EXAMPLE)

    # then
    assert result == {"violations": []}


def test_output_follows_the_schema_with_london_offsets():
    # given the example plus a late tour 9 h 30 min after the night
    document = example()
    document["duties"].append(
        {"person": "P1", "start": "2026-03-29T16:30:00+01:00", "end": "2026-03-30T00:30:00+01:00", "break_minutes": 45}
    )

    # when
    result = json.loads(json.dumps(check_document(document)))

    # then
    (violation,) = result["violations"]
    assert tuple(violation) == OUTPUT_FIELDS
    assert violation == {
        "rule": "WTR-3",
        "severity": "warning",
        "person": "P1",
        "start": "2026-03-29T07:00:00+01:00",
        "end": "2026-03-29T16:30:00+01:00",
        "measured": 9.5,
        "limit": 11,
        "unit": "hours",
        "compensatory_rest_minutes": 90,
        "message": "Only 9 h 30 min rest between the duty ending Sun 29 Mar 07:00 and the next starting 16:30; "
        "WTR needs 11 h (reg 10) — 1 h 30 min compensatory rest owed.",
    }


def set_field(document: dict, path: tuple, value) -> dict:
    target = document
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            ("duties", 0, "end"),
            "2026-03-29T07:00",
            'duties[0].end: must be an ISO 8601 instant with an offset, got "2026-03-29T07:00"',
        ),
        (
            ("duties", 0, "start"),
            "2026-03-28",
            'duties[0].start: must be an ISO 8601 instant with an offset, got "2026-03-28"',
        ),
        (("duties", 0, "end"), "2026-03-28T21:00:00+00:00", "duties[0].end: must be after duties[0].start"),
        (("duties", 0, "person"), "P9", 'duties[0].person: must be the id of one of the people, got "P9"'),
        (
            ("duties", 0, "kind"),
            "standby",
            'duties[0].kind: must be one of duty, training, on_call_at_work, on_call_away, got "standby"',
        ),
        (
            ("duties", 0, "break_minutes"),
            -5,
            "duties[0].break_minutes: must be a whole number of minutes of at least 0, got -5",
        ),
        (
            ("duties", 0, "break_minutes"),
            600,
            "duties[0].break_minutes: must be shorter than the duty (480 min), got 600",
        ),
        (
            ("duties", 0, "overtime"),
            {"type": "sometimes"},
            "duties[0].overtime.type: must be one of casual, planned, recall",
        ),
        (
            ("pack",),
            "fire-service",
            "pack: must be one of nhs-afc, nhs-ambulance, police-officer, police-officer-scotland, police-staff, "
            'got "fire-service"',
        ),
        (("period", "start"), "5/1/2026", 'period.start: must be a date YYYY-MM-DD, got "5/1/2026"'),
        (("period", "end"), "2026-01-01", "period.end: must not be before period.start 2026-01-05"),
        (("period",), KeyError, "period: is required"),
        (("period", "start"), "1990-01-01", "period.start: is before the rule pack applies: no version of rule pack"),
        (("people", 0, "wtr_opt_out"), "yes", 'people[0].wtr_opt_out: must be true or false, got "yes"'),
        (
            ("people", 0, "birth_date"),
            "1990-02-30",
            'people[0].birth_date: must be a date YYYY-MM-DD, got "1990-02-30"',
        ),
        (("people", 0, "id"), "", 'people[0].id: must be a non-empty string, got ""'),
        (("rest_days", 0, "date"), None, "rest_days[0].date: is required"),
        (
            ("abstractions", 0, "end"),
            "2026-04-01",
            "abstractions[0].end: must not be before abstractions[0].start 2026-04-06",
        ),
        (("abstractions",), {"person": "P1"}, "abstractions: must be a list"),
    ],
)
def test_bad_input_names_the_field(path, value, message):
    # given
    document = set_field(example(), path, value)

    # when
    with pytest.raises(InterchangeError) as error:
        parse_document(document)

    # then
    assert str(error.value).startswith(message)
    assert error.value.field == message.split(":")[0]


def test_not_json_at_all_is_reported_as_the_document():
    with pytest.raises(InterchangeError, match="document: is not valid JSON"):
        parse_document("{not json")


def test_duplicate_people_are_refused():
    # given
    document = example(people=EXAMPLE["people"] * 2)

    # then
    with pytest.raises(InterchangeError, match=r'people\[1\].id: duplicates an earlier person id "P1"'):
        parse_document(document)
