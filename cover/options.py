"""Cover options for a shortfall: who could fill it, how, at what cost and notice, checked by the rules.

A shortfall is (unit, rank and/or skill, start, end): the board's gap. Candidates come from the gap unit's area
(the nearest ancestor that is an LPA / division, else its parent) plus bank and relief staff anywhere:
- move: someone on duty over the whole gap in another unit of the area whose own unit stays at its minimum
  without them (an oversupplied unit or shift);
- shift_time: someone of the gap unit on another part of the same day, whose slot stays at its minimum, starts
  at the gap instead (same length);
- swap: someone resting on the gap's day works it and rests instead on a nearby day where they are spare
  (their own two cells exchanged, as rostering.do_swap_duties does);
- rest_day: rest-day working (POL-5 / PSC-1 compensation by notice class);
- extend: overtime before or after a duty of the gap unit that touches the gap (at most MAX_EXTENSION);
- extra: an extra duty on a day with nothing rostered (overtime);
- bank: bank staff (paid per hour) and relief staff (already paid: no cost) not working that day;
- recall: a police officer with nothing rostered that day recalled to duty between tours (POL-9, × 4/3).
People on leave, sick, reported absent, restricted (for a skill), lacking the rank or skill, or unwilling to do
overtime (pay.OvertimeWillingness) are not candidates. Every candidate is costed by pay.costing, ranked by
cover.ranking (cost, disruption, fairness), and the best are checked with the rules engine
(rostering.compliance.check_proposal) in rank order: one with a hard breach is dropped, warnings are shown.

Queries: a fixed number for the area (people, skills, duties, absences, reports, willingness, relief staff,
fairness, rates) plus six per unit with requirements in the area, plus two per rules check of the options
shown: the count does not grow with the people of the area."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core import signing
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from absence.choices import AbstractionCategory, AbstractionStatus
from absence.models import Abstraction
from common.calendar import is_bank_holiday
from common.errors import DomainError
from org.choices import UnitKind
from org.models import Rank, Unit
from pay.models import OvertimeRecord, OvertimeWillingness
from people.models import Person, PersonSkill, Skill
from rostering.choices import DutyStatus
from rostering.compliance import Proposal, check_proposal
from rostering.models import Duty, DutyChange
from rostering.models.requirements import who_label
from rostering.notice import Entry, classify, clear_days
from rostering.projection import duty_instants
from rostering.staffing import coverage

from . import costs
from .board import report_windows, requirement_units
from .choices import OptionKind, ReliefKind
from .models import CoverApplication, DayReport, ReliefStaff
from .ranking import Ranked, rank

MAX_EXTENSION = dt.timedelta(hours=4)  # [C] longest overtime extension offered before or after a tour
MAX_WINDOW = dt.timedelta(hours=12)  # [C] a longer gap is offered cover for its first 12 hours
SWAP_DAYS = 2  # how far either side of the gap's day a rest day may come from
FAIRNESS_DAYS = 90  # the window "least recent overtime" is counted over
TOKEN_SALT = "cover.option"
TOKEN_MAX_AGE = 24 * 3600
OVERTIME_KIND = {"rest_day": "rest_day_working", "swap": "rest_day_working", "extend": "extension",
                 "extra": "overtime", "bank": "bank", "recall": "recall", "shift_time": "overtime"}


@dataclass(frozen=True)
class Shortfall:
    unit: Unit
    rank_id: int | None
    skill_id: int | None
    start: dt.datetime
    end: dt.datetime

    @property
    def day(self) -> dt.date:
        return timezone.localtime(self.start).date()

    def label(self) -> str:
        rank = Rank.objects.filter(pk=self.rank_id).first() if self.rank_id else None
        skill = Skill.objects.filter(pk=self.skill_id).first() if self.skill_id else None
        return who_label(rank, skill)


def shortfall(unit: Unit, *, rank_id: int | None, skill_id: int | None, start: dt.datetime,
              end: dt.datetime) -> Shortfall:
    if start.tzinfo is None or end.tzinfo is None:
        raise DomainError(_("Give the start and end with a time zone."), field="start")
    if end <= start:
        raise DomainError(_("The end must be after the start."), field="end")
    if end - start > dt.timedelta(hours=24):
        raise DomainError(_("Ask for cover of at most 24 hours at a time."), field="end")
    return Shortfall(unit, rank_id, skill_id, start, end)


@dataclass(frozen=True)
class Change:
    """One cell the option changes: to a duty (start/end), a rest day, or the same duty in another unit."""

    person_id: int
    date: dt.date
    version: int  # the cell's version now (0: empty): applying checks it
    kind: str  # "duty" | "rest" | "move"
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    break_minutes: int = 0
    unit_id: int | None = None  # move: the unit the duty moves to
    old: str = ""
    new: str = ""

    def as_dict(self) -> dict:
        return {"person_id": self.person_id, "date": self.date.isoformat(), "version": self.version, "kind": self.kind,
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None, "break_minutes": self.break_minutes,
                "unit_id": self.unit_id, "old": self.old, "new": self.new}

    @classmethod
    def from_dict(cls, data: dict) -> Change:
        return cls(data["person_id"], dt.date.fromisoformat(data["date"]), data["version"], data["kind"],
                   dt.datetime.fromisoformat(data["start"]) if data["start"] else None,
                   dt.datetime.fromisoformat(data["end"]) if data["end"] else None, data["break_minutes"],
                   data["unit_id"], data["old"], data["new"])


@dataclass
class Option:
    kind: str
    person: Person
    changes: list[Change]
    start: dt.datetime  # what the person covers of the gap
    end: dt.datetime
    paid: costs.PayRow | None  # the hours pay costs (overtime record), None when nothing is paid
    why: str
    from_unit: Unit | None = None
    cost: Decimal = Decimal("0.00")
    cost_text: str = ""
    time_off: list[dict] = field(default_factory=list)
    notice_hours: float = 0.0
    clear_days: int = 0
    compensation: str = ""
    recent: int = 0
    warnings: list[str] = field(default_factory=list)
    breaches: list[str] = field(default_factory=list)
    checked: bool = False

    @property
    def id(self) -> str:
        return f"{self.kind}-{self.person.pk}"

    @property
    def kind_label(self) -> str:
        return str(OptionKind(self.kind).label)

    @property
    def affected(self) -> list[str]:
        return [self.person.full_name]

    def ranked(self) -> Ranked:
        return Ranked(self.id, self.kind, self.cost, len({c.person_id for c in self.changes}), len(self.changes),
                      self.notice_hours, self.recent, tuple(self.breaches))

    def token(self, gap: Shortfall) -> str:
        return signing.dumps({
            "unit": gap.unit.pk, "rank": gap.rank_id, "skill": gap.skill_id, "gs": gap.start.isoformat(),
            "ge": gap.end.isoformat(), "kind": self.kind, "person": self.person.pk,
            "start": self.start.isoformat(), "end": self.end.isoformat(),
            "changes": [c.as_dict() for c in self.changes], "paid": self.paid.as_dict() if self.paid else None,
            "why": self.why}, salt=TOKEN_SALT, compress=True)

    def as_dict(self, gap: Shortfall) -> dict:
        return {"id": self.id, "kind": self.kind, "kind_label": self.kind_label, "person_id": self.person.pk,
                "person": self.person.full_name, "from_unit": self.from_unit.code if self.from_unit else None,
                "start": self.start.isoformat(), "end": self.end.isoformat(), "cost": str(self.cost),
                "cost_text": self.cost_text, "time_off": self.time_off, "notice_hours": self.notice_hours,
                "clear_days": self.clear_days, "compensation": self.compensation, "why": self.why,
                "affected": self.affected, "recent_overtime": self.recent, "warnings": self.warnings,
                "changes": [c.as_dict() for c in self.changes], "token": self.token(gap)}


def read_token(token: str) -> dict:
    try:
        return signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise DomainError(_("These options are more than a day old: look for cover again."), field="option") from None
    except signing.BadSignature:
        raise DomainError(_("This option is not one Muster offered: look for cover again."), field="option") from None


@dataclass
class Options:
    gap: Shortfall
    label: str
    area: Unit
    options: list[Option]
    not_offered: list[tuple[str, str]]  # (who, why) of candidates dropped by the rules or costing
    candidates: int
    window: tuple[dt.datetime, dt.datetime]


def area_of(unit: Unit) -> Unit:
    """"Nearby": the nearest ancestor that is an LPA / division (or the unit itself), else the parent."""
    chain = unit.ancestors()
    for u in reversed(chain):
        if u.kind == UnitKind.AREA:
            return u
    return chain[-2] if len(chain) > 1 else unit


def _label(start: dt.datetime, end: dt.datetime) -> str:
    s, e = timezone.localtime(start), timezone.localtime(end)
    return f"{s:%H:%M}–{e:%H:%M}"


POLICE_REFRESHMENT = ((6, 30), (7, 35), (8, 40), (9, 45), (10, 50))  # POL-1: under N hours → minutes; else 60


def _break_for(length: dt.timedelta, pack: str) -> int:
    hours = length.total_seconds() / 3600
    if pack.startswith("police-officer"):
        if hours < 5:
            return 0
        return next((minutes for limit, minutes in POLICE_REFRESHMENT if hours < limit), 60)
    # WTR-5: more than 6 hours' work needs a break of 20 minutes [C: 30 offered].
    return 30 if hours > 6 else 0


class _Spare:
    """Whether taking a person off their duty keeps every requirement they count for at its minimum."""

    def __init__(self, units: list[Unit], first: dt.date, last: dt.date, without):
        self.units = units
        self.rows = {u.pk: coverage(u, first, last, without=without) for u in units}

    def counted(self, unit: Unit, pid: int, start: dt.datetime, end: dt.datetime,
                key: tuple[int | None, int | None]) -> bool:
        return any(r.start < end and r.end > start and (r.rank_id, r.skill_id) == key and pid in r.people
                   for r in self.rows.get(unit.pk, ()))

    def spare(self, duty_unit_path: str, pid: int, start: dt.datetime, end: dt.datetime) -> bool:
        for unit in self.units:
            if not duty_unit_path.startswith(unit.path):
                continue
            for r in self.rows[unit.pk]:
                if r.start < end and r.end > start and pid in r.people and r.planned - 1 < r.minimum:
                    return False
        return True


def find_options(gap: Shortfall, *, user=None, now: dt.datetime | None = None, limit: int = 10,
                 check: bool = True) -> Options:
    """The best `limit` legal options for the gap, cheapest first (see the module docstring)."""
    now = now or timezone.now()
    day = gap.day
    window = (gap.start, min(gap.end, gap.start + MAX_WINDOW))
    ws, we = window
    length = we - ws
    area = area_of(gap.unit)
    first, last = day - dt.timedelta(days=SWAP_DAYS), day + dt.timedelta(days=SWAP_DAYS)

    relief = {r.person_id: r.kind for r in ReliefStaff.objects.filter(active=True)}
    who = Q(home_unit__path__startswith=area.path) | Q(pk__in=list(relief))
    people_qs = Person.objects.filter(who, start_date__lte=day).filter(
        Q(leave_date__isnull=True) | Q(leave_date__gte=day)).select_related("rank", "staff_group", "home_unit")
    if gap.rank_id:
        people_qs = people_qs.filter(rank_id=gap.rank_id)
    people = {p.pk: p for p in people_qs}
    if gap.skill_id:
        holders = set(PersonSkill.objects.filter(person_id__in=list(people), skill_id=gap.skill_id, acquired__lte=day)
                      .filter(Q(expires__isnull=True) | Q(expires__gte=day)).values_list("person_id", flat=True))
        people = {pid: p for pid, p in people.items() if pid in holders}
    ids = list(people)
    not_offered: list[tuple[str, str]] = []
    # Who is off: approved absences that take people off the roster (or restrict them, for a skill), and reports.
    off: dict[int, str] = {}
    restricted_on: dict[int, set[dt.date]] = defaultdict(set)
    for pid, s, e, removes, category in Abstraction.objects.filter(
            person_id__in=ids, status=AbstractionStatus.APPROVED, start_date__lte=last, end_date__gte=first).filter(
            Q(type__removes_from_roster=True) | Q(type__category=AbstractionCategory.RESTRICTION)).values_list(
            "person_id", "start_date", "end_date", "type__removes_from_roster", "type__category"):
        span = {s + dt.timedelta(days=i) for i in range((e - s).days + 1)}
        if removes and day in span:
            off[pid] = "absent"
        if category == AbstractionCategory.RESTRICTION:
            restricted_on[pid] |= span
    for pid in DayReport.objects.filter(person_id__in=ids, date=day).values_list("person_id", flat=True):
        off[pid] = "reported"
    unwilling = set(OvertimeWillingness.objects.filter(person_id__in=ids, willing=False)
                    .values_list("person_id", flat=True))
    duties: dict[tuple[int, dt.date], Duty] = {
        (d.person_id, d.date): d for d in Duty.objects.filter(person_id__in=ids, date__range=(first, last))
        .exclude(status=DutyStatus.CANCELLED).select_related("unit", "shift_type").only(
            "person_id", "date", "start", "end", "is_rest_day", "version", "break_minutes", "published_rest_day",
            "unit__path", "unit__name", "unit__code", "shift_type__code")}
    reports = report_windows(area, first, last)
    without = [(r.person_id, r.start, r.end) for r in reports]
    spare = _Spare(requirement_units(area, first, last), first, last, without)
    gap_key = (gap.rank_id, gap.skill_id)

    found: list[Option] = []
    for pid, person in people.items():
        if pid in off:
            continue
        if gap.skill_id and (restricted_on.get(pid) and day in restricted_on[pid]):
            continue
        entry = duties.get((pid, day))
        found += _candidates(gap, person, entry, duties, window, length, relief.get(pid), pid in unwilling,
                             spare, gap_key, now, area.path)
    _fairness(found, now)
    _cost(found, now, not_offered)
    ranked = {o.id: o for o in found}
    options: list[Option] = []
    for r in rank(o.ranked() for o in found):
        option = ranked[r.id]
        if len(options) >= limit:
            break
        if check:
            check_option(option)
            if option.breaches:
                not_offered.append((option.person.full_name, f"{option.kind_label}: " + "; ".join(option.breaches)))
                continue
        options.append(option)
    return Options(gap, gap_label(gap), area, options, not_offered, len(found), window)


def gap_label(gap: Shortfall) -> str:
    return _("%(who)s at %(unit)s, %(day)s %(band)s") % {
        "who": gap.label(), "unit": gap.unit.name, "day": f"{timezone.localtime(gap.start):%a %d %b}",
        "band": _label(gap.start, gap.end)}


def _candidates(gap: Shortfall, person: Person, entry: Duty | None, duties: dict, window, length, relief_kind,
                unwilling: bool, spare: _Spare, gap_key, now, area_path: str) -> list[Option]:
    ws, we = window
    day = gap.day
    pid = person.pk
    brk = _break_for(length, person.staff_group.rule_pack)
    in_gap_unit = entry is not None and entry.unit.path.startswith(gap.unit.path)
    new_label = _label(ws, we)

    def new_duty(kind: str, why: str, paid: costs.PayRow | None) -> Option:
        version = entry.version if entry else 0
        old = entry_label(entry)
        return Option(kind, person, [Change(pid, day, version, "duty", ws, we, brk, None, old, new_label)], ws, we,
                      paid, why)

    if entry is None:
        if relief_kind == ReliefKind.BANK:
            return [new_duty("bank", _("Bank staff, nothing rostered that day."), costs.PayRow(pid, ws, we, brk,
                                                                                               basic=True))]
        if relief_kind == ReliefKind.RELIEF:
            return [new_duty("bank", _("Relief officer, not yet deployed that day."), None)]
        if unwilling:
            return []
        if person.staff_group.rule_pack.startswith("police-officer"):
            return [new_duty("recall", _("Nothing rostered that day: recalled to duty between tours (POL-9)."),
                             costs.PayRow(pid, ws, we, brk, overtime="recall"))]
        return [new_duty("extra", _("Nothing rostered that day: an extra duty as overtime."),
                         costs.PayRow(pid, ws, we, brk, overtime="planned"))]
    if entry.is_rest_day:
        out = []
        if relief_kind == ReliefKind.BANK:
            out.append(new_duty("bank", _("Bank staff, resting that day."), costs.PayRow(pid, ws, we, brk, basic=True)))
        elif not unwilling:
            out.append(new_duty("rest_day", _("On a rest day: rest-day working."),
                                costs.PayRow(pid, ws, we, brk, rest_day=True)))
        swap = _swap(gap, person, entry, duties, window, spare)
        if swap is not None:
            out.append(swap)
        return out
    s, e = entry.start, entry.end
    if in_gap_unit:
        if spare.counted(gap.unit, pid, ws, we, gap_key):
            return []
        if s <= ws <= e < we and we - e <= MAX_EXTENSION and not unwilling:
            return [Option("extend", person, [Change(pid, day, entry.version, "duty", s, we, entry.break_minutes,
                                                     None, entry_label(entry), _label(s, we))], e, we,
                           costs.PayRow(pid, s, we, entry.break_minutes, overtime="planned", tour_end=e),
                           _("On duty until %(end)s: stays on.") % {"end": f"{timezone.localtime(e):%H:%M}"})]
        if ws < s <= we <= e and s - ws <= MAX_EXTENSION and not unwilling:
            return [Option("extend", person, [Change(pid, day, entry.version, "duty", ws, e, entry.break_minutes,
                                                     None, entry_label(entry), _label(ws, e))], ws, s,
                           costs.PayRow(pid, ws, s, 0, overtime="planned"),
                           _("Starts at %(start)s: comes in early.") % {"start": f"{timezone.localtime(s):%H:%M}"})]
        if (e <= ws or s >= we) and e - s >= length and spare.spare(entry.unit.path, pid, s, e):
            new_end = ws + (e - s)
            paid = None
            if ws < s and (ws - now) < dt.timedelta(hours=8) and not unwilling:
                # POL-10: advanced without due notice, the time before the original start is overtime.
                paid = costs.PayRow(pid, ws, min(s, new_end), 0, overtime="planned")
            return [Option("shift_time", person, [Change(pid, day, entry.version, "duty", ws, new_end,
                                                         entry.break_minutes, None, entry_label(entry),
                                                         _label(ws, new_end))], ws, new_end, paid,
                           _("Spare on %(band)s (that slot stays at its minimum): starts at the gap instead.")
                           % {"band": _label(s, e)})]
        return []
    if s <= ws and e >= we and entry.unit.path.startswith(area_path) and spare.spare(entry.unit.path, pid, s, e):
        return [Option("move", person, [Change(pid, day, entry.version, "move", s, e, entry.break_minutes,
                                               gap.unit.pk, f"{entry_label(entry)} {entry.unit.name}",
                                               f"{entry_label(entry)} {gap.unit.name}")], s, e, None,
                       _("On duty at %(unit)s, which stays at its minimum without them.") % {"unit": entry.unit.name},
                       from_unit=entry.unit)]
    return []


def _swap(gap: Shortfall, person: Person, rest: Duty, duties: dict, window, spare: _Spare) -> Option | None:
    """The person rests on the gap's day and works a nearby day where they are spare: exchange the two cells."""
    ws, we = window
    day = gap.day
    for offset in (1, -1, 2, -2):
        other = duties.get((person.pk, day + dt.timedelta(days=offset)))
        if other is None or other.is_rest_day or other.start is None:
            continue
        # Wall-clock times carried over (not instants): a clock change between the days keeps the tour's hours.
        shifted_start, shifted_end = duty_instants(day, timezone.localtime(other.start).time(),
                                                   timezone.localtime(other.end).time())
        if not (shifted_start <= ws and shifted_end >= we):
            continue
        if not other.unit.path.startswith(gap.unit.path) and not gap.unit.path.startswith(other.unit.path):
            continue
        if not spare.spare(other.unit.path, person.pk, other.start, other.end):
            continue
        changes = [Change(person.pk, day, rest.version, "duty", shifted_start, shifted_end, other.break_minutes, None,
                          entry_label(rest), _label(shifted_start, shifted_end)),
                   Change(person.pk, other.date, other.version, "rest", None, None, 0, None, entry_label(other),
                          str(_("rest day")))]
        return Option("swap", person, changes, shifted_start, shifted_end,
                      costs.PayRow(person.pk, shifted_start, shifted_end, other.break_minutes, rest_day=True),
                      _("Rests on %(day)s instead, where they are spare.") % {"day": f"{other.date:%a %d %b}"})
    return None


