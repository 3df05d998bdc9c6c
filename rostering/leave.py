"""Leave against the roster: the hours a request takes, its effect on minimum staffing and skill mix, quotas,
automatic approval, and telling the person.

absence (below rostering) owns requests, decisions and ledgers; this module adds what only the roster knows and
wraps the absence actions so that every request and decision goes through one place:

- `planned_hours`: the planned work a request covers — the person's duties on those days (a night over the
  clock change counts its real length), a standard day from the contract where nothing is rostered yet;
- `assess`: for each unit with staffing requirements that the person counts in, `staffing.coverage_change`
  with the person taken out (`without`) against the roster as planned: which requirement would fall short in
  which hours and by how many; who else is off; conflicting requests; quotas; the balance; the unit's policy;
- `submit` / `decide` / `cancel`: the absence actions, with the planned hours, automatic approval when the unit's
  policy allows and nothing breaches, and a notification to the person written in the decision's transaction
  (passed to absence as its `notify` callback, so absence never imports rostering)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from absence import actions as absence_actions
from absence.choices import LIVE_STATUSES, AbstractionCategory, AbstractionStatus, Ledger
from absence.ledgers import Balance, balances, shortfalls
from absence.models import Abstraction, AbstractionType, LeavePolicy, LeaveQuota
from absence.periods import Period, estimate_hours
from absence.permissions import can_see_health_data
from org.models import Rank, Unit
from people.models import Person, Skill

from . import staffing
from .choices import DutyStatus
from .models import Duty, Requirement, RequirementOverride, TeamMembership
from .models.requirements import who_label
from .notify import notify

CENT = Decimal("0.01")
# Police refreshment breaks are paid working time (POL-1); other staff groups' breaks are unpaid.
PAID_BREAK_PACKS = {"police-officer"}


# --- hours ------------------------------------------------------------------------------------------------------------

def planned_hours(person: Person, period: Period) -> tuple[Decimal, str]:
    """The hours of planned work the period takes, and where they came from ("roster", "contract" or both).

    Whole days: the duties starting on those days (as the grid shows them), less unpaid breaks. Part days: the
    part of each duty inside the period. Days with nothing on the roster yet count a standard day (weekly
    contract hours ÷ 5, weekdays that are not public holidays)."""
    starts, ends = period.starts_at, period.ends_at
    duties = list(Duty.objects.filter(person=person, date__range=(period.start_date - dt.timedelta(days=1),
                                                                  period.end_date))
                  .exclude(status=DutyStatus.CANCELLED).only("date", "start", "end", "is_rest_day", "break_minutes"))
    paid_breaks = person.staff_group.rule_pack in PAID_BREAK_PACKS
    rostered: set[dt.date] = set()
    total = Decimal(0)
    for d in duties:
        if d.date >= period.start_date:
            rostered.add(d.date)
        if d.is_rest_day or d.start is None:
            continue
        if period.is_part_day:
            overlap = (min(d.end, ends) - max(d.start, starts)).total_seconds()
            if overlap > 0:
                total += Decimal(overlap) / 3600
        elif period.start_date <= d.date:
            minutes = d.minutes - (0 if paid_breaks else d.break_minutes)
            total += Decimal(max(minutes, 0)) / 60
    source = "roster" if rostered else "contract"
    day = period.start_date
    while day <= period.end_date:
        if day not in rostered:
            one = Period(day, day, period.start_time if day == period.start_date else None,
                         period.end_time if day == period.end_date else None)
            total += estimate_hours(person, one)
            if rostered:
                source = "roster and contract"
        day += dt.timedelta(days=1)
    return total.quantize(CENT, rounding=ROUND_HALF_UP), source


# --- the impact of one request ----------------------------------------------------------------------------------------

@dataclass
class Band:
    """Consecutive intervals of one day and requirement where the request changes the numbers."""

    day: dt.date
    start: dt.datetime
    end: dt.datetime
    label: str  # the requirement: "Constable", "Taser", "Sergeant with Taser"
    minimum: int
    target: int
    planned_now: int
    planned_then: int
    shortfall_now: int
    shortfall_then: int
    below_target_then: int

    @property
    def breach(self) -> bool:
        return self.shortfall_then > self.shortfall_now

    @property
    def newly_short(self) -> int:
        return self.shortfall_then - self.shortfall_now

    @property
    def below_target(self) -> bool:
        return not self.breach and self.planned_then < self.target

    @property
    def times(self) -> str:
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"{start:%H:%M}–{end:%H:%M}"


@dataclass
class UnitImpact:
    unit: Unit
    bands: list[Band]
    checked_intervals: int

    @property
    def breaches(self) -> list[Band]:
        return [b for b in self.bands if b.breach]


@dataclass
class Off:
    person: Person
    label: str
    period: str
    status: str
    abstraction_id: int
    pending: bool


@dataclass
class QuotaCheck:
    quota: LeaveQuota
    scope: str
    worst_day: dt.date
    off: int  # on the worst day, with this request

    @property
    def breach(self) -> bool:
        return self.off > self.quota.max_off


@dataclass
class LeaveImpact:
    abstraction: Abstraction
    hours: Decimal
    hours_source: str
    units: list[UnitImpact]
    others_off: list[Off]
    conflicting: list[Off]
    quotas: list[QuotaCheck]
    balances: list[Balance]
    balance_problems: list[str]
    policy: LeavePolicy | None
    auto_reasons: list[str] = field(default_factory=list)  # why it would not be approved automatically

    @property
    def breaches(self) -> list[Band]:
        return [b for u in self.units for b in u.breaches]

    @property
    def quota_breaches(self) -> list[QuotaCheck]:
        return [q for q in self.quotas if q.breach]

    @property
    def nothing_breaches(self) -> bool:
        return not self.breaches and not self.quota_breaches and not self.balance_problems

    @property
    def can_auto_approve(self) -> bool:
        return not self.auto_reasons

    @property
    def balance(self) -> Balance | None:
        ledger = self.abstraction.type.ledger_kind
        return next((b for b in self.balances if b.ledger == ledger), None)


def _chain_ids(units: set[int]) -> set[int]:
    """The units and every unit above them (a requirement on the station counts the team's people)."""
    paths = Unit.objects.filter(pk__in=units).values_list("path", flat=True)
    return {int(i) for path in paths for i in path.strip("/").split("/") if i}


def _units_counting(person: Person, first: dt.date, last: dt.date) -> list[Unit]:
    """Units with staffing requirements in which the person's duties over the period count: those of the
    person's duties, teams and home unit, and every unit above them."""
    own = set(Duty.objects.filter(person=person, date__range=(first, last)).exclude(status=DutyStatus.CANCELLED)
              .values_list("unit_id", flat=True).distinct())
    own |= set(TeamMembership.objects.filter(person=person, start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first)).values_list("team_id", flat=True))
    if person.home_unit_id:
        own.add(person.home_unit_id)
    chain = _chain_ids(own)
    return list(Unit.objects.filter(pk__in=chain).filter(
        Q(pk__in=Requirement.objects.values("unit_id")) | Q(pk__in=RequirementOverride.objects.values("unit_id")))
        .order_by("-depth"))


