"""`muster demo [--port P] [--no-serve]`: migrate, load the demo organisation into an empty database (or reuse what
is there), print the URL and the demo logins, then run the web server and one task worker until Ctrl-C."""


from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.errors import DomainError
from demo.generate import DEFAULT_SEED, load_demo_organisation
from demo.generate.logins import existing_logins
from demo.serving import serve_with_worker, site_url
from org.models import Unit
from people.models import Person

from .load_demo import print_logins, print_result


class Command(BaseCommand):
    help = "Start Muster with the demo organisation: migrate, load it if the database is empty, and serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default %(default)s).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default %(default)s).")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Seed when loading (default %(default)s).")
        parser.add_argument("--no-serve", action="store_true", help="Migrate, load and print the logins, then stop.")

    def handle(self, *args, host: str, port: int, seed: int, no_serve: bool, **options) -> None:
        database = settings.DATABASES["default"]["NAME"]
        self.stdout.write(f"Database: {database}")
        call_command("migrate", interactive=False, verbosity=0)
        if Unit.objects.exists():
            self.stdout.write(f"Using the organisation already there ({Person.objects.count():,} people). "
                              "To start afresh: muster load_demo --reset")
            logins = existing_logins()
            if logins:
                print_logins(self, logins)
            else:
                self.stdout.write("No demo logins in this database: sign in with your own account.")
        else:
            self.stdout.write("Loading the demo organisation…")
            try:
                result = load_demo_organisation(seed)
            except DomainError as error:
                raise CommandError(error.message) from error
            print_result(self, result)
            self.stdout.write(f"Loaded in {result.seconds:.1f} s.")
            # Leave balances are ledgers: open this leave year for everyone and post the demo's booked leave, so
            # balances show what was taken (one action per person, hence outside the load's transaction).
            self.stdout.write("Opening leave years and posting booked leave to the ledgers (about half a minute)…")
            for what in ("open", "backfill"):
                call_command("leave_ledgers", what, stdout=self.stdout)
        url = site_url(host, port)
        self.stdout.write(self.style.SUCCESS(f"\nMuster: {url}  — sign in with a demo login above."))
        if not no_serve:
            serve_with_worker(self, host=host, port=port)
