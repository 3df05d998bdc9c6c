"""POST /api/rules/check: the `muster check` interchange document in, violations out (RULES.md § 8)."""

from typing import Any

from ninja import Body, Router, Schema

from common.errors import DomainError, FieldError
from muster_engine.worktime.interchange import InterchangeError, check_document

from .rulepacks import organisation_packs

router = Router(tags=["rules"])


class CheckViolationOut(Schema):
    rule: str
    severity: str
    person: str
    start: str
    end: str
    measured: float
    limit: float
    unit: str
    compensatory_rest_minutes: int | None = None
    message: str


class CheckOut(Schema):
    violations: list[CheckViolationOut]


@router.post("/check", response=CheckOut, summary="Check duties against the working-time rules",
             description="Body: the interchange document of RULES.md § 8 (pack, period, people, duties, rest_days, "
             "abstractions). Answers the violations with rule id, severity, window, measured value, limit and a "
             "plain-English message. Uses this organisation's rule packs, including any stricter local limits.")
def check_rules(request, document: Body[dict[str, Any]]):
    try:
        return check_document(document, organisation_packs())
    except InterchangeError as exc:
        raise DomainError(str(exc), errors=[FieldError(exc.field, exc.problem)]) from None
