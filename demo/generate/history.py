"""A year of abstractions ending today, plus leave and training booked a few months ahead.

Long absences (long-term sickness, maternity, secondment, suspension) claim their days first; annual leave,
short sickness, training and the rest are fitted around them so nobody is on two absences on one day.
Restricted and recuperative duties are deployment states (RULES.md ABS-2), laid over whatever else happens."""

import datetime as dt
import random

from absence.choices import AbstractionStatus
from absence.models import Abstraction
from common.calendar import bank_holidays
from common.choices import BankHolidayRegion

from .context import DemoContext, PersonPlan, age_on, days
from .reference import RENEWAL_COURSE_DAYS

HISTORY_DAYS = 365
BOOKED_AHEAD_DAYS = 120
APPROVED, REQUESTED = AbstractionStatus.APPROVED, AbstractionStatus.REQUESTED
# Short spells lean to colds and stomach bugs; long-term absence to mental health and musculoskeletal (ESR list).
SHORT_REASONS = ["Cold, cough, flu - influenza"] * 4 + ["Gastrointestinal problems"] * 3 + [
    "Headache / migraine", "Back problems", "Other musculoskeletal problems", "Ear, nose, throat (ENT)",
    "Chest and respiratory problems", "Dental and oral problems", "Infectious diseases"]
LONG_REASONS = ["Anxiety / stress / depression / other psychiatric illnesses"] * 3 + [
    "Other musculoskeletal problems", "Back problems", "Injury, fracture", "Benign and malignant tumours, cancers",
    "Heart, cardiac and circulatory problems", "Gastrointestinal problems"]
SPELLS = [0] * 42 + [1] * 32 + [2] * 16 + [3] * 7 + [4] * 3  # short sickness spells a year: most 0–2
SPELL_DAYS = [1, 1, 1, 2, 2, 3, 3, 4, 5, 7, 10, 14]
LEAVE_BLOCKS = [1, 1, 2, 3, 4, 5, 5, 7, 7, 10, 14]
SECONDMENTS = ["Seconded to the regional organised crime unit", "Seconded to counter-terrorism policing",
               "Seconded to a national training team"]
POLICE_COURSES = ["Domestic abuse matters", "Investigative interviewing", "Safeguarding refresher",
                  "Stop and search refresher", "Leadership development programme", "Mental health awareness"]
NHS_COURSES = ["Safeguarding adults and children level 3", "Mental health first aid", "NHS Pathways update",
               "Conflict resolution", "Information governance", "Coaching for team leaders"]
MONDAY_TO_FRIDAY_ROLES = {"enquiry-officer", "cadet"}


class _History:
    def __init__(self, ctx: DemoContext, rng: random.Random) -> None:
        self.ctx, self.rng, self.today = ctx, rng, ctx.today
        self.start = ctx.today - days(HISTORY_DAYS)
        self.horizon = ctx.today + days(BOOKED_AHEAD_DAYS)
        self.origin = ctx.today - days(2 * HISTORY_DAYS)
        self.busy: dict[int, bytearray] = {}
        self.rows: list[Abstraction] = []
        self.types = {code: t.pk for code, t in ctx.abstraction_types.items()}

    def add(self, person: PersonPlan, code: str, first: dt.date, last: dt.date, *, status: str = APPROVED,
            note: str = "", blocking: bool = True) -> bool:
        """Record an abstraction if the person was employed and (when `blocking`) free on every day of it."""
        if first < person.start_date or (person.leave_date and last > person.leave_date):
            return False
        a, b = (first - self.origin).days, (last - self.origin).days + 1
        busy = self.busy.setdefault(person.pk, bytearray(4 * HISTORY_DAYS))
        if blocking:
            if any(busy[a:b]):
                return False
            busy[a:b] = b"\x01" * (b - a)
        self.rows.append(Abstraction(person_id=person.pk, type_id=self.types[code], start_date=first, end_date=last,
                                     status=status, note=note))
        return True

    def somewhere(self, person: PersonPlan, code: str, length: int, earliest: dt.date, latest: dt.date,
                  **extra) -> bool:
        """Place a `length`-day abstraction starting between earliest and latest, trying a few dates."""
        earliest = max(earliest, person.start_date)
        if latest < earliest:
            return False
        for _ in range(12):
            first = earliest + days(self.rng.randint(0, (latest - earliest).days))
            if self.add(person, code, first, first + days(length - 1), **extra):
                return True
        return False


