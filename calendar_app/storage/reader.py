"""Reading a plans folder: every channel file and ``_calendar.toml`` (tomllib), every problem at once."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from calendar_app.core.campaigns import attach
from calendar_app.core.errors import PlanError, PlanErrors
from calendar_app.core.model import CalendarSettings, Channel, Plan, check_channel_id
from calendar_app.files import remove_stale_temps
from calendar_app.i18n import _
from calendar_app.storage.campaign_files import CAMPAIGNS_DIR, check_campaign_id, placement_errors, read_campaign
from calendar_app.storage.ics_cache import key_dates_from_ics
from calendar_app.storage.ideas import IDEAS_FILE, read_ideas_file
from calendar_app.storage.reasons import os_reason as _os_reason
from calendar_app.storage.reasons import toml_reason
from calendar_app.storage.schema import read_calendar, read_channel

CALENDAR_FILE = "_calendar.toml"
_TOML_POS = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")


@dataclass(frozen=True)
class FileStamp:
    """What a plan file held when it was read, to detect edits made elsewhere before a write."""

    path: Path
    digest: str
    """SHA-256 of the bytes read."""
    has_comments: bool
    """The file has ``#`` comments (edits keep them; recorded beside the export's snapshot)."""


@dataclass(frozen=True)
class LoadResult:
    """A plan directory as read: the valid channels, every problem, and each file's stamp."""

    plan: Plan
    errors: list[PlanError] = field(default_factory=list)
    files: dict[str, FileStamp] = field(default_factory=dict)
    """Channel id -> stamp of its file (for valid and invalid channels alike)."""
    ideas_file: FileStamp | None = None
    """The stamp of ``_ideas.toml`` when there is one."""
    campaign_files: dict[str, FileStamp] = field(default_factory=dict)
    """Campaign id -> stamp of ``campaigns/<id>.toml`` (valid and invalid alike)."""


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
            raise OSError(errno.ENOENT, _("a symbolic link to {target}, which does not exist").format(
                target=os.readlink(path))) from None
    if path.exists() and not path.is_file() and not path.is_dir():
        raise OSError(errno.EINVAL, _("not a regular file: a pipe or a device"))
    return path.read_bytes()


def parse_toml(path: Path, shown: Path | str) -> tuple[dict | None, bytes, PlanError | None]:
    """Read and parse one TOML file; a syntax error names the parser's line and column."""
    try:
        raw = read_file_bytes(path)
    except OSError as exc:
        return None, b"", PlanError(shown, "", _("cannot read the file ({reason})").format(reason=_os_reason(exc)))
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")  # the BOM some Windows editors write
    except UnicodeDecodeError as exc:
        return None, raw, PlanError(shown, "", _("is not UTF-8 text (byte {position}); save it as UTF-8").format(
            position=exc.start))
    try:
        return tomllib.loads(text), raw, None
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_POS.match(str(exc))
        if m:
            where = _("line {line}, column {column}").format(line=m["line"], column=m["col"])
            return None, raw, PlanError(shown, where, _("invalid TOML: {reason}").format(reason=toml_reason(m["msg"])))
        return None, raw, PlanError(shown, "", _("invalid TOML: {reason}").format(reason=toml_reason(str(exc))))


def load_plan(plans_dir: Path | str, *, known: Mapping[str, tuple[Channel, bool]] | None = None) -> LoadResult:
    """Read every channel of ``plans_dir`` and ``_calendar.toml``, collecting every problem.

    ``known`` maps the SHA-256 of a channel file's bytes to the channel that file gave before
    and whether it has comments (``(channel, has_comments)``), with the same ``_calendar.toml``
    and the same code (the caller checks both): such a file is not parsed again
    (``calendar-app export`` keeps these beside its feeds).
    """
    shown_dir = Path(plans_dir)
    if not shown_dir.is_dir():
        err = PlanError(shown_dir, "", _("no such plans directory; pass --plans DIR (a folder of <channel>.toml files)"))
        return LoadResult(Plan(channels=()), [err])
    remove_stale_temps(shown_dir)  # what a save killed halfway left: `git add -A` must never see it
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
        try:
            channel, problems = read_channel(path, path.stem, data, settings.timezone)
        except Exception as exc:  # a value the checks above missed must not crash every command
            channel, problems = None, [_unexpected(path, exc)]
        errors.extend(problems)
        if channel is not None:
            channels.append(channel)
    ideas, ideas_stamp = _load_ideas(shown_dir, sorted(files), errors)
    plan = Plan(channels=tuple(channels), calendar=settings, key_dates=tuple(sorted(key_dates, key=lambda k: (k.date, k.title))),
                ideas=tuple(ideas))
    plan, campaign_stamps = _load_campaigns(shown_dir, plan, set(files), errors)
    return LoadResult(plan, errors, files, ideas_stamp, campaign_stamps)


