"""Northshire 111: an NHS 111 contact centre on two sites, about 250 health advisors, clinicians and leaders.

Health advisors (Band 3 call handlers) work in teams under a Band 4/5 team leader; clinical advisors (nurses and
paramedics, Band 6–7) in a clinical hub per site; a few Band 8a shift managers run each site."""

import random

from org.choices import UnitKind

from .context import DemoContext, PersonPlan
from .establishment import bulk_post, fixed_post
from .staff import NHS, Who, grant_skill, new_person

CENTRE = "northshire-111"
SITES = [("kestrel-house", "Kestrel House"), ("larkfield", "Larkfield Park")]
ADVISOR_SKILLS = [("nhs-pathways", 1.0), ("dual-call-handler", 0.15), ("mental-health", 0.05)]
LEADER_SKILLS = [("nhs-pathways", 1.0), ("dual-call-handler", 0.3)]
CLINICIAN_SKILLS = [("nhs-pathways", 1.0), ("prescriber", 0.2), ("mental-health", 0.15)]


def build_nhs111(ctx: DemoContext) -> None:
    rng = ctx.rng("nhs111")
    ctx.unit(CENTRE, "Northshire 111", UnitKind.CONTACT_CENTRE, None)
    # One health advisor team is over its funded establishment.
    over = rng.choice([f"{site}-ha-{n}" for site, _ in SITES for n in range(1, 5)])
    for site, site_name in SITES:
        ctx.unit(site, site_name, UnitKind.STATION, CENTRE)
        for _ in range(3):
            manager = new_person(ctx, rng, Who("clinician", "afc-band-8a", site, "shift-manager", "nhs"),
                                 service=(3, 11), join_age=(26, 50), terms=NHS, skills=CLINICIAN_SKILLS)
            _registration(ctx, rng, manager)
        fixed_post(ctx, site, "afc-band-8a", 3)
        teams = [f"{site}-ha-{n}" for n in range(1, 5)]
        for n, team in enumerate(teams, start=1):
            ctx.unit(team, f"{site_name} Health Advisors {n}", UnitKind.TEAM, site)
            band = "afc-band-4" if rng.random() < 0.6 else "afc-band-5"
            new_person(ctx, rng, Who("call-handler", band, team, "team-leader", "nhs"), service=(2, 11),
                       join_age=(19, 50), terms=NHS, skills=LEADER_SKILLS)
            fixed_post(ctx, team, band, 1)
            siblings = [t for t in teams if t != team]
            for index in range(ctx.headcount(rng, 21, 26)):
                advisor = new_person(ctx, rng, Who("call-handler", "afc-band-3", team, "health-advisor", "nhs"),
                                     service=(0.05, 11), recent=True, join_age=(18.3, 55), terms=NHS,
                                     skills=ADVISOR_SKILLS, moved_from=siblings)
                advisor.reserved = team == "kestrel-house-ha-1" and index == 0  # the advisor demo login
            bulk_post(ctx, rng, team, "afc-band-3", over=team == over)
        hub = ctx.unit(f"{site}-clinical-hub", f"{site_name} Clinical Hub", UnitKind.TEAM, site)
        lead = new_person(ctx, rng, Who("clinician", "afc-band-7", hub, "clinical-team-leader", "nhs"),
                          service=(2, 11), join_age=(26, 50), terms=NHS, skills=CLINICIAN_SKILLS)
        _registration(ctx, rng, lead)
        for _ in range(ctx.headcount(rng, 24, 30)):
            band = "afc-band-6" if rng.random() < 0.7 else "afc-band-7"
            clinician = new_person(ctx, rng, Who("clinician", band, hub, "clinical-advisor", "nhs"),
                                   service=(0.1, 11), recent=True, join_age=(23, 55), terms=NHS,
                                   skills=CLINICIAN_SKILLS)
            _registration(ctx, rng, clinician)
        bulk_post(ctx, rng, hub, "afc-band-6")
        bulk_post(ctx, rng, hub, "afc-band-7")


def _registration(ctx: DemoContext, rng: random.Random, clinician: PersonPlan) -> None:
    """Every clinician is a registered nurse or paramedic; the registration lapses unless renewed."""
    grant_skill(ctx, rng, clinician, "nmc-registration" if rng.random() < 0.55 else "paramedic-registration")
