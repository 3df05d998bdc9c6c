"""manage.py export_people --kind people|skills|establishment --format csv|xlsx --output FILE [--unit CODE]

Writes the import's columns, so the file can be edited and imported back. Last line: one line of JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from org.models import Unit
from people.imports import KINDS, export_file

from ._actor import resolve_actor


class Command(BaseCommand):
    help = "Export people, person skills or establishment as CSV or XLSX in the import's columns."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=sorted(KINDS))
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", required=True, help="File to write ('-' for standard output, CSV only).")
        parser.add_argument("--unit", help="Unit code: export only this unit and its sub-tree.")
        parser.add_argument("--user", help="Act as this user (their readable units). Default: system, everything.")

    def handle(self, *args, **options):
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"--unit: '{options['unit']}' is not a unit code.", returncode=2)
        if options["output"] == "-" and options["format"] != "csv":
            raise CommandError("--output: only CSV can be written to standard output.", returncode=2)
        actor = resolve_actor(options["user"])
        content, filename, _type = export_file(options["kind"], options["format"], acting_user=actor, unit=unit)
        rows = max(content.count(b"\n") - 1, 0) if options["format"] == "csv" else None
        if options["output"] == "-":
            self.stdout.write(content.decode("utf-8-sig"), ending="")
            return
        Path(options["output"]).write_bytes(content)
        self.stdout.write(json.dumps({"kind": options["kind"], "format": options["format"],
                                     "output": options["output"], "bytes": len(content), "rows": rows}))
