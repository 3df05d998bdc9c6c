"""The candidate pool of an event and the optimiser's proposal: ORM rows in, `muster_engine.solver.deploy` out.

For every person of the owning unit's sub-tree with a rank or skill the event asks for, and every run of consecutive
phases of one day, the legal ways to have them there (deploy.py's methods), each:
- rule-checked with the person's rule pack (rostering.compliance / worktime.checking): a change that would breach
  a hard rule is no option (its rule is the reason given); a warning (e.g. WTR-3 compensatory rest) is shown;
- costed by pay (events/costing.py): what it costs beyond basic pay, the time off it owes, and the basic hours;
- tied to the unit minimums it draws on (rostering.staffing.coverage, interval by interval): people leaving a
  unit's duty for the event may only come out of its planned people above the minimum.
People on leave, sick, on restricted duties or on another event at the time are not candidates; they are listed
with the reason, so a shortfall can be explained.

Queries do not grow with the number of candidates (people, skills, duties, abstractions, assignments, history,
the rule check's gathering and pay facts are each a few queries); coverage is 6 queries per unit with minimums."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from absence.choices import AbstractionCategory, AbstractionStatus
from absence.models import Abstraction
from common.calendar import LONDON
from common.errors import DomainError
from muster_engine.solver import deploy
from org.models import Unit
from people.models import Person, PersonSkill
from rostering.choices import DutyStatus
from rostering.compliance import gather
from rostering.models import Duty, Requirement
from rostering.notice import clear_days
from rostering.staffing import coverage
from worktime import checking
from worktime.rulepacks import organisation_packs

from .choices import AssignmentStatus, EventStatus, Method
from .costing import Coster
from .models import Assignment, Event, Phase

MAX_DUTY_MINUTES = 16 * 60  # an event duty made by extending a tour stays within one long day
MAX_GAP_MINUTES = 120  # a tour is extended into the event only across a short gap


@dataclass
class OptionInfo:
    """What the page and the confirming action need of one option besides the engine's view."""

    option: deploy.Option
    person: Person
    day: dt.date
    phases: list[Phase]
    start: dt.datetime  # the event duty (a whole tour for on-duty moves and extensions)
    end: dt.datetime
    break_minutes: int
    method: str
    unit_id: int | None
    duty_id: int | None
    notice_days: int
    cancels_rest_day: bool
    cost: Decimal | None
    basic: Decimal | None
    cost_note: str = ""
    warnings: list[str] = field(default_factory=list)
    time_off_value: Decimal = Decimal(0)  # what the time off it owes (RDiL, TOIL...) is worth at the basic rate
    draw_window: tuple[dt.datetime, dt.datetime] | None = None  # when the person is away from their unit's duty

    @property
    def run_label(self) -> str:
        return " + ".join(p.name for p in self.phases)


@dataclass
class Pool:
    event: Event
    phases: list[Phase]
    problem: deploy.DeployProblem
    infos: dict[str, OptionInfo]
    people: dict[int, Person]
    kept: list[Assignment]
    blocked: dict[int, list[str]]

    def options_of(self, person_id: int) -> list[OptionInfo]:
        return [i for i in self.infos.values() if i.person.pk == person_id]


def _pkey(pid: int) -> str:
    return str(pid)


def _phase_key(phase: Phase) -> str:
    return f"ph{phase.pk}"


def runs_by_day(phases: list[Phase]) -> dict[dt.date, list[list[Phase]]]:
    """Every run of consecutive phases (in start order) of each local day: the spans one duty can cover."""
    days: dict[dt.date, list[Phase]] = defaultdict(list)
    for p in sorted(phases, key=lambda p: (p.start, p.end)):
        days[p.date].append(p)
    out = {}
    for day, day_phases in days.items():
        runs = []
        for i in range(len(day_phases)):
            for j in range(i, len(day_phases)):
                run = day_phases[i:j + 1]
                if (max(p.end for p in run) - run[0].start).total_seconds() <= MAX_DUTY_MINUTES * 60:
                    runs.append(run)
        out[day] = runs
    return out


