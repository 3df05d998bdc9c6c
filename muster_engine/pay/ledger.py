"""What every pay rule needs: local-time arithmetic, the facts of each duty, and the ledger it writes to.

Instants are compared in UTC: subtracting two aware datetimes that share a tzinfo object gives wall-clock
time in Python, which is an hour out across the clock change (RULES.md C-4: a duty lasts end - start).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from .model import CostItem, PayDuty, PayInputError, PayPerson, TimeOffOwed
from .rates import PayRules, PayRuleTable

PENNY = Decimal("0.01")


def minutes_between(a: datetime, b: datetime) -> int:
    return int((b.astimezone(UTC) - a.astimezone(UTC)).total_seconds() // 60)


def clear_days(duty_day: date, notified_day: date) -> int:
    """C-3: neither the day of notification nor the day of duty counts."""
    return (duty_day - notified_day).days - 1


def week_of(day: date) -> date:
    """The Monday starting the force week (C-2, Monday 00:00) that holds `day`."""
    return day - timedelta(days=day.weekday())


def add_months(day: date, months: int) -> date:
    """The corresponding date `months` later (31 Jan + 1 month = 28/29 Feb): the last day of such a period."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def money(amount: Fraction) -> Decimal:
    """C-4: pennies, rounded half-up, computed from the exact fraction."""
    pennies = Fraction(amount) * 100
    whole = int(pennies)  # towards zero
    if abs(pennies - whole) >= Fraction(1, 2):
        whole += 1 if pennies > 0 else -1
    return (Decimal(whole) / 100).quantize(PENNY, rounding=ROUND_HALF_UP)


def as_decimal(value: Fraction, places: int = 4) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize() + Decimal("0.0")


def allocate(minutes: dict[str, int], scale: Fraction) -> dict[str, int]:
    """Scale whole minutes by `scale`, keeping whole minutes that add up (largest remainder)."""
    if scale == 1:
        return dict(minutes)
    exact = {k: v * scale for k, v in minutes.items()}
    whole = {k: int(v) for k, v in exact.items()}
    left = int(sum(exact.values()) + Fraction(1, 2)) - sum(whole.values())
    for k in sorted(exact, key=lambda k: exact[k] - whole[k], reverse=True)[: max(0, left)]:
        whole[k] += 1
    return whole


@dataclass(frozen=True)
class Piece:
    """A stretch of a duty between local boundaries: UTC instants, its minutes and its local start."""

    start: datetime
    end: datetime
    minutes: int
    local: datetime


