"""The team's language as ``_calendar.toml`` gives it, read cheaply before the command line is built."""

from __future__ import annotations

import re
from pathlib import Path

from calendar_app.i18n import LANGUAGES

#: ``lang = "fr"`` in the ``[calendar]`` table: the table's lines up to the next table header.
_TABLE = re.compile(r"^\[calendar\][ \t]*(?:#.*)?$(?P<body>.*?)(?=^[ \t]*\[|\Z)", re.MULTILINE | re.DOTALL)
_LANG = re.compile(r"""^[ \t]*lang[ \t]*=[ \t]*(["'])([A-Za-z_-]+)\1[ \t]*(?:#.*)?$""", re.MULTILINE)


def plan_language(plans_dir: Path | str) -> str | None:
    """``[calendar] lang`` of ``plans_dir/_calendar.toml`` when it names a language we speak; None
    when the file, the key or a known value is missing. A scan of the text rather than a TOML
    parse (this runs before every command, ``--help`` included); a wrong or unusual value is
    reported when the plan is loaded, in the language chosen without it."""
    try:
        text = (Path(plans_dir) / "_calendar.toml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    table = _TABLE.search(text)
    found = _LANG.search(table.group("body")) if table else None
    lang = found.group(2) if found else None
    return lang if lang in LANGUAGES else None
