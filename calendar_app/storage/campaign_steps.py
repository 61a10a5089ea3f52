"""The editor's writes to a campaign file: a new ``[[step]]``, a step's keys changed, or the bytes put back (undo).

Each write is checked against the digest the file had when it was read (:class:`ConflictError`
instead of overwriting an edit made elsewhere), edited in place with tomlkit (comments and the
other lines stay byte for byte) and written atomically.
"""

from __future__ import annotations

from pathlib import Path

import tomlkit
from tomlkit.items import AoT, Table

from calendar_app.files import atomic_write
from calendar_app.storage.reader import FileStamp, _has_comments, digest
from calendar_app.storage.writer import ConflictError

#: The order of a new step's keys (those given; others follow).
STEP_KEYS = ("id", "channel", "offset", "time", "slot", "title", "format", "pillar", "status", "owner", "notes",
             "link")


def _read(path: Path, expected_digest: str | None) -> bytes:
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConflictError(Path(path)) from None
    if digest(raw) != expected_digest:
        raise ConflictError(Path(path))
    return raw


def _write(path: Path, text: str) -> FileStamp:
    data = text.encode("utf-8")
    atomic_write(Path(path), data)
    return FileStamp(Path(path), digest(data), _has_comments(text))


def _step_table(step: dict[str, str]) -> Table:
    table = tomlkit.table()
    for key in sorted(step, key=lambda k: STEP_KEYS.index(k) if k in STEP_KEYS else len(STEP_KEYS)):
        table.add(key, step[key])
    return table


def step_appended(text: str, step: dict[str, str]) -> str:
    """``text`` with a ``[[step]]`` table holding ``step`` appended after one blank line: the file's
    own lines stay byte for byte (a later ``[[step]]`` header extends the array wherever the
    earlier ones are)."""
    return text.rstrip("\n") + "\n\n" + tomlkit.dumps({"step": [_step_table(step)]})


def add_step(path: Path, step: dict[str, str], expected_digest: str | None) -> tuple[bytes, FileStamp]:
    """Append a ``[[step]]`` table holding ``step`` to the campaign file at ``path``.

    Returns the bytes the file had (to undo) and the new stamp. Raises :class:`ConflictError`
    when the file changed since it was read (or is gone).
    """
    raw = _read(path, expected_digest)
    text = raw.decode("utf-8")
    bom, text = ("\ufeff", text[1:]) if text.startswith("\ufeff") else ("", text)
    tomlkit.parse(text)  # not TOML: refused before anything is written
    out = step_appended(text, step)
    return raw, _write(path, bom + out)


class NoSuchStep(Exception):
    """The file has no ``[[step]]`` at that place (it changed since it was read)."""


def step_updated(text: str, index: int, changes: dict[str, str | None]) -> str:
    """``text`` with the keys of its ``index``-th ``[[step]]`` (0-based) set to ``changes`` (None
    removes a key); every other line as it was. Raises :class:`NoSuchStep`."""
    doc = tomlkit.parse(text)
    steps = doc.get("step")
    if not isinstance(steps, AoT) or not 0 <= index < len(steps):
        raise NoSuchStep(index)
    table = steps[index]
    for key, value in changes.items():
        if value is None:
            if key in table:
                del table[key]
        elif key in table:
            table[key] = value
        else:
            table.add(key, value)
    return tomlkit.dumps(doc)


def update_step(path: Path, index: int, changes: dict[str, str | None], expected_digest: str | None
                ) -> tuple[bytes, FileStamp]:
    """Set the keys of the ``index``-th ``[[step]]`` (0-based) of the file to ``changes`` (None
    removes a key); the other lines stay as they are. Returns the bytes before and the new stamp."""
    raw = _read(path, expected_digest)
    text = raw.decode("utf-8")
    bom, text = ("\ufeff", text[1:]) if text.startswith("\ufeff") else ("", text)
    try:
        out = step_updated(text, index, changes)
    except NoSuchStep:
        raise ConflictError(Path(path)) from None  # the step is gone: the file changed elsewhere
    return raw, _write(path, bom + out)


def put_back(path: Path, data: bytes, expected_digest: str | None) -> FileStamp:
    """Write ``data`` (bytes the file had) back to ``path``: the undo and redo of the writes above."""
    _read(path, expected_digest)
    atomic_write(Path(path), data)
    return FileStamp(Path(path), digest(data), _has_comments(data.decode("utf-8", "replace")))
