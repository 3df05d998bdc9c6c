import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.calendar import local_instant, local_midnight
from people.models import Person

from ..choices import AbstractionCategory, AbstractionStatus, Ledger

# Types whose approval moves a balance when no ledger is set on the row: the codes the demo and
# absence.reference ship. A type added by an administrator names its ledger explicitly.
DEFAULT_LEDGER_BY_CODE = {
    "annual-leave": Ledger.ANNUAL_LEAVE,
    "bank-holiday-off": Ledger.PUBLIC_HOLIDAY,
    "toil": Ledger.TOIL,
    "rdil": Ledger.RDIL,
}
DEFAULT_SELF_SERVICE_CODES = frozenset({"annual-leave", "toil", "rdil"})


class AbstractionType(models.Model):
    """Reference data: what kind of absence, and how it counts (RULES.md WTR-1 excluded days, ABS-2)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    category = models.CharField(max_length=20, choices=AbstractionCategory.choices)
    removes_from_roster = models.BooleanField(_("removes from roster"), default=True)
    counts_as_working_time = models.BooleanField(_("counts as working time (WTR 48 h)"), default=False)
    excluded_from_wtr_average = models.BooleanField(
        _("excluded day for the WTR average"), default=False,
        help_text=_("Statutory annual leave, sickness, maternity/paternity/adoption/parental leave (WTR-1)."))
    paid = models.BooleanField(default=True)
    needs_approval = models.BooleanField(_("needs approval"), default=False)
    health_data = models.BooleanField(_("health data"), default=False,
                                      help_text=_("Visible only to roles allowed health data (sickness)."))
    self_service = models.BooleanField(_("staff may request it"), default=False,
                                       help_text=_("Offered on the leave request page (annual leave, TOIL, RDiL)."))
    roster_risk = models.BooleanField(
        _("shows on the roster as a risk"), default=False,
        help_text=_("The person stays rostered but may be called away (a court warning)."))
    ledger = models.CharField(_("balance it draws on"), max_length=20, choices=Ledger.choices, blank=True,
                              help_text=_("Approving debits this ledger; cancelling credits it back."))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def ledger_kind(self) -> str:
        return self.ledger or DEFAULT_LEDGER_BY_CODE.get(self.code, "")

    @property
    def staff_may_request(self) -> bool:
        return self.self_service or self.code in DEFAULT_SELF_SERVICE_CODES


class AbstractionBatch(models.Model):
    """Abstractions recorded together for a group (a whole team on a course): one label, one audit trail."""

    label = models.CharField(_("label"), max_length=120)
    type = models.ForeignKey(AbstractionType, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "abstraction batches"

    def __str__(self) -> str:
        return self.label


class Abstraction(models.Model):
    """A reason a person is not available for planned duty, over whole days or part days.

    `start_date`/`end_date` are the local days it touches, so every reader that works in whole days (the grid,
    the WTR-1 adapter, reports) keeps working. A part day adds `start_time` (from that local time on the first
    day) and/or `end_time` (until that local time on the last day). `hours` is the planned work it takes — the
    amount a balance moves by — filled when known. A leave request is an abstraction in status `requested`."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="abstractions")
    type = models.ForeignKey(AbstractionType, on_delete=models.PROTECT, related_name="abstractions")
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    start_time = models.TimeField(_("from (part day)"), null=True, blank=True)
    end_time = models.TimeField(_("until (part day)"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2, null=True, blank=True,
                                help_text=_("Planned working hours it takes: what a balance moves by."))
    status = models.CharField(max_length=20, choices=AbstractionStatus.choices, default=AbstractionStatus.APPROVED)
    note = models.TextField(blank=True)
    reference = models.CharField(_("reference"), max_length=120, blank=True,
                                 help_text=_("Case number and court, course name, fit note..."))
    batch = models.ForeignKey(AbstractionBatch, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="abstractions")
    # Sickness reported and not yet returned from: `end_date` is the expected last day until the return is recorded.
    ongoing = models.BooleanField(_("ongoing"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    auto_approved = models.BooleanField(default=False)
    # Bumped by every change: two managers deciding the same request at once cannot both win.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["person", "start_date"]
        indexes = [
            models.Index(fields=["person", "start_date", "end_date"], name="abstraction_person_period"),
            models.Index(fields=["status", "start_date"], name="abstraction_status_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")),
                                   name="abstraction_period_ordered"),
            models.CheckConstraint(
                condition=~Q(end_date=models.F("start_date")) | Q(start_time__isnull=True) | Q(end_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")), name="abstraction_part_day_ordered"),
            models.CheckConstraint(condition=Q(hours__isnull=True) | Q(hours__gte=0),
                                   name="abstraction_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.person} {self.start_date}–{self.end_date}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day must be on or after the first day.")})
        if (self.start_date and self.start_date == self.end_date and self.start_time and self.end_time
                and self.end_time <= self.start_time):
            raise ValidationError({"end_time": _("On a single day the end time must be after the start time.")})

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def is_part_day(self) -> bool:
        return self.start_time is not None or self.end_time is not None

    @property
    def starts_at(self) -> dt.datetime:
        """The instant it begins (UTC): local midnight of the first day, or the part-day start time."""
        return local_instant(self.start_date, self.start_time) if self.start_time else local_midnight(self.start_date)

    @property
    def ends_at(self) -> dt.datetime:
        """The instant it ends (UTC): local midnight after the last day, or the part-day end time."""
        if self.end_time:
            return local_instant(self.end_date, self.end_time)
        return local_midnight(self.end_date + dt.timedelta(days=1))

    @property
    def is_live(self) -> bool:
        return self.status in (AbstractionStatus.REQUESTED, AbstractionStatus.APPROVED)

    def period_text(self) -> str:
        first = f"{self.start_date:%a %d %b %Y}" + (f" {self.start_time:%H:%M}" if self.start_time else "")
        last = f"{self.end_date:%a %d %b %Y}" + (f" {self.end_time:%H:%M}" if self.end_time else "")
        return first if first == last else f"{first} – {last}"

    @property
    def hours_value(self) -> Decimal:
        return self.hours if self.hours is not None else Decimal(0)


class ReturnToWork(models.Model):
    """The end of a sickness episode: the day back and the return-to-work interview (health data)."""

    abstraction = models.OneToOneField(Abstraction, on_delete=models.CASCADE, related_name="return_to_work")
    returned_on = models.DateField(_("back at work on"))
    interview_on = models.DateField(_("return-to-work interview on"), null=True, blank=True)
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"back on {self.returned_on}"
