"""`muster staffing` and `muster forecast`: the documented JSON, exit statuses and messages naming the flag."""

import datetime as dt
import json

import pytest

from muster.cli import ENGINE_COMMANDS
from muster_engine.queueing import cli_forecast, cli_staffing
from muster_engine.queueing.synthetic import history_csv, nhs111_history


def run(main, argv, capsys) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_both_commands_run_the_engine_without_django():
    assert ENGINE_COMMANDS["staffing"] == "muster_engine.queueing.cli_staffing"
    assert ENGINE_COMMANDS["forecast"] == "muster_engine.queueing.cli_forecast"


def test_staffing_json_is_the_documented_object(capsys):
    # when: RULES.md CC-1 with 30 % shrinkage
    status, out, _ = run(cli_staffing.main, ["--calls", "100", "--aht", "180", "--interval-minutes", "30",
                                             "--service-level", "0.8", "--answer-within", "20", "--shrinkage",
                                             "0.3", "--format", "json"], capsys)

    # then
    data = json.loads(out)
    assert status == 0
    assert list(data) == ["traffic_erlangs", "agents", "scheduled", "service_level", "asa_seconds", "occupancy",
                          "model"]
    assert (data["traffic_erlangs"], data["agents"], data["scheduled"], data["model"]) == (10.0, 14, 20, "erlang_c")
    assert data["service_level"] == pytest.approx(0.88835, abs=1e-5)
    assert data["asa_seconds"] == pytest.approx(7.836, abs=1e-3)


def test_staffing_with_patience_uses_erlang_a(capsys):
    # when
    status, out, _ = run(cli_staffing.main, ["staffing", "--calls", "400", "--aht", "257", "--interval-minutes", "30",
                                             "--service-level", "0.8", "--answer-within", "20", "--max-occupancy",
                                             "1", "--patience", "60", "--format", "json"], capsys)

    # then
    data = json.loads(out)
    assert status == 0 and data["model"] == "erlang_a"
    assert data["agents"] < 64


def test_staffing_text_explains_the_figures(capsys):
    # when
    status, out, _ = run(cli_staffing.main, ["--calls", "100", "--aht", "180", "--interval-minutes", "30"], capsys)

    # then
    assert status == 0
    assert "Agents          14" in out and "88.8 % answered within 20 s" in out and "Erlang C" in out


def test_staffing_exits_1_and_says_why_when_no_number_of_agents_will_do(capsys):
    # when
    status, out, err = run(cli_staffing.main, ["--calls", "100", "--aht", "180", "--interval-minutes", "30",
                                               "--service-level", "1", "--format", "json"], capsys)

    # then
    assert status == 1
    assert "100 %" in err
    assert json.loads(out)["error"] == "infeasible"


@pytest.mark.parametrize(("argv", "flag"), [
    (["--calls", "-5", "--aht", "180", "--interval-minutes", "30"], "--calls"),
    (["--calls", "5", "--aht", "0", "--interval-minutes", "30"], "--aht"),
    (["--calls", "5", "--aht", "180", "--interval-minutes", "30", "--service-level", "80"], "--service-level"),
    (["--calls", "5", "--aht", "180", "--interval-minutes", "30", "--shrinkage", "1.2"], "--shrinkage"),
    (["--calls", "5", "--aht", "180", "--interval-minutes", "30", "--max-occupancy", "0"], "--max-occupancy"),
    (["--calls", "five", "--aht", "180", "--interval-minutes", "30"], "--calls"),
    (["--aht", "180", "--interval-minutes", "30"], "--calls"),
])
def test_staffing_bad_input_exits_2_naming_the_flag(argv, flag, capsys):
    # when
    status, _, err = run(cli_staffing.main, argv, capsys)

    # then
    assert status == 2
    assert flag in err


@pytest.fixture
def history_file(tmp_path):
    path = tmp_path / "history.csv"
    path.write_text(history_csv(nhs111_history(dt.date(2025, 9, 1), 28, seed=4)), encoding="utf-8")
    return path


