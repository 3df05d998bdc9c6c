"""A unit's leave policy (automatic approval) and leave quotas: planners of the unit set them."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import audit
from common.errors import DomainError
from org.models import Rank, Unit
from org.permissions import require_edit_unit

from ..models import LeavePolicy, LeaveQuota
from .common import user_or_none

POLICY_FIELDS = ["auto_approve", "auto_approve_max_days", "min_notice_days"]


def do_save_leave_policy(unit: Unit, *, auto_approve: bool, auto_approve_max_days: int | None = None,
                         min_notice_days: int = 0, acting_user, reason: str | None = None) -> LeavePolicy:
    if acting_user is not None:  # None: the system (demo loader, commands run by an operator)
        require_edit_unit(acting_user, unit)
    for field, value in (("auto_approve_max_days", auto_approve_max_days), ("min_notice_days", min_notice_days)):
        if value is not None and not 0 <= int(value) <= 366:
            raise DomainError(_("Give a number of days from 0 to 366."), field=field)
    with transaction.atomic(durable=True):
        policy = LeavePolicy.objects.select_for_update().filter(unit=unit).first()
        before = audit.snapshot(policy, POLICY_FIELDS)
        policy = policy or LeavePolicy(unit=unit)
        policy.auto_approve = bool(auto_approve)
        policy.auto_approve_max_days = auto_approve_max_days
        policy.min_notice_days = int(min_notice_days or 0)
        policy.updated_at = timezone.now()
        policy.updated_by = user_or_none(acting_user)
        policy.save()
        audit.record(actor=acting_user, action="absence.policy.saved", obj=policy, before=before,
                     after=audit.snapshot(policy, POLICY_FIELDS), reason=reason or "", unit_id=unit.pk)
    return policy


def do_add_leave_quota(unit: Unit, *, max_off: int, rank: Rank | None = None, per_team: bool = True, acting_user,
                       reason: str | None = None) -> LeaveQuota:
    if acting_user is not None:  # None: the system (demo loader, commands run by an operator)
        require_edit_unit(acting_user, unit)
    if max_off is None or not 0 <= int(max_off) <= 999:
        raise DomainError(_("Give the most people off per day, from 0 to 999."), field="max_off")
    with transaction.atomic(durable=True):
        if LeaveQuota.objects.filter(unit=unit, rank=rank, per_team=per_team).exists():
            raise DomainError(_("%(unit)s already has this quota; remove it first to change it.") % {"unit": unit},
                              field="rank")
        quota = LeaveQuota.objects.create(unit=unit, rank=rank, max_off=int(max_off), per_team=per_team)
        audit.record(actor=acting_user, action="absence.quota.added", obj=quota, after=audit.snapshot(quota),
                     reason=reason or "", unit_id=unit.pk)
    return quota


def do_remove_leave_quota(quota: LeaveQuota, *, acting_user, reason: str | None = None) -> None:
    if acting_user is not None:
        require_edit_unit(acting_user, quota.unit)
    with transaction.atomic(durable=True):
        before = audit.snapshot(quota)
        audit.record(actor=acting_user, action="absence.quota.removed", obj=quota, before=before,
                     reason=reason or "", unit_id=quota.unit_id)
        quota.delete()
