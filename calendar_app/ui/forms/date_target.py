"""The go-to-date question's answer as plain data: an ISO date, a step from today or a week number."""

from __future__ import annotations

import re
from datetime import date, timedelta

_RELATIVE = re.compile(r"^([+-]\d+)\s*([dwm]?)$")
_WEEK = re.compile(r"^(?:(\d{4})-)?w(\d{1,2})$", re.IGNORECASE)


def parse_target(text: str, today: date) -> date | None:
    """``2026-12-01``, ``+2w``, ``-3d``, ``+1m`` (4 weeks), ``W05`` or ``2027-W05`` -> a date."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    m = _RELATIVE.match(text)
    if m:
        n, unit = int(m.group(1)), m.group(2) or "d"
        return today + timedelta(days=n * {"d": 1, "w": 7, "m": 28}[unit])
    m = _WEEK.match(text)
    if m:
        year = int(m.group(1) or today.isocalendar()[0])
        try:
            return date.fromisocalendar(year, int(m.group(2)), 1)
        except ValueError:
            return None
    return None
