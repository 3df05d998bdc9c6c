"""`muster check FILE.json [--format json|text]`: output and exit codes 0 / 1 / 2."""

import copy
import io
import json

from muster_engine.worktime.cli import main

from .test_interchange import EXAMPLE


def write(tmp_path, document) -> str:
    path = tmp_path / "check.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return str(path)


def with_short_rest() -> dict:
    document = copy.deepcopy(EXAMPLE)
    document["duties"].append(
        {"person": "P1", "start": "2026-03-29T16:30:00+01:00", "end": "2026-03-30T00:30:00+01:00", "break_minutes": 45}
    )
    return document


def test_a_clean_document_exits_0(tmp_path, capsys):
    # when
    code = main([write(tmp_path, EXAMPLE)])

    # then
    out = capsys.readouterr().out
    assert code == 0
    assert out == "Checked 1 person (police-officer) from Mon 5 Jan 2026 to Sun 3 May 2026.\nNo violations.\n"


def test_violations_exit_1_and_print_the_json_schema(tmp_path, capsys):
    # when
    code = main([write(tmp_path, with_short_rest()), "--format", "json"])

    # then
    result = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(v["rule"], v["severity"], v["measured"], v["limit"]) for v in result["violations"]] == [
        ("WTR-3", "warning", 9.5, 11)
    ]


def test_text_output_is_a_table_with_the_message_and_a_count(tmp_path, capsys):
    # when
    code = main(["check", write(tmp_path, with_short_rest())])

    # then
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines[1].split() == ["RULE", "SEVERITY", "PERSON", "FROM", "TO", "MEASURED", "LIMIT", "UNIT"]
    assert lines[2].split() == [
        "WTR-3",
        "warning",
        "P1",
        "Sun",
        "29",
        "Mar",
        "07:00",
        "Sun",
        "29",
        "Mar",
        "16:30",
        "9.5",
        "11",
        "hours",
    ]
    assert lines[3].strip().startswith("Only 9 h 30 min rest")
    assert lines[-1] == "1 violation: 0 breaches, 1 warning."


def test_bad_input_exits_2_naming_the_field_on_stderr(tmp_path, capsys):
    # given
    document = copy.deepcopy(EXAMPLE)
    document["duties"][0]["end"] = "2026-03-29T07:00"

    # when
    code = main([write(tmp_path, document), "--format", "json"])

    # then
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err == (
        'muster check: duties[0].end: must be an ISO 8601 instant with an offset, got "2026-03-29T07:00"\n'
    )


def test_not_json_missing_files_and_bad_options_exit_2(tmp_path, capsys):
    assert main([write(tmp_path, "{oops")]) == 2
    assert "document: is not valid JSON" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main([write(tmp_path, EXAMPLE), "--format", "xml"]) == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_dash_reads_standard_input(monkeypatch, capsys):
    # given
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(with_short_rest())))

    # when
    code = main(["-", "--format", "json"])

    # then
    assert code == 1
    assert json.loads(capsys.readouterr().out)["violations"][0]["rule"] == "WTR-3"


def test_help_documents_the_exit_codes(capsys):
    # when
    code = main(["--help"])

    # then
    out = capsys.readouterr().out
    assert code == 0
    assert "1  at least one violation, of severity breach or warning" in out
    assert "2  bad input" in out
