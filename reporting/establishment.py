"""Establishment vs strength — the "plan on a page" of a unit, rolled up over its whole sub-tree.

Per rank: funded posts (Σ funded FTE of posts in force), strength (Σ FTE of the contracts in force of the people in
the sub-tree, and their head-count), vacancy = establishment − strength, people abstracted long-term (an approved
abstraction covering the date whose whole span is > 28 calendar days, RULES.md ABS-2) and available strength =
strength − long-term abstracted FTE.

Every figure comes from a constant number of queries, whatever the size of the sub-tree: the materialised path
turns "the sub-tree" into one indexed prefix filter, and sums are grouped by (unit, rank) in the database, then
rolled up to ranks and to child units here. For a date other than today, a person's unit and rank on that date come
from their movement history (people.history), loaded in one query for everyone concerned.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
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


def _people_with_fte(on: dt.date) -> QuerySet[Person]:
    """People annotated with `fte` (their contract in force on `on`, 0 without one) and `long_term` (ABS-2)."""
    contract_fte = (Contract.objects.filter(in_force(on), person=OuterRef("pk"))
                    .order_by("-effective_from").values("fte")[:1])
    long_term = Abstraction.objects.filter(
        person=OuterRef("pk"), status=AbstractionStatus.APPROVED, start_date__lte=on, end_date__gte=on,
    ).filter(
        # span in days = end − start + 1 > 28  ⇔  end ≥ start + 28 days
        end_date__gte=F("start_date") + dt.timedelta(days=LONG_TERM_DAYS))
    return Person.objects.filter(employed_on(on)).annotate(
        fte=Coalesce(Subquery(contract_fte), Value(Decimal("0")), output_field=_FTE_SUM),
        long_term=Exists(long_term),
    )


Bucket = dict[tuple[int, int], Figures]  # (unit id, rank id) → figures


def _funded(unit: Unit, on: dt.date) -> Bucket:
    rows = (Post.objects.filter(in_force(on), unit__path__startswith=unit.path)
            .values("unit_id", "rank_id").order_by()
            .annotate(funded=Sum("funded_fte", output_field=_FTE_SUM)))
    return {(r["unit_id"], r["rank_id"]): Figures(funded=_q2(r["funded"] or ZERO)) for r in rows}


def _strength_today(unit: Unit, on: dt.date) -> Bucket:
    """Today's home unit and rank are the person's unit and rank: one grouped query."""
    rows = (_people_with_fte(on).filter(home_unit__path__startswith=unit.path)
            .values("home_unit_id", "rank_id").order_by()
            .annotate(headcount=Count("pk"), strength=Sum("fte", output_field=_FTE_SUM),
                      lt_headcount=Count("pk", filter=Q(long_term=True)),
                      lt_fte=Sum("fte", filter=Q(long_term=True), output_field=_FTE_SUM)))
    return {(r["home_unit_id"], r["rank_id"]): Figures(
        strength=_q2(r["strength"] or ZERO), headcount=r["headcount"],
        long_term_abstracted=_q2(r["lt_fte"] or ZERO), long_term_abstracted_headcount=r["lt_headcount"])
        for r in rows}


def _strength_from_history(unit: Unit, on: dt.date, unit_ids: set[int]) -> Bucket:
    """Another date: replay each concerned person's movements. Two queries: people, then all their movements."""
    moved_here = Movement.objects.filter(Q(from_unit__path__startswith=unit.path)
                                         | Q(to_unit__path__startswith=unit.path)).values("person_id")
    concerned = Q(home_unit__path__startswith=unit.path) | Q(pk__in=moved_here)
    people = list(_people_with_fte(on).filter(concerned)
                  .only("pk", "start_date", "leave_date", "home_unit_id", "rank_id").order_by())
    movements: dict[int, list[Movement]] = defaultdict(list)
    # A subquery rather than a list of ids: a force-wide report concerns thousands of people.
    for movement in (Movement.objects.filter(person__in=Person.objects.filter(concerned).values("pk"))
                     .only("pk", "person_id", "kind", "effective_date", "from_unit_id", "to_unit_id",
                           "from_rank_id", "to_rank_id")):
        movements[movement.person_id].append(movement)
    bucket: dict[tuple[int, int], Figures] = defaultdict(Figures)
    for person in people:
        history = movements.get(person.pk, [])
        unit_id = unit_id_on(person, on, list(history))
        rank_id = rank_id_on(person, on, list(history))
        if unit_id not in unit_ids or rank_id is None:
            continue
        fte = _q2(person.fte)
        bucket[(unit_id, rank_id)] += Figures(
            strength=fte, headcount=1,
            long_term_abstracted=fte if person.long_term else ZERO,
            long_term_abstracted_headcount=1 if person.long_term else 0)
    return dict(bucket)


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
