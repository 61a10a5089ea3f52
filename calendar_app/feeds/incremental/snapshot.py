"""The validated channels an export read, kept beside its feeds so the next one parses only edited files."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from pathlib import Path

from calendar_app.core.errors import PlanErrors
from calendar_app.core.model import Channel, Idea, Plan, Post, Rule
from calendar_app.feeds.incremental.cache import source_salt, zone_digest
from calendar_app.files import atomic_write
from calendar_app.storage.reader import CALENDAR_FILE, FileStamp, load_plan

SNAPSHOT_FILE = ".plan-snapshot.json"
SNAPSHOT_FORMAT = 1
#: The modules whose code decides what a plan file means and whether it is valid.
LOADER_MODULES = (
    "calendar_app.storage.reader", "calendar_app.storage.ics_import", "calendar_app.storage.schema",
    "calendar_app.storage.values", "calendar_app.core.model",
    "calendar_app.storage.ideas",
    "calendar_app.core.recurrence", "calendar_app.core.errors", "calendar_app.feeds.incremental.snapshot",
)


def load_for_export(plans_dir: Path | str, out_dir: Path | str) -> tuple[Plan, Snapshot]:
    """The plan, like :func:`plans.load_plan_strict` (PlanErrors for any problem), reusing the
    channels of the previous export's snapshot for the files whose bytes are unchanged; and
    what to pass to :func:`write_snapshot` once the export succeeded."""
    plans_dir, out_dir = Path(plans_dir), Path(out_dir)
    lines = _read_lines(plans_dir, out_dir)
    known = {}
    for digest, line in lines.items():
        try:
            entry = json.loads(line[65:])
            channel = decode(entry["channel"])
            if entry["zone"] == zone_digest(channel.timezone) and type(entry["comments"]) is bool:
                known[digest] = (channel, entry["comments"])
        except (KeyError, TypeError, ValueError):
            continue  # a damaged entry: that file is parsed
    result = load_plan(plans_dir, known=known)
    if result.errors:
        raise PlanErrors(result.errors)
    return result.plan, Snapshot(plans_dir, result.files, {d: lines[d] for d, _ in known.items()})


@dataclass(frozen=True)
class Snapshot:
    """What :func:`load_for_export` read: the files' stamps and the snapshot lines still valid."""

    plans_dir: Path
    files: dict[str, FileStamp]
    lines: dict[str, bytes]


def write_snapshot(out_dir: Path | str, plan: Plan, snapshot: Snapshot) -> None:
    """Keep the valid plan's channels for the next export (after a successful one): a header
    line, then one JSON line per channel (the unchanged ones copied as they were read)."""
    out = [json.dumps(_header(snapshot.plans_dir), ensure_ascii=False).encode("utf-8")]
    for channel in plan.channels:
        stamp = snapshot.files.get(channel.id)
        zone = zone_digest(channel.timezone)
        if stamp is None or zone is None:
            continue
        line = snapshot.lines.get(stamp.digest)
        if line is None:
            entry = {"digest": stamp.digest, "zone": zone, "comments": stamp.has_comments, "channel": encode(channel)}
            payload = json.dumps(entry, ensure_ascii=False).encode("utf-8")
            line = hashlib.sha256(payload).hexdigest().encode("ascii") + b" " + payload
        out.append(line)
    atomic_write(Path(out_dir) / SNAPSHOT_FILE, b"\n".join(out) + b"\n")


def _header(plans_dir: Path) -> dict:
    return {"format": SNAPSHOT_FORMAT, "salt": loader_salt(), "calendar": _calendar_digest(plans_dir),
            "fields": _field_names()}


def _read_lines(plans_dir: Path, out_dir: Path) -> dict[str, bytes]:
    """file digest -> its snapshot line, if the snapshot was written by this code for this calendar."""
    try:
        raw = (out_dir / SNAPSHOT_FILE).read_bytes()
        header, *entries = raw.split(b"\n")
        if json.loads(header) != _header(plans_dir):
            return {}
    except (OSError, ValueError):
        return {}
    lines = {}
    for line in entries:
        # "<sha-256 of the rest> {"digest": "<64 hex>", ...}": a damaged line is never used
        payload = line[65:]
        if payload.startswith(b'{"digest": "') and hashlib.sha256(payload).hexdigest().encode("ascii") == line[:64]:
            lines[payload[12:76].decode("ascii")] = line
    return lines


