"""Builders for the working-time engine tests: duties in Europe/London wall time, one-person checks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta

from muster_engine.worktime import (
    Abstraction,
    Duty,
    Packs,
    Period,
    Person,
    RestDay,
    RulePack,
    Violation,
    average_weekly_hours,
    check_person,
    london,
    shipped_packs,
)
from muster_engine.worktime.timelines import Timelines


def at(text: str) -> datetime:
    """A local wall time, "2026-03-28 07:00"."""
    return london(text)


def later(moment: datetime, minutes: int) -> datetime:
    """`minutes` of real time after `moment` (aware arithmetic in UTC, so clock changes count)."""
    return (moment.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(moment.tzinfo)


def duty(
    start: str | datetime,
    end: str | datetime | int,
    break_minutes: int = 0,
    *,
    kind: str = "duty",
    person: str = "P1",
) -> Duty:
    """A duty from a local start to a local end, or to `end` minutes of real time later."""
    begin = at(start) if isinstance(start, str) else start
    if isinstance(end, int):
        finish = later(begin, end)
    else:
        finish = at(end) if isinstance(end, str) else end
    return Duty(person, begin, finish, break_minutes, kind)  # type: ignore[arg-type]


def chain(first_start: str | datetime, count: int, on: int, off: int, break_minutes: int = 0) -> list[Duty]:
    """`count` duties of `on` minutes separated by `off` minutes of real time."""
    begin = at(first_start) if isinstance(first_start, str) else first_start
    duties = []
    for _ in range(count):
        duties.append(duty(begin, on, break_minutes))
        begin = later(begin, on + off)
    return duties


def weekdays(monday: date, weeks: int, days: Sequence[int], start: str, minutes: int, brk: int = 0) -> list[Duty]:
    """One duty starting at local `start` on each of `days` (0 = Monday) of `weeks` weeks from `monday`."""
    duties = []
    for week in range(weeks):
        for d in days:
            day = monday + timedelta(days=7 * week + d)
            duties.append(duty(at(f"{day.isoformat()} {start}"), minutes + brk, brk))
    return duties


def period(start: str, end: str | None = None) -> Period:
    return Period(date.fromisoformat(start), date.fromisoformat(end or start))


def check(
    duties: Iterable[Duty],
    within: Period,
    *,
    pack: str = "nhs-afc",
    who: Person | None = None,
    rest_days: Iterable[RestDay] = (),
    abstractions: Iterable[Abstraction] = (),
    packs: Packs | RulePack | None = None,
) -> list[Violation]:
    person = who or Person("P1", pack=pack)
    return check_person(person, list(duties), within, rest_days=rest_days, abstractions=abstractions, packs=packs)


def only(violations: Iterable[Violation], rule: str) -> list[Violation]:
    return [v for v in violations if v.rule == rule]


def weekly_average(
    duties: Iterable[Duty],
    day: str,
    *,
    pack: str = "nhs-afc",
    who: Person | None = None,
    abstractions: Iterable[Abstraction] = (),
    rest_days: Iterable[RestDay] = (),
) -> float:
    """The WTR-1 average in hours per week for the window ending on `day`."""
    person = who or Person("P1", pack=pack)
    timelines = Timelines.from_records([person], list(duties), rest_days, abstractions)
    return average_weekly_hours(timelines, shipped_packs(), period(day)).series(person.id)[-1][1]
