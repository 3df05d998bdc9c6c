"""manage.py load_demand_demo UNIT_CODE [--weeks 8] [--forecast-days 28]

Give a contact centre unit the demo's two 111 queues with synthetic half-hourly call history up to yesterday and
a forecast (what `muster demo` does for Northshire 111). Running it again replaces those weeks."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demand.demo import load_demo_history
from org.models import Unit


class Command(BaseCommand):
    help = "Load the demo's synthetic NHS 111 call history and a forecast into a unit."

    def add_arguments(self, parser):
        parser.add_argument("unit", help="Code of the contact centre unit, e.g. northshire-111.")
        parser.add_argument("--weeks", type=int, default=8)
        parser.add_argument("--forecast-days", type=int, default=28)

    def handle(self, *args, **options):
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"unit: there is no unit with code '{options['unit']}'.", returncode=2)
        if not 1 <= options["weeks"] <= 104:
            raise CommandError("--weeks: give 1 to 104 weeks.", returncode=2)
        with transaction.atomic(durable=True):
            rows = load_demo_history(unit, today=timezone.localdate(), weeks=options["weeks"],
                                     forecast_days=options["forecast_days"])
        self.stdout.write(f"Wrote {rows} intervals of history and forecast for {unit}.")
        self.stdout.write(json.dumps({"unit": unit.code, "rows": rows}))
