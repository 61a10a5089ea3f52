"""The go-to-date question's answer as plain data: an ISO date, a step from today or a week number,
or what a person types in French or English (``24/12``, ``24/12/2026``, ``demain``, ``lundi``, ``+2s``)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from calendar_app.i18n.parse import parse_date

_RELATIVE = re.compile(r"^([+-]\d+)\s*([dwm]?)$")
_WEEK = re.compile(r"^(?:(\d{4})-)?[ws](\d{1,2})$", re.IGNORECASE)  # W05, or S05 (semaine)


def parse_target(text: str, today: date) -> date | None:
    """``2026-12-01``, ``+2w``, ``-3d``, ``+1m`` (4 weeks), ``W05`` or ``2027-W05`` (``S05``) -> a date;
    else the forms of :func:`calendar_app.i18n.parse.parse_date`: ``24/12``, ``24/12/2026``, ``demain``,
    ``tomorrow``, ``lundi``, ``+2s``, ``+3j``. None when it is none of them."""
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
    try:
        return parse_date(text, today)
    except ValueError:
        return None
