"""Hooks for what later issues add to the demo. Each receives the context after people, posts and history exist
(`ctx.people` carry database ids and roles; `ctx.units` carry ids) and returns the number of rows it wrote.
Each should draw from its own `ctx.rng("<step>")` so it never changes the data of the steps before it, and add
its models to `reset.RESET_ORDER`."""

from .context import DemoContext


def add_shift_patterns(ctx: DemoContext) -> int:
    """Shift types and 5-week patterns: response teams A–E follow one pattern at offsets 0–4 weeks, control-room
    watches likewise; NHS 111 teams on rotating earlies/lates/nights. Not built yet."""
    return 0


def add_duties(ctx: DemoContext) -> int:
    """The base roster projected from patterns, with abstractions and some overtime. Not built yet."""
    return 0


def add_events(ctx: DemoContext) -> int:
    """Pre-planned events and operations (football matches, a mutual-aid request) with requirements. Not built
    yet."""
    return 0


def add_call_history(ctx: DemoContext) -> int:
    """Eight weeks of half-hourly NHS 111 call volumes and handling times for forecasting. Not built yet."""
    return 0


LATER_STEPS = [add_shift_patterns, add_duties, add_events, add_call_history]