def _minutes(moment: dt.datetime) -> int:
    return int(moment.timestamp() // 60)


def kept_assignments(event: Event) -> list[Assignment]:
    """Assignments a new proposal leaves alone: confirmed, attended, absent, or added by the planner."""
    return list(event.assignments.filter(Q(pinned=True) | ~Q(status=AssignmentStatus.PROPOSED))
                .select_related("person", "person__rank").prefetch_related("phases"))


def build_pool(event: Event, *, now: dt.datetime | None = None, only_people: list[int] | None = None) -> Pool:
    now = now or timezone.now()
    phases = list(event.phases.prefetch_related("requirements__rank", "requirements__skill"))
    if not phases:
        raise DomainError(_("Give the event at least one phase before asking for candidates."), field="phases")
    kept = kept_assignments(event) if only_people is None else []
    kept_cover = defaultdict(int)  # (phase id, requirement id) → people kept who count for it
    first_day, last_day = min(p.date for p in phases), max(p.date for p in phases)
    needs, ranks, skills, anyone = [], set(), set(), False
    for phase in phases:
        for req in phase.requirements.all():
            have = sum(1 for a in kept if phase in a.phases.all() and _matches(a.person, req, None))
            kept_cover[(phase.pk, req.pk)] = have
            needs.append(deploy.Need(f"r{req.pk}", _phase_key(phase), max(0, req.count - have),
                                     req.rank.code if req.rank_id else None, req.skill.code if req.skill_id else None,
                                     f"{phase.name}: {req.count} × {req.label}"))
            ranks.add(req.rank_id)
            skills.add(req.skill_id)
            anyone |= req.rank_id is None and req.skill_id is None
    ranks.discard(None)
    skills.discard(None)
    # Candidates: people of the owning unit's sub-tree with a rank or (unexpired) skill asked for.
    people_qs = (Person.objects.filter(home_unit__path__startswith=event.unit.path, start_date__lte=first_day)
                 .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=last_day)).select_related("rank"))
    if only_people is not None:
        people_qs = people_qs.filter(pk__in=only_people)
    elif not anyone:
        people_qs = people_qs.filter(Q(rank_id__in=ranks) | Q(skills__skill_id__in=skills,
                                                               skills__acquired__lte=first_day)).distinct()
    kept_people = {a.person_id for a in kept}
    people = {p.pk: p for p in people_qs if p.pk not in kept_people}
    held = defaultdict(set)
    for pid, code, expires in PersonSkill.objects.filter(person_id__in=people).values_list(
            "person_id", "skill__code", "expires"):
        if expires is None or expires >= last_day:
            held[pid].add(code)
    blocked: dict[int, list[str]] = defaultdict(list)
    _block_absent(people, first_day, last_day, blocked)
    _block_other_events(event, people, phases, blocked)
    history = _history(people, now)
    duties = {(d.person_id, d.date): d for d in Duty.objects.filter(
        person_id__in=people, date__range=(first_day, last_day)).exclude(status=DutyStatus.CANCELLED)}
    coster = Coster(list(people), now)
    raw: list[OptionInfo] = []
    for day, runs in runs_by_day(phases).items():
        for pid, person in people.items():
            if blocked.get(pid):
                continue
            duty = duties.get((pid, day))
            for run in runs:
                raw.extend(_options(person, day, run, duty, now, coster))
    checked = _rule_check(raw, first_day, last_day, blocked)
    minimums, draws = _minimums(event, checked, kept, first_day, last_day)
    infos: dict[str, OptionInfo] = {}
    options = []
    for n, info in enumerate(checked):
        oid = f"o{n}"
        info.option = deploy.Option(
            oid, _pkey(info.person.pk), info.day.isoformat(), tuple(_phase_key(p) for p in info.phases),
            _minutes(info.phases[0].start), _minutes(max(p.end for p in info.phases)), info.method,
            coster.marginal_pence(info), info.notice_days, info.cancels_rest_day, tuple(draws.get(id(info), ())))
        infos[oid] = info
        options.append(info.option)
    engine_people = tuple(deploy.Person(_pkey(pid), p.full_name, p.rank.code, frozenset(held[pid]),
                                        *history.get(pid, (0, 0))) for pid, p in people.items())
    engine_blocked = tuple(deploy.Blocked(_pkey(pid), "; ".join(reasons)) for pid, reasons in blocked.items()
                           if reasons and pid in people)
    problem = deploy.DeployProblem(tuple(needs), engine_people, tuple(options), tuple(minimums), engine_blocked)
    return Pool(event, phases, problem, infos, people, kept, blocked)