def _labels(keys: set[tuple]) -> dict[tuple, str]:
    """"Constable", "Taser", "Sergeant with Taser" for the (rank id, skill id) pairs met."""
    ranks = Rank.objects.in_bulk({r for r, _s in keys if r})
    skills = Skill.objects.in_bulk({s for _r, s in keys if s})
    return {(r, s): who_label(ranks.get(r), skills.get(s)) for r, s in keys}


def _without(person: Person, a: Abstraction) -> list[tuple]:
    if a.is_part_day:
        return [(person.pk, a.starts_at, a.ends_at)]
    return [(person.pk, a.start_date, a.end_date)]


def _bands(unit: Unit, person: Person, a: Abstraction) -> tuple[UnitImpact, set[tuple]]:
    pairs = staffing.coverage_change(unit, a.start_date, a.end_date, without=_without(person, a))
    # Pairs come interval by interval; merge each requirement's consecutive intervals with the same numbers.
    by_key: dict[tuple, list[Band]] = defaultdict(list)
    for now, then in pairs:
        if person.pk not in now.people or now.planned == then.planned:
            continue
        key = (now.rank_id, now.skill_id)
        day = timezone.localtime(now.start).date()
        bands = by_key[key]
        last = bands[-1] if bands else None
        if (last is not None and last.end == now.start and last.day == day
                and (last.minimum, last.target, last.planned_now, last.planned_then)
                == (now.minimum, now.target, now.planned, then.planned)):
            last.end = now.end
            continue
        bands.append(Band(day, now.start, now.end, key, now.minimum, now.target, now.planned, then.planned,
                          now.shortfall, then.shortfall, then.below_target))
    merged = sorted((b for bands in by_key.values() for b in bands), key=lambda b: (b.start, str(b.label)))
    return UnitImpact(unit, merged, len(pairs)), set(by_key)


