"""Sickness: episodes, the Bradford factor over a rolling 52 weeks (ABS-1), long-term sickness (ABS-2).

All of it is health data: callers check absence.permissions.can_see_health_data before showing any of it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from .choices import AbstractionCategory, AbstractionStatus
from .models import Abstraction

WINDOW_DAYS = 52 * 7
LONG_TERM_DAYS = 28  # ABS-2: long-term sickness is more than 28 calendar days

# The ESR sickness reasons (ABS-2), offered when sickness is reported.
REASONS = [
    "Anxiety / stress / depression / other psychiatric illnesses",
    "Asthma",
    "Back problems",
    "Benign and malignant tumours, cancers",
    "Blood disorders",
    "Burns, poisoning, frostbite, hypothermia",
    "Chest and respiratory problems",
    "Cold, cough, flu - influenza",
    "Dental and oral problems",
    "Ear, nose, throat (ENT)",
    "Endocrine / glandular problems",
    "Eye problems",
    "Gastrointestinal problems",
    "Genitourinary and gynaecological disorders",
    "Headache / migraine",
    "Heart, cardiac and circulatory problems",
    "Infectious diseases",
    "Injury, fracture",
    "Nervous system disorders",
    "Other musculoskeletal problems",
    "Pregnancy related disorders",
    "Skin disorders",
    "Substance abuse",
    "Other known causes - not elsewhere classified",
    "Unknown causes / not specified",
]


@dataclass
class Spell:
    """Consecutive days of sickness absence: one or more records joined end to end (or across rest days)."""

    person_id: int
    start: dt.date
    end: dt.date
    records: list[int] = field(default_factory=list)
    ongoing: bool = False

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def long_term(self) -> bool:
        return self.days > LONG_TERM_DAYS


@dataclass(frozen=True)
class Bradford:
    spells: int
    days: int

    @property
    def score(self) -> int:
        return self.spells * self.spells * self.days


def spells_from(records: Iterable[tuple[int, dt.date, dt.date, bool]], *,
                rest_days: dict[int, set[dt.date]] | None = None) -> dict[int, list[Spell]]:
    """Join a person's sickness records into spells. Records that touch or overlap join; so do records separated
    only by the person's rest days (ABS-1: rest days inside a spell do not break it). Records are
    (person_id, first day, last day, ongoing); rest days, when the caller knows them, by person."""
    by_person: dict[int, list[tuple[dt.date, dt.date, bool, int]]] = defaultdict(list)
    for i, (person_id, start, end, ongoing) in enumerate(records):
        by_person[person_id].append((start, end, ongoing, i))
    out: dict[int, list[Spell]] = {}
    for person_id, rows in by_person.items():
        rows.sort()
        rest = (rest_days or {}).get(person_id, set())
        spells: list[Spell] = []
        for start, end, ongoing, index in rows:
            last = spells[-1] if spells else None
            if last is not None and _joins(last.end, start, rest):
                last.end = max(last.end, end)
                last.records.append(index)
                last.ongoing = last.ongoing or ongoing
            else:
                spells.append(Spell(person_id, start, end, [index], ongoing))
        out[person_id] = spells
    return out


def _joins(previous_end: dt.date, start: dt.date, rest: set[dt.date]) -> bool:
    if start <= previous_end + dt.timedelta(days=1):
        return True
    day = previous_end + dt.timedelta(days=1)
    while day < start:
        if day not in rest:
            return False
        day += dt.timedelta(days=1)
    return True


def bradford(spells: list[Spell], *, on: dt.date) -> Bradford:
    """S² × D over the 52 weeks ending `on`: S spells touching the window, D their days inside it (ABS-1)."""
    first = on - dt.timedelta(days=WINDOW_DAYS - 1)
    count, days = 0, 0
    for spell in spells:
        start, end = max(spell.start, first), min(spell.end, on)
        if start <= end:
            count += 1
            days += (end - start).days + 1
    return Bradford(count, days)


def sickness_records(person_ids: Iterable[int], first: dt.date, last: dt.date):
    """Approved sickness abstractions touching first..last (a little earlier too, so spells join correctly)."""
    return (Abstraction.objects.filter(person_id__in=list(person_ids), type__category=AbstractionCategory.SICKNESS,
                                       status=AbstractionStatus.APPROVED,
                                       start_date__lte=last, end_date__gte=first - dt.timedelta(days=60))
            .order_by("person_id", "start_date"))


@dataclass
class PersonSickness:
    person_id: int
    spells: list[Spell]
    bradford: Bradford
    current: Spell | None  # off sick on `on`
    long_term: bool  # currently in a spell of more than 28 days


def summarise(person_ids: Iterable[int], *, on: dt.date | None = None,
              rest_days: dict[int, set[dt.date]] | None = None) -> dict[int, PersonSickness]:
    on = on or timezone.localdate()
    ids = list(person_ids)
    first = on - dt.timedelta(days=WINDOW_DAYS - 1)
    rows = list(sickness_records(ids, first, on + dt.timedelta(days=366)).values_list(
        "person_id", "start_date", "end_date", "ongoing"))
    by_person = spells_from(rows, rest_days=rest_days)
    out = {}
    for pid in ids:
        spells = by_person.get(pid, [])
        current = next((s for s in spells if s.start <= on <= s.end), None)
        out[pid] = PersonSickness(pid, [s for s in spells if s.end >= first], bradford(spells, on=on), current,
                                  bool(current and current.long_term))
    return out