def _matches(person: Person, req, skills: set[str] | None) -> bool:
    if req.rank_id and person.rank_id != req.rank_id:
        return False
    if req.skill_id:
        if skills is not None:
            return req.skill.code in skills
        return person.skills.filter(skill_id=req.skill_id).exists()
    return True


def _block_absent(people: dict[int, Person], first: dt.date, last: dt.date, blocked: dict[int, list[str]]) -> None:
    rows = (Abstraction.objects.filter(person_id__in=people, status=AbstractionStatus.APPROVED, start_date__lte=last,
                                       end_date__gte=first)
            .values_list("person_id", "type__name", "type__category", "type__health_data", "type__removes_from_roster"))
    for pid, name, category, health, removes in rows:
        if category == AbstractionCategory.RESTRICTION:
            blocked[pid].append(_("on restricted duties"))
        elif removes:
            # Health data stays with those allowed to read it: the event planner only learns "absent".
            blocked[pid].append(_("absent") if health else str(_("on %(what)s") % {"what": name.lower()}))


def _block_other_events(event: Event, people: dict[int, Person], phases: list[Phase],
                        blocked: dict[int, list[str]]) -> None:
    start, end = min(p.start for p in phases), max(p.end for p in phases)
    rows = (Assignment.objects.filter(person_id__in=people, start__lt=end, end__gt=start)
            .exclude(event=event).exclude(event__status=EventStatus.CLOSED)
            .values_list("person_id", "event__name", "status"))
    for pid, name, status in rows:
        if status != AssignmentStatus.PROPOSED:
            blocked[pid].append(_("deployed to %(event)s") % {"event": name})


def _history(people: dict[int, Person], now: dt.datetime) -> dict[int, tuple[int, int]]:
    """Event duties and cancelled rest days of each candidate in the past year (fairness)."""
    since = timezone.localdate(now) - dt.timedelta(days=365)
    rows = (Assignment.objects.filter(person_id__in=people, date__gte=since)
            .exclude(status=AssignmentStatus.PROPOSED)
            .values("person_id").annotate(n=Count("id"), rest=Count("id", filter=Q(cancels_rest_day=True))))
    return {r["person_id"]: (r["n"], r["rest"]) for r in rows}


def _span(run: list[Phase]) -> tuple[dt.datetime, dt.datetime]:
    return run[0].start, max(p.end for p in run)


