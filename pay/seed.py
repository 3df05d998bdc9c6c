"""Loading the national pay scales shipped in pay/data/national_scales.json (approximate public figures)."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

SCALES_FILE = Path(__file__).resolve().parent / "data" / "national_scales.json"


def national_scales() -> list[dict]:
    return json.loads(SCALES_FILE.read_text())["rates"]


def load_national_scales(model=None) -> int:
    """Add the shipped rows that are missing (matched by rank, point and date): an organisation's own edits stay.
    `model` is the PayRate class (a migration passes its historical model). Returns the number of rows added."""
    if model is None:
        from .models import PayRate as model
    existing = set(model.objects.values_list("rank_code", "point", "effective_from"))
    new = []
    for row in national_scales():
        key = (row["rank_code"], row["point"], dt.date.fromisoformat(row["effective_from"]))
        if key in existing:
            continue
        new.append(model(scheme=row["scheme"], rank_code=row["rank_code"], point=row["point"],
                         annual_salary=Decimal(row["annual_salary"]), effective_from=key[2],
                         source=row.get("source", "")[:200]))
    model.objects.bulk_create(new)
    return len(new)


def ensure_rate_tables() -> None:
    """An organisation without any rate table gets the shipped national scales (the migration seeds them; a
    flushed or hand-built database would otherwise be unable to cost anything)."""
    from .models import PayRate

    if not PayRate.objects.exists():
        load_national_scales()
