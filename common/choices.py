from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    PLANNER = "planner", _("Planner")
    MANAGER = "manager", _("Manager")
    STAFF = "staff", _("Staff member")


class BankHolidayRegion(models.TextChoices):
    ENGLAND_AND_WALES = "england-and-wales", _("England and Wales")
    SCOTLAND = "scotland", _("Scotland")
    NORTHERN_IRELAND = "northern-ireland", _("Northern Ireland")
