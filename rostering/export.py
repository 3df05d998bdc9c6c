"""The roster of a unit and period as records, CSV, XLSX or JSON (the API, the CLI and downloads share it).

JSON schema (stable): {"unit": code, "start": date, "end": date, "published_days": int,
"duties": [{"payroll_number", "name", "team", "rank", "date", "code", "start", "end", "hours", "rest_day",
"published", "abstraction"}], "totals": [{"label", "counts": [int per day]}]}"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.utils import timezone
from openpyxl import Workbook

from org.models import Unit

from .grid import Grid, build_grid

COLUMNS = ["payroll_number", "name", "team", "rank", "date", "code", "start", "end", "hours", "rest_day", "published",
           "abstraction"]


def records(grid: Grid) -> list[dict]:
    out = []
    for group in grid.groups:
        for row in group.rows:
            for cell in row.cells:
                if cell.hidden or (cell.duty is None and not cell.abstraction):
                    continue
                d = cell.duty
                works = d is not None and not d.is_rest_day
                out.append({
                    "payroll_number": row.person.payroll_number, "name": row.person.full_name, "team": group.label,
                    "rank": row.person.rank.name, "date": cell.day.isoformat(), "code": d.code if d else "",
                    "start": timezone.localtime(d.start).isoformat() if works else None,
                    "end": timezone.localtime(d.end).isoformat() if works else None,
                    "hours": round(d.minutes / 60, 2) if works else 0.0,
                    "rest_day": bool(d and d.is_rest_day), "published": cell.published,
                    "abstraction": cell.abstraction,
                })
    return out


def document(unit: Unit, start: dt.date, end: dt.date, *, only_published: bool = False) -> dict:
    grid = build_grid(unit, start, end, only_published=only_published)
    return {"unit": unit.code, "start": start.isoformat(), "end": end.isoformat(),
            "published_days": len(grid.published_days), "duties": records(grid),
            "totals": [{"label": label, "counts": counts} for label, counts in grid.totals]}


def to_csv(doc: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(doc["duties"])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(doc: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Roster"
    sheet.append(COLUMNS)
    for rec in doc["duties"]:
        sheet.append([rec[c] for c in COLUMNS])
    totals = book.create_sheet("Daily totals")
    start = dt.date.fromisoformat(doc["start"])
    days = len(doc["totals"][0]["counts"]) if doc["totals"] else 0
    totals.append(["", *[(start + dt.timedelta(days=i)).isoformat() for i in range(days)]])
    for row in doc["totals"]:
        totals.append([row["label"], *row["counts"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_json(doc: dict) -> bytes:
    return json.dumps(doc, indent=1).encode()


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "json": to_json}
