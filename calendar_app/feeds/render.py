"""Slots -> iCalendar subscription feeds (RFC 5545/7986): pure, deterministic bytes, no I/O, no clock."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from calendar_app.core.campaigns import step_slots
from calendar_app.core.model import Channel, Plan
from calendar_app.core.recurrence import expand_channel
from calendar_app.core.reviews import meetings
from calendar_app.feeds.assemble import assemble, merge
from calendar_app.feeds.colors import nearest_css3_name
from calendar_app.feeds.events import SlotBodies, campaign_body, key_date_body, key_dates_in, meeting_body, merge_key, piece_uid
from calendar_app.feeds.filter import LEFT_OUT, FeedFilter
from calendar_app.feeds.sequence import STATE_FORMAT, Records, Revisions, channel_blobs, legacy_entries
from calendar_app.feeds.text import escape_text, fold, utc_stamp
from calendar_app.feeds.vtimezone import vtimezone
from calendar_app.i18n import DEFAULT, translation

PRODID = "-//calendar-app//Editorial calendar feeds//EN"
ALL_FEED = "all.ics"
KEY_DATES_FEED = "key-dates.ics"
CAMPAIGNS_FEED = "campaigns.ics"


@dataclass(frozen=True)
class FeedSet:
    """Every feed of one render, the bookkeeping state to keep for the next one, and counts."""

    files: dict[str, bytes]
    """File name (``instagram.ics``, ``all.ics``, ``key-dates.ics``) -> iCalendar bytes."""
    state: dict
    """JSON-serialisable: per channel (and for the key dates), each UID's content hash, SEQUENCE
    and revision time."""
    events: int = 0
    """Distinct events (UIDs) across the feeds."""
    changed: int = 0
    """Events new or changed since ``state`` (their revision time is ``now``)."""


@dataclass(frozen=True)
class ChannelFeed:
    """One channel's feed as rendered, with what ``all.ics`` and the next render need of it."""

    data: bytes
    events_at: int
    """Offset in ``data`` of the first ``BEGIN:VEVENT``."""
    keys: tuple[str, ...]
    """Each VEVENT's merge key, in feed order (how ``all.ics`` interleaves channels)."""
    pieces: list[bytes]
    """Each VEVENT's bytes after its ``BEGIN:VEVENT`` line, in feed order."""
    record: str
    """The channel's SEQUENCE record after this render."""
    changed: int
    """Events new or changed against the record it started from."""


