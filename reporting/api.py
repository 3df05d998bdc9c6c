"""Read-only reporting endpoints: the same figures as the pages, as JSON."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from common.schema_types import PlanDay, RecordId
from org.models import Unit
from org.permissions import require_read_unit

from .establishment import Figures, establishment_report

router = Router(tags=["reporting"])


class FiguresOut(Schema):
    funded: float
    strength: float
    headcount: int
    vacancy: float
    long_term_abstracted: float
    long_term_abstracted_headcount: int
    available: float


class RankRowOut(FiguresOut):
    rank_code: str
    rank_name: str
    staff_group: str


class ChildOut(FiguresOut):
    unit_id: int
    unit_code: str
    unit_name: str
    kind: str


class EstablishmentOut(Schema):
    unit_id: int
    unit_code: str
    unit_name: str
    on: dt.date
    rows: list[RankRowOut]
    totals: FiguresOut
    children: list[ChildOut]
    # Posts and people held by the unit itself rather than by a child unit.
    own: FiguresOut
    basis: str


def _figures(figures: Figures) -> dict:
    # FTE figures are exact to 2 places; JSON numbers are friendlier to spreadsheets and scripts than strings.
    return {key: float(value) if not isinstance(value, int) else value for key, value in figures.as_dict().items()}


@router.get("/units/{unit_id}/establishment", response=EstablishmentOut,
            summary="Establishment vs strength of a unit and its sub-tree")
def unit_establishment(request, unit_id: RecordId, on: PlanDay | None = None):
    """Per rank: funded posts, strength (FTE and head-count), vacancy, long-term abstracted (RULES.md ABS-2) and
    available strength, rolled up over the unit's sub-tree, on `on` (YYYY-MM-DD, default today); with totals and a
    per-child-unit breakdown. Planners and managers of the unit (or above) and administrators only."""
    unit = get_object_or_404(Unit, pk=unit_id)
    require_read_unit(request.user, unit)
    report = establishment_report(unit, on)
    return {
        "unit_id": unit.pk, "unit_code": unit.code, "unit_name": unit.name, "on": report.on,
        "rows": [{"rank_code": row.rank_code, "rank_name": row.rank_name, "staff_group": row.staff_group,
                  **_figures(row)} for row in report.rows],
        "totals": _figures(report.total),
        "children": [{"unit_id": c.unit.pk, "unit_code": c.unit.code, "unit_name": c.unit.name, "kind": c.unit.kind,
                      **_figures(c.figures)} for c in report.children],
        "own": _figures(report.own),
        "basis": "movement-history" if report.history_used else "home-unit",
    }
