"""A person's duties as an iCalendar feed (RFC 5545): UTC instants, so every calendar app gets DST right."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings

from .models import Duty


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 § 3.1)."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(duties: Iterable[Duty], *, name: str, now: dt.datetime) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{settings.SITE_NAME}//Muster duties//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}", "X-WR-TIMEZONE:Europe/London"]
    for duty in duties:
        lines += ["BEGIN:VEVENT", f"UID:duty-{duty.pk}@{settings.SITE_NAME.lower()}", f"DTSTAMP:{_stamp(now)}",
                  f"LAST-MODIFIED:{_stamp(duty.updated_at)}", f"SEQUENCE:{duty.version}"]
        if duty.is_rest_day:
            lines += [f"DTSTART;VALUE=DATE:{duty.date:%Y%m%d}",
                      f"DTEND;VALUE=DATE:{duty.date + dt.timedelta(days=1):%Y%m%d}",
                      "SUMMARY:Rest day", "TRANSP:TRANSPARENT"]
        else:
            summary = duty.shift_type.name if duty.shift_type_id else "Duty"
            lines += [f"DTSTART:{_stamp(duty.start)}", f"DTEND:{_stamp(duty.end)}",
                      f"SUMMARY:{_escape(f'{duty.code} {summary}')}",
                      f"LOCATION:{_escape(duty.unit.name)}",
                      f"DESCRIPTION:{_escape(f'{duty.unit.name}. Break {duty.break_minutes} min.')}"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
