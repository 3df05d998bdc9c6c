from django.db import models
from django.utils.translation import gettext_lazy as _


class AbstractionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


# Requested and approved abstractions hold the person's time; refused and cancelled ones are history.
LIVE_STATUSES = (AbstractionStatus.REQUESTED, AbstractionStatus.APPROVED)


class AbstractionCategory(models.TextChoices):
    LEAVE = "leave", _("Leave")
    SICKNESS = "sickness", _("Sickness")
    TRAINING = "training", _("Training")
    COURT = "court", _("Court")
    RESTRICTION = "restriction", _("Restricted / recuperative duties")
    PARENTAL = "parental", _("Maternity / paternity / adoption / parental")
    OTHER = "other", _("Other")


class Ledger(models.TextChoices):
    """The balances kept as ledgers. Annual leave, public holidays and TOIL are in hours; RDiL in days."""

    ANNUAL_LEAVE = "annual-leave", _("Annual leave")
    PUBLIC_HOLIDAY = "public-holiday", _("Public holidays")
    TOIL = "toil", _("Time off in lieu (TOIL)")
    RDIL = "rdil", _("Rest days in lieu (RDiL)")


LEDGER_UNITS = {Ledger.ANNUAL_LEAVE: "h", Ledger.PUBLIC_HOLIDAY: "h", Ledger.TOIL: "h", Ledger.RDIL: "days"}
# Ledgers that run by leave year (entitlement at the start, carry-over at the end); the others run by lots that
# are earned and expire (TOIL, RDiL).
YEARLY_LEDGERS = (Ledger.ANNUAL_LEAVE, Ledger.PUBLIC_HOLIDAY)


class EntryKind(models.TextChoices):
    ENTITLEMENT = "entitlement", _("Entitlement for the leave year")
    RECALCULATION = "recalculation", _("Entitlement recalculated")
    STATUTORY_TOP_UP = "statutory-top-up", _("Statutory minimum top-up (WTR-9)")
    CARRY_IN = "carry-in", _("Carried over from last year")
    CARRY_OUT = "carry-out", _("Carried over to next year")
    FORFEITED = "forfeited", _("Not carried over")
    TAKEN = "taken", _("Taken")
    RETURNED = "returned", _("Given back (leave cancelled)")
    RECALL_CREDIT = "recall-credit", _("Recalled from leave")
    EARNED = "earned", _("Earned")
    EXPIRED = "expired", _("Expired")
    ADJUSTMENT = "adjustment", _("Adjustment")


class LeaveYearStart(models.TextChoices):
    FIXED = "fixed", _("A fixed date each year")
    ANNIVERSARY = "anniversary", _("The person's start-date anniversary")
