"""Moving a campaign's anchor: only the ``anchor = ...`` line of its file is rewritten, atomically."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from calendar_app.files import atomic_write
from calendar_app.storage.reader import digest, read_file_bytes
from calendar_app.storage.writer import ConflictError

_ANCHOR_LINE = re.compile(r"^(\s*anchor\s*=\s*)(\S+)(.*)$", re.MULTILINE)


def anchor_moved(text: str, day: date) -> str:
    """``text`` with only its first ``anchor = ...`` line set to ``day`` (its comment kept; a local
    date-time anchor keeps its time of day)."""
    return _ANCHOR_LINE.sub(lambda m: f"{m.group(1)}{day.isoformat()}{m.group(2)[10:]}{m.group(3)}", text, count=1)


def move_anchor(path: Path, day: date, expected_digest: str) -> bytes:
    """Rewrite the anchor line of the campaign file at ``path``; the bytes it held before.

    Raises :class:`ConflictError` when the file is no longer the one read (``expected_digest``)."""
    raw = read_file_bytes(path)
    if digest(raw) != expected_digest:
        raise ConflictError(path)
    atomic_write(path, anchor_moved(raw.decode("utf-8"), day).encode("utf-8"))
    return raw
