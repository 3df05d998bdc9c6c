"""The one adapter between Django and `muster_engine.worktime`: ORM rows in, engine violations out.

`worktime` sits beside `absence` and below `rostering` in the layering, so it cannot read duties or
abstractions itself: callers (rostering, absence, events) gather those as engine dataclasses and ask
here. People and rule packs it reads itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Q

from muster_engine.worktime import model as engine
from muster_engine.worktime.evaluate import WeeklyAverages, average_weekly_hours, evaluate
from muster_engine.worktime.packs import Packs
from muster_engine.worktime.timelines import Timelines
from people.models import Contract, Person

from .rulepacks import organisation_packs

Violation = engine.Violation
EngineDuty = engine.Duty
EngineRestDay = engine.RestDay
EngineAbstraction = engine.Abstraction
Period = engine.Period

# How far either side of a change its effects are checked by default: daily and weekly rest reach a
# week; the 17-week average is reported for windows ending inside the same span.
CHANGE_MARGIN = dt.timedelta(days=7)
_LONDON = ZoneInfo("Europe/London")


def person_key(person: Person | int) -> str:
    return str(person.pk if isinstance(person, Person) else person)


def engine_people(person_ids: Iterable[int], on: dt.date) -> list[engine.Person]:
    """The facts the rules need about each person, from the contract in force on `on` (two queries)."""
    ids = list(person_ids)
    contracts: dict[int, Contract] = {}
    in_force = Contract.objects.filter(person_id__in=ids, effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on))
    for contract in in_force.order_by("effective_from"):
        contracts[contract.person_id] = contract
    facts = []
    rows = Person.objects.filter(id__in=ids).values_list("id", "staff_group__rule_pack", "birth_date", "start_date",
                                                          "rank__code")
    for pid, pack, birth, start, rank in rows:
        contract = contracts.get(pid)
        facts.append(engine.Person(
            id=person_key(pid), pack=pack or None,
            hours_per_week=float(contract.weekly_hours) if contract else None,
            wtr_opt_out=bool(contract and contract.wtr_opt_out),
            night_worker=True if contract and contract.night_worker else None,
            birth_date=birth, employed_from=start, rank=rank,
            band=contract.pay_point if contract and contract.pay_point else None))
    return facts


# WTR-1 excludes statutory leave, sickness and parental leave from the average; the engine knows them by name.
_EXCLUDED_AS = {"leave": "annual_leave", "sickness": "sickness", "parental": "parental"}


def engine_abstraction(person_id: int, category: str, code: str, excluded: bool, start: dt.date,
                       end: dt.date) -> EngineAbstraction:
    """An abstraction as the engine sees it: an excluded day for WTR-1 or not (AbstractionType flag)."""
    if excluded:
        kind = _EXCLUDED_AS.get(category, "annual_leave")
    else:  # never let a local code that happens to read "sickness" become an excluded day
        kind = f"other:{code}" if code in engine.EXCLUDED_ABSTRACTION_TYPES else code
    return EngineAbstraction(person=person_key(person_id), type=kind, start=start, end=end)


def check(people: Sequence[engine.Person], duties: Iterable[EngineDuty], period: Period, *,
          rest_days: Iterable[EngineRestDay] = (), abstractions: Iterable[EngineAbstraction] = (),
          packs: Packs | None = None) -> list[Violation]:
    """Every violation in `period` for these people (pass duties from the reference window before it too)."""
    timelines = Timelines.from_records(people, duties, rest_days, abstractions)
    return evaluate(timelines, packs or organisation_packs(), period)


def weekly_averages(people: Sequence[engine.Person], duties: Iterable[EngineDuty], period: Period, *,
                    rest_days: Iterable[EngineRestDay] = (), abstractions: Iterable[EngineAbstraction] = (),
                    packs: Packs | None = None) -> WeeklyAverages:
    """The WTR-1 rolling 17-week average per person and day, to chart against 48 h.

    Pass rest days too: a rostered rest day inside leave is not an excluded day, so without them the average
    would disagree with `check`."""
    timelines = Timelines.from_records(people, duties, rest_days, abstractions)
    return average_weekly_hours(timelines, packs or organisation_packs(), period)


def _key(v: Violation) -> tuple:
    return (v.rule, v.person, v.start, v.end)


@dataclass(frozen=True)
class ChangeCheck:
    """What a proposed change breaks (`introduced`), what it mends (`resolved`), and all that remains."""

    introduced: list[Violation]
    resolved: list[Violation]
    after: list[Violation] = field(default_factory=list)

    @property
    def breaches(self) -> list[Violation]:
        return [v for v in self.introduced if v.severity == "breach"]

    @property
    def clean(self) -> bool:
        return not self.introduced


def check_changes(*, people: Sequence[engine.Person], current: Mapping[Hashable, EngineDuty],
                  proposed: Mapping[Hashable, EngineDuty | None], rest_days_before: Iterable[EngineRestDay] = (),
                  rest_days_after: Iterable[EngineRestDay] | None = None,
                  abstractions: Iterable[EngineAbstraction] = (), period: Period | None = None,
                  packs: Packs | None = None) -> ChangeCheck:
    """Answer "what would this change break?" before anything is saved.

    `current` maps a duty key (its id) to the duty as it stands, covering the reference window around the
    change; `proposed` maps keys to the new duty (a new key adds one, None removes one). Rest days may
    change too (a cancelled rest day). Both rosters are judged by the same rules over `period` (default:
    the changed dates ± a week) and the difference is returned."""
    after = {k: d for k, d in current.items() if k not in proposed}
    after.update({k: d for k, d in proposed.items() if d is not None})
    if period is None:
        touched = [d for d in proposed.values() if d is not None] + [current[k] for k in proposed if k in current]
        if not touched:
            return ChangeCheck([], [], [])
        local_days = [d.start.astimezone(_LONDON).date() for d in touched]
        period = Period(min(local_days) - CHANGE_MARGIN, max(local_days) + CHANGE_MARGIN)
    packs = packs or organisation_packs()
    rest_days_before = list(rest_days_before)
    abstractions = list(abstractions)
    before_v = check(people, current.values(), period, rest_days=rest_days_before, abstractions=abstractions,
                     packs=packs)
    after_v = check(people, after.values(), period,
                    rest_days=rest_days_before if rest_days_after is None else rest_days_after,
                    abstractions=abstractions, packs=packs)
    before_keys, after_keys = {_key(v) for v in before_v}, {_key(v) for v in after_v}
    return ChangeCheck(introduced=[v for v in after_v if _key(v) not in before_keys],
                       resolved=[v for v in before_v if _key(v) not in after_keys], after=after_v)

