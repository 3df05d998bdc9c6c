from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import Unit
from people.models import Person

from ..choices import DutySource, DutyStatus, RosterStatus
from .shifts import ShiftType


class RosterPeriod(models.Model):
    """The roster of a unit (and its sub-tree) over a period, draft until published.

    `lead_time_days` is what the rule pack demands (POL-3, ROS-1); `notice_days` what was given;
    `late` is set when the roster was published with less notice than demanded."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="roster_periods")
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    status = models.CharField(max_length=20, choices=RosterStatus.choices, default=RosterStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    lead_time_days = models.PositiveSmallIntegerField(_("lead time required (days)"), null=True, blank=True)
    lead_time_rule = models.CharField(max_length=80, blank=True)
    notice_days = models.IntegerField(_("notice given (days)"), null=True, blank=True)
    late = models.BooleanField(_("published late"), default=False)
    late_reason = models.TextField(_("reason for late publication"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["unit", "-start_date"]
        indexes = [models.Index(fields=["unit", "start_date", "end_date"], name="roster_period_unit_dates")]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")),
                                   name="roster_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.start_date}–{self.end_date} ({self.get_status_display()})"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day must be on or after the first day.")})

    @property
    def is_published(self) -> bool:
        return self.status == RosterStatus.PUBLISHED

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class Duty(models.Model):
    """One person's duty (or rostered rest day) on the local date it starts.

    Start and end are instants (UTC in the database) built from Europe/London wall times, so a night over
    the clock change is an hour shorter or longer than its wall-clock times say. A rest day has neither.
    `published` duties are part of a published roster: every later change is a DutyChange. `version`
    is bumped by every change so two planners cannot silently overwrite each other."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="duties")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="duties")
    date = models.DateField(_("date"))
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    shift_type = models.ForeignKey(ShiftType, null=True, blank=True, on_delete=models.PROTECT, related_name="duties")
    role = models.CharField(_("role"), max_length=40, blank=True)
    source = models.CharField(max_length=20, choices=DutySource.choices, default=DutySource.MANUAL)
    status = models.CharField(max_length=20, choices=DutyStatus.choices, default=DutyStatus.PLANNED)
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=0)
    is_rest_day = models.BooleanField(_("rest day"), default=False)
    published = models.BooleanField(default=False)
    # What the published roster said for this day: POL-5 (rest day worked) and POL-6 (reinstated) need it.
    published_rest_day = models.BooleanField(default=False)
    notified_at = models.DateTimeField(null=True, blank=True, help_text=_("When the person was told of it."))
    note = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "start"]
        verbose_name_plural = "duties"
        indexes = [
            models.Index(fields=["unit", "date"], name="duty_unit_date_idx"),
            models.Index(fields=["person", "date"], name="duty_person_date_idx"),
        ]
        constraints = [
            # One live entry per person and day keeps the grid and optimistic locking simple.
            models.UniqueConstraint(fields=["person", "date"], condition=~Q(status="cancelled"),
                                    name="duty_one_live_per_person_day"),
            models.CheckConstraint(
                condition=(Q(is_rest_day=True) & Q(start__isnull=True) & Q(end__isnull=True))
                | (Q(is_rest_day=False) & Q(start__isnull=False) & Q(end__isnull=False) & Q(end__gt=models.F("start"))),
                name="duty_rest_day_or_ordered_times"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.date} {self.code}"

    def clean(self) -> None:
        if not self.is_rest_day and self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The duty must end after it starts.")})

    @property
    def code(self) -> str:
        if self.is_rest_day:
            return "RD"
        return self.shift_type.code if self.shift_type_id else "ADH"

    @property
    def minutes(self) -> int:
        if self.is_rest_day or self.start is None or self.end is None:
            return 0
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def is_live(self) -> bool:
        return self.status != DutyStatus.CANCELLED


class DutyChange(models.Model):
    """A change to a published duty: who, when, old, new, why, the notice given and what it earns.

    `notice_minutes` runs from the change to the start of the affected duty; `clear_days` counts neither
    the day of the change nor the day of duty (RULES.md C-3). `compensation_class` names the rule
    (POL-5, POL-6, POL-7, PSC-1...) and what it gives; the amount is for pay costing."""

    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="changes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="duty_changes")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("duty date"))
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    reason = models.TextField(_("reason"))
    notice_minutes = models.IntegerField(_("notice (minutes)"))
    clear_days = models.IntegerField(_("clear days"))
    rule = models.CharField(max_length=20, blank=True)
    compensation_class = models.CharField(_("compensation"), max_length=160)
    rdil_owed = models.BooleanField(_("rest day in lieu owed"), default=False)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["person", "date"], name="duty_change_person_date_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.date}: {self.compensation_class}"

    @property
    def notice_hours(self) -> float:
        return round(self.notice_minutes / 60, 1)
