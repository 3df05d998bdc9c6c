"""One module per rule family; each exposes `check(ctx) -> list[Violation]` over everyone at once."""

from __future__ import annotations

from collections.abc import Callable

from ..context import Context
from ..model import Violation
from . import average_hours, breaks, night, rest, rest_days, young

Rule = Callable[[Context], list[Violation]]

ALL_RULES: tuple[Rule, ...] = (
    average_hours.check,
    rest.check,
    breaks.check,
    night.check,
    young.check,
    rest_days.check,
)

__all__ = ["ALL_RULES", "Rule"]
