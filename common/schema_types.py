"""Types shared by the apps' API input schemas: bounds that turn inputs the ORM or the calendar cannot hold into a
422 naming the field, instead of an OverflowError (a 500) deep inside."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field

from common.errors import DomainError

# A database id. Keys are signed 64-bit in SQLite and PostgreSQL, and the ORM turns a larger number in an `__in` or
# foreign-key lookup into OverflowError / DataError.
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
# A version read back for optimistic locking (0: "the cell was empty"), compared with a 64-bit column.
Version = Annotated[int, Field(ge=0, le=MAX_ID)]

# A day to plan, publish or report on. Python's dates end at years 1 and 9999, and notice periods, weeks and
# time-zone conversions step past them; no roster lies outside these years.
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2999, 12, 31)
PlanDay = Annotated[dt.date, Field(ge=EARLIEST_DAY, le=LATEST_DAY)]


def within_plan_days(moment: dt.date | dt.datetime) -> bool:
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    return EARLIEST_DAY <= day <= LATEST_DAY


def _a_plan_moment(moment: dt.datetime) -> dt.datetime:
    # Checked on the wall-clock date, before any conversion to UTC (which is what overflows in year 1 or 9999).
    if not within_plan_days(moment):
        raise ValueError(f"must be between {EARLIEST_DAY.year} and {LATEST_DAY.year}")
    return moment


# An instant to plan (a duty, a phase, an overtime period): the same years as PlanDay. pydantic cannot compare an
# offset-aware input with a fixed bound, hence a validator rather than ge/le.
PlanMoment = Annotated[dt.datetime, AfterValidator(_a_plan_moment)]


def decimal_column(max_digits: int, decimal_places: int):
    """A Decimal input bounded by the column it is stored in (max_digits, decimal_places): a larger one cannot be
    written (Django's quantize raises InvalidOperation: a 500). Finer fractions are still rounded on save, as
    before, so only the magnitude is bounded."""
    largest = Decimal(10) ** (max_digits - decimal_places) - Decimal(1).scaleb(-decimal_places)
    return Annotated[Decimal, Field(ge=-largest, le=largest)]


# Money in pounds and pence, as the widest amount column stores it (a budget: 11 digits, 2 after the point).
Money = decimal_column(11, 2)


def check_plan_day(day: dt.date | dt.datetime | None, field: str) -> None:
    """Defence in depth for pages, the CLI and actions called directly: refuse a day outside the years Muster plans
    for with a DomainError naming the field, before date arithmetic overflows."""
    if day is not None and not within_plan_days(day):
        raise DomainError(_("The date must be between %(first)s and %(last)s.")
                          % {"first": EARLIEST_DAY.year, "last": LATEST_DAY.year}, field=field)


def check_record_id(value: int | None, field: str) -> None:
    if value is not None and not 1 <= value <= MAX_ID:
        raise DomainError(_("No such record."), field=field)
