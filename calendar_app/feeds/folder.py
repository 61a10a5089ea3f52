"""Writing the feeds to a folder: all rendered first, then each file atomic, the state last; no clock."""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from calendar_app.core.model import Plan
from calendar_app.feeds.filter import FeedFilter
from calendar_app.feeds.render import ALL_FEED, CAMPAIGNS_FEED, KEY_DATES_FEED, build_feeds
from calendar_app.files import atomic_write, remove_stale_temps

STATE_FILE = ".state.json"
_FEED_NAME = re.compile(r"^[a-z0-9-]+\.ics$")


@dataclass(frozen=True)
class ExportResult:
    """What :func:`export_feeds` did."""

    paths: tuple[Path, ...]
    """Every feed of this export (channels in plan order, then all.ics, key-dates.ics, campaigns.ics)."""
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


def read_state_file(out_dir: Path) -> tuple[dict | None, str]:
    try:
        raw = (out_dir / STATE_FILE).read_bytes()
    except FileNotFoundError:
        return None, "missing"
    except OSError:
        return None, "unreadable"
    try:
        state = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, "unreadable"
    return (state, "ok") if isinstance(state, dict) else (None, "unreadable")


def check_out_dir(out_dir: Path, *folders: Path) -> None:
    """Refuse, before anything is written, an output folder (or a state folder in it) that is a
    file, and a state file that is a folder: OSError naming it."""
    for folder in (out_dir, *folders):
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(folder))
    if (out_dir / STATE_FILE).is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, where the export keeps its state file", str(out_dir / STATE_FILE))


def export_feeds(
    plan: Plan, out_dir: Path, *, start: date, end: date, now: datetime, filter: FeedFilter = FeedFilter(),
) -> ExportResult:
    """Write every feed of the plan for [start, end) into ``out_dir`` (created if needed), rendered in full.

    Everything is rendered in memory first, so a plan or window problem (ValueError) leaves the
    folder untouched; then each changed file is replaced atomically, feeds of channels removed
    from the plan are deleted (only without a channel filter, and only files an earlier export
    recorded), and ``.state.json`` (the SEQUENCE records) is written last. ``now`` is the
    revision time of new or changed events. :mod:`calendar_app.feeds.incremental` writes the
    same files faster; this is the reference it is checked against.
    """
    out_dir = Path(out_dir)
    check_out_dir(out_dir)
    previous, status = read_state_file(out_dir)
    feeds = build_feeds(plan, start, end, now=now, state=previous, filter=filter)
    names = [*(f"{c.id}.ics" for c in plan.channels if not filter.channels or c.id in filter.channels),
             ALL_FEED, KEY_DATES_FEED, CAMPAIGNS_FEED]
    paths, written, files, removed = write_feeds(out_dir, feeds.files, names, filter, previous)
    state = {**feeds.state, "files": sorted(files)}
    atomic_write(out_dir / STATE_FILE, json.dumps(state, ensure_ascii=False, indent=0).encode("utf-8"))
    return ExportResult(
        paths=tuple(paths), written=tuple(written), removed=tuple(removed),
        events=feeds.events, changed=feeds.changed, state=status,
    )


def write_feeds(out_dir: Path, files: Mapping[str, object], names: list[str], filter: FeedFilter, previous: dict | None):
    """Write the feeds (``names``, in order) whose bytes changed, delete those of channels gone.

    ``files`` maps a name to its bytes, or to an object with ``same`` (its bytes are the file's
    already) and ``write(file)`` (a :class:`~calendar_app.feeds.incremental.parts.Spliced`); a
    name missing from ``files`` is a feed left as it is. Returns the paths of this export's
    feeds, those written, the feed file names to remember, and those removed."""
    old_files = previous.get("files", []) if previous else []
    old_files = {n for n in old_files if isinstance(n, str) and _FEED_NAME.match(n)} if isinstance(old_files, list) else set()
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(out_dir)  # feeds are written unchanged-or-not: a killed export's temporaries go here
    paths, written = [], []
    for name in names:
        path = out_dir / name
        paths.append(path)
        data = files.get(name)
        if data is None:  # a channel feed reused as it is: the file, unchanged since (same stat)
            continue
        if not isinstance(data, bytes):
            same = data.same
        else:
            try:  # a size that differs spares reading a file that must be written anyway
                same = os.stat(path).st_size == len(data) and path.read_bytes() == data
            except OSError:
                same = False
        if not same:
            atomic_write(path, data if isinstance(data, bytes) else data.write)
            written.append(path)
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
    return paths, written, files, removed
