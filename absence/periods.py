"""Periods of absence: whole or part days as instants, overlaps, and the hours an absence takes.

A part day is a local wall time on the first and/or last day; the instants come from common.calendar, so an
absence over the clock change is an hour shorter or longer than its wall-clock times say (C-4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from common.calendar import bank_holidays, local_instant, local_midnight
from common.choices import BankHolidayRegion
from common.errors import DomainError, FieldError
from common.schema_types import check_plan_day
from people.models import Contract, Person

from .choices import LIVE_STATUSES
from .models import Abstraction

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    start_date: dt.date
    end_date: dt.date
    start_time: dt.time | None = None
    end_time: dt.time | None = None

    @property
    def starts_at(self) -> dt.datetime:
        return local_instant(self.start_date, self.start_time) if self.start_time else local_midnight(self.start_date)

    @property
    def ends_at(self) -> dt.datetime:
        if self.end_time:
            return local_instant(self.end_date, self.end_time)
        return local_midnight(self.end_date + dt.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def is_part_day(self) -> bool:
        return self.start_time is not None or self.end_time is not None

    def text(self) -> str:
        first = f"{self.start_date:%a %d %b %Y}" + (f" {self.start_time:%H:%M}" if self.start_time else "")
        last = f"{self.end_date:%a %d %b %Y}" + (f" {self.end_time:%H:%M}" if self.end_time else "")
        return first if first == last else f"{first} – {last}"


MAX_DAYS = 3 * 366  # a typo guard: maternity and secondment fit; a decade does not


def clean_period(start_date, end_date=None, start_time=None, end_time=None) -> Period:
    """Validate a period from a form or JSON: dates (or ISO strings) with optional part-day times."""
    start_date = _date(start_date, "start_date", _("First day"))
    end_date = _date(end_date, "end_date", _("Last day")) if end_date not in (None, "") else start_date
    start_time = _time(start_time, "start_time")
    check_plan_day(start_date, "start_date")
    check_plan_day(end_date, "end_date")
    end_time = _time(end_time, "end_time")
    if end_date < start_date:
        raise DomainError(_("The last day (%(end)s) is before the first day (%(start)s).")
                          % {"end": end_date, "start": start_date}, field="end_date")
    if (end_date - start_date).days + 1 > MAX_DAYS:
        raise DomainError(_("%(days)s days is longer than the %(max)s-day limit: check the dates.")
                          % {"days": (end_date - start_date).days + 1, "max": MAX_DAYS}, field="end_date")
    if start_date == end_date and start_time and end_time and end_time <= start_time:
        raise DomainError(_("On a single day the end time (%(end)s) must be after the start time (%(start)s).")
                          % {"end": f"{end_time:%H:%M}", "start": f"{start_time:%H:%M}"}, field="end_time")
    return Period(start_date, end_date, start_time, end_time)


def _date(value, field: str, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise DomainError(_("%(label)s: '%(value)s' is not a date; use YYYY-MM-DD.")
                          % {"label": label, "value": value or ""}, field=field) from None


def _time(value, field: str) -> dt.time | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.time):
        return value
    try:
        return dt.time.fromisoformat(str(value).strip())
    except ValueError:
        raise DomainError(_("'%(value)s' is not a time; use HH:MM.") % {"value": value}, field=field) from None


# --- overlaps -----------------------------------------------------------------------------------------------------

def live_overlaps(person: Person, period: Period, *, exclude_ids: tuple[int, ...] = (),
                  removing_only: bool = True) -> list[Abstraction]:
    """The person's requested or approved abstractions that overlap `period` in time. Only those that take the
    person off the roster clash: a court warning or restricted duties may lie under leave."""
    rows = (Abstraction.objects.filter(person=person, status__in=LIVE_STATUSES, start_date__lte=period.end_date,
                                       end_date__gte=period.start_date)
            .exclude(pk__in=exclude_ids).select_related("type"))
    if removing_only:
        rows = rows.filter(type__removes_from_roster=True)
    starts, ends = period.starts_at, period.ends_at
    return [a for a in rows if a.starts_at < ends and starts < a.ends_at]


def overlap_error(person: Person, period: Period, new_type_name: str, clashes: list[Abstraction], *,
                  row: int | None = None, can_see_health: bool = True) -> FieldError:
    """A message naming both abstractions, e.g. "Annual leave Mon 06 Apr – Fri 10 Apr 2026 for Sam Jones overlaps
    Training Wed 08 Apr 2026 (approved)". Sickness is named only to those allowed health data."""
    other = clashes[0]
    name = other.type.name if (can_see_health or not other.type.health_data) else _("another absence")
    message = _("%(new)s %(period)s for %(person)s overlaps %(other)s %(other_period)s (%(status)s).") % {
        "new": new_type_name, "period": period.text(), "person": person.full_name, "other": name,
        "other_period": other.period_text(), "status": other.get_status_display().lower()}
    if len(clashes) > 1:
        message += " " + _("And %(n)s more.") % {"n": len(clashes) - 1}
    return FieldError("start_date", message, row=row)


# --- hours --------------------------------------------------------------------------------------------------------

def contract_hours_on(person: Person, day: dt.date, contracts: list[Contract] | None = None) -> Decimal:
    if contracts is None:
        contracts = list(person.contracts.all())
    best = None
    for c in contracts:
        if c.effective_from <= day and (c.effective_to is None or day <= c.effective_to):
            if best is None or c.effective_from > best.effective_from:
                best = c
    return best.weekly_hours if best else Decimal(0)


def estimate_hours(person: Person, period: Period, *, region: str | None = None) -> Decimal:
    """Hours of work an absence takes when the roster cannot say: a standard day (weekly hours ÷ 5) on each
    weekday that is not a public holiday; a part day counts its own length, capped at a standard day.
    rostering.leave replaces this with the planned duties when they exist."""
    contracts = list(person.contracts.all())
    region = region or (person.home_unit.bank_holiday_region if person.home_unit_id
                        else BankHolidayRegion.ENGLAND_AND_WALES)
    holidays = bank_holidays(region, period.start_date, period.end_date)
    total = Decimal(0)
    day = period.start_date
    while day <= period.end_date:
        standard = contract_hours_on(person, day, contracts) / 5
        if day.weekday() < 5 and day not in holidays:
            first, last = day == period.start_date, day == period.end_date
            if (first and period.start_time) or (last and period.end_time):
                start = period.starts_at if first and period.start_time else local_midnight(day)
                end = period.ends_at if last and period.end_time else local_midnight(day + dt.timedelta(days=1))
                length = Decimal((end - start).total_seconds()) / 3600
                total += min(length, standard)
            else:
                total += standard
        day += dt.timedelta(days=1)
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def overlapping_q(start: dt.date, end: dt.date) -> Q:
    return Q(start_date__lte=end, end_date__gte=start)
