"""Pages of org: thin function-based views calling actions and queries."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Post, Unit
from .permissions import has_any_role, is_administrator, readable_units

ZERO = Decimal("0.00")
_SUM = DecimalField(max_digits=14, decimal_places=3)


@dataclass
class TreeNode:
    unit: Unit
    # False for an ancestor shown only so the user sees where their units sit (greyed, no figures, no link).
    readable: bool
    children: list["TreeNode"] = field(default_factory=list)
    headcount: int = 0
    funded: Decimal = ZERO
    strength: Decimal = ZERO
    open: bool = False

    @property
    def vacancy(self) -> Decimal:
        return (self.funded - self.strength).quantize(Decimal("0.01"))

    @property
    def over(self) -> Decimal:
        """How far strength exceeds funded posts (a positive number), for "1.00 over"."""
        return -self.vacancy


def _in_force(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}effective_from__lte": on}) & (
        Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gte": on}))


def _own_figures(units, on: dt.date) -> tuple[dict, dict]:
    """Head-count and strength (Σ FTE of contracts in force) of each unit's own people, and its funded posts.

    Two grouped queries over the whole set, whatever its size. org sits below people in the layering, so people
    are reached through the reverse relation of Person.home_unit ("people") rather than by importing people."""
    employed = (Q(people__start_date__lte=on)
                & (Q(people__leave_date__isnull=True) | Q(people__leave_date__gte=on)))
    contract_in_force = _in_force(on, "people__contracts__")
    people = (units.order_by().values("pk").annotate(
        headcount=Count("people", filter=employed, distinct=True),
        strength=Sum("people__contracts__fte", filter=employed & contract_in_force, output_field=_SUM)))
    posts = (Post.objects.filter(_in_force(on), unit__in=units.values("pk")).order_by()
             .values("unit_id").annotate(funded=Sum("funded_fte", output_field=_SUM)))
    people_by_unit = {r["pk"]: (r["headcount"], r["strength"] or ZERO) for r in people}
    funded_by_unit = {r["unit_id"]: r["funded"] or ZERO for r in posts}
    return people_by_unit, funded_by_unit


def build_tree(user, on: dt.date) -> list[TreeNode]:
    """The units `user` may read with their ancestors for context, as a forest of nodes with rolled-up figures."""
    readable = readable_units(user)
    units = {u.pk: u for u in readable.only("pk", "name", "code", "kind", "path", "parent_id", "depth", "active")}
    readable_ids = set(units)
    ancestor_ids = {int(i) for u in units.values() for i in u.path.strip("/").split("/")} - readable_ids
    if ancestor_ids:
        units.update(Unit.objects.in_bulk(ancestor_ids))
    people_by_unit, funded_by_unit = _own_figures(readable, on)

    nodes = {pk: TreeNode(unit=u, readable=pk in readable_ids) for pk, u in units.items()}
    for node in sorted(nodes.values(), key=lambda n: n.unit.path):
        headcount, strength = people_by_unit.get(node.unit.pk, (0, ZERO))
        funded = funded_by_unit.get(node.unit.pk, ZERO)
        # Roll the unit's own figures up to every readable unit on its path (itself included).
        for ancestor_id in (int(i) for i in node.unit.path.strip("/").split("/")):
            target = nodes.get(ancestor_id)
            if target is not None and target.readable:
                target.headcount += headcount
                target.strength += strength
                target.funded += funded
    roots = []
    for node in sorted(nodes.values(), key=lambda n: (n.unit.depth, n.unit.name)):
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
        # Open the context ancestors, the tops of the user's own sub-trees and the first two levels.
        node.open = not node.readable or node.unit.depth < 2 or parent is None or not parent.readable
    return roots


def unit_tree(request: HttpRequest) -> HttpResponse:
    """The organisation tree: every unit the user may read, with head-count and vacancies rolled up."""
    user = request.user
    if not has_any_role(user):
        person = getattr(user, "person", None)
        if person is not None:
            return redirect("people:person-detail", pk=person.pk)
        raise PermissionDenied(_("You have no role in any unit and no personal record, so there is nothing to show."))
    on = timezone.localdate()
    roots = build_tree(user, on)
    return render(request, "org/unit_tree.html", {
        "roots": roots,
        "on": on,
        "is_admin": is_administrator(user),
    })
