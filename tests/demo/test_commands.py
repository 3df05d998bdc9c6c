"""The load_demo, demo and serve commands."""

import json
import socket
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from demo.serving import check_port_free
from org.models import Unit
from people.models import Person
from tests.factories import make_unit


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_prints_counts_and_logins_and_ends_with_one_json_line():
    # when
    output = run("load_demo", "--seed", "4", "--scale", "0.1")
    # then
    summary = json.loads(output.strip().splitlines()[-1])
    assert set(summary) == {"people", "units", "abstractions", "seconds"}
    assert summary["people"] == Person.objects.count()
    assert summary["units"] == Unit.objects.count() == 116
    assert "password for all: muster-demo-2026" in output
    assert "planner111" in output


@pytest.mark.django_db
def test_load_demo_refuses_a_database_that_already_has_units():
    # given
    make_unit("Existing Force", "force", code="existing")
    # when
    with pytest.raises(CommandError, match="--reset"):
        run("load_demo", "--scale", "0.1")
    # then
    assert Unit.objects.count() == 1


@pytest.mark.django_db
def test_load_demo_reset_replaces_the_organisation():
    # given
    run("load_demo", "--seed", "4", "--scale", "0.1")
    first = set(Person.objects.values_list("payroll_number", flat=True))
    # when
    output = run("load_demo", "--seed", "5", "--scale", "0.1", "--reset", "--format", "json")
    # then
    assert json.loads(output)["people"] == Person.objects.count()
    assert not first & set(Person.objects.values_list("payroll_number", flat=True))


@pytest.mark.django_db
def test_load_demo_rejects_a_scale_out_of_range():
    with pytest.raises(CommandError, match="--scale"):
        run("load_demo", "--scale", "3")
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_demo_without_serving_reuses_an_existing_organisation():
    # given
    run("load_demo", "--scale", "0.1")
    people = Person.objects.count()
    # when
    output = run("demo", "--no-serve")
    # then
    assert Person.objects.count() == people
    assert "Using the organisation already there" in output
    assert "officer" in output and "http://localhost:8000/" in output


@pytest.mark.django_db
def test_demo_without_serving_says_so_when_a_database_has_no_demo_logins():
    # given
    make_unit("Existing Force", "force", code="existing")
    # when
    output = run("demo", "--no-serve", "--port", "8123")
    # then
    assert "No demo logins in this database" in output
    assert "http://localhost:8123/" in output


def test_serving_refuses_a_port_already_in_use():
    # given
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # when / then
        with pytest.raises(CommandError, match=f"Port {port}"):
            check_port_free("127.0.0.1", port)
