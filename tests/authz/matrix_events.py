"""Authorisation rows of the events app: planners of the owning unit plan an event, its managers read it, staff see
only their own event duties. Targets: an event owned by Northtown (pat plans it, mo reads it) and one owned by
Southport (olly's)."""

from __future__ import annotations

import datetime as dt

from tests.authz.matrix import DENIED, EVERYONE, OK, ROLES, SIGNED_IN, Row, expect  # noqa: F401

NORTH_PLAN = expect(ok="alice pat", denied="mo olly sam")
NORTH_READ = expect(ok="alice pat mo", denied="olly sam")
SOUTH_READ = expect(ok="alice olly", denied="pat mo sam")


def _cached(w, name: str, make):
    if name not in w.__dict__:
        w.__dict__[name] = make(w)
    return w.__dict__[name]


def _make_event(w, unit, reference: str, kind: str = "planned"):
    from common.calendar import local_instant
    from events.actions import do_save_event, do_save_phase, do_set_phase_requirement

    event = do_save_event(name=f"Event {reference}", reference=reference, unit=unit, kind=kind, acting_user=None)
    day = w.day + dt.timedelta(days=5)
    phase = do_save_phase(event, name="Deployment", start=local_instant(day, dt.time(12)),
                          end=local_instant(day, dt.time(18)), acting_user=None)
    do_set_phase_requirement(phase, count=1, rank=w.constable, acting_user=None)
    event.refresh_from_db()
    return event


def event_north(w):
    return _cached(w, "event_north", lambda w: _make_event(w, w.northtown, "matrix-north"))


def event_south(w):
    return _cached(w, "event_south", lambda w: _make_event(w, w.southport, "matrix-south"))


def event_aid(w):
    return _cached(w, "event_aid", lambda w: _make_event(w, w.northtown, "matrix-aid", "aid_out"))


def _assignment(w, status: str):
    from events.models import Assignment

    event = event_north(w)
    phase = event.phases.get()
    a = Assignment.objects.create(event=event, person=w.sam, date=phase.date, start=phase.start, end=phase.end,
                                  method="overtime", status=status)
    a.phases.set([phase])
    return a


def proposed(w):
    return _cached(w, "event_proposed", lambda w: _assignment(w, "proposed"))


def confirmed(w):
    return _cached(w, "event_confirmed", lambda w: _assignment(w, "confirmed"))


def pk(make):
    return lambda w: {"pk": make(w).pk}


def pk_assignment(make):
    return lambda w: {"pk": make(w).event_id, "assignment_pk": make(w).pk}


def event_id(make):
    return lambda w: {"event_id": make(w).pk}


def _details(w) -> dict:
    e = event_north(w)
    return {"name": "Renamed", "reference": e.reference, "unit": w.northtown.pk, "kind": "planned",
            "version": e.version}


def _phase_form(w) -> dict:
    event_north(w)
    day = w.day + dt.timedelta(days=5)
    return {"name": "Briefing", "kind": "briefing", "start": f"{day.isoformat()}T11:00",
            "end": f"{day.isoformat()}T12:00"}


def _requirement_form(w) -> dict:
    return {"phase": event_north(w).phases.get().pk, "count": "3", "rank": w.sergeant.pk}


def _confirm_body(w) -> dict:
    proposed(w)
    return {"reason": "Match day"}


