"""Slots -> iCalendar subscription feeds (RFC 5545/7986): pure, deterministic bytes, no I/O, no clock."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from calendar_app.feeds.colors import nearest_css3_name
from calendar_app.feeds.events import (
    TENTATIVE,
    SlotBodies,
    key_date_body,
    key_dates_in,
    merge_key,
    slot_summary,
)
from calendar_app.feeds.parts import ChannelPart, FeedCache, Spliced, assemble, merge, splice
from calendar_app.feeds.sequence import (
    STATE_FORMAT,
    Records,
    Revisions,
    channel_blobs,
    legacy_entries,
    token,
)
from calendar_app.feeds.text import escape_text, fold, utc_stamp
from calendar_app.feeds.vtimezone import vtimezone
from calendar_app.core.model import Channel, Plan, Slot
from calendar_app.core.recurrence import expand_channel

PRODID = "-//calendar-app//Editorial calendar feeds//EN"
ALL_FEED = "all.ics"
KEY_DATES_FEED = "key-dates.ics"
#: Posts with this status are left out of every feed (clients would keep showing them).
LEFT_OUT = "cancelled"
__all__ = ["STATE_FORMAT", "TENTATIVE", "ChannelPart", "FeedCache", "key_dates_in", "slot_summary"]  # re-exported: callers import them from here


@dataclass(frozen=True)
class FeedFilter:
    """Which slots a personal feed keeps ("my drafts"); the empty filter keeps everything."""

    channels: tuple[str, ...] = ()
    """Channel ids; empty = every channel."""
    owner: str | None = None
    """Slot owner (the post's, else the channel's), compared case-insensitively."""
    statuses: tuple[str, ...] = ()
    """Slot statuses (``open``, ``idea``, ``draft``...); empty = all."""

    def matches(self, slot: Slot) -> bool:
        """True when the slot passes every criterion of the filter."""
        if self.channels and slot.channel not in self.channels:
            return False
        if self.owner is not None and (slot.owner or "").casefold() != self.owner.casefold():
            return False
        return not self.statuses or slot.status in self.statuses

    def describe(self) -> str:
        """``owner Camille, status draft`` (empty for no owner/status criterion)."""
        parts = []
        if self.owner is not None:
            parts.append(f"owner {self.owner}")
        if self.statuses:
            parts.append("status " + "/".join(self.statuses))
        return ", ".join(parts)


@dataclass(frozen=True)
class FeedSet:
    """Every feed of one export, the bookkeeping state to keep for the next one, and counts."""

    files: dict[str, bytes | Spliced]
    """File name (``instagram.ics``, ``all.ics``, ``key-dates.ics``) -> iCalendar bytes; a channel
    feed reused from the cache is not here (its bytes are the file it was read from); with a
    cache, ``all.ics`` may be :class:`Spliced` from the previous one (``bytes()`` of it)."""
    state: dict
    """JSON-serialisable: per channel (and for the key dates), each UID's content hash, SEQUENCE
    and revision time. Given ``records``, only the records of the channels rendered are here:
    the others are in ``kept``."""
    events: int = 0
    """Distinct events (UIDs) across the feeds."""
    changed: int = 0
    """Events new or changed since ``state`` (their revision time is ``now``)."""
    parts: dict[str, ChannelPart] = field(default_factory=dict)
    """Selected channel id -> its feed as the next export may reuse it (fingerprints only with a
    cache), in plan order."""
    vtimezones: dict[str, str] = field(default_factory=dict)
    """The VTIMEZONE blocks used, by :func:`vtimezone_key` (with a cache, for the next export)."""
    reused: int = 0
    """Channel feeds taken whole from the cache rather than rendered."""
    kept: tuple[str, ...] = ()
    """Given ``records``: the channels whose record is still the one ``records`` holds."""


def feed_window(
    today: date, *, past_days: int = 30, weeks: int = 12, start: date | None = None
) -> tuple[date, date]:
    """[start, end) of the feeds: ``start`` .. ``start + weeks`` as for ``agenda``, else the rolling
    window today - past_days .. today + weeks."""
    if start is not None:
        return start, start + timedelta(weeks=weeks)
    return today - timedelta(days=past_days), today + timedelta(weeks=weeks)


def default_zone(plan: Plan) -> str:
    """The calendar's zone: ``_calendar.toml``'s, else the channels' most common one, else UTC."""
    if plan.calendar.timezone:
        return plan.calendar.timezone
    counts = Counter(c.timezone for c in plan.channels)
    if not counts:
        return "UTC"
    return min(counts, key=lambda z: (-counts[z], z))


