"""How the core says dates, durations, counts and post names in its sentences, whatever the process locale."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from calendar_app.core.model import Slot
from calendar_app.i18n import _, current, pgettext

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def when(at: datetime) -> str:
    """``Wed 25 Nov 2026, 18:00`` (« mer. 25 nov. 2026, 18:00 » in French) whatever the process locale."""
    return f"{day_name(at.date())}, {at:%H:%M}"


def day_name(day: date) -> str:
    """``Tue 1 Dec 2026`` (« mar. 1 déc. 2026 » in French) whatever the process locale."""
    if current() != "en":
        return _cldr(day, "day_month_year_weekday")
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def week_span(first: date, after: date) -> str:
    """Days [first, after) as ``Mon 30 Nov – Sun 6 Dec 2026``."""
    last = after - timedelta(days=1)
    if current() != "en":  # « lun. 30 nov. – dim. 6 déc. 2026 »
        head = _cldr(first, "day_month")
        if first.year != last.year:
            head += f" {first.year}"
        if first == last:
            return f"{head} {first.year}"
        return f"{head} – {_cldr(last, 'day_month_year_weekday')}"
    head = f"{_DAYS[first.weekday()]} {first.day} {_MONTHS[first.month - 1]}"
    if first.year != last.year:
        head += f" {first.year}"
    if first == last:
        return f"{head} {first.year}"
    return f"{head} – {_DAYS[last.weekday()]} {last.day} {_MONTHS[last.month - 1]} {last.year}"


def _cldr(day: date, style: str) -> str:
    # English keeps the tables above (the exact forms the tool always printed, without Babel's cost).
    from calendar_app.i18n.dates import format_date

    return format_date(day, style)


def short_duration(value: timedelta) -> str:
    """``3d 2h``, ``17h 30m``, ``45m``: days of 24 hours, for people."""
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [pgettext("duration", "{n}d").format(n=days) if days else "",
             pgettext("duration", "{n}h").format(n=hours) if hours else "",
             pgettext("duration", "{n}m").format(n=mins) if mins else ""]
    return " ".join(p for p in parts if p) or pgettext("duration", "{n}m").format(n=0)


def iso_duration(value: timedelta) -> str:
    """ISO 8601 duration with days of 24 hours: ``P3DT2H``, ``PT17H30M``, ``PT0S``."""
    seconds = int(round(value.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")
    out = "P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "")
    return out if out != "P" else "PT0S"


def post_name(slot: Slot, fallback: str | None = None) -> str:
    """``« title »`` of the slot's post, or ``fallback`` (``the post``) when it has none."""
    title = slot.post.title.strip() if slot.post and slot.post.title else ""
    return f"« {title} »" if title else (fallback if fallback is not None else _("the post"))


def count(n: int, word: str) -> str:
    """``1 slot``, ``3 slots``: a count with its noun, plural in English."""
    return f"{n} {word}{'' if n == 1 else 's'}"
