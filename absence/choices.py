from django.db import models
from django.utils.translation import gettext_lazy as _


class AbstractionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


class AbstractionCategory(models.TextChoices):
    LEAVE = "leave", _("Leave")
    SICKNESS = "sickness", _("Sickness")
    TRAINING = "training", _("Training")
    COURT = "court", _("Court")
    RESTRICTION = "restriction", _("Restricted / recuperative duties")
    PARENTAL = "parental", _("Maternity / paternity / adoption / parental")
    OTHER = "other", _("Other")