def render_feeds(
    plan: Plan, start: date, end: date, *, now: datetime, state: dict | None = None,
    filter: FeedFilter = FeedFilter(),
) -> tuple[dict[str, bytes], dict]:
    """Every feed of the plan for [start, end): {"<channel-id>.ics": ..., "all.ics": ..., "key-dates.ics": ...}
    and the new state (JSON-serialisable) for SEQUENCE / LAST-MODIFIED bookkeeping. Pure: `now` (aware, UTC)
    is the revision time used only for events whose content changed vs `state` (or that are new)."""
    feeds = build_feeds(plan, start, end, now=now, state=state, filter=filter)
    return feeds.files, feeds.state


def build_feeds(
    plan: Plan, start: date, end: date, *, now: datetime, state: dict | None = None,
    filter: FeedFilter = FeedFilter(), cache: FeedCache | None = None, records: Records | None = None,
) -> FeedSet:
    """Like :func:`render_feeds`, with the counts of events and changed events.

    Written: one feed per selected channel (``filter.channels``, or all), ``all.ics`` with the
    selected channels' slots, and ``key-dates.ics`` with the key dates overlapping the window
    (owner/status criteria do not apply to key dates). Cancelled posts are never written.

    With a ``cache``, each channel's inputs are fingerprinted, and a channel whose fingerprint
    matches a cached part is taken from it instead of being expanded and rendered: the bytes
    are the same as rendering it would give, since the fingerprint covers everything they
    depend on, the channel's SEQUENCE record included (by its token).

    ``records`` holds the channels' SEQUENCE records instead of ``state`` (which then gives only
    the key dates' record), read only for the channels rendered.
    """
    if end <= start:
        raise ValueError(f"empty window: end {end} is not after start {start}")
    unknown = [c for c in filter.channels if c not in {ch.id for ch in plan.channels}]
    if unknown:
        raise ValueError(f"unknown channel(s): {', '.join(unknown)}")
    problem = reserved_name_problem(plan)
    if problem:
        raise ValueError(problem)
    stamp = utc_stamp(now)
    key_blob = channel_blobs(state)[1]
    lazy = records is not None
    records = Records.of_state(state) if records is None else records
    legacy = legacy_entries(state)
    channels = [c for c in plan.channels if not filter.channels or c.id in filter.channels]
    # VTIMEZONEs from Jan 1 of the first year to past the last slot's end; from the plan, not the
    # slots, so a channel's feed is the same bytes whatever the filter or the other channels.
    longest = max((c.duration for c in plan.channels), default=timedelta(0))
    years = (start.year, (end + longest).year + 1)
    zones = _Zones(cache, years)
    suffix = f" ({filter.describe()})" if filter.describe() else ""
    home = default_zone(plan)
    blackout = plan.blackout_days
    context = repr((start, end, years, sorted(blackout), filter.owner, filter.statuses, plan.calendar.name))
    files: dict[str, bytes] = {}
    parts: dict[str, ChannelPart] = {}
    in_plan = {c.id for c in plan.channels}
    kept = {cid for cid in records.tokens if cid in in_plan}
    new_blobs = {} if lazy else {cid: records.blob(cid) for cid in kept}
    rendered: dict[str, list[bytes]] = {}
    changed = reused = 0

    def inputs_of(channel: Channel):
        """The hash of the channel's inputs but its SEQUENCE record, or None if not cacheable."""
        if cache is None or channel.timezone not in cache.salt:
            return None
        inputs = hashlib.sha256(f"{context}\0{cache.salt[channel.timezone]}\0".encode())
        inputs.update(repr(channel).encode("utf-8"))
        return inputs

    def render(channel: Channel, inputs) -> ChannelPart:
        nonlocal changed
        revisions = Revisions(records.blob(channel.id), stamp, start, legacy)
        keys, pieces = _channel_events(channel, start, end, blackout, filter, revisions)
        head = _head(
            name=f"{channel.name} · {plan.calendar.name}{suffix}",
            description=channel.description
            or f"Publication slots and planned posts of {channel.name} ({plan.calendar.name}).",
            vtimezones=zones.blocks([channel.timezone]), color=channel.color,
        )
        new_blobs[channel.id] = revisions.blob()
        kept.discard(channel.id)
        changed += revisions.changed
        rendered[channel.id] = pieces
        # the record it leaves is part of what the next export must match
        fingerprint = _with_record(inputs, token(new_blobs[channel.id])) if inputs is not None else ""
        files[f"{channel.id}.ics"] = data = assemble(head, pieces)
        return ChannelPart(fingerprint, data, len(head), len(keys), tuple(keys))

    for channel in channels:
        inputs = inputs_of(channel)
        part = cache.parts.get(channel.id) if cache is not None and inputs is not None else None
        if part is not None and part.fingerprint == _with_record(inputs, records.token(channel.id)):
            reused += 1  # its file is left as it is: not in ``files``
        else:
            part = render(channel, inputs)
        parts[channel.id] = part
    scope = "" if not filter.channels else " — " + ", ".join(c.name for c in channels)
    all_head = _head(
        name=f"{plan.calendar.name}{scope}{suffix}",
        description=f"Publication slots and planned posts of every channel{scope} ({plan.calendar.name}).",
        vtimezones=zones.blocks([home, *(c.timezone for c in channels)]), color=None,
    )
    data = splice(all_head, cache, parts, rendered) if cache is not None else None
    if data is None:
        pieces, keys = {}, {}
        for channel in channels:
            cid = channel.id
            if cid not in rendered:
                pieces[cid], keys[cid] = parts[cid].pieces(), parts[cid].keys()
                if pieces[cid] is None or keys[cid] is None:  # changed on disk since it was checked
                    reused -= 1
                    parts[cid] = render(channel, inputs_of(channel))
            if cid in rendered:
                pieces[cid], keys[cid] = rendered[cid], parts[cid].keys()
        data = merge(all_head, keys, pieces)
    files[ALL_FEED] = data
    events = sum(part.count for part in parts.values())
    revisions = Revisions(key_blob, stamp, start, legacy)
    key_pieces = [
        revisions.event(uid, key_date_body(kd), kd.date).encode("utf-8") for uid, kd in key_dates_in(plan, start, end)
    ]
    files[KEY_DATES_FEED] = assemble(
        _head(
            name=f"{plan.calendar.name} · key dates",
            description=f"Key dates of the sector and blackouts ({plan.calendar.name}).",
            vtimezones=zones.blocks([home]), color=None,
        ),
        key_pieces,
    )
    new_state = {"format": STATE_FORMAT, "channels": dict(sorted(new_blobs.items())), "key_dates": revisions.blob()}
    return FeedSet(
        files=files, state=new_state, events=events + revisions.seen, changed=changed + revisions.changed,
        parts=parts, vtimezones=zones.used, reused=reused, kept=tuple(sorted(kept)) if lazy else (),
    )


