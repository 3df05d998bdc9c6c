from django.db import models
from django.utils.translation import gettext_lazy as _


class DutySource(models.TextChoices):
    PATTERN = "pattern", _("Shift pattern")
    MANUAL = "manual", _("Manual")
    SOLVER = "solver", _("Solver")
    OVERTIME = "overtime", _("Overtime")
    EVENT = "event", _("Event")


class DutyStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    WORKED = "worked", _("Worked")
    CANCELLED = "cancelled", _("Cancelled")


class RosterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