def entry_label(duty: Duty | None) -> str:
    if duty is None:
        return str(_("nothing rostered"))
    if duty.is_rest_day:
        return str(_("rest day"))
    return f"{duty.code} {_label(duty.start, duty.end)}"


def _fairness(found: list[Option], now: dt.datetime) -> None:
    """Overtime records, rest days worked (duty changes with a rest-day rule) and cover applied in the window."""
    ids = {o.person.pk for o in found}
    if not ids:
        return
    since = now - dt.timedelta(days=FAIRNESS_DAYS)
    counts: dict[int, int] = defaultdict(int)
    for pid, n in OvertimeRecord.objects.filter(person_id__in=ids, requested_at__gte=since).exclude(
            status="cancelled").values_list("person_id").annotate(n=Count("id")).values_list("person_id", "n"):
        counts[pid] += n
    for pid, n in DutyChange.objects.filter(person_id__in=ids, changed_at__gte=since, rule__in=(
            "POL-5", "POL-4", "PSC-1", "POL-7")).values_list("person_id").annotate(n=Count("id")).values_list(
            "person_id", "n"):
        counts[pid] += n
    for pid, n in CoverApplication.objects.filter(person_id__in=ids, applied_at__gte=since).values_list(
            "person_id").annotate(n=Count("id")).values_list("person_id", "n"):
        counts[pid] += n
    for o in found:
        o.recent = counts.get(o.person.pk, 0)


