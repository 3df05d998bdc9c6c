from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.models import Person

from .choices import AbstractionCategory, AbstractionStatus


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

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Abstraction(models.Model):
    """A reason a person is not available for planned duty, over whole days (part days: issue 6)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="abstractions")
    type = models.ForeignKey(AbstractionType, on_delete=models.PROTECT, related_name="abstractions")
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    status = models.CharField(max_length=20, choices=AbstractionStatus.choices, default=AbstractionStatus.APPROVED)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["person", "start_date"]
        indexes = [models.Index(fields=["person", "start_date", "end_date"], name="abstraction_person_period")]
        constraints = [models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")),
                                              name="abstraction_period_ordered")]

    def __str__(self) -> str:
        return f"{self.type} {self.person} {self.start_date}–{self.end_date}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day must be on or after the first day.")})

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1