def pick(rng: random.Random, pool: list[PersonPlan], share: float, taken: set[int], at_least: int = 1
         ) -> list[PersonPlan]:
    """About `share` of the pool (never fewer than `at_least`), skipping people already given a long absence."""
    free = [p for p in pool if p.pk not in taken]
    chosen = rng.sample(free, min(len(free), max(at_least, round(share * len(pool)))))
    taken.update(p.pk for p in chosen)
    return chosen


def build_history(ctx: DemoContext) -> None:
    rng = ctx.rng("history")
    h = _History(ctx, rng)
    today = ctx.today
    employees = [p for p in ctx.people if p.group != "special"]  # specials are volunteers: no leave or sickness
    officers = [p for p in employees if p.group == "police-officer"]
    settled = [p for p in employees if not p.reserved and (today - p.start_date).days > 300]
    taken: set[int] = set()

    for p in pick(rng, settled, 0.04, taken):
        # Open long-term sickness (> 28 days so far, RULES.md ABS-2) with a fit note running past today.
        first, last = today - days(rng.randint(29, 240)), today + days(rng.randint(7, 70))
        h.add(p, "sickness", first, last, note=f"{rng.choice(LONG_REASONS)}. Fit note to {last:%d %b %Y}.")
    parents = [p for p in settled if 24 <= age_on(p.birth_date, today) <= 44]
    for p in pick(rng, parents, 0.012, taken):
        first = today - days(rng.randint(0, 250))
        h.add(p, "maternity", first, first + days(364), note="52 weeks' maternity leave")
    for p in pick(rng, parents, 0.001, taken):
        first = today - days(rng.randint(0, 150))
        h.add(p, "adoption", first, first + days(181), note="26 weeks' adoption leave")
    for p in pick(rng, [o for o in settled if o.group == "police-officer"], 0.006, taken):
        h.add(p, "secondment", today - days(rng.randint(30, 300)), today + days(rng.randint(60, 365)),
              note=rng.choice(SECONDMENTS))
    for p in pick(rng, [o for o in settled if o.group == "police-officer"], 0.002, taken):
        last = today + days(rng.randint(28, 90))
        h.add(p, "suspension", today - days(rng.randint(10, 120)), last,
              note=f"Suspended pending a misconduct investigation; next review {last:%d %b %Y}.")
    for p in pick(rng, settled, 0.03, taken, at_least=0):
        length = rng.randint(29, 120)
        first = h.start + days(rng.randint(0, HISTORY_DAYS - length - 14))
        last = first + days(length - 1)
        h.add(p, "sickness", first, last, note=f"{rng.choice(LONG_REASONS)}. Returned to work.")
        if rng.random() < 0.5:  # a phased return after long-term sickness
            h.add(p, "recuperative-duties", last + days(1), last + days(rng.randint(28, 56)), blocking=False,
                  note="Phased return: reduced hours, no night duties")
    for p in pick(rng, [o for o in officers if not o.reserved], 0.015, set()):
        h.add(p, "restricted-duties", max(p.start_date, today - days(rng.randint(30, 400))),
              today + days(rng.randint(14, 180)), blocking=False, note="No public-facing or operational duties")

    for p in employees:
        if p.role in MONDAY_TO_FRIDAY_ROLES:
            for day in bank_holidays(BankHolidayRegion.ENGLAND_AND_WALES, h.start, h.horizon):
                h.add(p, "bank-holiday-off", day, day)
        _annual_leave(h, p)
        _sickness(h, p)
        _training(h, p)
        _other(h, p)
    for p in pick(rng, employees, 0.004, set()):
        h.somewhere(p, "jury-service", 10, h.start, today - days(10), note="Crown Court juror")

    Abstraction.objects.bulk_create(h.rows)
    ctx.counts["abstractions"] = len(h.rows)
    ctx.counts["long-term sickness open today"] = sum(
        1 for a in h.rows if a.type_id == h.types["sickness"] and a.start_date <= today - days(28)
        and a.end_date >= today)


