"""The plan as data: channels, rules, posts, key dates and the slots they expand to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from calendar_app.i18n import _

CHANNEL_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FREQUENCIES = ("day", "week", "month", "year")


class Status(StrEnum):
    """What a slot shows: ``open`` when no post fills it, else its post's status. The only list of
    statuses: every other tuple of them below is derived from this one, in this order."""

    OPEN = "open"
    IDEA = "idea"
    DRAFT = "draft"
    READY = "ready"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    CANCELLED = "cancelled"

    @property
    def icon(self) -> str:
        """One icon per status, the same in the agenda, the editor and its help."""
        return _ICONS[self]

    @property
    def filled(self) -> bool:
        """Content is there (beyond an idea): counts as filled for regularity."""
        return self in (Status.DRAFT, Status.READY, Status.SCHEDULED, Status.PUBLISHED)

    @property
    def ready(self) -> bool:
        """Content is ready in time (the lead time is satisfied)."""
        return self in (Status.READY, Status.SCHEDULED, Status.PUBLISHED)


_ICONS = {
    Status.OPEN: "○", Status.IDEA: "💡", Status.DRAFT: "✎", Status.READY: "✔",
    Status.SCHEDULED: "⏱", Status.PUBLISHED: "★", Status.CANCELLED: "✗",
}
#: Statuses a post may have (``open`` is the absence of a post).
STATUSES = tuple(s.value for s in Status if s is not Status.OPEN)
#: Statuses that count as "content is there" for regularity (beyond idea).
FILLED_STATUSES = tuple(s.value for s in Status if s.filled)
#: Statuses whose content is ready in time (lead time satisfied).
READY_STATUSES = tuple(s.value for s in Status if s.ready)
#: Every slot status with its icon, in order.
STATUS_ICONS = {s.value: s.icon for s in Status}


@dataclass(frozen=True, slots=True)
class Rule:
    """A frequency rule of one channel, expanded into dated slots by :mod:`calendar_app.core.recurrence`."""

    id: str
    """Unique within its channel; part of every slot UID, so renaming it re-creates the slots."""
    times: tuple[time, ...]
    """Local wall-clock times of the slots on each matching day, sorted."""
    start: date
    """First day the rule may produce a slot (the slot must also match the rule)."""
    every: str | None = None
    """``day``, ``week``, ``month`` or ``year``; None when ``rrule`` is given."""
    interval: int = 1
    days: tuple[str, ...] = ()
    """Weekdays ``mon``..``sun``, or ordinals such as ``1tue``/``-1fri`` with every = month/year."""
    monthdays: tuple[int, ...] = ()
    months: tuple[int, ...] = ()
    end: date | None = None
    """Last day (inclusive) the rule may produce a slot."""
    count: int | None = None
    """Number of occurrences from ``start``, skipped and blacked-out ones included (RFC 5545 COUNT)."""
    rrule: str | None = None
    """Raw RFC 5545 RRULE text (``FREQ=MONTHLY;BYDAY=1TU``) instead of every/interval/days/monthdays."""
    label: str | None = None
    format: str | None = None
    pillars: tuple[str, ...] = ()
    """Editorial themes given to the rule's occurrences in rotation: occurrence n gets pillars[n % len]."""
    skip: tuple[date, ...] = ()
    """Dates on which this rule gives no slot."""


@dataclass(frozen=True, slots=True)
class Post:
    """A piece of content placed at a local date-time of its channel."""

    at: datetime
    """Naive local wall-clock date-time in the channel's zone."""
    title: str | None = None
    status: str = "idea"
    owner: str | None = None
    pillar: str | None = None
    format: str | None = None
    notes: str | None = None
    link: str | None = None
    effort: timedelta | None = None
    """Work the post takes (overrides the effort of its format)."""
    campaign: str | None = None
    """The id of the campaign whose step this post is (None for a post of a channel file)."""
    step: str | None = None
    """That step's key (its ``id``, else its position from 1): with ``campaign``, its slot's UID."""


@dataclass(frozen=True, slots=True)
class Idea:
    """A post without a date yet, waiting in the backlog for an open slot (``calendar-app fill``)."""

    title: str
    channels: tuple[str, ...]
    """Channels it may go to: its own file's channel, or the ``channels`` of ``_ideas.toml``."""
    id: str | None = None
    pillar: str | None = None
    format: str | None = None
    owner: str | None = None
    priority: int = 3
    """1 (high) to 5 (low)."""
    effort: timedelta | None = None
    not_before: date | None = None
    expires: date | None = None
    """Last day (inclusive) the idea may be published."""
    notes: str | None = None
    link: str | None = None
    source: str = ""
    """The file it is written in (``instagram.toml`` or ``_ideas.toml``)."""
    index: int = 0
    """Its place among the ``[[idea]]`` tables of that file, from 0."""


