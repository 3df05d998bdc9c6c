"""manage.py make_forecast QUEUE_ID [--days 28] [--first-day YYYY-MM-DD] [--user NAME]

Forecast a queue from its stored history and store the forecast (as the page's "Make forecast" does).
Exit 0: made; 2: bad arguments or a history that cannot be forecast. Ends with one line of JSON."""

import datetime as dt
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from common.errors import DomainError
from demand.actions import do_make_forecast
from demand.models import Queue
from people.management.commands._actor import resolve_actor


class Command(BaseCommand):
    help = "Forecast a demand queue's calls per interval from its history and store the forecast."

    def add_arguments(self, parser):
        parser.add_argument("queue", type=int, help="Id of the queue.")
        parser.add_argument("--days", type=int, default=28, help="Days to forecast (1-84, default 28).")
        parser.add_argument("--first-day", help="First day (default: the day after the history).")
        parser.add_argument("--user", help="Act as this user (their units only). Default: system.")
        parser.add_argument("--note", default="")

    def handle(self, *args, **options):
        queue = Queue.objects.select_related("unit").filter(pk=options["queue"]).first()
        if queue is None:
            raise CommandError(f"queue: there is no queue with id {options['queue']}.", returncode=2)
        first_day = None
        if options["first_day"]:
            try:
                first_day = dt.date.fromisoformat(options["first_day"])
            except ValueError:
                raise CommandError("--first-day: give a date as YYYY-MM-DD.", returncode=2) from None
        try:
            forecast = do_make_forecast(queue, horizon_days=options["days"], first_day=first_day,
                                        note=options["note"], acting_user=resolve_actor(options["user"]))
        except DomainError as error:
            self.stderr.write(error.message)
            self.stdout.write(json.dumps(error.as_dict()))
            sys.exit(2)
        total = sum(forecast.intervals.values_list("calls", flat=True))
        self.stdout.write(f"Forecast {forecast.pk}: {queue}, {forecast.first_day} to {forecast.last_day}, "
                          f"{total:,.0f} calls.")
        self.stdout.write(json.dumps({"forecast": forecast.pk, "first_day": forecast.first_day.isoformat(),
                                      "last_day": forecast.last_day.isoformat(), "calls": round(total, 1)}))