def _load_campaigns(plans_dir: Path, plan: Plan, channel_files: set[str], errors: list[PlanError]):
    """The plan with the campaigns of ``campaigns/*.toml`` placed on its channels, and their stamps."""
    folder = plans_dir / CAMPAIGNS_DIR
    stamps: dict[str, FileStamp] = {}
    read: list = []
    paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    valid = {c.id for c in plan.channels}
    channels = {cid: cid in valid for cid in channel_files}
    for path in paths:
        if path.name.startswith((".", "_")):
            continue
        problem = check_campaign_id(path.stem)
        if problem:
            errors.append(PlanError(path, "", problem))
            continue
        data, raw, err = parse_toml(path, path)
        stamps[path.stem] = FileStamp(path, digest(raw), _has_comments(raw.decode("utf-8", "replace")))
        if err:
            errors.append(err)
            continue
        try:
            campaign, problems = read_campaign(path, path.stem, data, channels)
        except Exception as exc:  # as for a channel file
            campaign, problems = None, [_unexpected(path, exc)]
        errors.extend(problems)
        if campaign is not None:
            read.append((campaign, path))
    placements, problems = placement_errors(plan, read, plans_dir)
    errors.extend(problems)
    return attach(plan, [c for c, _p in read if c.id in placements], placements), stamps


def _load_ideas(plans_dir: Path, channel_ids: list[str], errors: list[PlanError]):
    """The ideas of ``_ideas.toml`` (none without the file) and the file's stamp."""
    path = plans_dir / IDEAS_FILE
    if not path.exists() and not path.is_symlink():
        return [], None
    data, raw, err = parse_toml(path, path)
    stamp = FileStamp(path, digest(raw), _has_comments(raw.decode("utf-8", "replace")))
    if err:
        errors.append(err)
        return [], stamp
    ideas, problems = read_ideas_file(path, data, channel_ids)
    errors.extend(problems)
    return ideas, stamp


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
    data, _raw, err = parse_toml(path, path)
    if err:
        errors.append(err)
        return CalendarSettings(), []
    try:
        settings, key_dates, problems = read_calendar(path, data)
    except Exception as exc:  # as for a channel file
        errors.append(_unexpected(path, exc))
        return CalendarSettings(), []
    errors.extend(problems)
    for i, name in enumerate(settings.ics, 1):
        ics_path = plans_dir / name
        if not ics_path.resolve().is_relative_to(plans_dir.resolve()):
            errors.append(PlanError(path, f"calendar.ics[{i}]", _('"{name}" is outside {folder}; copy the file into the plans folder')
                                    .format(name=name, folder=plans_dir)))
            continue
        try:
            key_dates.extend(key_dates_from_ics(read_file_bytes(ics_path), name))
        except OSError as exc:
            errors.append(PlanError(path, f"calendar.ics[{i}]", _('cannot read "{name}" ({reason}); paths are relative to {folder}')
                                    .format(name=name, reason=_os_reason(exc), folder=plans_dir)))
        except ValueError as exc:
            errors.append(PlanError(path, f"calendar.ics[{i}]", _('"{name}" is not a readable iCalendar file ({reason})')
                                    .format(name=name, reason=exc)))
    return settings, key_dates


def _unexpected(path: Path, exc: Exception) -> PlanError:
    return PlanError(path, "", _("cannot be read: a value in it is not handled ({error}: {detail}); check its latest "
                                 "change, and please report it").format(error=type(exc).__name__, detail=exc))
