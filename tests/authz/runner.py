"""Walking the matrix: what exists (URL names, API operations), sending a row's request, judging the answer."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .matrix import DENIED, LOGIN, MISSING, OK, REFUSED, Row

# Django's admin checks is_staff itself (test_pages has one check that a planner is kept out).
SKIPPED_PREFIXES = ("admin/", "static/", "media/")


def _walk(resolver: URLResolver, prefix: str, namespace: str | None):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


def page_names() -> dict[str, str]:
    """URL name → route of every page. django-ninja operations are left to the OpenAPI side of the matrix."""
    names = {}
    for route, name, callback in _walk(get_resolver(), "", None):
        if route.startswith(SKIPPED_PREFIXES) or getattr(callback, "__module__", "") == "ninja.operation":
            continue
        names[name or f"<unnamed {route}>"] = route
    return names


def api_operations() -> set[tuple[str, str]]:
    from muster.api import api

    schema = api.get_openapi_schema()
    return {(method.upper(), path) for path, operations in schema["paths"].items() for method in operations
            if method.upper() in {"GET", "POST", "PUT", "PATCH", "DELETE"}}


def params(rows: list[Row], personas: tuple[str, ...]):
    """One pytest param per (row, persona), xfail(strict) where the row names a hole for that persona."""
    out = []
    for row in rows:
        for persona in personas:
            marks = []
            if persona in row.holes:
                marks.append(pytest.mark.xfail(strict=True, reason=row.holes[persona]))
            out.append(pytest.param(row, persona, id=f"{row.label()} as {persona}", marks=marks))
    return out


def audit_count() -> int:
    from common.models import AuditEvent

    return AuditEvent.objects.count()


def send(client, row: Row, world, *, api: bool):
    """Resolve the row against the world (creating what it points at) and send its request."""
    args = row.args(world) if row.args else {}
    query = row.query(world) if row.query else {}
    body = row.body(world) if row.body else {}
    if api:
        url = row.endpoint.format(**args)
    else:
        url = reverse(row.endpoint, kwargs=args or None)
    if query:
        url = f"{url}?{urlencode(query)}"
    method, headers = row.method.lower(), row.headers
    if method == "get":
        return client.get(url, headers=headers)
    if not api or row.multipart:
        # Form posts (pages) and multipart uploads (API): the test client encodes dicts as multipart.
        if method == "post":
            return client.post(url, body, headers=headers)
        return getattr(client, method)(url, headers=headers)
    if method == "delete":
        return client.delete(url, headers=headers)
    return getattr(client, method)(url, body, content_type="application/json", headers=headers)


def judge(response, row: Row, outcome: str, *, api: bool) -> None:
    status = response.status_code
    location = response.get("Location", "") if 300 <= status < 400 else ""
    sent_to_login = location.startswith("/login/?next=")
    said = f"{row.label()}: answered {status} {location} {response.content[:400]!r}"
    assert status < 500, said
    if outcome == OK:
        if api:
            assert 200 <= status < 300, said
        else:
            assert 200 <= status < 400 and not sent_to_login, said
    elif outcome == DENIED:
        allowed = {403, 404} if row.hide else {403}
        assert status in allowed, f"{said}; expected {sorted(allowed)}"
    elif outcome == LOGIN:
        if api:
            assert status == 401, f"{said}; expected 401"
        else:
            assert sent_to_login, f"{said}; expected a redirect to /login/?next=…"
    elif outcome == MISSING:
        assert status == 404, f"{said}; expected 404"
    elif outcome == REFUSED:
        assert status not in {401, 403} and not sent_to_login, said
    else:  # pragma: no cover - matrix.expect() only builds the outcomes above
        raise AssertionError(f"unknown outcome {outcome}")


def run_row(as_persona, world, row: Row, persona: str, *, api: bool) -> None:
    outcome = row.expect[persona]
    client = as_persona(persona)
    # Resolve targets first: objects made on first use may write audit rows of their own.
    for part in (row.args, row.query, row.body):
        if part is not None:
            part(world)
    effect_before = row.effect(world) if row.effect else None
    audits_before = audit_count()
    response = send(client, row, world, api=api)
    judge(response, row, outcome, api=api)
    if not row.is_write:
        return
    audits_added = audit_count() - audits_before
    effect_after = row.effect(world) if row.effect else None
    if outcome == OK:
        if row.audited:
            assert audits_added > 0, (f"{row.label()} as {persona}: answered {response.status_code} but wrote no "
                                      f"audit row, so nothing was written: {response.content[:300]!r}")
        if row.effect:
            assert effect_after != effect_before, f"{row.label()} as {persona}: nothing changed"
    else:
        assert audits_added == 0, f"{row.label()} as {persona}: refused, yet {audits_added} audit rows were written"
        if row.effect:
            assert effect_after == effect_before, f"{row.label()} as {persona}: refused, yet it changed"
