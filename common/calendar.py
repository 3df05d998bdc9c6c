"""Local time and bank holidays: Europe/London wall times to instants, public holidays by region."""

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from .choices import BankHolidayRegion

LONDON = ZoneInfo("Europe/London")

_SUBDIVISIONS = {
    BankHolidayRegion.ENGLAND_AND_WALES: "ENG",
    BankHolidayRegion.SCOTLAND: "SCT",
    BankHolidayRegion.NORTHERN_IRELAND: "NIR",
}


def local_instant(day: dt.date, at: dt.time) -> dt.datetime:
    """The instant (in UTC) a Europe/London wall time happens.

    UTC, not London: Python subtracts two datetimes sharing one tzinfo as wall times, which would make a
    night over the clock change 9 h instead of 8 or 10.
    A wall time inside the skipped spring hour (01:30 on the last Sunday of March) does not exist; the
    round trip moves it to the real instant an hour later on the clock (02:30 BST). A repeated autumn
    time gives the first (BST) instant."""
    naive = dt.datetime.combine(day, at)
    return naive.replace(tzinfo=LONDON).astimezone(dt.UTC)


def local_midnight(day: dt.date) -> dt.datetime:
    return local_instant(day, dt.time(0, 0))


@lru_cache(maxsize=64)
def _holidays(region: str, year: int) -> dict[dt.date, str]:
    subdiv = _SUBDIVISIONS.get(region, "ENG")
    return dict(holidays.country_holidays("GB", subdiv=subdiv, years=year).items())


def bank_holidays(region: str, start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """Public holidays of a region (england-and-wales, scotland, northern-ireland) from start to end inclusive."""
    found: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        for day, name in _holidays(region, year).items():
            if start <= day <= end:
                found[day] = name
    return found


def is_bank_holiday(region: str, day: dt.date) -> bool:
    return day in _holidays(region, day.year)
