"""Establishment files: funded posts per unit and rank from a date, matched by (unit, rank, effective_from)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from common import audit
from common.errors import DomainError
from org.actions import clean_post
from org.models import Post, Rank, Unit

from .base import Context, UnitLookup, check_extra_cells
from .reading import cell_text, decimal_text, parse_date

COLUMNS = ["unit", "rank", "funded_fte", "effective_from", "effective_to"]
REQUIRED = ["unit", "rank", "funded_fte", "effective_from"]


@dataclass
class Plan:
    row: int
    unit: Unit
    rank: Rank
    funded_fte: Decimal
    effective_from: object
    effective_to: object


def _rank_lookup() -> tuple[dict[str, Rank], dict[str, list[Rank]]]:
    by_code, by_name = {}, {}
    for rank in Rank.objects.select_related("staff_group"):
        by_code[rank.code.lower()] = rank
        by_name.setdefault(rank.name.lower(), []).append(rank)
    return by_code, by_name


def validate(ctx: Context, headers: list[str], rows: list[tuple[int, dict]]) -> list[Plan]:
    units = UnitLookup(ctx)
    by_code, by_name = _rank_lookup()
    seen: dict[tuple[int, int, object], int] = {}
    plans = []
    for row, cells in rows:
        errors_before = len(ctx.result.errors)
        check_extra_cells(ctx, row, cells)
        unit = units.find(row, cells, for_what=_("establishment"))
        rank_text = cell_text(cells.get("rank"))
        rank = by_code.get(rank_text.lower())
        if rank is None:
            named = by_name.get(rank_text.lower(), [])
            if len(named) == 1:
                rank = named[0]
            elif named:
                ctx.error(row, "rank", _("'%(v)s' is a rank of several staff groups; use its code: %(codes)s.")
                          % {"v": rank_text, "codes": ", ".join(r.code for r in named)}, rank_text)
            else:
                ctx.error(row, "rank", _("'%(v)s' is not a rank, grade or band; allowed: %(allowed)s.")
                          % {"v": rank_text, "allowed": ", ".join(sorted(by_code))}, rank_text)
        dates = {}
        for column in ("effective_from", "effective_to"):
            try:
                dates[column] = parse_date(cells.get(column), column)
            except DomainError as exc:
                ctx.domain_error(row, exc, cells)
                dates[column] = "bad"
        fte = None
        if "bad" not in dates.values():
            try:
                fte = clean_post(funded_fte=decimal_text(cells.get("funded_fte")) or "",
                                 effective_from=dates["effective_from"], effective_to=dates["effective_to"])
            except DomainError as exc:
                ctx.domain_error(row, exc, cells, default_column="funded_fte")
        if unit is not None and rank is not None and dates.get("effective_from") not in (None, "bad"):
            key = (unit.pk, rank.pk, dates["effective_from"])
            if key in seen:
                ctx.error(row, "rank", _("%(unit)s, %(rank)s from %(date)s is also on row %(row)s; list it once.")
                          % {"unit": unit.code, "rank": rank.code, "date": key[2], "row": seen[key]}, rank_text)
            seen[key] = row
        if len(ctx.result.errors) == errors_before:
            plans.append(Plan(row, unit, rank, fte, dates["effective_from"], dates["effective_to"]))
    return plans


def write(ctx: Context, plans: list[Plan]) -> None:
    unit_ids = sorted({p.unit.pk for p in plans})
    existing = {(p.unit_id, p.rank_id, p.effective_from): p for p in Post.objects.filter(unit_id__in=unit_ids)}
    new = []
    for plan in plans:
        post = existing.get((plan.unit.pk, plan.rank.pk, plan.effective_from))
        if post is None:
            new.append(Post(unit=plan.unit, rank=plan.rank, funded_fte=plan.funded_fte,
                            effective_from=plan.effective_from, effective_to=plan.effective_to))
            continue
        if (post.funded_fte, post.effective_to) == (plan.funded_fte, plan.effective_to):
            ctx.result.unchanged += 1
            continue
        before = audit.snapshot(post)
        post.funded_fte, post.effective_to = plan.funded_fte, plan.effective_to
        post.save(update_fields=["funded_fte", "effective_to"])
        ctx.audit(action="org.post.updated", obj=post, before=before, after=audit.snapshot(post),
                  unit_id=post.unit_id, person_id=None)
        ctx.result.updated += 1
    Post.objects.bulk_create(new, batch_size=500)
    for post in new:
        ctx.audit(action="org.post.created", obj=post, before=None, after=audit.snapshot(post),
                  unit_id=post.unit_id, person_id=None)
    ctx.result.created += len(new)
