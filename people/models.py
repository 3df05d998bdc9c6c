import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.models import Rank, StaffGroup, Unit

from .choices import MovementKind


class Person(models.Model):
    """Anyone rostered. `home_unit` and `rank` are today's; `Movement` rows keep the history."""

    payroll_number = models.CharField(_("payroll / collar number"), max_length=20, unique=True)
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    staff_group = models.ForeignKey(StaffGroup, on_delete=models.PROTECT, related_name="people")
    rank = models.ForeignKey(Rank, on_delete=models.PROTECT, related_name="people",
                             verbose_name=_("rank / grade / band"))
    home_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="people")
    start_date = models.DateField(_("start date"))
    leave_date = models.DateField(_("leave date"), null=True, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="person")
    # Bumped by every action that changes the row: two planners editing at once cannot silently overwrite.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(condition=Q(leave_date__isnull=True) | Q(leave_date__gte=models.F("start_date")),
                                   name="person_leaves_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.payroll_number})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean(self) -> None:
        if self.leave_date and self.start_date and self.leave_date < self.start_date:
            raise ValidationError({"leave_date": _("Must be on or after the start date.")})
        if self.rank_id and self.staff_group_id and self.rank.staff_group_id != self.staff_group_id:
            raise ValidationError({"rank": _("%(rank)s is not a rank of %(group)s.")
                                   % {"rank": self.rank, "group": self.staff_group}})

    def is_employed_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.leave_date is None or day <= self.leave_date)


class Contract(models.Model):
    """Terms from a date: weekly or annualised hours, FTE, WTR opt-out, night worker, pay point."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contracts")
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=5, decimal_places=2, null=True, blank=True,
                                         validators=[MinValueValidator(Decimal("0")),
                                                     MaxValueValidator(Decimal("168"))])
    annual_hours = models.DecimalField(_("annualised hours per year"), max_digits=7, decimal_places=2, null=True,
                                       blank=True, validators=[MinValueValidator(Decimal("0"))])
    fte = models.DecimalField(_("FTE"), max_digits=4, decimal_places=3,
                              validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1.5"))])
    wtr_opt_out = models.BooleanField(_("WTR 48-hour opt-out"), default=False)
    night_worker = models.BooleanField(_("night worker"), default=False)
    pay_point = models.CharField(_("pay point / band"), max_length=30, blank=True)

    class Meta:
        ordering = ["person", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["person", "effective_from"], name="contract_unique_person_from"),
            models.CheckConstraint(condition=Q(hours_per_week__isnull=False) | Q(annual_hours__isnull=False),
                                   name="contract_has_hours"),
            models.CheckConstraint(condition=Q(effective_to__isnull=True)
                                   | Q(effective_to__gte=models.F("effective_from")), name="contract_period_ordered"),
        ]

    def __str__(self) -> str:
        hours = f"{self.hours_per_week} h/week" if self.hours_per_week is not None else f"{self.annual_hours} h/year"
        return f"{hours} from {self.effective_from}"

    def clean(self) -> None:
        if self.hours_per_week is None and self.annual_hours is None:
            raise ValidationError({"hours_per_week": _("Give hours per week or annualised hours per year.")})

    @property
    def weekly_hours(self) -> Decimal:
        if self.hours_per_week is not None:
            return self.hours_per_week
        return (self.annual_hours / Decimal("52.143")).quantize(Decimal("0.01"))


class Skill(models.Model):
    """A qualification: taser, response driver, PST, public order level 2, paramedic..."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    validity_months = models.PositiveSmallIntegerField(_("valid for (months)"), null=True, blank=True,
                                                       help_text=_("Empty when the skill never expires."))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PersonSkill(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="holders")
    acquired = models.DateField(_("acquired"))
    expires = models.DateField(_("expires"), null=True, blank=True)

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="person_skill_unique"),
            models.CheckConstraint(condition=Q(expires__isnull=True) | Q(expires__gte=models.F("acquired")),
                                   name="person_skill_expires_after_acquired"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.skill}"

    def is_expired(self, on: dt.date) -> bool:
        return self.expires is not None and self.expires < on


class Movement(models.Model):
    """A staff movement from an effective date. The history answers 'which unit was she in on 3 May?'."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(max_length=20, choices=MovementKind.choices)
    effective_date = models.DateField(_("effective date"))
    from_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_rank = models.ForeignKey(Rank, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_rank = models.ForeignKey(Rank, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    applied = models.BooleanField(default=False, help_text=_("Whether the person's current unit/rank reflect it."))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["person", "effective_date", "id"]
        indexes = [models.Index(fields=["person", "effective_date"], name="movement_person_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.person} on {self.effective_date}"
