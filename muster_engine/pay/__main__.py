"""`python -m muster_engine.pay FILE.json [--format json|text]`, the same as `muster cost`."""

import sys

from .cli import main

raise SystemExit(main(sys.argv[1:]))
