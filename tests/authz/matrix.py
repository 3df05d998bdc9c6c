"""The authorisation matrix: every page and API operation, tried on targets inside and outside each persona's scope.

One row is (endpoint, method, target) → the outcome expected for each persona:

    ok       allowed. Pages answer 2xx/3xx (not a sign-in redirect), the API 2xx. A write must really happen: an
             audit row is added (and `effect`, when given, changes).
    denied   refused: 403, or 404 when the row says `hide=True` (existence is hidden on purpose). Nothing written.
    login    anonymous: pages redirect to /login/?next=…, the API answers 401. Nothing written.
    refused  answered without writing (not 401/403/5xx): the endpoint checks permission per row of an upload and
             reports every refused row back, as imports do ("all or nothing").
    missing  404: nothing there for anyone (a wrong or revoked secret in a token-secured URL; an object asked for
             under a unit it does not belong to).

Personas (tests/factories.Org): alice administrator; pat planner of Northtown (station, teams A and B);
mo manager of North LPA (reads Northtown too); olly planner of Southport (team C); sam a constable in Northtown
Team A with no role (staff: own record, own team's published roster); anon nobody signed in.
Targets: Northtown vs Southport units; sam (own record), kim (Northtown Team B), lee (Southport Team C).

`holes` marks a persona whose expected outcome the code does not give yet: the test is xfail(strict) with the
reason, so it fails loudly once the code is fixed and the mark must go. New endpoints must join the matrix:
test_pages/test_api fail, naming them, when a URL or API operation has no row, or a row names one that is gone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

OK, DENIED, LOGIN, REFUSED, MISSING = "ok", "denied", "login", "refused", "missing"
OUTCOMES = {OK, DENIED, LOGIN, REFUSED, MISSING}
PERSONAS = ("alice", "pat", "mo", "olly", "sam", "anon")
SIGNED_IN = "alice pat mo olly sam"
ROLES = "alice pat mo olly"
EVERYONE = "alice pat mo olly sam anon"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

Fn = Callable[[Any], Any]


def expect(ok: str = "", denied: str = "", login: str = "anon", refused: str = "", missing: str = "") -> dict:
    """Persona → outcome, from space-separated persona lists; every persona exactly once."""
    result: dict[str, str] = {}
    for outcome, names in ((OK, ok), (DENIED, denied), (LOGIN, login), (REFUSED, refused), (MISSING, missing)):
        for name in names.split():
            assert name in PERSONAS, f"unknown persona {name}"
            assert name not in result, f"{name} listed twice"
            result[name] = outcome
    assert set(result) == set(PERSONAS), f"no outcome for {set(PERSONAS) - set(result)}"
    return result


@dataclass(frozen=True)
class Row:
    endpoint: str  # pages: URL name ("reporting:unit"); API: the OpenAPI path ("/api/org/units/{unit_id}")
    target: str  # what the row points at, for the test id: "northtown", "lee", "-"
    expect: dict[str, str]
    method: str = "GET"
    args: Fn | None = None  # world → URL kwargs / API path parameters
    query: Fn | None = None  # world → query string parameters
    body: Fn | None = None  # world → form fields (pages), JSON (API), or multipart fields when `multipart`
    multipart: bool = False
    headers: dict[str, str] = field(default_factory=dict)  # e.g. {"HX-Request": "true"}: the htmx variant
    audited: bool = True  # an allowed write adds an audit row (set False for writes the design leaves unaudited)
    writes: bool | None = None  # default: the method is a write
    effect: Fn | None = None  # world → a value that an allowed write changes and a refused one leaves alone
    hide: bool = False
    holes: dict[str, str] = field(default_factory=dict)  # persona → "HOLE: …" (xfail strict until fixed)
    note: str = ""

    @property
    def is_write(self) -> bool:
        return self.method in WRITE_METHODS if self.writes is None else self.writes

    def label(self) -> str:
        return f"{self.method} {self.endpoint} @{self.target}"


def _pk(name: str) -> Fn:
    """URL kwargs {"pk": …} of the world's object `name` (w.northtown, w.lee, w.queue_north...)."""
    return lambda w: {"pk": getattr(w, name).pk}


unit = person = _pk


def code(name: str) -> Fn:
    return lambda w: {"code": getattr(w, name).code}


def cell(unit_name: str, person_name: str) -> Fn:
    return lambda w: {"code": getattr(w, unit_name).code, "person_id": getattr(w, person_name).pk,
                      "day": w.day_text()}


def people_csv(payroll: str, unit_code: str) -> bytes:
    header = "payroll_number,first_name,last_name,staff_group,rank,unit,start_date,hours_per_week"
    return f"{header}\n{payroll},New,Starter,police-officer,constable,{unit_code},2024-01-01,40\n".encode()


def _upload(payroll: str, unit_code: str) -> Fn:
    def fields(w):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return {"file": SimpleUploadedFile("intake.csv", people_csv(payroll, unit_code), content_type="text/csv")}

    return fields


def _person_count(w) -> int:
    from people.models import Person

    return Person.objects.count()


def _movement(to: str) -> Fn:
    return lambda w: {"kind": "transfer", "effective_date": w.day_text(), "to_unit": getattr(w, to).pk,
                      "reason": "Posting"}


def _shift_type_form(w, code_: str, unit_pk: int | str = "") -> dict:
    return {"code": code_, "name": "Matrix shift", "start_time": "08:00", "end_time": "16:00", "break_minutes": "30",
            "colour": "#1d4f91", "unit": unit_pk, "reason": "matrix"}


def _pattern_form(w, code_: str, unit_pk: int | str = "", version: int | str = "") -> dict:
    return {"code": code_, "name": "Matrix pattern", "weeks": "1", "teams": "1", "rule_pack": "police-officer",
            "unit": unit_pk, "version": version, **{f"d{i}": "" for i in range(7)}}


def _range(w) -> dict:
    return {"start": w.day_text(), "end": w.day_text(6)}


def _code_pk(unit_name: str, name: str) -> Fn:
    return lambda w: {"code": getattr(w, unit_name).code, "pk": getattr(w, name).pk}


def _requirement_form(w) -> dict:
    return {"rank": w.constable.pk, "weekdays": list("0123456"), "start_time": "07:00", "end_time": "17:00",
            "minimum": "3", "effective_from": w.today.isoformat()}


def _override_form(w) -> dict:
    return {"date": w.day_text(), "start_time": "07:00", "end_time": "17:00", "rank": w.constable.pk,
            "minimum": "6", "reason": "Carnival"}



def _queue_form(w) -> dict:
    return {"name": "Renamed queue", "interval_minutes": "30", "answer_within_seconds": "20", "aht_seconds": "300",
            "service_level": "80", "max_occupancy": "85", "shrinkage_planned": "15", "shrinkage_unplanned": "10",
            "asa_seconds": "", "patience_seconds": "", "max_abandon_rate": "", "reason": "New targets"}


def _history_upload(w) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("calls.csv", w.history_csv(), content_type="text/csv")}


# --- pages ------------------------------------------------------------------------------------------------------

