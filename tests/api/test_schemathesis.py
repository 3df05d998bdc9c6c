"""The JSON API under schemathesis: every operation, fed generated input, answers without a 5xx and as its schema
says (documented status code, content type and body).

The schema comes from the ninja API object itself (no server) and requests go in-process through Django's WSGI
handler, signed in as alice (administrator) with a bearer token, so every operation gets past authorisation and it
is validation and the actions that are exercised. Half the generated ids and unit codes in paths are swapped for
real ones (the authorisation matrix's World builds them), otherwise nearly every request would stop at a 404.
Generation is derandomised and bounded so CI gets the same cases every run; to look further, set MUSTER_FUZZ_SEED
(any whole number: other cases, reproducible with the same seed) and MUSTER_FUZZ_EXAMPLES (cases per operation, 25 by
default), e.g. `MUSTER_FUZZ_SEED=7 MUSTER_FUZZ_EXAMPLES=200 pytest tests/api/test_schemathesis.py`."""

import os
import re
import zlib

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from common.models import ApiToken
from muster.api import api
from tests.authz.conftest import World

MAX_EXAMPLES = int(os.environ.get("MUSTER_FUZZ_EXAMPLES", "25"))
# An explicit seed takes precedence over the deterministic generation (schemathesis derives one per operation).
SEED = os.environ.get("MUSTER_FUZZ_SEED", "")

CONFIG = schemathesis.Config.from_str((f"seed = {int(SEED)}\n" if SEED else "") + """
[generation]
mode = "all"
deterministic = true
# Only the bearer token below authenticates; random cookies and API keys would just be noise.
with-security-parameters = false

[phases.coverage]
enabled = false
""")


def _naive_times(raw: dict) -> dict:
    """pydantic documents datetime.time as `format: time`, which JSON Schema defines as RFC 3339 full-time *with* an
    offset ("07:00:00Z"); Muster's times of day are deliberately wall-clock ("07:00:00"). Say that with a pattern,
    for the validator and for the generator alike."""
    def walk(node):
        if isinstance(node, dict):
            if node.get("format") == "time":
                node.pop("format")
                node["pattern"] = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$"
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(raw)
    return raw


schema = schemathesis.openapi.from_dict(_naive_times(api.get_openapi_schema()), config=CONFIG)
schema.app = WSGIHandler()

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# Path parameter → real values in the World (built on first use, so each operation makes only what it names).
REAL_VALUES = {
    "unit_id": lambda w: [w.northtown.pk, w.team_a.pk, w.force.pk],
    "code": lambda w: [w.northtown.code, w.team_a.code, w.north.code],
    "person_id": lambda w: [w.sam.pk, w.kim.pk, w.lee.pk],
    "skill_code": lambda w: [w.taser.code],
    "kind": lambda w: ["people", "skills", "establishment"],
    "shift_type_id": lambda w: [w.shift_type_org.pk, w.shift_type_north.pk],
    "pattern_id": lambda w: [w.pattern_org.pk, w.pattern_north.pk],
    "requirement_id": lambda w: [w.requirement_north.pk],
    "override_id": lambda w: [w.override_north.pk],
    "queue_id": lambda w: [w.queue_north.pk],
    "forecast_id": lambda w: [w.forecast_north.pk],
    "design_id": lambda w: [w.design_north.pk],
    "movement_id": lambda w: [w.sam_pending_move.pk],
    "role_id": lambda w: [w.olly_role.pk],
    "template": lambda w: [w.response_station_template],
}


def _with_real_path_values(case, world) -> None:
    """Swap about half of the well-typed generated path values for real ones, picked by a checksum of the generated
    value so that the choice is as deterministic as the generation."""
    path = case.meta.components.get(schemathesis.core.parameters.ParameterLocation.PATH) if case.meta else None
    if not case.path_parameters or path is None or path.mode != GenerationMode.POSITIVE:
        return
    for name, value in case.path_parameters.items():
        if name not in REAL_VALUES:
            continue
        pick = zlib.crc32(repr(value).encode())
        if pick % 2:
            values = REAL_VALUES[name](world)
            case.path_parameters[name] = values[pick // 2 % len(values)]


@pytest.fixture
def world(org):
    return World(org)


@pytest.fixture
def in_process_requests():
    """Django's WSGI handler closes the database connection after each request, which would end the test's
    transaction; django.test.Client avoids that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def alice_token(org) -> str:
    key = ApiToken.new_key()
    ApiToken.objects.create(user=org.alice, name="schemathesis", prefix=key[:8], key_hash=ApiToken.hash_key(key))
    return key


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None, print_blob=False,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_generated_input_without_a_server_error_and_as_documented(
        case, world, in_process_requests, alice_token):
    # given an administrator's token, and real ids in about half of the paths
    _with_real_path_values(case, world)
    # when the generated request is sent / then no 5xx, and status, content type and body are as documented
    case.call_and_validate(headers={"Authorization": f"Bearer {alice_token}"}, checks=CHECKS)


def test_error_answers_are_documented_for_every_operation():
    # given the OpenAPI document clients are generated from
    document = api.get_openapi_schema()
    # when looking at what each operation says it may answer
    undocumented = [f"{method.upper()} {path}" for path, operations in document["paths"].items()
                    for method, operation in operations.items() if "4XX" not in operation["responses"]]
    # then every one documents the error shape for 4xx answers
    assert undocumented == []
    assert set(document["components"]["schemas"]["Error"]["required"]) == {"detail", "errors"}


def test_the_time_pattern_accepts_wall_clock_times_only():
    # given the pattern the test puts in place of `format: time`
    pattern = re.compile(_naive_times({"format": "time"})["pattern"])
    # then
    assert pattern.match("07:00:00") and pattern.match("23:59") and not pattern.match("24:00")
