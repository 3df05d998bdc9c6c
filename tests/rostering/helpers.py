"""Small builders for rostering tests: shift types, a pattern, a team following it."""

import datetime as dt

from rostering.actions.patterns import do_import_library_pattern, do_materialise_duties, do_save_shift_type
from rostering.models import ShiftType


def shift_type(code: str = "E", start: str = "07:00", end: str = "17:00", **extra) -> ShiftType:
    existing = ShiftType.objects.filter(code=code).first()
    if existing:
        return existing
    return do_save_shift_type(code=code, name=extra.pop("name", code), start_time=dt.time.fromisoformat(start),
                              end_time=dt.time.fromisoformat(end), acting_user=None, **extra)


def police_pattern():
    return do_import_library_pattern(code="police-5-team-10h", acting_user=None)


def materialise(unit, start: dt.date, end: dt.date):
    return do_materialise_duties(unit=unit, start=start, end=end, acting_user=None)
