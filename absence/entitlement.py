"""Leave entitlement: the scheme of a staff group, its leave year, and what a person is owed in a year.

Schemes follow RULES.md: police officers POL-13 (8-hour days by service, pro rata to 40 h, POL-12) with a day's
leave for each public holiday (POL-4); NHS staff NHS-5 (days by service, held in hours, pro rata to 37.5 h) with a
60-hour public-holiday bank (NHS-6); police staff a configurable default [C] (the Police Staff Council leaves
annual leave to forces). Every number here is a default that `settings.ABSENCE_LEAVE_SCHEMES` may override per
rule pack or staff group code, e.g. {"police-staff": {"service_days": [[0, 26], [5, 31]]}}.

Pro rata is computed day by day over the leave year, so nothing is lost or double-counted when a contract changes
mid-year or a person starts or leaves: each employed day is worth 1/12 of a month's share (1 / days in its month),
times the contract's hours over full-time hours that day. A leap-year February weighs the same as any month."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from common.calendar import bank_holidays
from common.choices import BankHolidayRegion
from org.choices import StaffGroupKind

from .choices import LeaveYearStart, Ledger

CENT = Decimal("0.01")
# WTR-9: the statutory floor is 5.6 weeks (bank holidays included).
STATUTORY_WEEKS = Decimal("5.6")


@dataclass(frozen=True)
class LeaveScheme:
    code: str
    day_hours: Decimal  # a leave "day" in hours for a full-timer
    full_time_hours: Decimal  # weekly hours that count as full time (the pro rata divisor)
    service_days: tuple[tuple[int, int], ...]  # (completed years of service, days a year), ascending
    annual_rule: str
    public_holidays: str  # "per-holiday": a day per public holiday; "bank": a fixed bank of hours
    public_holiday_bank_hours: Decimal = Decimal(0)
    public_holiday_rule: str = ""
    carry_over_days: Decimal = Decimal(5)
    carry_over_rule: str = ""
    leave_year: str = "04-01"  # "MM-DD" of a fixed leave year, or "anniversary"
    toil_expiry_months: int = 3
    toil_rule: str = ""
    rdil_expiry_months: int = 12
    rdil_rule: str = ""
    recall_from_leave: bool = False  # POL-13 recall credits
    notes: tuple[str, ...] = field(default_factory=tuple)

    def days_for_service(self, years: int) -> int:
        days = self.service_days[0][1]
        for threshold, value in self.service_days:
            if years >= threshold:
                days = value
        return days


SCHEMES = {
    "police-officer": LeaveScheme(
        code="police-officer", day_hours=Decimal(8), full_time_hours=Decimal(40),
        service_days=((0, 22), (2, 25), (10, 27), (15, 28), (20, 30)), annual_rule="POL-13",
        public_holidays="per-holiday", public_holiday_rule="POL-4", carry_over_days=Decimal(5),
        carry_over_rule="POL-13", toil_expiry_months=3, toil_rule="POL-8", rdil_expiry_months=12, rdil_rule="POL-4",
        recall_from_leave=True,
        notes=("TOIL expiry for officers is force policy [C]: 3 months by default.",)),
    "police-staff": LeaveScheme(
        code="police-staff", day_hours=Decimal("7.4"), full_time_hours=Decimal(37),
        service_days=((0, 25), (5, 30)), annual_rule="[C]", public_holidays="per-holiday",
        public_holiday_rule="[C]", carry_over_days=Decimal(5), carry_over_rule="[C]", toil_expiry_months=3,
        toil_rule="PSC-1", rdil_expiry_months=12, rdil_rule="[C]",
        notes=("Police staff leave is set locally: 25 days, 30 after 5 years' service, is a configurable "
               "default [C].",)),
    "nhs-afc": LeaveScheme(
        code="nhs-afc", day_hours=Decimal("7.5"), full_time_hours=Decimal("37.5"),
        service_days=((0, 27), (5, 29), (10, 33)), annual_rule="NHS-5", public_holidays="bank",
        public_holiday_bank_hours=Decimal(60), public_holiday_rule="NHS-6", carry_over_days=Decimal(5),
        carry_over_rule="[C]", toil_expiry_months=3, toil_rule="NHS-4", rdil_expiry_months=12, rdil_rule="[C]"),
}
SCHEMES["nhs-ambulance"] = replace(SCHEMES["nhs-afc"], code="nhs-ambulance")


def scheme_for(rule_pack: str, staff_group_code: str = "", staff_group_kind: str = "") -> LeaveScheme | None:
    """The scheme of a staff group; None for volunteers (special constables earn no leave)."""
    if staff_group_kind == StaffGroupKind.SPECIAL:
        return None
    scheme = SCHEMES.get(rule_pack) or SCHEMES["police-staff"]
    overrides = getattr(settings, "ABSENCE_LEAVE_SCHEMES", {}) or {}
    for key in (rule_pack, staff_group_code):
        changes = dict(overrides.get(key) or {})
        if not changes:
            continue
        for name in ("day_hours", "full_time_hours", "public_holiday_bank_hours", "carry_over_days"):
            if name in changes:
                changes[name] = Decimal(str(changes[name]))
        if "service_days" in changes:
            changes["service_days"] = tuple((int(a), int(b)) for a, b in changes["service_days"])
        scheme = replace(scheme, **changes)
    return scheme


def scheme_of(person) -> LeaveScheme | None:
    group = person.staff_group
    return scheme_for(group.rule_pack, group.code, group.kind)


# --- leave years ------------------------------------------------------------------------------------------------

def _same_day_in(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def year_kind(scheme: LeaveScheme) -> str:
    return LeaveYearStart.ANNIVERSARY if scheme.leave_year == "anniversary" else LeaveYearStart.FIXED


def leave_year(scheme: LeaveScheme, day: dt.date, person_start: dt.date) -> tuple[dt.date, dt.date]:
    """The leave year (first, last day) that contains `day`: from a fixed date (1 April by default) or from the
    person's start-date anniversary. A 29 February anniversary falls on 28 February in common years."""
    if year_kind(scheme) == LeaveYearStart.ANNIVERSARY:
        month, mday = person_start.month, person_start.day
    else:
        month, mday = (int(x) for x in scheme.leave_year.split("-"))
    start = _same_day_in(day.year, month, mday)
    if start > day:
        start = _same_day_in(day.year - 1, month, mday)
    following = _same_day_in(start.year + 1, month, mday)
    return start, following - dt.timedelta(days=1)


