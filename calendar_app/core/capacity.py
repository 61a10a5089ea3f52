"""Effort and capacity: the hours of work the planned posts cost, per owner and per channel each ISO
week, and the weeks an owner is over their ``hours_week``; pure."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from calendar_app.core.model import Plan, Slot, Status
from calendar_app.core.recurrence import localize, zone
from calendar_app.core.wording import week_span
from calendar_app.i18n import _

_EPS = 1e-9


def week_monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def slot_hours(plan: Plan, slot: Slot, channels: dict | None = None) -> float:
    """Hours of work of a slot's post: its own effort, else its format's (0 for an open or cancelled slot)."""
    post = slot.post
    if post is None or post.status == Status.CANCELLED:
        return 0.0
    channel = (channels or {}).get(slot.channel) or plan.channel(slot.channel)
    effort = plan.effort(channel, slot.format, post.effort)
    return 0.0 if effort is None else effort.total_seconds() / 3600


def planned_hours(plan: Plan, slots: Iterable[Slot]) -> dict[tuple[str, date], float]:
    """Hours per (owner, Monday of the ISO week of the slot's local day) of the posts among ``slots``."""
    channels = {c.id: c for c in plan.channels}
    hours: dict[tuple[str, date], float] = {}
    for slot in slots:
        if not slot.owner:
            continue
        n = slot_hours(plan, slot, channels)
        if n:
            key = (slot.owner, week_monday(slot.start.date()))
            hours[key] = hours.get(key, 0.0) + n
    return hours


def week_hours(plan: Plan, slots: Iterable[Slot], first_monday: date, weeks: int, *, by: str,
               channels: dict | None = None) -> dict[str, list[float]]:
    """Hours per week (week i starts ``first_monday + 7i`` days) per ``owner`` or per ``channel`` (``by``).

    ``channels`` maps ids to channels; a caller that asks once per channel builds it once
    (building it here each time made a check over N channels cost N² lookups)."""
    if channels is None:
        channels = {c.id: c for c in plan.channels}
    out: dict[str, list[float]] = {}
    for slot in slots:
        key = slot.owner if by == "owner" else slot.channel
        if not key:
            continue
        index = (slot.start.date() - first_monday).days // 7
        if 0 <= index < weeks:
            row = out.get(key)
            if row is None:  # not setdefault: that built a list of weeks for every slot
                row = out[key] = [0.0] * weeks
            row[index] += slot_hours(plan, slot, channels)
    return out


def format_hours(hours: float) -> str:
    """``3.0`` -> ``3h``, ``3.75`` -> ``3h45``."""
    minutes = round(hours * 60)
    h, m = divmod(minutes, 60)
    return f"{h}h{m:02d}" if m else f"{h}h"


def capacity_findings(owner: str, weeks, hours_week: float | None, timezone: str | None,
                      start: date, end: date) -> list[tuple]:
    """A finding (kind ``over_capacity``) per week where ``owner``'s hours pass ``hours_week``."""
    found: list[tuple] = []
    if hours_week is None:
        return found
    tz = zone(timezone or "UTC")
    for week in weeks:
        if week.hours is not None and week.hours > hours_week + _EPS:
            first = max(week.start, start)
            after = min(week.start + timedelta(days=7), end)
            found.append((
                "over_capacity",
                _("{owner} has {hours} of work in {week} ({span}), more than their hours_week {limit}; hand some "
                  "posts to someone else or move them to a lighter week.").format(
                    owner=owner, hours=format_hours(week.hours), week=week.label, span=week_span(first, after),
                    limit=format_hours(hours_week)),
                localize(datetime.combine(first, time()), tz), None, None, None,
            ))
    return found
