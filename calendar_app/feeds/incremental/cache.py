"""What an export keeps for the next one to reuse: channel feed records, VTIMEZONEs, the salt."""

from __future__ import annotations

import hashlib
import importlib.util
import mmap
import os
import pkgutil
import sys
import zoneinfo
from collections.abc import Callable
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from calendar_app.core.model import Plan
from calendar_app.feeds.incremental.parts import ChannelPart, FeedCache
from calendar_app.feeds.render import ALL_FEED, default_zone
from calendar_app.i18n import LOCALE_DIR

if TYPE_CHECKING:
    from calendar_app.feeds.incremental.build import IncrementalFeeds

#: The modules whose code shapes a feed's bytes, beside every module of calendar_app.feeds: any
#: change to them invalidates every record.
CORE_MODULES = ("calendar_app.core.recurrence", "calendar_app.core.model", "calendar_app.i18n")
#: Libraries whose version shapes the bytes too (expansion; VTIMEZONE bodies come from the tz data,
#: which each zone's salt covers).
CODE_PACKAGES = ("python-dateutil",)


@lru_cache(maxsize=1)
def code_salt() -> str:
    """A hash of the feed code, the libraries it relies on and the Python version."""
    return source_salt(feed_modules(), CODE_PACKAGES)


def feed_modules() -> tuple[str, ...]:
    """Every module of :mod:`calendar_app.feeds` (its subpackages included) and those of the core
    that shape the slots, found on disk so that a new module is never left out of the salt."""
    import calendar_app.feeds

    names = [info.name for info in pkgutil.walk_packages(calendar_app.feeds.__path__, "calendar_app.feeds.")]
    return (*sorted(names), *CORE_MODULES)


def source_salt(modules: tuple[str, ...], packages: tuple[str, ...]) -> str:
    """A hash of the Python version, the source of ``modules`` and the versions of ``packages``:
    what changes when the code that produced a kept result may have changed."""
    h = hashlib.sha256(sys.version.encode("utf-8"))
    for name in modules:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        h.update(Path(origin).read_bytes() if origin and os.path.isfile(origin) else b"?" + name.encode())
    for catalog in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.mo")):  # the feeds' words in each language
        h.update(catalog.read_bytes())
    for package in packages:
        h.update((package_version(package) or "?").encode("utf-8"))
    return h.hexdigest()


#: Distribution -> the module whose ``__version__`` is the distribution's version: read there,
#: as importlib.metadata takes longer to import than a whole re-export of one channel.
VERSION_MODULES = {"python-dateutil": "dateutil"}


def package_version(package: str) -> str | None:
    """The installed version of the distribution ``package``, or None if it is not installed."""
    module = VERSION_MODULES.get(package)
    if module is not None:
        try:
            version = getattr(importlib.import_module(module), "__version__", None)
        except ImportError:
            version = None
        if version:
            return str(version)
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


@cache
def zone_digest(zone: str) -> str | None:
    """A hash of the tz data zoneinfo reads for ``zone`` (its TZif file), or None if not found.

    zoneinfo looks in ``zoneinfo.TZPATH`` first, then in the ``tzdata`` package: so does this.
    A zone whose data cannot be found is never cached, so an update of the tz database can
    never leave an old UTC offset in a reused feed.
    """
    if not zone or zone.startswith("/") or ".." in zone.split("/"):
        return None
    for folder in zoneinfo.TZPATH:
        path = os.path.join(folder, zone)
        if os.path.isfile(path):
            try:
                return hashlib.sha256(Path(path).read_bytes()).hexdigest()
            except OSError:
                return None
    from importlib import resources  # only when the system has no tz database

    try:
        resource = resources.files("tzdata").joinpath("zoneinfo")
        for part in zone.split("/"):
            resource = resource.joinpath(part)
        data = resource.read_bytes()
    except (ImportError, OSError, ValueError):
        return None
    return hashlib.sha256(data).hexdigest()


def file_stat(path: Path) -> list[int]:
    """What tells that a file is still the one an export wrote: size, inode, modification and
    change times (the change time moves on any write, even one that puts the mtime back)."""
    return _stat_key(os.stat(path))


def _stat_key(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]


def read_cache(
    out_dir: Path, state: dict | None, plan: Plan, keys_of: Callable[[str, str], tuple[str, ...] | None],
) -> tuple[FeedCache, dict[str, list[int]]]:
    """The cache an earlier export left in ``out_dir`` (empty if none), and the stat of each
    channel feed kept. A record is used only if it is whole (its check) and its feed file is
    unchanged on disk; its fingerprint is then checked against the channel's inputs by
    :func:`calendar_app.feeds.incremental.build.build_incremental`. A feed is read only if it is needed (see :class:`ChannelPart`),
    and so are its merge keys: ``keys_of(channel_id, side)`` reads them from the side file
    ``side`` the record names (None if they cannot be read as they were written).

    The previous ``all.ics`` is mapped in memory (read-only), not read: close the cache's
    ``all_data`` when done with it (see :func:`close`)."""
    zones = {c.timezone for c in plan.channels} | {default_zone(plan)}
    code = code_salt()
    salt = {z: f"{code} {digest}" for z in sorted(zones) if (digest := zone_digest(z))}
    record = state.get("cache") if isinstance(state, dict) else None
    record = record if isinstance(record, dict) else {}
    feeds = record.get("feeds") if isinstance(record.get("feeds"), dict) else {}
    parts: dict[str, ChannelPart] = {}
    stats: dict[str, list[int]] = {}
    for channel in plan.channels:
        entry = feeds.get(channel.id)
        if not _valid_entry(entry):
            continue
        path = Path(out_dir) / f"{channel.id}.ics"
        try:
            if _stat_key(os.stat(path)) != entry["stat"]:
                continue
        except OSError:
            continue
        read = partial(_read_unchanged, path, entry["stat"])
        read_keys = partial(keys_of, channel.id, entry["side"])
        parts[channel.id] = ChannelPart(
            entry["fingerprint"], None, entry["events_at"], entry["count"], None, read, read_keys,
        )
        stats[channel.id] = entry["stat"]
    vtimezones = record.get("vtimezones") if isinstance(record.get("vtimezones"), dict) else {}
    vtimezones = {
        k: v[1] for k, v in vtimezones.items()
        if isinstance(v, list) and len(v) == 2 and isinstance(v[1], str) and v[0] == _check(k, v[1])
    }
    all_data, all_parts = _map_all(out_dir, feeds.get("all"))
    cache = FeedCache(salt=salt, parts=parts, vtimezones=vtimezones, all_data=all_data, all_parts=all_parts)
    return cache, stats