def completed_years(start: dt.date, on: dt.date) -> int:
    years = on.year - start.year - ((on.month, on.day) < (start.month, start.day))
    return max(0, years)


# --- the entitlement of one leave year ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ContractSpan:
    """Weekly hours from a day to a day (None: open)."""

    start: dt.date
    end: dt.date | None
    weekly_hours: Decimal


@dataclass(frozen=True)
class EntitlementLine:
    ledger: str
    hours: Decimal
    rule: str
    reason: str


@dataclass(frozen=True)
class Entitlement:
    year_start: dt.date
    year_end: dt.date
    lines: tuple[EntitlementLine, ...]
    share: Decimal  # months employed / 12, unweighted by hours
    part_time: Decimal  # average contract hours / full-time hours over the employed days

    def total(self, ledger: str) -> Decimal:
        return sum((line.hours for line in self.lines if line.ledger == ledger), Decimal(0))


def _hours_on(day: dt.date, contracts: Sequence[ContractSpan]) -> Decimal | None:
    found = None
    for span in contracts:
        if span.start <= day and (span.end is None or day <= span.end):
            if found is None or span.start >= found.start:
                found = span
    return found.weekly_hours if found else None


def _segments(contracts: Sequence[ContractSpan], first: dt.date, last: dt.date
              ) -> list[tuple[dt.date, dt.date, Decimal]]:
    """first..last cut where the contract in force changes: (from, to, weekly hours); days with none are left out."""
    if last < first:
        return []
    edges = {first, last + dt.timedelta(days=1)}
    for span in contracts:
        for edge in (span.start, (span.end + dt.timedelta(days=1)) if span.end else None):
            if edge is not None and first < edge <= last:
                edges.add(edge)
    points = sorted(edges)
    out = []
    for a, b in zip(points, points[1:], strict=False):
        hours = _hours_on(a, contracts)
        if hours is not None:
            out.append((a, b - dt.timedelta(days=1), hours))
    return out


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def compute_entitlement(scheme: LeaveScheme, *, year_start: dt.date, year_end: dt.date, service_start: dt.date,
                        employed_from: dt.date, employed_to: dt.date | None, contracts: Sequence[ContractSpan],
                        region: str = BankHolidayRegion.ENGLAND_AND_WALES) -> Entitlement:
    """Annual leave and public-holiday hours for one leave year, pro rata for part time and part years."""
    share = Decimal(0)  # months employed / 12
    weighted = Decimal(0)  # Σ month share × hours fraction: full time all year = 1
    last_employed = employed_to or year_end
    month_start = year_start
    while month_start <= year_end:
        days_in_month = calendar.monthrange(month_start.year, month_start.month)[1]
        month_end = min(month_start.replace(day=days_in_month), year_end)
        weight = Decimal(1) / (12 * days_in_month)
        # The employed days of the month under each contract (the latest contract wins where two overlap).
        first, last = max(month_start, employed_from), min(month_end, last_employed)
        for span_start, span_end, hours in _segments(contracts, first, last):
            days = (span_end - span_start).days + 1
            share += weight * days
            weighted += weight * days * hours / scheme.full_time_hours
        month_start = month_end + dt.timedelta(days=1)
    part_time = (weighted / share) if share else Decimal(0)
    years = completed_years(service_start, year_end)
    days = scheme.days_for_service(years)
    lines: list[EntitlementLine] = []
    annual = _round(Decimal(days) * scheme.day_hours * weighted)
    why = (f"{days} days of {scheme.day_hours} h for {years} completed years' service by {year_end:%d %b %Y}")
    if share < Decimal("0.9999") or part_time != 1:
        why += f", × {part_time:.3f} of full time × {share * 12:.2f} months of 12"
    lines.append(EntitlementLine(Ledger.ANNUAL_LEAVE, annual, scheme.annual_rule, why))

    if scheme.public_holidays == "bank":
        bank = _round(scheme.public_holiday_bank_hours * weighted)
        lines.append(EntitlementLine(Ledger.PUBLIC_HOLIDAY, bank, scheme.public_holiday_rule,
                                     f"{scheme.public_holiday_bank_hours} h public-holiday bank for shift workers, "
                                     f"pro rata"))
    else:
        total, count = Decimal(0), 0
        for holiday in public_holidays(region, year_start, year_end):
            if employed_from <= holiday and (employed_to is None or holiday <= employed_to):
                hours = _hours_on(holiday, contracts)
                if hours is not None:
                    total += scheme.day_hours * hours / scheme.full_time_hours
                    count += 1
        lines.append(EntitlementLine(Ledger.PUBLIC_HOLIDAY, _round(total), scheme.public_holiday_rule,
                                     f"a day's leave for each of {count} public holidays while employed, "
                                     f"pro rata to {scheme.full_time_hours} h"))

    # WTR-9: contractual leave plus public holidays is never below 5.6 weeks of the person's hours.
    floor = _round(STATUTORY_WEEKS * scheme.full_time_hours * weighted)
    given = sum((line.hours for line in lines), Decimal(0))
    if given < floor:
        lines.append(EntitlementLine(Ledger.ANNUAL_LEAVE, floor - given, "WTR-9",
                                     f"top-up to the statutory 5.6 weeks ({floor} h)"))
    places = Decimal("0.0001")
    return Entitlement(year_start, year_end, tuple(lines), share.quantize(places), part_time.quantize(places))


def public_holidays(region: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """The region's public holidays from start to end. `holidays` lists both a holiday that falls at a weekend and
    its substitute weekday ("Boxing Day (observed)"); only the substitute is a day off."""
    found = bank_holidays(region, start - dt.timedelta(days=3), end + dt.timedelta(days=3))
    substituted = {name.removesuffix(" (observed)") for name in found.values() if name.endswith(" (observed)")}
    return sorted(day for day, name in found.items() if start <= day <= end
                  and not (day.weekday() >= 5 and name in substituted))


def carry_over_cap(scheme: LeaveScheme, part_time: Decimal) -> Decimal:
    """The most annual leave hours carried into the next year: 5 days (POL-13), pro rata for part time."""
    return _round(scheme.carry_over_days * scheme.day_hours * part_time)


def recall_credit_days(days_worked: int) -> Decimal:
    """POL-13: recalled from leave, the first and second leave days worked give 2 days back each, further days
    1.5 each."""
    first = min(days_worked, 2)
    return Decimal(2) * first + Decimal("1.5") * max(0, days_worked - 2)