def _options(person: Person, day: dt.date, run: list[Phase], duty: Duty | None, now: dt.datetime,
             coster: Coster) -> list[OptionInfo]:
    """Every way `person` could work `run` on `day`, before the rule check."""
    start, end = _span(run)
    notice = clear_days(now, day)
    out = []

    def make(method, s, e, brk, unit_id, duty_id, premium, rest=False, draw=None):
        amount, owed, note = premium
        info = OptionInfo(deploy.Option("", "", "", ("",), 0, 1, method, 0, 0), person, day, run, s, e, brk, method,
                          unit_id, duty_id, notice, rest, amount, coster.basic(person, start, end), note)
        info.time_off_value = owed
        info.draw_window = draw
        out.append(info)

    if duty is not None and not duty.is_rest_day:
        ds, de = duty.start, duty.end
        if ds <= start and end <= de:
            make(Method.ON_DUTY, ds, de, duty.break_minutes, duty.unit_id, duty.pk, (Decimal("0.00"), Decimal(0), ""),
                 draw=(start, end))
            return out
        if notice >= 0:  # POL-3: a tour is changed by midnight of the day before at the latest
            old = coster.premium(person, ds, de, break_minutes=duty.break_minutes)
            new = coster.premium(person, start, end)
            amount = None if new[0] is None or old[0] is None else max(new[0] - old[0], Decimal("0.00"))
            make(Method.SHIFT_CHANGE, start, end, 0, duty.unit_id, duty.pk, (amount, new[1], new[2]), draw=(ds, de))
        s, e = min(ds, start), max(de, end)
        gap = max((start - de).total_seconds(), (ds - end).total_seconds(), 0) / 60
        if (e - s).total_seconds() / 60 <= MAX_DUTY_MINUTES and gap <= MAX_GAP_MINUTES:
            overlap = (max(ds, start), min(de, end))
            total, owed, notes = Decimal("0.00"), Decimal(0), []
            for a, b in ((s, ds), (de, e)):
                if b > a:
                    c = coster.premium(person, a, b, overtime="planned", tour_end=a)
                    total = None if c[0] is None or total is None else total + c[0]
                    owed += c[1]
                    notes.append(c[2])
            make(Method.OVERTIME, s, e, duty.break_minutes, duty.unit_id, duty.pk,
                 (total, owed, "; ".join(n for n in notes if n)), draw=overlap if overlap[1] > overlap[0] else None)
        return out
    if duty is not None and duty.is_rest_day:
        make(Method.REST_DAY, start, end, 0, duty.unit_id, duty.pk,
             coster.premium(person, start, end, rostered_rest_day=True), rest=True)
        return out
    # Nothing rostered that day: an extra tour, paid as planned overtime.
    make(Method.OVERTIME, start, end, 0, None, None, coster.premium(person, start, end, overtime="planned"))
    return out


def _rule_check(infos: list[OptionInfo], first: dt.date, last: dt.date,
                blocked: dict[int, list[str]]) -> list[OptionInfo]:
    """Drop options that would breach a hard rule of the person's pack; keep warnings on the rest.

    One check per round, each round changing at most one day of each person (so every violation it introduces
    belongs to that one option); on-duty moves change no times and need no check."""
    to_check = [i for i in infos if i.method != Method.ON_DUTY]
    if not to_check:
        return infos
    packs = organisation_packs()
    pids = sorted({i.person.pk for i in to_check})
    found = gather(pids, first, last, packs)
    people = checking.engine_people(pids, first)
    current = found.duties()
    rounds: list[list[OptionInfo]] = []
    for info in to_check:
        for r in rounds:
            if all(o.person.pk != info.person.pk for o in r):
                r.append(info)
                break
        else:
            rounds.append([info])
    breached: dict[int, str] = {}
    period = checking.Period(first - dt.timedelta(days=7), last + dt.timedelta(days=7))
    for r in rounds:
        proposed, replaced_rest = {}, set()
        for info in r:
            key = (info.person.pk, info.day)
            proposed[key] = checking.EngineDuty(person=checking.person_key(info.person.pk), start=info.start,
                                                end=info.end, break_minutes=info.break_minutes,
                                                rostered_rest_day=key in found.published_rest)
            replaced_rest.add(key)
        ids = {checking.person_key(i.person.pk) for i in r}
        rest_before = [d for d in found.rest_days() if d.person in ids]
        rest_after = [d for d in rest_before if (int(d.person), d.date) not in replaced_rest]
        result = checking.check_changes(
            people=[p for p in people if p.id in ids],
            current={k: v for k, v in current.items() if checking.person_key(k[0]) in ids}, proposed=proposed,
            rest_days_before=rest_before, rest_days_after=rest_after,
            abstractions=[a for a in found.abstractions if a.person in ids], period=period, packs=packs)
        by_person = defaultdict(list)
        for v in result.introduced:
            by_person[v.person].append(v)
        for info in r:
            for v in by_person.get(checking.person_key(info.person.pk), []):
                if v.severity == "breach":
                    breached[id(info)] = f"{v.rule}: {v.message}"
                else:
                    info.warnings.append(f"{v.rule}: {v.message}")
    kept = [i for i in infos if id(i) not in breached]
    # A person left with no option at all is explained by the rule that stopped the last of theirs.
    with_option = {i.person.pk for i in kept}
    for info in infos:
        if id(info) in breached and info.person.pk not in with_option:
            reason = _("would break %(rule)s") % {"rule": breached[id(info)]}
            if reason not in blocked[info.person.pk]:
                blocked[info.person.pk].append(reason)
    return kept