class FeedRender:
    """The feeds of one plan over one window [start, end) for one filter, piece by piece.

    Pure: ``now`` (aware, UTC) is only the revision time given to new or changed events.
    ``vtimezone(tzid)`` gives a zone's VTIMEZONE block for the window's years (built here by
    default; the incremental layer passes the blocks it kept). Raises ValueError for an empty
    window, an unknown channel in the filter, or a channel whose feed would take a reserved name.
    """

    def __init__(self, plan: Plan, start: date, end: date, *, now: datetime, filter: FeedFilter = FeedFilter(),
                 vtimezone: Callable[[str, tuple[int, int]], str] | None = None):
        if end <= start:
            raise ValueError(f"empty window: end {end} is not after start {start}")
        unknown = [c for c in filter.channels if c not in {ch.id for ch in plan.channels}]
        if unknown:
            raise ValueError(f"unknown channel(s): {', '.join(unknown)}")
        problem = reserved_name_problem(plan)
        if problem:
            raise ValueError(problem)
        self.plan, self.start, self.end, self.filter = plan, start, end, filter
        self.stamp = utc_stamp(now)
        self.channels = [c for c in plan.channels if not filter.channels or c.id in filter.channels]
        # VTIMEZONEs from Jan 1 of the first year to past the last slot's end; from the plan, not the
        # slots, so a channel's feed is the same bytes whatever the filter or the other channels.
        longest = max((c.duration for c in plan.channels), default=timedelta(0))
        self.years = (start.year, (end + longest).year + 1)
        self.home = default_zone(plan)
        self.blackout = plan.blackout_days
        #: The plan's language, not the process's: a feed reads the same whoever exports or serves it.
        self.lang = plan.calendar.lang or DEFAULT
        self._ = translation(self.lang).gettext
        described = filter.describe(self.lang)
        self.suffix = f" ({described})" if described else ""
        self._vtimezone = vtimezone or (lambda tzid, years: vtimezone_block(tzid, *years))

    def vtimezones(self, zones: Iterable[str]) -> list[str]:
        return [self._vtimezone(tzid, self.years) for tzid in sorted(set(zones))]

    def channel(self, channel: Channel, record: str | None, legacy: dict | None = None) -> ChannelFeed:
        """One channel's feed, its SEQUENCE numbers carried on from ``record``."""
        revisions = Revisions(record, self.stamp, self.start, legacy)
        bodies = SlotBodies(channel, self.lang, {c.id: c.name for c in self.plan.campaigns})
        keys: list[str] = []
        pieces: list[bytes] = []
        everything, flt = self.filter.keeps_every_slot, self.filter
        for slot in expand_channel(channel, self.start, self.end, self.blackout):
            if slot.status == LEFT_OUT or not (everything or flt.matches(slot)):
                continue
            pieces.append(revisions.event(slot.uid, bodies.body(slot), slot.start.date()).encode("utf-8"))
            keys.append(merge_key(slot))
        plan, _ = self.plan, self._
        head = feed_head(
            name=f"{channel.name} · {plan.calendar.name}{self.suffix}",
            description=channel.description
            or _("Publication slots and planned posts of {channel} ({calendar}).").format(
                channel=channel.name, calendar=plan.calendar.name),
            vtimezones=self.vtimezones([channel.timezone]), color=channel.color,
        )
        return ChannelFeed(assemble(head, pieces), len(head), tuple(keys), pieces, revisions.blob(), revisions.changed)

    def all_head(self) -> bytes:
        """The head of ``all.ics`` (every selected channel's events follow it)."""
        plan, channels, _ = self.plan, self.channels, self._
        scope = "" if not self.filter.channels else " — " + ", ".join(c.name for c in channels)
        return feed_head(
            name=f"{plan.calendar.name}{scope}{self.suffix}",
            description=_("Publication slots and planned posts of every channel{scope} ({calendar}).").format(
                scope=scope, calendar=plan.calendar.name),
            vtimezones=self.vtimezones([self.home, *(c.timezone for c in channels)]), color=None,
        )

    def key_dates(self, record: str | None, legacy: dict | None = None) -> tuple[bytes, Revisions]:
        """``key-dates.ics`` with the review meetings (owner/status criteria do not apply to either)
        and its revisions."""
        plan, _ = self.plan, self._
        revisions = Revisions(record, self.stamp, self.start, legacy)
        pieces = [revisions.event(uid, key_date_body(kd, self.lang), kd.date).encode("utf-8")
                  for uid, kd in key_dates_in(plan, self.start, self.end)]
        reviews = plan.calendar.reviews
        pieces += [revisions.event(m.uid, meeting_body(m, self.lang), m.planned.date()).encode("utf-8")
                   for m in meetings(reviews, self.start, self.end)]
        head = feed_head(
            name=_("{calendar} · key dates").format(calendar=plan.calendar.name),
            description=_("Key dates of the sector, blackouts and review meetings ({calendar}).").format(
                calendar=plan.calendar.name) if reviews else
            _("Key dates of the sector and blackouts ({calendar}).").format(calendar=plan.calendar.name),
            vtimezones=self.vtimezones([self.home, *(r.timezone for r in reviews)]), color=None,
        )
        return assemble(head, pieces), revisions

    def campaign_channels(self) -> list[Channel]:
        """The selected channels that campaign steps place posts on (whose events ``campaigns.ics`` repeats)."""
        return [c for c in self.channels if c.campaign_posts]

    def campaigns(self, record: str | None, pieces: dict[str, list[bytes]]) -> tuple[bytes, Revisions]:
        """``campaigns.ics``: each campaign's all-day event on its anchor day, followed by its steps'
        events taken as they are from their channel feeds' ``pieces`` (channel id -> VEVENT bytes,
        for :meth:`campaign_channels`), so the bytes, UIDs and SEQUENCE are those of the channel
        feeds. A step outside the window or left out by the filter is not there; a campaign is
        when its anchor day is in the window or one of its steps is. Always written (no campaign:
        an empty calendar), so a subscription never fails."""
        plan, _ = self.plan, self._
        revisions = Revisions(record, self.stamp, self.start)
        by_uid: dict[str, bytes] = {}
        for channel_pieces in pieces.values():
            for piece in channel_pieces:
                if b".campaign-" in piece[:160]:
                    by_uid[piece_uid(piece)] = piece
        channels = {c.id: c for c in plan.channels}
        out: list[bytes] = []
        for campaign in plan.campaigns:
            steps = step_slots(plan, campaign)
            shown = [by_uid[slot.uid] for _step, slot in steps if slot is not None and slot.uid in by_uid]
            if not shown and not self.start <= campaign.anchor_day < self.end:
                continue
            body = campaign_body(campaign, steps, channels, self.lang)
            out.append(revisions.event(f"campaign-{campaign.id}@calendar-app", body, campaign.anchor_day).encode("utf-8"))
            out += shown
        head = feed_head(
            name=_("{calendar} · campaigns").format(calendar=plan.calendar.name),
            description=_("Campaigns of {calendar}: each one on its anchor day, then its steps.").format(
                calendar=plan.calendar.name),
            vtimezones=self.vtimezones([self.home, *(c.timezone for c in self.campaign_channels())]), color=None,
        )
        return assemble(head, out), revisions


