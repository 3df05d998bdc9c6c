"""The one place rostering asks the working-time rules: DB rows in, engine dataclasses, violations out.

Gathers duties, rest days and abstractions over the reference window (the pack's 17 weeks before the
period, and the days after it that WTR-1 may borrow) and hands them to the worktime adapter
(worktime.checking), which owns people's facts and the organisation's rule packs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from absence.models import Abstraction
from muster_engine import worktime as engine
from worktime import checking
from worktime.rulepacks import organisation_packs

from .choices import DutyStatus
from .models import Duty, ShiftPattern, ShiftType
from .projection import duty_instants

DEFAULT_PACK = "police-officer"
LOOK_AHEAD_DAYS = 28  # WTR-1 "B": excluded days inside the window are made good from the days after it


def _lookback_days(packs: engine.Packs) -> int:
    return max(p.reference_weeks for p in packs.versions) * 7 + 7


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


@dataclass(frozen=True)
class Gathered:
    """One person-day per key (a person has at most one live duty a day) plus approved abstractions."""

    days: dict[tuple[int, dt.date], engine.Duty | engine.RestDay]
    abstractions: list[engine.Abstraction]
    published_rest: frozenset[tuple[int, dt.date]] = frozenset()  # rest days the person was told of (POL-5)

    def duties(self) -> dict[tuple[int, dt.date], engine.Duty]:
        return {k: v for k, v in self.days.items() if isinstance(v, engine.Duty)}

    def rest_days(self) -> list[engine.RestDay]:
        return [v for v in self.days.values() if isinstance(v, engine.RestDay)]


def gather(person_ids: Sequence[int], start: dt.date, end: dt.date, packs: engine.Packs) -> Gathered:
    first = start - dt.timedelta(days=_lookback_days(packs))
    last = end + dt.timedelta(days=LOOK_AHEAD_DAYS)
    rows = (Duty.objects.filter(person_id__in=person_ids, date__range=(first, last))
            .exclude(status=DutyStatus.CANCELLED)
            .values_list("person_id", "date", "start", "end", "break_minutes", "is_rest_day", "published_rest_day",
                         "notified_at"))
    days: dict[tuple[int, dt.date], engine.Duty | engine.RestDay] = {}
    published_rest = set()
    for pid, day, s, e, brk, rest, published_rest_day, notified in rows:
        key = checking.person_key(pid)
        if published_rest_day:
            published_rest.add((pid, day))
        if rest:
            days[(pid, day)] = engine.RestDay(person=key, date=day)
        elif s is not None and e is not None:
            days[(pid, day)] = engine.Duty(person=key, start=s, end=e, break_minutes=brk,
                                           rostered_rest_day=published_rest_day, notified_at=notified)
    absences = list(Abstraction.objects.filter(person_id__in=person_ids, start_date__lte=last, end_date__gte=first,
                                               status="approved")
                    .values_list("person_id", "start_date", "end_date", "type__category", "type__code",
                                 "type__excluded_from_wtr_average", "type__removes_from_roster", "start_time"))
    # A planned duty on a day of whole-day leave or sickness is not worked: the base roster keeps it (so the
    # grid can show what the absence displaces) but the rules must not count it as working time.
    for pid, s, e, _category, _code, _excluded, removes, part_day in absences:
        if removes and part_day is None:
            for offset in range((e - s).days + 1):
                day = s + dt.timedelta(days=offset)
                if isinstance(days.get((pid, day)), engine.Duty):
                    del days[(pid, day)]
    return Gathered(days, [checking.engine_abstraction(pid, category, code, excluded, s, e)
                           for pid, s, e, category, code, excluded, _removes, _part in absences],
                    frozenset(published_rest))


def violations_for(person_ids: Sequence[int], start: dt.date, end: dt.date) -> list[engine.Violation]:
    """Every violation in start..end for these people, judged with their history over the reference window."""
    if not person_ids:
        return []
    packs = organisation_packs()
    found = gather(person_ids, start, end, packs)
    return checking.check(checking.engine_people(person_ids, start), found.duties().values(),
                          engine.Period(start, end), rest_days=found.rest_days(), abstractions=found.abstractions,
                          packs=packs)


def check_proposal(proposal: Proposal) -> tuple[list[engine.Violation], list[engine.Violation]]:
    """(violations the change would add, violations it would clear) for one person around the changed day."""
    packs = organisation_packs()
    start = proposal.date - dt.timedelta(days=7)
    end = proposal.date + dt.timedelta(days=7)
    found = gather([proposal.person_id], start, end, packs)
    key = (proposal.person_id, proposal.date)
    rest_after = [r for r in found.rest_days() if (proposal.person_id, r.date) != key]
    new: engine.Duty | None = None
    if proposal.is_rest_day:
        rest_after.append(engine.RestDay(person=checking.person_key(proposal.person_id), date=proposal.date))
    elif not proposal.remove:
        new = engine.Duty(person=checking.person_key(proposal.person_id), start=proposal.start, end=proposal.end,
                          break_minutes=proposal.break_minutes,
                          rostered_rest_day=key in found.published_rest)
    result = checking.check_changes(
        people=checking.engine_people([proposal.person_id], proposal.date), current=found.duties(),
        proposed={key: new}, rest_days_before=found.rest_days(), rest_days_after=rest_after,
        abstractions=found.abstractions, period=engine.Period(start, end), packs=packs)
    return result.introduced, result.resolved


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
    found = checking.check([person], duties, engine.Period(first, first + dt.timedelta(days=days - 1)),
                           rest_days=rest, packs=packs)
    unique: dict[tuple[str, str], engine.Violation] = {}
    for v in found:
        unique.setdefault((v.rule, v.severity), v)
    return list(unique.values())


def pattern_violations(pattern: ShiftPattern) -> list[engine.Violation]:
    types = {st.code: st for st in ShiftType.objects.filter(code__in=set(pattern.days) - {""})}
    return check_pattern(pattern.days, types, pattern.rule_pack)


def weekly_averages_for(person_ids: Sequence[int], start: dt.date, end: dt.date) -> engine.WeeklyAverages | None:
    """WTR-1's rolling average per person and day of start..end, to chart against the 48-hour limit."""
    if not person_ids:
        return None
    packs = organisation_packs()
    found = gather(person_ids, start, end, packs)
    return checking.weekly_averages(checking.engine_people(person_ids, start), found.duties().values(),
                                    engine.Period(start, end), rest_days=found.rest_days(),
                                    abstractions=found.abstractions, packs=packs)
