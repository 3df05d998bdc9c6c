"""`muster serve [--host H] [--port P]`: the web server with one task worker beside it (no demo data loaded)."""

from django.core.management.base import BaseCommand, CommandParser

from demo.serving import serve_with_worker, site_url


class Command(BaseCommand):
    help = "Run Muster's web server with one background task worker until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default %(default)s).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default %(default)s).")

    def handle(self, *args, host: str, port: int, **options) -> None:
        self.stdout.write(self.style.SUCCESS(f"Muster at {site_url(host, port)}"))
        serve_with_worker(self, host=host, port=port)