PAGES: list[Row] = [
    Row("events:index", "-", expect(ok=SIGNED_IN), note="sam is sent to his own event duties"),
    Row("events:create", "-", expect(ok="alice pat olly", denied="mo sam")),
    Row("events:create", "northtown", NORTH_PLAN, method="POST",
        body=lambda w: {"name": "Carnival", "reference": "carnival", "unit": w.northtown.pk, "kind": "planned"}),
    Row("events:overview", "-", expect(ok=ROLES, denied="sam")),
    Row("events:mine", "-", expect(ok=SIGNED_IN)),
    Row("events:detail", "north", NORTH_READ, args=pk(event_north)),
    Row("events:detail", "south", SOUTH_READ, args=pk(event_south)),
    Row("events:edit", "north", NORTH_PLAN, method="POST", args=pk(event_north), body=_details),
    Row("events:status", "north", NORTH_PLAN, method="POST", args=pk(event_north),
        body=lambda w: {"status": "approved"}),
    Row("events:phase-add", "north", NORTH_PLAN, method="POST", args=pk(event_north), body=_phase_form),
    Row("events:requirement-set", "north", NORTH_PLAN, method="POST", args=pk(event_north), body=_requirement_form),
    Row("events:mutual-aid", "north aid", NORTH_PLAN, method="POST", args=pk(event_aid),
        body=lambda w: {"organisation": "Westshire Police", "officers": "20", "skills": [w.taser.pk]}),
    Row("events:candidates", "north", NORTH_PLAN, args=pk(event_north)),
    Row("events:candidates", "south", expect(ok="alice olly", denied="pat mo sam"), args=pk(event_south)),
    Row("events:propose", "north", NORTH_PLAN, method="POST", args=pk(event_north)),
    Row("events:add-person", "north: sam", NORTH_PLAN, method="POST", args=pk(event_north),
        body=lambda w: {"person": w.sam.payroll_number, "phases": [event_north(w).phases.get().pk]}),
    Row("events:remove", "north: sam proposed", NORTH_PLAN, method="POST", args=pk_assignment(proposed)),
    Row("events:confirm", "north", NORTH_PLAN, method="POST", args=pk(event_north), body=_confirm_body),
    Row("events:debrief", "north", NORTH_READ, args=pk(event_north)),
    Row("events:attendance", "north: sam confirmed", NORTH_PLAN, method="POST", args=pk_assignment(confirmed),
        body=lambda w: {"attended": "yes", "hours": "6"}),
    Row("events:export", "north", NORTH_READ, args=pk(event_north)),
    Row("events:export", "south", SOUTH_READ, args=pk(event_south)),
]

API: list[Row] = [
    Row("/api/events/", "-", expect(ok=SIGNED_IN)),
    Row("/api/events/", "northtown", NORTH_PLAN, method="POST",
        body=lambda w: {"name": "Carnival", "reference": "carnival-api", "unit": w.northtown.pk}),
    Row("/api/events/mine", "-", expect(ok=SIGNED_IN)),
    Row("/api/events/overview", "-", expect(ok=SIGNED_IN), note="each sees the events they may read"),
    Row("/api/events/{event_id}", "north", NORTH_READ, args=event_id(event_north)),
    Row("/api/events/{event_id}", "south", SOUTH_READ, args=event_id(event_south)),
    Row("/api/events/{event_id}/phases", "north", NORTH_PLAN, method="POST", args=event_id(event_north),
        body=lambda w: {"name": "Debrief", "start": f"{(w.day + dt.timedelta(days=5)).isoformat()}T18:00:00+00:00",
                        "end": f"{(w.day + dt.timedelta(days=5)).isoformat()}T19:00:00+00:00",
                        "requirements": [{"count": 1, "rank": "sergeant"}]}),
    Row("/api/events/{event_id}/assignments", "north", NORTH_READ, args=event_id(event_north)),
    Row("/api/events/{event_id}/propose", "north", NORTH_PLAN, method="POST", args=event_id(event_north),
        query=lambda w: {"time_limit": 2}),
    Row("/api/events/{event_id}/confirm", "north", NORTH_PLAN, method="POST",
        args=lambda w: {"event_id": proposed(w).event_id}, body=lambda w: {"reason": "Match day"}),
    Row("/api/events/{event_id}/cost", "north", NORTH_READ, args=event_id(event_north)),
    Row("/api/events/{event_id}/cost", "south", SOUTH_READ, args=event_id(event_south)),
]
