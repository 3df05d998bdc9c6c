from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    FORCE = "force", _("Force / trust")
    AREA = "area", _("LPA / division / operating unit")
    STATION = "station", _("Station / site")
    TEAM = "team", _("Team / relief")
    CONTACT_CENTRE = "contact_centre", _("Contact centre")
    DEPARTMENT = "department", _("Department")


class StaffGroupKind(models.TextChoices):
    POLICE_OFFICER = "police-officer", _("Police officer")
    POLICE_STAFF = "police-staff", _("Police staff")
    SPECIAL = "special", _("Special constable")
    PCSO = "pcso", _("PCSO")
    CLINICIAN = "clinician", _("Clinician")
    CALL_HANDLER = "call-handler", _("Call handler")
