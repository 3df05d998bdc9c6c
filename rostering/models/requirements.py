"""Staffing requirements: how many people of which rank and skill a unit needs, per time band.

A weekly `Requirement` says "on these days of the week, from start_time to end_time, at least `minimum` and
ideally `target` people of this rank (empty: any rank) holding this skill (empty: any skill)". A
`RequirementOverride` replaces the weekly numbers of the same (rank, skill) within its own band on one date,
or on every bank holiday of the unit's region. rostering/staffing.py turns both into per-interval numbers
and counts the people planned against them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.models import Rank, Unit
from people.models import Skill

ALL_WEEKDAYS = "0123456"
# Ascending digits, each at most once: "0123456" every day, "45" Friday and Saturday (Monday = 0).
weekdays_validator = RegexValidator(r"^0?1?2?3?4?5?6?$", _("Days of the week as digits, Monday = 0 … Sunday = 6."))
WEEKDAY_NAMES = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))


def band_label(start: dt.time, end: dt.time) -> str:
    """"22:00–03:00", "14:00–24:00", "07:00–07:00 (24 h)"."""
    end_text = "24:00" if end == dt.time(0) and start != dt.time(0) else f"{end:%H:%M}"
    return f"{start:%H:%M}–{end_text}" + (" (24 h)" if start == end else "")


def numbers_label(minimum: int, target: int) -> str:
    return f"{minimum}" if target == minimum else str(_("%(minimum)s (target %(target)s)")
                                                      % {"minimum": minimum, "target": target})


def weekdays_label(weekdays: str) -> str:
    """"0123456" → "every day", "01234" → "Mon–Fri", "45" → "Fri–Sat", "06" → "Mon, Sun"."""
    if weekdays == ALL_WEEKDAYS:
        return str(_("every day"))
    days = [int(c) for c in weekdays]
    if not days:
        return str(_("no day"))
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{WEEKDAY_NAMES[days[0]]}–{WEEKDAY_NAMES[days[-1]]}"
    if len(days) == 2 and days[1] == days[0] + 1:
        return f"{WEEKDAY_NAMES[days[0]]}–{WEEKDAY_NAMES[days[1]]}"
    return ", ".join(str(WEEKDAY_NAMES[d]) for d in days)


def who_label(rank: Rank | None, skill: Skill | None) -> str:
    """"Sergeant", "Taser", "Constable with Taser", "Anyone"."""
    if rank is not None and skill is not None:
        return str(_("%(rank)s with %(skill)s") % {"rank": rank.name, "skill": skill.name})
    if rank is not None:
        return rank.name
    if skill is not None:
        return skill.name
    return str(_("Anyone"))


class Requirement(models.Model):
    """A weekly staffing band of a unit: minimum and target people of a rank and/or skill.

    `weekdays` holds the days of the week the band *starts* on, as digits with Monday = 0: "45" with
    22:00–03:00 is Friday 22:00 to Saturday 03:00 and Saturday 22:00 to Sunday 03:00. An end at or before
    the start is the next day; 00:00–00:00 is the whole day (23 or 25 hours on clock-change days).
    The band applies to the days it starts on from `effective_from` to `effective_to` (inclusive, open
    when empty). Overlapping bands of the same rank and skill do not add up: each interval needs the
    largest of them, so "every night 1 sergeant" and "Fri–Sat 22:00–03:00 2 sergeants" mean 2 on those
    nights. Bands of different ranks or skills are counted separately, and one person counts towards every
    band they satisfy (a sergeant with taser counts for sergeants and for taser)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="requirements")
    rank = models.ForeignKey(Rank, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             help_text=_("Empty: any rank."))
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              help_text=_("Empty: no particular skill."))
    weekdays = models.CharField(_("days of the week"), max_length=7, default=ALL_WEEKDAYS,
                                validators=[weekdays_validator],
                                help_text=_("The days the band starts on: digits, Monday = 0 … Sunday = 6."))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"), help_text=_("At or before the start means the next day."))
    minimum = models.PositiveSmallIntegerField(_("minimum"))
    target = models.PositiveSmallIntegerField(_("target"))
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["unit_id", "start_time", "id"]
        indexes = [models.Index(fields=["unit", "effective_from"], name="requirement_unit_from_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=models.F("minimum")), name="requirement_target_ge_minimum"),
            models.CheckConstraint(condition=~Q(weekdays=""), name="requirement_some_weekday"),
            models.CheckConstraint(condition=Q(effective_to__isnull=True)
                                   | Q(effective_to__gte=models.F("effective_from")),
                                   name="requirement_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.who} {self.days_label} {self.band_label}: {numbers_label(self.minimum, self.target)}"

    def clean(self) -> None:
        if self.minimum is not None and self.target is not None and self.target < self.minimum:
            raise ValidationError({"target": _("The target must be at least the minimum.")})
        if not self.weekdays:
            raise ValidationError({"weekdays": _("Choose at least one day of the week.")})
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("Must be on or after the first day it applies.")})

    @property
    def who(self) -> str:
        return who_label(self.rank if self.rank_id else None, self.skill if self.skill_id else None)

    @property
    def band_label(self) -> str:
        return band_label(self.start_time, self.end_time)

    @property
    def days_label(self) -> str:
        return weekdays_label(self.weekdays)

    @property
    def crosses_midnight(self) -> bool:
        return self.end_time <= self.start_time

    def applies_on(self, day: dt.date) -> bool:
        """Whether a band starts on `day` (a local date)."""
        return (str(day.weekday()) in self.weekdays and self.effective_from <= day
                and (self.effective_to is None or day <= self.effective_to))


class RequirementOverride(models.Model):
    """Different numbers on one date (a known event) or on every bank holiday of the unit's region.

    Within its band the override replaces the weekly requirement of the same rank and skill; outside the band
    the weekly numbers stand. A dated override beats a bank-holiday one; minimum 0 and target 0 means the
    rank or skill is not needed in that band at all. `reason` says why (shown on the roster)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="requirement_overrides")
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("Empty with 'every bank holiday'."))
    on_bank_holidays = models.BooleanField(_("every bank holiday"), default=False,
                                           help_text=_("Apply on every bank holiday of the unit's region."))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"), help_text=_("At or before the start means the next day."))
    rank = models.ForeignKey(Rank, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    minimum = models.PositiveSmallIntegerField(_("minimum"))
    target = models.PositiveSmallIntegerField(_("target"))
    reason = models.CharField(_("reason"), max_length=200)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["unit_id", "date", "start_time", "id"]
        indexes = [models.Index(fields=["unit", "date"], name="req_override_unit_date_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=models.F("minimum")), name="req_override_target_ge_minimum"),
            # Exactly one of: a date, or every bank holiday.
            models.CheckConstraint(condition=(Q(date__isnull=False) & Q(on_bank_holidays=False))
                                   | (Q(date__isnull=True) & Q(on_bank_holidays=True)),
                                   name="req_override_date_or_bank_holidays"),
        ]

    def __str__(self) -> str:
        return f"{self.when_label} {self.who} {self.band_label}: {numbers_label(self.minimum, self.target)}"

    def clean(self) -> None:
        if self.minimum is not None and self.target is not None and self.target < self.minimum:
            raise ValidationError({"target": _("The target must be at least the minimum.")})
        if (self.date is None) == (not self.on_bank_holidays):
            raise ValidationError({"date": _("Give a date, or tick 'every bank holiday' (not both).")})

    @property
    def who(self) -> str:
        return who_label(self.rank if self.rank_id else None, self.skill if self.skill_id else None)

    @property
    def band_label(self) -> str:
        return band_label(self.start_time, self.end_time)

    @property
    def when_label(self) -> str:
        return str(_("Every bank holiday")) if self.on_bank_holidays else f"{self.date:%a %d %b %Y}"
