"""Slots -> iCalendar subscription feeds (RFC 5545/7986): pure, deterministic bytes, no I/O, no clock."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from calendar_app.colors import nearest_css3_name
from calendar_app.icstext import (
    date_value,
    escape_text,
    exact_duration,
    fold,
    local_stamp,
    nominal_duration,
    text_list,
    uri,
    utc_stamp,
    vtimezone,
)
from calendar_app.model import Channel, KeyDate, Plan, Slot
from calendar_app.recurrence import expand

PRODID = "-//calendar-app//Editorial calendar feeds//EN"
ALL_FEED = "all.ics"
KEY_DATES_FEED = "key-dates.ics"
STATE_FORMAT = 1
#: Slot statuses shown as TENTATIVE (nothing publishable yet); the others are CONFIRMED.
TENTATIVE = frozenset({"open", "idea", "draft"})
#: Posts with this status are left out of every feed (clients would keep showing them).
LEFT_OUT = "cancelled"
_STAMP_RE = re.compile(r"^\d{8}T\d{6}Z$")


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

    files: dict[str, bytes]
    """File name (``instagram.ics``, ``all.ics``, ``key-dates.ics``) -> iCalendar bytes."""
    state: dict
    """JSON-serialisable: per UID, content hash, SEQUENCE and revision time."""
    events: int = 0
    """Distinct events (UIDs) across the feeds."""
    changed: int = 0
    """Events new or changed since ``state`` (their revision time is ``now``)."""


def feed_window(
    today: date, *, past_days: int = 30, weeks: int = 12, start: date | None = None
) -> tuple[date, date]:
    """[start, end) of the rolling window: today - past_days .. today + weeks (start overrides the first day)."""
    first = start if start is not None else today - timedelta(days=past_days)
    return first, today + timedelta(weeks=weeks)


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
    filter: FeedFilter = FeedFilter(),
) -> FeedSet:
    """Like :func:`render_feeds`, with the counts of events and changed events.

    Written: one feed per selected channel (``filter.channels``, or all), ``all.ics`` with the
    selected channels' slots, and ``key-dates.ics`` with the key dates overlapping the window
    (owner/status criteria do not apply to key dates). Cancelled posts are never written.
    """
    if end <= start:
        raise ValueError(f"empty window: end {end} is not after start {start}")
    unknown = [c for c in filter.channels if c not in {ch.id for ch in plan.channels}]
    if unknown:
        raise ValueError(f"unknown channel(s): {', '.join(unknown)}")
    problem = reserved_name_problem(plan)
    if problem:
        raise ValueError(problem)
    revisions = _Revisions(state, utc_stamp(now), start)
    channels = [c for c in plan.channels if not filter.channels or c.id in filter.channels]
    slots = expand(plan, start, end, [c.id for c in channels])
    slots = [s for s in slots if s.status != LEFT_OUT and filter.matches(s)]
    by_channel: dict[str, list[str]] = {c.id: [] for c in channels}
    everything: list[str] = []
    labels = {(c.id, r.id): (r.label or r.id) for c in plan.channels for r in c.rules}
    channel_of = {c.id: c for c in channels}
    for slot in slots:
        channel = channel_of[slot.channel]
        body = _slot_body(slot, channel, labels.get((slot.channel, slot.rule)))
        text = revisions.event(slot.uid, body, slot.start.date())
        by_channel[slot.channel].append(text)
        everything.append(text)
    # VTIMEZONEs from Jan 1 of the first year to past the last slot's end; from the plan, not the
    # slots, so a channel's feed is the same bytes whatever the filter or the other channels.
    longest = max((c.duration for c in plan.channels), default=timedelta(0))
    years = (start.year, (end + longest).year + 1)
    suffix = f" ({filter.describe()})" if filter.describe() else ""
    home = default_zone(plan)
    files: dict[str, bytes] = {}
    for channel in channels:
        files[f"{channel.id}.ics"] = _calendar(
            name=f"{channel.name} · {plan.calendar.name}{suffix}",
            description=channel.description
            or f"Publication slots and planned posts of {channel.name} ({plan.calendar.name}).",
            zone=channel.timezone, zones=[channel.timezone], color=channel.color,
            events=by_channel[channel.id], years=years,
        )
    scope = "" if not filter.channels else " — " + ", ".join(c.name for c in channels)
    files[ALL_FEED] = _calendar(
        name=f"{plan.calendar.name}{scope}{suffix}",
        description=f"Publication slots and planned posts of every channel{scope} ({plan.calendar.name}).",
        zone=home, zones=[home, *(c.timezone for c in channels)], color=None,
        events=everything, years=years,
    )
    key_events = [revisions.event(uid, _key_date_body(kd), kd.date) for uid, kd in key_dates_in(plan, start, end)]
    files[KEY_DATES_FEED] = _calendar(
        name=f"{plan.calendar.name} · key dates",
        description=f"Key dates of the sector and blackouts ({plan.calendar.name}).",
        zone=home, zones=[home], color=None, events=key_events, years=years,
    )
    return FeedSet(files=files, state=revisions.state(), events=len(revisions.seen), changed=revisions.changed)


def reserved_name_problem(plan: Plan) -> str | None:
    """Why a channel's feed would overwrite ``all.ics`` or ``key-dates.ics``, or None."""
    for channel in plan.channels:
        if f"{channel.id}.ics" in (ALL_FEED, KEY_DATES_FEED):
            return (
                f'channel "{channel.id}" would write {channel.id}.ics, the name of the '
                f"{'combined' if channel.id == 'all' else 'key dates'} feed; rename its plan file"
            )
    return None


