"""Exports in exactly the import's columns, so a planner can export, edit in Excel and import the file back."""

import csv
import datetime as dt
import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Post, Unit
from org.permissions import readable_units, require_read_unit
from people.actions import leaving_date
from people.choices import MovementKind
from people.models import Contract, Movement, Person, PersonSkill

from . import establishment_file, people_file, skills_file
from .reading import FORMULA_PREFIXES

COLUMNS = {"people": people_file.COLUMNS, "skills": skills_file.COLUMNS,
           "establishment": establishment_file.COLUMNS}
FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _units(acting_user, unit: Unit | None) -> QuerySet[Unit]:
    if unit is not None:
        require_read_unit(acting_user, unit)
        return unit.subtree()
    units = readable_units(acting_user)
    if not units.exists():
        raise PermissionDenied(_("Only planners, managers and administrators can export."))
    return units


def _number(value: Decimal | None) -> Decimal | None:
    # 40.00 → 40 and 37.50 → 37.5, as a planner would type them.
    return None if value is None else value.normalize()


def _people_rows(units: QuerySet[Unit], on: dt.date) -> list[list]:
    people = list(Person.objects.filter(home_unit__in=units)
                  .select_related("staff_group", "rank", "home_unit").order_by("home_unit__path", "payroll_number"))
    ids = [p.pk for p in people]
    contracts: dict[int, list[Contract]] = {}
    movements: dict[int, list[Movement]] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        for contract in Contract.objects.filter(person_id__in=chunk).order_by("effective_from"):
            contracts.setdefault(contract.person_id, []).append(contract)
        for movement in Movement.objects.filter(person_id__in=chunk,
                                                kind__in=[MovementKind.LEAVER, MovementKind.STARTER]):
            movements.setdefault(movement.person_id, []).append(movement)
    rows = []
    for person in people:
        contract = people_file._contract_from(contracts.get(person.pk, []), on)
        rows.append([
            person.payroll_number, person.first_name, person.last_name, person.staff_group.code, person.rank.code,
            person.home_unit.code, person.start_date, leaving_date(person, movements.get(person.pk, [])),
            person.birth_date, person.email, person.phone,
            _number(contract.hours_per_week) if contract else None,
            _number(contract.annual_hours) if contract else None,
            _number(contract.fte) if contract else None,
            (contract.wtr_opt_out if contract else False), (contract.night_worker if contract else False),
            contract.pay_point if contract else "",
        ])
    return rows


def _skill_rows(units: QuerySet[Unit]) -> list[list]:
    held = (PersonSkill.objects.filter(person__home_unit__in=units).select_related("person", "skill")
            .order_by("person__payroll_number", "skill__code"))
    return [[h.person.payroll_number, h.skill.code, h.acquired, h.expires] for h in held]


def _post_rows(units: QuerySet[Unit]) -> list[list]:
    posts = Post.objects.filter(unit__in=units).select_related("unit", "rank").order_by(
        "unit__path", "rank__code", "effective_from")
    return [[p.unit.code, p.rank.code, _number(p.funded_fte), p.effective_from, p.effective_to] for p in posts]


def export_rows(kind: str, *, acting_user, unit: Unit | None = None,
                on: dt.date | None = None) -> tuple[list[str], list[list]]:
    units = _units(acting_user, unit)
    if kind == "people":
        return COLUMNS[kind], _people_rows(units, on or timezone.localdate())
    if kind == "skills":
        return COLUMNS[kind], _skill_rows(units)
    if kind == "establishment":
        return COLUMNS[kind], _post_rows(units)
    raise ValueError(kind)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    text = str(value)
    # A name beginning '=' would run as a formula when the CSV is opened in Excel.
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def render_csv(headers: list[str], rows: list[list]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_text(v) for v in row])
    # A byte-order mark makes Excel read the file as UTF-8 (names with accents).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def render_xlsx(headers: list[str], rows: list[list], title: str) -> bytes:
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        out = []
        for value in values:
            if isinstance(value, bool):
                out.append("yes" if value else "no")
            elif isinstance(value, Decimal):
                out.append(float(value))
            else:
                out.append(value)
        sheet.append(out)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif cell.data_type == "f":
                cell.data_type = "s"  # text that looks like a formula stays text
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_file(kind: str, fmt: str, *, acting_user, unit: Unit | None = None) -> tuple[bytes, str, str]:
    """(content, filename, content type) of an export."""
    headers, rows = export_rows(kind, acting_user=acting_user, unit=unit)
    stamp = timezone.localdate().isoformat()
    filename = f"{kind}-{unit.code if unit else 'all'}-{stamp}.{fmt}"
    if fmt == "xlsx":
        return render_xlsx(headers, rows, kind), filename, FORMATS["xlsx"]
    return render_csv(headers, rows), filename, FORMATS["csv"]