def _minimums(event: Event, infos: list[OptionInfo], kept: list[Assignment], first: dt.date,
              last: dt.date) -> tuple[list[deploy.Minimum], dict[int, list[str]]]:
    """The unit minimums that drawing options would take people from, with how many each can spare per interval.

    People already deployed (kept here, or confirmed on any event) are not counted at their unit while deployed."""
    drawing = [i for i in infos if i.draw_window and i.unit_id]
    if not drawing:
        return [], {}
    unit_ids = {i.unit_id for i in drawing}
    paths = Unit.objects.filter(pk__in=unit_ids).values_list("path", flat=True)
    ancestor_ids = {int(x) for path in paths for x in path.strip("/").split("/") if x}
    with_minimums = Unit.objects.filter(pk__in=Requirement.objects.filter(unit_id__in=ancestor_ids)
                                        .values("unit_id")).order_by("path")
    lo = min(p.start for p in event.phases.all()) - dt.timedelta(hours=12)
    hi = max(p.end for p in event.phases.all()) + dt.timedelta(hours=12)
    away = [(a.person_id, a.start, a.end) for a in Assignment.objects.filter(start__lt=hi, end__gt=lo).exclude(
        status=AssignmentStatus.PROPOSED).exclude(method__in=(Method.OVERTIME, Method.REST_DAY))]
    away += [(a.person_id, a.start, a.end) for a in kept if a.status == AssignmentStatus.PROPOSED
             and a.method in (Method.ON_DUTY, Method.SHIFT_CHANGE)]
    by_person: dict[int, list[tuple[str, float]]] = defaultdict(list)
    minimums = []
    for unit in with_minimums:
        for row in coverage(unit, first, last, without=away):
            if not row.people or row.end <= lo or row.start >= hi:
                continue
            mid = (row.start.timestamp() + row.end.timestamp()) / 2
            mid_id = f"u{unit.pk}-{int(row.start.timestamp())}-{row.rank_id or 0}-{row.skill_id or 0}"
            local = timezone.localtime(row.start)
            minimums.append(deploy.Minimum(mid_id, f"{unit.name} {row.minimum} minimum {local:%a %H:%M}",
                                           max(0, row.planned - row.minimum)))
            for pid in row.people:
                by_person[pid].append((mid_id, mid))
    draws: dict[int, list[str]] = {}
    used = set()
    for info in drawing:
        s, e = info.draw_window
        found = [m for m, mid in by_person.get(info.person.pk, []) if s.timestamp() <= mid < e.timestamp()]
        if found:
            draws[id(info)] = found
            used.update(found)
    return [m for m in minimums if m.id in used], draws


def local_label(moment: dt.datetime) -> str:
    return f"{moment.astimezone(LONDON):%a %d %b %H:%M}"
