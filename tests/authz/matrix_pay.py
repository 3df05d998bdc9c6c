"""Authorisation rows of the pay app: rate tables, a unit's overtime and budget, records, willingness, duty change
costs.

Planners of a unit write its overtime; managers read it; staff see their own records and set their own
willingness; a unit's budget is set from above (administrators, planners of the parent unit); rate tables are for
planners and administrators."""

from __future__ import annotations

import datetime as dt

from tests.authz.matrix import Fn, Row, _once, expect


def _paid(w) -> None:
    def make(w):
        from people.models import Contract

        Contract.objects.filter(person__in=[w.sam, w.kim, w.lee]).update(pay_point="3")
        return True

    _once(w, "_pay_points", make)


def _at(w, hour: int) -> str:
    from common.calendar import local_instant

    return local_instant(w.day, dt.time(hour)).isoformat()


def _overtime(name: str, *, authorised: bool = False) -> Fn:
    """A request (or an authorised record) for `name`, made by an administrator before the row is tried."""

    def make(w):
        from pay.actions import do_record_overtime

        _paid(w)
        return do_record_overtime(getattr(w, name), start=dt.datetime.fromisoformat(_at(w, 7)),
                                  end=dt.datetime.fromisoformat(_at(w, 17)), kind="overtime",
                                  reason="Matrix", acting_user=w.alice,
                                  authorised_by=w.alice if authorised else None)

    return lambda w: _once(w, f"_overtime_{name}_{authorised}", make)


def _record_id(make: Fn, key: str = "pk") -> Fn:
    return lambda w: {key: make(w).pk}


def _new_form(name: str) -> Fn:
    def body(w):
        _paid(w)
        return {"person": getattr(w, name).pk, "kind": "overtime", "start": _at(w, 7)[:16],
                "end": _at(w, 17)[:16], "reason": "Matrix"}

    return body


def _new_json(name: str) -> Fn:
    def body(w):
        _paid(w)
        return {"person_id": getattr(w, name).pk, "kind": "overtime", "start": _at(w, 7), "end": _at(w, 17),
                "reason": "Matrix"}

    return body


def _budget_form(w) -> dict:
    return {"start_date": w.day_text(), "end_date": w.day_text(90), "amount": "5000", "reason": "Matrix"}


def _code(name: str) -> Fn:
    return lambda w: {"code": getattr(w, name).code}


def _person_pk(name: str) -> Fn:
    return lambda w: {"pk": getattr(w, name).pk}


def _person_id(name: str) -> Fn:
    def args(w):
        _paid(w)
        return {"person_id": getattr(w, name).pk}

    return args


def _period(w) -> dict:
    return {"start": _at(w, 7), "end": _at(w, 17)}


PAGES: list[Row] = [
    Row("pay:index", "-", expect(ok="alice pat mo olly sam"), note="sam is sent to his own overtime"),
    Row("pay:rate-tables", "-", expect(ok="alice pat olly", denied="mo sam")),
    Row("pay:unit-overtime", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=_code("northtown")),
    Row("pay:unit-overtime", "southport", expect(ok="alice olly", denied="pat mo sam"), args=_code("southport")),
    Row("pay:overtime-new", "kim", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_code("northtown"), body=_new_form("kim")),
    Row("pay:overtime-new", "lee", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=_code("southport"), body=_new_form("lee")),
    Row("pay:budget-set", "northtown", expect(ok="alice", denied="pat mo olly sam"), method="POST",
        args=_code("northtown"), body=_budget_form, note="nobody sets the budget they spend"),
    Row("pay:budget-set", "team_a", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_code("team_a"), body=_budget_form),
    Row("pay:overtime-authorise", "kim's", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_record_id(_overtime("kim")), body=lambda w: {"version": 1}),
    Row("pay:overtime-authorise", "lee's", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=_record_id(_overtime("lee")), body=lambda w: {"version": 1}),
    Row("pay:overtime-worked", "kim's", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_record_id(_overtime("kim", authorised=True)), body=lambda w: {"version": 1}),
    Row("pay:overtime-cancel", "kim's", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_record_id(_overtime("kim")), body=lambda w: {"version": 1, "reason": "Matrix"}),
    Row("pay:overtime-cancel", "lee's", expect(ok="alice olly", denied="pat mo sam"), method="POST",
        args=_record_id(_overtime("lee")), body=lambda w: {"version": 1, "reason": "Matrix"}),
    Row("pay:unit-changes", "northtown", expect(ok="alice pat mo", denied="olly sam"), args=_code("northtown")),
    Row("pay:unit-changes", "northtown: xlsx", expect(ok="alice pat mo", denied="olly sam"), args=_code("northtown"),
        query=lambda w: {"format": "xlsx"}, note="the payroll export"),
    Row("pay:unit-changes", "southport", expect(ok="alice olly", denied="pat mo sam"), args=_code("southport")),
    Row("pay:my-changes", "-", expect(ok="sam", denied="alice pat mo olly"),
        note="only people with a record have their own duty changes"),
    Row("pay:my-overtime", "-", expect(ok="sam", denied="alice pat mo olly"),
        note="only people with a record have their own overtime"),
    Row("pay:willingness", "sam", expect(ok="alice pat sam", denied="mo olly"), method="POST",
        args=_person_pk("sam"), body=lambda w: {"willing": "on"}),
    Row("pay:willingness", "kim", expect(ok="alice pat", denied="mo olly sam"), method="POST",
        args=_person_pk("kim"), body=lambda w: {"willing": "on"}),
]