def _annual_leave(h: _History, p: PersonPlan) -> None:
    rng, today = h.rng, h.today
    part = min(1.0, max(float(p.fte), 0.5))  # part-timers are off fewer of their working days
    employed = min(HISTORY_DAYS, (today - max(h.start, p.start_date)).days) / HISTORY_DAYS
    target = round(rng.randint(25, 30) * part * employed)
    taken = tries = 0
    while taken < target and tries < 40:
        tries += 1
        length = min(rng.choice(LEAVE_BLOCKS), target - taken)
        if h.somewhere(p, "annual-leave", length, h.start, today):
            taken += length
    booked, target = 0, round(rng.uniform(0.2, 0.9) * 27 * part * BOOKED_AHEAD_DAYS / HISTORY_DAYS)
    while booked < target and tries < 60:
        tries += 1
        length = min(rng.choice(LEAVE_BLOCKS), target - booked)
        status = REQUESTED if rng.random() < 0.3 else APPROVED  # some still waiting for a manager
        if h.somewhere(p, "annual-leave", length, today + days(1), h.horizon, status=status):
            booked += length


def _sickness(h: _History, p: PersonPlan) -> None:
    rng = h.rng
    for _ in range(rng.choice(SPELLS)):
        length = rng.choice(SPELL_DAYS)
        h.somewhere(p, "sickness", length, h.start, h.today - days(length), note=rng.choice(SHORT_REASONS))


def _training(h: _History, p: PersonPlan) -> None:
    """Renewal courses on the dates skills were renewed, requalifications booked before expiry, other courses."""
    rng, today = h.rng, h.today
    for code, acquired, expires in p.skills:
        length = RENEWAL_COURSE_DAYS.get(code, 0)
        if not length:
            continue
        name = h.ctx.skills[code].name
        if h.start <= acquired <= today:
            h.add(p, "training", acquired - days(length - 1), acquired, note=f"{name} course")
        if expires and today + days(length) < expires <= h.horizon and rng.random() < 0.6:
            h.somewhere(p, "training", length, today + days(1), expires - days(length), note=f"{name} requalification")
    if rng.random() < 0.25:
        courses = NHS_COURSES if p.group in {"call-handler", "clinician"} else POLICE_COURSES
        h.somewhere(p, "training", rng.randint(1, 5), h.start, today - days(5), note=rng.choice(courses))


def _other(h: _History, p: PersonPlan) -> None:
    rng, today, start = h.rng, h.today, h.start
    if p.group == "police-officer":
        if rng.random() < 0.2:
            for _ in range(rng.randint(1, 3)):
                h.somewhere(p, "court", 1, start, today, note="Witness: Magistrates' or Crown Court")
        if rng.random() < 0.08:
            h.somewhere(p, "court", 1, today + days(1), h.horizon, note="Warned for trial")
        if rng.random() < 0.1:
            h.somewhere(p, "rdil", 1, start, h.horizon, note="Rest day in lieu of a rest day worked")
    if rng.random() < 0.15:
        for _ in range(rng.randint(1, 2)):
            h.somewhere(p, "toil", 1, start, h.horizon, note="Time off for overtime worked")
    if rng.random() < 0.02:
        h.somewhere(p, "compassionate", rng.randint(2, 5), start, today, note="Bereavement")
    if rng.random() < 0.03:
        h.somewhere(p, "dependants", rng.randint(1, 2), start, today, note="Child care emergency")
    if rng.random() < 0.015:
        h.somewhere(p, "paternity", 14, start, today, note="Two weeks' paternity leave")
    if rng.random() < 0.008:
        h.somewhere(p, "parental", 5, start, h.horizon, note="Unpaid parental leave")
    if rng.random() < 0.005:
        h.somewhere(p, "unpaid-leave", rng.randint(1, 5), start, h.horizon, status=REQUESTED, note="Personal reasons")
