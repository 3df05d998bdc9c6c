"""What the cover app keeps: reports made on the day (sick, absent, late, AWOL), who is bank or relief staff, and
each cover option applied (what changed, what it cost, whether the budget was overridden)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import Unit
from people.models import Person

from .choices import DayReportKind, OptionKind, ReliefKind


class DayReport(models.Model):
    """A person did not turn up, or not on time, for a duty: recorded on the day so the board shows the gap.

    Sickness is also an absence.Abstraction (health data; `abstraction` points at it). Absent and AWOL take the
    person off the whole duty; late takes them off its first `minutes_late` minutes."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="day_reports")
    duty = models.ForeignKey("rostering.Duty", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("duty date"))
    kind = models.CharField(_("what happened"), max_length=10, choices=DayReportKind.choices)
    start = models.DateTimeField(_("off from"))
    end = models.DateTimeField(_("off until"))
    minutes_late = models.PositiveSmallIntegerField(_("minutes late"), null=True, blank=True,
                                                    validators=[MaxValueValidator(24 * 60)])
    note = models.CharField(_("note"), max_length=300, blank=True)
    abstraction = models.ForeignKey("absence.Abstraction", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["unit", "date"], name="cover_report_unit_date_idx"),
                   models.Index(fields=["person", "date"], name="cover_report_person_date_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="cover_report_ordered"),
            models.CheckConstraint(condition=~Q(kind="late") | Q(minutes_late__gt=0), name="cover_report_late_minutes"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.date}: {self.get_kind_display()}"


class ReliefStaff(models.Model):
    """A person offered for cover beyond their own team: relief officers and bank staff."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="relief")
    kind = models.CharField(max_length=10, choices=ReliefKind.choices, default=ReliefKind.RELIEF)
    active = models.BooleanField(default=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "relief staff"

    def __str__(self) -> str:
        return f"{self.person} ({self.get_kind_display()})"


class CoverApplication(models.Model):
    """A cover option that was applied: the gap it filled, the duty changes it made and what it cost."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+",
                             help_text=_("The unit whose requirement was short."))
    kind = models.CharField(max_length=12, choices=OptionKind.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cover_applications")
    date = models.DateField(_("duty date"))
    start = models.DateTimeField()
    end = models.DateTimeField()
    cost = models.DecimalField(max_digits=10, decimal_places=2)
    changes = models.JSONField(default=list)
    overtime_id = models.IntegerField(null=True, blank=True, help_text=_("The pay overtime record, if any."))
    override_budget = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    reason = models.TextField()
    applied_at = models.DateTimeField(default=timezone.now)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-applied_at", "-id"]
        indexes = [models.Index(fields=["person", "applied_at"], name="cover_applied_person_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person} {self.date}"
