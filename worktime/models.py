from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RulePackTightening(models.Model):
    """An organisation's stricter local limits for one rule pack from a date (e.g. 12 h daily rest).

    Rule parameters are data; evaluation is code in muster_engine.worktime. The engine refuses any change
    that would loosen a statutory limit, so a row here can only make the rules stricter."""

    pack = models.CharField(_("rule pack"), max_length=40)
    effective_from = models.DateField(_("effective from"))
    changes = models.JSONField(_("stricter limits"), default=dict,
                               help_text=_('Parameter → value, e.g. {"daily_rest_minutes": 720}.'))
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["pack", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["pack", "effective_from"], name="tightening_unique_pack_date")]

    def __str__(self) -> str:
        return f"{self.pack} from {self.effective_from}: {self.changes}"
