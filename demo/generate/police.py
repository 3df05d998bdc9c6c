"""Northshire Police: 4 LPAs × 3 stations × 5 response teams, neighbourhood teams, CID, specials and a control room.

About 1,200 people. Every station, team and department also gets its establishment (funded posts), with most
units a little under strength and a couple over."""

import random

from org.choices import UnitKind

from .context import DemoContext, PersonPlan
from .establishment import bulk_post, fixed_post
from .staff import CONTROL_ROOM, POLICE_STAFF, Who, grant_skill, new_person, new_young_worker

FORCE = "northshire"
RELIEFS = "ABCDE"
# Made-up places. The planner demo login plans the first LPA; the manager manages its first station.
LPAS = [
    ("north", "North LPA", ["Northtown", "Harrowmere", "Kelsby Cross"]),
    ("south", "South LPA", ["Southmoor", "Brinkford", "Quarry Vale"]),
    ("east", "East LPA", ["Eastbrook", "Ottermouth", "Fennick"]),
    ("west", "West LPA", ["Westleigh", "Carrow Down", "Ravensholt"]),
]

# Skills by role: (code, share of people holding it).
CONSTABLE_SKILLS = [("pst", 1.0), ("first-aid", 0.97), ("taser", 0.35), ("public-order-l2", 0.25),
                    ("custody", 0.05), ("firearms-afo", 0.02)]
SERGEANT_SKILLS = [("pst", 1.0), ("first-aid", 0.97), ("taser", 0.3), ("public-order-l2", 0.3), ("custody", 0.3)]
NEIGHBOURHOOD_SKILLS = [("pst", 1.0), ("first-aid", 0.95), ("response-driver-standard", 0.4),
                        ("public-order-l2", 0.2)]
CID_SKILLS = [("pst", 1.0), ("first-aid", 0.9), ("response-driver-standard", 0.3)]
INSPECTOR_SKILLS = [("pst", 1.0), ("first-aid", 0.8), ("response-driver-standard", 0.3), ("public-order-l2", 0.15)]
SENIOR_SKILLS = [("pst", 0.7), ("first-aid", 0.6)]
PCSO_SKILLS = [("pst", 1.0), ("first-aid", 0.95)]
SPECIAL_SKILLS = [("pst", 1.0), ("first-aid", 0.9), ("response-driver-standard", 0.1), ("public-order-l2", 0.05)]


def slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def build_police(ctx: DemoContext) -> None:
    rng = ctx.rng("police")
    ctx.unit(FORCE, "Northshire Police", UnitKind.FORCE, None)
    new_person(ctx, rng, Who("police-officer", "chief-superintendent", FORCE, "head-of-local-policing", "police"),
               service=(20, 25), join_age=(19, 33), skills=SENIOR_SKILLS)
    _control_room(ctx, rng)
    stations = [(lpa, slug(name), name) for lpa, _, places in LPAS for name in places]
    # A couple of response teams carry more constables than they are funded for (over strength).
    over = set(rng.sample([f"{code}-response-{r.lower()}" for _, code, _ in stations for r in RELIEFS], 2))
    for lpa, lpa_name, places in LPAS:
        ctx.unit(lpa, lpa_name, UnitKind.AREA, FORCE)
        new_person(ctx, rng, Who("police-officer", "chief-inspector", lpa, "lpa-commander", "police"),
                   service=(14, 25), join_age=(19, 35), skills=SENIOR_SKILLS)
        fixed_post(ctx, lpa, "chief-inspector", 1)
        for name in places:
            _station(ctx, rng, lpa, name, over)
        _cid(ctx, rng, lpa, lpa_name)
        _specials(ctx, rng, lpa, lpa_name)
    # Two apprentices aged 17 work the front counters: young workers for the rules engine.
    first_station, last_station = stations[0][1], stations[-1][1]
    for station in (first_station, last_station):
        new_young_worker(ctx, rng, Who("police-staff", "apprentice", station, "cadet", "police"), POLICE_STAFF)


