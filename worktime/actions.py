"""Writes of the worktime app: an organisation's stricter local limits on a rule pack."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from common.audit import record, snapshot
from common.errors import DomainError
from muster_engine.worktime.packs import PackLimitError, UnknownPackError
from org.permissions import require_administrator

from .models import RulePackTightening
from .rulepacks import organisation_packs, tightened_version


def do_tighten_rule_pack(*, pack: str, effective_from: dt.date, changes: dict, acting_user,
                         reason: str) -> RulePackTightening:
    """Record stricter local limits for `pack` from `effective_from` (administrators only)."""
    require_administrator(acting_user)
    if not reason or not reason.strip():
        raise DomainError(_("Say why the limit is tightened."), field="reason")
    if not isinstance(changes, dict) or not changes:
        raise DomainError(_("Give at least one parameter and its stricter value."), field="changes")
    try:
        packs = organisation_packs()
        tightened_version(packs, pack, effective_from, changes)
    except UnknownPackError as exc:
        raise DomainError(str(exc), field="pack") from None
    except PackLimitError as exc:
        raise DomainError(str(exc), field=f"changes.{exc.parameter}") from None
    except TypeError as exc:
        raise DomainError(_("Not a rule pack parameter: %(error)s") % {"error": exc}, field="changes") from None
    with transaction.atomic(durable=True):
        row, created = RulePackTightening.objects.select_for_update().get_or_create(
            pack=pack, effective_from=effective_from,
            defaults={"changes": changes, "reason": reason, "created_by": acting_user})
        before = None if created else snapshot(row)
        if not created:
            row.changes, row.reason = changes, reason
            row.save(update_fields=["changes", "reason"])
        record(actor=acting_user, action="worktime.rule_pack.tighten", obj=row, before=before,
               after=snapshot(row), reason=reason)
    return row


def do_remove_tightening(*, tightening: RulePackTightening, acting_user, reason: str) -> None:
    require_administrator(acting_user)
    if not reason or not reason.strip():
        raise DomainError(_("Say why the local limit is removed."), field="reason")
    with transaction.atomic(durable=True):
        before = snapshot(tightening)
        record(actor=acting_user, action="worktime.rule_pack.remove_tightening", obj=tightening, before=before,
               after=None, reason=reason)
        tightening.delete()
