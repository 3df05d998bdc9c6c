"""Rostering models: shift types and patterns, teams, roster periods, duties and their changes, notifications."""

from .duties import Duty, DutyChange, RosterPeriod
from .notifications import CalendarToken, Notification
from .requirements import Requirement, RequirementOverride
from .shifts import ShiftPattern, ShiftType
from .solver_runs import SolverMode, SolverRun, SolverStatus
from .teams import TeamMembership, TeamPattern

__all__ = [
    "CalendarToken",
    "Duty",
    "DutyChange",
    "Notification",
    "Requirement",
    "RequirementOverride",
    "RosterPeriod",
    "ShiftPattern",
    "ShiftType",
    "SolverMode",
    "SolverRun",
    "SolverStatus",
    "TeamMembership",
    "TeamPattern",
]