def _station(ctx: DemoContext, rng: random.Random, lpa: str, name: str, over: set[str]) -> None:
    station = ctx.unit(slug(name), name, UnitKind.STATION, lpa)
    inspector = new_person(ctx, rng, Who("police-officer", "inspector", station, "station-inspector", "police"),
                           service=(9, 25), join_age=(19, 34), skills=INSPECTOR_SKILLS)
    inspector.reserved = station == "northtown"  # the manager demo login
    fixed_post(ctx, station, "inspector", 1)
    for _ in range(2):
        new_person(ctx, rng, Who("police-staff", "scale-3", station, "enquiry-officer", "police"),
                   service=(0.2, 20), recent=True, join_age=(18.5, 50), terms=POLICE_STAFF,
                   skills=[("first-aid", 0.5)])
    fixed_post(ctx, station, "scale-3", 2)
    teams = [f"{station}-response-{r.lower()}" for r in RELIEFS]
    for relief, team in zip(RELIEFS, teams, strict=True):
        ctx.unit(team, f"{name} Response Team {relief}", UnitKind.TEAM, station)
        siblings = [t for t in teams if t != team]
        for _ in range(2 if rng.random() < 0.7 else 1):
            new_person(ctx, rng, Who("police-officer", "sergeant", team, "response-sergeant", "police"),
                       service=(5, 22), join_age=(19, 36), skills=SERGEANT_SKILLS + _driving(rng),
                       moved_from=siblings)
        fixed_post(ctx, team, "sergeant", 2)
        for index in range(ctx.headcount(rng, 10, 14)):
            constable = new_person(ctx, rng, Who("police-officer", "constable", team, "response-constable", "police"),
                                   service=(0.1, 25), recent=True, skills=CONSTABLE_SKILLS + _driving(rng),
                                   moved_from=siblings)
            _extra_constable_skills(ctx, rng, constable)
            constable.reserved = constable.reserved or (team == "northtown-response-a" and index == 0)
        bulk_post(ctx, rng, team, "constable", over=team in over)
    hood = ctx.unit(f"{station}-neighbourhood", f"{name} Neighbourhood Team", UnitKind.TEAM, station)
    new_person(ctx, rng, Who("police-officer", "sergeant", hood, "neighbourhood-sergeant", "police"),
               service=(5, 22), join_age=(19, 36), skills=NEIGHBOURHOOD_SKILLS)
    fixed_post(ctx, hood, "sergeant", 1)
    for _ in range(ctx.headcount(rng, 2, 3)):
        new_person(ctx, rng, Who("police-officer", "constable", hood, "neighbourhood-constable", "police"),
                   service=(1, 25), recent=True, skills=NEIGHBOURHOOD_SKILLS)
    bulk_post(ctx, rng, hood, "constable")
    for _ in range(ctx.headcount(rng, 5, 7)):
        new_person(ctx, rng, Who("pcso", "pcso", hood, "pcso", "police"), service=(0.2, 18), recent=True,
                   join_age=(18.5, 50), terms=POLICE_STAFF, skills=PCSO_SKILLS)
    bulk_post(ctx, rng, hood, "pcso")


def _driving(rng: random.Random) -> list[tuple[str, float]]:
    """Response driving is advanced or standard, never both."""
    roll = rng.random()
    if roll < 0.15:
        return [("response-driver-advanced", 1.0)]
    if roll < 0.55:
        return [("response-driver-standard", 1.0)]
    return []


def _extra_constable_skills(ctx: DemoContext, rng: random.Random, constable: PersonPlan) -> None:
    if constable.has_skill("public-order-l2") and rng.random() < 0.2:
        grant_skill(ctx, rng, constable, "psu-driver")
    if (ctx.today - constable.start_date).days > 4 * 365 and rng.random() < 0.15:
        grant_skill(ctx, rng, constable, "tutor-constable")


