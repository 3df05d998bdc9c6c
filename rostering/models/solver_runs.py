"""A run of the roster optimiser: what was asked (unit, mode, dates, limits), how it went (status, progress of
objective and bound over time), what it proposes (result JSON) and whether the planner accepted it.

The task (rostering/tasks.py) keeps no state in memory: everything it learns goes on this row, which the page
polls. `base` holds the version of every duty cell the run read, so accepting a result made on a roster that has
changed since is refused, naming the cells."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import Unit


class SolverMode(models.TextChoices):
    BUILD = "build", _("Build: a roster from the pattern or from scratch")
    FILL = "fill", _("Fill: keep the roster, cover the shortfalls")
    REPAIR = "repair", _("Repair: fewest, best-noticed changes to a published roster")


class SolverStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (SolverStatus.QUEUED, SolverStatus.RUNNING)


class SolverRun(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="solver_runs")
    mode = models.CharField(_("mode"), max_length=10, choices=SolverMode.choices)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    time_limit = models.PositiveIntegerField(_("time limit (seconds)"), default=30)
    workers = models.PositiveSmallIntegerField(_("workers"), default=2)
    status = models.CharField(max_length=12, choices=SolverStatus.choices, default=SolverStatus.QUEUED)
    solver_status = models.CharField(_("solver status"), max_length=20, blank=True,
                                     help_text=_("optimal, feasible, infeasible or unknown"))
    progress = models.JSONField(default=list, blank=True, help_text=_("[seconds, objective, bound] points"))
    objective = models.BigIntegerField(null=True, blank=True)
    best_bound = models.BigIntegerField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    base = models.JSONField(default=dict, blank=True, help_text=_("Version of every duty cell read: 'pk:date' → v"))
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    cancel_requested = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    build_seconds = models.FloatField(null=True, blank=True)
    solve_seconds = models.FloatField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    accepted_changes = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "created_at"], name="solver_run_unit_created_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="solver_run_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display().split(':')[0]} {self.unit} {self.start_date}–{self.end_date} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def changes(self) -> list[dict]:
        return (self.result or {}).get("changes", [])

    @property
    def unfilled(self) -> list[dict]:
        return (self.result or {}).get("unfilled", [])

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1
