"""A feed's bytes from its head and its VEVENTs, and ``all.ics`` interleaving every channel's; pure."""

from __future__ import annotations

from collections.abc import Mapping

BEGIN = b"BEGIN:VEVENT\r\n"
END = b"END:VCALENDAR\r\n"


def assemble(head: bytes, pieces: list[bytes]) -> bytes:
    """A feed from its head and its VEVENTs (each without its ``BEGIN:VEVENT`` line)."""
    # One join over [head, BEGIN, piece, BEGIN, piece, ..., END]: all.ics is tens of MB, copied once.
    parts = [BEGIN] * (2 * len(pieces) + 2)
    parts[0], parts[2::2], parts[-1] = head, pieces, END
    return b"".join(parts)


def merge(head: bytes, keys: Mapping[str, tuple[str, ...]], pieces: Mapping[str, list[bytes]]) -> bytes:
    """``all.ics``: every channel's VEVENTs (``pieces``, by channel, with their merge ``keys``)
    interleaved by merge key."""
    all_keys: list[str] = []
    all_pieces: list[bytes] = []
    for cid, channel_keys in keys.items():
        all_keys += channel_keys
        all_pieces += pieces[cid]
    # Each channel's events are in order already; a stable sort on the merge keys interleaves
    # them exactly as one sort of every slot would (slots of two channels never tie).
    order = sorted(range(len(all_keys)), key=all_keys.__getitem__)
    return assemble(head, list(map(all_pieces.__getitem__, order)))
