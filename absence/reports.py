"""Absence reports for a unit's sub-tree: absence by category (hours and FTE), leave taken against entitlement
(headroom and the leave spread, ROS-2), sickness rates (ABS-2), and the XLSX workbook of all three.

People are those whose home unit is in the sub-tree today. Hours: an abstraction's own hours when recorded,
spread evenly over its days; otherwise its calendar days × weekly contract hours ÷ 7 (a week off is a week's
hours, whatever the pattern). FTE: hours ÷ (full-time weekly hours × weeks in the period): the average number of
full-time people missing over the period."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from org.models import Unit
from people.models import Contract, Person

from .choices import AbstractionCategory, AbstractionStatus, EntryKind, Ledger
from .entitlement import scheme_of
from .ledgers import due_entitlement, year_of
from .models import Abstraction, LedgerEntry
from .sickness import LONG_TERM_DAYS

ZERO = Decimal(0)
DEFAULT_FULL_TIME = Decimal(40)
ROS2_BAND = (11.0, 17.0)  # ROS-2 leave spread target, % of contracted hours [C]


def _people(unit: Unit, start: dt.date, end: dt.date) -> list[Person]:
    return list(Person.objects.filter(home_unit__path__startswith=unit.path, start_date__lte=end)
                .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=start))
                .select_related("staff_group", "rank", "home_unit")
                .prefetch_related("contracts").order_by("last_name", "first_name"))


def _weekly(person: Person, day: dt.date) -> Decimal:
    best = None
    for c in person.contracts.all():
        if c.effective_from <= day and (c.effective_to is None or day <= c.effective_to):
            if best is None or c.effective_from > best.effective_from:
                best = c
    return best.weekly_hours if best else ZERO


def _fte(person: Person, day: dt.date) -> Decimal:
    best: Contract | None = None
    for c in person.contracts.all():
        if c.effective_from <= day and (c.effective_to is None or day <= c.effective_to):
            if best is None or c.effective_from > best.effective_from:
                best = c
    return best.fte if best else ZERO


def _full_time(person: Person) -> Decimal:
    scheme = scheme_of(person)
    return scheme.full_time_hours if scheme else DEFAULT_FULL_TIME


def _overlap(a_start: dt.date, a_end: dt.date, start: dt.date, end: dt.date) -> int:
    return max(0, (min(a_end, end) - max(a_start, start)).days + 1)


# --- absence by category ----------------------------------------------------------------------------------------------

@dataclass
class CategoryRow:
    category: str
    label: str
    people: int = 0
    days: int = 0
    hours: Decimal = ZERO
    fte: Decimal = ZERO
    types: dict[str, list] = field(default_factory=dict)  # type name → [days, hours]


@dataclass
class CategoryReport:
    unit: Unit
    start: dt.date
    end: dt.date
    rows: list[CategoryRow]
    headcount: int
    health_hidden: bool

    @property
    def total_hours(self) -> Decimal:
        return sum((r.hours for r in self.rows), ZERO)

    @property
    def total_fte(self) -> Decimal:
        return sum((r.fte for r in self.rows), ZERO)


def absence_by_category(unit: Unit, start: dt.date, end: dt.date, *, include_health: bool = True) -> CategoryReport:
    people = _people(unit, start, end)
    by_id = {p.pk: p for p in people}
    weeks = Decimal((end - start).days + 1) / 7
    rows = (Abstraction.objects.filter(person_id__in=list(by_id), status=AbstractionStatus.APPROVED,
                                       start_date__lte=end, end_date__gte=start, type__removes_from_roster=True)
            .select_related("type"))
    out: dict[str, CategoryRow] = {}
    seen: dict[str, set[int]] = defaultdict(set)
    for a in rows:
        if a.type.health_data and not include_health:
            continue
        person = by_id[a.person_id]
        days = _overlap(a.start_date, a.end_date, start, end)
        if a.hours is not None:
            hours = a.hours * days / a.days
        else:
            hours = Decimal(days) * _weekly(person, max(a.start_date, start)) / 7
        row = out.setdefault(a.type.category, CategoryRow(a.type.category, str(AbstractionCategory(
            a.type.category).label)))
        row.days += days
        row.hours += hours
        row.fte += hours / (_full_time(person) * weeks)
        seen[a.type.category].add(a.person_id)
        kind = row.types.setdefault(a.type.name, [0, ZERO])
        kind[0] += days
        kind[1] += hours
    for category, row in out.items():
        row.people = len(seen[category])
        row.hours = row.hours.quantize(Decimal("0.1"))
        row.fte = row.fte.quantize(Decimal("0.01"))
        row.types = {name: [d, h.quantize(Decimal("0.1"))] for name, (d, h) in sorted(row.types.items())}
    ordered = sorted(out.values(), key=lambda r: list(AbstractionCategory.values).index(r.category))
    return CategoryReport(unit, start, end, ordered, len(people), not include_health)


# --- leave taken against entitlement ----------------------------------------------------------------------------------

@dataclass
class LeaveRow:
    person: Person
    entitled: Decimal
    taken: Decimal  # up to `on`
    booked: Decimal  # approved, after `on`
    pending: Decimal  # requested
    remaining: Decimal  # ledger sum (entitled − taken − booked ± others)
    year_start: dt.date
    year_end: dt.date
    projected: bool
    behind: bool = False  # used 20 points less of the leave than the year has run

    @property
    def used_percent(self) -> float:
        return round(float(100 * (self.taken + self.booked) / self.entitled), 1) if self.entitled else 0.0


@dataclass
class LeaveReport:
    unit: Unit
    on: dt.date
    rows: list[LeaveRow]
    spread: list[tuple[dt.date, float]]  # ROS-2: week start, annual leave hours % of contracted hours
    band: tuple[float, float] = ROS2_BAND

    @property
    def year_elapsed_percent(self) -> float:
        if not self.rows:
            return 0.0
        first = self.rows[0]
        length = (first.year_end - first.year_start).days + 1
        return round(100 * ((self.on - first.year_start).days + 1) / length, 1)

    @property
    def behind(self) -> list[LeaveRow]:
        """People who have used less of their leave than the year has run, by more than 20 points: the leave
        that will all be asked for at the end of the year."""
        return [r for r in self.rows if r.behind]


def leave_against_entitlement(unit: Unit, on: dt.date) -> LeaveReport:
    people = [p for p in _people(unit, on, on) if scheme_of(p) is not None]
    years = {p.pk: year_of(p, on) for p in people}
    entries = LedgerEntry.objects.filter(person__in=people, ledger=Ledger.ANNUAL_LEAVE).filter(
        year_start__in={y[0] for y in years.values()}).values_list("person_id", "year_start", "kind", "amount",
                                                                  "effective_date")
    sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    opened: set[int] = set()
    for pid, year_start, kind, amount, effective in entries:
        if years[pid][0] != year_start:
            continue
        bucket = sums[pid]
        bucket["remaining"] += amount
        if kind == EntryKind.ENTITLEMENT:
            opened.add(pid)
        if kind in (EntryKind.ENTITLEMENT, EntryKind.RECALCULATION, EntryKind.STATUTORY_TOP_UP, EntryKind.CARRY_IN,
                    EntryKind.RECALL_CREDIT):
            bucket["entitled"] += amount
        elif kind in (EntryKind.TAKEN, EntryKind.RETURNED):
            bucket["booked" if effective > on else "taken"] -= amount
    pending: dict[int, Decimal] = defaultdict(Decimal)
    for a in Abstraction.objects.filter(person__in=people, status=AbstractionStatus.REQUESTED,
                                        type__code="annual-leave").only("person_id", "hours"):
        pending[a.person_id] += a.hours_value
    rows = []
    for p in people:
        bucket = sums[p.pk]
        projected = p.pk not in opened
        entitled, remaining = bucket["entitled"], bucket["remaining"]
        if projected:
            due = due_entitlement(p, on)
            extra = due.total(Ledger.ANNUAL_LEAVE) if due else ZERO
            entitled, remaining = entitled + extra, remaining + extra
        rows.append(LeaveRow(p, entitled, bucket["taken"], bucket["booked"], pending[p.pk], remaining,
                             years[p.pk][0], years[p.pk][1], projected))
    report = LeaveReport(unit, on, rows, leave_spread(unit, on, people))
    elapsed = report.year_elapsed_percent
    for row in rows:
        row.behind = bool(row.entitled) and row.used_percent + 20 < elapsed
    return report


def leave_spread(unit: Unit, on: dt.date, people: list[Person] | None = None, weeks: int = 26
                 ) -> list[tuple[dt.date, float]]:
    """ROS-2: annual leave hours as a share of contracted hours, week by week, from 13 weeks back to 13 ahead."""
    people = people if people is not None else _people(unit, on, on)
    first = on - dt.timedelta(days=on.weekday()) - dt.timedelta(weeks=weeks // 2)
    last = first + dt.timedelta(weeks=weeks) - dt.timedelta(days=1)
    by_id = {p.pk: p for p in people}
    leave = defaultdict(Decimal)
    for a in Abstraction.objects.filter(person_id__in=list(by_id), type__code="annual-leave",
                                        status=AbstractionStatus.APPROVED, start_date__lte=last, end_date__gte=first):
        person = by_id[a.person_id]
        per_day = a.hours / a.days if a.hours is not None else _weekly(person, a.start_date) / 7
        day = max(a.start_date, first)
        while day <= min(a.end_date, last):
            leave[(day - first).days // 7] += per_day
            day += dt.timedelta(days=1)
    out = []
    for w in range(weeks):
        start = first + dt.timedelta(weeks=w)
        contracted = sum((_weekly(p, start) for p in people if p.is_employed_on(start)), ZERO)
        share = float(100 * leave[w] / contracted) if contracted else 0.0
        out.append((start, round(share, 1)))
    return out


# --- sickness rates ---------------------------------------------------------------------------------------------------

@dataclass
class SicknessRow:
    unit: Unit
    fte_days_available: Decimal
    fte_days_lost: Decimal
    long_term_days: Decimal
    episodes: int
    reasons: dict[str, int]

    @property
    def rate(self) -> float:
        return round(float(100 * self.fte_days_lost / self.fte_days_available), 2) if self.fte_days_available else 0.0

    @property
    def long_term_share(self) -> float:
        return round(float(100 * self.long_term_days / self.fte_days_lost), 1) if self.fte_days_lost else 0.0


def sickness_rates(unit: Unit, start: dt.date, end: dt.date) -> list[SicknessRow]:
    """ABS-2: FTE days lost to sickness ÷ FTE days available, for the unit and each unit directly below it.
    Days are calendar days × 5/7, so a week off is five working days whatever the pattern."""
    people = _people(unit, start, end)
    children = list(Unit.objects.filter(parent=unit).order_by("name"))
    groups = [unit, *children]
    sick = list(Abstraction.objects.filter(person__in=people, type__category=AbstractionCategory.SICKNESS,
                                           status=AbstractionStatus.APPROVED, start_date__lte=end,
                                           end_date__gte=start))
    by_person = defaultdict(list)
    for a in sick:
        by_person[a.person_id].append(a)
    weekday = Decimal(5) / 7
    out = []
    for group in groups:
        members = [p for p in people if p.home_unit and p.home_unit.path.startswith(group.path)]
        available = lost = long_term = ZERO
        episodes = 0
        reasons: dict[str, int] = defaultdict(int)
        for p in members:
            employed = _overlap(p.start_date, p.leave_date or end, start, end)
            fte = _fte(p, start)
            available += Decimal(employed) * fte * weekday
            for a in by_person.get(p.pk, []):
                days = Decimal(_overlap(a.start_date, a.end_date, start, end)) * fte * weekday
                lost += days
                if a.days > LONG_TERM_DAYS:
                    long_term += days
                episodes += 1
                reasons[a.reference or (a.note.split(".")[0] if a.note else _("Not given"))] += 1
        out.append(SicknessRow(group, available.quantize(Decimal("0.1")), lost.quantize(Decimal("0.1")),
                               long_term.quantize(Decimal("0.1")), episodes,
                               dict(sorted(reasons.items(), key=lambda kv: -kv[1]))))
    return out


# --- the workbook -----------------------------------------------------------------------------------------------------

def workbook(unit: Unit, start: dt.date, end: dt.date, *, include_health: bool) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    bold = Font(bold=True)
    sheet = book.active
    sheet.title = "Absence by category"
    report = absence_by_category(unit, start, end, include_health=include_health)
    sheet.append([f"{unit.name}: absence {start:%d %b %Y} – {end:%d %b %Y}", "", "", "", "", ""])
    sheet.append(["Category", "Type", "People", "Days", "Hours", "FTE"])
    for row in report.rows:
        sheet.append([row.label, "", row.people, row.days, float(row.hours), float(row.fte)])
        for name, (days, hours) in row.types.items():
            sheet.append(["", name, "", days, float(hours), ""])
    sheet.append(["Total", "", "", "", float(report.total_hours), float(report.total_fte)])

    leave = book.create_sheet("Leave vs entitlement")
    on = min(max(start, end), end)
    lr = leave_against_entitlement(unit, on)
    leave.append([f"Annual leave on {on:%d %b %Y} (year {lr.year_elapsed_percent} % elapsed)"])
    leave.append(["Payroll", "Name", "Entitled h", "Taken h", "Booked h", "Requested h", "Remaining h", "Used %"])
    for r in lr.rows:
        leave.append([r.person.payroll_number, r.person.full_name, float(r.entitled), float(r.taken),
                      float(r.booked), float(r.pending), float(r.remaining), r.used_percent])
    spread = book.create_sheet("Leave spread (ROS-2)")
    spread.append(["Week from", "Annual leave % of contracted hours", "Target band"])
    for week, share in lr.spread:
        spread.append([week, share, f"{ROS2_BAND[0]:g}–{ROS2_BAND[1]:g} %"])

    if include_health:
        sickness = book.create_sheet("Sickness rates")
        sickness.append(["Unit", "FTE days available", "FTE days lost", "Rate %", "Long-term share %", "Episodes"])
        for s in sickness_rates(unit, start, end):
            sickness.append([s.unit.name, float(s.fte_days_available), float(s.fte_days_lost), s.rate,
                             s.long_term_share, s.episodes])
    for ws in book.worksheets:
        for cell in ws[2 if ws.title != "Leave spread (ROS-2)" else 1]:
            cell.font = bold
        ws.column_dimensions["A"].width = 24
        ws.column_dimensions["B"].width = 28
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
