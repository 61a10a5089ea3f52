"""The published calendar as data: which pages, which days, which slots on each day, the client filter.

Pure: the plan's slots and the window come in, plain frozen dataclasses come out; no words, no
HTML, no clock. :mod:`calendar_app.site.render` turns a :class:`Site` into pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from calendar_app.core.model import Plan, Slot, Status
from calendar_app.core.recurrence import expand

#: What a client sees: content that is ready or out, never an idea, a draft or an empty slot.
CLIENT_STATUSES = (Status.READY.value, Status.SCHEDULED.value, Status.PUBLISHED.value)
#: A channel without a color (or with one the page cannot use) is drawn in this grey.
NO_COLOR = "#6B7280"
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")

#: Lines a day cell of the printed month holds, by the number of week rows of the month (the
#: print stylesheet gives the cells these heights): a key date takes one, a slot at most two.
PRINT_LINES = {4: 12, 5: 9, 6: 7}
SLOT_LINES = 2


@dataclass(frozen=True)
class ChannelView:
    """A channel as the pages draw it: its name on a chip of its color, in black or white."""

    id: str
    name: str
    color: str
    """``#RRGGBB``, the channel's or :data:`NO_COLOR`."""
    text: str
    """``#000000`` or ``#FFFFFF``, whichever contrasts more with ``color``."""


@dataclass(frozen=True)
class SlotView:
    """One slot on a page. Owner and notes are None on client pages."""

    uid: str
    channel: str
    """Channel id (see :attr:`Site.channels`)."""
    start: datetime
    """Aware, in the channel's zone."""
    status: str
    title: str | None
    rule_label: str | None
    """The rule's label (or id) for a rule slot; None for a one-off post."""
    format: str | None
    pillar: str | None
    owner: str | None
    notes: str | None
    link: str | None
    zone: str | None
    """The zone abbreviation (``EST``) when the channel's zone is not the calendar's, else None."""

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN.value

    @property
    def cancelled(self) -> bool:
        return self.status == Status.CANCELLED.value


@dataclass(frozen=True)
class KeyDateView:
    title: str
    blackout: bool


