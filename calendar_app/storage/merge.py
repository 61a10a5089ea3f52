"""Three-way merge of a channel file: an edit applied onto the file as changed elsewhere, when they do not clash.

Items are what the schema identifies: each ``[channel]`` setting, each rule (by ``id``), each post
(by ``at``). An item changed by only one side takes that side's version; changed by both to the
same result, that result; changed by both differently, it is a clash and nothing is merged.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Hashable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from pathlib import Path

from calendar_app.core.model import Channel, Post
from calendar_app.storage.reader import FileStamp, digest
from calendar_app.storage.schema import read_channel
from calendar_app.storage.writer import ConflictError, save_channel

#: The channel's own settings, compared one by one (the zone and whether it is inherited go together).
_SETTINGS = tuple(f.name for f in fields(Channel) if f.name not in ("id", "rules", "posts", "timezone_from_calendar", "campaign_posts"))


@dataclass(frozen=True)
class Merged:
    """The outcome of a merge: the merged channel, or the items both sides changed (``clashes``)."""

    channel: Channel | None
    clashes: tuple[str, ...] = ()
    """Items changed on both sides, as the file names them: ``channel.per_week``, ``rule "feed"``,
    ``post at 2026-12-02T18:00``."""
    theirs: Channel | None = None
    """The other side: the channel as the file held it before the merge."""


def merge_channels(base: Channel, mine: Channel, theirs: Channel) -> Merged:
    """``mine`` and ``theirs``, both edits of ``base``, combined item by item (see the module docstring)."""
    clashes: list[str] = []
    settings = {}
    for name in _SETTINGS:
        value, clash = _pick(*(_setting(c, name) for c in (base, mine, theirs)))
        if clash:
            clashes.append(f"channel.{name}")
        settings[name] = value
    timezone, inherited = settings.pop("timezone")
    rules, rule_clashes = _merge_items(base.rules, mine.rules, theirs.rules, lambda r: r.id, lambda k: f'rule "{k}"')
    posts, post_clashes = _merge_items(_numbered(base.posts), _numbered(mine.posts), _numbered(theirs.posts),
                                       lambda p: p[0], lambda k: f"post at {k[0]:%Y-%m-%dT%H:%M}")
    clashes += rule_clashes + post_clashes
    if clashes:
        return Merged(None, tuple(clashes), theirs)
    merged = replace(theirs, **settings, timezone=timezone, timezone_from_calendar=inherited, rules=tuple(rules),
                     posts=tuple(sorted((p for _k, p in posts), key=lambda p: p.at)))
    return Merged(merged, (), theirs)


def _setting(channel: Channel, name: str):
    if name == "timezone":  # a zone written in the file differs from the same zone inherited
        return channel.timezone, channel.timezone_from_calendar
    return getattr(channel, name)


_GONE = object()


def _pick(base, mine, theirs) -> tuple[object, bool]:
    """The merged value of one item and whether it clashes (``_GONE``: the item is not there)."""
    if mine == base:
        return theirs, False
    if theirs in (base, mine):
        return mine, False
    return None, True


def _numbered(posts) -> list[tuple[tuple[datetime, int], Post]]:
    """Posts keyed by their time (the n-th post at the same time as n)."""
    seen: dict[datetime, int] = {}
    out = []
    for post in posts:
        n = seen[post.at] = seen.get(post.at, -1) + 1
        out.append(((post.at, n), post))
    return out


def _merge_items(base, mine, theirs, key: Callable[[object], Hashable], shown: Callable[[Hashable], str]):
    """Merge lists of keyed items; the result keeps ``theirs``' order, mine's new items after their predecessor."""
    b, m, t = ({key(x): x for x in items} for items in (base, mine, theirs))
    result: dict[Hashable, object] = {}
    clashes: list[str] = []
    for k in list(t) + [k for k in m if k not in t]:
        value, clash = _pick(b.get(k, _GONE), m.get(k, _GONE), t.get(k, _GONE))
        if clash:
            clashes.append(shown(k))
        elif value is not _GONE:
            result[k] = value
    order = [k for k in t if k in result]
    for i, item in enumerate(mine):  # mine's new items go after the item before them in mine
        k = key(item)
        if k in result and k not in order:
            before = next((key(x) for x in reversed(list(mine)[:i]) if key(x) in order), None)
            order.insert(order.index(before) + 1 if before is not None else 0, k)
    return [result[k] for k in order], clashes


def merge_into_file(path: Path, base: Channel, mine: Channel, default_timezone: str | None) -> tuple[Merged, FileStamp | None]:
    """Apply the edit ``base`` -> ``mine`` onto the file at ``path`` as it is now, and write it.

    Returns the merge and the new stamp of the file (None when nothing was written: a clash, or
    a file gone or unreadable, which ``clashes`` then names). The file is edited in place, so the
    outside change's comments and layout stay. Raises OSError when the write fails.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
        theirs, problems = read_channel(path, mine.id, tomllib.loads(raw.decode("utf-8").removeprefix("\ufeff")),
                                        default_timezone)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Merged(None, (path.name,)), None
    if theirs is None:
        return Merged(None, tuple(str(p) for p in problems[:3]) or (path.name,)), None
    merged = merge_channels(base, mine, theirs)
    if merged.channel is None:
        return merged, None
    try:
        stamp = save_channel(path, merged.channel, digest(raw))
    except ConflictError:  # changed again while merging
        return Merged(None, (path.name,), theirs), None
    return merged, stamp
