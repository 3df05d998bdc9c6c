"""The `muster` console script: Muster's own sub-commands, and everything else handed to manage.py.

`muster check` and `muster cost` run the pure engine on an interchange file without touching the database
(and shadow Django's own `check`, which stays reachable as `muster django-check`)."""

import os
import sys

ENGINE_COMMANDS = {
    "check": "muster_engine.worktime.cli",
    "cost": "muster_engine.pay.cli",
    "forecast": "muster_engine.queueing.cli_forecast",
    "staffing": "muster_engine.queueing.cli_staffing",
    "bench": "muster_engine.solver.cli",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ENGINE_COMMANDS:
        import importlib

        return importlib.import_module(ENGINE_COMMANDS[argv[0]]).main(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "muster.settings")
    from django.core.management import execute_from_command_line

    if argv and argv[0] == "django-check":
        argv[0] = "check"
    aliases = {"demo": "demo", "serve": "serve"}
    if argv and argv[0] in aliases:
        argv[0] = aliases[argv[0]]
    execute_from_command_line(["muster", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
