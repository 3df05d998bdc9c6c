"""The plan the demo generator builds in memory before writing anything, and small date helpers.

Builders (police.py, nhs111.py) add UnitPlan / PersonPlan / PostPlan rows; persist.py writes them with bulk_create;
history.py and later steps read `ctx.people` (with their database ids) to add what happens over time."""

import calendar
import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (or earlier), clamped to the month's last day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def years_ago(today: dt.date, years: float) -> dt.date:
    return today - dt.timedelta(days=round(years * 365.25))


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass
class UnitPlan:
    key: str  # the unit's code, also its key in the plan
    name: str
    kind: str
    parent: str | None
    pk: int | None = None


@dataclass
class PostPlan:
    unit: str
    rank: str
    funded_fte: Decimal


@dataclass
class ContractPlan:
    effective_from: dt.date
    fte: Decimal
    hours_per_week: Decimal | None = None
    annual_hours: Decimal | None = None
    effective_to: dt.date | None = None
    wtr_opt_out: bool = False
    night_worker: bool = False
    pay_point: str = ""


@dataclass
class MovementPlan:
    kind: str
    effective_date: dt.date
    from_unit: str | None = None
    to_unit: str | None = None
    from_rank: str | None = None
    to_rank: str | None = None
    reason: str = ""


@dataclass
class PersonPlan:
    payroll_number: str
    first_name: str
    last_name: str
    group: str  # StaffGroup code
    rank: str  # Rank code
    unit: str  # UnitPlan key of today's home unit
    role: str  # what the person does, e.g. "response-constable", "health-advisor": later steps deploy by it
    birth_date: dt.date
    start_date: dt.date
    email: str = ""
    phone: str = ""
    leave_date: dt.date | None = None
    contracts: list[ContractPlan] = field(default_factory=list)
    skills: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)
    movements: list[MovementPlan] = field(default_factory=list)
    # Reserved people sign in as demo logins: they are kept off long-term absence so the demo looks ordinary.
    reserved: bool = False
    pk: int | None = None

    @property
    def contract(self) -> ContractPlan:
        return self.contracts[-1]

    @property
    def fte(self) -> Decimal:
        return self.contract.fte

    def has_skill(self, code: str) -> bool:
        return any(skill == code for skill, _, _ in self.skills)


@dataclass
class DemoContext:
    seed: int
    today: dt.date
    scale: float = 1.0
    units: list[UnitPlan] = field(default_factory=list)
    people: list[PersonPlan] = field(default_factory=list)
    posts: list[PostPlan] = field(default_factory=list)
    # Reference rows by code, filled by reference.ensure_reference_data.
    staff_groups: dict = field(default_factory=dict)
    ranks: dict = field(default_factory=dict)
    skills: dict = field(default_factory=dict)
    abstraction_types: dict = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[dict] = field(default_factory=list)
    _payroll_numbers: set[str] = field(default_factory=set)
    _emails: set[str] = field(default_factory=set)

    def rng(self, step: str) -> random.Random:
        """A generator per step, so adding or changing one step never reshuffles the others' data."""
        return random.Random(f"muster-demo:{self.seed}:{step}")

    def headcount(self, rng: random.Random, low: int, high: int) -> int:
        """A team's headcount between low and high, shrunk by `scale` for fast tests (never below one)."""
        return max(1, round(rng.randint(low, high) * self.scale))

    def unit(self, key: str, name: str, kind: str, parent: str | None) -> str:
        self.units.append(UnitPlan(key=key, name=name, kind=kind, parent=parent))
        return key

    def unit_by_key(self, key: str) -> UnitPlan:
        return next(u for u in self.units if u.key == key)

    def payroll_number(self, rng: random.Random, prefix: str) -> str:
        while True:
            number = f"{prefix}{rng.randint(100000, 999999)}"
            if number not in self._payroll_numbers:
                self._payroll_numbers.add(number)
                return number

    def email(self, first: str, last: str, domain: str) -> str:
        base = f"{first}.{last}".lower()
        address, n = f"{base}@{domain}", 1
        while address in self._emails:
            n += 1
            address = f"{base}{n}@{domain}"
        self._emails.add(address)
        return address