def key_dates_in(plan: Plan, start: date, end: date) -> list[tuple[str, KeyDate]]:
    """(UID, key date) for the key dates overlapping [start, end), exact duplicates once.

    The UID is derived from the first day and the title, so it survives re-imports.
    """
    out: list[tuple[str, KeyDate]] = []
    seen: set[tuple] = set()
    uids: Counter[str] = Counter()
    for kd in sorted(plan.key_dates, key=lambda k: (k.date, k.last, k.title, k.blackout)):
        if kd.last < start or kd.date >= end:
            continue
        identity = (kd.date, kd.last, kd.title, kd.blackout)
        if identity in seen:
            continue
        seen.add(identity)
        digest = hashlib.sha256(kd.title.encode("utf-8")).hexdigest()[:10]
        uid = f"key-date.{kd.date:%Y%m%d}.{digest}"
        uids[uid] += 1
        suffix = f"-{uids[uid]}" if uids[uid] > 1 else ""
        out.append((f"{uid}{suffix}@calendar-app", kd))
    return out


# --- events ---------------------------------------------------------------------------------


def slot_summary(slot: Slot, channel: Channel, rule_label: str | None) -> str:
    """``Instagram · open slot (Post feed)`` or ``Instagram · <post title>``."""
    if slot.post is None:
        return f"{channel.name} · open slot ({rule_label or 'one-off'})"
    return f"{channel.name} · {slot.title or '(untitled)'}"


def _slot_body(slot: Slot, channel: Channel, rule_label: str | None) -> str:
    """The folded lines of a slot's VEVENT after UID/DTSTAMP/SEQUENCE/LAST-MODIFIED."""
    status = slot.status
    summary = slot_summary(slot, channel, rule_label)
    post = slot.post
    details = [f"Status: {'open slot' if post is None else status}"]
    for label, value in (("Owner", slot.owner), ("Format", slot.format), ("Pillar", slot.pillar)):
        if value:
            details.append(f"{label}: {value}")
    details.append(f"Rule: {rule_label}" if slot.rule else "One-off post")
    if post and post.notes:
        details += ["", post.notes]
    if post and post.link:
        details += ["", post.link]
    categories = list(dict.fromkeys(v for v in (channel.name, slot.format, slot.pillar) if v))
    exact = slot.end.astimezone(timezone.utc) - slot.start.astimezone(timezone.utc)
    lines = [
        f"DTSTART;TZID={channel.timezone}:{local_stamp(slot.start)}",
        f"DURATION:{exact_duration(exact)}",
        f"SUMMARY:{escape_text(summary)}",
        f"STATUS:{'TENTATIVE' if status in TENTATIVE else 'CONFIRMED'}",
        f"CATEGORIES:{text_list(categories)}",
        f"DESCRIPTION:{escape_text(chr(10).join(details))}",
    ]
    if post and post.link:
        lines.append(f"URL:{uri(post.link)}")
    if channel.color:
        lines.append(f"COLOR:{nearest_css3_name(channel.color)}")
    lines.append("TRANSP:TRANSPARENT")
    if channel.remind:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text('Prepare: ' + summary)}",
            f"TRIGGER:{nominal_duration(-channel.remind)}",
            "END:VALARM",
        ]
    return "".join(fold(line) for line in lines)