def _cid(ctx: DemoContext, rng: random.Random, lpa: str, lpa_name: str) -> None:
    cid = ctx.unit(f"{lpa}-cid", f"{lpa_name.removesuffix(' LPA')} CID", UnitKind.DEPARTMENT, lpa)
    new_person(ctx, rng, Who("police-officer", "inspector", cid, "detective-inspector", "police"),
               service=(10, 25), join_age=(19, 34), skills=CID_SKILLS + [("pip2", 1.0)])
    fixed_post(ctx, cid, "inspector", 1)
    for _ in range(2):
        new_person(ctx, rng, Who("police-officer", "sergeant", cid, "detective-sergeant", "police"),
                   service=(6, 24), join_age=(19, 36), skills=CID_SKILLS + [("pip2", 1.0)])
    fixed_post(ctx, cid, "sergeant", 2)
    for _ in range(ctx.headcount(rng, 9, 12)):
        # Trainee investigators are not yet PIP 2 accredited.
        new_person(ctx, rng, Who("police-officer", "constable", cid, "detective-constable", "police"),
                   service=(2, 24), recent=True, skills=CID_SKILLS + [("pip2", 0.8)])
    bulk_post(ctx, rng, cid, "constable")


def _specials(ctx: DemoContext, rng: random.Random, lpa: str, lpa_name: str) -> None:
    specials = ctx.unit(f"{lpa}-specials", f"{lpa_name.removesuffix(' LPA')} Special Constabulary",
                        UnitKind.TEAM, lpa)
    new_person(ctx, rng, Who("special", "special-sergeant", specials, "special-sergeant", "police"),
               service=(4, 15), join_age=(19, 45), terms=None, skills=SPECIAL_SKILLS)
    for _ in range(ctx.headcount(rng, 12, 16)):
        new_person(ctx, rng, Who("special", "special-constable", specials, "special-constable", "police"),
                   service=(0.1, 12), recent=True, join_age=(18.3, 50), terms=None, skills=SPECIAL_SKILLS)
    # Specials are volunteers: no funded posts.


def _control_room(ctx: DemoContext, rng: random.Random) -> None:
    room = ctx.unit("force-control-room", "Force Control Room", UnitKind.DEPARTMENT, FORCE)
    new_person(ctx, rng, Who("police-staff", "po1", room, "control-room-manager", "police"), service=(10, 25),
               join_age=(19, 35), terms=POLICE_STAFF, skills=[("control-room-dispatch", 1.0), ("first-aid", 0.6)])
    fixed_post(ctx, room, "po1", 1)
    watches = [f"control-room-watch-{n}" for n in range(1, 6)]
    for n, watch in enumerate(watches, start=1):
        ctx.unit(watch, f"Control Room Watch {n}", UnitKind.TEAM, room)
        siblings = [w for w in watches if w != watch]
        new_person(ctx, rng, Who("police-staff", "so1", watch, "control-room-supervisor", "police"),
                   service=(5, 25), join_age=(19, 40), terms=CONTROL_ROOM,
                   skills=[("control-room-dispatch", 1.0), ("first-aid", 0.5)])
        fixed_post(ctx, watch, "so1", 1)
        for _ in range(ctx.headcount(rng, 6, 8)):
            new_person(ctx, rng, Who("police-staff", "scale-5", watch, "dispatcher", "police"), service=(1, 22),
                       recent=True, join_age=(18.5, 45), terms=CONTROL_ROOM,
                       skills=[("control-room-dispatch", 1.0), ("first-aid", 0.3)], moved_from=siblings)
        bulk_post(ctx, rng, watch, "scale-5")
        for _ in range(ctx.headcount(rng, 11, 13)):
            new_person(ctx, rng, Who("police-staff", "scale-4", watch, "call-handler", "police"), service=(0.1, 18),
                       recent=True, join_age=(18.3, 50), terms=CONTROL_ROOM,
                       skills=[("control-room-dispatch", 0.2), ("first-aid", 0.2)], moved_from=siblings)
        bulk_post(ctx, rng, watch, "scale-4")
