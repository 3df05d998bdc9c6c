"""What deploying a person to an event costs, through pay's costing adapter (pay/costing.py).

Two figures per assignment: the premium (what it costs beyond basic contracted pay: overtime, rest-day working,
public holidays, enhancements — pay's rules, to the penny) and the basic pay for the hours at the event (what a
chargeable event is billed for on top). Time off a change owes (RDiL, TOIL...) is valued at the basic rate for the
optimiser: a rest day in lieu is a day's work the force no longer gets.

People, contracts and rates are read once for the whole pool (pay's fact loader), then each option is costed
alone: the optimiser needs the price of each option, not their sum."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from common.errors import DomainError
from pay import costing as pay
from people.models import Person

PENNY = Decimal("0.01")
DAY_HOURS = Decimal("8")  # a police day (POL-1), for valuing a day owed in lieu
# When a person cannot be costed (no rate or pay point), the optimiser still needs a price: these multiples of a
# typical constable's hourly rate keep paid ways dearer than moving people already on duty.
FALLBACK_RATE = Decimal("20.00")
FALLBACK_MULTIPLIER = {"overtime": Decimal("1.3333"), "rest_day": Decimal("1.5"), "shift_change": Decimal("0"),
                       "on_duty": Decimal("0")}


def pennies(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


class Coster:
    """Costs duties of a fixed set of people, reading their pay facts once."""

    def __init__(self, people: Iterable[Person | int], now: dt.datetime):
        ids = [p.pk if isinstance(p, Person) else int(p) for p in people]
        self.facts = pay.PayFacts(ids)
        self.now = now
        self._rates: dict[tuple[int, dt.date], Decimal | None] = {}
        self._premiums: dict[tuple, tuple[Decimal | None, Decimal, str]] = {}
        self.problems: dict[int, str] = {}

    def rate(self, person: Person, day: dt.date) -> Decimal | None:
        key = (person.pk, day)
        if key not in self._rates:
            try:
                self._rates[key] = self.facts.rate(person.pk, day)
            except DomainError as exc:
                self.problems[person.pk] = exc.message
                self._rates[key] = None
        return self._rates[key]

    def basic(self, person: Person, start: dt.datetime, end: dt.datetime) -> Decimal | None:
        """The hours from start to end at the basic hourly rate."""
        rate = self.rate(person, start.astimezone(pay.LONDON).date())
        if rate is None:
            return None
        return pennies(Decimal((end - start).total_seconds()) / 3600 * rate)

    def premium(self, person: Person, start: dt.datetime, end: dt.datetime, *, break_minutes: int = 0,
                rostered_rest_day: bool = False, overtime: str | None = None,
                tour_end: dt.datetime | None = None) -> tuple[Decimal | None, Decimal, str]:
        """(amount beyond basic pay or None when it cannot be costed, value of the time off owed, description).

        Remembered: a person's own tour is priced once for every run of phases it could change to (each pricing
        runs the working-time rules behind compensatory rest, the bulk of building a pool)."""
        key = (person.pk, start, end, break_minutes, rostered_rest_day, overtime, tour_end)
        if key not in self._premiums:
            self._premiums[key] = self._premium(person, start, end, break_minutes=break_minutes,
                                                rostered_rest_day=rostered_rest_day, overtime=overtime,
                                                tour_end=tour_end)
        return self._premiums[key]

    def _premium(self, person: Person, start: dt.datetime, end: dt.datetime, *, break_minutes: int,
                 rostered_rest_day: bool, overtime: str | None,
                 tour_end: dt.datetime | None) -> tuple[Decimal | None, Decimal, str]:
        day = start.astimezone(pay.LONDON).date()
        if self.rate(person, day) is None:
            return None, Decimal(0), _("cost unknown: %(why)s") % {"why": self.problems[person.pk]}
        try:
            duty = pay.pay_duty(self.facts.person(person.pk), start, end, break_minutes=break_minutes,
                                 rostered_rest_day=rostered_rest_day, overtime=overtime, tour_end=tour_end,
                                 notified_at=self.now)
            cost = pay.cost_each_pack(self.facts, [(person.pk, duty)])
        except DomainError as exc:
            return None, Decimal(0), _("cost unknown: %(why)s") % {"why": exc.message}
        return cost.total, self.time_off_value(person, day, cost.time_off_owed), cost.describe()

    def time_off_value(self, person: Person, day: dt.date, owed: Iterable) -> Decimal:
        rate = self.rate(person, day) or FALLBACK_RATE
        total = Decimal(0)
        for item in owed:
            if getattr(item, "days", None):
                total += Decimal(item.days) * DAY_HOURS * rate
            elif getattr(item, "hours", None):
                total += Decimal(item.hours) * rate
        return pennies(total)

    def marginal_pence(self, info) -> int:
        """The optimiser's price of an option: premium plus time off owed, in pence (an estimate when unknown)."""
        amount = info.cost
        if amount is None:
            hours = Decimal((info.phases[-1].end - info.phases[0].start).total_seconds()) / 3600
            amount = hours * FALLBACK_RATE * FALLBACK_MULTIPLIER[str(info.method)]
        return int(pennies(amount + info.time_off_value) * 100)


def cost_actual(person: Person, start: dt.datetime, end: dt.datetime, *, method: str, tour: tuple | None,
                notified_at: dt.datetime | None, break_minutes: int = 0) -> tuple[Decimal | None, Decimal | None, str]:
    """(premium, basic pay, description) of hours actually worked at an event, by the way the person came."""
    coster = Coster([person], notified_at or end)
    basic = coster.basic(person, start, end)
    if method == "rest_day":
        amount, _owed, note = coster.premium(person, start, end, rostered_rest_day=True, break_minutes=break_minutes)
    elif method == "overtime" and tour:
        ts, te = tour
        amount, note = Decimal("0.00"), []
        for a, b in ((start, min(ts, end)), (max(te, start), end)):
            if b > a:
                c = coster.premium(person, a, b, overtime="planned", tour_end=a)
                amount = None if amount is None or c[0] is None else amount + c[0]
                note.append(c[2])
        note = "; ".join(note)
    elif method == "overtime":
        amount, _owed, note = coster.premium(person, start, end, overtime="planned")
    elif method == "shift_change":
        amount, _owed, note = coster.premium(person, start, end, break_minutes=break_minutes)
    else:
        amount, note = Decimal("0.00"), ""
    return amount, basic, note