def _key_date_body(kd: KeyDate) -> str:
    summary = f"⛔ {kd.title} (blackout: no posts)" if kd.blackout else kd.title
    details = ["Blackout: no slot from any rule on these days." if kd.blackout else "Key date."]
    if kd.source:
        details.append(f"Source: {kd.source}")
    categories = ["Key date", "Blackout"] if kd.blackout else ["Key date"]
    lines = [
        f"DTSTART;VALUE=DATE:{date_value(kd.date)}",
        f"DTEND;VALUE=DATE:{date_value(kd.last + timedelta(days=1))}",
        f"SUMMARY:{escape_text(summary)}",
        "STATUS:CONFIRMED",
        f"CATEGORIES:{text_list(categories)}",
        f"DESCRIPTION:{escape_text(chr(10).join(details))}",
        "TRANSP:TRANSPARENT",
    ]
    return "".join(fold(line) for line in lines)


class _Revisions:
    """SEQUENCE and revision time per UID: kept while an event's content is unchanged."""

    def __init__(self, state: dict | None, now: str, start: date):
        self.now = now
        self.old = _valid_entries(state)
        self.new: dict[str, dict] = {}
        self.seen: set[str] = set()
        self.changed = 0
        self.start = start.isoformat()

    def event(self, uid: str, body: str, day: date) -> str:
        """The whole VEVENT text: the previous SEQUENCE/revision if ``body`` is unchanged, else bumped."""
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
        entry = self.new.get(uid) or self.old.get(uid)
        if entry is None or entry["hash"] != digest:
            sequence = 0 if entry is None else entry["sequence"] + 1
            entry = {"hash": digest, "sequence": sequence, "revised": self.now}
            if uid not in self.seen:
                self.changed += 1
        self.seen.add(uid)
        self.new[uid] = {**entry, "day": day.isoformat()}
        return (
            "BEGIN:VEVENT\r\n" + fold(f"UID:{uid}")
            + f"DTSTAMP:{entry['revised']}\r\nLAST-MODIFIED:{entry['revised']}\r\n"
            + f"SEQUENCE:{entry['sequence']}\r\n" + body + "END:VEVENT\r\n"
        )

    def state(self) -> dict:
        """Entries seen now, plus older ones not rendered this time whose day is still in the window
        (another filter or channel selection may need them), so their DTSTAMP stays put."""
        events = {uid: e for uid, e in self.old.items() if e.get("day", "") >= self.start}
        events.update(self.new)
        return {"format": STATE_FORMAT, "events": dict(sorted(events.items()))}


def _valid_entries(state: dict | None) -> dict[str, dict]:
    """The usable entries of a previous state; anything malformed is ignored (starts over)."""
    if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
        return {}
    events = state.get("events")
    if not isinstance(events, dict):
        return {}
    out = {}
    for uid, e in events.items():
        if (
            isinstance(e, dict) and isinstance(e.get("hash"), str)
            and isinstance(e.get("sequence"), int) and not isinstance(e.get("sequence"), bool)
            and e["sequence"] >= 0 and isinstance(e.get("revised"), str) and _STAMP_RE.match(e["revised"])
        ):
            out[uid] = {"hash": e["hash"], "sequence": e["sequence"], "revised": e["revised"],
                        "day": e.get("day") if isinstance(e.get("day"), str) else ""}
    return out


# --- calendars ------------------------------------------------------------------------------


def _calendar(
    *, name: str, description: str, zone: str, zones: Iterable[str], color: str | None,
    events: list[str], years: tuple[int, int],
) -> bytes:
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"X-WR-CALDESC:{escape_text(description)}",
        f"X-WR-TIMEZONE:{zone}",
    ]
    if color:
        head += [f"COLOR:{nearest_css3_name(color)}", f"X-APPLE-CALENDAR-COLOR:{color.upper()}"]
    head += ["REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"]
    parts = [fold(line) for line in head]
    parts += [vtimezone(tzid, *years) for tzid in sorted(set(zones))]
    parts += events
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts).encode("utf-8")
