"""What every import shares: the result report, the per-file context, and turning rule errors into row errors."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from common.errors import DomainError, FieldError
from common.models import AuditEvent
from org.models import Unit
from org.permissions import editable_units, is_administrator

from .reading import cell_text


@dataclass
class ImportResult:
    kind: str
    dry_run: bool
    filename: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors if e.row is not None})

    def summary(self) -> str:
        if not self.ok:
            return _("%(n)s problem(s) found in %(rows)s row(s); nothing was changed.") % {
                "n": len(self.errors), "rows": self.error_rows or 1}
        verb = _("would be") if self.dry_run else _("were")
        return _("%(rows)s rows checked: %(created)s %(verb)s created, %(updated)s %(verb)s updated, "
                 "%(unchanged)s unchanged.") % {"rows": self.rows, "created": self.created, "updated": self.updated,
                                                "unchanged": self.unchanged, "verb": verb}

    def as_dict(self) -> dict:
        return {"kind": self.kind, "dry_run": self.dry_run, "ok": self.ok, "filename": self.filename,
                "rows": self.rows, "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "summary": self.summary(), "errors": [e.as_dict() for e in self.errors]}


class Context:
    """One import run: who imports, which units they may change, the errors and audit rows collected."""

    def __init__(self, *, acting_user, result: ImportResult, reason: str, on: dt.date) -> None:
        self.acting_user = acting_user
        self.result = result
        self.reason = reason
        self.today = on
        self.is_admin = is_administrator(acting_user)
        self.editable_ids: set[int] | None = (
            None if self.is_admin else set(editable_units(acting_user).values_list("pk", flat=True)))
        self.audit_events: list[AuditEvent] = []

    def can_edit(self, unit_id: int | None) -> bool:
        if self.editable_ids is None:
            return True
        return unit_id is not None and unit_id in self.editable_ids

    def error(self, row: int | None, column: str, message: str, value=None) -> None:
        text = cell_text(value) if value is not None else None
        self.result.errors.append(FieldError(column, message, row, text))

    def domain_error(self, row: int, exc: DomainError, cells: dict, default_column: str = "") -> None:
        for err in exc.errors or [FieldError(default_column, exc.message)]:
            column = err.field or default_column
            self.error(row, column, err.message, cells.get(column))

    def audit(self, *, action: str, obj, before: dict | None, after: dict | None, unit_id: int | None,
              person_id: int | None) -> None:
        actor = self.acting_user if getattr(self.acting_user, "pk", None) else None
        self.audit_events.append(AuditEvent(
            actor=actor, actor_name=getattr(self.acting_user, "username", "") or "system", action=action,
            object_type=obj._meta.label_lower, object_id=str(obj.pk), object_repr=str(obj)[:200],
            unit_id=unit_id, person_id=person_id, before=before, after=after, reason=self.reason))

    def flush_audit(self) -> None:
        AuditEvent.objects.bulk_create(self.audit_events, batch_size=500)
        self.audit_events = []


def check_headers(ctx: Context, headers: list[str], columns: list[str], required: list[str]) -> bool:
    """Unknown, missing and repeated column names are reported on row 1. Returns whether rows can be read."""
    ok = True
    seen: set[str] = set()
    for header in headers:
        if not header:
            continue
        if header in seen:
            ctx.error(1, header, _("Column '%(c)s' appears twice.") % {"c": header}, header)
            ok = False
        seen.add(header)
        if header not in columns:
            ctx.error(1, header, _("Unknown column '%(c)s'; allowed: %(allowed)s.")
                      % {"c": header, "allowed": ", ".join(columns)}, header)
            ok = False
    for column in required:
        if column not in seen:
            ctx.error(1, column, _("Column '%(c)s' is missing; required columns: %(required)s.")
                      % {"c": column, "required": ", ".join(required)})
            ok = False
    return ok


def check_extra_cells(ctx: Context, row: int, cells: dict) -> None:
    extra = cells.get("__extra__")
    if extra:
        ctx.error(row, "", _("This row has more cells than there are column names (%(v)s).")
                  % {"v": ", ".join(cell_text(v) for v in extra)}, None)


class UnitLookup:
    """Units by code, case-insensitively, with the permission check and its message."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.by_code = {u.code.lower(): u for u in Unit.objects.all()}

    def find(self, row: int, cells: dict, column: str = "unit", *, for_what: str = "") -> Unit | None:
        code = cell_text(cells.get(column))
        if not code:
            self.ctx.error(row, column, _("Give the unit code."), "")
            return None
        unit = self.by_code.get(code.lower())
        if unit is None:
            self.ctx.error(row, column, _("'%(v)s' is not a unit code (e.g. %(example)s).")
                           % {"v": code, "example": ", ".join(self.examples())}, code)
            return None
        if not self.ctx.can_edit(unit.pk):
            self.ctx.error(row, column, _("You do not plan %(unit)s (%(code)s), so you cannot import %(what)s for "
                                          "it.") % {"unit": unit.name, "code": unit.code, "what": for_what}, code)
            return None
        return unit

    def examples(self) -> list[str]:
        units = [u for u in self.by_code.values() if self.ctx.can_edit(u.pk)]
        return [u.code for u in sorted(units, key=lambda u: u.path)[:5]]
