"""Types shared by the apps' API input schemas: bounds that turn inputs the ORM or the calendar cannot hold into a
422 naming the field, instead of an OverflowError (a 500) deep inside."""

import datetime as dt
from typing import Annotated

from pydantic import Field

# A database id. Keys are signed 64-bit in SQLite and PostgreSQL, and the ORM turns a larger number in an `__in` or
# foreign-key lookup into OverflowError / DataError.
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]

# A day to plan, publish or report on. Python's dates end at years 1 and 9999, and notice periods, weeks and
# time-zone conversions step past them; no roster lies outside these years.
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2999, 12, 31)
PlanDay = Annotated[dt.date, Field(ge=EARLIEST_DAY, le=LATEST_DAY)]


def within_plan_days(moment: dt.date | dt.datetime) -> bool:
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    return EARLIEST_DAY <= day <= LATEST_DAY
