"""Roll call for a major incident: everyone of a unit's sub-tree who could be on duty within N hours.

Who: people on duty now, people whose next duty starts within the window, people resting who would have had
their 11 hours' daily rest (WTR-3) within it, and people on leave (who could be recalled, POL-13). People off sick
or otherwise removed from the roster are left out without saying why (health data). Each with their skills and
contact details: personal data, for the unit's planners and managers only. Five queries whatever the size."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from absence.choices import AbstractionCategory, AbstractionStatus
from absence.models import Abstraction
from common.errors import DomainError
from org.models import Unit
from people.models import Person, PersonSkill
from rostering.choices import DutyStatus
from rostering.models import Duty

DAILY_REST = dt.timedelta(hours=11)  # WTR-3
MAX_HOURS = 72


@dataclass(frozen=True)
class Entry:
    person: Person
    status: str  # "on_duty" | "starting" | "resting" | "on_leave"
    status_label: str
    duty: str
    available_from: dt.datetime
    skills: tuple[str, ...]

    def as_dict(self) -> dict:
        p = self.person
        return {"person_id": p.pk, "name": p.full_name, "payroll_number": p.payroll_number, "rank": p.rank.name,
                "unit": p.home_unit.name if p.home_unit_id else "", "status": self.status, "duty": self.duty,
                "available_from": self.available_from.isoformat(), "skills": list(self.skills), "phone": p.phone,
                "email": p.email}


ORDER = {"on_duty": 0, "starting": 1, "resting": 2, "on_leave": 3}


def roll_call(unit: Unit, hours: int, *, now: dt.datetime | None = None) -> list[Entry]:
    if not 1 <= hours <= MAX_HOURS:
        raise DomainError(_("Hours ahead must be 1 to %(n)s.") % {"n": MAX_HOURS}, field="hours")
    now = now or timezone.now()
    until = now + dt.timedelta(hours=hours)
    today = timezone.localtime(now).date()
    last_day = timezone.localtime(until).date()
    people = {p.pk: p for p in Person.objects.filter(home_unit__path__startswith=unit.path, start_date__lte=today)
              .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=today)).select_related("rank", "home_unit")}
    ids = list(people)
    duties = defaultdict(list)
    for d in (Duty.objects.filter(person_id__in=ids, is_rest_day=False, date__range=(today - dt.timedelta(days=1),
                                                                                      last_day))
              .exclude(status=DutyStatus.CANCELLED).select_related("shift_type").order_by("start")):
        duties[d.person_id].append(d)
    off: dict[int, str] = {}
    for pid, category in Abstraction.objects.filter(
            person_id__in=ids, status=AbstractionStatus.APPROVED, type__removes_from_roster=True,
            start_date__lte=last_day, end_date__gte=today).values_list("person_id", "type__category"):
        if category == AbstractionCategory.LEAVE:
            off.setdefault(pid, "on_leave")
        else:
            off[pid] = "unavailable"
    skills = defaultdict(list)
    for pid, name in PersonSkill.objects.filter(person_id__in=ids).filter(
            Q(expires__isnull=True) | Q(expires__gte=today)).values_list("person_id", "skill__name"):
        skills[pid].append(name)
    out = []
    for pid, person in people.items():
        if off.get(pid) == "unavailable":
            continue
        mine = duties.get(pid, [])
        current = next((d for d in mine if d.start <= now < d.end), None)
        upcoming = next((d for d in mine if now <= d.start < until), None)
        ended = [d.end for d in mine if d.end <= now]
        rested = max(ended) + DAILY_REST if ended else now
        if off.get(pid) == "on_leave":
            status, duty, available = "on_leave", "", now
        elif current is not None:
            status, duty, available = "on_duty", _label(current), now
        elif upcoming is not None:
            status, duty, available = "starting", _label(upcoming), max(now, rested)
        else:
            status, duty, available = "resting", "", max(now, rested)
            if available > until:
                continue
        labels = {"on_duty": _("On duty now"), "starting": _("Starts within the window"), "resting": _("Resting"),
                  "on_leave": _("On leave (could be recalled)")}
        out.append(Entry(person, status, str(labels[status]), duty, available, tuple(sorted(skills.get(pid, [])))))
    out.sort(key=lambda e: (ORDER[e.status], e.available_from, e.person.last_name, e.person.first_name))
    return out


def _label(duty: Duty) -> str:
    start, end = timezone.localtime(duty.start), timezone.localtime(duty.end)
    return f"{duty.code} {start:%a %H:%M}–{end:%H:%M}"


def as_csv(entries: list[Entry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["payroll_number", "name", "rank", "unit", "status", "duty", "available_from", "skills", "phone",
                     "email"])
    for e in entries:
        d = e.as_dict()
        writer.writerow([d["payroll_number"], d["name"], d["rank"], d["unit"], d["status"], d["duty"],
                         timezone.localtime(e.available_from).strftime("%Y-%m-%d %H:%M"), "; ".join(d["skills"]),
                         d["phone"], d["email"]])
    return buffer.getvalue()