def _off_label(viewer, a: Abstraction) -> str:
    if a.type.health_data and not can_see_health_data(viewer, a.person):
        return _("Unavailable")
    return a.type.name


def _others(person: Person, a: Abstraction, units: list[Unit], viewer) -> tuple[list[Off], list[Off]]:
    """Who else in the same units is off over the period (approved), and the requests still waiting."""
    scope = units or ([person.home_unit] if person.home_unit_id else [])
    if not scope:
        return [], []
    condition = Q()
    for unit in scope:
        condition |= Q(person__home_unit__path__startswith=unit.path)
    rows = (Abstraction.objects.filter(condition, status__in=LIVE_STATUSES, start_date__lte=a.end_date,
                                       end_date__gte=a.start_date, type__removes_from_roster=True)
            .exclude(person=person).select_related("person__rank", "person__home_unit", "type")
            .order_by("start_date", "person__last_name"))
    off, waiting = [], []
    for other in rows:
        entry = Off(other.person, _off_label(viewer, other), other.period_text(), other.get_status_display(),
                    other.pk, other.status == AbstractionStatus.REQUESTED)
        (waiting if entry.pending else off).append(entry)
    return off, waiting


def effective_policy(unit: Unit | None) -> LeavePolicy | None:
    """The policy of the unit or of the nearest unit above it that has one."""
    if unit is None:
        return None
    ids = [int(i) for i in unit.path.strip("/").split("/") if i]
    policies = {p.unit_id: p for p in LeavePolicy.objects.filter(unit_id__in=ids).select_related("unit")}
    return next((policies[i] for i in reversed(ids) if i in policies), None)


def _team_of(person: Person, day: dt.date, memberships: list[TeamMembership]) -> int | None:
    for m in memberships:
        if m.start_date <= day and (m.end_date is None or day <= m.end_date):
            return m.team_id
    return person.home_unit_id


def _quotas(person: Person, a: Abstraction) -> list[QuotaCheck]:
    """Each quota of the person's unit chain that applies to them: the most people off on one day of the request
    (leave-category abstractions that take people off the roster, approved, plus this request)."""
    if not person.home_unit_id or a.type.category != AbstractionCategory.LEAVE:
        return []
    ids = [int(i) for i in person.home_unit.path.strip("/").split("/") if i]
    quotas = [q for q in LeaveQuota.objects.filter(unit_id__in=ids).select_related("unit", "rank")
              if q.rank_id is None or q.rank_id == person.rank_id]
    if not quotas:
        return []
    checks = []
    memberships = list(TeamMembership.objects.filter(person=person))
    for quota in quotas:
        scope_unit = quota.unit
        if quota.per_team:
            team_id = _team_of(person, a.start_date, memberships)
            scope_unit = Unit.objects.filter(pk=team_id).first() or quota.unit
        leave = (Abstraction.objects.filter(person__home_unit__path__startswith=scope_unit.path,
                                            status=AbstractionStatus.APPROVED, start_date__lte=a.end_date,
                                            end_date__gte=a.start_date, type__category=AbstractionCategory.LEAVE,
                                            type__removes_from_roster=True)
                 .exclude(person=person))
        if quota.rank_id:
            leave = leave.filter(person__rank_id=quota.rank_id)
        per_day: dict[dt.date, set[int]] = defaultdict(set)
        for pid, first, last in leave.values_list("person_id", "start_date", "end_date"):
            day = max(first, a.start_date)
            while day <= min(last, a.end_date):
                per_day[day].add(pid)
                day += dt.timedelta(days=1)
        worst_day = max(per_day, key=lambda d: len(per_day[d]), default=a.start_date)
        checks.append(QuotaCheck(quota, scope_unit.name, worst_day, len(per_day.get(worst_day, ())) + 1))
    return checks


