"""What the week view shows: the columns of one ISO week, built from the session's slot cache, and the
owner and status filter applied to them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from calendar_app.core.model import Channel, KeyDate, Plan, Slot, Status
from calendar_app.i18n import _, current
from calendar_app.site.words import status_name
from calendar_app.ui.campaign_view import BandMark, band_marks, campaign_rows
from calendar_app.ui.session import Session


@dataclass(frozen=True, eq=False)
class DayColumn:
    """What one day of the grid shows."""

    day: date
    slots: tuple[Slot, ...]
    key_dates: tuple[KeyDate, ...] = ()
    campaigns: tuple[BandMark, ...] = ()
    """The campaigns with their anchor or a step on this day (the week view's campaign band)."""

    @property
    def blackout(self) -> bool:
        return any(k.blackout for k in self.key_dates)


@dataclass(frozen=True, eq=False)
class WeekData:
    """The seven columns of one ISO week and the channels their slots belong to."""

    monday: date
    days: tuple[DayColumn, ...]
    channels: Mapping[str, Channel] = field(default_factory=dict)
    filters: tuple[str, ...] = ()
    """The owner and status filter in words (``("owner Inès",)``); empty when every slot is shown."""


def week_title(monday: date) -> str:
    """``Week 49 · 30 Nov – 06 Dec 2026`` / ``Semaine 49 · 30/11 – 06/12/2026``: the week screen's title."""
    sunday = monday + timedelta(days=6)
    if current() == "en":
        first, last = f"{monday:%d %b}", f"{sunday:%d %b %Y}"
    else:
        first, last = f"{monday:%d/%m}", f"{sunday:%d/%m/%Y}"
    return _("Week {week} · {first} – {last}").format(week=monday.isocalendar()[1], first=first, last=last)


@dataclass(frozen=True)
class SlotFilter:
    """Which slots of the shown channels the week view keeps: one owner, one status (None: any)."""

    owner: str | None = None
    """The slot's owner: its post's, else its channel's."""
    status: str | None = None
    """``open`` for empty slots, else a post status."""

    def keeps(self, slot: Slot) -> bool:
        return (self.owner is None or slot.owner == self.owner) and (self.status is None or slot.status == self.status)

    @property
    def active(self) -> bool:
        return self.owner is not None or self.status is not None

    def words(self) -> tuple[str, ...]:
        """``("owner Inès", "status draft")``: the filter in words, empty without one."""
        parts = []
        if self.owner is not None:
            parts.append(_("owner {owner}").format(owner=self.owner))
        if self.status is not None:
            parts.append(_("status {status}").format(status=status_name(self.status)))
        return tuple(parts)

    def next_owner(self, owners: tuple[str, ...]) -> SlotFilter:
        """The filter with the owner after this one in ``owners`` (after the last: any owner again)."""
        return replace(self, owner=_after(self.owner, owners))

    def next_status(self) -> SlotFilter:
        """The filter with the status after this one, in the order of :class:`Status` (then any)."""
        return replace(self, status=_after(self.status, STATUS_ORDER))


#: Every status a slot can show, in their order (``open`` first).
STATUS_ORDER = tuple(s.value for s in Status)


def _after(current: str | None, choices: tuple[str, ...]) -> str | None:
    if current is None:
        return choices[0] if choices else None
    if current not in choices:
        return None
    i = choices.index(current) + 1
    return choices[i] if i < len(choices) else None


def plan_owners(plan: Plan) -> tuple[str, ...]:
    """Everyone who owns a channel or a post of the plan, sorted."""
    owners = {c.owner for c in plan.channels if c.owner} | {p.owner for c in plan.channels for p in c.posts if p.owner}
    return tuple(sorted(owners, key=str.casefold))


def week_data(session: Session, monday: date, hidden: frozenset[str], keep: SlotFilter = SlotFilter()) -> WeekData:
    """The seven columns of the week starting ``monday`` (slots from the session's cache) that
    ``keep`` keeps."""
    plan = session.plan
    end = monday + timedelta(days=7)
    by_day: dict[date, list[Slot]] = {monday + timedelta(days=i): [] for i in range(7)}
    for slot in session.slots.slots(plan, monday, end, hidden):
        if keep.keeps(slot):
            by_day[slot.start.date()].append(slot)
    columns = []
    campaigns = campaign_rows(session)
    for day, slots in by_day.items():
        slots.sort(key=lambda s: (s.planned.time(), s.channel, s.uid))
        key_dates = tuple(k for k in plan.key_dates if k.covers(day))
        columns.append(DayColumn(day, tuple(slots), key_dates, band_marks(campaigns, day)))
    return WeekData(monday, tuple(columns), {c.id: c for c in plan.channels}, keep.words())
