"""Making one planned person: dates of birth and service, contracts, skills and the movement history.

Used by the police and NHS 111 builders; each passes the terms and skills of the role."""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from people.choices import MovementKind

from . import names
from .context import ContractPlan, DemoContext, MovementPlan, PersonPlan, add_months, days, years_ago
from .reference import LADDERS

FTE_PLACES = Decimal("0.001")


@dataclass(frozen=True)
class Terms:
    """Conditions of service for a role: full-time hours and how often people differ from them."""

    full_hours: Decimal
    part_time_share: float
    part_time_hours: tuple[str, ...]
    pay_points: int
    opt_out_share: float = 0.0
    night_worker_share: float = 0.0
    annualised_share: float = 0.0


OFFICER = Terms(Decimal("40"), 0.12, ("20", "24", "30", "32"), pay_points=7)
# Officers cannot usefully opt out of the 48 hours; police staff can (RULES.md WTR-2).
POLICE_STAFF = Terms(Decimal("37"), 0.12, ("18.5", "22.5", "25", "30"), pay_points=4, opt_out_share=0.05)
CONTROL_ROOM = Terms(Decimal("37"), 0.12, ("18.5", "22.5", "25", "30"), pay_points=4, opt_out_share=0.06,
                     night_worker_share=0.2)
NHS = Terms(Decimal("37.5"), 0.35, ("15", "18.75", "22.5", "30", "33.75"), pay_points=3, opt_out_share=0.06,
            night_worker_share=0.12, annualised_share=0.05)
# Specials are volunteers committed to about 16 hours a month: an annualised commitment, not a weekly one.
SPECIAL_ANNUAL_HOURS = Decimal("192")
OFFICER_YEAR_HOURS = Decimal("2086")


@dataclass(frozen=True)
class Who:
    """Where a new person goes and what they do."""

    group: str
    rank: str
    unit: str
    role: str
    org: str  # "police" or "nhs": payroll prefix and email domain


_ORG = {"police": ("NP", "northshire-police.example"), "nhs": ("NS", "northshire111.nhs.example")}


def new_person(ctx: DemoContext, rng: random.Random, who: Who, *, service: tuple[float, float],
               join_age: tuple[float, float] = (18.3, 45.0), recent: bool = False, terms: Terms | None = OFFICER,
               skills: list[tuple[str, float]] = (), moved_from: list[str] = ()) -> PersonPlan:
    """Plan a person with `service` years (low, high; skewed to recent joiners when `recent`), aged 19–60 today.

    `skills` are (code, share): the person holds each with that probability. `moved_from` lists sibling units a few
    people transferred in from, so the movement history has transfers."""
    today = ctx.today
    low, high = service
    years = rng.triangular(low, high, low) if recent else rng.uniform(low, high)
    start = years_ago(today, years)
    age_low, age_high = max(join_age[0], 19.05 - years), min(join_age[1], 59.9 - years)
    birth = years_ago(start, rng.uniform(age_low, max(age_low, age_high)))
    first, last = names.first_name(rng), names.last_name(rng)
    prefix, domain = _ORG[who.org]
    person = PersonPlan(
        payroll_number=ctx.payroll_number(rng, prefix), first_name=first, last_name=last, group=who.group,
        rank=who.rank, unit=who.unit, role=who.role, birth_date=birth, start_date=start,
        email=ctx.email(first, last, domain), phone=names.phone(rng),
    )
    if terms is None:
        person.contracts.append(ContractPlan(effective_from=start, annual_hours=SPECIAL_ANNUAL_HOURS,
                                             fte=(SPECIAL_ANNUAL_HOURS / OFFICER_YEAR_HOURS).quantize(FTE_PLACES),
                                             pay_point="Volunteer"))
    else:
        person.contracts.extend(_contracts(ctx, rng, person, terms, years))
    for code, share in skills:
        if rng.random() < share:
            grant_skill(ctx, rng, person, code)
    person.movements.extend(_movements(rng, person, today, years, moved_from))
    ctx.people.append(person)
    return person