API: list[Row] = [
    Row("/api/pay/rates", "-", expect(ok="alice pat olly", denied="mo sam")),
    Row("/api/pay/people/{person_id}/rate", "sam", expect(ok="alice pat mo sam", denied="olly"),
        args=_person_id("sam")),
    Row("/api/pay/people/{person_id}/rate", "lee", expect(ok="alice olly", denied="pat mo sam"),
        args=_person_id("lee")),
    Row("/api/pay/units/{code}/budget", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=_code("northtown")),
    Row("/api/pay/units/{code}/budget", "northtown: set", expect(ok="alice", denied="pat mo olly sam"),
        method="POST", args=_code("northtown"), body=_budget_form),
    Row("/api/pay/units/{code}/budget", "team_a: set", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_code("team_a"), body=_budget_form),
    Row("/api/pay/units/{code}/overtime", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=_code("northtown")),
    Row("/api/pay/units/{code}/overtime", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=_code("southport")),
    Row("/api/pay/units/{code}/overtime", "northtown: kim", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_code("northtown"), body=_new_json("kim")),
    Row("/api/pay/units/{code}/overtime", "southport: lee", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=_code("southport"), body=_new_json("lee")),
    Row("/api/pay/overtime/{record_id}/authorise", "kim's", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_record_id(_overtime("kim"), "record_id"), body=lambda w: {"version": 1}),
    Row("/api/pay/overtime/{record_id}/authorise", "lee's", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=_record_id(_overtime("lee"), "record_id"), body=lambda w: {"version": 1}),
    Row("/api/pay/overtime/{record_id}/worked", "kim's", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_record_id(_overtime("kim", authorised=True), "record_id"),
        body=lambda w: {"version": 1}),
    Row("/api/pay/overtime/{record_id}/cancel", "kim's", expect(ok="alice pat", denied="mo olly sam"),
        method="POST", args=_record_id(_overtime("kim"), "record_id"), body=lambda w: {"reason": "Matrix"}),
    Row("/api/pay/overtime/{record_id}/cancel", "lee's", expect(ok="alice olly", denied="pat mo sam"),
        method="POST", args=_record_id(_overtime("lee"), "record_id"), body=lambda w: {"reason": "Matrix"}),
    Row("/api/pay/units/{code}/fair-candidates", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=_code("northtown"), query=_period),
    Row("/api/pay/units/{code}/fair-candidates", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=_code("southport"), query=_period),
    Row("/api/pay/people/{person_id}/overtime", "sam", expect(ok="alice pat mo sam", denied="olly"),
        args=_person_id("sam")),
    Row("/api/pay/people/{person_id}/overtime", "lee", expect(ok="alice olly", denied="pat mo sam"),
        args=_person_id("lee")),
    Row("/api/pay/units/{code}/changes", "northtown", expect(ok="alice pat mo", denied="olly sam"),
        args=_code("northtown")),
    Row("/api/pay/units/{code}/changes", "southport", expect(ok="alice olly", denied="pat mo sam"),
        args=_code("southport")),
    Row("/api/pay/people/{person_id}/changes", "sam", expect(ok="alice pat mo sam", denied="olly"),
        args=_person_id("sam")),
    Row("/api/pay/people/{person_id}/changes", "lee", expect(ok="alice olly", denied="pat mo sam"),
        args=_person_id("lee")),
    Row("/api/pay/people/{person_id}/willingness", "sam", expect(ok="alice pat sam", denied="mo olly"),
        method="PUT", args=_person_id("sam"), body=lambda w: {"willing": True}),
    Row("/api/pay/people/{person_id}/willingness", "kim", expect(ok="alice pat", denied="mo olly sam"),
        method="PUT", args=_person_id("kim"), body=lambda w: {"willing": False}),
]
