"""Every duty change has a cost: the changes to published rosters (rostering.DutyChange) costed through
pay.costing, for a unit's payroll and for the person concerned.

Rostering records each change with its notice, clear days and compensation class but cannot import pay (it sits
below it), so the money is worked out here, when asked, from the change's old and new entries:

- rest day worked (a published rest day now a duty): the new duty on a rostered rest day, told when the change was
  made — POL-5 time and a half (< 15 clear days) or an RDiL (≥ 15), PSC-1/NHS-4 overtime, POL-7 on a holiday;
- extra duty (nothing rostered, now a duty): the whole duty is overtime, planned when told before it starts;
- changed shift (a duty with other times): what the new duty costs minus what the old one did (NHS-2 enhancements,
  a public holiday), and a longer tour's extra length as overtime, casual when told less than 8 h before the new
  start (POL-8, POL-10);
- cancelled duty: the enhancements no longer paid (a saving, negative); a rest day reinstated (POL-6) cancels the
  rest-day working before it, unless fewer than 8 clear days' notice leaves the officer the choice of working it
  at the rate originally due, so the earlier cost stands.

People, contracts and rate tables are read once (PayFacts) for all changes; the engine runs per change."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.calendar import local_midnight
from common.errors import DomainError
from org.models import Unit
from people.models import Person
from rostering.models import DutyChange

from . import costing

ZERO = Decimal("0.00")
MAX_DAYS = 366
# The old entry of a change was told when the roster was published: at least a month before (POL-3, ROS-1 42 days).
PUBLISHED_NOTICE = dt.timedelta(days=43)
# POL-10: due notice of an advanced start is 8 h before the new start; with less the extra time is casual overtime.
DUE_NOTICE = dt.timedelta(hours=8)

REST_DAY_WORKED, EXTRA_DUTY, CHANGED_SHIFT = "rest_day_worked", "extra_duty", "changed_shift"
CANCELLED, REST_DAY_REINSTATED, OTHER = "cancelled", "rest_day_reinstated", "other"
KIND_LABELS = {
    REST_DAY_WORKED: gettext_lazy("rest day worked"),
    EXTRA_DUTY: gettext_lazy("extra duty"),
    CHANGED_SHIFT: gettext_lazy("changed shift"),
    CANCELLED: gettext_lazy("duty cancelled"),
    REST_DAY_REINSTATED: gettext_lazy("rest day reinstated"),
    OTHER: gettext_lazy("no duty either side"),
}


@dataclass
class CostedChange:
    change: DutyChange
    kind: str
    amount: Decimal | None  # net cost of the change; negative is a saving; None: it could not be costed
    detail: str
    time_off: list[dict] = field(default_factory=list)
    problem: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass
class Total:
    key: object  # a Person or a Unit
    changes: int = 0
    amount: Decimal = ZERO
    uncosted: int = 0


@dataclass
class ChangeCosts:
    start: dt.date
    end: dt.date
    rows: list[CostedChange]
    people: list[Total]
    units: list[Total]
    total: Decimal
    uncosted: int


def period(start: dt.date | str | None, end: dt.date | str | None, *, today: dt.date) -> tuple[dt.date, dt.date]:
    """The duty dates asked for; default the calendar month of `today`. Bad input raises naming the field."""
    values = {}
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, str) and value.strip():
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                raise DomainError(_("Give the %(name)s as a date like 2026-03-01.") % {"name": name},
                                  field=name) from None
        values[name] = value or None
    first = values["start"] or today.replace(day=1)
    last = values["end"] or ((first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1))
    if last < first:
        raise DomainError(_("The end must be on or after the start."), field="end")
    if (last - first).days + 1 > MAX_DAYS:
        raise DomainError(_("Ask for at most %(n)s days at once.") % {"n": MAX_DAYS}, field="end")
    return first, last


def unit_changes(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[DutyChange]:
    return DutyChange.objects.filter(unit__path__startswith=unit.path, date__range=(start, end))


def person_changes(person: Person, start: dt.date, end: dt.date) -> QuerySet[DutyChange]:
    return DutyChange.objects.filter(person=person, date__range=(start, end))


def _instants(entry: dict | None) -> tuple[dt.datetime, dt.datetime] | None:
    if not entry or entry.get("kind") != "duty" or not entry.get("start") or not entry.get("end"):
        return None
    return dt.datetime.fromisoformat(entry["start"]), dt.datetime.fromisoformat(entry["end"])


def kind_of(change: DutyChange) -> str:
    old, new = _instants(change.old), _instants(change.new)
    was_rest = change.duty.published_rest_day or (change.old or {}).get("kind") == "rest"
    if new and not old:
        return REST_DAY_WORKED if was_rest else EXTRA_DUTY
    if new and old:
        return CHANGED_SHIFT
    if old:
        return REST_DAY_REINSTATED if was_rest else CANCELLED
    return OTHER


def cost_changes(changes: list[DutyChange]) -> list[CostedChange]:
    """Each change with its kind and net cost, oldest first; a change that cannot be costed says why."""
    changes = sorted(changes, key=lambda c: (c.date, c.changed_at, c.pk))
    if not changes:
        return []
    facts = costing.PayFacts({c.person_id for c in changes})
    # When each duty was told of its earlier state: the old side of a change is costed with that notice.
    earlier: dict[int, list[dt.datetime]] = defaultdict(list)
    for duty_id, at in (DutyChange.objects.filter(duty_id__in={c.duty_id for c in changes})
                        .order_by("changed_at").values_list("duty_id", "changed_at")):
        earlier[duty_id].append(at)
    out = []
    for change in changes:
        kind = kind_of(change)
        told_before = [at for at in earlier[change.duty_id] if at < change.changed_at]
        old_told = told_before[-1] if told_before else local_midnight(change.date) - PUBLISHED_NOTICE
        try:
            out.append(_cost_one(facts, change, kind, old_told))
        except DomainError as exc:
            out.append(CostedChange(change, kind, None, _("cannot be costed: %(why)s") % {"why": exc.message},
                                    problem=exc.message))
    return out


def _cost(facts: costing.PayFacts, change: DutyChange, span: tuple[dt.datetime, dt.datetime], *, told: dt.datetime,
          overtime: str | None = None, tour_end: dt.datetime | None = None) -> costing.Cost:
    person = facts.person(change.person_id)
    duty = costing.pay_duty(person, span[0], span[1], break_minutes=change.duty.break_minutes,
                            rostered_rest_day=change.duty.published_rest_day, overtime=overtime, tour_end=tour_end,
                            notified_at=told)
    return costing.cost_each_pack(facts, [(change.person_id, duty)])


def _overtime_kind(change: DutyChange, start: dt.datetime) -> str:
    """POL-8: planned when told in good time before the tour starts (POL-10: 8 h), else casual."""
    return "planned" if start - change.changed_at >= DUE_NOTICE else "casual"


def _cost_one(facts: costing.PayFacts, change: DutyChange, kind: str, old_told: dt.datetime) -> CostedChange:
    old, new = _instants(change.old), _instants(change.new)
    told = change.changed_at
    if kind == REST_DAY_WORKED:
        cost = _cost(facts, change, new, told=told)
        return _row(change, kind, cost.total, cost.describe(), cost)
    if kind == EXTRA_DUTY:
        cost = _cost(facts, change, new, told=told, overtime=_overtime_kind(change, new[0]))
        return _row(change, kind, cost.total, cost.describe(), cost)
    if kind == CHANGED_SHIFT:
        before = _cost(facts, change, old, told=old_told)
        longer = (new[1] - new[0]) - (old[1] - old[0])
        if longer > dt.timedelta(0) and not change.duty.published_rest_day:
            # The tour's extra length is overtime; a rest day worked is costed whole by its own rule.
            after = _cost(facts, change, new, told=told, overtime=_overtime_kind(change, new[0]),
                          tour_end=new[1] - longer)
        else:
            after = _cost(facts, change, new, told=told)
        amount = after.total - before.total
        detail = _("now %(after)s; was %(before)s") % {"after": after.describe(), "before": before.describe()}
        return _row(change, kind, amount, detail, after)
    if kind == CANCELLED:
        before = _cost(facts, change, old, told=old_told)
        return _row(change, kind, -before.total, _("no longer paid: %(before)s") % {"before": before.describe()})
    if kind == REST_DAY_REINSTATED:
        before = _cost(facts, change, old, told=old_told)
        if change.clear_days < 8 and costing.pack_of(facts.person(change.person_id)).startswith("police-officer"):
            return _row(change, kind, ZERO, _("POL-6: reinstated with %(n)s clear days, the officer may work it at "
                                              "the rate originally due, so its cost stands (%(before)s)")
                        % {"n": change.clear_days, "before": before.describe()})
        return _row(change, kind, -before.total, _("no longer paid: %(before)s") % {"before": before.describe()})
    return _row(change, kind, ZERO, _("£0.00: no duty before or after"))


def _row(change: DutyChange, kind: str, amount: Decimal, detail: str, cost: costing.Cost | None = None):
    return CostedChange(change, kind, amount.quantize(costing.PENNY), detail,
                        cost.time_off_json() if cost is not None else [])


def summarise(rows: list[CostedChange], start: dt.date, end: dt.date) -> ChangeCosts:
    people: dict[int, Total] = {}
    units: dict[int, Total] = {}
    total, uncosted = ZERO, 0
    for row in rows:
        change = row.change
        for bucket, key, obj in ((people, change.person_id, change.person), (units, change.unit_id, change.unit)):
            entry = bucket.setdefault(key, Total(obj))
            entry.changes += 1
            if row.amount is None:
                entry.uncosted += 1
            else:
                entry.amount += row.amount
        if row.amount is None:
            uncosted += 1
        else:
            total += row.amount
    return ChangeCosts(start, end, rows,
                       sorted(people.values(), key=lambda t: (t.key.last_name, t.key.first_name, t.key.pk)),
                       sorted(units.values(), key=lambda t: t.key.path), total, uncosted)


_RELATED = ("person", "unit", "duty", "changed_by")


def costs_for_unit(unit: Unit, start: dt.date, end: dt.date) -> ChangeCosts:
    rows = cost_changes(list(unit_changes(unit, start, end).select_related(*_RELATED)))
    return summarise(rows, start, end)


def costs_for_person(person: Person, start: dt.date, end: dt.date) -> ChangeCosts:
    rows = cost_changes(list(person_changes(person, start, end).select_related(*_RELATED)))
    return summarise(rows, start, end)


# --- payroll export ------------------------------------------------------------------------------------------------

HEADER = ("payroll_number", "name", "unit", "duty_date", "changed_at", "kind", "old", "new", "clear_days", "rule",
          "compensation", "amount", "time_off", "costed_as", "reason")


def export_rows(costs: ChangeCosts) -> list[tuple]:
    """One line per change for payroll, oldest duty first; amounts as plain numbers (negative: a saving)."""
    lines = []
    for row in costs.rows:
        c = row.change
        owed = "; ".join(f"{t['rule']} {t['kind']}" + (f" {t['days']} d" if t.get("days") else "")
                         + (f" {t['hours']} h" if t.get("hours") else "") for t in row.time_off)
        lines.append((c.person.payroll_number, c.person.full_name, c.unit.code, c.date.isoformat(),
                      c.changed_at.astimezone(costing.LONDON).strftime("%Y-%m-%d %H:%M"), row.kind_label,
                      (c.old or {}).get("label", ""), (c.new or {}).get("label", ""), c.clear_days, c.rule,
                      c.compensation_class, row.amount, owed, row.problem or row.detail, c.reason))
    return lines


def as_csv(costs: ChangeCosts) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for line in export_rows(costs):
        writer.writerow(["" if v is None else f"{v:.2f}" if isinstance(v, Decimal) else v for v in line])
    return buffer.getvalue()


def as_xlsx(costs: ChangeCosts, *, title: str) -> bytes:
    """A workbook payroll can open: the changes, then totals per person and per unit; amounts as £ numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    money = '"£"#,##0.00;-"£"#,##0.00'
    book = Workbook()
    sheet = book.active
    sheet.title = "Changes"
    sheet.append([title])
    sheet.append(HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for line in export_rows(costs):
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in line])
        sheet.cell(sheet.max_row, HEADER.index("amount") + 1).number_format = money
    sheet.freeze_panes = "A3"
    people = book.create_sheet("People")
    people.append(["payroll_number", "name", "changes", "not costed", "amount"])
    for t in costs.people:
        people.append([t.key.payroll_number, t.key.full_name, t.changes, t.uncosted, float(t.amount)])
        people.cell(people.max_row, 5).number_format = money
    units = book.create_sheet("Units")
    units.append(["unit", "name", "changes", "not costed", "amount"])
    for t in costs.units:
        units.append([t.key.code, t.key.name, t.changes, t.uncosted, float(t.amount)])
        units.cell(units.max_row, 5).number_format = money
    units.append(["", _("Total"), len(costs.rows), costs.uncosted, float(costs.total)])
    units.cell(units.max_row, 5).number_format = money
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
