"""Shift instants: local wall-clock shift times on each date turned into UTC minutes, so rest rules measure real
time (a night over the October clock change is 10 h, not 9 h) exactly as muster_engine.worktime does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from .problem import Problem

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def utc_minutes(moment: datetime) -> int:
    return int((moment - _EPOCH).total_seconds() // 60)


def shift_instants(problem: Problem, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    """(start, end) UTC minutes of every shift type on day indexes first..last-1: arrays (days, shift types).

    The end is the wall-clock end (start + length) on the local clock, so a duty over a clock change is an hour
    shorter or longer in real time than its wall-clock length, as the Duty rows the adapter writes will be.
    Results are kept on the problem (it is frozen, so they never go stale): explain.py asks again and again.
    """
    cache = problem.__dict__.setdefault("_shift_instants", {})
    if (first, last) not in cache:
        cache[(first, last)] = _instants(problem, first, last)
    return cache[(first, last)]


def _instants(problem: Problem, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    zone = ZoneInfo(problem.timezone)
    n_days, n_shifts = last - first, len(problem.shift_types)
    start = np.zeros((n_days, n_shifts), np.int64)
    end = np.zeros((n_days, n_shifts), np.int64)
    for i in range(n_days):
        day = problem.day_of(first + i)
        midnight = datetime(day.year, day.month, day.day)
        for s, shift in enumerate(problem.shift_types):
            begin = midnight + timedelta(minutes=shift.start_minute or 0)
            finish = begin + timedelta(minutes=shift.length_minutes)
            start[i, s] = utc_minutes(begin.replace(tzinfo=zone).astimezone(UTC))
            end[i, s] = utc_minutes(finish.replace(tzinfo=zone).astimezone(UTC))
    return start, end


def local_minute(problem: Problem, d: int, minute: int) -> int:
    """UTC minutes of `minute` past local midnight of day index d (minute may run past 1440)."""
    cache = problem.__dict__.setdefault("_local_minutes", {})
    if (d, minute) not in cache:
        cache[(d, minute)] = _local_minute(problem, d, minute)
    return cache[(d, minute)]


def _local_minute(problem: Problem, d: int, minute: int) -> int:
    day = problem.day_of(d)
    moment = datetime(day.year, day.month, day.day) + timedelta(minutes=minute)
    return utc_minutes(moment.replace(tzinfo=ZoneInfo(problem.timezone)).astimezone(UTC))


__all__ = ["local_minute", "shift_instants", "utc_minutes"]