def pieces(start: datetime, end: datetime, tz: ZoneInfo, cuts: Iterable[int] = ()) -> list[Piece]:
    """`start`..`end` split at every local midnight and at each local minute-of-day in `cuts`."""
    cut_times = [time(m // 60, m % 60) for m in sorted({0, *(c % 1440 for c in cuts)})]
    begin, finish = start.astimezone(UTC), end.astimezone(UTC)
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    bounds = {begin, finish}
    day = first
    while day <= last:
        for cut in cut_times:
            moment = datetime.combine(day, cut, tzinfo=tz).astimezone(UTC)
            if begin < moment < finish:
                bounds.add(moment)
        day += timedelta(days=1)
    ordered = sorted(bounds)
    pairs = zip(ordered, ordered[1:], strict=False)
    return [Piece(a, b, minutes_between(a, b), a.astimezone(tz)) for a, b in pairs if b > a]


@dataclass
class Shift:
    """One duty with the facts the rules share: its person, pack version, local date and overtime part."""

    index: int
    duty: PayDuty
    person: PayPerson
    rules: PayRules
    day: date  # local start date (the duty's "date")
    length: int  # end - start in minutes
    worked: int  # working time: length less unpaid breaks
    overtime_from: datetime | None  # where overtime begins (None: no overtime)
    rest_day: bool
    public_holiday: bool

    @property
    def overtime_minutes(self) -> int:
        if self.overtime_from is None:
            return 0
        if self.overtime_from <= self.duty.start:
            return self.worked
        return max(0, minutes_between(self.overtime_from, self.duty.end))

    @property
    def standard_minutes(self) -> int:
        return self.worked - self.overtime_minutes


@dataclass
class Ledger:
    """The shifts being costed, plus the items and time off the rules record against them."""

    pack: str
    table: PayRuleTable
    tz: ZoneInfo
    people: dict[str, PayPerson]
    shifts: list[Shift]
    rest_dates: frozenset[tuple[str, date]]
    holidays: frozenset[date] | None
    period: tuple[date, date] | None = None
    items: list[CostItem] = field(default_factory=list)
    owed: list[TimeOffOwed] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        pack: str,
        table: PayRuleTable,
        tz: ZoneInfo,
        people: Iterable[PayPerson],
        duties: Iterable[PayDuty],
        rest_days: Collection[tuple[str, date]],
        public_holidays: Collection[date] | None,
        period: tuple[date, date] | None = None,
    ) -> Ledger:
        by_id = {p.id: p for p in people}
        holidays = None if public_holidays is None else frozenset(public_holidays)
        rest = {(p, d) for p, d in rest_days}
        shifts = []
        numbered = sorted(enumerate(duties), key=lambda pair: (pair[1].person, pair[1].start.astimezone(UTC)))
        for i, duty in numbered:
            person = by_id.get(duty.person)
            if person is None:
                raise PayInputError(f"duties[{i}].person", f"must be the id of one of the people, got {duty.person!r}")
            day = duty.start.astimezone(tz).date()
            rules = table.in_force(pack, day)
            length = minutes_between(duty.start, duty.end)
            worked = length if rules.breaks_paid else max(0, length - duty.break_minutes)
            if duty.kind == "on_call_away":
                worked = 0  # not working time (WTR-1); on-call allowances are not costed here
            overtime_from = None
            if duty.overtime is not None:
                tour_end = duty.overtime.tour_end
                overtime_from = duty.start if tour_end is None or tour_end <= duty.start else tour_end
            if duty.rostered_rest_day:
                # A tour that runs on past its end into a rest day (POL-5) marks the day it runs into.
                run_on = overtime_from is not None and overtime_from > duty.start
                rest.add((duty.person, duty.end.astimezone(tz).date() if run_on else day))
            ph = duty.public_holiday or (holidays is not None and day in holidays)
            shifts.append(Shift(i, duty, person, rules, day, length, worked, overtime_from, False, ph))
        for shift in shifts:
            shift.rest_day = (shift.person.id, shift.day) in rest
            if shift.duty.rest_day_reinstated_at is not None and not shift.rest_day:
                raise PayInputError(
                    f"duties[{shift.index}].rest_day_reinstated_at",
                    "is only for a duty on a rostered rest day (POL-6): set rostered_rest_day or list the rest day",
                )
            if shift.rest_day and shift.overtime_from is None and pack != "police-officer":
                # Staff and NHS: a whole duty on a rest day is hours beyond the contract, i.e. overtime
                # (PSC-1, NHS-4); police officers have their own rest-day rule (POL-5).
                shift.overtime_from = shift.duty.start
        return cls(pack, table, tz, by_id, shifts, frozenset(rest), holidays, period)

    # -- questions the rules ask -----------------------------------------------------------------

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def is_public_holiday(self, day: date, flagged: bool = False) -> bool:
        """A local date is a public holiday when listed, or (no list given) when the duty says so."""
        return flagged if self.holidays is None else (flagged or day in self.holidays)

    def notice_days(self, shift: Shift, counting: Callable[[date, date], int] = clear_days) -> int | None:
        """Notice of the duty (clear days by default); None when nobody recorded when the person was told."""
        if shift.duty.notified_at is None:
            return None
        return counting(shift.day, self.local_date(shift.duty.notified_at))

    def pieces(self, start: datetime, end: datetime, cuts: Iterable[int] = ()) -> list[Piece]:
        return pieces(start, end, self.tz, cuts)

    def holiday_piece(self, shift: Shift, piece: Piece) -> bool:
        """Whether a stretch of the duty falls on a public holiday (the duty's flag means its start date)."""
        day = piece.local.date()
        return self.is_public_holiday(day, shift.public_holiday and day == shift.day)

    def split(
        self,
        start: datetime,
        end: datetime,
        classify: Callable[[Piece], str | None],
        cuts: Iterable[int] = (),
        paid: int | None = None,
    ) -> dict[str, int]:
        """Minutes of `start`..`end` by class (None: not counted). When the span holds unpaid breaks (`paid` <
        its length) they come off each class in proportion, since nobody records when the break was taken;
        the classes stay whole minutes."""
        raw: dict[str, int] = {}
        span = 0
        for piece in self.pieces(start, end, cuts):
            span += piece.minutes
            name = classify(piece)
            if name is not None:
                raw[name] = raw.get(name, 0) + piece.minutes
        if not raw or span == 0 or paid is None or paid >= span:
            return raw
        return allocate(raw, Fraction(max(paid, 0), span))

    def standard_span(self, shift: Shift) -> tuple[datetime, datetime, int]:
        """The rostered (non-overtime) part of a duty: start, end and paid minutes."""
        end = shift.overtime_from if shift.overtime_from is not None else shift.duty.end
        return shift.duty.start, end, shift.standard_minutes

    def overtime_span(self, shift: Shift) -> tuple[datetime, datetime, int]:
        """The overtime part of a duty: start, end and paid minutes (empty when there is none)."""
        start = shift.overtime_from if shift.overtime_from is not None else shift.duty.end
        return start, shift.duty.end, shift.overtime_minutes

    def run_on_minutes(self, shift: Shift) -> int:
        """POL-5: minutes of a tour's overtime that run on into a rest day (0 for a duty that starts on one)."""
        if shift.rest_day or shift.overtime_from is None or shift.overtime_from <= shift.duty.start:
            return 0
        return sum(
            piece.minutes
            for piece in self.pieces(shift.overtime_from, shift.duty.end)
            if (shift.person.id, piece.local.date()) in self.rest_dates
        )

    def rank(self, person: PayPerson) -> str:
        """Rank code normalised: "Chief Inspector" and "chief-inspector" read as chief_inspector."""
        return (person.rank or "constable").strip().lower().replace(" ", "_").replace("-", "_")

    def band(self, shift: Shift, field_name: str = "band") -> int:
        band = shift.person.band
        if band is None or not 1 <= int(band) <= 9:
            raise PayInputError(
                f"people[{shift.person.id}].{field_name}", f"must be an Agenda for Change band 1-9, got {band!r}"
            )
        return int(band)

    # -- writing the ledger ------------------------------------------------------------------------

    def pay(
        self, shift: Shift, rule: str, what: str, minutes: Fraction | int, multiplier: Fraction, start=None
    ) -> None:
        """One item: `minutes` of the person's hourly rate times `multiplier`, rounded to the penny (C-4)."""
        if minutes <= 0 or multiplier == 0:
            return
        hours = Fraction(minutes) / 60
        rate = Fraction(Decimal(shift.person.hourly_rate))
        self.items.append(
            CostItem(
                person=shift.person.id,
                rule=rule,
                what=what,
                start=(start or shift.duty.start).astimezone(self.tz),
                hours=as_decimal(hours),
                multiplier=as_decimal(multiplier),
                amount=money(hours * rate * multiplier),
            )
        )

    def owe(
        self,
        person: str,
        rule: str,
        kind: str,
        *,
        days: int | None = None,
        minutes: Fraction | int | None = None,
        earned_on: date | None = None,
        expires_on: date | None = None,
        multiplier: Fraction | None = None,
    ) -> None:
        if minutes is not None and minutes <= 0:
            return
        self.owed.append(
            TimeOffOwed(
                person=person,
                rule=rule,
                kind=kind,
                days=None if days is None else Decimal(days),
                hours=None if minutes is None else as_decimal(Fraction(minutes) / 60),
                earned_on=earned_on,
                expires_on=expires_on,
                multiplier=None if multiplier is None else as_decimal(multiplier),
            )
        )

    def wants_toil(self, shift: Shift) -> bool:
        """The person chose time off instead of payment for this duty."""
        return shift.duty.compensation == "toil"

    def owe_toil(self, shift: Shift, rule: str, minutes: Fraction | int, paid_at: Fraction = Fraction(1)) -> None:
        """TOIL earned by `shift`; where the pack pays out TOIL not taken in time, each hour is then paid at
        `paid_at` times the hourly rate (NHS-4: the overtime rate the time would have earned)."""
        months = shift.rules.toil_expires_months
        expires = None if months is None else add_months(shift.day, months)
        self.owe(
            shift.person.id, rule, "toil", minutes=minutes, earned_on=shift.day, expires_on=expires, multiplier=paid_at
        )

    def pay_or_toil(
        self, shift: Shift, rule: str, what: str, minutes: Fraction | int, multiplier: Fraction, start=None
    ) -> None:
        """Pay `minutes` at `multiplier`, or, when the person chose TOIL, owe the time off instead: hour for
        hour where the pack says plain time (NHS-4), else at the same rate (POL-5 "time off at the same rate")."""
        if not self.wants_toil(shift):
            self.pay(shift, rule, what, minutes, multiplier, start)
        elif shift.rules.toil_plain_time:
            self.owe_toil(shift, rule, minutes, paid_at=multiplier)
        else:
            self.owe_toil(shift, rule, Fraction(minutes) * multiplier)
