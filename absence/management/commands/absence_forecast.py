"""muster absence_forecast UNIT [--weeks 12] [--on YYYY-MM-DD] [--format text|json]

The forecast of abstractions for a unit's sub-tree, week by week (people off per day), with what is booked and the
weeks above the headroom. JSON: {"unit", "headcount", "headroom", "weeks": [{"week", "forecast", "booked",
"share_percent", "above_headroom"}], "types": [{"type", "forecast": [..]}]}.
Exit 0; 1 when some week is above the headroom; 2 on bad input."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from absence.forecast import unit_forecast
from org.models import Unit


class Command(BaseCommand):
    help = "Forecast abstractions per type for the coming weeks, from history and bookings."

    def add_arguments(self, parser):
        parser.add_argument("unit", help="Unit code, e.g. north-lpa.")
        parser.add_argument("--weeks", type=int, default=12)
        parser.add_argument("--on", help="Forecast as of this day (default today), YYYY-MM-DD.")
        parser.add_argument("--format", default="text", choices=["text", "json"])

    def handle(self, *args, **options):
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"unit: '{options['unit']}' is not a unit code.", returncode=2)
        if not 1 <= options["weeks"] <= 52:
            raise CommandError("--weeks: from 1 to 52.", returncode=2)
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"--on: '{options['on']}' is not a date; use YYYY-MM-DD.", returncode=2) from None
        f = unit_forecast(unit, today=on, horizon=options["weeks"])
        weeks = [{"week": w.isoformat(), "forecast": v, "booked": b, "share_percent": s, "above_headroom": x}
                 for w, v, b, s, x in zip(f.weeks_ahead, f.forecast_total, f.booked_total, f.share, f.flagged,
                                          strict=True)]
        if options["format"] == "json":
            self.stdout.write(json.dumps({"unit": unit.code, "headcount": f.headcount, "headroom": f.headroom,
                                          "weeks": weeks, "types": [{"type": t.type.code, "forecast": t.forecast}
                                                                    for t in f.types]}))
        else:
            self.stdout.write(f"{unit.name}: {f.headcount} people; headroom {f.headroom:.0%}")
            self.stdout.write(f"{'week from':<12}{'off/day':>9}{'booked':>9}{'%':>7}")
            for w in weeks:
                flag = "  above headroom" if w["above_headroom"] else ""
                self.stdout.write(f"{w['week']:<12}{w['forecast']:>9.1f}{w['booked']:>9.1f}{w['share_percent']:>7}"
                                  f"{flag}")
        if any(w["above_headroom"] for w in weeks):
            raise SystemExit(1)
