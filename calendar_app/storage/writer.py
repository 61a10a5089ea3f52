"""Writing plan files: a channel as TOML in a stable, hand-written style, saved atomically with conflict checks."""

from __future__ import annotations

import re
import tomllib
from datetime import timedelta
from pathlib import Path

import tomli_w

from calendar_app.core.errors import PlanError
from calendar_app.core.model import Channel, Post, Rule
from calendar_app.files import atomic_write
from calendar_app.storage.reader import FileStamp, _has_comments, digest
from calendar_app.storage.schema import read_channel
from calendar_app.storage.values import format_duration


class ConflictError(Exception):
    """The file changed on disk since it was read: writing would lose someone's edit."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"{path}: changed on disk since it was read; reload it or keep your version")


def _rule_table(rule: Rule) -> dict:
    t: dict = {"id": rule.id}
    if rule.label:
        t["label"] = rule.label
    if rule.rrule:
        t["rrule"] = rule.rrule
    else:
        t["every"] = rule.every
        if rule.interval != 1:
            t["interval"] = rule.interval
        if rule.days:
            t["days"] = list(rule.days)
        if rule.monthdays:
            t["monthdays"] = list(rule.monthdays)
        if rule.months:
            t["months"] = list(rule.months)
    t["times"] = [f"{x:%H:%M}" for x in rule.times]
    t["start"] = rule.start
    if rule.end:
        t["end"] = rule.end
    if rule.count:
        t["count"] = rule.count
    if rule.format:
        t["format"] = rule.format
    if rule.pillars:
        t["pillars"] = list(rule.pillars)
    if rule.skip:
        t["skip"] = sorted(rule.skip)
    return t


def _post_table(post: Post) -> dict:
    t: dict = {"at": post.at}
    for key in ("title", "status", "owner", "pillar", "format", "notes", "link"):
        value = getattr(post, key)
        if value is not None:
            t[key] = value
    return t


def channel_to_toml(channel: Channel) -> str:
    """The channel as TOML text: stable key order, posts sorted by time, so git diffs stay small."""
    c: dict = {"name": channel.name}
    if not channel.timezone_from_calendar:
        c["timezone"] = channel.timezone
    for key in ("color", "owner", "description"):
        if getattr(channel, key):
            c[key] = getattr(channel, key)
    if channel.duration != timedelta(minutes=30):
        c["duration"] = format_duration(channel.duration)
    if channel.per_week is not None:
        c["per_week"] = int(channel.per_week) if float(channel.per_week).is_integer() else channel.per_week
    for key in ("max_gap", "lead_time", "remind"):
        if getattr(channel, key) is not None:
            c[key] = format_duration(getattr(channel, key))
    if channel.pillar_share:
        c["pillar_share"] = dict(channel.pillar_share)
    if channel.pillar_tolerance != 0.1:
        c["pillar_tolerance"] = channel.pillar_tolerance
    if channel.max_pillar_run is not None:
        c["max_pillar_run"] = channel.max_pillar_run
    doc: dict = {"channel": c}
    if channel.rules:
        doc["rule"] = [_rule_table(r) for r in channel.rules]
    if channel.posts:
        doc["post"] = [_post_table(p) for p in sorted(channel.posts, key=lambda p: p.at)]
    return _hand_written_style(tomli_w.dumps(doc, multiline_strings=True), doc)


_SHORT_ARRAY = re.compile(r"^([A-Za-z0-9_-]+) = \[\n((?:    [^\n\[\]{}]+,\n)+)\]$", re.MULTILINE)
#: ``[channel.pillar_share]`` with plain ``key = value`` lines, written inline as people do.
_SUBTABLE = re.compile(r"\n\[channel\.(pillar_share)\]\n((?:[^\n\[]+ = [^\n]+\n)+)")
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
    """
    path = Path(path)
    try:
        current = digest(path.read_bytes())
    except FileNotFoundError:
        current = None
    if current != expected_digest:
        raise ConflictError(path)
    data = channel_to_toml(channel).encode("utf-8")
    atomic_write(path, data)
    return FileStamp(path, digest(data), False)


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
        return [PlanError(shown, "", f"cannot be written as TOML ({exc})")]
    _, problems = read_channel(shown, channel.id, tomllib.loads(text), default_timezone)
    return problems
