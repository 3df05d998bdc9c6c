"""Events and operations: their phases and requirements, who is deployed and how, mutual aid, attendance and cost."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import Rank, Unit
from people.models import Person, Skill
from rostering.models import Duty

from .choices import AssignmentStatus, EventKind, EventStatus, Method, PhaseKind

# A phase is worked as (part of) one duty: a multi-day operation has a phase per day.
MAX_PHASE_HOURS = 16


class Event(models.Model):
    """A pre-planned event, mutual-aid request or major incident, owned by a unit whose planners plan it.

    People are drawn from the owning unit's sub-tree. `proposal` keeps the last optimiser run's summary (status,
    seconds, shortfalls explained) for the page; `version` guards against two planners overwriting each other."""

    name = models.CharField(_("name"), max_length=120)
    reference = models.SlugField(_("reference"), max_length=40, unique=True,
                                 help_text=_("Operation name or number, e.g. op-dawn-2026-04."))
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.PLANNED)
    location = models.CharField(_("location"), max_length=160, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="events", verbose_name=_("owning unit"))
    commander = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("commander"))
    status = models.CharField(_("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNING)
    chargeable = models.BooleanField(_("chargeable"), default=False)
    charge_to = models.CharField(_("charge to"), max_length=160, blank=True,
                                 help_text=_("Who pays: a football club, the requesting force..."))
    notes = models.TextField(_("notes"), blank=True)
    proposal = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(chargeable=False) | ~Q(charge_to=""), name="event_chargeable_has_payer"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"

    def clean(self) -> None:
        if self.chargeable and not self.charge_to.strip():
            raise ValidationError({"charge_to": _("Say who is charged for a chargeable event.")})

    @property
    def is_closed(self) -> bool:
        return self.status == EventStatus.CLOSED

    def first_start(self) -> dt.datetime | None:
        return min((p.start for p in self.phases.all()), default=None)


class Phase(models.Model):
    """Briefing, deployment, debrief...: a tz-aware period of the event with its own requirements."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=PhaseKind.choices, default=PhaseKind.DEPLOYMENT)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    class Meta:
        ordering = ["start", "end", "id"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="event_phase_ordered")]

    def __str__(self) -> str:
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"{self.name} {start:%a %d %b %H:%M}–{end:%H:%M}"

    def clean(self) -> None:
        if self.start and self.end:
            if self.end <= self.start:
                raise ValidationError({"end": _("The phase must end after it starts.")})
            if (self.end - self.start).total_seconds() > MAX_PHASE_HOURS * 3600:
                raise ValidationError({"end": _("A phase is worked as one duty: at most %(h)s hours. Give a "
                                                 "multi-day operation one phase a day.") % {"h": MAX_PHASE_HOURS}})

    @property
    def date(self) -> dt.date:
        return timezone.localtime(self.start).date()

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


class PhaseRequirement(models.Model):
    """`count` people of a rank (empty: any) holding a skill (empty: none in particular) for a phase."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="requirements")
    rank = models.ForeignKey(Rank, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["phase", "-rank__seniority", "skill__name"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="event_requirement_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.label}"

    @property
    def label(self) -> str:
        from rostering.models.requirements import who_label

        return who_label(self.rank, self.skill)


class Assignment(models.Model):
    """One person deployed to a run of phases on one day, how (method), at what estimated and actual cost.

    `start`/`end` are the event duty (the span of the phases); `cost_estimate` is what it costs beyond basic pay
    (overtime, rest-day working, enhancements; time off owed in `cost_note`), `basic_cost` the hours at the basic
    hourly rate (what a chargeable event is billed for on top). `pinned`: the planner added it, so a new proposal
    keeps it. On confirmation `duty` links the roster duty written with source=event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="event_assignments")
    phases = models.ManyToManyField(Phase, related_name="assignments")
    date = models.DateField(_("date"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    break_minutes = models.PositiveSmallIntegerField(default=0)
    method = models.CharField(_("how"), max_length=20, choices=Method.choices)
    status = models.CharField(_("status"), max_length=20, choices=AssignmentStatus.choices,
                              default=AssignmentStatus.PROPOSED)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             help_text=_("The unit the person is taken from that day."))
    notice_days = models.IntegerField(_("clear days' notice"), default=0)
    cancels_rest_day = models.BooleanField(_("rest day cancelled"), default=False)
    cost_estimate = models.DecimalField(_("estimated cost beyond basic pay (£)"), max_digits=9, decimal_places=2,
                                        null=True, blank=True)
    basic_cost = models.DecimalField(_("basic pay for the hours (£)"), max_digits=9, decimal_places=2, null=True,
                                     blank=True)
    cost_note = models.CharField(max_length=300, blank=True)
    warnings = models.CharField(max_length=300, blank=True)
    pinned = models.BooleanField(default=False)
    duty = models.ForeignKey(Duty, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actual_minutes = models.PositiveIntegerField(_("minutes worked"), null=True, blank=True)
    actual_cost = models.DecimalField(_("actual cost beyond basic pay (£)"), max_digits=9, decimal_places=2,
                                      null=True, blank=True)
    actual_basic = models.DecimalField(_("actual basic pay (£)"), max_digits=9, decimal_places=2, null=True,
                                       blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["date", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person", "date"], name="event_assignment_one_per_day"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="event_assignment_ordered"),
        ]
        indexes = [models.Index(fields=["person", "date"], name="event_assignment_person_day")]

    def __str__(self) -> str:
        return f"{self.person.full_name} {self.date} ({self.get_method_display()})"

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def total_estimate(self) -> Decimal:
        return (self.cost_estimate or Decimal("0")) + (self.basic_cost or Decimal("0"))


class MutualAidRequest(models.Model):
    """A request to or from another organisation: how many officers with which skills, when and what was agreed."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="mutual_aid")
    organisation = models.CharField(_("other organisation"), max_length=160)
    officers = models.PositiveSmallIntegerField(_("officers asked for"))
    skills = models.ManyToManyField(Skill, blank=True, related_name="+", verbose_name=_("skills asked for"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    contact = models.CharField(_("contact"), max_length=160, blank=True)
    details = models.TextField(_("details"), blank=True)

    def __str__(self) -> str:
        return f"{self.organisation}: {self.officers} officers"