class MappedFile(mmap.mmap):
    """A file mapped in memory, read-only, with the open file it maps (``file``): a copy of a
    range can then be made by the kernel from the file rather than through the map."""

    file: BinaryIO


def close(cache: FeedCache) -> None:
    """Unmap the previous ``all.ics`` of a cache from :func:`read_cache` and close its file."""
    if isinstance(cache.all_data, MappedFile):
        cache.all_data.close()
        cache.all_data.file.close()


def _map_all(out_dir: Path, entry: object) -> tuple[bytes | mmap.mmap, tuple[tuple[str, str], ...]]:
    """The previous all.ics (mapped in memory) and the (channel, fingerprint) list it was made
    of, if its record is sound and the file is unchanged on disk; else nothing (all.ics is then
    assembled in full)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("parts"), list) or not isinstance(entry.get("stat"), list):
        return b"", ()
    parts = tuple(tuple(p) for p in entry["parts"] if isinstance(p, list) and len(p) == 2)
    if len(parts) != len(entry["parts"]) or not all(isinstance(c, str) and isinstance(f, str) for c, f in parts):
        return b"", ()
    try:
        f = open(Path(out_dir) / ALL_FEED, "rb")  # noqa: SIM115 (closed in the finally below)
    except OSError:
        return b"", ()
    try:
        if _stat_key(os.fstat(f.fileno())) == entry["stat"] and entry["stat"][0] > 0:
            # a map, not a read: a splice copies most of the file from it, range by range
            mapped = MappedFile(f.fileno(), 0, access=mmap.ACCESS_READ)
            mapped.file = f
            return mapped, parts
    except (OSError, ValueError):
        pass
    f.close()
    return b"", ()


def _read_unchanged(path: Path, stat: list[int]) -> bytes | None:
    """The file's bytes if it is still the one an export wrote (same :func:`file_stat`), else None."""
    try:
        with open(path, "rb") as f:
            return f.read() if _stat_key(os.fstat(f.fileno())) == stat else None
    except OSError:
        return None


def cache_record(
    previous: dict | None, plan: Plan, feeds: IncrementalFeeds, stats: dict[str, list[int]], sides: dict[str, str],
) -> dict:
    """The ``cache`` entry of the new state: a record per channel feed (channels left out by a
    ``--channel`` filter keep theirs, since their files are left alone), one for ``all.ics``
    (the channel parts it interleaves, under the key ``all``, a name no channel can have) and
    the VTIMEZONEs used. ``sides``: channel id -> the side file that holds its merge keys (the
    one just written for a channel rendered, the previous one for a channel reused)."""
    old = previous.get("cache") if isinstance(previous, dict) else None
    old = old.get("feeds") if isinstance(old, dict) and isinstance(old.get("feeds"), dict) else {}
    records = {}
    for channel in plan.channels:
        part = feeds.parts.get(channel.id)
        side = sides.get(channel.id)
        if part is None:
            if _valid_entry(old.get(channel.id)) and old[channel.id]["side"] == side:
                records[channel.id] = old[channel.id]
        elif part.fingerprint and channel.id in stats and side:
            records[channel.id] = {
                "fingerprint": part.fingerprint, "events_at": part.events_at, "count": part.count, "side": side,
                "check": _check(f"{part.fingerprint} {part.events_at} {part.count}", side), "stat": stats[channel.id],
            }
    fingerprints = [[cid, part.fingerprint] for cid, part in feeds.parts.items()]
    if "all" in stats and all(fp for _, fp in fingerprints):  # what the next export may splice
        records["all"] = {"parts": fingerprints, "stat": stats["all"]}
    vtimezones = {k: [_check(k, text), text] for k, text in sorted(feeds.vtimezones.items())}
    return {"feeds": dict(sorted(records.items())), "vtimezones": vtimezones}


def _check(key: str, text: str) -> str:
    """A VTIMEZONE block or a channel record is kept with this hash, so that a damaged one is never used."""
    return hashlib.sha256(f"{key}\0{text}".encode()).hexdigest()


def _valid_entry(entry: object) -> bool:
    """A channel record that is whole: the types, and its check (the feed is then not read to see
    that it holds one VEVENT per key where the record says, which it does if the file is unchanged)."""
    return (
        isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str) and len(entry["fingerprint"]) == 64
        and type(entry.get("events_at")) is int and entry["events_at"] >= 0
        and type(entry.get("count")) is int and entry["count"] >= 0 and isinstance(entry.get("side"), str)
        and isinstance(entry.get("stat"), list) and len(entry["stat"]) == 4
        and all(type(n) is int for n in entry["stat"])
        and entry.get("check") == _check(f"{entry['fingerprint']} {entry['events_at']} {entry['count']}", entry["side"])
    )
