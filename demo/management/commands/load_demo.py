"""`muster load_demo [--seed N] [--reset] [--scale F] [--format json]`: write the demo organisation.

Output: a table of counts and the demo logins, ending with one line of JSON
{"people": int, "units": int, "abstractions": int, "seconds": float}. With --format json only that line is printed.
Exits 1 (and changes nothing) when the database already holds an organisation and --reset was not given."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.errors import DomainError
from demo.generate import DEFAULT_SEED, DEMO_PASSWORD, DemoResult, delete_demo_data, load_demo_organisation


def print_logins(command: BaseCommand, logins: list[dict]) -> None:
    style = command.style
    command.stdout.write(style.MIGRATE_HEADING("Demo logins") + f" (password for all: {DEMO_PASSWORD})")
    for login in logins:
        person = f" — signs in as {login['person']}" if login.get("person") else ""
        command.stdout.write(f"  {login['username']:<11} {login['role']:<14} {login['scope']}{person}")


def print_result(command: BaseCommand, result: DemoResult) -> None:
    command.stdout.write(command.style.MIGRATE_HEADING(f"Demo organisation loaded (seed {result.seed})"))
    for name, count in result.counts.items():
        command.stdout.write(f"  {name:<32} {count:>7,}")
    print_logins(command, result.logins)


def summary_line(result: DemoResult) -> str:
    return json.dumps({"people": result.counts["people"], "units": result.counts["units"],
                       "abstractions": result.counts["abstractions"], "seconds": round(result.seconds, 2)})


class Command(BaseCommand):
    help = "Load the synthetic demo organisation (Northshire Police and Northshire 111) into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help="Random seed: the same seed gives the same organisation (default %(default)s).")
        parser.add_argument("--reset", action="store_true",
                            help="Delete the people, units and demo logins already in the database first.")
        parser.add_argument("--scale", type=float, default=1.0,
                            help="Shrink team sizes (0.05–1) for a quicker, smaller load; the tree keeps its shape.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, seed: int, reset: bool, scale: float, format: str, **options) -> None:
        if not 0.05 <= scale <= 1.0:
            raise CommandError("--scale must be between 0.05 and 1.", returncode=2)
        try:
            if reset:
                deleted = delete_demo_data()
                if format == "text" and any(deleted.values()):
                    self.stdout.write("Deleted " + ", ".join(f"{n:,} {name}" for name, n in deleted.items() if n))
            result = load_demo_organisation(seed, scale=scale)
        except DomainError as error:
            raise CommandError(error.message) from error
        if format == "text":
            print_result(self, result)
        self.stdout.write(summary_line(result))
