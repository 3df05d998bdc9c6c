"""manage.py import_demand QUEUE_ID FILE.csv [--user NAME] [--reason TEXT] [--format text|json]

Import call history into a queue, all or nothing (the same checks as the page and the API).
Exit 0: imported; 1: rows rejected, nothing changed; 2: bad arguments or unreadable file.
The last line of output is one line of JSON: the summary, or every error."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.errors import DomainError
from demand.actions import do_import_demand
from demand.imports import MAX_BYTES
from demand.models import Queue
from people.management.commands._actor import resolve_actor


class Command(BaseCommand):
    help = "Import call history (CSV: interval_start, calls_offered, ...) into a demand queue (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("queue", type=int, help="Id of the queue.")
        parser.add_argument("file", help="Path of the CSV file.")
        parser.add_argument("--user", help="Act as this user (their units only). Default: system.")
        parser.add_argument("--reason", default="", help="Reason recorded in the audit log.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        queue = Queue.objects.select_related("unit").filter(pk=options["queue"]).first()
        if queue is None:
            raise CommandError(f"queue: there is no queue with id {options['queue']}.", returncode=2)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"file: {path} does not exist or is not a file.", returncode=2)
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"file: {path} is larger than {MAX_BYTES // 1024 // 1024} MB.", returncode=2)
        actor = resolve_actor(options["user"])
        try:
            summary = do_import_demand(queue, path.read_bytes(), filename=path.name, acting_user=actor,
                                       reason=options["reason"] or None)
        except DomainError as error:
            body = error.as_dict()
            if options["format"] == "text":
                self.stdout.write(error.message)
                for problem in error.errors:
                    where = f"row {problem.row}" if problem.row is not None else "file"
                    value = f" '{problem.value}'" if problem.value is not None else ""
                    self.stdout.write(f"  {where}, {problem.field}{value}: {problem.message}")
            self.stdout.write(json.dumps(body))
            sys.exit(1 if any(e.row is not None for e in error.errors) else 2)
        if options["format"] == "text":
            self.stdout.write(f"Imported {summary.intervals} intervals into {queue} ({summary.replaced} replaced).")
        self.stdout.write(json.dumps(summary.as_dict()))
