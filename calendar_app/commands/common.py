"""Helpers shared by the subcommands: loading a plan strictly and checking channel filters."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable

from calendar_app.core.errors import UsageError
from calendar_app.core.model import Plan, Slot
from calendar_app.core.names import channel_hint, find_channel
from calendar_app.i18n import _
from calendar_app.storage.reader import load_plan_strict


def load(plans_dir: str) -> Plan:
    """The plan in ``plans_dir``; raises PlanErrors (exit 2) listing every problem."""
    return load_plan_strict(plans_dir)


def check_channels(plan: Plan, wanted: Iterable[str] | None) -> list[str] | None:
    """Resolve ``--channel`` values (an id, or a display name with any case and accents) to channel
    ids; None means every channel. An unknown one is a UsageError with the near miss."""
    if not wanted:
        return None
    found = []
    for value in wanted:
        channel = find_channel(plan, value)
        if channel is None:
            raise UsageError(_('--channel "{channel}" is not a channel{hint}').format(
                channel=value, hint=channel_hint(plan, value)))
        if channel.id not in found:
            found.append(channel.id)
    return found


#: The keys of :func:`slot_json`, in order (the columns of ``export --format csv``).
SLOT_KEYS = ("channel", "rule", "start", "end", "planned", "uid", "status", "title", "pillar", "format", "owner",
             "notes", "link")


def slot_json(slot: Slot) -> dict:
    """A slot as the JSON object printed by ``agenda --json`` (and reused by other commands)."""
    post = slot.post
    return {
        "channel": slot.channel,
        "rule": slot.rule,
        "start": slot.start.isoformat(),
        "end": slot.end.isoformat(),
        "planned": slot.planned.isoformat(timespec="minutes"),
        "uid": slot.uid,
        "status": slot.status,
        "title": slot.title,
        "pillar": slot.pillar,
        "format": slot.format,
        "owner": slot.owner,
        "notes": post.notes if post else None,
        "link": post.link if post else None,
        "campaign": post.campaign if post else None,
    }


#: Characters of JSON gathered before each write: few write() calls, a bounded extra memory.
CHUNK = 1 << 20


def dump_json(data) -> None:
    """Print ``data`` as JSON: UTF-8 text as is, escaped (``\\u00e9``) when stdout is not UTF-8.

    The same text as ``json.dump(data, indent=2)``, written in chunks of about :data:`CHUNK`
    characters whatever stdout's buffering: ``json.dump`` into an unbuffered stdout
    (``PYTHONUNBUFFERED=1``, as in many containers) made one ``write()`` per token. One encoder
    pass (encoding item by item left a reference cycle per item for the collector, which
    one-shot commands run without)."""
    utf8 = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") == "utf8"
    chunk: list[str] = []
    size = 0
    for piece in json.JSONEncoder(ensure_ascii=not utf8, indent=2).iterencode(data):
        chunk.append(piece)
        size += len(piece)
        if size >= CHUNK:
            print_text("".join(chunk))
            chunk.clear()
            size = 0
    chunk.append("\n")
    print_text("".join(chunk))


def print_rich(render, *args, **console_options) -> None:
    """Call ``render(*args, console)`` with a rich Console for stdout and print what it drew in one
    write (rich is imported here, only by the commands that draw text)."""
    from rich.console import Console

    console = Console(highlight=False, **console_options)
    with console.capture() as captured:
        render(*args, console)
    print_text(captured.get())


def print_text(text: str) -> None:
    """Write ``text`` to stdout in one go, whatever its buffering: encoded once and handed to the
    binary layer whole (a broken pipe reaches the CLI, which ends quietly)."""
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if buffer is None:  # a StringIO stands in for stdout
        out.write(text)
        return
    out.flush()
    data = memoryview(text.encode(out.encoding or "utf-8", out.errors or "strict"))
    while data:
        written = buffer.write(data)
        data = data[written or 0:]  # None: a non-blocking stdout was full; try again
    buffer.flush()
