"""Writing the feeds to a folder: built in memory first, each file atomic, the state last; no clock."""

from __future__ import annotations

import errno
import json
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from calendar_app.feedcache import cache_record, file_stat, read_cache
from calendar_app.feeds import ALL_FEED, KEY_DATES_FEED, FeedFilter, build_feeds
from calendar_app.model import Plan
from calendar_app.plans import atomic_write

STATE_FILE = ".state.json"
_FEED_NAME = re.compile(r"^[a-z0-9-]+\.ics$")


@dataclass(frozen=True)
class ExportResult:
    """What :func:`export_feeds` did."""

    paths: tuple[Path, ...]
    """Every feed of this export (channels in plan order, then all.ics, key-dates.ics)."""
    written: tuple[Path, ...]
    """The feeds whose bytes changed on disk (the others were already identical and left alone)."""
    removed: tuple[Path, ...]
    """Feeds of channels gone from the plan, written by an earlier export and now deleted."""
    events: int
    """Distinct events across the feeds."""
    changed: int
    """Events new or changed since the previous export (SEQUENCE bumped or started)."""
    state: str
    """``ok``, ``missing`` (first export, or the state file was deleted) or ``unreadable``."""
    reused: int = 0
    """Channel feeds whose inputs had not changed, taken as they were from the previous export."""


def read_state(out_dir: Path) -> tuple[dict | None, str]:
    """The previous export's state and ``ok``/``missing``/``unreadable``; a bad file means start over."""
    state, status, _ = _read_state(out_dir)
    return state, status


def _read_state(out_dir: Path) -> tuple[dict | None, str, dict[tuple[str, str], bytes]]:
    """Like :func:`read_state`, with the lines of the file's per-channel members (see :func:`state_bytes`)."""
    try:
        raw = (Path(out_dir) / STATE_FILE).read_bytes()
    except FileNotFoundError:
        return None, "missing", {}
    except OSError:
        return None, "unreadable", {}
    try:
        state = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, "unreadable", {}
    return (state, "ok", _member_lines(raw)) if isinstance(state, dict) else (None, "unreadable", {})


# The state file is JSON laid out so that each channel's cache record and SEQUENCE record is one
# line: the next export copies the lines of unchanged channels instead of encoding megabytes again.
_OPEN = b'{"cache": {"feeds": {'
_TO_CHANNELS = b', "channels": {'
_SECTIONS = ("feeds", "channels")


def state_bytes(state: dict, previous: dict | None = None, lines: dict[tuple[str, str], bytes] | None = None) -> bytes:
    """``state`` (with ``cache.feeds`` and ``channels``) as the JSON of the state file; a member
    equal to the same member of ``previous`` is written as its line of that file (``lines``)."""
    lines = lines or {}
    cache = state["cache"]
    old = previous if isinstance(previous, dict) else {}
    old_cache = old.get("cache") if isinstance(old.get("cache"), dict) else {}
    olds = {"feeds": old_cache.get("feeds") or {}, "channels": old.get("channels") or {}}

    def members(section: str, values: dict) -> bytes:
        out = []
        for key, value in values.items():
            line = lines.get((section, key))
            if line is None or not isinstance(olds[section], dict) or olds[section].get(key) != value:
                line = (json.dumps(key) + ": " + json.dumps(value, ensure_ascii=False)).encode("utf-8")
            out.append(line)
        return b",\n".join(out)

    def more(values: dict) -> bytes:  # ', "a": 1, "b": 2' (empty for no member)
        return b"".join(b", " + (json.dumps(k) + ": " + json.dumps(values[k], ensure_ascii=False)).encode("utf-8")
                        for k in sorted(values))

    return b"".join([
        _OPEN, b"\n", members("feeds", cache["feeds"]), b"\n}", more({k: v for k, v in cache.items() if k != "feeds"}),
        b"}", _TO_CHANNELS, b"\n", members("channels", state["channels"]), b"\n}",
        more({k: v for k, v in state.items() if k not in ("cache", "channels")}), b"}\n",
    ])


def _member_lines(raw: bytes) -> dict[tuple[str, str], bytes]:
    """(section, key) -> its line, for a file laid out by :func:`state_bytes` (else nothing): each
    line between the section delimiters is one member, ``"key": value``, as json read it."""
    lines = raw.split(b"\n")
    if lines[0] != _OPEN:
        return {}
    out, section = {}, 0
    for line in lines[1:]:
        if line.startswith(b"}"):  # the end of a section
            if section == 0 and line.endswith(_TO_CHANNELS):
                section = 1
                continue
            break
        line = line[:-1] if line.endswith(b",") else line
        at = line.find(b'": ')  # no copy of the value: these lines are most of the file
        if at < 1 or line[:1] != b'"' or line[at + 3:at + 4] + line[-1:] not in (b"{}", b'""'):
            return {}
        out[(_SECTIONS[section], line[1:at].decode("utf-8", "replace"))] = line
    return out


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
    :mod:`calendar_app.feedcache`) and whose feed is still the file that export wrote is not
    rendered again: its file is left as it is, and read back only if ``all.ics`` cannot be
    spliced from the previous one; this gives the same files as rendering it would.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(out_dir))
    previous, status, lines = _read_state(out_dir)
    cache, stats = read_cache(out_dir, previous, plan)
    feeds = build_feeds(plan, start, end, now=now, state=previous, filter=filter, cache=cache)
    old_files = previous.get("files", []) if previous else []
    old_files = {n for n in old_files if isinstance(n, str) and _FEED_NAME.match(n)} if isinstance(old_files, list) else set()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths, written = [], []
    names = [*(f"{cid}.ics" for cid in feeds.parts), ALL_FEED, KEY_DATES_FEED]
    for name in names:
        path = out_dir / name
        paths.append(path)
        data = feeds.files.get(name)
        if data is None:  # a channel feed reused as it is: the file, unchanged since (same stat)
            continue
        try:  # a size that differs spares reading a file that must be written anyway
            same = os.stat(path).st_size == len(data) and path.read_bytes() == data
        except OSError:
            same = False
        if not same:
            atomic_write(path, data)
            written.append(path)
        if name.removesuffix(".ics") in feeds.parts or name == ALL_FEED:
            stats[name.removesuffix(".ics")] = file_stat(path)
    removed = []
    if filter.channels:
        files = old_files | set(names)
    else:
        files = set(names)
        for name in sorted(old_files - files):
            path = out_dir / name
            if path.is_file():
                path.unlink()
                removed.append(path)
    state = {**feeds.state, "files": sorted(files), "cache": cache_record(previous, plan, feeds, stats)}
    atomic_write(out_dir / STATE_FILE, state_bytes(state, previous, lines))
    return ExportResult(
        paths=tuple(paths), written=tuple(written), removed=tuple(removed),
        events=feeds.events, changed=feeds.changed, state=status, reused=feeds.reused,
    )
