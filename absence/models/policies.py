from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import Rank, Unit


class LeavePolicy(models.Model):
    """How a unit's leave requests are decided. The nearest unit up the tree with a policy applies.

    With `auto_approve`, a request is approved at once when it breaks no minimum staffing requirement, no
    quota, leaves the balance at or above zero, gives the notice and is not longer than the limit; anything
    else waits for a manager."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="leave_policy")
    auto_approve = models.BooleanField(_("approve automatically when nothing breaches"), default=False)
    auto_approve_max_days = models.PositiveSmallIntegerField(
        _("longest request approved automatically (days)"), null=True, blank=True,
        help_text=_("Empty: no limit."))
    min_notice_days = models.PositiveSmallIntegerField(
        _("notice for automatic approval (days)"), default=0,
        help_text=_("Requests starting sooner than this go to a manager."))
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name_plural = "leave policies"

    def __str__(self) -> str:
        return f"leave policy of {self.unit}"


class LeaveQuota(models.Model):
    """At most `max_off` people (of a rank, or any) on leave per day — in each team under the unit, or in the
    unit as a whole: "at most 3 constables off per team per day"."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="leave_quotas")
    rank = models.ForeignKey(Rank, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             help_text=_("Empty: everyone."))
    max_off = models.PositiveSmallIntegerField(_("at most off per day"), validators=[MinValueValidator(0)])
    per_team = models.BooleanField(_("per team"), default=True,
                                   help_text=_("Count each team under the unit separately."))

    class Meta:
        ordering = ["unit", "rank"]

    def __str__(self) -> str:
        who = self.rank.name if self.rank_id else _("people")
        where = _("per team") if self.per_team else str(self.unit)
        return f"≤ {self.max_off} {who} off {where} per day"
