from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import Unit
from people.models import Skill

from .choices import DesignStatus, IntervalMinutes

SHARE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class Queue(models.Model):
    """A stream of calls answered by one group of agents (health advisors, clinical advisors, dental...) at a
    contact centre unit, with the service it must give (RULES.md § 7)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="queues",
                             help_text=_("The contact centre (or site) whose planners plan this queue."))
    name = models.CharField(_("name"), max_length=80)
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.SET_NULL, related_name="queues",
                              help_text=_("The skill an agent needs to answer this queue."))
    interval_minutes = models.PositiveSmallIntegerField(_("interval"), choices=IntervalMinutes.choices,
                                                        default=IntervalMinutes.THIRTY)
    service_level = models.DecimalField(_("service level target"), max_digits=4, decimal_places=3,
                                        default=Decimal("0.800"), validators=SHARE,
                                        help_text=_("Share of calls answered within the threshold (0.95 = 95 %)."))
    answer_within_seconds = models.PositiveIntegerField(_("answered within (seconds)"), default=20)
    asa_seconds = models.PositiveIntegerField(_("ASA target (seconds)"), null=True, blank=True,
                                              help_text=_("Optional ceiling on the average speed of answer."))
    aht_seconds = models.PositiveIntegerField(_("average handle time (seconds)"), default=300,
                                              validators=[MinValueValidator(1)],
                                              help_text=_("Used where the history gives no handle time."))
    max_occupancy = models.DecimalField(_("maximum occupancy"), max_digits=4, decimal_places=3,
                                        default=Decimal("0.850"), validators=SHARE)
    shrinkage_planned = models.DecimalField(_("planned shrinkage"), max_digits=4, decimal_places=3,
                                            default=Decimal("0.150"), validators=SHARE,
                                            help_text=_("Leave, training, meetings: share of paid time."))
    shrinkage_unplanned = models.DecimalField(_("unplanned shrinkage"), max_digits=4, decimal_places=3,
                                              default=Decimal("0.100"), validators=SHARE,
                                              help_text=_("Sickness and other short-notice absence."))
    patience_seconds = models.PositiveIntegerField(_("mean caller patience (seconds)"), null=True, blank=True,
                                                   help_text=_("Given: Erlang A (callers abandon). Empty: Erlang C."))
    max_abandon_rate = models.DecimalField(_("maximum abandonment"), max_digits=4, decimal_places=3, null=True,
                                           blank=True, validators=SHARE,
                                           help_text=_("With a patience: a ceiling on the abandonment rate."))
    active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="queue_name_unique_in_unit"),
            models.CheckConstraint(condition=Q(service_level__gt=0) & Q(service_level__lte=1),
                                   name="queue_service_level_share"),
            models.CheckConstraint(condition=Q(max_occupancy__gt=0) & Q(max_occupancy__lte=1),
                                   name="queue_occupancy_share"),
            models.CheckConstraint(condition=Q(shrinkage_planned__gte=0) & Q(shrinkage_unplanned__gte=0)
                                   & Q(shrinkage_planned__lt=1 - F("shrinkage_unplanned")),
                                   name="queue_shrinkage_below_one"),
            models.CheckConstraint(condition=Q(interval_minutes__in=[15, 30, 60]), name="queue_interval_choice"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.name}"

    @property
    def shrinkage(self) -> Decimal:
        """CC-2 total shrinkage: planned and unplanned together, as shares of paid time."""
        return self.shrinkage_planned + self.shrinkage_unplanned

    def clean(self) -> None:
        if self.shrinkage_planned is not None and self.shrinkage_unplanned is not None and self.shrinkage >= 1:
            raise ValidationError({"shrinkage_unplanned": _("Planned and unplanned shrinkage must add up to less "
                                                            "than 1 (100 %).")})


class DemandInterval(models.Model):
    """Calls in one interval of a queue's history. `start` is the instant (UTC); `minutes` its length."""

    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="intervals")
    start = models.DateTimeField(_("interval start"))
    minutes = models.PositiveSmallIntegerField()
    calls_offered = models.PositiveIntegerField(_("calls offered"))
    calls_answered = models.PositiveIntegerField(_("calls answered"), null=True, blank=True)
    calls_abandoned = models.PositiveIntegerField(_("calls abandoned"), null=True, blank=True)
    aht_seconds = models.DecimalField(_("average handle time (seconds)"), max_digits=7, decimal_places=1,
                                      null=True, blank=True)

    class Meta:
        ordering = ["queue", "start"]
        constraints = [
            models.UniqueConstraint(fields=["queue", "start"], name="demand_interval_unique_start"),
            models.CheckConstraint(condition=Q(calls_answered__isnull=True) | Q(calls_answered__lte=F("calls_offered")),
                                   name="demand_answered_within_offered"),
            models.CheckConstraint(
                condition=Q(calls_abandoned__isnull=True) | Q(calls_abandoned__lte=F("calls_offered")),
                name="demand_abandoned_within_offered"),
        ]

    def __str__(self) -> str:
        return f"{self.queue} {self.start:%Y-%m-%d %H:%M} {self.calls_offered}"


