from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.choices import BankHolidayRegion, Role

from .choices import StaffGroupKind, UnitKind


class Unit(models.Model):
    """A node of the organisation tree: force → LPA → station → team.

    `path` is a materialised path of ids ("/1/4/12/") so a sub-tree is one indexed prefix query."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=UnitKind.choices)
    bank_holiday_region = models.CharField(_("bank holiday region"), max_length=20,
                                           choices=BankHolidayRegion.choices,
                                           default=BankHolidayRegion.ENGLAND_AND_WALES)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.pk and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("A unit cannot be moved under itself or its own sub-tree.")})

    def set_path(self) -> None:
        prefix = self.parent.path if self.parent_id else "/"
        self.path = f"{prefix}{self.pk}/"
        self.depth = prefix.count("/") - 1

    def subtree(self) -> models.QuerySet["Unit"]:
        return Unit.objects.filter(path__startswith=self.path)

    def ancestors(self) -> list["Unit"]:
        ids = [int(i) for i in self.path.strip("/").split("/") if i]
        by_id = Unit.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]


class StaffGroup(models.Model):
    """Police officer, police staff, call handler...: decides the person's rule pack."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=20, choices=StaffGroupKind.choices)
    rule_pack = models.CharField(_("rule pack"), max_length=40,
                                 help_text=_("police-officer, police-staff, nhs-afc or nhs-ambulance"))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Rank(models.Model):
    """A rank (police officers), grade (police staff) or band (NHS): the role establishment is counted in."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    staff_group = models.ForeignKey(StaffGroup, on_delete=models.PROTECT, related_name="ranks")
    seniority = models.PositiveSmallIntegerField(default=0, help_text=_("Higher is more senior."))

    class Meta:
        ordering = ["staff_group__name", "seniority"]

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    """Establishment: funded posts for a role in a unit, from a date."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="posts")
    rank = models.ForeignKey(Rank, on_delete=models.PROTECT, related_name="posts")
    funded_fte = models.DecimalField(_("funded FTE"), max_digits=7, decimal_places=2,
                                     validators=[MinValueValidator(Decimal("0"))])
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)

    class Meta:
        ordering = ["unit__path", "-rank__seniority"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "rank", "effective_from"], name="post_unique_unit_rank_from"),
            models.CheckConstraint(condition=Q(funded_fte__gte=0), name="post_funded_fte_not_negative"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="post_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.funded_fte} × {self.rank}"

    def clean(self) -> None:
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("Must be on or after the effective-from date.")})


class RoleAssignment(models.Model):
    """What a user may do where: a planner edits, a manager reads and approves, in a unit and its sub-tree.

    Administrators have one row with no unit. Staff members need no row: they see their own record."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=20, choices=Role.choices)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="role_assignments")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique"),
            models.CheckConstraint(condition=Q(role="administrator") | Q(unit__isnull=False),
                                   name="role_assignment_unit_needed"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.unit or ''}".strip()
