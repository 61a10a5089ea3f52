"""Errors people can act on: each names the file, the key in TOML words, and the fix."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from calendar_app.i18n import _

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: object) -> str:
    """``text`` with control characters and line or paragraph separators shown escaped (``\\x1b``,
    ``\\n``, ``\\u2028``), so a value or a file name cannot drive the terminal or start a line
    of its own in a message. Every error message goes through it before it is shown."""
    text = str(text)
    if text.isprintable():
        return text
    out = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            code = ord(char)
            out.append(_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"))
        else:
            out.append(char)
    return "".join(out)


@dataclass(frozen=True)
class PlanError(Exception):
    """One problem in one plan file.

    ``str()`` reads ``plans/instagram.toml: rule[2].days[1]: "wdn" is not a weekday; ...``.
    """

    path: Path | str
    """The file, as the user named it (relative paths stay relative)."""
    key: str
    """The key path in TOML words (``channel.timezone``, ``rule[2].days[1]``); empty for the whole file."""
    message: str
    """What is wrong and, where we can tell, how to fix it."""

    def __str__(self) -> str:
        where = f"{self.path}: {self.key}" if self.key else f"{self.path}"
        return printable(f"{where}: {self.message}")


class PlanErrors(Exception):
    """Every problem found in a plan directory, reported at once."""

    def __init__(self, errors: Iterable[PlanError]):
        self.errors: list[PlanError] = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class UsageError(Exception):
    """Bad command-line input (a malformed date, an unknown channel...); shown through :func:`printable`."""

    def __str__(self) -> str:
        return printable(super().__str__())


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """Return ``'; did you mean "x"?'`` for the closest choice, or ``""`` when nothing is close."""
    options = [str(c) for c in choices]
    close = difflib.get_close_matches(str(value).lower(), options, n=1, cutoff=0.6)
    if not close:
        return ""
    return _('; did you mean "{choice}"?').format(choice=close[0])
