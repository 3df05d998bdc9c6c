"""muster materialise_duties UNIT --from YYYY-MM-DD --to YYYY-MM-DD [--user NAME]

Builds the base roster (team patterns projected onto dates) for a unit's teams. Idempotent: existing duties
and published days are left alone. Prints one line of JSON with the counts."""

import json

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from common.errors import DomainError
from org.models import Unit
from people.management.commands._actor import resolve_actor
from rostering.actions import do_materialise_duties

from .roster import _date


class Command(BaseCommand):
    help = "Materialise duties from team patterns for a unit and period."

    def add_arguments(self, parser):
        parser.add_argument("unit", help="Unit code.")
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--to", dest="end", required=True)
        parser.add_argument("--user", help="Act as this user. Default: system.")

    def handle(self, *args, **options):
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"unit: '{options['unit']}' is not a unit code.", returncode=2)
        start, end = _date(options["start"], "--from"), _date(options["end"], "--to")
        try:
            result = do_materialise_duties(unit=unit, start=start, end=end, acting_user=resolve_actor(options["user"]))
        except DomainError as exc:
            field = exc.errors[0].field if exc.errors else "input"
            raise CommandError(f"{field}: {exc.message}", returncode=2) from None
        except PermissionDenied as exc:
            raise CommandError(f"--user: {exc}", returncode=2) from None
        self.stdout.write(json.dumps({"unit": unit.code, "start": str(start), "end": str(end), **result.__dict__}))
