"""Establishment vs strength — the "plan on a page" of a unit, rolled up over its whole sub-tree.

Per rank: funded posts (Σ funded FTE of posts in force), strength (Σ FTE of the contracts in force of the people in
the sub-tree, and their head-count), vacancy = establishment − strength, people abstracted long-term (an approved
abstraction covering the date whose whole span is > 28 calendar days, RULES.md ABS-2) and available strength =
strength − long-term abstracted FTE.

Every figure comes from a constant number of queries, whatever the size of the sub-tree: the materialised path
turns "the sub-tree" into one indexed prefix filter; funded posts are summed by (unit, rank) in the database,
strength from three flat queries (people, contracts in force, long-term abstractions) summed here, then both rolled
up to ranks and to child units. For a date other than today, a person's unit and rank on that date come
from their movement history (people.history), loaded in one query for everyone concerned.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    DecimalField,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from absence.choices import AbstractionStatus
from absence.models import Abstraction
from org.models import Post, Rank, Unit
from people.history import rank_id_on, unit_id_on
from people.models import Contract, Movement, Person

# ABS-2: long-term means the whole abstraction spans more than 28 calendar days (first and last day included).
LONG_TERM_DAYS = 28
ZERO = Decimal("0.00")
TWO_PLACES = Decimal("0.01")
# Sums of FTE outgrow the column's max_digits (a force has thousands of people): give the sum room of its own.
_FTE_SUM = DecimalField(max_digits=14, decimal_places=3)


def _q2(value: Decimal) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES)


@dataclass(frozen=True)
class Figures:
    """The numbers of one row: a rank, a child unit, or a total."""

    funded: Decimal = ZERO
    strength: Decimal = ZERO
    headcount: int = 0
    long_term_abstracted: Decimal = ZERO  # FTE
    long_term_abstracted_headcount: int = 0

    @property
    def vacancy(self) -> Decimal:
        """Establishment − strength; negative when over establishment."""
        return _q2(self.funded - self.strength)

    @property
    def available(self) -> Decimal:
        return _q2(self.strength - self.long_term_abstracted)

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            funded=_q2(self.funded + other.funded),
            strength=_q2(self.strength + other.strength),
            headcount=self.headcount + other.headcount,
            long_term_abstracted=_q2(self.long_term_abstracted + other.long_term_abstracted),
            long_term_abstracted_headcount=self.long_term_abstracted_headcount + other.long_term_abstracted_headcount,
        )

    def as_dict(self) -> dict:
        return {
            "funded": self.funded, "strength": self.strength, "headcount": self.headcount, "vacancy": self.vacancy,
            "long_term_abstracted": self.long_term_abstracted,
            "long_term_abstracted_headcount": self.long_term_abstracted_headcount, "available": self.available,
        }


@dataclass(frozen=True)
class EstablishmentRow(Figures):
    """One rank of the plan on a page. The totals row has rank_code "total" and no rank_id."""

    rank_id: int | None = None
    rank_code: str = ""
    rank_name: str = ""
    staff_group: str = ""


@dataclass(frozen=True)
class ChildRow:
    """One child unit's figures (its own sub-tree), for the breakdown under the plan."""

    unit: Unit
    figures: Figures


@dataclass(frozen=True)
class EstablishmentReport:
    unit: Unit
    on: dt.date
    rows: list[EstablishmentRow]
    total: EstablishmentRow
    children: list[ChildRow]
    # Posts and people held by the unit itself rather than by one of its children (e.g. a station's inspector).
    own: Figures
    history_used: bool = field(default=False)


