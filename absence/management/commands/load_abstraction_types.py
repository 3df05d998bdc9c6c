"""muster load_abstraction_types: create the shipped abstraction types that are missing (absence/reference.py).

Existing types are left as they are: an administrator may have changed their flags."""

from django.core.management.base import BaseCommand

from absence.reference import ensure_abstraction_types


class Command(BaseCommand):
    help = "Create the shipped abstraction types that are missing; leave existing ones alone."

    def handle(self, *args, **options):
        created = ensure_abstraction_types()
        self.stdout.write(f"{len(created)} abstraction types created" + (
            ": " + ", ".join(t.code for t in created) if created else " (all present)."))
