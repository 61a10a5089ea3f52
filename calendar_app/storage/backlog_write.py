"""Writing several plan files as one change (``fill --write``): every file's stamp is checked before
any is written, each file edited in place and written atomically."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from calendar_app.core.model import Channel, Idea
from calendar_app.files import atomic_write
from calendar_app.storage.reader import FileStamp, digest
from calendar_app.storage.tables import idea_table
from calendar_app.storage.toml_edit import LayoutError, edit_ideas, give_headers_their_comments
from calendar_app.storage.writer import ConflictError, channel_file_text


@dataclass(frozen=True)
class FileChange:
    """One file of the change: what it held when read, and what it should hold."""

    stamp: FileStamp
    channel: Channel | None = None
    """The channel the file should hold (a channel file)."""
    ideas: tuple[Idea, ...] | None = None
    """The ideas ``_ideas.toml`` should keep (that file)."""
    old_ideas: tuple[Idea, ...] = ()


def ideas_file_text(text: str, old: tuple[Idea, ...], new: tuple[Idea, ...]) -> str:
    """``_ideas.toml``'s text with the ideas of ``old`` that are not in ``new`` taken out (comments kept)."""
    try:
        doc = tomlkit.parse(text)
        give_headers_their_comments(doc)  # a comment above an idea goes with it, not with the one before
        edit_ideas(doc, old, new, with_channels=True)
        return tomlkit.dumps(doc)
    except (TOMLKitError, ValueError, KeyError, IndexError) as exc:
        raise LayoutError(str(exc)) from exc


def _current(path: Path) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None


def write_changes(changes: list[FileChange]) -> list[Path]:
    """Write every change, or none: raises :class:`ConflictError` for the first file that changed on
    disk since it was read, before anything is written. Returns the paths written."""
    texts: list[tuple[Path, bytes]] = []
    for change in changes:
        raw = _current(change.stamp.path)
        if raw is None or digest(raw) != change.stamp.digest:
            raise ConflictError(change.stamp.path)
        current = raw.decode("utf-8")
        if change.channel is not None:
            text = channel_file_text(change.channel, current, change.stamp.path)
        else:
            bom = "\ufeff" if current.startswith("\ufeff") else ""
            text = bom + ideas_file_text(current.removeprefix("\ufeff"), change.old_ideas, change.ideas or ())
        texts.append((change.stamp.path, text.encode("utf-8")))
    for change in changes:  # the texts took a while: look again just before writing
        raw = _current(change.stamp.path)
        if raw is None or digest(raw) != change.stamp.digest:
            raise ConflictError(change.stamp.path)
    for path, data in texts:
        atomic_write(path, data)
    return [path for path, _ in texts]


def create_ideas_file(path: Path, ideas: tuple[Idea, ...]) -> None:
    """Write a new ``_ideas.toml`` holding ``ideas`` (:class:`ConflictError` if one appeared meanwhile)."""
    if Path(path).exists():
        raise ConflictError(Path(path))
    doc = tomlkit.document()
    aot = tomlkit.aot()
    for idea in ideas:
        aot.append(tomlkit.item(idea_table(idea, with_channels=True)))
    doc["idea"] = aot
    atomic_write(path, tomlkit.dumps(doc).encode("utf-8"))
