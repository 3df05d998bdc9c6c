"""The audit log writer. Every action calls `record` once inside its transaction."""

import datetime as dt
import uuid
from decimal import Decimal

from django.db import models

from .models import AuditEvent


def _json_value(value: object) -> object:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model | None, fields: list[str] | None = None) -> dict | None:
    """The audited state of a row: concrete fields (foreign keys as ids), JSON-safe."""
    if obj is None:
        return None
    data = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue
        data[field.name] = _json_value(getattr(obj, field.attname))
    return data


def record(*, actor, action: str, obj: models.Model | None = None, before: dict | None = None,
           after: dict | None = None, reason: str = "", unit_id: int | None = None,
           person_id: int | None = None, object_type: str = "", object_id: str = "",
           object_repr: str = "") -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "system",
        action=action, object_type=object_type, object_id=object_id, object_repr=object_repr[:200],
        unit_id=unit_id, person_id=person_id, before=before, after=after, reason=reason or "",
    )