def in_force(on: dt.date, prefix: str = "") -> Q:
    """Effective-dated rows (posts, contracts) in force on a date."""
    return Q(**{f"{prefix}effective_from__lte": on}) & (
        Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gte": on}))


def employed_on(on: dt.date) -> Q:
    return Q(start_date__lte=on) & (Q(leave_date__isnull=True) | Q(leave_date__gte=on))


def _fte_and_long_term(people: QuerySet[Person], on: dt.date) -> tuple[dict[int, Decimal], set[int]]:
    """Each person's FTE on `on` (their contract in force, the latest-starting one if several) and who is abstracted
    long-term (ABS-2). Two queries whatever the head-count, `people` passed as a subquery.

    Not correlated subqueries per person: without planner statistics SQLite answers "the abstraction of this person
    covering this date" through the (status, start_date) index, scanning every approved abstraction for each person
    — seconds on the demo force."""
    ids = people.values("pk")
    fte: dict[int, Decimal] = {}
    for person_id, value in (Contract.objects.filter(in_force(on), person_id__in=ids)
                             .order_by("person_id", "effective_from").values_list("person_id", "fte")):
        fte[person_id] = value  # ordered by start: the last one written is the one in force
    long_term = set(Abstraction.objects.filter(
        person_id__in=ids, status=AbstractionStatus.APPROVED, start_date__lte=on, end_date__gte=on,
    ).filter(
        # span in days = end − start + 1 > 28  ⇔  end ≥ start + 28 days
        end_date__gte=F("start_date") + dt.timedelta(days=LONG_TERM_DAYS)).values_list("person_id", flat=True))
    return fte, long_term


Bucket = dict[tuple[int, int], Figures]  # (unit id, rank id) → figures


def _funded(unit: Unit, on: dt.date) -> Bucket:
    rows = (Post.objects.filter(in_force(on), unit__path__startswith=unit.path)
            .values("unit_id", "rank_id").order_by()
            .annotate(funded=Sum("funded_fte", output_field=_FTE_SUM)))
    return {(r["unit_id"], r["rank_id"]): Figures(funded=_q2(r["funded"] or ZERO)) for r in rows}


def _bucket(placed: Iterable[tuple[int, int | None, int | None]], fte: dict[int, Decimal],
            long_term: set[int]) -> Bucket:
    """(person, unit, rank) → figures per (unit, rank): sums in Decimal, rounded once per bucket."""
    sums: dict[tuple[int, int], list] = defaultdict(lambda: [ZERO, 0, ZERO, 0])
    for person_id, unit_id, rank_id in placed:
        if unit_id is None or rank_id is None:
            continue
        value = fte.get(person_id, ZERO)
        s = sums[(unit_id, rank_id)]
        s[0] += value
        s[1] += 1
        if person_id in long_term:
            s[2] += value
            s[3] += 1
    return {key: Figures(strength=_q2(s[0]), headcount=s[1], long_term_abstracted=_q2(s[2]),
                         long_term_abstracted_headcount=s[3]) for key, s in sums.items()}


def _strength_today(unit: Unit, on: dt.date) -> Bucket:
    """Today's home unit and rank are the person's unit and rank: three flat queries, summed here."""
    people = Person.objects.filter(employed_on(on), home_unit__path__startswith=unit.path).order_by()
    fte, long_term = _fte_and_long_term(people, on)
    return _bucket(people.values_list("pk", "home_unit_id", "rank_id"), fte, long_term)


def _strength_from_history(unit: Unit, on: dt.date, unit_ids: set[int]) -> Bucket:
    """Another date: replay each concerned person's movements. Four queries: people, their contracts, their long-term
    abstractions, then all their movements."""
    moved_here = Movement.objects.filter(Q(from_unit__path__startswith=unit.path)
                                         | Q(to_unit__path__startswith=unit.path)).values("person_id")
    concerned = Q(home_unit__path__startswith=unit.path) | Q(pk__in=moved_here)
    employed = Person.objects.filter(employed_on(on)).filter(concerned).order_by()
    people = list(employed.only("pk", "start_date", "leave_date", "home_unit_id", "rank_id"))
    fte, long_term = _fte_and_long_term(employed, on)
    movements: dict[int, list[Movement]] = defaultdict(list)
    # A subquery rather than a list of ids: a force-wide report concerns thousands of people.
    for movement in (Movement.objects.filter(person__in=Person.objects.filter(concerned).values("pk"))
                     .only("pk", "person_id", "kind", "effective_date", "from_unit_id", "to_unit_id",
                           "from_rank_id", "to_rank_id")):
        movements[movement.person_id].append(movement)
    placed = []
    for person in people:
        history = movements.get(person.pk, [])
        unit_id = unit_id_on(person, on, list(history))
        if unit_id in unit_ids:
            placed.append((person.pk, unit_id, rank_id_on(person, on, list(history))))
    return _bucket(placed, fte, long_term)


def _child_of(unit: Unit, path: str) -> int | None:
    """The id of `unit`'s child on the way to the unit at `path` (None for the unit itself)."""
    rest = path[len(unit.path):].strip("/")
    return int(rest.split("/")[0]) if rest else None


def _rank_sort_key(rank: Rank) -> tuple:
    return (rank.staff_group.name, -rank.seniority, rank.name)


def establishment_report(unit: Unit, on: dt.date | None = None) -> EstablishmentReport:
    """The plan on a page for `unit` and its sub-tree on `on` (default today), with a per-child breakdown."""
    on = on or timezone.localdate()
    subtree = {u.pk: u for u in Unit.objects.filter(path__startswith=unit.path).only(
        "pk", "name", "code", "kind", "path", "parent_id", "depth", "active")}
    funded = _funded(unit, on)
    history_used = on != timezone.localdate()
    strength = _strength_from_history(unit, on, set(subtree)) if history_used else _strength_today(unit, on)

    by_rank: dict[int, Figures] = defaultdict(Figures)
    by_child: dict[int | None, Figures] = defaultdict(Figures)
    for bucket in (funded, strength):
        for (unit_id, rank_id), figures in bucket.items():
            member = subtree.get(unit_id)
            if member is None:
                continue
            by_rank[rank_id] += figures
            by_child[_child_of(unit, member.path)] += figures

    ranks = Rank.objects.filter(pk__in=by_rank).select_related("staff_group")
    rows = [EstablishmentRow(rank_id=rank.pk, rank_code=rank.code, rank_name=rank.name,
                             staff_group=rank.staff_group.name, **_fields(by_rank[rank.pk]))
            for rank in sorted(ranks, key=_rank_sort_key)]
    children = sorted((u for u in subtree.values() if u.parent_id == unit.pk), key=lambda u: u.name)
    return EstablishmentReport(
        unit=unit, on=on, rows=rows, total=total_row(rows),
        children=[ChildRow(unit=child, figures=by_child.get(child.pk, Figures())) for child in children],
        own=by_child.get(None, Figures()), history_used=history_used)


def _fields(figures: Figures) -> dict:
    return {"funded": figures.funded, "strength": figures.strength, "headcount": figures.headcount,
            "long_term_abstracted": figures.long_term_abstracted,
            "long_term_abstracted_headcount": figures.long_term_abstracted_headcount}


def total_row(rows: Iterable[Figures]) -> EstablishmentRow:
    """The totals of a list of rows, as a row with rank_code "total"."""
    total = sum(rows, Figures())
    return EstablishmentRow(rank_code="total", rank_name="Total", **_fields(total))


def plan_on_a_page(unit: Unit, on: dt.date) -> list[EstablishmentRow]:
    """One row per rank with posts or people in the unit's sub-tree on `on`; totals: `total_row(rows)`."""
    return establishment_report(unit, on).rows
