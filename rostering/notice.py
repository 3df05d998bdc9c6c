"""Notice rules as data and the compensation class of a duty change (RULES.md POL-3..POL-7, PSC-1, ROS-1, C-3).

Pure functions over plain values. The amount owed is for pay costing; here we record which rule applies,
what it gives, and whether a rest day in lieu is owed."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class LeadTime:
    """How far ahead a roster must be published: `months` calendar months or `days` days before its first day."""

    rule: str
    days: int = 0
    months: int = 0

    def deadline(self, first_day: dt.date) -> dt.date:
        """The last date on which publishing is still on time."""
        if self.months:
            month = first_day.month - self.months
            year = first_day.year + (month - 1) // 12
            month = (month - 1) % 12 + 1
            day = min(first_day.day, calendar.monthrange(year, month)[1])
            return dt.date(year, month, day)
        return first_day - dt.timedelta(days=self.days)

    def label(self) -> str:
        if self.months:
            return f"{self.months} month{'s' if self.months > 1 else ''} ({self.rule})"
        return f"{self.days} days ({self.rule})"


# Roster publication lead time per rule pack. Police officers: POL-3 (one month before the first day).
# NHS: ROS-1 target of 42 days. Police staff: PSC-1 gives rest days 12 months ahead but no roster lead
# time, so we use POL-3's month as the staff roster is usually published with the officers' [C].
# Scotland: POL-15 (four weeks).
LEAD_TIMES: dict[str, LeadTime] = {
    "police-officer": LeadTime("POL-3", months=1),
    "police-officer-scotland": LeadTime("POL-15", days=28),
    "police-staff": LeadTime("PSC-1/POL-3", months=1),
    "nhs-afc": LeadTime("ROS-1", days=42),
    "nhs-ambulance": LeadTime("ROS-1", days=42),
}
DEFAULT_LEAD_TIME = LeadTime("ROS-1", days=42)


def lead_time_for(packs: set[str]) -> LeadTime:
    """The strictest lead time of the packs of the people on a roster (latest deadline wins)."""
    options = [LEAD_TIMES.get(p, DEFAULT_LEAD_TIME) for p in packs] or [LEAD_TIMES["police-officer"]]
    probe = dt.date(2026, 3, 31)
    return min(options, key=lambda lt: lt.deadline(probe))


def clear_days(notified: dt.datetime, duty_date: dt.date) -> int:
    """RULES.md C-3: neither the day of notification nor the day of duty counts."""
    return (duty_date - notified.astimezone(LONDON).date()).days - 1


@dataclass(frozen=True)
class Entry:
    """One side of a duty change: a duty (start/end), a rest day, or nothing."""

    kind: str  # "duty" | "rest" | "none"
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    code: str = ""

    @property
    def works(self) -> bool:
        return self.kind == "duty"


@dataclass(frozen=True)
class Compensation:
    rule: str
    text: str
    rdil_owed: bool = False


_PREMIUM_RANKS = ("constable", "sergeant")  # POL-11


def _premium_rank(rank_code: str) -> bool:
    code = (rank_code or "").lower()
    return any(code.startswith(r) or code.endswith(r) for r in _PREMIUM_RANKS)


def classify(*, pack: str, rank_code: str, old: Entry, new: Entry, published_rest_day: bool, public_holiday: bool,
             notified_at: dt.datetime, duty_date: dt.date) -> Compensation:
    """The compensation class of changing a published entry from `old` to `new`, told at `notified_at`."""
    days = clear_days(notified_at, duty_date)
    police = pack.startswith("police-officer")
    if pack.startswith("nhs"):
        if new.works and public_holiday:
            return Compensation("NHS-6", "NHS-6 public holiday worked: equal time off in lieu plus NHS-2 enhancement")
        return Compensation("NHS", "NHS: no notice compensation (overtime, if any, is costed by pay)")
    if pack == "police-staff":
        if new.works and published_rest_day:
            if days < 5:
                return Compensation("PSC-1", "PSC-1 rest day worked, <5 days' notice: overtime rate plus equal TOIL")
            return Compensation("PSC-1", "PSC-1 rest day worked, ≥5 days' notice: overtime or TOIL")
        return Compensation("PSC-1", "PSC-1 change of duty: no compensation")
    if not police:
        return Compensation("", "No notice rule for this staff group")
    premium = _premium_rank(rank_code)
    if new.works and public_holiday and not old.works:
        if not premium:
            return Compensation("POL-11", "POL-11 inspector and above: public holiday worked, no premium")
        extra = " and a day off in lieu" if days < 8 else ""
        authorise = "; needs authorisation above chief superintendent" if days < 15 else ""
        return Compensation("POL-7", f"POL-7 public holiday worked: double time, min 4 h{extra}{authorise}",
                            rdil_owed=days < 8)
    if new.works and published_rest_day and not old.works:
        if not premium:
            return Compensation("POL-4", "POL-4 inspector and above: rest day worked, a day in lieu within 12 months",
                                rdil_owed=True)
        if days < 15:
            return Compensation("POL-5", f"POL-5 <15 clear days ({days}): time and a half, min 4 h")
        return Compensation("POL-5", f"POL-5 ≥15 clear days ({days}): RDiL owed, to be notified within 4 days",
                            rdil_owed=True)
    if not new.works and published_rest_day and old.works:
        if days > 7:
            return Compensation("POL-6", f"POL-6 rest day reinstated with {days} clear days: no compensation")
        return Compensation("POL-6", f"POL-6 rest day reinstated with {days} clear days: officer may take it or "
                                     "work it at the rate originally due")
    if old.works and new.works and new.start and old.start and new.start < old.start:
        notice_hours = (new.start - notified_at).total_seconds() / 3600
        if notice_hours < 8 and premium:
            return Compensation("POL-10", "POL-10 start advanced without due notice (<8 h): time before the original "
                                          "start is overtime")
    if days < 0:
        return Compensation("POL-3", "POL-3 changed after midnight of the day before: exigency of duty, recorded")
    return Compensation("POL-3", "POL-3 change of tour: no compensation")