class Forecast(models.Model):
    """Calls per interval for `horizon_days` days from `first_day`, made from the queue's history at `made_at`.

    `parameters` keeps what the method learnt (day factors, level, trend) and `accuracy` the backtest of the
    weeks before it (forecast vs actual, MAPE and bias), so the page shows them without recomputing."""

    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="forecasts")
    made_at = models.DateTimeField(default=timezone.now)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    interval_minutes = models.PositiveSmallIntegerField(choices=IntervalMinutes.choices)
    first_day = models.DateField(_("first day"))
    horizon_days = models.PositiveSmallIntegerField(_("days"), validators=[MinValueValidator(1),
                                                                           MaxValueValidator(84)])
    method = models.CharField(max_length=40)
    parameters = models.JSONField(default=dict)
    accuracy = models.JSONField(default=dict)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["queue", "-made_at"]
        get_latest_by = "made_at"

    def __str__(self) -> str:
        return f"{self.queue.name} forecast from {self.first_day} ({self.horizon_days} days)"

    @property
    def last_day(self):
        import datetime as dt

        return self.first_day + dt.timedelta(days=self.horizon_days - 1)


class ForecastInterval(models.Model):
    """The method's forecast calls for one interval, before the planner's adjustments."""

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="intervals")
    start = models.DateTimeField()
    calls = models.FloatField()

    class Meta:
        ordering = ["forecast", "start"]
        constraints = [models.UniqueConstraint(fields=["forecast", "start"], name="forecast_interval_unique_start")]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} {self.calls:.1f}"


class ForecastAdjustment(models.Model):
    """A planner's change to one day of a forecast, as a percentage (+10 for a known event, −5...), with who
    and why. One per day: a new adjustment of the same day replaces it (the audit log keeps the old)."""

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="adjustments")
    day = models.DateField(_("day"))
    percent = models.DecimalField(_("change (%)"), max_digits=6, decimal_places=2,
                                  validators=[MinValueValidator(Decimal("-100")), MaxValueValidator(Decimal("500"))])
    reason = models.CharField(_("reason"), max_length=200)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["forecast", "day"]
        constraints = [
            models.UniqueConstraint(fields=["forecast", "day"], name="forecast_adjustment_one_per_day"),
            models.CheckConstraint(condition=Q(percent__gte=-100) & Q(percent__lte=500),
                                   name="forecast_adjustment_percent_range"),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.percent:+}% ({self.reason})"

    @property
    def factor(self) -> float:
        return 1.0 + float(self.percent) / 100.0


class ShiftDesign(models.Model):
    """A shift design run for a forecast's requirement: the options asked for and what CP-SAT chose."""

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="shift_designs")
    made_at = models.DateTimeField(default=timezone.now)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    first_day = models.DateField()
    days = models.PositiveSmallIntegerField()
    parameters = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=DesignStatus.choices)
    paid_hours = models.DecimalField(max_digits=10, decimal_places=1, default=Decimal("0"))
    shortfall_agent_hours = models.DecimalField(max_digits=10, decimal_places=1, default=Decimal("0"))
    seconds = models.FloatField(default=0)
    result = models.JSONField(default=dict)

    class Meta:
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"Shift design for {self.forecast} ({self.get_status_display()})"
