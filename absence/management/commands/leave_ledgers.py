"""muster leave_ledgers open|close|expire|backfill [--on YYYY-MM-DD] [--unit CODE] [--format text|json]

open:   post each person's entitlement for the leave year containing --on (idempotent: an opened year is left).
close:  carry over what is left of the leave year that ENDED the day before --on (POL-13 cap), forfeit the rest.
expire: post the TOIL and RDiL lots past their expiry on --on (PSC-1, NHS-4: TOIL then to be paid).
backfill: debit approved leave recorded before the ledgers existed (imports, the demo), once.
Run by an operator (the system acts); every row carries its reason. Exit 0 on success, 2 on bad input."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from absence.actions import do_backfill_ledgers, do_close_leave_year, do_expire_time_off, do_open_leave_year
from absence.entitlement import scheme_of
from absence.ledgers import year_of
from common.errors import DomainError
from org.models import Unit
from people.models import Person


class Command(BaseCommand):
    help = "Open or close leave years, expire TOIL and RDiL, or backfill old leave, for everyone (or a sub-tree)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["open", "close", "expire", "backfill"])
        parser.add_argument("--on", help="The day (default today), YYYY-MM-DD.")
        parser.add_argument("--unit", help="Only people whose home unit is in this unit's sub-tree (code).")
        parser.add_argument("--format", default="text", choices=["text", "json"])

    def handle(self, *args, what: str, **options):
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"--on: '{options['on']}' is not a date; use YYYY-MM-DD.", returncode=2) from None
        people = Person.objects.filter(start_date__lte=on).filter(
            Q(leave_date__isnull=True) | Q(leave_date__gte=on - dt.timedelta(days=366))).select_related(
            "staff_group", "home_unit")
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"--unit: '{options['unit']}' is not a unit code.", returncode=2)
            people = people.filter(home_unit__path__startswith=unit.path)
        done, rows, skipped = 0, 0, []
        for person in people.prefetch_related("contracts"):
            if scheme_of(person) is None:
                continue
            try:
                if what == "open":
                    posted = do_open_leave_year(person, day=on, acting_user=None, reason="leave_ledgers open")
                elif what == "close":
                    year_start = year_of(person, on - dt.timedelta(days=1))[0]
                    if year_of(person, on)[0] == year_start:
                        continue  # the person's leave year does not end the day before --on
                    posted = do_close_leave_year(person, year_start=year_start, acting_user=None,
                                                 reason="leave_ledgers close")
                elif what == "backfill":
                    posted = do_backfill_ledgers(person, acting_user=None, reason="leave_ledgers backfill")
                else:
                    posted = do_expire_time_off(person, on=on, acting_user=None)
            except DomainError as exc:
                skipped.append({"payroll_number": person.payroll_number, "reason": exc.message})
                continue
            done += bool(posted)
            rows += len(posted)
        summary = {"what": what, "on": on.isoformat(), "people_changed": done, "rows_posted": rows,
                   "skipped": skipped}
        if options["format"] == "json":
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(f"{what} on {on}: {rows} ledger rows for {done} people; {len(skipped)} skipped.")
            for s in skipped[:20]:
                self.stdout.write(f"  {s['payroll_number']}: {s['reason']}")
