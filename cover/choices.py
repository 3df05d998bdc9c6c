from django.db import models
from django.utils.translation import gettext_lazy as _


class DayReportKind(models.TextChoices):
    """What happened on the day to a person's duty."""

    SICK = "sick", _("Reported sick")
    ABSENT = "absent", _("Absent (authorised, unplanned)")
    LATE = "late", _("Late")
    AWOL = "awol", _("Absent without leave")


class OptionKind(models.TextChoices):
    """Ways to fill a shortfall (DESIGN.md glossary: cover option)."""

    MOVE = "move", _("Move from an oversupplied unit")
    SHIFT_TIME = "shift_time", _("Change a shift time")
    SWAP = "swap", _("Swap a rest day")
    REST_DAY = "rest_day", _("Rest-day working")
    EXTEND = "extend", _("Overtime: extend a duty")
    EXTRA = "extra", _("Overtime: an extra duty")
    BANK = "bank", _("Bank / relief staff")
    RECALL = "recall", _("Recall to duty")


class ReliefKind(models.TextChoices):
    RELIEF = "relief", _("Relief (floating, rostered where needed)")
    BANK = "bank", _("Bank (paid per duty worked)")
