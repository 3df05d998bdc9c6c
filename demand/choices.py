from django.db import models
from django.utils.translation import gettext_lazy as _


class IntervalMinutes(models.IntegerChoices):
    FIFTEEN = 15, _("15 minutes")
    THIRTY = 30, _("30 minutes")
    SIXTY = 60, _("60 minutes")


class DesignStatus(models.TextChoices):
    OPTIMAL = "optimal", _("Optimal")
    FEASIBLE = "feasible", _("Good, not proven best (time limit)")
    UNKNOWN = "unknown", _("No design within the time limit")
