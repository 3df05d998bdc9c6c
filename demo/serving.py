"""The embedded deployment: Django's web server in the foreground and one task worker beside it.

Static files are served by django.contrib.staticfiles (`runserver --insecure`), so no collectstatic step is needed.
This is the single-machine default; at scale run a real WSGI/ASGI server and many `db_worker` processes."""

import os
import signal
import socket
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def check_port_free(host: str, port: int) -> None:
    """Fail before starting the worker: runserver exits the process outright when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as error:
            raise CommandError(f"Port {port} on {host} is in use ({error.strerror}); choose another with --port.",
                               returncode=2) from error


def start_worker() -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "muster.settings")}
    return subprocess.Popen([sys.executable, "-m", "django", "db_worker", "--no-startup-delay"],
                            cwd=settings.BASE_DIR, env=env)


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is not None:
        return
    # db_worker finishes the task in hand on SIGINT/SIGTERM; give it a moment before insisting.
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def serve_with_worker(command: BaseCommand, *, host: str, port: int) -> None:
    """Run the web server until Ctrl-C with one task worker subprocess, stopped on the way out."""
    check_port_free(host, port)
    # Ctrl-C (or a service manager's SIGTERM) must unwind through `finally` so the worker is never orphaned; a
    # shell that started us in the background may have set SIGINT to "ignore", so set both explicitly.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    worker = start_worker()
    command.stdout.write(f"Task worker started (pid {worker.pid}). Press Ctrl-C to stop both.")
    try:
        call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True)
    except KeyboardInterrupt:
        pass
    finally:
        stop_worker(worker)


def site_url(host: str, port: int) -> str:
    shown = "localhost" if host in {"127.0.0.1", "0.0.0.0", "::", "[::]"} else host
    return f"http://{shown}:{port}/"
