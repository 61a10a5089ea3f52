"""SEQUENCE and revision-time bookkeeping of feed events, kept per channel between exports; pure."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from datetime import date

from calendar_app.feeds.text import fold

STATE_FORMAT = 2
_STAMP_RE = re.compile(r"^\d{8}T\d{6}Z$")
_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Revisions:
    """The events of one channel (or of the key dates) against what an earlier export recorded.

    An event keeps its SEQUENCE and revision time while the hash of its body is unchanged, else
    gets the next SEQUENCE and ``now``. The record is a text blob, one event per line
    (``uid hash sequence revised day``), decoded only when the channel is rendered again: an
    export that reuses a channel's feed copies its blob as it is.
    """

    def __init__(self, blob: object, now: str, start: date, legacy: dict[str, dict] | None = None):
        self.now = now
        self.old = decode(blob)
        self.legacy = legacy or {}
        self.new: dict[str, tuple] = {}
        self.changed = 0
        self.start = start.isoformat()

    def event(self, uid: str, body: str, day: date) -> str:
        """The VEVENT text after its ``BEGIN:VEVENT`` line: the previous SEQUENCE and revision time
        if ``body`` is unchanged, else the next SEQUENCE and ``now``."""
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
        entry = self.new.get(uid) or self.old.get(uid) or self.legacy.get(uid)
        if entry is None or entry[0] != digest:
            if uid not in self.new:
                self.changed += 1
            entry = (digest, 0 if entry is None else entry[1] + 1, self.now)
        self.new[uid] = (entry[0], entry[1], entry[2], day.isoformat())
        return (
            fold(f"UID:{uid}")
            + f"DTSTAMP:{entry[2]}\r\nLAST-MODIFIED:{entry[2]}\r\n"
            + f"SEQUENCE:{entry[1]}\r\n" + body + "END:VEVENT\r\n"
        )

    @property
    def seen(self) -> int:
        """Distinct events rendered."""
        return len(self.new)

    def blob(self) -> str:
        """The record to keep: events rendered now, plus older ones not rendered this time whose day
        is still in the window (another filter may need them), so their DTSTAMP stays put."""
        events = {uid: e for uid, e in self.old.items() if e[3] >= self.start}
        events.update(self.new)
        return "".join(f"{uid} {h} {seq} {rev} {day}\n" for uid, (h, seq, rev, day) in sorted(events.items()))


def decode(blob: object) -> dict[str, tuple]:
    """uid -> (hash, sequence, revised, day) from a blob; malformed lines are ignored (start over)."""
    if not isinstance(blob, str):
        return {}
    out = {}
    for line in blob.split("\n"):
        parts = line.split(" ")
        if len(parts) != 5:
            continue
        uid, digest, sequence, revised, day = parts
        if sequence.isdigit() and sequence.isascii() and _STAMP_RE.match(revised) and _DAY_RE.match(day):
            out[uid] = (digest, int(sequence), revised, day)
    return out


def legacy_entries(state: object) -> dict[str, tuple]:
    """The events of a format-1 state (one JSON object per UID), so an upgrade keeps their stamps."""
    if not isinstance(state, dict) or state.get("format") != 1 or not isinstance(state.get("events"), dict):
        return {}
    out = {}
    for uid, e in state["events"].items():
        if (
            isinstance(e, dict) and isinstance(e.get("hash"), str)
            and isinstance(e.get("sequence"), int) and not isinstance(e.get("sequence"), bool)
            and e["sequence"] >= 0 and isinstance(e.get("revised"), str) and _STAMP_RE.match(e["revised"])
        ):
            out[uid] = (e["hash"], e["sequence"], e["revised"], "")
    return out


class Records:
    """The per-channel SEQUENCE records an export starts from: each known up front by its token
    (see :func:`token`), its text read only for a channel rendered again.

    ``tokens`` maps channel id -> token, or None for a record held in memory (its token is
    computed when asked for); ``load(channel_id)`` gives the blob (None if it cannot be read).
    A blob that does not match its token is not used (that channel starts over).
    """

    def __init__(self, tokens: Mapping[str, str | None], load: Callable[[str], str | None]):
        self.tokens = dict(tokens)
        self._load = load

    @classmethod
    def of_state(cls, state: object) -> Records:
        """The records held in a state as :func:`calendar_app.feeds.render.build_feeds` returns it (blobs inline)."""
        blobs, _ = channel_blobs(state)
        return cls(dict.fromkeys(blobs), blobs.get)

    def token(self, channel_id: str) -> str:
        """The token of the channel's record ("" if it has none)."""
        if channel_id not in self.tokens:
            return ""
        known = self.tokens[channel_id]
        return known if known is not None else token(self._load(channel_id))

    def blob(self, channel_id: str) -> str | None:
        """The channel's record, if it has one that matches its token."""
        if channel_id not in self.tokens:
            return None
        blob, known = self._load(channel_id), self.tokens[channel_id]
        return blob if isinstance(blob, str) and (known is None or token(blob) == known) else None


def token(blob: str) -> str:
    """What identifies a record's text: its SHA-256."""
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def channel_blobs(state: object) -> tuple[dict[str, str], str | None]:
    """The per-channel blobs and the key dates' blob of a format-2 state (empty for anything else)."""
    if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
        return {}, None
    channels = state.get("channels")
    channels = {k: v for k, v in channels.items() if isinstance(v, str)} if isinstance(channels, dict) else {}
    key_dates = state.get("key_dates")
    return channels, key_dates if isinstance(key_dates, str) else None


def recorded_events(state: object) -> dict[str, dict]:
    """Every event a state records, uid -> ``{"hash", "sequence", "revised", "day"}`` (for tools and tests)."""
    channels, key_dates = channel_blobs(state)
    campaigns = state.get("campaigns") if isinstance(state, dict) else None
    out = {}
    for blob in [*channels.values(), key_dates, campaigns if isinstance(campaigns, str) else None]:
        for uid, (digest, sequence, revised, day) in decode(blob).items():
            out[uid] = {"hash": digest, "sequence": sequence, "revised": revised, "day": day}
    return dict(sorted(out.items()))
