"""manage.py import_people FILE --kind people|skills|establishment [--dry-run] [--format json]

Exit 0: imported (or would import); 1: rows rejected, nothing changed; 2: bad arguments or unreadable file.
The last line of output is always one line of JSON: the summary, with every error."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from people.imports import KINDS, MAX_BYTES, run_import

from ._actor import resolve_actor


class Command(BaseCommand):
    help = "Import people, person skills or establishment from a CSV or XLSX file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .csv or .xlsx file.")
        parser.add_argument("--kind", required=True, choices=sorted(KINDS), help="What the file holds.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report; change nothing.")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="Output format.")
        parser.add_argument("--user", help="Act as this user (their units only). Default: system, everything.")
        parser.add_argument("--reason", default="", help="Reason recorded in the audit log.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"file: {path} does not exist or is not a file.", returncode=2)
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"file: {path} is larger than the {MAX_BYTES // 1024 // 1024} MB limit.", returncode=2)
        actor = resolve_actor(options["user"])
        result = run_import(options["kind"], path.read_bytes(), filename=path.name, acting_user=actor,
                            dry_run=options["dry_run"], reason=options["reason"] or None)
        summary = result.as_dict()
        if options["format"] == "text":
            self.stdout.write(result.summary())
            for error in result.errors:
                row = f"row {error.row}" if error.row is not None else "file"
                value = f" '{error.value}'" if error.value is not None else ""
                self.stdout.write(f"  {row}, {error.field or '-'}{value}: {error.message}")
        self.stdout.write(json.dumps(summary, default=str))
        if not result.ok:
            file_level = all(e.row is None for e in result.errors)
            sys.exit(2 if file_level else 1)
