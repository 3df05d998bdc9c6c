"""The itemised cost of an event as XLSX (openpyxl): one row per person and day, estimate and (after closure)
actual, for charging a football club or a requesting force."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from .models import Event

HEADER = ["Payroll number", "Name", "Rank", "Date", "Phases", "Start", "End", "Hours", "How", "Status",
          "Basic pay (£)", "Premium (£)", "Estimate (£)", "Actual hours", "Actual basic (£)", "Actual premium (£)",
          "Actual (£)", "Cost detail"]


def _money(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def rows(event: Event) -> list[list]:
    out = []
    for a in event.assignments.select_related("person", "person__rank").prefetch_related("phases"):
        start, end = timezone.localtime(a.start), timezone.localtime(a.end)
        actual = None
        if a.actual_cost is not None or a.actual_basic is not None:
            actual = (a.actual_cost or Decimal(0)) + (a.actual_basic or Decimal(0))
        out.append([a.person.payroll_number, a.person.full_name, a.person.rank.name, a.date.isoformat(),
                    ", ".join(p.name for p in a.phases.all()), f"{start:%H:%M}", f"{end:%H:%M}",
                    round(a.minutes / 60, 2), a.get_method_display(), a.get_status_display(), _money(a.basic_cost),
                    _money(a.cost_estimate), _money(a.total_estimate),
                    None if a.actual_minutes is None else round(a.actual_minutes / 60, 2), _money(a.actual_basic),
                    _money(a.actual_cost), _money(actual), a.cost_note])
    return out


def workbook(event: Event) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Cost"
    ws.append([f"{event.name} ({event.reference})"])
    ws["A1"].font = Font(bold=True)
    ws.append(["Charge to", event.charge_to or "—", "Status", event.get_status_display()])
    ws.append([])
    ws.append(HEADER)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    body = rows(event)
    for row in body:
        ws.append(row)
    total_row = ["Total"] + [""] * 9 + [sum(r[i] or 0 for r in body) for i in (10, 11, 12)] + [""] + \
        [sum(r[i] or 0 for r in body) for i in (14, 15, 16)] + [""]
    ws.append(total_row)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
