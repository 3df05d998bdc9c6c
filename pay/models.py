"""Pay: rate tables (versioned by effective date), overtime records, overtime budgets and willingness."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import Unit
from people.models import Person
from rostering.models import Duty

from .choices import OvertimeKind, OvertimeStatus, PayScheme

# Hours a year an annual salary is divided by (RULES.md POL-14 note; NHS-1; PSC-1): police officers use the
# Police Regulations' 2,086.67 (annual × 6 / 12,520), staff and NHS 52.143 weeks of their standard week.
HOURS_PER_YEAR = {
    PayScheme.POLICE_OFFICER: Decimal("2086.67"),
    PayScheme.POLICE_STAFF: Decimal("52.143") * Decimal("37"),
    PayScheme.NHS_AFC: Decimal("52.143") * Decimal("37.5"),
}
# Payroll keeps hourly rates to four places; amounts are rounded to pennies per item by the engine (C-4).
RATE_PLACES = Decimal("0.0001")


def hourly_from_annual(scheme: str, annual: Decimal) -> Decimal:
    return (Decimal(annual) / HOURS_PER_YEAR[PayScheme(scheme)]).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


class PayRate(models.Model):
    """One point of a national (or local) pay scale: the annual salary for a rank / grade / band and pay point
    from a date. A new pay award is new rows with a later `effective_from`; old duties cost at old rates."""

    scheme = models.CharField(_("scheme"), max_length=20, choices=PayScheme.choices)
    rank_code = models.SlugField(_("rank / grade / band code"), max_length=40,
                                 help_text=_("The code of the rank in the organisation: constable, scale-4, "
                                             "afc-band-5..."))
    point = models.CharField(_("pay point"), max_length=10, help_text=_("1, 2, 3... (contracts name it)."))
    annual_salary = models.DecimalField(_("annual salary (£)"), max_digits=9, decimal_places=2,
                                        validators=[MinValueValidator(Decimal("0"))])
    effective_from = models.DateField(_("effective from"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["scheme", "rank_code", "-effective_from", "point"]
        constraints = [
            models.UniqueConstraint(fields=["rank_code", "point", "effective_from"],
                                    name="pay_rate_unique_rank_point_from"),
            models.CheckConstraint(condition=Q(annual_salary__gte=0), name="pay_rate_salary_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.rank_code} point {self.point} from {self.effective_from}: £{self.annual_salary}"

    @property
    def hourly_rate(self) -> Decimal:
        return hourly_from_annual(self.scheme, self.annual_salary)

    @property
    def point_number(self) -> int | None:
        digits = "".join(ch for ch in self.point if ch.isdigit())
        return int(digits) if digits else None


class OvertimeBudget(models.Model):
    """Money a unit (and its sub-tree) may spend on overtime in a period."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="overtime_budgets")
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    amount = models.DecimalField(_("budget (£)"), max_digits=11, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0"))])
    note = models.CharField(_("note"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["unit__path", "-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "start_date"], name="overtime_budget_unique_unit_start"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")),
                                   name="overtime_budget_period_ordered"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="overtime_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: £{self.amount} {self.start_date}–{self.end_date}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day must be on or after the first day.")})


class OvertimeRecord(models.Model):
    """Overtime or rest-day working: hours, reason, who asked, who authorised, what it costs and what time off
    it earns. Requested → authorised (budget checked) → worked; or cancelled."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="overtime_records")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="overtime_records",
                             help_text=_("The unit whose budget pays."))
    date = models.DateField(_("date"), help_text=_("The local date it starts."))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    # Costed hours leave out an unpaid break (police refreshment breaks are paid): kept so re-costing agrees.
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=OvertimeKind.choices)
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=20, choices=OvertimeStatus.choices,
                              default=OvertimeStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    authorised_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(_("told at"), null=True, blank=True,
                                       help_text=_("When the person was told (notice classes, POL-5/POL-7)."))
    cost = models.DecimalField(_("cost (£)"), max_digits=10, decimal_places=2, default=Decimal("0"))
    cost_detail = models.CharField(_("costed as"), max_length=400, blank=True)
    time_off_owed = models.JSONField(_("time off owed"), default=list, blank=True)
    duty = models.ForeignKey(Duty, null=True, blank=True, on_delete=models.SET_NULL, related_name="overtime_records")
    over_budget = models.BooleanField(_("authorised over budget"), default=False)
    override_reason = models.TextField(_("reason for exceeding the budget"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-date", "-start"]
        indexes = [
            models.Index(fields=["unit", "date"], name="overtime_unit_date_idx"),
            models.Index(fields=["person", "date"], name="overtime_person_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="overtime_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()} {self.date} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (OvertimeStatus.REQUESTED, OvertimeStatus.AUTHORISED)


class OvertimeWillingness(models.Model):
    """Whether a person is willing to be offered overtime, and any limit they set."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="overtime_willingness")
    willing = models.BooleanField(_("willing to work overtime"), default=True)
    max_hours_per_month = models.PositiveSmallIntegerField(_("at most (hours a month)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "overtime willingness"

    def __str__(self) -> str:
        return f"{self.person}: {'willing' if self.willing else 'not willing'}"
