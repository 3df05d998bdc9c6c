from django.db import models
from django.utils.translation import gettext_lazy as _


class PayScheme(models.TextChoices):
    """How an annual salary becomes an hourly rate (RULES.md POL-14, PSC-1, NHS-1)."""

    POLICE_OFFICER = "police-officer", _("Police officer (annual ÷ 2,086.67)")
    POLICE_STAFF = "police-staff", _("Police staff (annual ÷ 52.143 ÷ 37)")
    NHS_AFC = "nhs-afc", _("NHS Agenda for Change (annual ÷ 52.143 ÷ 37.5)")


class OvertimeKind(models.TextChoices):
    OVERTIME = "overtime", _("Overtime (an extra duty)")
    REST_DAY_WORKING = "rest_day_working", _("Rest-day working")
    RECALL = "recall", _("Recall to duty")
    EXTENSION = "extension", _("Extension of a tour")
    # Bank staff are paid per hour worked at their basic rate, no overtime premium (cover's bank option).
    BANK = "bank", _("Bank hours (basic rate)")


class OvertimeStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    AUTHORISED = "authorised", _("Authorised")
    WORKED = "worked", _("Worked")
    CANCELLED = "cancelled", _("Cancelled")