def assess(abstraction: Abstraction, *, viewer=None) -> LeaveImpact:
    """Everything a manager needs before deciding one request (read only)."""
    a = abstraction
    # One read of the person with contracts: planned hours, entitlement and balances all use them.
    person = (Person.objects.select_related("home_unit", "staff_group", "rank").prefetch_related("contracts")
              .get(pk=a.person_id))
    hours = a.hours if a.hours is not None else Decimal(0)
    source = "request"
    if a.status == AbstractionStatus.REQUESTED:
        hours, source = planned_hours(person, Period(a.start_date, a.end_date, a.start_time, a.end_time))
    units = _units_counting(person, a.start_date, a.end_date)
    found = [_bands(unit, person, a) for unit in units]
    labels = _labels(set().union(*(keys for _impact, keys in found))) if found else {}
    impacts = []
    for impact, _keys in found:
        for band in impact.bands:
            band.label = labels.get(band.label, _("Anyone"))
        impacts.append(impact)
    off, waiting = _others(person, a, units, viewer)
    now = balances(person, a.start_date)
    problems = _balance_problems(person, a, hours, now) if a.status == AbstractionStatus.REQUESTED else []
    policy = effective_policy(person.home_unit if person.home_unit_id else None)
    impact = LeaveImpact(a, hours, source, impacts, off, waiting, _quotas(person, a), now, problems, policy)
    impact.auto_reasons = _auto_reasons(impact)
    return impact


def _balance_problems(person: Person, a: Abstraction, hours: Decimal, now: list[Balance]) -> list[str]:
    """What the request would overdraw, from the balances already read: within one leave year the balance less
    the other requests waiting; across a year end, absence.ledgers works it out year by year."""
    ledger = a.type.ledger_kind
    if not ledger:
        return []
    b = next(x for x in now if x.ledger == ledger)
    if b.year_end is not None and a.end_date > b.year_end:
        before, a.hours = a.hours, hours
        try:
            return shortfalls(person, a)
        finally:
            a.hours = before
    need = Decimal(a.days) if ledger == Ledger.RDIL else hours
    mine = (Decimal(a.days) if ledger == Ledger.RDIL else a.hours_value) if a.status == AbstractionStatus.REQUESTED \
        else Decimal(0)
    left = b.remaining - (b.pending - mine)
    if need <= left:
        return []
    return [_("%(ledger)s: %(need)s %(unit)s needed, %(left)s %(unit)s left.") % {
        "ledger": b.label, "need": need, "left": left, "unit": b.unit}]


