import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from common.models import AuditEvent
from people.choices import MovementKind
from people.models import Movement, Person

HEADER = "payroll_number,first_name,last_name,staff_group,rank,unit,start_date,hours_per_week\n"


def test_import_people_exits_0_and_ends_with_a_json_summary(org, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "C1,Cy,Dee,police-officer,constable,southport-team-c,2025-01-01,40\n")
    call_command("import_people", str(path), "--kind", "people")
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["ok"] is True and summary["created"] == 1
    assert AuditEvent.objects.get(action="people.person.created").actor_name == "system"


def test_import_people_exits_1_when_rows_are_rejected(org, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "C2,Cy,Dee,police-officer,constable,nowhere,2025-01-01,40\n")
    with pytest.raises(SystemExit) as exc:
        call_command("import_people", str(path), "--kind", "people", "--format", "json")
    assert exc.value.code == 1
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["errors"][0] == {"field": "unit", "row": 2, "value": "nowhere",
                                    "message": summary["errors"][0]["message"]}
    assert not Person.objects.filter(payroll_number="C2").exists()


def test_import_people_as_a_user_applies_their_permissions(org, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "C3,Cy,Dee,police-officer,constable,southport-team-c,2025-01-01,40\n")
    with pytest.raises(SystemExit):
        call_command("import_people", str(path), "--kind", "people", "--user", "pat")


def test_import_people_bad_arguments_exit_2(org, tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("import_people", str(tmp_path / "missing.csv"), "--kind", "people")
    assert exc.value.returncode == 2


def test_export_then_import_round_trips_from_the_command_line(org, tmp_path, capsys):
    out = tmp_path / "people.xlsx"
    call_command("export_people", "--kind", "people", "--format", "xlsx", "--output", str(out))
    assert json.loads(capsys.readouterr().out.strip())["bytes"] > 0
    call_command("import_people", str(out), "--kind", "people", "--dry-run", "--format", "json")
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 3)


def test_apply_movements_is_idempotent(org, capsys):
    Movement.objects.create(person=org.sam, kind=MovementKind.TRANSFER, effective_date=dt.date(2025, 1, 6),
                            from_unit=org.team_a, to_unit=org.team_b)
    call_command("apply_movements", "--date", "2025-01-06")
    call_command("apply_movements", "--date", "2025-01-06")
    lines = capsys.readouterr().out.strip().splitlines()
    assert [json.loads(line)["applied"] for line in lines] == [1, 0]
    assert Person.objects.get(pk=org.sam.pk).home_unit == org.team_b


def test_createtoken_for_an_unknown_user_exits_2(org):
    with pytest.raises(CommandError) as exc:
        call_command("createtoken", "nobody", "x")
    assert exc.value.returncode == 2
