"""Authorisation rows of the cover app: the staffing board, reports on the day, cover options, apply, roll call.

Boards, options and the roll call are for the unit's planners and managers (the roll call holds contact details);
reporting and applying change duties, so only the unit's planners (and administrators) may."""

from __future__ import annotations

import datetime as dt

from tests.authz.matrix import Row, code, expect


def _duty(w, name: str):
    """`name` (sam, lee) works 07:00–17:00 on the world's day: made once per world."""
    key = f"_cover_duty_{name}"
    if key not in w.__dict__:
        from rostering.actions import do_set_duty, parse_value

        w.__dict__[key] = do_set_duty(person=getattr(w, name), date=w.day, value=parse_value("07:00-17:00"),
                                      expected_version=None, acting_user=None).duty
    return w.__dict__[key]


def _window(w) -> tuple[dt.datetime, dt.datetime]:
    from common.calendar import local_instant

    return local_instant(w.day, dt.time(7)), local_instant(w.day, dt.time(17))


def _token(unit_name: str, person_name: str):
    """A signed option: `person` (with nothing rostered) works the constables' gap at `unit` 07:00–17:00."""

    def make(w) -> str:
        from django.core import signing

        from cover.options import TOKEN_SALT

        unit = getattr(w, unit_name)
        w._requirement(unit) if f"_req_{unit_name}" not in w.__dict__ else None
        w.__dict__[f"_req_{unit_name}"] = True
        start, end = _window(w)
        change = {"person_id": getattr(w, person_name).pk, "date": w.day.isoformat(), "version": 0, "kind": "duty",
                  "start": start.isoformat(), "end": end.isoformat(), "break_minutes": 60, "unit_id": None,
                  "old": "nothing rostered", "new": "07:00–17:00"}
        return signing.dumps({"unit": unit.pk, "rank": w.constable.pk, "skill": None, "gs": start.isoformat(),
                              "ge": end.isoformat(), "kind": "shift_time", "person": getattr(w, person_name).pk,
                              "start": start.isoformat(), "end": end.isoformat(), "changes": [change], "paid": None,
                              "why": "matrix"}, salt=TOKEN_SALT, compress=True)

    return make


def _gap_query(w) -> dict:
    start, end = _window(w)
    return {"rank": w.constable.pk, "start": start.isoformat(), "end": end.isoformat()}


def _api_gap_query(w) -> dict:
    start, end = _window(w)
    return {"rank_id": w.constable.pk, "start": start.isoformat(), "end": end.isoformat()}


def _report(name: str):
    def body(w) -> dict:
        _duty(w, name)
        return {"person": getattr(w, name).pk, "date": w.day_text(), "kind": "awol", "note": "matrix"}

    return body


def _api_report(name: str):
    def body(w) -> dict:
        _duty(w, name)
        return {"person_id": getattr(w, name).pk, "date": w.day_text(), "kind": "awol", "reason": "matrix"}

    return body


PAGES: list[Row] = [
    Row("cover:index", "-", expect(ok="alice pat mo olly", denied="sam")),
    Row("cover:board", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=code("northtown")),
    Row("cover:board", "southport", expect(ok="alice olly", denied="pat mo sam"), args=code("southport")),
    Row("cover:board", "north LPA (area)", expect(ok="alice mo", denied="pat olly sam"), args=code("north")),
    Row("cover:board", "northtown (htmx poll)", expect(ok="alice pat mo", denied="olly sam"), args=code("northtown"),
        headers={"HX-Request": "true"}),
    Row("cover:report", "northtown", expect(ok="alice pat", denied="mo olly sam"), args=code("northtown")),
    Row("cover:report", "sam AWOL", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=code("northtown"), body=_report("sam")),
    Row("cover:report", "lee AWOL", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=code("southport"), body=_report("lee")),
    Row("cover:options", "northtown constables", expect(ok="alice pat mo", denied="olly sam"),
        args=code("northtown"), query=_gap_query),
    Row("cover:options", "southport constables", expect(ok="alice olly", denied="pat mo sam"),
        args=code("southport"), query=_gap_query),
    Row("cover:apply", "sam covers northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=code("northtown"), body=lambda w: {"token": _token("northtown", "sam")(w), "reason": "matrix"}),
    Row("cover:apply", "lee covers southport", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=code("southport"), body=lambda w: {"token": _token("southport", "lee")(w), "reason": "matrix"}),
    Row("cover:roll-call", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=code("northtown"),
        note="contact details: planners and managers of the unit only"),
    Row("cover:roll-call", "southport csv", expect(ok="alice olly", denied="pat mo sam"), args=code("southport"),
        query=lambda w: {"format": "csv", "hours": 12}),
]

API: list[Row] = [
    Row("/api/cover/units/{code}/board", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=code("northtown")),
    Row("/api/cover/units/{code}/board", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=code("southport")),
    Row("/api/cover/reports", "sam AWOL", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        body=_api_report("sam")),
    Row("/api/cover/reports", "lee AWOL", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        body=_api_report("lee")),
    Row("/api/cover/units/{code}/options", "northtown constables", expect(ok="alice pat mo", denied="olly sam"),
        args=code("northtown"), query=_api_gap_query),
    Row("/api/cover/units/{code}/options", "southport constables", expect(ok="alice olly", denied="pat mo sam"),
        args=code("southport"), query=_api_gap_query),
    Row("/api/cover/apply", "sam covers northtown", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        body=lambda w: {"token": _token("northtown", "sam")(w), "reason": "matrix"}),
    Row("/api/cover/apply", "lee covers southport", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        body=lambda w: {"token": _token("southport", "lee")(w), "reason": "matrix"}),
    Row("/api/cover/units/{code}/roll-call", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=code("northtown")),
    Row("/api/cover/units/{code}/roll-call", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=code("southport")),
]
