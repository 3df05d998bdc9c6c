"""Working-time rules engine (RULES.md §§ 1-2, 8): pure Python and NumPy, never Django.

    from muster_engine.worktime import Duty, Period, Person, Timelines, evaluate, shipped_packs

    people = [Person("P1", pack="police-officer", birth_date=date(1990, 5, 1), wtr_opt_out=False)]
    duties = [Duty("P1", start, end, break_minutes=45, kind="duty")]  # aware datetimes
    timelines = Timelines.from_records(people, duties, rest_days, abstractions)
    violations = evaluate(timelines, shipped_packs(), Period(date(2026, 1, 5), date(2026, 5, 3)))

Pass duties from the reference window (17 weeks by default) before the period as history. For one
person, `check_person(person, duties, period)` does the same. `average_weekly_hours` gives the WTR-1
average per person and day. `interchange` reads and writes the `muster check` JSON document.
"""

from .clock import LONDON, london
from .evaluate import WeeklyAverages, average_weekly_hours, check_person, evaluate
from .interchange import CheckRequest, InterchangeError, check_document, format_violations, parse_document
from .model import Abstraction, Duty, Period, Person, RestDay, Violation
from .packs import PackLimitError, Packs, RulePack, UnknownPackError, shipped_packs
from .timelines import Timelines

__all__ = [
    "LONDON",
    "Abstraction",
    "CheckRequest",
    "Duty",
    "InterchangeError",
    "PackLimitError",
    "Packs",
    "Period",
    "Person",
    "RestDay",
    "RulePack",
    "Timelines",
    "UnknownPackError",
    "Violation",
    "WeeklyAverages",
    "average_weekly_hours",
    "check_document",
    "check_person",
    "evaluate",
    "format_violations",
    "london",
    "parse_document",
    "shipped_packs",
]
