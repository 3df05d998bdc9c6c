from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    STARTER = "starter", _("Starter")
    TRANSFER = "transfer", _("Transfer")
    PROMOTION = "promotion", _("Promotion")
    REGRADE = "regrade", _("Change of rank / grade")
    LEAVER = "leaver", _("Leaver")
