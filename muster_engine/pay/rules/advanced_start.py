"""POL-10 advancing a start time (Police Regulations 2003 reg 25(1)(c)): a tour brought forward without due
notice (told less than 8 h [C] before the new start; an unrecorded notice counts as short), so that it begins
on a police day (C-2) on which the officer has already completed a tour, makes the time before the original
start overtime: time and a third in completed 15-min units (POL-8), constables and sergeants only (POL-11).
The time also counts as part of the tour, which is why it is paid in full on top of basic pay; time worked
after the tour's normal length is ordinary overtime (give the duty an `overtime.tour_end`).

The earlier tour must be among the duties costed. Advancing a duty on a rest day or public holiday is
costed whole by POL-5 / POL-7 instead; an extra duty that is overtime throughout is POL-8's already.
TOIL instead of payment (`compensation: "toil"`) is in POL-8 units with the bonus unit.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from ..ledger import Ledger, Shift, minutes_between
from ..toil import pol8_toil_minutes


def apply(ledger: Ledger) -> None:
    by_person: dict[str, list[Shift]] = defaultdict(list)
    for shift in ledger.shifts:
        by_person[shift.person.id].append(shift)
    for shift in ledger.shifts:
        original, rules = shift.duty.original_start, shift.rules
        due = rules.advance_due_notice_minutes
        if original is None or due is None or shift.rest_day or shift.public_holiday:
            continue
        if ledger.rank(shift.person) not in rules.premium_ranks:
            continue
        if shift.overtime_from is not None and shift.overtime_from <= shift.duty.start:
            continue  # an extra duty: overtime throughout (POL-8)
        told = shift.duty.notified_at
        if told is not None and minutes_between(told, shift.duty.start) >= due:
            continue  # due notice: the tour simply starts earlier
        if not _tour_already_done(ledger, shift, by_person[shift.person.id]):
            continue
        until = min(original.astimezone(UTC), shift.duty.end.astimezone(UTC))
        unit = rules.overtime_unit_minutes
        counted = max(0, minutes_between(shift.duty.start, until)) // unit * unit
        if ledger.wants_toil(shift):
            ledger.owe_toil(shift, "POL-10", pol8_toil_minutes(counted, unit, rules.toil_bonus_unit_every))
        else:
            what = "start advanced without due notice"
            ledger.pay(shift, "POL-10", what, counted, rules.fraction("overtime_multiplier"), shift.duty.start)


def police_day(ledger: Ledger, moment: datetime, day_start_minutes: int) -> date:
    """C-2: the police day holding `moment`, when the day starts at a force-set local time."""
    return (moment.astimezone(ledger.tz) - timedelta(minutes=day_start_minutes)).date()


def _tour_already_done(ledger: Ledger, shift: Shift, own: list[Shift]) -> bool:
    """Reg 25(1)(c): the officer completed a tour (not an extra duty) earlier on the new start's police day."""
    day_start = shift.rules.force_day_start_minutes
    day = police_day(ledger, shift.duty.start, day_start)
    for other in own:
        if other is shift or other.worked <= 0 or other.duty.end.astimezone(UTC) > shift.duty.start.astimezone(UTC):
            continue
        if other.overtime_from is not None and other.overtime_from <= other.duty.start:
            continue  # an extra duty is not a normal daily period of duty
        if police_day(ledger, other.duty.start, day_start) == day:
            return True
    return False
