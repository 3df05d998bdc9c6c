"""Matrix rows for seeding the roster from a contact-centre shift design (issue 8): planners of the queue's unit
(and administrators) only; managers who read the design may not seed from it, nor may other units' planners."""

from __future__ import annotations

import datetime as dt

from .matrix import Row, expect


def _design_with_shifts(w):
    """Northtown's design of one day with two 8-hour shifts (made directly, without CP-SAT; cached on the world)."""
    found = w.__dict__.get("_seedable_design")
    if found is None:
        from demand.models import ShiftDesign

        starts = [{"day": w.today.isoformat(), "start": start, "end": end, "length_minutes": 480,
                   "paid_minutes": 450, "break_start_minute": None, "break_minutes": 30, "count": 1}
                  for start, end in (("07:00", "15:00"), ("15:00", "23:00"))]
        requirement = [0] * 14 + [1] * 32 + [0] * 2
        found = ShiftDesign.objects.create(
            forecast=w.forecast_north, first_day=w.today, days=1, status="optimal", parameters={},
            result={"interval_minutes": 30, "starts": starts, "requirement": requirement,
                    "coverage": [0] * 14 + [1] * 32 + [0] * 2})
        w.__dict__["_seedable_design"] = found
    return {"pk": found.pk}


def _pattern_form(w) -> dict:
    return {"teams": [w.team_a.pk, w.team_b.pk], "hours_per_week": "30", "time_limit_s": "3",
            "assign_from": (w.today + dt.timedelta(days=1)).isoformat()}


PLANNERS_OF_NORTHTOWN = expect(ok="alice pat", denied="mo olly sam")

PAGES = [
    Row("rostering:design-seed", "northtown's design", PLANNERS_OF_NORTHTOWN, args=_design_with_shifts,
        note="a form page: managers read the design itself, not this"),
    Row("rostering:design-seed-pattern", "northtown's design", PLANNERS_OF_NORTHTOWN, method="POST",
        args=_design_with_shifts, body=_pattern_form),
    Row("rostering:design-seed-requirements", "northtown's design", PLANNERS_OF_NORTHTOWN, method="POST",
        args=_design_with_shifts, body=lambda w: {"reason": "matrix"}),
]
