"""The one place rostering asks the working-time rules engine: DB rows in, engine dataclasses, violations out.

Gathers duties, rest days and abstractions over the reference window (the pack's 17 weeks before the
period, and the days after it that WTR-1 may borrow) and evaluates them with the organisation's packs.
TODO(lead): switch `_evaluate` to worktime.checking once that adapter lands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q

from absence.models import Abstraction
from muster_engine import worktime as engine
from people.models import Contract, Person
from worktime.rulepacks import organisation_packs

from .choices import DutyStatus
from .models import Duty, ShiftPattern, ShiftType
from .projection import duty_instants

DEFAULT_PACK = "police-officer"
LOOK_AHEAD_DAYS = 28  # WTR-1 "B": excluded days inside the window are made good from the days after it


def _lookback_days(packs: engine.Packs) -> int:
    return max(p.reference_weeks for p in packs.versions) * 7 + 7


def _abstraction_type(category: str, code: str, excluded: bool) -> str:
    if excluded:
        return {"leave": "annual_leave", "sickness": "sickness", "parental": "parental"}.get(category, "annual_leave")
    return code


@dataclass(frozen=True)
class Proposal:
    """A change to check before saving: `person`'s entry on `date` becomes this (None start: a rest day,
    `remove`: nothing at all)."""

    person_id: int
    date: dt.date
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    break_minutes: int = 0
    remove: bool = False

    @property
    def is_rest_day(self) -> bool:
        return self.start is None and not self.remove


def engine_people(person_ids: Iterable[int], on: dt.date) -> list[engine.Person]:
    ids = list(person_ids)
    contracts: dict[int, Contract] = {}
    for c in Contract.objects.filter(person_id__in=ids, effective_from__lte=on).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on)).order_by("effective_from"):
        contracts[c.person_id] = c
    out = []
    rows = Person.objects.filter(id__in=ids).values_list("id", "staff_group__rule_pack", "birth_date", "start_date",
                                                          "rank__code")
    for pid, pack, birth, start, rank in rows:
        c = contracts.get(pid)
        out.append(engine.Person(
            id=str(pid), pack=pack or None, hours_per_week=float(c.weekly_hours) if c else None,
            wtr_opt_out=bool(c and c.wtr_opt_out), night_worker=True if c and c.night_worker else None,
            birth_date=birth, employed_from=start, rank=rank))
    return out


def _gather(person_ids: Sequence[int], start: dt.date, end: dt.date, packs: engine.Packs):
    first = start - dt.timedelta(days=_lookback_days(packs))
    last = end + dt.timedelta(days=LOOK_AHEAD_DAYS)
    rows = (Duty.objects.filter(person_id__in=person_ids, date__range=(first, last))
            .exclude(status=DutyStatus.CANCELLED)
            .values_list("person_id", "date", "start", "end", "break_minutes", "is_rest_day", "published_rest_day",
                         "notified_at"))
    duties: dict[tuple[int, dt.date], tuple] = {}
    for row in rows:
        duties[(row[0], row[1])] = row
    absences = (Abstraction.objects.filter(person_id__in=person_ids, start_date__lte=last, end_date__gte=first,
                                           status="approved")
                .values_list("person_id", "start_date", "end_date", "type__category", "type__code",
                             "type__excluded_from_wtr_average"))
    return duties, list(absences)


def _records(duties: dict, absences: list):
    e_duties, e_rest = [], []
    for pid, day, s, e, brk, rest, published_rest, notified in duties.values():
        if rest:
            e_rest.append(engine.RestDay(person=str(pid), date=day))
        elif s is not None and e is not None:
            e_duties.append(engine.Duty(person=str(pid), start=s, end=e, break_minutes=brk,
                                        rostered_rest_day=bool(published_rest), notified_at=notified))
    e_abs = [engine.Abstraction(person=str(pid), type=_abstraction_type(cat, code, excl), start=s, end=e)
             for pid, s, e, cat, code, excl in absences]
    return e_duties, e_rest, e_abs


def _evaluate(people: list[engine.Person], duties, rest_days, abstractions, packs: engine.Packs,
              start: dt.date, end: dt.date) -> list[engine.Violation]:
    if not people:
        return []
    timelines = engine.Timelines.from_records(people, duties, rest_days, abstractions, default_pack=DEFAULT_PACK)
    return engine.evaluate(timelines, packs, engine.Period(start, end))


def violations_for(person_ids: Sequence[int], start: dt.date, end: dt.date) -> list[engine.Violation]:
    """Every violation in start..end for these people, judged with their history over the reference window."""
    packs = organisation_packs()
    duties, absences = _gather(person_ids, start, end, packs)
    return _evaluate(engine_people(person_ids, start), *_records(duties, absences), packs, start, end)


def _key(v: engine.Violation) -> tuple:
    return (v.rule, v.person, v.start, v.end)


def check_proposal(proposal: Proposal) -> tuple[list[engine.Violation], list[engine.Violation]]:
    """(violations the change would add, violations it would clear) for one person around the changed day."""
    packs = organisation_packs()
    start = proposal.date - dt.timedelta(days=7)
    end = proposal.date + dt.timedelta(days=7)
    duties, absences = _gather([proposal.person_id], start, end, packs)
    people = engine_people([proposal.person_id], proposal.date)
    before = _evaluate(people, *_records(duties, absences), packs, start, end)
    changed = dict(duties)
    key = (proposal.person_id, proposal.date)
    old = changed.get(key)
    published_rest = bool(old and old[6])
    if proposal.remove:
        changed.pop(key, None)
    else:
        changed[key] = (proposal.person_id, proposal.date, proposal.start, proposal.end, proposal.break_minutes,
                        proposal.is_rest_day, published_rest, None)
    after = _evaluate(people, *_records(changed, absences), packs, start, end)
    before_keys = {_key(v) for v in before}
    after_keys = {_key(v) for v in after}
    return [v for v in after if _key(v) not in before_keys], [v for v in before if _key(v) not in after_keys]


def check_pattern(pattern_days: Sequence[str], shift_types: dict[str, ShiftType], rule_pack: str,
                  weeks: int = 17) -> list[engine.Violation]:
    """Violations for one person following the pattern for `weeks` weeks (at least two cycles) from a Monday
    with no clock change near it, judged by `rule_pack`; one violation per rule and message."""
    packs = organisation_packs()
    cycle = len(pattern_days)
    days = max(weeks * 7, cycle * 2)
    first = dt.date(2025, 1, 6)  # a Monday; the 17 weeks after it hold no clock change
    # The person has followed the pattern for a reference window already, so averages are not of one week.
    history = _lookback_days(packs) // cycle * cycle + cycle
    person = engine.Person(id="pattern", pack=rule_pack or DEFAULT_PACK, hours_per_week=40.0,
                           employed_from=first - dt.timedelta(days=history))
    duties, rest = [], []
    for i in range(-history, days):
        day = first + dt.timedelta(days=i)
        code = pattern_days[i % cycle]
        st = shift_types.get(code) if code else None
        if st is None:
            rest.append(engine.RestDay(person="pattern", date=day))
            continue
        s, e = duty_instants(day, st.start_time, st.end_time)
        duties.append(engine.Duty(person="pattern", start=s, end=e, break_minutes=st.break_minutes))
    found = _evaluate([person], duties, rest, [], packs, first, first + dt.timedelta(days=days - 1))
    unique: dict[tuple[str, str], engine.Violation] = {}
    for v in found:
        unique.setdefault((v.rule, v.severity), v)
    return list(unique.values())


def pattern_violations(pattern: ShiftPattern) -> list[engine.Violation]:
    types = {st.code: st for st in ShiftType.objects.filter(code__in=set(pattern.days) - {""})}
    return check_pattern(pattern.days, types, pattern.rule_pack)