PAGES: list[Row] = [
    Row("home", "-", expect(ok=SIGNED_IN)),
    Row("login", "-", expect(ok=EVERYONE, login="")),
    Row("logout", "-", expect(ok=SIGNED_IN), method="POST", writes=False),
    Row("healthz", "-", expect(ok=EVERYONE, login="")),
    Row("audit-log", "-", expect(ok="alice", denied="pat mo olly sam")),
    # The API's description and docs hold no data (every operation still checks its caller); /api/ itself is 404.
    Row("api:openapi-json", "-", expect(ok=EVERYONE, login="")),
    Row("api:openapi-view", "-", expect(ok=EVERYONE, login="")),
    Row("api:api-root", "-", expect(missing=EVERYONE, login="")),

    # org and people
    Row("org:unit-tree", "-", expect(ok=SIGNED_IN), note="sam is redirected to his own record"),
    Row("people:person-detail", "sam", expect(ok="alice pat mo sam", denied="olly"), args=person("sam")),
    Row("people:person-detail", "kim", expect(ok="alice pat mo", denied="olly sam"), args=person("kim")),
    Row("people:person-detail", "lee", expect(ok="alice olly", denied="pat mo sam"), args=person("lee")),
    Row("people:movement-new", "sam", expect(ok="alice pat", denied="mo olly sam"), args=person("sam")),
    Row("people:movement-new", "lee", expect(ok="alice olly", denied="pat mo sam"), args=person("lee")),
    Row("people:movement-new", "sam→team_b", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=person("sam"), body=_movement("team_b")),
    Row("people:movement-new", "lee→southport", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=person("lee"), body=_movement("southport")),
    Row("people:import", "-", expect(ok=ROLES, denied="sam")),
    Row("people:import", "people into team_a", expect(ok="alice pat", denied="mo sam", refused="olly"),
        method="POST", body=lambda w: {"kind": "people", "action": "import", **_upload("N9001", "northtown-team-a")(w)},
        effect=_person_count, note="olly plans a unit, so he may upload; the Northtown row is refused"),
    Row("people:export-any", "all", expect(ok=ROLES, denied="sam"), query=lambda w: {"kind": "people"}),
    Row("people:export-any", "southport", expect(ok="alice olly", denied="pat mo sam"),
        query=lambda w: {"kind": "people", "unit": w.southport.pk}),
    Row("people:export", "skills", expect(ok=ROLES, denied="sam"), args=lambda w: {"kind": "skills"}),
    Row("people:export", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=lambda w: {"kind": "people"},
        query=lambda w: {"unit": w.northtown.pk, "format": "xlsx"}),

    # reporting
    Row("reporting:unit", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=unit("northtown")),
    Row("reporting:unit", "southport", expect(ok="alice olly", denied="pat mo sam"), args=unit("southport")),
    Row("reporting:unit", "north LPA", expect(ok="alice mo", denied="pat olly sam"), args=unit("north"),
        note="a station's planner does not read the area above it"),
    Row("reporting:unit", "team_a", expect(ok="alice pat mo", denied="olly sam"), args=unit("team_a")),

    # worktime
    Row("worktime:rule-packs", "-", expect(ok=ROLES, denied="sam")),
    Row("worktime:tighten", "police-officer", expect(ok="alice", denied="pat mo olly sam"), method="POST",
        body=lambda w: {"pack": "police-officer", "effective_from": "2026-02-01",
                        "changes": '{"daily_rest_minutes": 720}', "reason": "Force policy"}),
    Row("worktime:remove-tightening", "tightening", expect(ok="alice", denied="pat mo olly sam"), method="POST",
        args=lambda w: {"pk": w.tightening.pk}, body=lambda w: {"reason": "Back to the shipped pack"}),

    # rostering: shift types and patterns
    Row("rostering:index", "-", expect(ok=SIGNED_IN)),
    Row("rostering:shift-types", "-", expect(ok=ROLES, denied="sam")),
    Row("rostering:shift-types", "new in northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        body=lambda w: _shift_type_form(w, "MX1", w.northtown.pk)),
    Row("rostering:shift-types", "new in southport", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        body=lambda w: _shift_type_form(w, "MX1", w.southport.pk)),
    Row("rostering:shift-types", "new org-wide", expect(ok="alice", denied="pat mo olly sam"), method="POST",
        body=lambda w: _shift_type_form(w, "MX1")),
    Row("rostering:shift-type-edit", "northtown's", expect(ok=ROLES, denied="sam"),
        args=lambda w: {"pk": w.shift_type_north.pk}),
    Row("rostering:shift-type-edit", "northtown's", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=lambda w: {"pk": w.shift_type_north.pk},
        body=lambda w: _shift_type_form(w, "NTL", w.northtown.pk)),
    Row("rostering:shift-type-edit", "org-wide", expect(ok="alice", denied="pat mo olly sam"), method="POST",
        args=lambda w: {"pk": w.shift_type_org.pk}, body=lambda w: _shift_type_form(w, "E")),
    Row("rostering:shift-type-edit", "northtown's→southport", expect(ok="alice", denied="pat mo olly sam"),
        method="POST", args=lambda w: {"pk": w.shift_type_north.pk},
        body=lambda w: _shift_type_form(w, "NTL", w.southport.pk),
        note="moving a shift type is managing it in both places"),
    Row("rostering:shift-type-edit", "northtown's→org-wide", expect(ok="alice", denied="pat mo olly sam"),
        method="POST", args=lambda w: {"pk": w.shift_type_north.pk}, body=lambda w: _shift_type_form(w, "NTL"),
        note="organisation-wide shift types are the administrators'"),
    Row("rostering:shift-types-css", "-", expect(ok=SIGNED_IN)),
    Row("rostering:patterns", "-", expect(ok=ROLES, denied="sam")),
    Row("rostering:pattern-new", "-", expect(ok=ROLES, denied="sam")),
    Row("rostering:pattern-new", "in northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        body=lambda w: _pattern_form(w, "matrix-new", w.northtown.pk)),
    Row("rostering:pattern-import", "library→northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        body=lambda w: {"code": "police-5-team-10h", "unit": w.northtown.pk}),
    Row("rostering:pattern-import", "library→org-wide", expect(ok="alice", denied="pat mo olly sam"), method="POST",
        body=lambda w: {"code": "police-5-team-10h"}, note="organisation-wide patterns are the administrators'"),
    Row("rostering:pattern-preview", "-", expect(ok=ROLES, denied="sam"), method="POST", writes=False,
        body=lambda w: {"weeks": "1", "teams": "1", "rule_pack": "police-officer", "d0": "RD"}),
    Row("rostering:pattern-edit", "northtown's", expect(ok=ROLES, denied="sam"),
        args=lambda w: {"pk": w.pattern_north.pk}),
    Row("rostering:pattern-edit", "northtown's", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=lambda w: {"pk": w.pattern_north.pk},
        body=lambda w: _pattern_form(w, "northtown-weekdays", w.northtown.pk, w.pattern_north.version)),
    Row("rostering:pattern-edit", "org-wide", expect(ok="alice", denied="pat mo olly sam"), method="POST",
        args=lambda w: {"pk": w.pattern_org.pk},
        body=lambda w: _pattern_form(w, "force-weekdays", "", w.pattern_org.version)),

    # rostering: teams, the roster grid, cells, publishing
    Row("rostering:teams", "northtown", expect(ok="alice pat", denied="mo olly sam"), args=code("northtown")),
    Row("rostering:teams", "southport", expect(ok="alice olly", denied="pat mo sam"), args=code("southport")),
    Row("rostering:teams", "northtown: kim joins team_a", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=code("northtown"),
        body=lambda w: {"op": "join", "person": w.kim.pk, "team": w.team_a.pk, "start_date": w.day_text()}),
    Row("rostering:teams", "northtown: team_a follows pattern", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=code("northtown"),
        body=lambda w: {"op": "assign", "pattern": w.pattern_north.pk, "team": w.team_a.pk,
                        "anchor_date": w.day_text(), "offset_days": "0"}),
    Row("rostering:teams", "southport: team_a follows pattern", expect(ok="alice", denied="pat mo olly sam"),
        method="POST", args=code("southport"),
        body=lambda w: {"op": "assign", "pattern": w.pattern_north.pk, "team": w.team_a.pk,
                        "anchor_date": w.day_text(), "offset_days": "0"},
        note="olly passes the page's check on Southport; the action refuses Team A"),
    Row("rostering:teams", "northtown: lee joins team_a", expect(ok="alice", denied="pat mo olly sam"),
        method="POST", args=code("northtown"),
        body=lambda w: {"op": "join", "person": w.lee.pk, "team": w.team_a.pk, "start_date": w.day_text()},
        note="taking someone off another team changes that team's roster: the planner must plan it too"),
    Row("rostering:roster", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=code("northtown")),
    Row("rostering:roster", "team_a", expect(ok="alice pat mo sam", denied="olly"), args=code("team_a"),
        note="sam: his own team, published days only"),
    Row("rostering:roster", "team_b", expect(ok="alice pat mo", denied="olly sam"), args=code("team_b")),
    Row("rostering:roster", "southport", expect(ok="alice olly", denied="pat mo sam"), args=code("southport")),
    Row("rostering:cell-base", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=code("northtown")),
    Row("rostering:cell-base", "team_a", expect(ok="alice pat mo sam", denied="olly"), args=code("team_a")),
    Row("rostering:cell", "northtown/kim", expect(ok="alice pat", denied="mo olly sam"), args=cell("northtown", "kim")),
    Row("rostering:cell", "northtown/lee", expect(ok="alice", denied="pat mo olly sam"),
        args=lambda w: w.lee_duty and cell("northtown", "lee")(w),
        note="the person must be on the URL unit's roster (was a way round the sub-tree)"),
    Row("rostering:cell", "northtown/kim", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=cell("northtown", "kim"), body=lambda w: {"value": "RD", "version": "0"}),
    Row("rostering:cell", "southport/kim", expect(ok="alice", denied="pat mo olly sam"), method="POST",
        args=cell("southport", "kim"), body=lambda w: {"value": "RD", "version": "0"},
        note="olly passes the page's check on Southport; the action refuses Kim (Northtown)"),
    Row("rostering:cell", "northtown/lee", expect(ok="alice", denied="pat mo olly sam"), method="POST",
        args=cell("northtown", "lee"), body=lambda w: {"value": "RD", "version": "0"}),
    Row("rostering:cell-check", "northtown/kim", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        writes=False, args=cell("northtown", "kim"), body=lambda w: {"value": "RD"}),
    Row("rostering:cell-check", "northtown/lee", expect(ok="alice", denied="pat mo olly sam"), method="POST",
        writes=False, args=lambda w: w.lee_duty and cell("northtown", "lee")(w), body=lambda w: {"value": "RD"},
        note="the person must be on the URL unit's roster (was a way round the sub-tree)"),
    Row("rostering:bulk", "northtown: RD on kim", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=code("northtown"), body=lambda w: {"op": "apply", "value": "RD", "cells": w.cell_key(w.kim)}),
    Row("rostering:bulk", "northtown: RD on kim and lee", expect(ok="alice", denied="pat mo olly sam"),
        method="POST", args=code("northtown"),
        body=lambda w: {"op": "apply", "value": "RD", "cells": f"{w.cell_key(w.kim)},{w.cell_key(w.lee)}"},
        note="all or nothing: Kim's cell is not changed either"),
    Row("rostering:bulk", "northtown: copy lee→kim", expect(ok="alice", denied="pat mo olly sam"), method="POST",
        args=code("northtown"),
        body=lambda w: w.lee_duty and {"op": "copy", "cells": w.cell_key(w.lee), "target": w.kim.pk},
        note="copying reads the source's duties: the planner must be allowed to read them"),
    Row("rostering:materialise", "northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=code("northtown"), body=_range),
    Row("rostering:publish", "northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=code("northtown"), body=_range),
    Row("rostering:publish", "southport", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=code("southport"), body=_range),
    Row("rostering:requirements", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=code("northtown")),
    Row("rostering:requirements", "southport", expect(ok="alice olly", denied="pat mo sam"), args=code("southport")),
    Row("rostering:requirement-new", "northtown", expect(ok="alice pat", denied="mo olly sam"),
        args=code("northtown")),
    Row("rostering:requirement-new", "northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=code("northtown"), body=_requirement_form),
    Row("rostering:requirement-new", "southport", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=code("southport"), body=_requirement_form),
    Row("rostering:requirement-edit", "northtown's", expect(ok="alice pat mo", denied="olly sam"),
        args=_code_pk("northtown", "requirement_north"), note="without htmx: the requirements page, editor open"),
    Row("rostering:requirement-edit", "northtown's (htmx editor)", expect(ok="alice pat", denied="mo olly sam"),
        args=_code_pk("northtown", "requirement_north"), headers={"HX-Request": "true"}),
    Row("rostering:requirement-edit", "northtown's", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_code_pk("northtown", "requirement_north"),
        body=lambda w: {**_requirement_form(w), "minimum": "5", "version": w.requirement_north.version}),
    Row("rostering:requirement-edit", "southport's via northtown", expect(missing=SIGNED_IN), method="POST",
        args=lambda w: {"code": "northtown", "pk": w.requirement_south.pk}, body=_requirement_form,
        note="a requirement is found only under its own unit"),
    Row("rostering:requirement-delete", "northtown's", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_code_pk("northtown", "requirement_north")),
    Row("rostering:requirement-override-new", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=code("northtown"), note="without htmx: the requirements page"),
    Row("rostering:requirement-override-new", "northtown (htmx editor)", expect(ok="alice pat", denied="mo olly sam"),
        args=code("northtown"), headers={"HX-Request": "true"}),
    Row("rostering:requirement-override-new", "northtown", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=code("northtown"), body=_override_form),
    Row("rostering:requirement-override-edit", "northtown's", expect(ok="alice pat mo", denied="olly sam"),
        args=_code_pk("northtown", "override_north")),
    Row("rostering:requirement-override-edit", "northtown's", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_code_pk("northtown", "override_north"),
        body=lambda w: {**_override_form(w), "minimum": "7", "version": w.override_north.version}),
    Row("rostering:requirement-override-delete", "northtown's", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_code_pk("northtown", "override_north")),
    Row("rostering:requirement-template", "northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=code("northtown"), body=lambda w: {"template": w.response_station_template}),
    Row("rostering:staffing-day", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=lambda w: {"code": "northtown", "day": w.day_text()}),
    Row("rostering:staffing-day", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=lambda w: {"code": "southport", "day": w.day_text()}),
    Row("rostering:unit-compliance", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=code("northtown")),
    Row("rostering:unit-compliance", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=code("southport")),
    Row("rostering:unit-compliance", "team_a", expect(ok="alice pat mo", denied="olly sam"), args=code("team_a"),
        note="working-time findings of colleagues are not for staff"),
    Row("rostering:person-compliance", "sam", expect(ok="alice pat mo sam", denied="olly"), args=person("sam")),
    Row("rostering:person-compliance", "kim", expect(ok="alice pat mo", denied="olly sam"), args=person("kim")),
    Row("rostering:person-compliance", "lee", expect(ok="alice olly", denied="pat mo sam"), args=person("lee")),
    Row("rostering:changes", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=code("northtown")),
    Row("rostering:changes", "team_a", expect(ok="alice pat mo", denied="olly sam"), args=code("team_a"),
        note="staff see their own changes on My duties, not the team's"),

    # demand (contact centres): planners of the queue's unit change it, managers read it, staff see no demand
    Row("demand:index", "-", expect(ok=ROLES, denied="sam")),
    Row("demand:queue-new", "in northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        body=lambda w: {"unit": w.northtown.pk, "name": "New queue", "interval_minutes": "30"}),
    Row("demand:queue-new", "in southport", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        body=lambda w: {"unit": w.southport.pk, "name": "New queue", "interval_minutes": "30"}),
    Row("demand:queue", "northtown's", expect(ok="alice pat mo", denied="olly sam"), args=_pk("queue_north"),
        note="shows shrinkage observed in abstractions (sickness in aggregate): planners and managers only"),
    Row("demand:queue", "southport's", expect(ok="alice olly", denied="pat mo sam"), args=_pk("queue_south")),
    Row("demand:queue-settings", "northtown's", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_pk("queue_north"), body=_queue_form),
    Row("demand:queue-settings", "southport's", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=_pk("queue_south"), body=_queue_form),
    Row("demand:import", "northtown's", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_pk("queue_north"), body=_history_upload),
    Row("demand:forecast-new", "northtown's", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_pk("queue_north"), body=lambda w: {"horizon_days": "7"}),
    Row("demand:forecast", "northtown's", expect(ok="alice pat mo", denied="olly sam"), args=_pk("forecast_north")),
    Row("demand:forecast", "southport's", expect(ok="alice olly", denied="pat mo sam"), args=_pk("forecast_south")),
    Row("reporting:absence-outlook", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=_pk("northtown")),
    Row("reporting:absence-outlook", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=_pk("southport")),
    Row("reporting:apply-shrinkage", "northtown's queue", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=lambda w: {"pk": w.northtown.pk, "queue_pk": w.queue_north.pk}, body=lambda w: {}),
    Row("rostering:demand-cover", "northtown's", expect(ok="alice pat mo", denied="olly sam"),
        args=_pk("forecast_north")),
    Row("rostering:demand-cover", "southport's", expect(ok="alice olly", denied="pat mo sam"),
        args=_pk("forecast_south")),
    Row("demand:adjust", "northtown's", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_pk("forecast_north"), body=lambda w: {"day": w.forecast_north.first_day.isoformat(), "percent": "10",
                                                    "reason": "Bank holiday weekend"}),
    Row("demand:requirement-csv", "northtown's", expect(ok="alice pat mo", denied="olly sam"),
        args=_pk("forecast_north")),
    Row("demand:design-new", "northtown's", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_pk("forecast_north"), body=lambda w: {"days": "1", "shift_hours": "8", "start_times": "08:00, 16:00",
                                                    "time_limit_s": "2"}),
    Row("demand:design", "northtown's", expect(ok="alice pat mo", denied="olly sam"), args=_pk("design_north")),

    # rostering: the staff member's own duties
    Row("rostering:my-duties", "-", expect(ok="sam", denied=ROLES), note="only people with a record have duties"),
    Row("rostering:calendar-feed", "own feed", expect(ok="sam", denied=ROLES), method="POST",
        body=lambda w: {"op": "issue"}),
    Row("rostering:ics", "valid token", expect(ok=EVERYONE, login=""), args=lambda w: {"token": w.calendar_token},
        note="the secret URL is the credential (calendar apps cannot sign in)"),
    Row("rostering:ics", "revoked token", expect(missing=EVERYONE, login=""),
        args=lambda w: {"token": w.revoked_calendar_token}),
    Row("rostering:ics", "wrong token", expect(missing=EVERYONE, login=""),
        args=lambda w: {"token": w.calendar_token[:-4] + "AAAA"}),
    Row("rostering:notifications", "own", expect(ok=SIGNED_IN)),
    Row("rostering:notifications", "own", expect(ok=SIGNED_IN), method="POST", writes=False,
        note="marks the user's own notifications read; not audited by design"),
]


# --- API --------------------------------------------------------------------------------------------------------

def _id(key: str, name: str) -> Fn:
    return lambda w: {key: getattr(w, name).pk}


def _unit_id(name: str) -> Fn:
    return lambda w: {"unit_id": getattr(w, name).pk}


def _person_id(name: str) -> Fn:
    return lambda w: {"person_id": getattr(w, name).pk}


def _new_unit(parent: str | None) -> Fn:
    return lambda w: {"name": "Matrix team", "code": "matrix-team", "kind": "team",
                      "parent": getattr(w, parent).pk if parent else None}


def _new_person(team: str) -> Fn:
    return lambda w: {"payroll_number": "N9002", "first_name": "New", "last_name": "Starter", "rank": "constable",
                      "home_unit": getattr(w, team).pk, "start_date": "2024-01-01", "hours_per_week": "40"}


def _contract(w) -> dict:
    return {"effective_from": w.day_text(), "hours_per_week": "30", "fte": "0.75", "reason": "Part-time"}


def _posts(w) -> dict:
    return {"posts": [{"rank": "constable", "funded_fte": "3", "effective_from": "2025-04-01"}], "reason": "Budget"}


def _skill_patch(w) -> dict:
    return {"expires": "2030-01-01", "reason": "Refresher"}


def _move(to: str) -> Fn:
    return lambda w: {"kind": "transfer", "effective_date": w.day_text(), "to_unit": getattr(w, to).pk}


def _requirement(w) -> dict:
    return {"rank": "constable", "weekdays": "0123456", "start_time": "07:00", "end_time": "17:00", "minimum": 3}


def _override(w) -> dict:
    return {"date": w.day_text(), "start_time": "07:00", "end_time": "17:00", "rank": "constable", "minimum": 6,
            "reason": "Carnival"}


def _rules_document(w) -> dict:
    return {"pack": "police-officer", "period": {"start": "2026-01-05", "end": "2026-01-11"},
            "people": [{"id": "P1", "rank": "constable", "birth_date": "1990-05-01", "hours_per_week": 40,
                        "employed_from": "2015-01-01"}],
            "duties": [{"person": "P1", "start": "2026-01-06T07:00:00+00:00", "end": "2026-01-06T17:00:00+00:00",
                        "break_minutes": 45, "kind": "duty"}],
            "rest_days": [], "abstractions": []}


def _api_shift_type(code_: str, unit_code: str | None) -> dict:
    return {"code": code_, "name": "Matrix shift", "start_time": "08:00", "end_time": "16:00", "break_minutes": 30,
            "unit": unit_code}


def _api_pattern(code_: str, unit_code: str | None, version: int | None = None) -> dict:
    return {"code": code_, "name": "Matrix pattern", "weeks": 1, "days": [""] * 7, "rule_pack": "police-officer",
            "unit": unit_code, "version": version}


API: list[Row] = [
    Row("/api/me", "-", expect(ok=SIGNED_IN)),
    Row("/api/audit", "-", expect(ok="alice", denied="pat mo olly sam")),

    # org
    Row("/api/org/units", "-", expect(ok=SIGNED_IN), note="each sees only their units (test_api checks the lists)"),
    Row("/api/org/units", "under northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        body=_new_unit("northtown")),
    Row("/api/org/units", "under southport", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        body=_new_unit("southport")),
    Row("/api/org/units", "a new root", expect(ok="alice", denied="pat mo olly sam"), method="POST",
        body=_new_unit(None)),
    Row("/api/org/units/{unit_id}", "northtown", expect(ok="alice pat mo sam", denied="olly"),
        args=_unit_id("northtown"), note="staff see the units on their own chain (names only)"),
    Row("/api/org/units/{unit_id}", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=_unit_id("southport")),
    Row("/api/org/units/{unit_id}", "north LPA", expect(ok="alice mo sam", denied="pat olly"), args=_unit_id("north")),
    Row("/api/org/units/{unit_id}", "northtown", expect(ok="alice pat", denied="mo olly sam"), method="PATCH",
        args=_unit_id("northtown"), body=lambda w: {"name": "Northtown Central", "reason": "Renamed"}),
    Row("/api/org/units/{unit_id}", "southport", expect(ok="alice olly", denied="pat mo sam"), method="PATCH",
        args=_unit_id("southport"), body=lambda w: {"name": "Southport Central", "reason": "Renamed"}),
    Row("/api/org/units/{unit_id}", "team_a→under southport", expect(ok="alice", denied="pat mo olly sam"),
        method="PATCH", args=_unit_id("team_a"), body=lambda w: {"parent": w.southport.pk, "reason": "Merge"},
        note="pat plans Team A but not Southport; olly plans Southport but not Team A"),
    Row("/api/org/units/{unit_id}/posts", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=_unit_id("northtown")),
    Row("/api/org/units/{unit_id}/posts", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=_unit_id("southport")),
    Row("/api/org/units/{unit_id}/posts", "northtown", expect(ok="alice pat", denied="mo olly sam"), method="PUT",
        args=_unit_id("northtown"), body=_posts),
    Row("/api/org/units/{unit_id}/posts", "southport", expect(ok="alice olly", denied="pat mo sam"), method="PUT",
        args=_unit_id("southport"), body=_posts),
    Row("/api/org/roles", "-", expect(ok="alice", denied="pat mo olly sam")),
    Row("/api/org/roles", "sam manages team_a", expect(ok="alice", denied="pat mo olly sam"), method="POST",
        body=lambda w: {"username": "sam", "role": "manager", "unit": w.team_a.pk, "reason": "Acting sergeant"}),
    Row("/api/org/roles/{role_id}", "olly's", expect(ok="alice", denied="pat mo olly sam"), method="DELETE",
        args=lambda w: {"role_id": w.olly_role.pk}, query=lambda w: {"reason": "Left"}),

    # people
    Row("/api/people", "-", expect(ok=ROLES, denied="sam"), note="each sees only their units' people"),
    Row("/api/people", "southport", expect(ok="alice olly", denied="pat mo sam"),
        query=lambda w: {"unit": w.southport.pk}),
    Row("/api/people", "into team_a", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        body=_new_person("team_a"), effect=_person_count),
    Row("/api/people", "into team_c", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        body=_new_person("team_c"), effect=_person_count),
    Row("/api/people/{person_id}", "sam", expect(ok="alice pat mo sam", denied="olly"), args=_person_id("sam")),
    Row("/api/people/{person_id}", "kim", expect(ok="alice pat mo", denied="olly sam"), args=_person_id("kim")),
    Row("/api/people/{person_id}", "lee", expect(ok="alice olly", denied="pat mo sam"), args=_person_id("lee")),
    Row("/api/people/{person_id}", "sam", expect(ok="alice pat", denied="mo olly sam"), method="PATCH",
        args=_person_id("sam"), body=lambda w: {"version": w.sam.version, "phone": "01632 960001"},
        note="staff read their own record but do not edit it"),
    Row("/api/people/{person_id}", "lee", expect(ok="alice olly", denied="pat mo sam"), method="PATCH",
        args=_person_id("lee"), body=lambda w: {"version": w.lee.version, "phone": "01632 960002"}),
    Row("/api/people/{person_id}/contracts", "sam", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_person_id("sam"), body=_contract),
    Row("/api/people/{person_id}/contracts", "lee", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=_person_id("lee"), body=_contract),
    Row("/api/people/{person_id}/movements", "sam", expect(ok="alice pat mo sam", denied="olly"),
        args=_person_id("sam")),
    Row("/api/people/{person_id}/movements", "lee", expect(ok="alice olly", denied="pat mo sam"),
        args=_person_id("lee")),
    Row("/api/people/{person_id}/movements", "sam→team_b", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_person_id("sam"), body=_move("team_b")),
    Row("/api/people/{person_id}/movements", "lee→southport", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=_person_id("lee"), body=_move("southport")),
    Row("/api/people/{person_id}/movements", "kim→team_c", expect(ok="alice", denied="pat mo olly sam"),
        method="POST", args=_person_id("kim"), body=_move("team_c"),
        note="pat plans Kim's unit but not Team C; olly plans Team C but not Kim"),
    Row("/api/people/{person_id}/movements/{movement_id}", "sam's pending",
        expect(ok="alice pat", denied="mo olly sam"), method="DELETE",
        args=lambda w: {"person_id": w.sam.pk, "movement_id": w.sam_pending_move.pk}),
    Row("/api/people/{person_id}/movements/{movement_id}", "lee's pending",
        expect(ok="alice olly", denied="pat mo sam"), method="DELETE",
        args=lambda w: {"person_id": w.lee.pk, "movement_id": w.lee_pending_move.pk}),
    Row("/api/people/{person_id}/skills", "sam", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_person_id("sam"), body=lambda w: {"skill": "taser", "acquired": "2025-01-01"}),
    Row("/api/people/{person_id}/skills", "lee", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=_person_id("lee"), body=lambda w: {"skill": "taser", "acquired": "2025-01-01"}),
    Row("/api/people/{person_id}/skills/{skill_code}", "kim's taser", expect(ok="alice pat", denied="mo olly sam"),
        method="PATCH", args=lambda w: {"person_id": w.kim.pk, "skill_code": w.kim_taser.skill.code},
        body=_skill_patch),
    Row("/api/people/{person_id}/skills/{skill_code}", "lee's taser", expect(ok="alice olly", denied="pat mo sam"),
        method="PATCH", args=lambda w: {"person_id": w.lee.pk, "skill_code": w.lee_taser.skill.code},
        body=_skill_patch),
    Row("/api/people/{person_id}/skills/{skill_code}", "kim's taser", expect(ok="alice pat", denied="mo olly sam"),
        method="DELETE", args=lambda w: {"person_id": w.kim.pk, "skill_code": w.kim_taser.skill.code}),
    Row("/api/people/{person_id}/skills/{skill_code}", "lee's taser", expect(ok="alice olly", denied="pat mo sam"),
        method="DELETE", args=lambda w: {"person_id": w.lee.pk, "skill_code": w.lee_taser.skill.code}),
    Row("/api/people/import/{kind}", "people into team_a", expect(ok="alice pat", denied="mo sam", refused="olly"),
        method="POST", args=lambda w: {"kind": "people"}, multipart=True, body=_upload("N9003", "northtown-team-a"),
        effect=_person_count, note="olly plans a unit, so he may upload; the Northtown row is refused (400)"),
    Row("/api/people/export/{kind}", "all", expect(ok=ROLES, denied="sam"), args=lambda w: {"kind": "people"}),
    Row("/api/people/export/{kind}", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=lambda w: {"kind": "skills"}, query=lambda w: {"unit": w.southport.pk}),

    # rostering
    Row("/api/rostering/shift-types", "-", expect(ok=ROLES, denied="sam")),
    Row("/api/rostering/shift-types", "new in northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        body=lambda w: _api_shift_type("MX1", "northtown")),
    Row("/api/rostering/shift-types", "new in southport", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        body=lambda w: _api_shift_type("MX1", "southport")),
    Row("/api/rostering/shift-types", "new org-wide", expect(ok="alice", denied="pat mo olly sam"), method="POST",
        body=lambda w: _api_shift_type("MX1", None)),
    Row("/api/rostering/shift-types/{shift_type_id}", "northtown's", expect(ok="alice pat", denied="mo olly sam"),
        method="PUT", args=lambda w: {"shift_type_id": w.shift_type_north.pk},
        body=lambda w: _api_shift_type("NTL", "northtown")),
    Row("/api/rostering/shift-types/{shift_type_id}", "org-wide", expect(ok="alice", denied="pat mo olly sam"),
        method="PUT", args=lambda w: {"shift_type_id": w.shift_type_org.pk}, body=lambda w: _api_shift_type("E", None)),
    Row("/api/rostering/shift-types/{shift_type_id}", "northtown's→southport",
        expect(ok="alice", denied="pat mo olly sam"), method="PUT",
        args=lambda w: {"shift_type_id": w.shift_type_north.pk}, body=lambda w: _api_shift_type("NTL", "southport"),
        note="moving a shift type is managing it in both places"),
    Row("/api/rostering/shift-types/{shift_type_id}", "northtown's→org-wide",
        expect(ok="alice", denied="pat mo olly sam"), method="PUT",
        args=lambda w: {"shift_type_id": w.shift_type_north.pk}, body=lambda w: _api_shift_type("NTL", None),
        note="organisation-wide shift types are the administrators'"),
    Row("/api/rostering/patterns", "-", expect(ok=ROLES, denied="sam")),
    Row("/api/rostering/patterns", "new in northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        body=lambda w: _api_pattern("matrix-new", "northtown")),
    Row("/api/rostering/patterns", "new org-wide", expect(ok="alice", denied="pat mo olly sam"), method="POST",
        body=lambda w: _api_pattern("matrix-new", None)),
    Row("/api/rostering/patterns/{pattern_id}", "northtown's", expect(ok="alice pat", denied="mo olly sam"),
        method="PUT", args=lambda w: {"pattern_id": w.pattern_north.pk},
        body=lambda w: _api_pattern("northtown-weekdays", "northtown", w.pattern_north.version)),
    Row("/api/rostering/patterns/{pattern_id}", "northtown's→southport", expect(ok="alice", denied="pat mo olly sam"),
        method="PUT", args=lambda w: {"pattern_id": w.pattern_north.pk},
        body=lambda w: _api_pattern("northtown-weekdays", "southport", w.pattern_north.version)),
    Row("/api/rostering/patterns/{pattern_id}", "org-wide", expect(ok="alice", denied="pat mo olly sam"),
        method="PUT", args=lambda w: {"pattern_id": w.pattern_org.pk},
        body=lambda w: _api_pattern("force-weekdays", None, w.pattern_org.version)),
    Row("/api/rostering/patterns/{pattern_id}/summary", "northtown's", expect(ok=ROLES, denied="sam"),
        args=lambda w: {"pattern_id": w.pattern_north.pk}),
    Row("/api/rostering/library", "-", expect(ok=ROLES, denied="sam")),
    Row("/api/rostering/library/{code}/import", "→northtown", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=lambda w: {"code": "police-5-team-10h"}, query=lambda w: {"unit": "northtown"}),
    Row("/api/rostering/library/{code}/import", "→org-wide", expect(ok="alice", denied="pat mo olly sam"),
        method="POST", args=lambda w: {"code": "police-5-team-10h"},
        note="organisation-wide patterns are the administrators'"),
    Row("/api/rostering/units/{code}/teams", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=lambda w: {"code": "northtown"}),
    Row("/api/rostering/units/{code}/teams", "team_a", expect(ok="alice pat mo sam", denied="olly"),
        args=lambda w: {"code": "northtown-team-a"}, note="sam: who is on his own team"),
    Row("/api/rostering/units/{code}/teams", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=lambda w: {"code": "southport"}),
    Row("/api/rostering/team-patterns", "team_a", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        body=lambda w: {"team": "northtown-team-a", "pattern": w.pattern_north.code, "anchor_date": w.day_text()}),
    Row("/api/rostering/team-patterns", "team_c", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        body=lambda w: {"team": "southport-team-c", "pattern": w.pattern_north.code, "anchor_date": w.day_text()}),
    Row("/api/rostering/team-memberships", "kim joins team_a", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", body=lambda w: {"person_id": w.kim.pk, "team": "northtown-team-a", "start_date": w.day_text()}),
    Row("/api/rostering/team-memberships", "lee joins team_a", expect(ok="alice", denied="pat mo olly sam"),
        method="POST", body=lambda w: {"person_id": w.lee.pk, "team": "northtown-team-a", "start_date": w.day_text()},
        note="taking someone off another team changes that team's roster: the planner must plan it too"),
    Row("/api/rostering/units/{code}/materialise", "northtown", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=lambda w: {"code": "northtown"}, body=_range),
    Row("/api/rostering/units/{code}/roster", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=lambda w: {"code": "northtown"}, query=_range),
    Row("/api/rostering/units/{code}/roster", "team_a", expect(ok="alice pat mo sam", denied="olly"),
        args=lambda w: {"code": "northtown-team-a"}, query=_range, note="sam: published days only"),
    Row("/api/rostering/units/{code}/roster", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=lambda w: {"code": "southport"}, query=_range),
    Row("/api/rostering/duties", "kim", expect(ok="alice pat", denied="mo olly sam"), method="PUT",
        body=lambda w: {"person_id": w.kim.pk, "date": w.day_text(), "value": "RD", "version": 0}),
    Row("/api/rostering/duties", "lee", expect(ok="alice olly", denied="pat mo sam"), method="PUT",
        body=lambda w: {"person_id": w.lee.pk, "date": w.day_text(), "value": "RD", "version": 0}),
    Row("/api/rostering/duties", "sam (own)", expect(ok="alice pat", denied="mo olly sam"), method="PUT",
        body=lambda w: {"person_id": w.sam.pk, "date": w.day_text(), "value": "RD", "version": 0},
        note="staff do not roster themselves"),
    Row("/api/rostering/units/{code}/changes", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=lambda w: {"code": "northtown"}),
    Row("/api/rostering/units/{code}/changes", "team_a", expect(ok="alice pat mo", denied="olly sam"),
        args=lambda w: {"code": "northtown-team-a"}),
    Row("/api/rostering/units/{code}/publish", "northtown", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=lambda w: {"code": "northtown"}, body=_range),
    Row("/api/rostering/units/{code}/publish", "southport", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=lambda w: {"code": "southport"}, body=_range),
    Row("/api/rostering/my/duties", "own", expect(ok="sam", denied=ROLES), query=_range),

    # rostering: staffing requirements and coverage
    Row("/api/rostering/requirement-templates", "-", expect(ok=SIGNED_IN), note="shipped library data"),
    Row("/api/rostering/units/{code}/requirements", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=lambda w: {"code": "northtown"}),
    Row("/api/rostering/units/{code}/requirements", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=lambda w: {"code": "southport"}),
    Row("/api/rostering/units/{code}/requirements", "northtown", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=lambda w: {"code": "northtown"}, body=_requirement),
    Row("/api/rostering/units/{code}/requirements", "southport", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=lambda w: {"code": "southport"}, body=_requirement),
    Row("/api/rostering/units/{code}/requirements/{requirement_id}", "northtown's",
        expect(ok="alice pat mo", denied="olly sam"),
        args=lambda w: {"code": "northtown", "requirement_id": w.requirement_north.pk}),
    Row("/api/rostering/units/{code}/requirements/{requirement_id}", "southport's",
        expect(ok="alice olly", denied="pat mo sam"),
        args=lambda w: {"code": "southport", "requirement_id": w.requirement_south.pk}),
    Row("/api/rostering/units/{code}/requirements/{requirement_id}", "northtown's",
        expect(ok="alice pat", denied="mo olly sam"), method="PUT",
        args=lambda w: {"code": "northtown", "requirement_id": w.requirement_north.pk},
        body=lambda w: {**_requirement(w), "minimum": 5, "version": w.requirement_north.version}),
    Row("/api/rostering/units/{code}/requirements/{requirement_id}", "southport's",
        expect(ok="alice olly", denied="pat mo sam"), method="PUT",
        args=lambda w: {"code": "southport", "requirement_id": w.requirement_south.pk},
        body=lambda w: {**_requirement(w), "minimum": 5, "version": w.requirement_south.version}),
    Row("/api/rostering/units/{code}/requirements/{requirement_id}", "southport's via northtown",
        expect(ok="", denied="", missing="alice pat mo olly sam", login="anon"), method="PUT",
        args=lambda w: {"code": "northtown", "requirement_id": w.requirement_south.pk},
        body=lambda w: {**_requirement(w), "minimum": 5},
        note="a requirement is found only under its own unit: the code in the URL is no way round"),
    Row("/api/rostering/units/{code}/requirements/{requirement_id}", "northtown's",
        expect(ok="alice pat", denied="mo olly sam"), method="DELETE",
        args=lambda w: {"code": "northtown", "requirement_id": w.requirement_north.pk}),
    Row("/api/rostering/units/{code}/requirement-overrides", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=lambda w: {"code": "northtown"}),
    Row("/api/rostering/units/{code}/requirement-overrides", "northtown", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=lambda w: {"code": "northtown"}, body=_override),
    Row("/api/rostering/units/{code}/requirement-overrides", "southport", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=lambda w: {"code": "southport"}, body=_override),
    Row("/api/rostering/units/{code}/requirement-overrides/{override_id}", "northtown's",
        expect(ok="alice pat", denied="mo olly sam"), method="PUT",
        args=lambda w: {"code": "northtown", "override_id": w.override_north.pk},
        body=lambda w: {**_override(w), "minimum": 7, "version": w.override_north.version}),
    Row("/api/rostering/units/{code}/requirement-overrides/{override_id}", "northtown's",
        expect(ok="alice pat", denied="mo olly sam"), method="DELETE",
        args=lambda w: {"code": "northtown", "override_id": w.override_north.pk}),
    Row("/api/rostering/units/{code}/requirement-templates/{template}/apply", "northtown",
        expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=lambda w: {"code": "northtown", "template": w.response_station_template}, body=lambda w: {}),
    Row("/api/rostering/units/{code}/coverage", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=lambda w: {"code": "northtown"}, query=_range),
    Row("/api/rostering/units/{code}/coverage", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=lambda w: {"code": "southport"}, query=_range),

    # demand
    Row("/api/demand/queues", "-", expect(ok=ROLES, denied="sam")),
    Row("/api/demand/queues", "in northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        body=lambda w: {"unit": w.northtown.pk, "name": "New queue"}),
    Row("/api/demand/queues", "in southport", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        body=lambda w: {"unit": w.southport.pk, "name": "New queue"}),
    Row("/api/demand/queues/{queue_id}", "northtown's", expect(ok="alice pat mo", denied="olly sam"),
        args=_id("queue_id", "queue_north")),
    Row("/api/demand/queues/{queue_id}", "southport's", expect(ok="alice olly", denied="pat mo sam"),
        args=_id("queue_id", "queue_south")),
    Row("/api/demand/queues/{queue_id}", "northtown's", expect(ok="alice pat", denied="mo olly sam"), method="PATCH",
        args=_id("queue_id", "queue_north"), body=lambda w: {"service_level": 0.9, "reason": "New target"}),
    Row("/api/demand/queues/{queue_id}", "southport's", expect(ok="alice olly", denied="pat mo sam"), method="PATCH",
        args=_id("queue_id", "queue_south"), body=lambda w: {"service_level": 0.9, "reason": "New target"}),
    Row("/api/demand/queues/{queue_id}/history", "northtown's", expect(ok="alice pat mo", denied="olly sam"),
        args=_id("queue_id", "queue_north")),
    Row("/api/demand/queues/{queue_id}/history", "southport's", expect(ok="alice olly", denied="pat mo sam"),
        args=_id("queue_id", "queue_south")),
    Row("/api/demand/queues/{queue_id}/history", "northtown's", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", multipart=True, args=_id("queue_id", "queue_north"), body=_history_upload),
    Row("/api/demand/queues/{queue_id}/forecasts", "northtown's", expect(ok="alice pat mo", denied="olly sam"),
        args=_id("queue_id", "queue_north")),
    Row("/api/demand/queues/{queue_id}/forecasts", "northtown's", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_id("queue_id", "queue_north"), body=lambda w: {"horizon_days": 7}),
    Row("/api/demand/queues/{queue_id}/forecasts", "southport's", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=_id("queue_id", "queue_south"), body=lambda w: {"horizon_days": 7}),
    Row("/api/demand/forecasts/{forecast_id}", "northtown's", expect(ok="alice pat mo", denied="olly sam"),
        args=_id("forecast_id", "forecast_north")),
    Row("/api/demand/forecasts/{forecast_id}", "southport's", expect(ok="alice olly", denied="pat mo sam"),
        args=_id("forecast_id", "forecast_south")),
    Row("/api/demand/forecasts/{forecast_id}/adjustments", "northtown's", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_id("forecast_id", "forecast_north"),
        body=lambda w: {"day": w.forecast_north.first_day.isoformat(), "percent": 10, "reason": "Local event"}),
    Row("/api/demand/forecasts/{forecast_id}/requirement", "northtown's", expect(ok="alice pat mo", denied="olly sam"),
        args=_id("forecast_id", "forecast_north")),
    Row("/api/demand/forecasts/{forecast_id}/roster-comparison", "northtown's",
        expect(ok="alice pat mo", denied="olly sam"), method="POST", writes=False,
        args=_id("forecast_id", "forecast_north"), body=lambda w: {"rostered": []},
        note="a calculation over the forecast: reading it is enough"),
    Row("/api/demand/forecasts/{forecast_id}/shift-designs", "northtown's",
        expect(ok="alice pat", denied="mo olly sam"), method="POST", args=_id("forecast_id", "forecast_north"),
        body=lambda w: {"days": 1, "shift_hours": [8], "start_times": ["08:00", "16:00"], "time_limit_s": 2}),
    Row("/api/demand/shift-designs/{design_id}", "northtown's", expect(ok="alice pat mo", denied="olly sam"),
        args=_id("design_id", "design_north")),
    Row("/api/demand/staffing", "a calculation", expect(ok=ROLES, denied="sam"), method="POST", writes=False,
        body=lambda w: {"calls": 120, "aht_seconds": 300}),

    # rules and reporting
    Row("/api/rules/check", "a document", expect(ok=SIGNED_IN), method="POST", writes=False, body=_rules_document,
        note="checks the document it is sent against the organisation's rule packs; reads nothing else"),
    Row("/api/reporting/units/{unit_id}/establishment", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=_unit_id("northtown")),
    Row("/api/reporting/units/{unit_id}/establishment", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=_unit_id("southport")),
]


# --- absence and leave (absence/, rostering/views/leave.py) ----------------------------------------------------------
# Targets are made on first use and kept on the world: Kim (Northtown Team B) and Lee (Southport) with a leave request
# waiting, an ongoing sickness episode and a recorded course; Sam with his own request.

def _once(w, name: str, make: Fn):
    if name not in w.__dict__:
        w.__dict__[name] = make(w)
    return w.__dict__[name]


def _absence_type(w, code_: str):
    from absence.reference import ensure_abstraction_types, type_for

    ensure_abstraction_types()
    return type_for(code_)


def _leave_request(name: str) -> Fn:
    def make(w):
        from absence.actions import do_request_leave
        from absence.periods import clean_period

        person = getattr(w, name)
        actor = w.sam_user if name == "sam" else w.alice
        return do_request_leave(person, _absence_type(w, "annual-leave"), clean_period(w.day), acting_user=actor)

    return lambda w: _once(w, f"_leave_{name}", make)


def _sickness(name: str) -> Fn:
    def make(w):
        from absence.actions import do_report_sick

        _absence_type(w, "sickness")
        return do_report_sick(getattr(w, name), first_day=w.day, acting_user=w.alice)

    return lambda w: _once(w, f"_sick_{name}", make)


def _training(name: str) -> Fn:
    def make(w):
        from absence.actions import do_record_abstraction
        from absence.periods import clean_period

        return do_record_abstraction(getattr(w, name), _absence_type(w, "training"),
                                     clean_period(w.day + dt.timedelta(days=1)), acting_user=w.alice)

    return lambda w: _once(w, f"_training_{name}", make)


def _pk_of(make: Fn) -> Fn:
    return lambda w: {"pk": make(w).pk}


def _record_form(name: str) -> Fn:
    return lambda w: {"type": _absence_type(w, "training").pk, "people": getattr(w, name).pk,
                      "start_date": w.day_text(2), "reason": "matrix"}


ABSENCE_PAGES: list[Row] = [
    Row("absence:index", "-", expect(ok=SIGNED_IN), note="sam is sent to his own leave"),
    Row("absence:my-leave", "own", expect(ok="sam", denied=ROLES), note="only people with a record have leave"),
    Row("absence:my-leave-cancel", "sam's request", expect(ok="sam", denied=ROLES), method="POST",
        args=_pk_of(_leave_request("sam")), body=lambda w: {"version": "1"}),
    Row("absence:my-leave-cancel", "kim's request", expect(denied="alice pat mo olly sam"), method="POST",
        args=_pk_of(_leave_request("kim")), note="the page is for one's own leave; managers use the decision page"),
    Row("absence:person", "sam", expect(ok="alice pat mo sam", denied="olly"), args=person("sam")),
    Row("absence:person", "kim", expect(ok="alice pat mo", denied="olly sam"), args=person("kim")),
    Row("absence:person", "lee", expect(ok="alice olly", denied="pat mo sam"), args=person("lee")),
    Row("absence:person-balance", "kim: adjust", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=person("kim"), body=lambda w: {"op": "adjust", "ledger": "toil", "amount": "2", "reason": "matrix"}),
    Row("absence:person-balance", "lee: adjust", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=person("lee"), body=lambda w: {"op": "adjust", "ledger": "toil", "amount": "2", "reason": "matrix"}),
    Row("absence:person-sickness", "sam", expect(ok="alice pat mo sam", denied="olly"), args=person("sam"),
        note="health data: the person, their managers and planners, administrators"),
    Row("absence:person-sickness", "kim", expect(ok="alice pat mo", denied="olly sam"), args=person("kim")),
    Row("absence:person-sickness", "kim: report sick", expect(ok="alice pat mo", denied="olly sam"), method="POST",
        args=person("kim"), body=lambda w: (_absence_type(w, "sickness"), {"first_day": w.day_text(3)})[1]),
    Row("absence:person-sickness", "lee", expect(ok="alice olly", denied="pat mo sam"), args=person("lee")),
    Row("absence:cancel", "kim's course", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_pk_of(_training("kim")), body=lambda w: {"reason": "matrix"}),
    Row("absence:cancel", "lee's course", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=_pk_of(_training("lee")), body=lambda w: {"reason": "matrix"}),
    Row("absence:sickness-update", "kim's sickness", expect(ok="alice pat mo", denied="olly sam"), method="POST",
        args=_pk_of(_sickness("kim")), body=lambda w: {"op": "extend", "expected_last_day": w.day_text(9)}),
    Row("absence:sickness-update", "lee's sickness", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=_pk_of(_sickness("lee")), body=lambda w: {"op": "extend", "expected_last_day": w.day_text(9)}),
    Row("absence:unit", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=code("northtown")),
    Row("absence:unit", "southport", expect(ok="alice olly", denied="pat mo sam"), args=code("southport")),
    Row("absence:record", "northtown", expect(ok="alice pat", denied="mo olly sam"), args=code("northtown")),
    Row("absence:record", "northtown: kim on a course", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=code("northtown"), body=_record_form("kim")),
    Row("absence:record", "southport: kim on a course", expect(refused="alice olly", denied="pat mo sam"),
        method="POST", args=code("southport"), body=_record_form("kim"),
        note="Kim is not in Southport: the form says so and records nothing"),
    Row("absence:policy", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=code("northtown")),
    Row("absence:policy", "northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=code("northtown"), body=lambda w: {"op": "policy", "auto_approve": "1", "min_notice_days": "7"}),
    Row("absence:policy", "southport", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=code("southport"), body=lambda w: {"op": "policy", "auto_approve": "1", "min_notice_days": "7"}),
    Row("absence:unit-sickness", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=code("northtown")),
    Row("absence:unit-sickness", "southport", expect(ok="alice olly", denied="pat mo sam"), args=code("southport")),
    Row("absence:court", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=code("northtown")),
    Row("absence:court", "northtown: warn kim", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=code("northtown"), body=lambda w: {"op": "warning", "person": w.kim.pk, "start_date": w.day_text(),
                                                "reference": "R v Matrix"}),
    Row("absence:forecast", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=code("northtown")),
    Row("absence:forecast", "southport", expect(ok="alice olly", denied="pat mo sam"), args=code("southport")),
    Row("absence:reports", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=code("northtown")),
    Row("absence:reports-xlsx", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=code("northtown")),
    Row("absence:reports-xlsx", "southport", expect(ok="alice olly", denied="pat mo sam"), args=code("southport")),
    Row("rostering:leave-request", "own", expect(ok="sam", denied=ROLES)),
    Row("rostering:leave-request", "own", expect(ok="sam", denied=ROLES), method="POST",
        body=lambda w: {"type": _absence_type(w, "annual-leave").pk, "start_date": w.day_text(4)}),
    Row("rostering:leave-requests", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=code("northtown")),
    Row("rostering:leave-requests", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=code("southport")),
    Row("rostering:leave-decide", "kim's request", expect(ok="alice pat mo", denied="olly sam"),
        args=_pk_of(_leave_request("kim"))),
    Row("rostering:leave-decide", "sam's own request", expect(ok="alice pat mo", denied="olly sam"),
        args=_pk_of(_leave_request("sam")), note="staff follow their requests on My leave"),
    Row("rostering:leave-decide", "kim's request: approve", expect(ok="alice pat mo", denied="olly sam"),
        method="POST", args=_pk_of(_leave_request("kim")), body=lambda w: {"op": "approve", "version": "1"}),
    Row("rostering:leave-decide", "lee's request: refuse", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=_pk_of(_leave_request("lee")),
        body=lambda w: {"op": "refuse", "reason": "matrix", "version": "1"}),
]
PAGES += ABSENCE_PAGES


def _leave_id(name: str) -> Fn:
    return lambda w: {"request_id": _leave_request(name)(w).pk}


def _abstraction_id(make: Fn) -> Fn:
    return lambda w: {"abstraction_id": make(w).pk}


ABSENCE_API: list[Row] = [
    Row("/api/absence/types", "-", expect(ok=SIGNED_IN), note="reference data"),
    Row("/api/absence/people/{person_id}/abstractions", "kim", expect(ok="alice pat mo", denied="olly sam"),
        args=_person_id("kim")),
    Row("/api/absence/people/{person_id}/abstractions", "sam", expect(ok="alice pat mo sam", denied="olly"),
        args=_person_id("sam")),
    Row("/api/absence/people/{person_id}/abstractions", "kim: a course", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_person_id("kim"),
        body=lambda w: (_absence_type(w, "training"), {"type": "training", "start_date": w.day_text(2)})[1]),
    Row("/api/absence/people/{person_id}/abstractions", "lee: a course", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=_person_id("lee"),
        body=lambda w: (_absence_type(w, "training"), {"type": "training", "start_date": w.day_text(2)})[1]),
    Row("/api/absence/groups", "kim and sam", expect(ok="alice pat", refused="mo olly sam"), method="POST",
        body=lambda w: (_absence_type(w, "training"), {"people": [w.kim.pk, w.sam.pk], "label": "Matrix course",
                                                      "type": "training", "start_date": w.day_text(2)})[1],
        note="every person's row is checked; refused rows are reported back (400) and nothing is recorded"),
    Row("/api/absence/abstractions/{abstraction_id}/cancel", "kim's course", expect(ok="alice pat",
                                                                                     denied="mo olly sam"),
        method="POST", args=_abstraction_id(_training("kim")), body=lambda w: {"reason": "matrix"}),
    Row("/api/absence/units/{code}/abstractions", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=lambda w: {"code": "northtown"}),
    Row("/api/absence/units/{code}/abstractions", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=lambda w: {"code": "southport"}),
    Row("/api/absence/people/{person_id}/balances", "sam", expect(ok="alice pat mo sam", denied="olly"),
        args=_person_id("sam")),
    Row("/api/absence/people/{person_id}/balances", "lee", expect(ok="alice olly", denied="pat mo sam"),
        args=_person_id("lee")),
    Row("/api/absence/people/{person_id}/ledger", "kim", expect(ok="alice pat mo", denied="olly sam"),
        args=_person_id("kim")),
    Row("/api/absence/people/{person_id}/ledger", "kim: adjust", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_person_id("kim"),
        body=lambda w: {"op": "adjust", "ledger": "toil", "amount": "2", "reason": "matrix"}),
    Row("/api/absence/people/{person_id}/ledger", "sam: adjust own", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_person_id("sam"),
        body=lambda w: {"op": "adjust", "ledger": "annual-leave", "amount": "8", "reason": "matrix"},
        note="staff read their balances but never move them"),
    Row("/api/absence/people/{person_id}/sickness", "kim", expect(ok="alice pat mo", denied="olly sam"),
        args=_person_id("kim"), note="health data"),
    Row("/api/absence/people/{person_id}/sickness", "sam", expect(ok="alice pat mo sam", denied="olly"),
        args=_person_id("sam")),
    Row("/api/absence/people/{person_id}/sickness", "kim: report sick", expect(ok="alice pat mo", denied="olly sam"),
        method="POST", args=_person_id("kim"),
        body=lambda w: (_absence_type(w, "sickness"), {"first_day": w.day_text(3)})[1]),
    Row("/api/absence/people/{person_id}/sickness", "sam: reports himself sick",
        expect(ok="alice pat mo sam", denied="olly"), method="POST", args=_person_id("sam"),
        body=lambda w: (_absence_type(w, "sickness"), {"first_day": w.day_text(3)})[1],
        note="a person may report their own sickness; colleagues and other units may not"),
    Row("/api/absence/people/{person_id}/sickness", "lee: report sick", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=_person_id("lee"),
        body=lambda w: (_absence_type(w, "sickness"), {"first_day": w.day_text(3)})[1]),
    Row("/api/absence/abstractions/{abstraction_id}/return-to-work", "kim's sickness",
        expect(ok="alice pat mo", denied="olly sam"), method="POST", args=_abstraction_id(_sickness("kim")),
        body=lambda w: {"returned_on": w.day_text(2)}),
    Row("/api/absence/people/{person_id}/court-warnings", "kim", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_person_id("kim"), body=lambda w: {"start_date": w.day_text(), "reference": "R v Matrix"}),
    Row("/api/absence/units/{code}/forecast", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=lambda w: {"code": "northtown"}),
    Row("/api/absence/units/{code}/reports", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=lambda w: {"code": "northtown"}),
    Row("/api/absence/units/{code}/reports", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=lambda w: {"code": "southport"}),
    Row("/api/leave/requests", "own", expect(ok="sam", denied=ROLES), method="POST",
        body=lambda w: (_absence_type(w, "annual-leave"), {"type": "annual-leave", "start_date": w.day_text(4)})[1]),
    Row("/api/leave/requests", "for kim", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        body=lambda w: (_absence_type(w, "annual-leave"), {"person_id": w.kim.pk, "type": "annual-leave",
                                                          "start_date": w.day_text(4)})[1],
        note="a planner may ask on someone's behalf; a manager decides but does not ask"),
    Row("/api/leave/requests", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        query=lambda w: {"unit": "northtown"}),
    Row("/api/leave/requests", "southport", expect(ok="alice olly", denied="pat mo sam"),
        query=lambda w: {"unit": "southport"}),
    Row("/api/leave/requests", "for lee", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        body=lambda w: (_absence_type(w, "annual-leave"), {"person_id": w.lee.pk, "type": "annual-leave",
                                                          "start_date": w.day_text(4)})[1]),
    Row("/api/leave/requests/{request_id}", "kim's", expect(ok="alice pat mo", denied="olly sam"),
        args=_leave_id("kim")),
    Row("/api/leave/requests/{request_id}", "lee's", expect(ok="alice olly", denied="pat mo sam"),
        args=_leave_id("lee")),
    Row("/api/leave/requests/{request_id}/decision", "kim's: approve", expect(ok="alice pat mo", denied="olly sam"),
        method="POST", args=_leave_id("kim"), body=lambda w: {"approve": True, "reason": "matrix"}),
    Row("/api/leave/requests/{request_id}/decision", "lee's: refuse", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=_leave_id("lee"), body=lambda w: {"approve": False, "reason": "Minimum staffing"}),
    Row("/api/leave/requests/{request_id}/decision", "sam's own", expect(ok="alice pat mo", denied="olly sam"),
        method="POST", args=_leave_id("sam"), body=lambda w: {"approve": True, "reason": "matrix"},
        note="nobody decides their own request"),
    Row("/api/leave/requests/{request_id}/cancel", "sam's own", expect(ok="alice pat mo sam", denied="olly"),
        method="POST", args=_leave_id("sam"), body=lambda w: {"reason": "matrix"}),
    Row("/api/leave/requests/{request_id}/cancel", "lee's", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=_leave_id("lee"), body=lambda w: {"reason": "matrix"}),
]
API += ABSENCE_API


# Rows of later apps live in their own modules (matrix_<app>.py) so that work on one app does not touch another's.
def _extend() -> None:
    import importlib

    for app in ("solving", "pay", "cover", "events", "demand_design"):
        try:
            module = importlib.import_module(f"tests.authz.matrix_{app}")
        except ModuleNotFoundError as error:
            if error.name != f"tests.authz.matrix_{app}":
                raise
            continue
        PAGES.extend(getattr(module, "PAGES", []))
        API.extend(getattr(module, "API", []))


_extend()
