"""manage.py import_demand, make_forecast and load_demand_demo: the actions from the command line."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from demand.models import DemandInterval, Forecast, Queue

from .helpers import history_file


def last_json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_import_demand_imports_a_file_and_ends_with_json(queue, tmp_path, capsys):
    # given
    path = tmp_path / "calls.csv"
    path.write_text(history_file(days=2), encoding="utf-8")

    # when
    call_command("import_demand", str(queue.pk), str(path))

    # then
    assert last_json(capsys)["intervals"] == 96
    assert DemandInterval.objects.count() == 96


def test_import_demand_exits_1_listing_bad_rows(queue, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("interval_start,calls\n2025-06-02T08:00,x\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        call_command("import_demand", str(queue.pk), str(path))
    out = capsys.readouterr().out
    assert stopped.value.code == 1 and "row 1, calls_offered 'x'" in out
    assert not DemandInterval.objects.exists()


def test_import_demand_as_a_user_without_rights_is_refused(queue, org, tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text(history_file(days=1), encoding="utf-8")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        call_command("import_demand", str(queue.pk), str(path), "--user", "olly")


def test_an_unknown_queue_is_bad_input(db, tmp_path):
    with pytest.raises(CommandError) as raised:
        call_command("import_demand", "999", str(tmp_path / "x.csv"))
    assert "no queue with id 999" in str(raised.value)


def test_make_forecast_stores_a_forecast(queue_with_history, capsys):
    call_command("make_forecast", str(queue_with_history.pk), "--days", "14")
    figures = last_json(capsys)
    forecast = Forecast.objects.get()
    assert figures["forecast"] == forecast.pk and figures["first_day"] == "2025-06-23"
    assert forecast.horizon_days == 14


def test_load_demand_demo_fills_a_unit(org, capsys):
    call_command("load_demand_demo", org.northtown.code, "--weeks", "2", "--forecast-days", "0")
    assert last_json(capsys)["rows"] == 2 * 14 * 48
    assert Queue.objects.filter(unit=org.northtown).count() == 2
    assert DemandInterval.objects.filter(start__gte=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)).count() == 2 * 14 * 48
