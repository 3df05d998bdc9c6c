from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    PLANNED = "planned", _("Pre-planned event")
    AID_IN = "aid_in", _("Mutual aid in (officers come to us)")
    AID_OUT = "aid_out", _("Mutual aid out (we send officers)")
    MAJOR_INCIDENT = "major_incident", _("Major incident")


class EventStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    APPROVED = "approved", _("Approved")
    LIVE = "live", _("Live")
    CLOSED = "closed", _("Closed")


class PhaseKind(models.TextChoices):
    BRIEFING = "briefing", _("Briefing")
    DEPLOYMENT = "deployment", _("Deployment")
    DEBRIEF = "debrief", _("Debrief")
    STANDBY = "standby", _("Standby")
    OTHER = "other", _("Other")


class Method(models.TextChoices):
    """How a person gets to the event, cheapest first (muster_engine.solver.deploy.METHODS)."""

    ON_DUTY = "on_duty", _("On duty (moved from an oversupplied unit)")
    SHIFT_CHANGE = "shift_change", _("Shift change")
    OVERTIME = "overtime", _("Overtime")
    REST_DAY = "rest_day", _("Rest-day working")


class AssignmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")
