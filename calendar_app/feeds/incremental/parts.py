"""Channel feeds as an export keeps them for the next one, and ``all.ics`` spliced from the previous one; pure."""

from __future__ import annotations

import mmap
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO

from calendar_app.feeds.assemble import BEGIN, END

#: Most channels rendered again for which ``all.ics`` is spliced rather than assembled in full.
SPLICE_MAX = 8


@dataclass(frozen=True)
class ChannelPart:
    """One channel's rendered feed and what identifies its inputs, kept to be reused as it is."""

    fingerprint: str
    """Hash of everything the bytes depend on: the channel, the window, the blackouts, the filter,
    the calendar name, the code and zone data (the cache's salt) and the channel's SEQUENCE record."""
    data: bytes | None
    """The whole ``<channel>.ics``; None for a cached part not read yet (see ``read``)."""
    events_at: int
    """Offset in ``data`` of the first ``BEGIN:VEVENT`` (where the VEVENTs start)."""
    count: int
    """How many VEVENTs the feed holds."""
    known_keys: tuple[str, ...] | None = None
    """Each VEVENT's merge key, in feed order (how ``all.ics`` interleaves channels); None for a
    cached part whose keys are not read yet (see ``read_keys``)."""
    read: Callable[[], bytes | None] | None = field(default=None, repr=False, compare=False)
    """For a cached part: reads ``data`` when it is needed (None if the file changed since)."""
    read_keys: Callable[[], tuple[str, ...] | None] | None = field(default=None, repr=False, compare=False)
    """For a cached part: reads the merge keys when they are needed (None if they cannot be)."""

    def content(self) -> bytes | None:
        """``data``, read if need be; None if it cannot be read as it was."""
        return self.data if self.data is not None or self.read is None else self.read()

    def keys(self) -> tuple[str, ...] | None:
        """The merge keys, read if need be; None if they cannot be read or are not ``count`` keys."""
        keys = self.known_keys if self.known_keys is not None or self.read_keys is None else self.read_keys()
        return keys if keys is not None and len(keys) == self.count else None

    def pieces(self) -> list[bytes] | None:
        """Each VEVENT's bytes without its ``BEGIN:VEVENT`` line, or None if the feed cannot be
        read or does not hold exactly ``count`` VEVENTs where the record says."""
        data = self.content()
        if data is None or not data.endswith(END) or self.events_at > len(data) - len(END):
            return None
        region = data[self.events_at:len(data) - len(END)]
        if not region:
            return [] if not self.count else None
        if not region.startswith(BEGIN):
            return None
        pieces = region[len(BEGIN):].split(BEGIN)
        return pieces if len(pieces) == self.count else None


@dataclass(frozen=True)
class FeedCache:
    """What an earlier export left that this one may reuse (see :mod:`calendar_app.feeds.incremental.export`)."""

    salt: Mapping[str, str]
    """Zone -> a token of everything outside the plan that shapes a feed in that zone: the feed
    code and the zone's tz data. A zone missing here is never cached."""
    parts: Mapping[str, ChannelPart] = field(default_factory=dict)
    vtimezones: Mapping[str, str] = field(default_factory=dict)
    all_data: bytes | mmap.mmap = b""
    """The previous ``all.ics`` (bytes, or the file mapped in memory, read-only), if it is still
    the file that export wrote (else empty)."""
    all_parts: tuple[tuple[str, str], ...] = ()
    """(channel id, fingerprint) of the channel parts that ``all_data`` interleaves, in order."""


@dataclass(frozen=True, eq=False)
class Spliced:
    """A feed made of the previous file with some VEVENTs replaced: written range by range, the
    unchanged ones copied from that file, so the tens of MB of ``all.ics`` are not joined in memory."""

    old: bytes | mmap.mmap
    """The previous file's bytes (see :attr:`FeedCache.all_data`)."""
    segments: tuple[bytes | tuple[int, int], ...]
    """In order: new bytes, or a ``(start, end)`` range of ``old``."""
    same: bool
    """Whether the result is byte for byte ``old`` (every VEVENT replaced by the same bytes)."""

    def __bytes__(self) -> bytes:
        view = memoryview(self.old)
        return b"".join(s if isinstance(s, bytes) else view[s[0]:s[1]] for s in self.segments)

    def write(self, f: BinaryIO) -> None:
        """Write the feed into an open file: its new pieces, and its unchanged ranges copied from
        the previous file by the kernel where it can (``os.copy_file_range``, when ``old`` is a
        map with its open ``file``), else from ``old`` itself."""
        source = self.old.file.fileno() if hasattr(self.old, "file") and hasattr(os, "copy_file_range") else None
        view = memoryview(self.old)
        try:
            for segment in self.segments:
                if isinstance(segment, bytes):
                    f.write(segment)
                    continue
                start, end = segment
                if source is not None:
                    f.flush()
                    try:
                        while start < end:
                            copied = os.copy_file_range(source, f.fileno(), end - start, start)
                            if copied <= 0:
                                break
                            start += copied
                    except OSError:
                        source = None  # not on this file system: copy from the map
                    f.seek(0, os.SEEK_END)
                if start < end:
                    f.write(view[start:end])
        finally:
            view.release()


def splice(head: bytes, cache: FeedCache, parts: Mapping[str, ChannelPart], rendered: Mapping) -> Spliced | None:
    """``all.ics`` from the previous one, or None if it cannot be: made of the same channels in the
    same order, each either unchanged (same fingerprint) or rendered again (``rendered``: its new
    VEVENTs) with the same merge keys (a post edited, no slot moved), so the interleaving is the
    same and only the rendered channels' VEVENTs change, in place. Each old VEVENT replaced is
    found by its exact bytes, in one pass over the old file per rendered channel: with more than
    :data:`SPLICE_MAX` of them, assembling all.ics in full is cheaper (None)."""
    old, record = cache.all_data, cache.all_parts
    body = old.find(BEGIN)
    if (
        len(rendered) > SPLICE_MAX or body < 0 or old[len(old) - len(END):] != END
        or [cid for cid, _ in record] != list(parts)
    ):
        return None
    spans = []
    same = old[:body] == head
    for cid, fingerprint in record:
        part = parts[cid]
        if not fingerprint:
            return None
        if cid not in rendered:
            if part.fingerprint != fingerprint:
                return None
            continue
        before = cache.parts.get(cid)
        if before is None or before.fingerprint != fingerprint or before.keys() != part.keys():
            return None
        olds, at = before.pieces(), body
        if olds is None:
            return None
        for old_piece, new_piece in zip(olds, rendered[cid]):
            at = old.find(BEGIN + old_piece, at)
            if at < 0:
                return None
            at += len(BEGIN)
            spans.append((at, at + len(old_piece), new_piece))
            same = same and new_piece == old_piece
            at += len(old_piece)
    segments: list[bytes | tuple[int, int]] = [head]
    last = body
    for start, end, piece in sorted(spans, key=lambda s: s[0]):
        segments += [(last, start), piece]
        last = end
    segments.append((last, len(old)))
    return Spliced(old, tuple(s for s in segments if not isinstance(s, tuple) or s[1] > s[0]), same)
