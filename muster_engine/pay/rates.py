"""Pay-rules tables: the numbers of RULES.md §§ 2-4 per pack, versioned by effective date (like worktime packs).

Rule code never holds a multiplier, minimum or percentage; it reads them from the `PayRules` in force on the
duty's local start date. Multipliers are strings of exact fractions ("4/3", "1.5") so that time and a third
costs to the penny; minutes are integers (RULES.md C-4).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

PAY_PACKS = ("police-officer", "police-staff", "nhs-afc", "nhs-ambulance")

# (first band, last band, Sat & weekday nights %, Sun & public holidays %) — NHS-2.
UshRates = tuple[tuple[int, int, str, str], ...]
# (more than hours per week, percentage of basic pay) — NHS-3, ascending.
Annex5Tiers = tuple[tuple[str, str], ...]
# (first band, last band, weekday before, weekday after, weekend before, weekend after) in local minutes — NHS-3.
Annex5Windows = tuple[tuple[int, int, int, int, int, int], ...]


@dataclass(frozen=True)
class PayRules:
    name: str
    effective_from: date
    breaks_paid: bool = False  # police refreshment breaks are paid, worked time (RULES.md § 8)

    # police officers, POL-5 .. POL-14
    premium_ranks: tuple[str, ...] = ()  # POL-11: premia for these ranks only
    in_lieu_ranks: tuple[str, ...] = ()  # POL-4: a day in lieu instead of premia
    rest_day_multiplier: str = "1.5"  # POL-5
    rest_day_min_minutes: int = 0  # POL-5: minimum credited
    rest_day_rdil_clear_days: int | None = None  # POL-5: at least this many clear days -> RDiL, no payment
    run_on_max_minutes: int = 0  # POL-5: a run-on into a rest day up to this long is paid in units only
    public_holiday_multiplier: str = "2"  # POL-7
    public_holiday_min_minutes: int = 0  # POL-7
    public_holiday_lieu_below_clear_days: int | None = None  # POL-7: fewer clear days -> also a day in lieu
    overtime_multiplier: str = "1.5"  # POL-8 4/3, PSC-2 1.5, NHS-4 1.5
    overtime_unit_minutes: int = 1  # POL-8: completed 15-min units, never rounded up
    casual_disregard_minutes: int = 0  # POL-8: first 30 min of casual overtime ...
    casual_disregard_occasions: int = 0  # ... on each of the first 4 occasions in the force week
    planned_min_minutes: int = 0  # POL-8 [C]: minimum countable period of planned overtime
    recall_multiplier: str = "4/3"  # POL-9
    plain_time_until_minutes: int | None = None  # POL-12 40 h, NHS-4 37.5 h: part-timers' extra hours plain
    unsocial_ranks: tuple[str, ...] = ()  # POL-14: constable to chief inspector
    unsocial_window: tuple[int, int] = (20 * 60, 6 * 60)  # POL-14: local 20:00-06:00
    unsocial_rate: str = "0"  # POL-14: 10 % of hourly pay per full hour
    reinstated_nothing_from_clear_days: int | None = None  # POL-6: reinstated with >= 8 clear days -> nothing due
    advance_due_notice_minutes: int | None = None  # POL-10 [C]: due notice of an earlier start, 8 h (some 11 h)
    force_day_start_minutes: int = 0  # C-2 [C]: the police day starts at this local time (POL-10)

    # TOIL instead of payment, the person's choice per duty (POL-5, POL-8, NHS-4, PSC-1)
    toil_bonus_unit_every: int = 0  # POL-8: 1 bonus unit per this many completed 15-min units
    toil_plain_time: bool = False  # NHS-4: TOIL hour for hour; otherwise at the rate the time would be paid
    toil_expires_months: int | None = None  # NHS-4, PSC-1: TOIL not taken within this many months is paid

    # police staff, PSC-1 / PSC-2
    overtime_sunday_multiplier: str | None = None  # PSC-2: Sundays (and public holidays)
    overtime_public_holiday_multiplier: str | None = None  # PSC-2 x 2, NHS-4 x 2
    rest_day_toil_below_days: int | None = None  # PSC-1: fewer days' notice -> overtime plus equal TOIL

    # NHS Agenda for Change, NHS-2 .. NHS-6
    ush_rates: UshRates = ()  # NHS-2 by band
    ush_night: tuple[int, int] = (20 * 60, 6 * 60)  # NHS-2: Mon-Fri 20:00-06:00 at the lower rate
    overtime_bands: tuple[int, int] | None = None  # NHS-4: bands 1-7 only
    public_holiday_lieu_hours: bool = False  # NHS-6: hours worked on a public holiday owed back at plain time
    annex5_windows: Annex5Windows = ()  # NHS-3 qualifying time by band
    annex5_tiers: Annex5Tiers = ()  # NHS-3 average qualifying hours a week -> % of basic pay
    annex5_full_time_minutes: int = 37 * 60 + 30  # NHS-3: part-timers scaled to 37.5 h

    def fraction(self, field: str) -> Fraction:
        value = getattr(self, field)
        return Fraction(value)

    def ush_for_band(self, band: int) -> tuple[Fraction, Fraction]:
        """NHS-2 (lower, higher) enhancement for a band."""
        for first, last, lower, higher in self.ush_rates:
            if first <= band <= last:
                return Fraction(lower) / 100, Fraction(higher) / 100
        raise KeyError(band)

    def annex5_window(self, band: int) -> tuple[int, int, int, int]:
        for first, last, *bounds in self.annex5_windows:
            if first <= band <= last:
                return tuple(bounds)  # type: ignore[return-value]
        raise KeyError(band)

    def annex5_percent(self, hours_per_week: Fraction) -> Fraction:
        """NHS-3: the percentage of basic pay for an average of qualifying hours a week (0 up to 2 h)."""
        percent = Fraction(0)
        for more_than, pct in self.annex5_tiers:
            if hours_per_week > Fraction(more_than):
                percent = Fraction(pct) / 100
        return percent


_POLICE = PayRules(
    name="police-officer",
    effective_from=date(2012, 4, 1),  # Winsor: the double time for very short rest-day notice went (POL-5)
    breaks_paid=True,
    premium_ranks=("constable", "sergeant"),
    in_lieu_ranks=("inspector", "chief_inspector", "superintendent", "chief_superintendent"),
    rest_day_multiplier="1.5",
    rest_day_min_minutes=4 * 60,
    rest_day_rdil_clear_days=15,
    run_on_max_minutes=60,
    public_holiday_multiplier="2",
    public_holiday_min_minutes=4 * 60,
    public_holiday_lieu_below_clear_days=8,
    overtime_multiplier="4/3",
    overtime_unit_minutes=15,
    casual_disregard_minutes=30,
    casual_disregard_occasions=4,
    planned_min_minutes=15,
    recall_multiplier="4/3",
    plain_time_until_minutes=40 * 60,
    unsocial_ranks=("constable", "sergeant", "inspector", "chief_inspector"),
    unsocial_rate="0.10",
    reinstated_nothing_from_clear_days=8,
    advance_due_notice_minutes=8 * 60,
    toil_bonus_unit_every=3,
)

_STAFF = PayRules(
    name="police-staff",
    effective_from=date(2012, 4, 1),
    overtime_multiplier="1.5",
    overtime_sunday_multiplier="2",
    overtime_public_holiday_multiplier="2",
    rest_day_toil_below_days=5,
    toil_expires_months=3,  # PSC-1; TOIL chosen instead of overtime pay is at the overtime rate [C]
)

_USH_BEFORE_2020: UshRates = ((1, 1, "50", "100"), (2, 2, "44", "88"), (3, 3, "37", "74"), (4, 9, "30", "60"))
_USH_FROM_2020: UshRates = ((1, 1, "47", "94"), (2, 2, "41", "83"), (3, 3, "35", "69"), (4, 9, "30", "60"))
_ANNEX5_WINDOWS: Annex5Windows = (
    (1, 7, 7 * 60, 19 * 60, 24 * 60, 24 * 60),  # weekdays before 07:00 / after 19:00, all weekend
    (8, 9, 7 * 60, 22 * 60, 9 * 60, 13 * 60),  # weekdays before 07:00 / after 22:00, weekends before 09 / after 13
)
# NHS-3 [C]: "> 2-5 h 5 %; > 5-9 h 9 %; > 9-12 h 13 %; > 12-16 h 17 %; > 16 h 25 %"; 2 h or less: nothing.
_ANNEX5_TIERS: Annex5Tiers = (("2", "5"), ("5", "9"), ("9", "13"), ("12", "17"), ("16", "25"))


def _nhs(name: str, effective_from: date, ush: UshRates) -> PayRules:
    return PayRules(
        name=name,
        effective_from=effective_from,
        overtime_multiplier="1.5",
        overtime_public_holiday_multiplier="2",
        plain_time_until_minutes=37 * 60 + 30,
        overtime_bands=(1, 7),
        ush_rates=ush,
        public_holiday_lieu_hours=True,
        toil_plain_time=True,
        toil_expires_months=3,
        annex5_windows=_ANNEX5_WINDOWS if name == "nhs-ambulance" else (),
        annex5_tiers=_ANNEX5_TIERS if name == "nhs-ambulance" else (),
    )


# The 2018 AfC agreement moved bands 1-3 to the new USH rates from 2020/21 (NHS-2).
AFC_2004 = date(2004, 12, 1)
USH_2020 = date(2020, 4, 1)

SHIPPED_PAY_RULES: tuple[PayRules, ...] = (
    _POLICE,
    _STAFF,
    _nhs("nhs-afc", AFC_2004, _USH_BEFORE_2020),
    _nhs("nhs-afc", USH_2020, _USH_FROM_2020),
    _nhs("nhs-ambulance", AFC_2004, _USH_BEFORE_2020),
    _nhs("nhs-ambulance", USH_2020, _USH_FROM_2020),
)


class UnknownPayRulesError(ValueError):
    """No pay rules of that pack, or none in force on the date asked."""


@dataclass(frozen=True)
class PayRuleTable:
    versions: tuple[PayRules, ...] = SHIPPED_PAY_RULES

    def names(self) -> tuple[str, ...]:
        return tuple(sorted({v.name for v in self.versions}))

    def in_force(self, name: str, on: date) -> PayRules:
        found = sorted((v for v in self.versions if v.name == name), key=lambda v: v.effective_from)
        if not found:
            raise UnknownPayRulesError(f"no pay rules for pack {name!r}; known: {', '.join(self.names())}")
        current = None
        for version in found:
            if version.effective_from <= on:
                current = version
        if current is None:
            # Duties before the first version are costed by the earliest numbers we hold.
            current = found[0]
        return current

    def with_version(self, rules: PayRules) -> PayRuleTable:
        kept = tuple(v for v in self.versions if (v.name, v.effective_from) != (rules.name, rules.effective_from))
        return PayRuleTable(kept + (rules,))

    def replace(self, name: str, on: date, **changes: object) -> PayRuleTable:
        """A table where the version of `name` in force on `on` has `changes` (local settings, tests)."""
        return self.with_version(dataclasses.replace(self.in_force(name, on), **changes))  # type: ignore[arg-type]


def shipped_pay_rules() -> PayRuleTable:
    return PayRuleTable()
