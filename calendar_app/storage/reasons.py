"""The reasons other code gives in English (tomllib's syntax errors, the system's errno texts),
in the current language, for plan error messages."""

from __future__ import annotations

import errno
import os
import re

from calendar_app.i18n import N_, _, library_text

#: tomllib's fixed messages (Python 3.11 to 3.13), translated where shown.
_TOML_FIXED = {text: text for text in (
    N_("Cannot overwrite a value"),
    N_("Escaped character is not a Unicode scalar value"),
    N_("Expected '=' after a key in a key/value pair"),
    N_("Expected ']' at the end of a table declaration"),
    N_("Expected ']]' at the end of an array declaration"),
    N_("Invalid date or datetime"),
    N_("Invalid hex value"),
    N_("Invalid initial character for a key part"),
    N_("Invalid statement"),
    N_("Invalid value"),
    N_("Unclosed array"),
    N_("Unclosed inline table"),
    N_("Unescaped '\\' in a string"),
    N_("Unterminated string"),
)}
#: tomllib's messages with a part of the file in them: pattern -> message with {part}.
_TOML_PATTERNS = (
    (re.compile(r"^Cannot declare (.+) twice$"), N_("Cannot declare {part} twice")),
    (re.compile(r"^Cannot mutate immutable namespace (.+)$"), N_("Cannot mutate immutable namespace {part}")),
    (re.compile(r"^Cannot redefine namespace (.+)$"), N_("Cannot redefine namespace {part}")),
    (re.compile(r"^Duplicate inline table key (.+)$"), N_("Duplicate inline table key {part}")),
    (re.compile(r"^Expected (.+)$"), N_("Expected {part}")),
    (re.compile(r"^Found invalid character (.+)$"), N_("Found invalid character {part}")),
    (re.compile(r"^Illegal character (.+)$"), N_("Illegal character {part}")),
)
#: The errno texts a plan file can meet, translated where shown.
_ERRNO = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.ELOOP: N_("Too many levels of symbolic links"),
    errno.EIO: N_("Input/output error"),
}


def toml_reason(message: str) -> str:
    """tomllib's ``message`` (without its position) in the current language."""
    if message in _TOML_FIXED:
        return _(message)
    for pattern, text in _TOML_PATTERNS:
        m = pattern.match(message)
        if m:
            return _(text).format(part=m.group(1))
    return library_text(message)


def os_reason(exc: OSError) -> str:
    """Why the system refused, in the current language: our own texts (already translated) as
    they are, the system's usual ones translated, any other as the system says it."""
    system = exc.errno is not None and exc.strerror == os.strerror(exc.errno)
    if system and exc.errno in _ERRNO:
        return _(_ERRNO[exc.errno])
    return library_text(exc.strerror or exc) if system or not exc.strerror else exc.strerror
