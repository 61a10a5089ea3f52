"""The feeds of an export rendered again only where their inputs changed: the rest is reused or spliced."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from calendar_app.core.model import Channel, Plan
from calendar_app.feeds.assemble import merge
from calendar_app.feeds.filter import FeedFilter
from calendar_app.feeds.incremental.parts import ChannelPart, FeedCache, Spliced, splice
from calendar_app.feeds.render import ALL_FEED, CAMPAIGNS_FEED, KEY_DATES_FEED, FeedRender, vtimezone_block
from calendar_app.feeds.sequence import STATE_FORMAT, Records, token


@dataclass(frozen=True)
class IncrementalFeeds:
    """The feeds of one export as :func:`build_incremental` made them."""

    files: dict[str, bytes | Spliced]
    """File name -> bytes; a channel feed reused from the cache is not here (its bytes are the
    file it was read from), and ``all.ics`` may be :class:`Spliced` from the previous one."""
    state: dict
    """Like :attr:`calendar_app.feeds.render.FeedSet.state`, with the records of the channels
    rendered only: the others are in ``kept``."""
    events: int
    changed: int
    parts: dict[str, ChannelPart] = field(default_factory=dict)
    """Selected channel id -> its feed as the next export may reuse it, in plan order."""
    vtimezones: dict[str, str] = field(default_factory=dict)
    """The VTIMEZONE blocks used, by :func:`vtimezone_key`, for the next export."""
    reused: int = 0
    """Channel feeds taken whole from the cache rather than rendered."""
    kept: tuple[str, ...] = ()
    """The channels whose record is still the one ``records`` holds."""


def build_incremental(
    plan: Plan, start: date, end: date, *, now: datetime, key_dates: str | None, records: Records,
    cache: FeedCache, filter: FeedFilter = FeedFilter(), legacy: dict | None = None, campaigns: str | None = None,
) -> IncrementalFeeds:
    """The same feeds as :func:`calendar_app.feeds.render.build_feeds` with the state these
    ``records`` (and the key dates' record ``key_dates``, the campaigns' ``campaigns``) come from, rendering only what changed.

    Each channel's inputs are fingerprinted; a channel whose fingerprint matches a cached part
    is taken from it instead of being expanded and rendered: the bytes are the same as rendering
    it would give, since the fingerprint covers everything they depend on, the channel's
    SEQUENCE record included (by its token). A record is read only for a channel rendered.
    ``legacy``: the events of a format-1 state (:func:`calendar_app.feeds.sequence.legacy_entries`).
    """
    zones = _Zones(cache)
    render = FeedRender(plan, start, end, now=now, filter=filter, vtimezone=zones.block)
    context = repr((start, end, render.years, sorted(render.blackout), filter.owner, filter.statuses,
                    plan.calendar.name, render.lang, tuple((c.id, c.name) for c in plan.campaigns)))
    in_plan = {c.id for c in plan.channels}
    kept = {cid for cid in records.tokens if cid in in_plan}
    new_blobs: dict[str, str] = {}
    rendered: dict[str, list[bytes]] = {}
    files: dict[str, bytes | Spliced] = {}
    parts: dict[str, ChannelPart] = {}
    changed = reused = 0

    def inputs_of(channel: Channel):
        """The hash of the channel's inputs but its SEQUENCE record, or None if not cacheable."""
        if channel.timezone not in cache.salt:
            return None
        inputs = hashlib.sha256(f"{context}\0{cache.salt[channel.timezone]}\0".encode())
        inputs.update(repr(channel).encode("utf-8"))
        return inputs

    def render_channel(channel: Channel, inputs) -> ChannelPart:
        nonlocal changed
        feed = render.channel(channel, records.blob(channel.id), legacy)
        new_blobs[channel.id] = feed.record
        kept.discard(channel.id)
        changed += feed.changed
        rendered[channel.id] = feed.pieces
        # the record it leaves is part of what the next export must match
        fingerprint = _with_record(inputs, token(feed.record)) if inputs is not None else ""
        files[f"{channel.id}.ics"] = feed.data
        return ChannelPart(fingerprint, feed.data, feed.events_at, len(feed.keys), feed.keys)

    for channel in render.channels:
        inputs = inputs_of(channel)
        part = cache.parts.get(channel.id) if inputs is not None else None
        if part is not None and part.fingerprint == _with_record(inputs, records.token(channel.id)):
            reused += 1  # its file is left as it is: not in ``files``
        else:
            part = render_channel(channel, inputs)
        parts[channel.id] = part
    all_head = render.all_head()
    data = splice(all_head, cache, parts, rendered)
    if data is None:
        pieces, keys = {}, {}
        for channel in render.channels:
            cid = channel.id
            if cid not in rendered:
                pieces[cid], keys[cid] = parts[cid].pieces(), parts[cid].keys()
                if pieces[cid] is None or keys[cid] is None:  # changed on disk since it was checked
                    reused -= 1
                    parts[cid] = render_channel(channel, inputs_of(channel))
            if cid in rendered:
                pieces[cid], keys[cid] = rendered[cid], parts[cid].keys()
        data = merge(all_head, keys, pieces)
    files[ALL_FEED] = data
    files[KEY_DATES_FEED], revisions = render.key_dates(key_dates, legacy)
    # campaigns.ics repeats the steps' events of their channels: a reused channel's are read back
    steps: dict[str, list[bytes]] = {}
    for channel in render.campaign_channels():
        cid = channel.id
        found = rendered[cid] if cid in rendered else parts[cid].pieces()
        if found is None:  # changed on disk since it was checked
            reused -= 1
            parts[cid] = render_channel(channel, inputs_of(channel))
            found = rendered[cid]
        steps[cid] = found
    files[CAMPAIGNS_FEED], in_campaigns = render.campaigns(campaigns, steps)
    events = sum(part.count for part in parts.values())
    state = {"format": STATE_FORMAT, "channels": dict(sorted(new_blobs.items())), "key_dates": revisions.blob(),
             "campaigns": in_campaigns.blob()}
    return IncrementalFeeds(
        files=files, state=state, events=events + revisions.seen + in_campaigns.seen,
        changed=changed + revisions.changed + in_campaigns.changed,
        parts=parts, vtimezones=zones.used, reused=reused, kept=tuple(sorted(kept)),
    )


def _with_record(inputs, record_token: str) -> str:
    h = inputs.copy()
    h.update(b"\0" + record_token.encode("ascii"))
    return h.hexdigest()


class _Zones:
    """VTIMEZONE blocks for the window's years, from the cache when it has them."""

    def __init__(self, cache: FeedCache):
        self.cache = cache
        self.used: dict[str, str] = {}

    def block(self, tzid: str, years: tuple[int, int]) -> str:
        salt = self.cache.salt.get(tzid)
        if salt is None:
            return vtimezone_block(tzid, *years)
        key = vtimezone_key(tzid, years, salt)
        text = self.used.get(key) or self.cache.vtimezones.get(key) or vtimezone_block(tzid, *years)
        self.used[key] = text
        return text


def vtimezone_key(tzid: str, years: tuple[int, int], salt: str) -> str:
    """How a cached VTIMEZONE block is named: zone, years and the zone's salt."""
    return hashlib.sha256(f"{tzid}\0{years[0]}\0{years[1]}\0{salt}".encode()).hexdigest()
