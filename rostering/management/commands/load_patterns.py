"""muster load_patterns [CODE ...]: bring library shift patterns (and their shift types) into the organisation."""

import json

from django.core.management.base import BaseCommand, CommandError

from common.errors import DomainError
from people.management.commands._actor import resolve_actor
from rostering.actions import do_import_library_pattern
from rostering.library import library_patterns


class Command(BaseCommand):
    help = "Import library shift patterns by code (all when none given)."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*")
        parser.add_argument("--user", help="Act as this user. Default: system.")

    def handle(self, *args, **options):
        known = {p.code for p in library_patterns()}
        codes = options["codes"] or sorted(known)
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise CommandError(f"codes: no library pattern {', '.join(unknown)}; known: {', '.join(sorted(known))}.",
                               returncode=2)
        actor = resolve_actor(options["user"])
        loaded = []
        for code in codes:
            try:
                loaded.append(do_import_library_pattern(code=code, acting_user=actor).code)
            except DomainError as exc:
                raise CommandError(f"{code}: {exc.message}", returncode=2) from None
        self.stdout.write(json.dumps({"patterns": loaded}))
