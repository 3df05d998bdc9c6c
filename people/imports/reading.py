"""Turning an uploaded CSV or XLSX file into numbered rows, and cells into dates, numbers and yes/no.

Row numbers are the ones the planner sees in Excel: the header is row 1, the first data row is row 2."""

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from common.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# Headers people actually type, mapped to ours.
HEADER_ALIASES = {"collar_number": "payroll_number", "payroll": "payroll_number", "payroll_no": "payroll_number",
                  "home_unit": "unit", "unit_code": "unit", "grade": "rank", "band": "rank", "skill_code": "skill"}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
TRUE_WORDS = {"yes", "y", "true", "t", "1"}
FALSE_WORDS = {"no", "n", "false", "f", "0", ""}


@dataclass
class Table:
    headers: list[str]  # normalised, in file order
    rows: list[tuple[int, dict]]  # (row number as seen in the file, {header: cell value})


def normalise_header(text) -> str:
    key = re.sub(r"[\s\-/]+", "_", str(text or "").strip().lower()).strip("_")
    return HEADER_ALIASES.get(key, key)


def _file_error(message: str) -> DomainError:
    return DomainError(message, field="file")


def read_table(data: bytes, filename: str = "") -> Table:
    """Read the first sheet of an XLSX file or a CSV file (UTF-8 or Windows-1252, comma or semicolon separated)."""
    if not data or not data.strip():
        raise _file_error(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise _file_error(_("The file is %(size).1f MB; the limit is %(limit)s MB. Split it into smaller files.")
                          % {"size": len(data) / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024})
    name = (filename or "").lower()
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise _file_error(_("Old Excel .xls files cannot be read; in Excel choose Save As → Excel Workbook (.xlsx) "
                            "or CSV."))
    if name.endswith((".xlsx", ".xlsm")):
        raise _file_error(_("This file is named .xlsx but is not an Excel workbook."))
    if b"\x00" in data[:4096] or data[:5] == b"%PDF-":
        raise _file_error(_("This is not a CSV or XLSX file; allowed: .csv, .xlsx."))
    return _read_csv(data)


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in Windows-1252 (£, é...).
        text = data.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise _file_error(_("The CSV file cannot be read near line %(line)s: %(error)s.")
                          % {"line": reader.line_num, "error": exc}) from None
    return _to_table(records)


def _read_xlsx(data: bytes) -> Table:
    import openpyxl  # only needed for workbooks; keeps plain CSV imports light

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _file_error(_("This file is not a readable Excel workbook (.xlsx): %(error)s.")
                          % {"error": exc}) from None
    try:
        sheet = workbook.worksheets[0]
        records = []
        for values in sheet.iter_rows(values_only=True):
            records.append(list(values))
            if len(records) > MAX_ROWS + 1:
                break
    finally:
        workbook.close()
    return _to_table(records)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _to_table(records: list[list]) -> Table:
    if not records:
        raise _file_error(_("The file is empty."))
    if all(_blank(v) for v in records[0]):
        raise _file_error(_("Row 1 must hold the column names; it is empty."))
    raw_headers = records[0]
    while raw_headers and _blank(raw_headers[-1]):
        raw_headers = raw_headers[:-1]
    headers = [normalise_header(h) for h in raw_headers]
    data_rows = records[1:]
    if len(data_rows) > MAX_ROWS:
        raise _file_error(_("The file has more than %(limit)s rows; split it into smaller files.")
                          % {"limit": f"{MAX_ROWS:,}"})
    rows = []
    for index, values in enumerate(data_rows, start=2):
        if all(_blank(v) for v in values):
            continue
        cells = {h: (values[i] if i < len(values) else None) for i, h in enumerate(headers) if h}
        extra = [v for v in values[len(headers):] if not _blank(v)]
        if extra:
            cells["__extra__"] = extra
        rows.append((index, cells))
    if not rows:
        raise _file_error(_("The file has column names but no rows."))
    return Table(headers=headers, rows=rows)


# --- cells --------------------------------------------------------------------------------------------------------

def cell_text(value) -> str:
    """Text of a cell: numbers typed into Excel come back as 12345.0, which is payroll number 12345."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    # Exports guard formula-looking text with a leading apostrophe (CSV injection); take it off again.
    if len(text) > 1 and text[0] == "'" and text[1] in "=+@-":
        text = text[1:]
    return text


def parse_date(value, field: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    match = ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = UK_DATE.match(text)
        if not match:
            raise DomainError(_("'%(value)s' is not a date; use yyyy-mm-dd or dd/mm/yyyy, e.g. 2025-03-31 or "
                                "31/03/2025.") % {"value": text}, field=field)
        day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DomainError(_("'%(value)s' is not a real date (no such day); use yyyy-mm-dd or dd/mm/yyyy.")
                          % {"value": text}, field=field) from None


def parse_bool(value, field: str) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise DomainError(_("'%(value)s' is not yes or no; allowed: yes, no (or leave empty for no).")
                      % {"value": cell_text(value)}, field=field)


def decimal_text(value) -> str | Decimal | None:
    """A numeric cell as text or Decimal (floats via str so 37.5 stays 37.5)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    return cell_text(value)