@dataclass(frozen=True)
class Day:
    """One day of a page; a day outside the window shows nothing (the site says nothing of it)."""

    date: date
    in_window: bool
    slots: tuple[SlotView, ...] = ()
    key_dates: tuple[KeyDateView, ...] = ()

    @property
    def blackout(self) -> bool:
        return any(k.blackout for k in self.key_dates)

    def print_shown(self, lines: int) -> int:
        """How many slots the printed month shows in a cell of ``lines`` lines: all of them when
        they fit beside the key dates, else as many as leave a line for "+N more"."""
        room = max(0, lines - len(self.key_dates))
        if len(self.slots) * SLOT_LINES <= room:
            return len(self.slots)
        return max(0, (room - 1) // SLOT_LINES)


@dataclass(frozen=True)
class Band:
    """A campaign drawn across the days it runs, from its first step (or anchor) to its last (see
    :func:`campaign_bands`)."""

    title: str
    first: date
    last: date
    color: str = NO_COLOR


@dataclass(frozen=True)
class MonthPage:
    year: int
    month: int
    weeks: tuple[tuple[Day | None, ...], ...]
    """Monday-first rows of seven cells; None pads the days of the neighbouring months."""
    bands: tuple[Band, ...] = ()

    @property
    def name(self) -> str:
        return month_page_name(self.year, self.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def days(self) -> list[Day]:
        return [d for row in self.weeks for d in row if d is not None]

    @property
    def print_lines(self) -> int:
        return PRINT_LINES[len(self.weeks)]

    def week_bands(self, row: tuple[Day | None, ...]) -> list[tuple[Band, int, int]]:
        """The bands crossing one row: ``(band, first column, number of columns)``."""
        out = []
        columns = [(i, d.date) for i, d in enumerate(row) if d is not None]
        for band in self.bands:
            inside = [i for i, day in columns if band.first <= day <= band.last]
            if inside:
                out.append((band, inside[0], inside[-1] - inside[0] + 1))
        return out


@dataclass(frozen=True)
class WeekPage:
    year: int
    week: int
    """ISO year and week number."""
    days: tuple[Day, ...]
    """Monday to Sunday."""

    @property
    def name(self) -> str:
        return week_page_name(self.year, self.week)


@dataclass(frozen=True)
class Site:
    """Every page of a published calendar."""

    calendar: str
    start: date
    end: date
    """First day after the window."""
    client: bool
    channels: dict[str, ChannelView]
    months: tuple[MonthPage, ...]
    weeks: tuple[WeekPage, ...]
    feeds: tuple[str, ...] = field(default=())
    """Feed file names to offer on the index (``all.ics``, one per channel, ``key-dates.ics``);
    empty on client pages: the feeds hold what a client must not see."""

    @property
    def slots(self) -> list[SlotView]:
        """Every slot shown, once (from the month pages)."""
        return [s for m in self.months for d in m.days for s in d.slots]


def month_page_name(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}.html"


def week_page_name(year: int, week: int) -> str:
    return f"{year:04d}-W{week:02d}.html"


def text_color(background: str) -> str:
    """Black or white, whichever has the higher WCAG 2 contrast ratio against ``background``
    (``#RRGGBB``). The better of the two is always at least 4.58:1, above the 4.5:1 of level AA."""
    lum = relative_luminance(background)
    on_black = (lum + 0.05) / 0.05
    on_white = 1.05 / (lum + 0.05)
    return "#000000" if on_black >= on_white else "#FFFFFF"


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of ``#RRGGBB`` (sRGB)."""
    channels = []
    for i in (1, 3, 5):
        c = int(color[i:i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def client_slot(slot: SlotView) -> SlotView | None:
    """The slot as a client sees it (no owner, no notes), or None when a client does not see it."""
    if slot.status not in CLIENT_STATUSES:
        return None
    return SlotView(slot.uid, slot.channel, slot.start, slot.status, slot.title, slot.rule_label, slot.format,
                    slot.pillar, None, None, slot.link, slot.zone)


def campaign_bands(plan: Plan, start: date, end: date) -> tuple[Band, ...]:
    """The campaign bands of the window [start, end): each campaign from the first to the last of its
    anchor day and its steps' days (as placed on their channels), in its colour, in date order."""
    days: dict[str, list[date]] = {c.id: [c.anchor_day] for c in plan.campaigns}
    for channel in plan.channels:
        for post in channel.campaign_posts:
            if post.campaign in days:
                days[post.campaign].append(post.at.date())
    bands = []
    for campaign in plan.campaigns:
        first, last = min(days[campaign.id]), max(days[campaign.id])
        if first < end and last >= start:
            color = campaign.color.upper() if campaign.color and _COLOR.fullmatch(campaign.color) else NO_COLOR
            bands.append(Band(campaign.name, first, last, color))
    return tuple(sorted(bands, key=lambda b: (b.first, b.last, b.title)))


def build_site(plan: Plan, start: date, end: date, *, client: bool = False,
               feeds: Iterable[str] = (), slots: list[Slot] | None = None) -> Site:
    """The pages of the window [start, end): every month and every ISO week it touches.

    ``slots`` are the plan's slots of the window (expanded here when not given); ``feeds`` the
    feed names the index offers (left out of a client site)."""
    if end <= start:
        raise ValueError("the window is empty")
    if slots is None:
        slots = expand(plan, start, end)
    views = _slot_views(plan, slots, client)
    by_day: dict[date, list[SlotView]] = {}
    for view in views:
        by_day.setdefault(view.start.date(), []).append(view)
    key_dates = _key_dates(plan, start, end)

    def day(d: date) -> Day:
        if not start <= d < end:
            return Day(d, False)
        return Day(d, True, tuple(by_day.get(d, ())), tuple(key_dates.get(d, ())))

    bands = campaign_bands(plan, start, end)
    months = tuple(_month(y, m, day, bands) for y, m in months_between(start, end))
    weeks = tuple(
        WeekPage(*monday.isocalendar()[:2], tuple(day(monday + timedelta(days=i)) for i in range(7)))
        for monday in mondays_between(start, end)
    )
    channels = {c.id: _channel_view(c.id, c.name, c.color) for c in plan.channels}
    return Site(plan.calendar.name, start, end, client, channels, months, weeks,
                () if client else tuple(feeds))


def months_between(start: date, end: date) -> list[tuple[int, int]]:
    """(year, month) of every month with a day in [start, end)."""
    out = []
    y, m = start.year, start.month
    last = end - timedelta(days=1)
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def mondays_between(start: date, end: date) -> list[date]:
    """The Monday of every ISO week with a day in [start, end)."""
    monday = start - timedelta(days=start.weekday())
    out = []
    while monday < end:
        out.append(monday)
        monday += timedelta(days=7)
    return out


def add_months(day: date, months: int) -> date:
    """``day`` ``months`` later, on the same day of the month or the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def _month(year: int, month: int, day, bands: tuple[Band, ...]) -> MonthPage:
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    rows = []
    monday = first - timedelta(days=first.weekday())
    while monday < following:
        rows.append(tuple(
            day(d) if d.month == month else None
            for d in (monday + timedelta(days=i) for i in range(7))
        ))
        monday += timedelta(days=7)
    last = following - timedelta(days=1)
    shown = tuple(b for b in bands if b.first <= last and b.last >= first)
    return MonthPage(year, month, tuple(rows), shown)


def _channel_view(channel_id: str, name: str, color: str | None) -> ChannelView:
    color = color.upper() if color and _COLOR.fullmatch(color) else NO_COLOR
    return ChannelView(channel_id, name, color, text_color(color))


def _slot_views(plan: Plan, slots: list[Slot], client: bool) -> list[SlotView]:
    channels = {c.id: c for c in plan.channels}
    labels = {(c.id, r.id): r.label or r.id for c in plan.channels for r in c.rules}
    default_zone = plan.calendar.timezone
    out = []
    for slot in slots:
        channel = channels[slot.channel]
        post = slot.post
        view = SlotView(
            uid=slot.uid, channel=slot.channel, start=slot.start, status=slot.status, title=slot.title,
            rule_label=labels.get((slot.channel, slot.rule)) if slot.rule is not None else None,
            format=slot.format, pillar=slot.pillar, owner=slot.owner,
            notes=post.notes if post else None, link=post.link if post else None,
            zone=slot.start.tzname() if channel.timezone != default_zone else None,
        )
        if client:
            view = client_slot(view)
        if view is not None:
            out.append(view)
    return out


def _key_dates(plan: Plan, start: date, end: date) -> dict[date, list[KeyDateView]]:
    out: dict[date, list[KeyDateView]] = {}
    for kd in plan.key_dates:
        d = max(kd.date, start)
        while d <= kd.last and d < end:
            out.setdefault(d, []).append(KeyDateView(kd.title, kd.blackout))
            d += timedelta(days=1)
    return out