def _calendar_digest(plans_dir: Path) -> str:
    try:
        return hashlib.sha256((plans_dir / CALENDAR_FILE).read_bytes()).hexdigest()
    except OSError:
        return "-"


@lru_cache(maxsize=1)
def loader_salt() -> str:
    """A hash of the plan-reading code, dateutil's version (rule checks) and Python's."""
    return source_salt(LOADER_MODULES, ("python-dateutil",))


# --- Channel <-> JSON, exact ------------------------------------------------------------------

_SCALARS = {"str", "str | None", "int", "int | None", "float", "float | None", "bool"}


def _td_in(v):
    return [v.days, v.seconds, v.microseconds]


def _td_out(v):
    return timedelta(days=v[0], seconds=v[1], microseconds=v[2])


#: annotation -> (to JSON, from JSON); None values pass through both.
_CONVERTERS = {
    "timedelta": (_td_in, _td_out),
    "timedelta | None": (_td_in, _td_out),
    "date": (date.isoformat, date.fromisoformat),
    "date | None": (date.isoformat, date.fromisoformat),
    "datetime": (datetime.isoformat, datetime.fromisoformat),
    "tuple[time, ...]": (lambda v: [t.isoformat() for t in v], lambda v: tuple(map(time.fromisoformat, v))),
    "tuple[date, ...]": (lambda v: [d.isoformat() for d in v], lambda v: tuple(map(date.fromisoformat, v))),
    "tuple[str, ...]": (list, tuple),
    "tuple[int, ...]": (list, tuple),
    "dict[str, float]": (lambda v: list(v.items()), lambda v: {k: x for k, x in v}),
    "tuple[Rule, ...]": (lambda v: [_encode(Rule, r) for r in v], lambda v: tuple(_decode(Rule, r) for r in v)),
    "tuple[Post, ...]": (lambda v: [_encode(Post, p) for p in v], lambda v: tuple(_decode(Post, p) for p in v)),
    "dict[str, timedelta]": (lambda v: [[k, _td_in(x)] for k, x in v.items()], lambda v: {k: _td_out(x) for k, x in v}),
    "tuple[Idea, ...]": (lambda v: [_encode(Idea, i) for i in v], lambda v: tuple(_decode(Idea, i) for i in v)),
}


@cache
def _plan_of(cls) -> tuple[tuple[str, ...], tuple]:
    """Field names and, per field, its converters (None for JSON scalars); ValueError if a field's
    type is not known here (a model change this module must learn)."""
    names, convs = [], []
    for f in fields(cls):
        names.append(f.name)
        if f.type in _SCALARS:
            convs.append(None)
        elif f.type in _CONVERTERS:
            convs.append(_CONVERTERS[f.type])
        else:
            raise ValueError(f"{cls.__name__}.{f.name}: no JSON form for {f.type}")
    return tuple(names), tuple(convs)


def _field_names() -> list[list[str]]:
    return [list(_plan_of(cls)[0]) for cls in (Channel, Rule, Post, Idea)]


def _encode(cls, obj) -> list:
    _, convs = _plan_of(cls)
    values = [getattr(obj, f.name) for f in fields(cls)]
    return [v if c is None or v is None else c[0](v) for c, v in zip(convs, values)]


def _decode(cls, values: list):
    # Only the fields that are not JSON scalars are converted: most of a post's fields are strings.
    size, conversions = _conversions(cls)
    if type(values) is not list or len(values) != size:
        raise ValueError(f"not a {cls.__name__}")
    values = values.copy()
    for i, convert in conversions:
        if values[i] is not None:
            values[i] = convert(values[i])
    return cls(*values)


@cache
def _conversions(cls) -> tuple[int, tuple]:
    """The number of fields and (index, from JSON) for each field that needs converting."""
    _, convs = _plan_of(cls)
    return len(convs), tuple((i, c[1]) for i, c in enumerate(convs) if c is not None)


def encode(channel: Channel) -> list:
    """A channel as JSON-ready lists (field order), every value exact."""
    return _encode(Channel, channel)


def decode(values: list) -> Channel:
    """The channel :func:`encode` gave; ValueError/TypeError for anything else."""
    return _decode(Channel, values)
