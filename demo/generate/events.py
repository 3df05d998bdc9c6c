"""Demo events: a Saturday match-day operation (about 60 officers over two phases) owned by the first LPA, ready to
propose, and a mutual-aid request from a neighbouring force to plan like an event. The LPA's stations get staffing
minimums (response constables and sergeants), which the proposal must keep while it takes people off their duties.

Rows are written directly, as the other demo steps do: the events actions are durable transactions and the demo
loader runs every step inside its own transaction."""

from __future__ import annotations

import datetime as dt

from common.calendar import local_instant
from events.choices import EventKind, PhaseKind
from events.models import Event, MutualAidRequest, Phase, PhaseRequirement
from org.models import Rank, Unit
from people.models import Skill

from .context import DemoContext
from .police import LPAS

# (phase, kind, start, end, [(count, rank code or None, skill code or None)]): 60 officers for the match: 1
# inspector, 6 sergeants and 53 constables, of whom 34 public-order trained, 4 first-aiders and 6 carrier drivers
# (a person counts towards every requirement they meet, so "of whom" needs no extra people); a smaller dispersal
# phase after it.
MATCH_PHASES = [
    ("Briefing and deployment", PhaseKind.DEPLOYMENT, dt.time(11), dt.time(18),
     [(1, "inspector", None), (6, "sergeant", None), (53, "constable", None), (34, "constable", "public-order-l2"),
      (4, None, "first-aid"), (6, None, "psu-driver")]),
    ("Dispersal", PhaseKind.DEPLOYMENT, dt.time(17), dt.time(21),
     [(2, "sergeant", None), (16, "constable", "public-order-l2")]),
]
AID_PHASES = [
    ("Summit deployment", PhaseKind.DEPLOYMENT, dt.time(6), dt.time(18),
     [(1, "sergeant", None), (7, "constable", "public-order-l2")]),
]


def saturday_after(day: dt.date, weeks: int) -> dt.date:
    """The first Saturday on or after `day`, `weeks` weeks on."""
    return day + dt.timedelta(days=(5 - day.weekday()) % 7 + 7 * weeks)


def _phases(event: Event, day: dt.date, phases, ranks: dict, skills: dict) -> None:
    for name, kind, start, end, needs in phases:
        phase = Phase.objects.create(event=event, name=name, kind=kind, start=local_instant(day, start),
                                     end=local_instant(day, end))
        PhaseRequirement.objects.bulk_create(
            PhaseRequirement(phase=phase, rank=ranks.get(rank), skill=skills.get(skill), count=count)
            for count, rank, skill in needs)


def add_events(ctx: DemoContext) -> int:
    lpa = Unit.objects.get(code=LPAS[0][0])
    ranks = {r.code: r for r in Rank.objects.all()}
    skills = {s.code: s for s in Skill.objects.all()}
    day = saturday_after(ctx.today, 3)
    match = Event.objects.create(name="Northshire Athletic v Southby United", reference=f"op-goal-{day:%Y%m%d}",
                                 unit=lpa, location="Athletic Ground", chargeable=True,
                                 charge_to="Northshire Athletic FC",
                                 notes="Category B fixture: special police services charged to the club.")
    _phases(match, day, MATCH_PHASES, ranks, skills)
    aid_day = saturday_after(ctx.today, 5)
    aid = Event.objects.create(name="Mutual aid to Westshire: summit", reference=f"aid-westshire-{aid_day:%Y%m%d}",
                               unit=lpa, kind=EventKind.AID_OUT, location="Westshire", chargeable=True,
                               charge_to="Westshire Police")
    _phases(aid, aid_day, AID_PHASES, ranks, skills)
    request = MutualAidRequest.objects.create(event=aid, organisation="Westshire Police", officers=8,
                                              contact="Westshire resourcing desk",
                                              details="One PSU serial (1 + 7) for the summit.")
    request.skills.set([skills["public-order-l2"]])
    return Event.objects.count()