def _auto_reasons(impact: LeaveImpact) -> list[str]:
    policy, a = impact.policy, impact.abstraction
    reasons = []
    if policy is None or not policy.auto_approve:
        reasons.append(_("The unit's leave policy does not approve requests automatically."))
        return reasons
    if policy.auto_approve_max_days and a.days > policy.auto_approve_max_days:
        reasons.append(_("Longer than %(n)s days.") % {"n": policy.auto_approve_max_days})
    notice = (a.start_date - timezone.localdate()).days
    if notice < policy.min_notice_days:
        reasons.append(_("Less than %(n)s days' notice.") % {"n": policy.min_notice_days})
    for band in impact.breaches:
        reasons.append(_("%(who)s would fall to %(then)s against a minimum of %(min)s on %(day)s %(times)s.") % {
            "who": band.label, "then": band.planned_then, "min": band.minimum, "day": f"{band.day:%a %d %b}",
            "times": band.times})
    for q in impact.quota_breaches:
        reasons.append(_("%(quota)s: %(n)s would be off on %(day)s.") % {"quota": q.quota, "n": q.off,
                                                                          "day": f"{q.worst_day:%a %d %b}"})
    reasons += impact.balance_problems
    return reasons


# --- the wrapped actions ----------------------------------------------------------------------------------------------

def _tell(abstraction: Abstraction, outcome: str) -> None:
    """The absence actions' notify callback: an in-app notification (and e-mail on commit) for the person."""
    person = abstraction.person
    who = ""
    if abstraction.decided_by_id and outcome != "cancelled":
        user = abstraction.decided_by
        who = " " + _("by %(name)s") % {"name": user.get_full_name() or user.username}
    reason = f" {abstraction.decision_reason}" if abstraction.decision_reason else ""
    words = {"approved": _("was approved"), "refused": _("was refused"), "cancelled": _("was cancelled")}
    text = _("Your %(type)s %(period)s %(outcome)s%(who)s.%(reason)s") % {
        "type": abstraction.type.name.lower(), "period": abstraction.period_text(), "outcome": words[outcome],
        "who": who, "reason": reason}
    notify(person, text, reverse("absence:my-leave"), subject=_("Leave %(outcome)s") % {"outcome": outcome})


def submit(person: Person, type_: AbstractionType, period: Period, *, note: str = "", acting_user,
           reason: str | None = None) -> tuple[Abstraction, LeaveImpact | None]:
    """Request leave with the hours the roster says it takes; approve it at once when the unit's policy allows
    and nothing breaches. Returns the request (approved or waiting) and, when it was assessed, the impact."""
    hours, _source = planned_hours(person, period)
    request = absence_actions.do_request_leave(person, type_, period, hours=hours, note=note, acting_user=acting_user,
                                               reason=reason)
    if request.status != AbstractionStatus.REQUESTED:
        return request, None
    impact = assess(request, viewer=acting_user)
    if impact.can_auto_approve:
        request = absence_actions.do_approve_leave(request, acting_user=None, auto=True, hours=impact.hours,
                                                   notify=_tell)
    return request, impact


def decide(abstraction: Abstraction, *, approve: bool, reason: str, acting_user,
           expected_version: int | None = None) -> Abstraction:
    """Approve (with the hours the roster says it takes now) or refuse with a reason; the person is told."""
    if approve:
        a = abstraction
        hours, _source = planned_hours(a.person, Period(a.start_date, a.end_date, a.start_time, a.end_time))
        return absence_actions.do_approve_leave(abstraction, acting_user=acting_user, reason=reason, hours=hours,
                                                expected_version=expected_version, notify=_tell)
    return absence_actions.do_refuse_leave(abstraction, acting_user=acting_user, reason=reason,
                                           expected_version=expected_version, notify=_tell)


def cancel(abstraction: Abstraction, *, acting_user, reason: str | None = None,
           expected_version: int | None = None) -> Abstraction:
    return absence_actions.do_cancel_leave(abstraction, acting_user=acting_user, reason=reason,
                                           expected_version=expected_version, notify=_tell)


def pending_for(units: list[Unit]) -> list[Abstraction]:
    """Requests waiting for a decision from people whose home unit is in one of the units' sub-trees."""
    if not units:
        return []
    condition = Q()
    for unit in units:
        condition |= Q(person__home_unit__path__startswith=unit.path)
    return list(Abstraction.objects.filter(condition, status=AbstractionStatus.REQUESTED)
                .select_related("person__rank", "person__home_unit", "type").order_by("start_date", "id"))
