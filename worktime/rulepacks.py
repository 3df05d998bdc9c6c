"""The rule packs in force here: Muster's shipped packs plus this organisation's stricter local limits."""

from muster_engine.worktime.packs import Packs, RulePack, shipped_packs

from .models import RulePackTightening


def organisation_packs() -> Packs:
    """Shipped packs with every tightening applied as a new version from its effective date.

    A tightening applies on top of the version in force on its date, so later statutory versions are
    not silently overridden by an old local rule: each local rule names the base it tightened."""
    packs = shipped_packs()
    for row in RulePackTightening.objects.order_by("effective_from", "pk"):
        packs = packs.with_version(tightened_version(packs, row.pack, row.effective_from, row.changes))
    return packs


def tightened_version(packs: Packs, pack: str, effective_from, changes: dict) -> RulePack:
    base = packs.in_force(pack, effective_from)
    return base.tightened(**changes).with_effective_from(effective_from)


def pack_names() -> tuple[str, ...]:
    return shipped_packs().names()
