"""INTERIM, until the campaign-core branch is merged: campaign files read just enough for the editor's screens.

campaign-core owns the model, the reader's validation, the resolution of steps and ``campaign move``;
this module stands in for them (no validation beyond TOML, no posts added to channels) so the
campaign screens can be driven and tested now. :mod:`calendar_app.ui.campaign_view` is the only user;
on the merge it calls campaign-core instead and this file goes.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path

from calendar_app.core.model import Plan
from calendar_app.core.recurrence import expand_channel

_OFFSET = re.compile(r"^([+-]?)(\d+)([dw])$")
_ANCHOR_LINE = re.compile(r"^(\s*anchor\s*=\s*)(\S+)(.*)$", re.MULTILINE)


def read_campaigns(folder: Path) -> list[tuple[str, Path, dict]]:
    """(id, path, TOML document) of every readable campaign file, by id."""
    out = []
    for path in sorted(folder.glob("*.toml")):
        try:
            out.append((path.stem, path, tomllib.loads(path.read_text(encoding="utf-8"))))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
    return out


def offset_days(text: str) -> int | None:
    m = _OFFSET.match(text.strip())
    if not m:
        return None
    n = int(m.group(2)) * (7 if m.group(3) == "w" else 1)
    return -n if m.group(1) == "-" else n


def resolve(plan: Plan, step: dict, anchor: date) -> datetime | None:
    """The local date-time of ``step`` with the campaign anchored on ``anchor``."""
    days = offset_days(str(step.get("offset", "")))
    if days is None:
        return None
    day = anchor + timedelta(days=days)
    if "time" in step:
        try:
            return datetime.combine(day, time.fromisoformat(str(step["time"])))
        except ValueError:
            return None
    word = step.get("slot")
    try:
        channel = plan.channel(str(step.get("channel")))
    except KeyError:
        return None
    blackout = plan.blackout_days
    if word == "next":
        slots = expand_channel(channel, day, day + timedelta(days=400), blackout)
        ruled = sorted(s.planned for s in slots if s.rule is not None and s.planned.date() >= day)
        return ruled[0] if ruled else None
    if word == "previous":
        slots = expand_channel(channel, day - timedelta(days=400), day + timedelta(days=1), blackout)
        ruled = sorted(s.planned for s in slots if s.rule is not None and s.planned.date() <= day)
        return ruled[-1] if ruled else None
    return None


def anchor_moved(text: str, day: date) -> str:
    """``text`` with only its ``anchor = ...`` line changed to ``day`` (its comment kept)."""
    # A local date-time anchor keeps its time of day: only the date part changes.
    return _ANCHOR_LINE.sub(lambda m: f"{m.group(1)}{day.isoformat()}{m.group(2)[10:]}{m.group(3)}", text, count=1)
