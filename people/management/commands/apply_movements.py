"""manage.py apply_movements [--date YYYY-MM-DD]: apply pending movements whose date has come. Run daily.

Idempotent: running it twice applies nothing the second time. Last line: one line of JSON."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from people.actions import do_apply_due_movements

from ._actor import SystemActor


class Command(BaseCommand):
    help = "Apply transfers, promotions and leavers whose effective date has come."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Apply those due on or before this date (default: today).")

    def handle(self, *args, **options):
        on = timezone.localdate()
        if options["date"]:
            try:
                on = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date: '{options['date']}' is not a date; use yyyy-mm-dd.",
                                   returncode=2) from None
        applied = do_apply_due_movements(on=on, acting_user=SystemActor())
        self.stdout.write(json.dumps({"date": on.isoformat(), "applied": applied}))