@dataclass(frozen=True, slots=True)
class Owner:
    """A person of ``[[owner]]`` in ``_calendar.toml``, with the hours they have each week."""

    name: str
    hours_week: float | None = None


@dataclass(frozen=True, slots=True)
class Channel:
    """One publication channel, read from ``plans/<id>.toml``."""

    id: str
    name: str
    timezone: str
    """IANA zone name; slots keep their wall-clock time in this zone across DST."""
    color: str | None = None
    owner: str | None = None
    duration: timedelta = timedelta(minutes=30)
    per_week: float | None = None
    """Target number of slots per ISO week."""
    max_gap: timedelta | None = None
    lead_time: timedelta | None = None
    remind: timedelta | None = None
    """Reminder before each slot in the feeds (VALARM)."""
    pillar_share: dict[str, float] = field(default_factory=dict, hash=False, compare=True)
    pillar_tolerance: float = 0.1
    max_pillar_run: int | None = None
    description: str | None = None
    rules: tuple[Rule, ...] = ()
    posts: tuple[Post, ...] = ()
    """Posts sorted by ``at``."""
    timezone_from_calendar: bool = False
    """True when ``timezone`` was inherited from ``_calendar.toml`` (so it is not written back)."""
    effort: dict[str, timedelta] = field(default_factory=dict, hash=False, compare=True)
    """Work per format on this channel (``reel`` -> 3 hours), over the calendar's."""
    ideas: tuple[Idea, ...] = ()
    """The ``[[idea]]`` tables of the channel's file, in file order."""
    campaign_posts: tuple[Post, ...] = ()
    """The posts that campaign steps place on this channel (not in its file), sorted by ``at``;
    set by :func:`calendar_app.core.campaigns.attach`, expanded like ``posts``."""


@dataclass(frozen=True, slots=True)
class KeyDate:
    """A date that matters to the sector (holiday, sale, trade fair), possibly a blackout."""

    date: date
    title: str
    end: date | None = None
    """Last day (inclusive) of a multi-day key date."""
    blackout: bool = False
    """No slot from any rule on these days."""
    source: str | None = None
    """Where it came from: ``_calendar.toml`` or an imported ``.ics`` file name."""

    @property
    def last(self) -> date:
        return self.end or self.date

    def covers(self, day: date) -> bool:
        return self.date <= day <= self.last


@dataclass(frozen=True, slots=True)
class CalendarSettings:
    """Settings of ``plans/_calendar.toml``."""

    name: str = "Editorial calendar"
    timezone: str | None = None
    ics: tuple[str, ...] = ()
    owner_week_max: int | None = None
    """Most slots one owner should carry in one ISO week, across channels."""
    effort: dict[str, timedelta] = field(default_factory=dict, hash=False, compare=True)
    """Work per format (``[calendar.effort]``), for every channel."""
    owners: tuple[Owner, ...] = ()
    """The ``[[owner]]`` entries."""

    def hours_week(self, owner: str) -> float | None:
        """The weekly hours of ``owner``, None when not given."""
        for entry in self.owners:
            if entry.name == owner:
                return entry.hours_week
        return None
    lang: str | None = None
    """The team's language (``fr``, ``en``), used unless ``--lang`` says otherwise."""


@dataclass(frozen=True, slots=True)
class CampaignStep:
    """One ``[[step]]`` of a campaign: a post of ``channel`` placed from the campaign's anchor."""

    channel: str
    offset: int = 0
    """Days from the anchor's day (``"-7d"`` is -7, ``"+2w"`` is 14)."""
    time: time | None = None
    """Local wall-clock time in the channel's zone; None with ``slot`` or a date-time anchor."""
    slot: str | None = None
    """``next`` / ``previous``: the channel's nearest rule slot on or after / on or before the place."""
    title: str | None = None
    status: str = "idea"
    owner: str | None = None
    pillar: str | None = None
    format: str | None = None
    notes: str | None = None
    link: str | None = None
    effort: timedelta | None = None
    id: str | None = None
    """Optional stable key, ``[a-z][a-z0-9-]*``, unique in the file."""
    index: int = 0
    """Its place among the file's ``[[step]]`` tables, from 0 (``step[index + 1]`` in messages)."""

    @property
    def key(self) -> str:
        """What the step's slot UID carries: its ``id``, else its position from 1."""
        return self.id if self.id is not None else str(self.index + 1)


@dataclass(frozen=True, slots=True)
class Campaign:
    """One idea spread across channels, read from ``plans/campaigns/<id>.toml``."""

    id: str
    name: str
    anchor: date | datetime
    """The day everything is placed from, or a naive local date-time (read in each step's channel zone)."""
    color: str | None = None
    owner: str | None = None
    """Default owner of its steps (before the channel's)."""
    notes: str | None = None
    steps: tuple[CampaignStep, ...] = ()

    @property
    def anchor_day(self) -> date:
        anchor = self.anchor
        return anchor.date() if isinstance(anchor, datetime) else anchor


