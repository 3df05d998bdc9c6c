"""`muster cost FILE.json [--format json|text]`: output and exit codes 0 / 2."""

import copy
import io
import json

from muster.cli import main as muster_main
from muster_engine.pay.cli import main

from ..worktime.test_interchange import EXAMPLE


def write(tmp_path, document) -> str:
    path = tmp_path / "cost.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return str(path)


def with_rest_day_and_overtime() -> dict:
    document = copy.deepcopy(EXAMPLE)
    document["duties"] = [
        {
            "person": "P1",
            "start": "2026-03-14T07:00:00+00:00",
            "end": "2026-03-14T15:00:00+00:00",
            "rostered_rest_day": True,
            "notified_at": "2026-03-10T10:00:00+00:00",
        },
        {
            "person": "P1",
            "start": "2026-03-16T07:00:00+00:00",
            "end": "2026-03-16T16:00:00+00:00",
            "overtime": {"type": "planned", "tour_end": "2026-03-16T15:00:00+00:00"},
        },
    ]
    return document


def test_json_output_is_the_rules_schema_and_exits_0(tmp_path, capsys):
    # when
    code = main([write(tmp_path, with_rest_day_and_overtime()), "--format", "json"])

    # then
    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(result) == {"items", "time_off_owed", "total"}
    assert [(i["rule"], i["hours"], i["multiplier"], i["amount"]) for i in result["items"]] == [
        ("POL-5", 8.0, 1.5, "240.00"),
        ("POL-8", 1.0, 1.3333, "26.67"),
    ]
    assert set(result["items"][0]) == {"person", "rule", "what", "start", "hours", "multiplier", "amount"}
    assert result["total"] == "266.67"


def test_text_output_is_a_table_with_the_total_and_time_off(tmp_path, capsys):
    # given: a rest day with 15 clear days' notice as well
    document = with_rest_day_and_overtime()
    document["duties"].append(
        {
            "person": "P1",
            "start": "2026-04-18T07:00:00+01:00",
            "end": "2026-04-18T15:00:00+01:00",
            "rostered_rest_day": True,
            "notified_at": "2026-03-20T10:00:00+00:00",
        }
    )

    # when
    code = main(["cost", write(tmp_path, document)])

    # then
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[0] == "Costed 3 duties of 1 person (police-officer) from Mon 5 Jan 2026 to Sun 3 May 2026."
    assert lines[1].split() == ["PERSON", "RULE", "WHAT", "FROM", "HOURS", "X", "AMOUNT"]
    assert lines[2].split()[:2] == ["P1", "POL-5"] and lines[2].endswith("240.00")
    assert lines[4] == "Total: 266.67"
    assert lines[5] == "Owed to P1: 1 day(s) rdil (POL-5)"


def test_nothing_to_pay_is_still_exit_0(tmp_path, capsys):
    # given: a day tour
    document = copy.deepcopy(EXAMPLE)
    document["duties"] = [{"person": "P1", "start": "2026-03-10T07:00:00+00:00", "end": "2026-03-10T15:00:00+00:00"}]

    # when
    code = main([write(tmp_path, document)])

    # then
    assert code == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Nothing to pay beyond basic pay."


def test_standard_input_is_read_with_a_dash(monkeypatch, capsys):
    # given
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(with_rest_day_and_overtime())))

    # when
    code = main(["-", "--format", "json"])

    # then
    assert code == 0
    assert json.loads(capsys.readouterr().out)["total"] == "266.67"


def test_bad_input_exits_2_naming_the_field_on_stderr(tmp_path, capsys):
    # given
    document = copy.deepcopy(EXAMPLE)
    del document["people"][0]["hourly_rate"]

    # when
    code = main([write(tmp_path, document), "--format", "json"])

    # then
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err == "muster cost: people[0].hourly_rate: is required\n"


def test_invalid_json_and_a_missing_file_exit_2(tmp_path, capsys):
    # when
    bad = main([write(tmp_path, "{not json")])
    missing = main([str(tmp_path / "nowhere.json")])

    # then
    err = capsys.readouterr().err
    assert (bad, missing) == (2, 2)
    assert "muster cost: document: is not valid JSON" in err
    assert "nowhere.json: cannot read" in err


def test_the_muster_console_script_runs_cost_without_django(tmp_path, capsys):
    # when
    code = muster_main(["cost", write(tmp_path, with_rest_day_and_overtime()), "--format", "json"])

    # then
    assert code == 0
    assert json.loads(capsys.readouterr().out)["total"] == "266.67"
