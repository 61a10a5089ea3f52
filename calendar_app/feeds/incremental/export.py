"""An export that renders again only what changed: its state as an index plus packs of channel records."""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import date, datetime
from pathlib import Path

from calendar_app.core.model import Plan
from calendar_app.feeds.filter import FeedFilter
from calendar_app.feeds.folder import STATE_FILE, ExportResult, check_out_dir, read_state_file, write_feeds
from calendar_app.feeds.incremental.build import build_incremental
from calendar_app.feeds.incremental.cache import cache_record, close, file_stat, read_cache
from calendar_app.feeds.render import ALL_FEED, CAMPAIGNS_FEED, KEY_DATES_FEED, campaigns_record
from calendar_app.feeds.sequence import STATE_FORMAT, Records, channel_blobs, legacy_entries, token
from calendar_app.files import atomic_write


def read_state(out_dir: Path) -> tuple[dict | None, str]:
    """The previous export's state, every channel's SEQUENCE record read from its pack (the form
    :func:`calendar_app.feeds.render.build_feeds` takes and gives, with the index's ``files`` and ``cache``), and
    ``ok``/``missing``/``unreadable``; a bad file means start over. For tools and tests: an
    export reads only the records of the channels it renders again."""
    index, status = read_state_file(Path(out_dir))
    if index is None or index.get("format") != INDEX_FORMAT:
        return index, status
    packs = _Packs(Path(out_dir) / PACK_DIR, _entries(index))
    blobs = {cid: blob for cid in packs.entries if (blob := packs.record(cid)) is not None}
    return {**index, "format": STATE_FORMAT, "channels": blobs}, status


# The state is an index (.state.json: small, rewritten by every export) and packs (.state/*.pack)
# of per-channel lines, each the channel's SEQUENCE record and merge keys as one JSON object. An
# export writes one pack with the lines of the channels it rendered; the index says where each
# channel's line is (pack, offset, size) and its hash, so a line is read only for a channel
# rendered again and a damaged one is never used. Packs no channel points to are deleted.
INDEX_FORMAT = 3
PACK_DIR = ".state"
_PACK_NAME = re.compile(r"^[0-9a-f]{32}\.pack$")


def _entries(index: dict) -> dict[str, dict]:
    """The index's channel entries that are whole (channel id -> entry)."""
    channels = index.get("channels")
    if not isinstance(channels, dict):
        return {}
    return {
        cid: e for cid, e in channels.items()
        if isinstance(e, dict) and isinstance(e.get("record"), str) and isinstance(e.get("line"), str)
        and isinstance(e.get("pack"), str) and _PACK_NAME.match(e["pack"])
        and type(e.get("at")) is int and type(e.get("size")) is int and e["at"] >= 0 and e["size"] > 0
    }


class _Packs:
    """The channel lines of the previous export's packs, read on demand and checked."""

    def __init__(self, folder: Path, entries: dict[str, dict]):
        self.folder, self.entries = folder, entries
        self._lines: dict[str, dict | None] = {}

    def _line(self, cid: str) -> dict | None:
        if cid not in self._lines:
            self._lines[cid] = self._read(cid)
        return self._lines[cid]

    def _read(self, cid: str) -> dict | None:
        entry = self.entries.get(cid)
        if entry is None:
            return None
        try:
            with open(self.folder / entry["pack"], "rb") as f:
                f.seek(entry["at"])
                raw = f.read(entry["size"])
            if hashlib.sha256(raw).hexdigest() != entry["line"]:
                return None
            line = json.loads(raw.decode("utf-8"))
        except (OSError, ValueError):
            return None
        ok = (isinstance(line, dict) and line.get("channel") == cid
              and isinstance(line.get("record"), str) and isinstance(line.get("keys"), str))
        return line if ok else None

    def record(self, cid: str) -> str | None:
        """The channel's SEQUENCE record (checked against its token by :class:`Records`)."""
        line = self._line(cid)
        return line["record"] if line is not None else None

    def keys(self, cid: str, line_hash: str) -> tuple[str, ...] | None:
        """The channel's merge keys, if its line is still the one a cache record names."""
        entry, line = self.entries.get(cid), self._line(cid)
        if entry is None or entry["line"] != line_hash or line is None:
            return None
        return tuple(line["keys"].split("\n")) if line["keys"] else ()


def _write_pack(folder: Path, lines: dict[str, bytes]) -> dict[str, dict]:
    """One pack with ``lines`` (channel id -> its JSON line), written atomically; their entries."""
    if not lines:
        return {}
    data = b"\n".join(lines.values()) + b"\n"
    name = hashlib.sha256(data).hexdigest()[:32] + ".pack"
    folder.mkdir(exist_ok=True)
    path = folder / name
    try:  # the same lines as a pack already there: that pack (its name is its hash)
        same = path.read_bytes() == data
    except OSError:
        same = False
    if not same:
        atomic_write(path, data)
    entries, at = {}, 0
    for cid, line in lines.items():
        entries[cid] = {"pack": name, "at": at, "size": len(line), "line": hashlib.sha256(line).hexdigest()}
        at += len(line) + 1
    return entries