def campaigns_record(state: object) -> str | None:
    """The SEQUENCE record of ``campaigns.ics``'s own events in an export's state, or None."""
    record = state.get("campaigns") if isinstance(state, dict) else None
    return record if isinstance(record, str) else None


def build_feeds(
    plan: Plan, start: date, end: date, *, now: datetime, state: dict | None = None,
    filter: FeedFilter = FeedFilter(),
) -> FeedSet:
    """Every feed of the plan for [start, end) and the new state, rendered in full.

    Written: one feed per selected channel (``filter.channels``, or all), ``all.ics`` with the
    selected channels' slots, ``key-dates.ics`` with the key dates overlapping the window and
    ``campaigns.ics`` with the campaigns and their steps' events.
    Cancelled posts are never written. ``state`` is what an earlier render returned: an event
    whose content is unchanged keeps its SEQUENCE and revision time, a changed one gets the next
    SEQUENCE and ``now`` (aware, UTC).
    """
    render = FeedRender(plan, start, end, now=now, filter=filter)
    records = Records.of_state(state)
    legacy = legacy_entries(state)
    in_plan = {c.id for c in plan.channels}
    # records of channels left out by the filter are kept as they were
    blobs = {cid: records.blob(cid) for cid in records.tokens if cid in in_plan}
    files: dict[str, bytes] = {}
    keys, pieces = {}, {}
    events = changed = 0
    for channel in render.channels:
        feed = render.channel(channel, records.blob(channel.id), legacy)
        files[f"{channel.id}.ics"] = feed.data
        keys[channel.id], pieces[channel.id] = feed.keys, feed.pieces
        blobs[channel.id] = feed.record
        events += len(feed.keys)
        changed += feed.changed
    files[ALL_FEED] = merge(render.all_head(), keys, pieces)
    files[KEY_DATES_FEED], revisions = render.key_dates(channel_blobs(state)[1], legacy)
    files[CAMPAIGNS_FEED], campaigns = render.campaigns(
        campaigns_record(state), {c.id: pieces[c.id] for c in render.campaign_channels()})
    new_state = {"format": STATE_FORMAT, "channels": dict(sorted(blobs.items())), "key_dates": revisions.blob(),
                 "campaigns": campaigns.blob()}
    return FeedSet(files, new_state, events + revisions.seen + campaigns.seen,
                   changed + revisions.changed + campaigns.changed)


def render_feeds(
    plan: Plan, start: date, end: date, *, now: datetime, state: dict | None = None,
    filter: FeedFilter = FeedFilter(),
) -> tuple[dict[str, bytes], dict]:
    """The files and new state of :func:`build_feeds`."""
    feeds = build_feeds(plan, start, end, now=now, state=state, filter=filter)
    return feeds.files, feeds.state


def default_zone(plan: Plan) -> str:
    """The calendar's zone: ``_calendar.toml``'s, else the channels' most common one, else UTC."""
    if plan.calendar.timezone:
        return plan.calendar.timezone
    counts = Counter(c.timezone for c in plan.channels)
    if not counts:
        return "UTC"
    return min(counts, key=lambda z: (-counts[z], z))


_VTIMEZONES: dict[tuple[str, int, int], str] = {}


def vtimezone_block(tzid: str, first_year: int, last_year: int) -> str:
    """A zone's VTIMEZONE block, built once per process for each span of years."""
    key = (tzid, first_year, last_year)
    block = _VTIMEZONES.get(key)
    if block is None:
        block = _VTIMEZONES[key] = vtimezone(tzid, first_year, last_year)
    return block


def reserved_name_problem(plan: Plan) -> str | None:
    """Why a channel's feed would overwrite ``all.ics``, ``key-dates.ics`` or ``campaigns.ics``, or None."""
    for channel in plan.channels:
        if f"{channel.id}.ics" == CAMPAIGNS_FEED:
            return (f'channel "{channel.id}" would write {channel.id}.ics, the name of the campaigns feed; '
                    "rename its plan file")
        if f"{channel.id}.ics" in (ALL_FEED, KEY_DATES_FEED):
            return (
                f'channel "{channel.id}" would write {channel.id}.ics, the name of the '
                f"{'combined' if channel.id == 'all' else 'key dates'} feed; rename its plan file"
            )
    return None


def feed_head(*, name: str, description: str, vtimezones: list[str], color: str | None) -> bytes:
    """A feed's bytes up to its first VEVENT: calendar properties and VTIMEZONEs. No X-WR-TIMEZONE:
    every time has a TZID or is UTC, and recurring-ical-events (through x-wr-timezone) would
    re-read the UTC ones in that zone."""
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"X-WR-CALDESC:{escape_text(description)}",
    ]
    if color:
        head += [f"COLOR:{nearest_css3_name(color)}", f"X-APPLE-CALENDAR-COLOR:{color.upper()}"]
    head += ["REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"]
    return "".join([*(fold(line) for line in head), *vtimezones]).encode("utf-8")
