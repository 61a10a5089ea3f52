"""The only module that reads or writes plan files: tomllib in, tomli-w out, writes atomic."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import tomli_w

from calendar_app.core.errors import PlanError, PlanErrors
from calendar_app.core.model import CalendarSettings, Channel, KeyDate, Plan, Post, Rule
from calendar_app.storage.schema import check_channel_id, format_duration, read_calendar, read_channel

CALENDAR_FILE = "_calendar.toml"
_TOML_POS = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")


@dataclass(frozen=True)
class FileStamp:
    """What a plan file held when it was read, to detect edits made elsewhere before a write."""

    path: Path
    digest: str
    """SHA-256 of the bytes read."""
    has_comments: bool
    """The file has ``#`` comments, which tomli-w cannot keep on a rewrite."""


@dataclass(frozen=True)
class LoadResult:
    """A plan directory as read: the valid channels, every problem, and each file's stamp."""

    plan: Plan
    errors: list[PlanError] = field(default_factory=list)
    files: dict[str, FileStamp] = field(default_factory=dict)
    """Channel id -> stamp of its file (for valid and invalid channels alike)."""


class ConflictError(Exception):
    """The file changed on disk since it was read: writing would lose someone's edit."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"{path}: changed on disk since it was read; reload it or keep your version")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _has_comments(text: str) -> bool:
    # A '#' outside strings; cheap check good enough to decide whether to warn.
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith("#"):
            return True
        if "#" in line and not re.search(r"([\"']).*#.*\1", line):
            return True
    return False


def read_file_bytes(path: Path) -> bytes:
    """The bytes of a plan or imported file; OSError with a plain ``strerror`` for a broken
    symbolic link or something that is not a regular file (reading a named pipe would block)."""
    path = Path(path)
    if path.is_symlink():
        try:
            path.stat()
        except FileNotFoundError:
            raise OSError(errno.ENOENT, f"a symbolic link to {os.readlink(path)}, which does not exist") from None
    if path.exists() and not path.is_file() and not path.is_dir():
        raise OSError(errno.EINVAL, "not a regular file: a pipe or a device")
    return path.read_bytes()


def parse_toml(path: Path, shown: Path | str) -> tuple[dict | None, bytes, PlanError | None]:
    """Read and parse one TOML file; a syntax error names the parser's line and column."""
    try:
        raw = read_file_bytes(path)
    except OSError as exc:
        return None, b"", PlanError(shown, "", f"cannot read the file ({exc.strerror})")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")  # the BOM some Windows editors write
    except UnicodeDecodeError as exc:
        return None, raw, PlanError(shown, "", f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")
    try:
        return tomllib.loads(text), raw, None
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_POS.match(str(exc))
        if m:
            where = f"line {m['line']}, column {m['col']}"
            return None, raw, PlanError(shown, where, f"invalid TOML: {m['msg']}")
        return None, raw, PlanError(shown, "", f"invalid TOML: {exc}")


def load_plan(plans_dir: Path | str, *, known: Mapping[str, tuple[Channel, bool]] | None = None) -> LoadResult:
    """Read every channel of ``plans_dir`` and ``_calendar.toml``, collecting every problem.

    ``known`` maps the SHA-256 of a channel file's bytes to the channel that file gave before
    and whether it has comments (``(channel, has_comments)``), with the same ``_calendar.toml``
    and the same code (the caller checks both): such a file is not parsed again
    (``calendar-app export`` keeps these beside its feeds).
    """
    shown_dir = Path(plans_dir)
    if not shown_dir.is_dir():
        err = PlanError(shown_dir, "", "no such plans directory; pass --plans DIR (a folder of <channel>.toml files)")
        return LoadResult(Plan(channels=()), [err])
    errors: list[PlanError] = []
    settings, key_dates = _load_calendar(shown_dir, errors)
    channels: list[Channel] = []
    files: dict[str, FileStamp] = {}
    for path in sorted(shown_dir.glob("*.toml")):
        if path.name.startswith("_") or path.name.startswith("."):
            continue
        problem = check_channel_id(path.stem)
        if problem:
            errors.append(PlanError(path, "", problem))
            continue
        if known:
            try:
                raw = read_file_bytes(path)
            except OSError:
                raw = b""
            raw_digest = digest(raw)
            channel, has_comments = known.get(raw_digest, (None, False))
            if channel is not None and channel.id == path.stem:
                files[path.stem] = FileStamp(path, raw_digest, has_comments)
                channels.append(channel)
                continue
        data, raw, err = parse_toml(path, path)
        text = raw.decode("utf-8", "replace")
        files[path.stem] = FileStamp(path, digest(raw), _has_comments(text))
        if err:
            errors.append(err)
            continue
        channel, problems = read_channel(path, path.stem, data, settings.timezone)
        errors.extend(problems)
        if channel is not None:
            channels.append(channel)
    plan = Plan(channels=tuple(channels), calendar=settings, key_dates=tuple(sorted(key_dates, key=lambda k: (k.date, k.title))))
    return LoadResult(plan, errors, files)


def load_plan_strict(plans_dir: Path | str) -> Plan:
    """Like :func:`load_plan` but raise :class:`PlanErrors` when anything is wrong."""
    result = load_plan(plans_dir)
    if result.errors:
        raise PlanErrors(result.errors)
    return result.plan


def _load_calendar(plans_dir: Path, errors: list[PlanError]):
    path = plans_dir / CALENDAR_FILE
    if not path.exists() and not path.is_symlink():
        return CalendarSettings(), []
    data, _, err = parse_toml(path, path)
    if err:
        errors.append(err)
        return CalendarSettings(), []
    settings, key_dates, problems = read_calendar(path, data)
    errors.extend(problems)
    for i, name in enumerate(settings.ics, 1):
        ics_path = plans_dir / name
        if not ics_path.resolve().is_relative_to(plans_dir.resolve()):
            errors.append(PlanError(path, f"calendar.ics[{i}]", f'"{name}" is outside {plans_dir}; copy the file into the plans folder'))
            continue
        try:
            key_dates.extend(import_key_dates(read_file_bytes(ics_path), name))
        except OSError as exc:
            errors.append(PlanError(path, f"calendar.ics[{i}]", f'cannot read "{name}" ({exc.strerror}); paths are relative to {plans_dir}'))
        except ValueError as exc:
            errors.append(PlanError(path, f"calendar.ics[{i}]", f'"{name}" is not a readable iCalendar file ({exc})'))
    return settings, key_dates


#: Imported recurring key dates stop at this year (the plans' own dates end in 2200) ...
KEY_DATES_LAST_YEAR = 2200
#: ... or after this many days per event, or after this many raw occurrences (FREQ=SECONDLY).
KEY_DATES_PER_EVENT = 5000
_RAW_OCCURRENCES = 200_000


def import_key_dates(data: bytes, source: str) -> list[KeyDate]:
    """Key dates from the VEVENTs of an iCalendar file (holidays, trade fairs...).

    All-day events keep their day span (DTEND exclusive, or DURATION); timed events give their
    local date. Recurring events (RRULE, RDATE, EXDATE) are expanded from their start up to
    :data:`KEY_DATES_LAST_YEAR`, at most :data:`KEY_DATES_PER_EVENT` days each, so a yearly
    holiday written from 1970 still gives this year's day. Raises ValueError naming the event
    when it cannot be read.
    """
    import icalendar

    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # icalendar raises several types for bad input
        raise ValueError(_short(str(exc) or type(exc).__name__)) from exc
    out: list[KeyDate] = []
    for event in cal.walk("VEVENT"):
        if "DTSTART" not in event:
            continue
        # Control characters (an escape sequence) would be replayed by the terminals showing it.
        title = " ".join("".join(" " if unicodedata.category(c) == "Cc" else c
                                 for c in str(event.get("SUMMARY", ""))).split())
        title = title or "(untitled)"
        try:
            out.extend(_event_key_dates(event, title, source))
        except (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError) as exc:
            raise ValueError(f'event "{_short(title, 60)}": {_short(str(exc) or type(exc).__name__)}') from exc
    return out


def _short(text: str, limit: int = 120) -> str:
    text = " ".join("".join(c if c.isprintable() else "?" for c in text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _decoded(event, name: str, kinds: tuple[type, ...]):
    try:
        value = event.decoded(name)
    except Exception as exc:  # icalendar: ValueError, KeyError... for a malformed value
        raise ValueError(f"{name} cannot be read ({exc})") from exc
    if not isinstance(value, kinds):
        raise TypeError(f"{name} is not a valid value ({_short(str(event[name].to_ical().decode()), 40)})")
    return value


def _event_key_dates(event, title: str, source: str) -> list[KeyDate]:
    from datetime import date as date_type

    from dateutil.rrule import rrulestr

    from calendar_app.core.recurrence import parse_rrule_text

    start = _decoded(event, "DTSTART", (date_type,))
    first = start.date() if isinstance(start, datetime) else start
    last = first
    if "DTEND" in event:
        end = _decoded(event, "DTEND", (date_type,))
        end_day = end.date() if isinstance(end, datetime) else end
        last = max(first, end_day if isinstance(end, datetime) else end_day - timedelta(days=1))
    elif "DURATION" in event:
        length = _decoded(event, "DURATION", (timedelta,))
        if isinstance(start, datetime):
            last = max(first, (start + length).date())
        else:
            last = max(first, first + timedelta(days=length.days - 1))
    span = last - first
    days = {first}
    midnight = datetime.combine(first, datetime.min.time())
    horizon = datetime(KEY_DATES_LAST_YEAR, 12, 31)
    rules = event.get("RRULE")
    for rule in rules if isinstance(rules, list) else ([rules] if rules is not None else []):
        text = rule.to_ical().decode()
        interval = parse_rrule_text(text).get("INTERVAL")
        if interval is not None and not (interval.isdigit() and int(interval) >= 1):
            raise ValueError(f"RRULE INTERVAL={interval} must be 1 or more")
        occurrences = rrulestr(text, dtstart=midnight, ignoretz=True)
        for n, occurrence in enumerate(occurrences):
            if occurrence > horizon or n >= _RAW_OCCURRENCES or len(days) >= KEY_DATES_PER_EVENT:
                break
            days.add(occurrence.date())
    for name, add in (("RDATE", True), ("EXDATE", False)):
        values = event.get(name)
        for value in values if isinstance(values, list) else ([values] if values is not None else []):
            for item in value.dts:
                moment = item.dt[0] if isinstance(item.dt, tuple) else item.dt  # a period: its start
                day = moment.date() if isinstance(moment, datetime) else moment
                if not isinstance(day, date_type):
                    continue
                if add:
                    days.add(day)
                else:
                    days.discard(day)
    # Plans live in 1900-2200 (windows and feeds compute a day beyond a key date's end).
    lowest, highest = date_type(1900, 1, 1), date_type(KEY_DATES_LAST_YEAR, 12, 31)
    out = []
    for day in sorted(d for d in days if lowest <= d <= highest):
        last_day = highest if highest - day < span else day + span
        out.append(KeyDate(date=day, title=title, end=last_day if last_day != day else None, source=source))
    return out


# --- writing -----------------------------------------------------------------------------


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


def atomic_write(path: Path, data: bytes | Callable[[BinaryIO], None]) -> None:
    """Write ``data`` to ``path`` so a reader sees the old file or the new one, never a mix.

    ``data`` is the bytes, or a function that writes them into the open (temporary) file. The
    file is synced before it replaces the old one, and the folder after."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            if callable(data):
                data(f)
            else:
                f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


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