def _with_record(inputs, record_token: str) -> str:
    h = inputs.copy()
    h.update(b"\0" + record_token.encode("ascii"))
    return h.hexdigest()


def _channel_events(
    channel: Channel, start: date, end: date, blackout: frozenset[date], filter: FeedFilter, revisions: Revisions
) -> tuple[list[str], list[bytes]]:
    """The merge keys and VEVENT bytes (after ``BEGIN:VEVENT``) of one channel's slots, in order."""
    bodies = SlotBodies(channel)
    keys: list[str] = []
    pieces: list[bytes] = []
    everything = filter.owner is None and not filter.statuses
    for slot in expand_channel(channel, start, end, blackout):
        if slot.status == LEFT_OUT or not (everything or filter.matches(slot)):
            continue
        text = revisions.event(slot.uid, bodies.body(slot), slot.start.date())
        pieces.append(text.encode("utf-8"))
        keys.append(merge_key(slot))
    return keys, pieces


class _Zones:
    """VTIMEZONE blocks for the window's years, from the cache when it has them."""

    def __init__(self, cache: FeedCache | None, years: tuple[int, int]):
        self.cache, self.years = cache, years
        self.used: dict[str, str] = {}

    def blocks(self, zones: Iterable[str]) -> list[str]:
        out = []
        for tzid in sorted(set(zones)):
            if self.cache is None or tzid not in self.cache.salt:
                out.append(vtimezone(tzid, *self.years))
                continue
            key = vtimezone_key(tzid, self.years, self.cache.salt[tzid])
            text = self.used.get(key) or self.cache.vtimezones.get(key) or vtimezone(tzid, *self.years)
            self.used[key] = text
            out.append(text)
        return out


def vtimezone_key(tzid: str, years: tuple[int, int], salt: str) -> str:
    """How a cached VTIMEZONE block is named: zone, years and the zone's salt."""
    return hashlib.sha256(f"{tzid}\0{years[0]}\0{years[1]}\0{salt}".encode()).hexdigest()


def reserved_name_problem(plan: Plan) -> str | None:
    """Why a channel's feed would overwrite ``all.ics`` or ``key-dates.ics``, or None."""
    for channel in plan.channels:
        if f"{channel.id}.ics" in (ALL_FEED, KEY_DATES_FEED):
            return (
                f'channel "{channel.id}" would write {channel.id}.ics, the name of the '
                f"{'combined' if channel.id == 'all' else 'key dates'} feed; rename its plan file"
            )
    return None


def _head(*, name: str, description: str, vtimezones: list[str], color: str | None) -> bytes:
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
