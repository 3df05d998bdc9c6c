"""Hooks for what later issues add to the demo. Each receives the context after people, posts and history exist
(`ctx.people` carry database ids and roles; `ctx.units` carry ids) and returns the number of rows it wrote.
Each should draw from its own `ctx.rng("<step>")` so it never changes the data of the steps before it, and add
its models to `reset.RESET_ORDER`."""

from demand.demo import load_demo_history
from org.models import Unit

from . import breaches, rosters
from .context import DemoContext
from .cover import add_cover
from .nhs111 import CENTRE
from .pay import add_pay


def add_shift_patterns(ctx: DemoContext) -> int:
    """Library shift patterns and types: response teams A–E of each station on the police 5-team pattern at
    offsets 0–4 weeks, control-room watches 1–5 likewise, NHS 111 teams on the 6-week 111 rotation (rosters.py)."""
    return rosters.add_shift_patterns(ctx)


def add_duties(ctx: DemoContext) -> int:
    """The base roster projected from the team patterns, published up to four weeks ahead (rosters.py), then a few
    realistic working-time breaches and warnings for the compliance pages (breaches.py)."""
    duties = rosters.add_duties(ctx)
    return duties + breaches.plant_breaches(ctx)  # rest days worked become duties


def add_station_minimums(ctx: DemoContext) -> int:
    """Each police station's minimum and target staffing from the library template (rosters.py)."""
    return rosters.add_station_minimums(ctx)


def add_events(ctx: DemoContext) -> int:
    """Pre-planned events and operations (a match-day operation, a mutual-aid request) with requirements
    (events.py)."""
    from .events import add_events as build

    return build(ctx)


def add_call_history(ctx: DemoContext) -> int:
    """Eight weeks of half-hourly NHS 111 call volumes and handling times for two queues, with a forecast of the
    next four weeks (demand.demo)."""
    return load_demo_history(Unit.objects.get(code=CENTRE), today=ctx.today, skills=ctx.skills)


# add_pay (pay.py): rate tables, a budget per station this quarter, willing people and a few overtime records.


LATER_STEPS = [add_shift_patterns, add_duties, add_station_minimums, add_events, add_call_history, add_pay, add_cover]
