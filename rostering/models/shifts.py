from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.models import Unit

REST_DAY = ""  # a pattern day with no shift type is a rest day
MAX_PATTERN_WEEKS = 12

code_validator = RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,7}$",
                                _("1–8 letters, digits, '-' or '_', starting with a letter or digit."))
colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #1d4f91."))


class ShiftType(models.Model):
    """A named duty template: Early 07:00–17:00, Night 22:00–07:00 (ending the next day).

    `unit` empty: organisation-wide (administrators maintain it); otherwise the unit whose planners own it."""

    code = models.CharField(_("code"), max_length=8, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=80)
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"), help_text=_("At or before the start means the next day."))
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=0,
                                                     validators=[MaxValueValidator(240)])
    break_paid = models.BooleanField(_("paid break"), default=False,
                                     help_text=_("Police refreshment breaks are paid duty time (POL-1)."))
    colour = models.CharField(_("colour"), max_length=7, default="#dfe7f5", validators=[colour_validator])
    counts_as_night = models.BooleanField(_("counts as a night"), default=False)
    role = models.CharField(_("role"), max_length=40, blank=True,
                            help_text=_("Who works it, e.g. constable, sergeant, call-handler; empty for anyone."))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="shift_types")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["start_time", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    @property
    def length_minutes(self) -> int:
        """Wall-clock length; over a clock change the real duty is an hour shorter or longer (see projection)."""
        start = self.start_time.hour * 60 + self.start_time.minute
        end = self.end_time.hour * 60 + self.end_time.minute
        return (end - start) % 1440 or 1440

    @property
    def paid_minutes(self) -> int:
        return self.length_minutes - (0 if self.break_paid else self.break_minutes)

    @property
    def crosses_midnight(self) -> bool:
        return self.end_time <= self.start_time

    def clean(self) -> None:
        if self.break_minutes >= self.length_minutes:
            raise ValidationError({"break_minutes": _("The break must be shorter than the shift.")})

    def times_label(self) -> str:
        return f"{self.start_time:%H:%M}–{self.end_time:%H:%M}"


class ShiftPattern(models.Model):
    """An N-week cycle (N ≤ 12) of shift types and rest days that teams follow from an anchor date.

    `days` holds one shift-type code per day of the cycle, Monday of week 1 first; "" is a rest day.
    `teams` is how many teams rotate through it: team k starts k × (cycle ÷ teams) days further on."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    weeks = models.PositiveSmallIntegerField(_("weeks in the cycle"),
                                             validators=[MinValueValidator(1), MaxValueValidator(MAX_PATTERN_WEEKS)])
    days = models.JSONField(_("days"), default=list)
    teams = models.PositiveSmallIntegerField(_("teams following it"), default=1,
                                             validators=[MinValueValidator(1), MaxValueValidator(84)])
    rule_pack = models.CharField(_("rule pack"), max_length=40, blank=True,
                                 help_text=_("The rule pack it is judged by in the editor; empty: police-officer."))
    library_code = models.CharField(max_length=60, blank=True, help_text=_("The library pattern it came from."))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="shift_patterns")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(weeks__gte=1) & Q(weeks__lte=MAX_PATTERN_WEEKS),
                                   name="shift_pattern_weeks_1_to_12"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def cycle_days(self) -> int:
        return self.weeks * 7

    def team_offset_days(self, team_index: int) -> int:
        """Where team k (0-based) starts in the cycle when all teams rotate through it evenly."""
        return (team_index * self.cycle_days // max(self.teams, 1)) % self.cycle_days

    def clean(self) -> None:
        if not isinstance(self.days, list) or len(self.days) != self.weeks * 7:
            raise ValidationError({"days": _("A %(weeks)s-week pattern needs %(n)s days.")
                                   % {"weeks": self.weeks, "n": self.weeks * 7}})

    def week_rows(self) -> list[list[str]]:
        return [self.days[w * 7:(w + 1) * 7] for w in range(self.weeks)]
