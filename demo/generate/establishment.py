"""Establishment: the funded posts of each unit and rank, set against who is actually there (strength)."""

import math
import random
from decimal import ROUND_UP, Decimal

from .context import DemoContext, PostPlan


def fixed_post(ctx: DemoContext, unit: str, rank: str, funded: int) -> None:
    """A structural post (one inspector per station, two sergeants per team) funded whether filled or not."""
    ctx.posts.append(PostPlan(unit=unit, rank=rank, funded_fte=Decimal(funded)))


def bulk_post(ctx: DemoContext, rng: random.Random, unit: str, rank: str, *, over: bool = False) -> None:
    """Fund a team's main rank against the FTE in post: mostly one or two short, sometimes exactly full, and
    over strength when `over` (people posted in beyond the budget)."""
    strength = sum((p.fte for p in ctx.people if p.unit == unit and p.rank == rank), Decimal(0))
    if over:
        funded = Decimal(max(0, math.floor(strength) - 1))
    elif rng.random() < 0.15:
        funded = strength.quantize(Decimal("0.01"), rounding=ROUND_UP)  # posts are funded to 2 places
    else:
        funded = Decimal(math.ceil(strength) + rng.randint(1, 2))
    ctx.posts.append(PostPlan(unit=unit, rank=rank, funded_fte=funded))