def _cost(found: list[Option], now: dt.datetime, not_offered: list) -> None:
    """Cost every candidate with pay.costing (people, contracts and rates read once), notice and compensation."""
    rows = [o.paid for o in found if o.paid is not None]
    results = costs.cost_rows(rows, notified_at=now)
    keep = []
    for o in found:
        o.notice_hours = round((o.start - now).total_seconds() / 3600, 1)
        o.clear_days = clear_days(now, o.changes[0].date)
        o.compensation = _compensation(o, now)
        if o.paid is not None:
            result = results[id(o.paid)]
            if isinstance(result, DomainError):
                not_offered.append((o.person.full_name, _("%(kind)s cannot be costed: %(why)s")
                                    % {"kind": o.kind_label, "why": result.message}))
                continue
            o.cost, o.cost_text, o.time_off = result.total, result.describe(), result.time_off_json()
        else:
            o.cost, o.cost_text = Decimal("0.00"), _("£0.00: nothing beyond basic pay")
        keep.append(o)
    found[:] = keep


def _compensation(o: Option, now: dt.datetime) -> str:
    change = o.changes[0]
    if change.kind != "duty":
        return str(_("No change of times: no notice compensation."))
    was_rest = change.old == str(_("rest day"))
    new = Entry("duty", change.start, change.end)
    old = Entry("rest") if was_rest else Entry("none")
    person = o.person
    region = person.home_unit.bank_holiday_region if person.home_unit_id else "england-and-wales"
    return classify(pack=person.staff_group.rule_pack, rank_code=person.rank.code, old=old, new=new,
                    published_rest_day=was_rest, public_holiday=is_bank_holiday(region, change.date), notified_at=now,
                    duty_date=change.date).text


def severity(v) -> str:
    return str(getattr(v.severity, "value", v.severity))


def check_option(option: Option) -> None:
    """The rules engine on each change; a breach drops the option, a warning is shown with it."""
    option.checked = True
    for c in option.changes:
        if c.kind == "move":
            continue  # same times, another unit: nothing for the working-time rules to judge
        proposal = Proposal(c.person_id, c.date, c.start, c.end, c.break_minutes) if c.kind == "duty" else Proposal(
            c.person_id, c.date)
        introduced, _resolved = check_proposal(proposal)
        for v in introduced:
            text = f"{v.rule}: {v.message}"
            (option.breaches if severity(v) == "breach" else option.warnings).append(text)
