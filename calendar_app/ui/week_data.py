"""What the week view shows: the columns of one ISO week, built from the session's slot cache."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from calendar_app.core.model import Channel, KeyDate, Slot
from calendar_app.ui.session import Session


@dataclass(frozen=True, eq=False)
class DayColumn:
    """What one day of the grid shows."""

    day: date
    slots: tuple[Slot, ...]
    key_dates: tuple[KeyDate, ...] = ()

    @property
    def blackout(self) -> bool:
        return any(k.blackout for k in self.key_dates)


@dataclass(frozen=True, eq=False)
class WeekData:
    """The seven columns of one ISO week and the channels their slots belong to."""

    monday: date
    days: tuple[DayColumn, ...]
    channels: Mapping[str, Channel] = field(default_factory=dict)


def week_data(session: Session, monday: date, hidden: frozenset[str]) -> WeekData:
    """The seven columns of the week starting ``monday`` (slots from the session's cache)."""
    plan = session.plan
    end = monday + timedelta(days=7)
    by_day: dict[date, list[Slot]] = {monday + timedelta(days=i): [] for i in range(7)}
    for slot in session.slots.slots(plan, monday, end, hidden):
        by_day[slot.start.date()].append(slot)
    columns = []
    for day, slots in by_day.items():
        slots.sort(key=lambda s: (s.planned.time(), s.channel, s.uid))
        key_dates = tuple(k for k in plan.key_dates if k.covers(day))
        columns.append(DayColumn(day, tuple(slots), key_dates))
    return WeekData(monday, tuple(columns), {c.id: c for c in plan.channels})