@dataclass(frozen=True, slots=True)
class Plan:
    """Every channel of a plan directory, with the calendar settings and key dates."""

    channels: tuple[Channel, ...]
    calendar: CalendarSettings = CalendarSettings()
    key_dates: tuple[KeyDate, ...] = ()
    ideas: tuple[Idea, ...] = ()
    """The ideas of ``_ideas.toml`` (each channel's own are on the channel)."""
    campaigns: tuple[Campaign, ...] = ()
    """The campaigns of ``campaigns/*.toml``, by id (their steps' posts are on the channels)."""

    def campaign(self, campaign_id: str) -> Campaign:
        for campaign in self.campaigns:
            if campaign.id == campaign_id:
                return campaign
        raise KeyError(campaign_id)

    def backlog(self) -> list[Idea]:
        """Every idea in the order written: channel files by file name, then ``_ideas.toml``."""
        out = [idea for channel in sorted(self.channels, key=lambda c: c.id) for idea in channel.ideas]
        return out + list(self.ideas)

    def effort(self, channel: Channel, fmt: str | None, own: timedelta | None = None) -> timedelta | None:
        """The work of a post or idea: its own effort, else its format's on the channel, else the calendar's."""
        if own is not None:
            return own
        if fmt is None:
            return None
        return channel.effort.get(fmt, self.calendar.effort.get(fmt))

    def channel(self, channel_id: str) -> Channel:
        for channel in self.channels:
            if channel.id == channel_id:
                return channel
        raise KeyError(channel_id)

    @property
    def blackout_days(self) -> frozenset[date]:
        """Every day covered by a blackout key date."""
        return frozenset(self.blackout_titles())

    def blackout_titles(self) -> dict[date, str]:
        """Each blackout day with the title of the (first) blackout key date covering it."""
        titles: dict[date, str] = {}
        for kd in self.key_dates:
            if kd.blackout:
                day = kd.date
                while day <= kd.last:
                    titles.setdefault(day, kd.title)
                    day += timedelta(days=1)
        return titles


@dataclass(frozen=True, slots=True)
class Slot:
    """One dated publication slot: a rule occurrence (maybe filled by a post) or a one-off post."""

    channel: str
    rule: str | None
    """Rule id, or None for a one-off post."""
    planned: datetime
    """Naive local wall-clock date-time as planned (a post's ``at`` fills the slot when equal)."""
    start: datetime
    """Aware, normalized to the channel's zone (a nonexistent 02:30 becomes 03:30+02:00)."""
    end: datetime
    post: Post | None = None
    pillar: str | None = None
    format: str | None = None
    owner: str | None = None
    occurrence: int | None = None
    """Index of the rule occurrence from the rule's start (skips included), for rules with pillars
    or a count; None for one-off posts and where nothing depends on it."""
    duplicate: int = 1
    """n for the n-th one-off post of a channel at the same minute (n > 1 suffixes the uid)."""

    @property
    def uid(self) -> str:
        """Stable identity: channel, rule and planned date-time; filling or editing the post keeps it.

        ``instagram.feed.20261125T1800@calendar-app`` for a rule slot,
        ``instagram.post.20261203T1900@calendar-app`` for a one-off post,
        ``instagram.campaign-salon.teaser@calendar-app`` for a campaign's step (whether it fills a
        rule slot or not): it does not depend on the date, so moving the campaign keeps it.
        """
        post = self.post
        if post is not None and post.campaign is not None:
            return f"{self.channel}.campaign-{post.campaign}.{post.step}@calendar-app"
        p = self.planned
        suffix = f"-{self.duplicate}" if self.duplicate > 1 else ""
        return (f"{self.channel}.{self.rule if self.rule is not None else 'post'}."
                f"{p.year:04d}{p.month:02d}{p.day:02d}T{p.hour:02d}{p.minute:02d}{suffix}@calendar-app")

    @property
    def status(self) -> str:
        """``open`` for an empty slot, else the post's status."""
        return self.post.status if self.post else Status.OPEN.value

    @property
    def title(self) -> str | None:
        return self.post.title if self.post else None

    @property
    def campaign(self) -> str | None:
        """The id of the campaign whose step fills this slot, or None."""
        return self.post.campaign if self.post else None


def check_channel_id(stem: str) -> str | None:
    """Why a file stem cannot be a channel id, or None."""
    if CHANNEL_ID_RE.match(stem):
        return None
    suggestion = re.sub(r"[^a-z0-9-]+", "-", stem.lower()).strip("-") or "my-channel"
    if stem.startswith("-"):
        rules = _('lowercase letters, digits and "-", starting with a letter or digit')
    else:
        rules = _('lowercase letters, digits and "-"')
    return _('"{stem}" is not a channel id ({rules}); rename the file to {suggestion}.toml').format(
        stem=stem, rules=rules, suggestion=suggestion)