def _pack_line(cid: str, record: str, keys: tuple[str, ...]) -> bytes:
    return json.dumps({"channel": cid, "record": record, "keys": "\n".join(keys)}, ensure_ascii=False).encode("utf-8")


def _prune_packs(folder: Path, index: dict) -> None:
    """Delete the packs no channel of ``index`` points to (only names a pack can have)."""
    used = {e["pack"] for e in index["channels"].values()}
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if _PACK_NAME.match(name) and name not in used:
            try:
                os.unlink(folder / name)
            except OSError:
                pass


def export_feeds(
    plan: Plan, out_dir: Path, *, start: date, end: date, now: datetime,
    filter: FeedFilter = FeedFilter(),
) -> ExportResult:
    """Write every feed of the plan for [start, end) into ``out_dir`` (created if needed).

    Everything is rendered in memory first, so a plan or window problem (ValueError) leaves the
    folder untouched; then each changed file is replaced atomically, feeds of channels removed
    from the plan are deleted (only without a channel filter, and only files an earlier export
    recorded), and ``.state.json`` is written last. ``now`` is the revision time of new or
    changed events.

    A channel whose inputs are unchanged since the previous export (same fingerprint, see
    :mod:`calendar_app.feeds.incremental.cache`) and whose feed is still the file that export wrote is not
    rendered again: its file is left as it is, and read back only if ``all.ics`` cannot be
    spliced from the previous one; this gives the same files as rendering it would.
    """
    out_dir = Path(out_dir)
    check_out_dir(out_dir, out_dir / PACK_DIR)
    previous, status = read_state_file(out_dir)
    indexed = previous if isinstance(previous, dict) and previous.get("format") == INDEX_FORMAT else None
    packs = _Packs(out_dir / PACK_DIR, _entries(indexed) if indexed else {})
    if indexed is not None:
        records = Records({cid: e["record"] for cid, e in packs.entries.items()}, packs.record)
        key_dates, legacy = indexed.get("key_dates"), None
        key_dates = key_dates if isinstance(key_dates, str) else None
    else:  # none, or the full render's state (SEQUENCE records inline): read what it holds
        records, legacy = Records.of_state(previous), legacy_entries(previous)
        key_dates = channel_blobs(previous)[1]
    cache, stats = read_cache(out_dir, indexed, plan, packs.keys)
    try:
        feeds = build_incremental(plan, start, end, now=now, key_dates=key_dates, records=records,
                                  cache=cache, filter=filter, legacy=legacy, campaigns=campaigns_record(previous))
        names = [*(f"{cid}.ics" for cid in feeds.parts), ALL_FEED, KEY_DATES_FEED, CAMPAIGNS_FEED]
        paths, written, files, removed = write_feeds(out_dir, feeds.files, names, filter, previous)
    finally:
        close(cache)
    for name in feeds.files:  # what tells, next time, that these files are still the ones written
        if name not in (KEY_DATES_FEED, CAMPAIGNS_FEED):
            stats[name.removesuffix(".ics")] = file_stat(out_dir / name)
    blobs = dict(feeds.state["channels"])
    channels = {}
    for cid in feeds.kept:
        if cid in packs.entries:
            channels[cid] = packs.entries[cid]
        else:  # an inline record: it moves into the new pack
            blobs[cid] = records.blob(cid)
    lines = {
        cid: _pack_line(cid, blob, feeds.parts[cid].known_keys or () if cid in feeds.parts else ())
        for cid, blob in sorted(blobs.items())
    }
    for cid, entry in _write_pack(out_dir / PACK_DIR, lines).items():
        channels[cid] = {"record": token(blobs[cid]), **entry}
    channels = dict(sorted(channels.items()))
    index = {
        "format": INDEX_FORMAT, "files": sorted(files), "key_dates": feeds.state["key_dates"],
        "campaigns": feeds.state["campaigns"], "channels": channels,
        "cache": cache_record(indexed, plan, feeds, stats, {cid: e["line"] for cid, e in channels.items()}),
    }
    atomic_write(out_dir / STATE_FILE, json.dumps(index, ensure_ascii=False, indent=0).encode("utf-8"))
    _prune_packs(out_dir / PACK_DIR, index)
    return ExportResult(
        paths=tuple(paths), written=tuple(written), removed=tuple(removed),
        events=feeds.events, changed=feeds.changed, state=status, reused=feeds.reused,
    )
