from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.models import Unit
from people.models import Person

from .shifts import ShiftPattern


class TeamMembership(models.Model):
    """A person on a team (a unit of kind team / relief) from a date, until a date (inclusive) or for good.

    A person with no membership rows at all counts as a member of their home unit when it is a team."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="team_memberships")
    team = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    start_date = models.DateField(_("joins on"))
    end_date = models.DateField(_("leaves after"), null=True, blank=True)

    class Meta:
        ordering = ["team", "start_date"]
        indexes = [models.Index(fields=["team", "start_date"], name="membership_team_start_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="membership_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.team} from {self.start_date}"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Must be on or after the joining date.")})


class TeamPattern(models.Model):
    """A team follows a shift pattern: day 0 of the cycle falls on `anchor_date` shifted by `offset_days`.

    On date d the team works pattern day ((d − anchor_date).days + offset_days) mod cycle length,
    for d from `start_date` to `end_date` (inclusive, open when empty)."""

    team = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="team_patterns")
    pattern = models.ForeignKey(ShiftPattern, on_delete=models.PROTECT, related_name="team_patterns")
    anchor_date = models.DateField(_("anchor date"))
    offset_days = models.IntegerField(_("offset (days)"), default=0)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["team", "start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="team_pattern_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.team} follows {self.pattern} from {self.start_date}"

    def covers(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)
