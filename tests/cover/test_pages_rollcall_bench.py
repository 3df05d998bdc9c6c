"""The cover pages render, the roll call lists who could come in with contact details, the benchmark runs."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from absence.actions import do_report_sick
from cover.rollcall import as_csv, roll_call
from people.models import Person
from tests.cover.scene import Scene


@pytest.mark.django_db
def test_the_roll_call_lists_who_could_be_on_duty_with_contact_details_but_not_the_sick():
    scene = Scene(days_ahead=0, publish=False)
    Person.objects.filter(pk=scene.bob.pk).update(phone="07700 900123")
    do_report_sick(scene.ann, first_day=scene.day, acting_user=None)
    entries = roll_call(scene.org.northtown, 24)
    names = {e.person.first_name for e in entries}
    assert "Ann" not in names and {"Bob", "Cat", "Sam"} <= names
    assert "07700 900123" in as_csv(entries)


@pytest.mark.django_db
def test_the_board_options_and_report_pages_render_for_the_planner():
    scene = Scene()
    do_report_sick(scene.ann, first_day=scene.day, acting_user=None)
    client = Client()
    client.force_login(scene.org.pat)
    board = client.get(f"/cover/units/northtown/?start={scene.day}")
    assert board.status_code == 200 and b"Cover options" in board.content and b'hx-trigger="every 30s"' in board.content
    link = board.content.decode().split('href="/cover/units/northtown/options/?')[1].split('"')[0]
    options = client.get("/cover/units/northtown/options/?" + link.replace("&amp;", "&"))
    assert options.status_code == 200 and b"Rest-day working" in options.content and b"Apply" in options.content
    assert client.get(f"/cover/units/northtown/report/?date={scene.day}").status_code == 200


@pytest.mark.slow
def test_the_benchmark_quick_run_ends_with_one_json_line():
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "cover_options.py"
    done = subprocess.run([sys.executable, str(script), "--quick"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["benchmark"] == "cover_options" and figures["people"] == 60 and figures["offered"] > 0
