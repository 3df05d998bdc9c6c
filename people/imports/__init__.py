"""Import and export of people, person skills and establishment as CSV or XLSX.

An import is all or nothing: every row is checked first and every problem reported with its row number (header is
row 1), column, value and what is allowed; if there is any problem nothing is changed. Otherwise everything is written
in one transaction with one audit record per created or updated row. A dry run does all of that and rolls back, so
its counts are exactly what the real import would do."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import DomainError, FieldError

from . import establishment_file, people_file, skills_file
from .base import Context, ImportResult, check_headers
from .exporting import FORMATS, export_file, export_rows, render_csv, render_xlsx
from .reading import MAX_BYTES, MAX_ROWS, read_table

KINDS = {"people": people_file, "skills": skills_file, "establishment": establishment_file}

__all__ = ["FORMATS", "KINDS", "MAX_BYTES", "MAX_ROWS", "ImportResult", "export_file", "export_rows", "render_csv",
           "render_xlsx", "run_import"]


class _RollBack(Exception):
    pass


def run_import(kind: str, data: bytes, *, acting_user, filename: str = "", dry_run: bool = False,
               reason: str | None = None, on: dt.date | None = None) -> ImportResult:
    """Check and (unless `dry_run` or anything is wrong) apply one file. Never raises for bad rows: see .errors."""
    if kind not in KINDS:
        raise DomainError(_("'%(kind)s' is not something that can be imported; allowed: %(allowed)s.")
                          % {"kind": kind, "allowed": ", ".join(KINDS)}, field="kind")
    module = KINDS[kind]
    result = ImportResult(kind=kind, dry_run=dry_run, filename=filename)
    ctx = Context(acting_user=acting_user, result=result, on=on or timezone.localdate(),
                  reason=reason or _("Imported from %(file)s") % {"file": filename or _("a file")})
    if not ctx.is_admin and not ctx.editable_ids:
        raise PermissionDenied(_("You do not plan any unit, so you cannot import."))
    try:
        table = read_table(data, filename)
    except DomainError as exc:
        result.errors.append(FieldError("file", exc.message))  # a whole-file problem has no row
        return result
    result.rows = len(table.rows)
    if not check_headers(ctx, table.headers, module.COLUMNS, module.REQUIRED):
        return result
    plans = module.validate(ctx, table.headers, table.rows)
    if result.errors:
        return result
    try:
        with transaction.atomic(durable=True):
            module.write(ctx, plans)
            if result.errors:
                raise _RollBack
            ctx.flush_audit()
            if dry_run:
                raise _RollBack
    except _RollBack:
        pass
    if result.errors:
        result.created = result.updated = result.unchanged = 0
        result.errors.sort(key=lambda e: (e.row or 0, e.field))
    return result
