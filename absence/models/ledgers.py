from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Person

from ..choices import EntryKind, Ledger
from .abstractions import Abstraction


class LedgerEntry(models.Model):
    """One movement of a balance, with its reason: the balance is the sum of the rows, and nothing else.

    Annual leave and public holidays run by leave year (`year_start`); TOIL and RDiL by lots that are earned
    with an expiry (`expires_on`) and taken oldest first. Amounts are hours, except RDiL in days. Rows are
    never edited or deleted: a correction is another row."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ledger_entries")
    ledger = models.CharField(max_length=20, choices=Ledger.choices)
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=8, decimal_places=2,
                                 help_text=_("Hours (days for RDiL); negative takes from the balance."))
    year_start = models.DateField(_("leave year from"), null=True, blank=True)
    effective_date = models.DateField(_("effective date"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    abstraction = models.ForeignKey(Abstraction, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="ledger_entries")
    rule = models.CharField(max_length=20, blank=True, help_text=_("The rule it follows: POL-13, NHS-5, PSC-1..."))
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["person", "ledger", "effective_date", "id"]
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["person", "ledger", "year_start"], name="ledger_person_year_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.ledger} {self.amount:+} {self.get_kind_display()}"
