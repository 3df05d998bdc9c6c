"""A few realistic working-time breaches and warnings for the compliance pages, planted on the published roster.

The base roster breaks no rule, so the rules engine would find nothing to show. Real rosters bend where planners
cover gaps; these are the usual ways, each on identifiable people chosen by the seed (never a demo login), between
four weeks ago and two weeks ahead, each recorded as the duty change a planner would have made (reason, notice,
compensation class) with the change's reason also on the duty as its note:

- quick changeovers: four constables' rest days turned into a late to midnight before an early tour (WTR-3 warning
  with compensatory rest: police may fall short under reg 21);
- a control-room dispatcher without an opt-out on 12-hour overtime shifts on rest days for 20 weeks (WTR-1 breach);
- the 17-year-old front-counter cadet of the first station on a late finishing 22:30 (WTR-8 breach);
- a constable on eight early tours in a row across two weeks for an operation (WTR-4 warning, POL-4 warning for the
  week);
- an NHS 111 health advisor on an extra late to 22:00 before an early at 07:00 (WTR-3 breach: no exception in AfC).

Each change is checked here against the rest rules so that it plants only its own problem."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from absence.models import Abstraction
from common.calendar import is_bank_holiday, local_instant, local_midnight
from common.choices import BankHolidayRegion
from rostering.actions.duties import describe
from rostering.choices import DutySource, DutyStatus
from rostering.models import Duty, DutyChange, ShiftType
from rostering.notice import Entry, classify, clear_days
from rostering.projection import duty_instants

from .context import DemoContext, PersonPlan, days
from .rosters import RosterWindow, monday_of, roster_units

DAY_MINUTES = 24 * 60
DAILY_REST = 11 * 60
YOUNG_DAILY_REST = 12 * 60
WEEKLY_REST = 24 * 60
YOUNG_WEEKLY_REST = 48 * 60
LOOK_BACK, LOOK_AHEAD = 28, 14  # planted problems fall from four weeks ago to two weeks ahead

QUICK_CHANGEOVER_REASONS = [
    "Rest day cancelled: late cover for the evening football fixture",
    "Rest day cancelled: late cover, two officers on the team off sick",
    "Rest day cancelled: late tour for a planned drugs warrant",
    "Rest day cancelled: night-time economy patrol",
]
OVERTIME_REASON = "Overtime on a rest day: control room below minimum staffing"
CADET_REASON = "Front counter late cover: enquiry officer on leave"
OPERATION_REASON = "Rest days cancelled for Operation Larkspur (public order mutual aid)"
OPERATION_TOUR_REASON = "Tour changed to earlies for Operation Larkspur (public order mutual aid)"
ADVISOR_REASON = "Extra late shift picked up for the evening peak"

Interval = tuple[dt.datetime, dt.datetime]


def _minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)


def short_gaps(intervals: list[Interval], limit: int) -> list[Interval]:
    """(end, next start) of every rest between consecutive duties shorter than `limit` minutes."""
    ordered = sorted(intervals)
    return [(a[1], b[0]) for a, b in zip(ordered, ordered[1:], strict=False) if _minutes(b[0] - a[1]) < limit]


def longest_rest(intervals: list[Interval], monday: dt.date) -> int:
    """Minutes of the longest stretch without a duty inside the week from local Monday 00:00 (WTR-4's measure)."""
    lo, hi = local_midnight(monday), local_midnight(monday + days(7))
    best, free_from = 0, lo
    for start, end in sorted(intervals):
        if end <= lo:
            continue
        if start >= hi:
            break
        best = max(best, _minutes(max(start, lo) - free_from))
        free_from = max(free_from, end)
    return max(best, _minutes(hi - min(free_from, hi)))


@dataclass
class _Roster:
    """One person's live duties around the planting dates, as rows and as what they would become."""

    plan: PersonPlan
    duties: dict[dt.date, Duty]
    absent: set[dt.date]
    planned: dict[dt.date, Interval | None] = field(default_factory=dict)  # proposed: date → times (None: rest)

    def intervals(self, proposed: dict[dt.date, Interval | None] | None = None) -> list[Interval]:
        changes = {**self.planned, **(proposed or {})}
        out = []
        for day, duty in self.duties.items():
            times = changes[day] if day in changes else (None if duty.is_rest_day else (duty.start, duty.end))
            if times is not None:
                out.append(times)
        return out

    def free(self, first: dt.date, last: dt.date) -> bool:
        """No abstraction of any status from first to last, and a duty row on each day (employed, rostered)."""
        day = first
        while day <= last:
            if day in self.absent or day not in self.duties:
                return False
            day += days(1)
        return True


class _Planter:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("breaches")
        self.today = ctx.today
        self.window = RosterWindow.around(ctx.today)
        self.first, self.last = ctx.today - days(LOOK_BACK), ctx.today + days(LOOK_AHEAD - 1)
        self.roster_units = roster_units(ctx)
        self.used: set[int] = set()
        self.changed: list[Duty] = []
        self.changes: list[DutyChange] = []
        self.planted = 0
        self.shift_types = {st.code: st for st in ShiftType.objects.all()}
        self.absent: dict[int, set[dt.date]] = defaultdict(set)
        rows = (Abstraction.objects.filter(start_date__lte=self.window.last, end_date__gte=self.window.first)
                .exclude(status__in=["refused", "cancelled"]).values_list("person_id", "start_date", "end_date"))
        for pid, start, end in rows:
            day = max(start, self.window.first)
            while day <= min(end, self.window.last):
                self.absent[pid].add(day)
                day += days(1)

    # -- choosing people ------------------------------------------------------------------------------------------

    def pool(self, roles: Iterable[str], *, roster_unit: str | None = None, exclude_unit: str | None = None,
             employed_by: dt.date | None = None) -> list[PersonPlan]:
        """People in these roles, never a demo login, employed from `employed_by` (default: the window's start)
        throughout, shuffled by the seed."""
        since = employed_by or self.window.first
        found = [p for p in self.ctx.people if p.role in set(roles) and not p.reserved and p.pk not in self.used
                 and p.start_date <= since and p.leave_date is None
                 and (roster_unit is None or self.roster_units.get(p.unit) == roster_unit)
                 and (exclude_unit is None or self.roster_units.get(p.unit) != exclude_unit)]
        self.rng.shuffle(found)
        return found

    def roster(self, plan: PersonPlan, first: dt.date | None = None, last: dt.date | None = None) -> _Roster:
        first, last = first or self.first - days(9), last or self.last + days(9)
        duties = {d.date: d for d in Duty.objects.filter(person_id=plan.pk, date__range=(first, last))
                  .exclude(status=DutyStatus.CANCELLED).select_related("shift_type")}
        return _Roster(plan, duties, self.absent.get(plan.pk, set()))

    def dates(self, first: dt.date | None = None, last: dt.date | None = None) -> list[dt.date]:
        first, last = first or self.first, last or self.last
        return [first + days(i) for i in range((last - first).days + 1)]

    # -- recording a change ---------------------------------------------------------------------------------------

    def change(self, roster: _Roster, day: dt.date, *, start: dt.time, end: dt.time, break_minutes: int,
               reason: str, notice_days: int, source: str = DutySource.MANUAL,
               shift_type: ShiftType | None = None) -> None:
        """Make the person's duty on `day` the given times, as a published-roster change told `notice_days` before
        (never later than yesterday): the DutyChange records the notice and what it earns (rostering.notice)."""
        duty, plan = roster.duties[day], roster.plan
        told = local_instant(min(day - days(notice_days), self.today - days(1)), dt.time(11, 0))
        old = describe(duty)
        old_entry = Entry("rest") if duty.is_rest_day else Entry("duty", duty.start, duty.end, duty.code)
        duty.start, duty.end = duty_instants(day, start, end)
        duty.is_rest_day = False
        duty.shift_type = shift_type
        duty.role = shift_type.role if shift_type else ""
        duty.break_minutes = break_minutes
        duty.source = source
        duty.note = reason
        duty.version += 1
        duty.notified_at = told
        duty.updated_at = told
        new_entry = Entry("duty", duty.start, duty.end, duty.code)
        starts = [e.start for e in (old_entry, new_entry) if e.start is not None]
        pack = self.ctx.staff_groups[plan.group].rule_pack
        compensation = classify(pack=pack, rank_code=plan.rank, old=old_entry, new=new_entry,
                                published_rest_day=duty.published_rest_day,
                                public_holiday=is_bank_holiday(BankHolidayRegion.ENGLAND_AND_WALES, day),
                                notified_at=told, duty_date=day)
        self.changes.append(DutyChange(
            duty=duty, person_id=plan.pk, unit_id=duty.unit_id, date=day, changed_at=told, old=old,
            new=describe(duty), reason=reason, notice_minutes=_minutes(min(starts) - told),
            clear_days=clear_days(told, day), rule=compensation.rule, compensation_class=compensation.text,
            rdil_owed=compensation.rdil_owed))
        self.changed.append(duty)
        roster.planned[day] = (duty.start, duty.end)
        self.used.add(plan.pk)

    def save(self) -> None:
        Duty.objects.bulk_update(self.changed, ["start", "end", "is_rest_day", "shift_type", "role", "break_minutes",
                                                "source", "note", "version", "notified_at", "updated_at"])
        DutyChange.objects.bulk_create(self.changes)

    # -- the breaches ---------------------------------------------------------------------------------------------

    def rest_kept(self, roster: _Roster, proposed: dict[dt.date, Interval | None], *, daily: int = DAILY_REST,
                  weekly: int = WEEKLY_REST, allowed: Interval | None = None) -> bool:
        """Would the change keep every daily rest (but `allowed`) and the weekly rest of the weeks it touches?"""
        intervals = roster.intervals(proposed)
        if [gap for gap in short_gaps(intervals, daily) if gap != allowed]:
            return False
        mondays = {monday_of(day + days(n)) for day in proposed for n in (-1, 0, 1)}
        return all(longest_rest(intervals, monday) >= weekly for monday in mondays)

    def quick_changeovers(self, north: int = 2, elsewhere: int = 2) -> None:
        """A rest day before an early tour becomes a late to midnight: 7 h between the two (WTR-3)."""
        late = (dt.time(14, 0), dt.time(0, 0))
        wanted = [("north", None)] * north + [(None, "north")] * elsewhere
        reasons = list(QUICK_CHANGEOVER_REASONS)
        for roster_unit, exclude_unit in wanted:
            for plan in self.pool(["response-constable"], roster_unit=roster_unit, exclude_unit=exclude_unit):
                roster = self.roster(plan)
                options = []
                for day in self.dates(last=self.last - days(1)):
                    if not roster.free(day - days(1), day + days(1)) or not roster.duties[day].is_rest_day:
                        continue
                    after = roster.duties[day + days(1)]
                    if after.is_rest_day or timezone.localtime(after.start).time() > dt.time(8, 0):
                        continue
                    times = duty_instants(day, *late)
                    if self.rest_kept(roster, {day: times}, allowed=(times[1], after.start)):
                        options.append(day)
                if options:
                    self.change(roster, self.rng.choice(options), start=late[0], end=late[1], break_minutes=60,
                                reason=reasons.pop(0), notice_days=self.rng.randint(2, 6))
                    self.planted += 1
                    break

    def heavy_overtime(self) -> None:
        """A dispatcher works 12-hour overtime shifts on one or two rest days a week for months (WTR-1). Not a night
        worker: for one, the same hours would also break the night-work average (WTR-6)."""
        shift = (dt.time(7, 0), dt.time(19, 0))
        # From 20 weeks back: every 17-week window the compliance page shows (from four weeks ago) holds 17 weeks
        # of it, so the page shows one breach running through the period rather than the average climbing past 48.
        start = self.today - days(20 * 7)
        pool = [p for p in self.pool(["dispatcher"], employed_by=start - days(17 * 7))
                if not p.contract.wtr_opt_out and not p.contract.night_worker and p.fte == 1]
        if not pool:
            return
        # The one with the least leave and sickness over the period: overtime on top of a full roster.
        plan = min(pool, key=lambda p: len([d for d in self.absent.get(p.pk, ()) if start <= d <= self.last]))
        roster = self.roster(plan, start - days(9), self.last + days(9))
        per_week: dict[dt.date, int] = defaultdict(int)
        for day in self.dates(start, self.last):
            monday = monday_of(day)
            # Two a week in alternate weeks, one in the others: about 16 hours of overtime a week.
            if per_week[monday] >= 1 + (monday.toordinal() // 7) % 2:
                continue
            if not roster.free(day, day) or not roster.duties[day].is_rest_day:
                continue
            if self.rest_kept(roster, {day: duty_instants(day, *shift)}):
                self.change(roster, day, start=shift[0], end=shift[1], break_minutes=60, reason=OVERTIME_REASON,
                            notice_days=self.rng.randint(3, 12), source=DutySource.OVERTIME)
                per_week[monday] += 1
        self.planted += 1

    def young_late(self) -> None:
        """The cadet of a North LPA station (else any) covers the front counter until 22:30 on a Friday (WTR-8)."""
        late = (dt.time(14, 30), dt.time(22, 30))
        for plan in self.pool(["cadet"], roster_unit="north", employed_by=self.first) + self.pool(
                ["cadet"], exclude_unit="north", employed_by=self.first):
            roster = self.roster(plan)
            options = [day for day in self.dates() if day.weekday() == 4 and roster.free(day, day)
                       and not roster.duties[day].is_rest_day
                       and self.rest_kept(roster, {day: duty_instants(day, *late)}, daily=YOUNG_DAILY_REST,
                                          weekly=YOUNG_WEEKLY_REST)]
            if options:
                self.change(roster, self.rng.choice(options), start=late[0], end=late[1], break_minutes=30,
                            reason=CADET_REASON, notice_days=self.rng.randint(1, 4))
                self.planted += 1
                return

    def eight_days(self) -> None:
        """A North LPA constable works earlies Sunday to Sunday for an operation: no 24 h rest that week (WTR-4)."""
        early = self.shift_types.get("E10")
        if early is None:
            return
        mondays = [d for d in self.dates() if d.weekday() == 0 and d - days(1) >= self.first
                   and d + days(6) <= self.last]
        best: tuple[int, _Roster, dt.date] | None = None
        for plan in self.pool(["response-constable"], roster_unit="north")[:40]:
            roster = self.roster(plan)
            for monday in mondays:
                run = [monday + days(n) for n in range(-1, 7)]
                if not roster.free(monday - days(2), monday + days(7)):
                    continue
                proposed = {day: duty_instants(day, early.start_time, early.end_time) for day in run}
                intervals = roster.intervals(proposed)
                if short_gaps(intervals, DAILY_REST) or any(
                        longest_rest(intervals, m) < WEEKLY_REST for m in (monday - days(7), monday + days(7))):
                    continue
                changes = sum(1 for day in run if roster.duties[day].shift_type_id != early.pk)
                if best is None or changes < best[0]:
                    best = (changes, roster, monday)
            if best is not None and best[0] <= 3:
                break
        if best is None:
            return
        _, roster, monday = best
        notice = self.rng.randint(8, 12)
        for day in [monday + days(n) for n in range(-1, 7)]:
            duty = roster.duties[day]
            if duty.shift_type_id == early.pk:
                continue
            reason = OPERATION_REASON if duty.is_rest_day else OPERATION_TOUR_REASON
            self.change(roster, day, start=early.start_time, end=early.end_time, break_minutes=early.break_minutes,
                        reason=reason, notice_days=notice - (day - monday).days, shift_type=early)
        self.planted += 1

    def advisor_late_then_early(self) -> None:
        """A 111 health advisor picks up a late to 22:00 on a rest day before an early at 07:00: 9 h (WTR-3)."""
        late = (dt.time(14, 0), dt.time(22, 0))
        for plan in self.pool(["health-advisor"]):
            roster = self.roster(plan)
            options = []
            for day in self.dates(last=self.last - days(1)):
                if not roster.free(day - days(1), day + days(1)) or not roster.duties[day].is_rest_day:
                    continue
                after = roster.duties[day + days(1)]
                if after.is_rest_day or timezone.localtime(after.start).time() != dt.time(7, 0):
                    continue
                times = duty_instants(day, *late)
                if self.rest_kept(roster, {day: times}, allowed=(times[1], after.start)):
                    options.append(day)
            if options:
                self.change(roster, self.rng.choice(options), start=late[0], end=late[1], break_minutes=30,
                            reason=ADVISOR_REASON, notice_days=self.rng.randint(1, 3), source=DutySource.OVERTIME)
                self.planted += 1
                return


def plant_breaches(ctx: DemoContext) -> int:
    """Plant the breaches and warnings above, counted in ctx.counts. Returns the number of rest days they turned
    into duties (the roster's counts move by that much)."""
    planter = _Planter(ctx)
    planter.quick_changeovers()
    planter.heavy_overtime()
    planter.young_late()
    planter.eight_days()
    planter.advisor_late_then_early()
    planter.save()
    rest_days = sum(1 for change in planter.changes if change.old["kind"] == "rest")
    ctx.counts["duty changes"] = len(planter.changes)
    ctx.counts["working-time breaches planted"] = planter.planted
    if "rest days rostered" in ctx.counts:
        ctx.counts["rest days rostered"] -= rest_days
    return rest_days


def planted_people(reasons: Iterable[str]) -> set[int]:
    """The people carrying planted changes with these reasons (to find them in tests and in the app)."""
    return set(DutyChange.objects.filter(reason__in=list(reasons)).values_list("person_id", flat=True))
