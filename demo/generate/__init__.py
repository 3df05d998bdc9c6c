"""The demo organisation generator: `load_demo_organisation(seed=...)` writes it all in one transaction.

Deterministic: the same seed and the same `today` give the same units, people, names, payroll numbers, skills and
history. Nothing is taken from real people: names are built from syllables, places are made up and phone numbers
are in Ofcom's range reserved for drama.

The pipeline plans in memory first (police.py, nhs111.py), then writes with bulk_create (persist.py), then adds
history and logins; `later.LATER_STEPS` are where shift patterns, duties, events and call history will go."""

import datetime as dt
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from common import audit
from common.errors import DomainError
from org.models import Unit

from .context import DemoContext
from .history import build_history
from .later import LATER_STEPS
from .logins import DEMO_LOGINS, DEMO_PASSWORD, DEMO_USERNAMES, create_logins
from .nhs111 import build_nhs111
from .persist import write_people, write_posts, write_units
from .police import build_police
from .reference import ensure_reference_data
from .reset import delete_demo_data

DEFAULT_SEED = 2026

__all__ = ["DEFAULT_SEED", "DEMO_LOGINS", "DEMO_PASSWORD", "DEMO_USERNAMES", "DemoResult", "build_plan",
           "delete_demo_data", "load_demo_organisation"]


@dataclass
class DemoResult:
    seed: int
    counts: dict[str, int]
    logins: list[dict]
    seconds: float = 0.0
    context: DemoContext | None = field(default=None, repr=False)


def build_plan(seed: int = DEFAULT_SEED, *, today: dt.date | None = None, scale: float = 1.0) -> DemoContext:
    """The organisation planned in memory (reference rows are read or created, nothing else is written)."""
    ctx = DemoContext(seed=seed, today=today or timezone.localdate(), scale=scale)
    ensure_reference_data(ctx)
    build_police(ctx)
    build_nhs111(ctx)
    return ctx


def load_demo_organisation(seed: int = DEFAULT_SEED, *, today: dt.date | None = None,
                           scale: float = 1.0) -> DemoResult:
    """Write the demo organisation into an empty database. `scale` below 1 shrinks team sizes for fast tests
    (the tree keeps its shape: 4 LPAs, 12 stations, 60 response teams)."""
    started = time.perf_counter()
    with transaction.atomic(durable=True):
        if Unit.objects.exists():
            raise DomainError("The database already holds an organisation; use --reset to replace it.")
        ctx = build_plan(seed, today=today, scale=scale)
        write_units(ctx)
        write_people(ctx)
        write_posts(ctx)
        build_history(ctx)
        for step in LATER_STEPS:
            rows = step(ctx)
            if rows:
                ctx.counts[step.__name__.removeprefix("add_").replace("_", " ")] = rows
        create_logins(ctx)
        # One summary row rather than thousands: the demo is generated data, not anyone's decisions.
        audit.record(actor=None, action="demo.loaded", object_type="demo", object_repr="Demo organisation",
                     after={"seed": seed, "scale": scale, **ctx.counts}, reason="demo organisation loaded")
    # Fresh planner statistics: without them SQLite picked an index that made unit pages scan every approved
    # absence once per person (seconds per page on the demo force).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return DemoResult(seed=seed, counts=ctx.counts, logins=ctx.logins, seconds=time.perf_counter() - started,
                      context=ctx)