def test_forecast_writes_interval_start_and_forecast_calls_for_the_days_after_the_history(history_file, capsys):
    # when
    status, out, _ = run(cli_forecast.main, [str(history_file), "--interval-minutes", "60", "--horizon-days", "3"],
                         capsys)

    # then: hourly rows for 29 Sep - 1 Oct 2025 in local time with the BST offset
    lines = out.strip().splitlines()
    assert status == 0
    assert lines[0] == "interval_start,forecast_calls"
    assert len(lines) == 1 + 3 * 24
    assert lines[1].startswith("2025-09-29T00:00:00+01:00,")
    assert lines[-1].startswith("2025-10-01T23:00:00+01:00,")
    assert all(float(line.split(",")[1]) > 0 for line in lines[1:])


def test_forecast_json_holds_intervals_and_daily_totals(history_file, capsys):
    # when
    status, out, _ = run(cli_forecast.main, ["forecast", str(history_file), "--interval-minutes", "30",
                                             "--horizon-days", "7", "--format", "json"], capsys)

    # then
    data = json.loads(out)
    assert status == 0
    assert (data["interval_minutes"], data["horizon_days"], data["first_day"]) == (30, 7, "2025-09-29")
    assert len(data["intervals"]) == 7 * 48 and len(data["daily"]) == 7
    assert set(data["intervals"][0]) == {"interval_start", "forecast_calls"}
    saturday = next(d for d in data["daily"] if d["date"] == "2025-10-04")["forecast_calls"]
    tuesday = next(d for d in data["daily"] if d["date"] == "2025-09-30")["forecast_calls"]
    assert saturday > 1.5 * tuesday


def test_forecast_reports_bad_rows_and_exits_2(tmp_path, capsys):
    # given
    path = tmp_path / "bad.csv"
    path.write_text("interval_start,calls\n2025-09-01T08:00,3\n2025-09-01T08:30,many\n", encoding="utf-8")

    # when
    status, _, err = run(cli_forecast.main, [str(path), "--interval-minutes", "30", "--horizon-days", "7"], capsys)

    # then
    assert status == 2
    assert "row 2, calls 'many'" in err


@pytest.mark.parametrize(("argv", "fragment"), [
    (["--interval-minutes", "7", "--horizon-days", "7"], "--interval-minutes"),
    (["--interval-minutes", "30", "--horizon-days", "0"], "--horizon-days"),
    (["--interval-minutes", "30", "--horizon-days", "7", "--timezone", "Mars/Olympus"], "--timezone"),
])
def test_forecast_bad_flags_exit_2_naming_the_flag(history_file, argv, fragment, capsys):
    # when
    status, _, err = run(cli_forecast.main, [str(history_file), *argv], capsys)

    # then
    assert status == 2 and fragment in err


def test_forecast_of_a_missing_file_exits_2(tmp_path, capsys):
    status, _, err = run(cli_forecast.main, [str(tmp_path / "nope.csv"), "--interval-minutes", "30",
                                             "--horizon-days", "7"], capsys)
    assert status == 2 and "cannot read" in err


def test_forecast_exits_1_when_the_centre_is_never_open_on_the_days_asked(tmp_path, capsys):
    # given: a weekday-only centre; the history ends on a Friday and the next two days are a weekend
    lines = ["interval_start,calls"]
    for day in range(21):
        date = dt.date(2025, 9, 1) + dt.timedelta(days=day)
        if date.weekday() < 5:
            lines += [f"{date.isoformat()}T{h:02d}:00,10" for h in range(9, 17)]
    lines = lines[: 1 + 15 * 8]  # up to Friday 19 September
    path = tmp_path / "weekdays.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    # when
    status, _, err = run(cli_forecast.main, [str(path), "--interval-minutes", "60", "--horizon-days", "2"], capsys)

    # then
    assert status == 1 and "never open" in err
