"""The team's language as ``_calendar.toml`` gives it, read cheaply before the command line is built."""

from __future__ import annotations

import tomllib
from pathlib import Path

from calendar_app.i18n import LANGUAGES


def plan_language(plans_dir: Path | str) -> str | None:
    """``[calendar] lang`` of ``plans_dir/_calendar.toml`` when it names a language we speak; None
    when the file, the key or a known value is missing (a wrong value is reported when the plan is
    loaded, in the language chosen without it)."""
    try:
        with open(Path(plans_dir) / "_calendar.toml", "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError):
        return None
    table = data.get("calendar")
    lang = table.get("lang") if isinstance(table, dict) else None
    return lang if lang in LANGUAGES else None
