"""Writing plan files atomically, with conflict checks: an existing file edited in place (its comments
and layout kept, :mod:`calendar_app.storage.toml_edit`), a new one in a stable, hand-written style."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import tomli_w

from calendar_app.core.errors import PlanError
from calendar_app.core.model import Channel
from calendar_app.files import atomic_write
from calendar_app.i18n import _
from calendar_app.storage.reader import FileStamp, _has_comments, digest
from calendar_app.storage.schema import read_channel
from calendar_app.storage.tables import channel_document
from calendar_app.storage.toml_edit import LayoutError, edited_text


class ConflictError(Exception):
    """The file changed on disk since it was read: writing would lose someone's edit."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"{path}: changed on disk since it was read; reload it or keep your version")


def channel_to_toml(channel: Channel) -> str:
    """The channel as a new file's TOML text: stable key order, posts sorted by time, so git diffs stay small."""
    doc = channel_document(channel)
    return _hand_written_style(tomli_w.dumps(doc, multiline_strings=True), doc)


_SHORT_ARRAY = re.compile(r"^([A-Za-z0-9_-]+) = \[\n((?:    [^\n\[\]{}]+,\n)+)\]$", re.MULTILINE)
#: ``[channel.pillar_share]`` with plain ``key = value`` lines, written inline as people do.
_SUBTABLE = re.compile(r"\n\[channel\.(pillar_share|effort)\]\n((?:[^\n\[]+ = [^\n]+\n)+)")
#: tomli-w opens a multi-line string with a newline (which TOML drops); people start on the same line.
_MULTILINE_START = re.compile(r'^([A-Za-z0-9_-]+ = )"""\n([^"\n])', re.MULTILINE)
_DATETIME = re.compile(r"^([A-Za-z0-9_-]+) = (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$", re.MULTILINE)


def _hand_written_style(text: str, doc: dict) -> str:
    """tomli-w's output, with short arrays on one line and ``T`` in date-times, as people write.

    tomli-w puts every array item on its own line, writes ``2026-11-24 08:30:00``, makes a
    sub-table of ``pillar_share`` and starts multi-line strings on a new line; a plan written
    by hand says ``days = ["mon", "wed"]``, ``at = 2026-11-24T08:30:00`` and
    ``pillar_share = { a = 0.5 }``, so the first save of a hand-written file would otherwise
    rewrite many of its lines. The result is parsed back and must equal tomli-w's text; if it
    does not, tomli-w's own text is kept.
    """

    def one_line(m: re.Match) -> str:
        items = [line.strip().removesuffix(",") for line in m.group(2).splitlines()]
        joined = f"{m.group(1)} = [{', '.join(items)}]"
        return joined if len(joined) <= 100 else m.group(0)

    def inline_table(m: re.Match) -> str:
        pairs = ", ".join(line for line in m.group(2).splitlines())
        return f"{m.group(1)} = {{ {pairs} }}\n"

    styled = _DATETIME.sub(r"\1 = \2T\3", _SHORT_ARRAY.sub(one_line, text))
    styled = _SUBTABLE.sub(inline_table, styled)
    styled = _MULTILINE_START.sub(r'\1"""\2', styled)
    try:
        same = tomllib.loads(styled) == tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        same = False
    return styled if same else text


def save_channel(path: Path, channel: Channel, expected_digest: str | None) -> FileStamp:
    """Write ``channel`` to ``path`` atomically, unless the file changed since it was read.

    ``expected_digest`` is the digest of the bytes read earlier (None for a new file, which
    must not exist yet). Raises :class:`ConflictError` instead of overwriting someone's edit.
    An existing file is edited in place: only the lines of the items that changed are rewritten.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = None
    if (digest(raw) if raw is not None else None) != expected_digest:
        raise ConflictError(path)
    try:
        current = raw.decode("utf-8") if raw is not None else None
    except UnicodeDecodeError:  # keep mine over a file that is not even text
        current = None
    data = channel_file_text(channel, current, path).encode("utf-8")
    atomic_write(path, data)
    return FileStamp(path, digest(data), _has_comments(data.decode("utf-8")))


def channel_file_text(channel: Channel, current: str | None, path: Path | str = "") -> str:
    """The text that makes the file ``current`` (None: no file yet) hold ``channel``.

    The current text is edited item by item when it reads as a valid channel; the result must
    read back as exactly ``channel``, or (a layout the editing cannot follow) the whole file is
    written in the standard layout, which always does.
    """
    if current is not None:
        bom, current = ("\ufeff", current[1:]) if current.startswith("\ufeff") else ("", current)
        old = _read_text(current, channel, path)
        if old is not None:
            try:
                text = edited_text(current, old, channel)
            except LayoutError:
                text = None
            if text is not None and _read_text(text, channel, path) == channel:
                return bom + text
    return channel_to_toml(channel)


def _read_text(text: str, like: Channel, path: Path | str) -> Channel | None:
    """The channel a file's text holds (the zone of ``like`` where it names none), None if invalid."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    channel, _ = read_channel(path, like.id, data, like.timezone)
    return channel


def delete_channel(path: Path, expected_digest: str | None) -> None:
    """Remove a channel file, unless it changed since it was read."""
    path = Path(path)
    current = digest(path.read_bytes()) if path.exists() else None
    if current != expected_digest:
        raise ConflictError(path)
    path.unlink()


def read_stamp(path: Path) -> FileStamp | None:
    """The stamp of a file as it is on disk now (None if it is gone)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return None
    return FileStamp(Path(path), digest(raw), _has_comments(raw.decode("utf-8", "replace")))


def check_channel(channel: Channel, default_timezone: str | None = None,
                  path: Path | str | None = None) -> list[PlanError]:
    """Every problem the channel would have once written: it is written to TOML and read back.

    An empty list means the file written from it loads as it is. Keys are named as in the
    file (``rule[2].days[1]``); ``path`` (default ``<id>.toml``) is the file shown in messages.
    """
    shown = path if path is not None else f"{channel.id}.toml"
    try:
        text = channel_to_toml(channel)
    except (TypeError, ValueError) as exc:  # tomli-w refuses a value it cannot write
        return [PlanError(shown, "", _("cannot be written as TOML ({reason})").format(reason=exc))]
    _channel, problems = read_channel(shown, channel.id, tomllib.loads(text), default_timezone)
    return problems