def new_young_worker(ctx: DemoContext, rng: random.Random, who: Who, terms: Terms) -> PersonPlan:
    """A 17-year-old apprentice: under 18, so the young-worker limits apply (RULES.md WTR-8)."""
    person = new_person(ctx, rng, who, service=(0.1, 0.4), join_age=(16.6, 16.9), terms=terms,
                        skills=[("first-aid", 0.5)])
    person.birth_date = ctx.today - days(17 * 365 + 4 + rng.randint(20, 300))
    for contract in person.contracts:
        contract.wtr_opt_out = contract.night_worker = False  # neither is allowed for a young worker
    return person


def _contracts(ctx: DemoContext, rng: random.Random, person: PersonPlan, terms: Terms,
               years: float) -> list[ContractPlan]:
    rank_name = ctx.ranks[person.rank].name
    hours = terms.full_hours
    part_time = rng.random() < terms.part_time_share
    if part_time:
        hours = Decimal(rng.choice(terms.part_time_hours))
    point = 1 if years < 1 else rng.randint(1, terms.pay_points)
    current = ContractPlan(
        effective_from=person.start_date, fte=(hours / terms.full_hours).quantize(FTE_PLACES),
        hours_per_week=hours, wtr_opt_out=rng.random() < terms.opt_out_share,
        night_worker=rng.random() < terms.night_worker_share, pay_point=f"{rank_name} point {point}",
    )
    if rng.random() < terms.annualised_share:
        current.annual_hours, current.hours_per_week = (hours * 52).quantize(Decimal("0.01")), None
    if not (part_time and years > 3 and rng.random() < 0.6):
        return [current]
    # Many part-timers went part time after years full time (often after parental leave): keep both terms.
    change = years_ago(ctx.today, rng.uniform(0.3, years - 1))
    earlier = ContractPlan(effective_from=person.start_date, effective_to=change - days(1), fte=Decimal("1.000"),
                           hours_per_week=terms.full_hours, pay_point=current.pay_point)
    current.effective_from = change
    return [earlier, current]


def grant_skill(ctx: DemoContext, rng: random.Random, person: PersonPlan, code: str) -> None:
    """Give a skill with a realistic renewal date: about 7 % lapsed and 8 % expiring within 30 days."""
    today = ctx.today
    months = ctx.skills[code].validity_months
    if not months:
        span = (today - person.start_date).days
        acquired = person.start_date + days(rng.randint(min(60, span), max(min(60, span), span)))
        person.skills.append((code, min(acquired, today), None))
        return
    roll = rng.random()
    if roll < 0.07:
        expires = today - days(rng.randint(1, 150))
    elif roll < 0.15:
        expires = today + days(rng.randint(0, 30))
    else:
        expires = today + days(rng.randint(31, months * 30 - 5))
    acquired = add_months(expires, -months)
    if acquired < person.start_date:
        # Joined since the last renewal would have fallen due: first trained soon after starting.
        acquired = person.start_date + days(rng.randint(14, 90))
        if acquired > today:
            return
        expires = add_months(acquired, months)
    person.skills.append((code, acquired, expires))


def _movements(rng: random.Random, person: PersonPlan, today: dt.date, years: float,
               moved_from: list[str]) -> list[MovementPlan]:
    ladder = LADDERS.get(person.group, [])
    steps = ladder.index(person.rank) if person.rank in ladder else 0
    first_rank = ladder[0] if steps else person.rank
    first_unit = person.unit
    transfer = None
    if moved_from and years > 2 and rng.random() < 0.08:
        first_unit = rng.choice(moved_from)
        transfer = MovementPlan(MovementKind.TRANSFER, years_ago(today, rng.uniform(0.1, min(3.0, years - 1))),
                                from_unit=first_unit, to_unit=person.unit, reason="Posted to fill a vacancy")
    movements = [MovementPlan(MovementKind.STARTER, person.start_date, to_unit=first_unit, to_rank=first_rank,
                              reason="Joined")]
    if steps:
        # Promotions spread between two years' service and a month ago, one rung at a time.
        earliest = person.start_date + days(730)
        latest = max(earliest, today - days(30))
        dates = sorted(earliest + days(rng.randint(0, (latest - earliest).days)) for _ in range(steps))
        for rung, date in enumerate(dates, start=1):
            movements.append(MovementPlan(MovementKind.PROMOTION, min(date, today), from_rank=ladder[rung - 1],
                                          to_rank=ladder[rung], reason="Promoted"))
    if transfer:
        movements.append(transfer)
    return movements
