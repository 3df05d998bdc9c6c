"""`python -m muster_engine.worktime FILE.json [--format json|text]`, the same as `muster check`."""

import sys

from .cli import main

raise SystemExit(main(sys.argv[1:]))
