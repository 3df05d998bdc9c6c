"""muster roster UNIT --from YYYY-MM-DD --to YYYY-MM-DD --format csv|xlsx|json [--output FILE] [--user NAME]

Prints (or writes) the roster of a unit and its sub-tree; JSON follows the schema in rostering/export.py.
Exit 0 on success, 2 on bad input naming the field."""

import datetime as dt
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from org.models import Unit
from org.permissions import require_read_unit
from people.management.commands._actor import resolve_actor
from rostering.export import WRITERS, document

MAX_DAYS = 400


def _date(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(f"{field}: '{value}' is not a date; use YYYY-MM-DD.", returncode=2) from None


class Command(BaseCommand):
    help = "Print the roster of a unit (and its sub-tree) for a period as CSV, XLSX or JSON."

    def add_arguments(self, parser):
        parser.add_argument("unit", help="Unit code, e.g. northtown.")
        parser.add_argument("--from", dest="start", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="end", required=True, help="Last day, YYYY-MM-DD.")
        parser.add_argument("--format", default="csv", help="csv, xlsx or json.")
        parser.add_argument("--output", help="File to write; default standard output (XLSX needs a file).")
        parser.add_argument("--user", help="Read as this user (their permissions). Default: system.")

    def handle(self, *args, **options):
        fmt = options["format"]
        if fmt not in WRITERS:
            raise CommandError(f"--format: '{fmt}' is not allowed; use csv, xlsx or json.", returncode=2)
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"unit: '{options['unit']}' is not a unit code.", returncode=2)
        start, end = _date(options["start"], "--from"), _date(options["end"], "--to")
        if end < start:
            raise CommandError("--to: must be on or after --from.", returncode=2)
        if (end - start).days + 1 > MAX_DAYS:
            raise CommandError(f"--to: at most {MAX_DAYS} days at a time.", returncode=2)
        if fmt == "xlsx" and not options["output"]:
            raise CommandError("--output: XLSX needs a file to write to.", returncode=2)
        actor = resolve_actor(options["user"])
        try:
            require_read_unit(actor, unit)
        except PermissionDenied as exc:
            raise CommandError(f"--user: {exc}", returncode=2) from None
        content = WRITERS[fmt](document(unit, start, end))
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            return
        if fmt == "csv":
            self.stdout.write(content.decode("utf-8-sig"), ending="")
        else:
            self.stdout.write(content.decode(), ending="\n")
