"""iCalendar text primitives (RFC 5545 section 3): escaping, folding, values."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from urllib.parse import quote

CRLF = "\r\n"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NEEDS_ESCAPE = re.compile(r"[\\;,\x00-\x08\x0a-\x1f\x7f]")
#: Characters kept as they are in a URI value; anything else (spaces, non-ASCII) is %-encoded.
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): ``\\``, ``;``, ``,`` and newlines escaped, control characters dropped."""
    if not _NEEDS_ESCAPE.search(value):
        return value
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def text_list(values: list[str]) -> str:
    """A multi-valued TEXT value (CATEGORIES): each value escaped, joined by unescaped commas."""
    return ",".join(escape_text(v) for v in values)


def uri(value: str) -> str:
    """A URI value: characters a URI cannot hold (spaces, accents) are percent-encoded as UTF-8."""
    return quote(_CONTROL.sub("", value).strip(), safe=_URI_SAFE)


def fold(line: str) -> str:
    """One content line, folded at 75 octets without splitting a UTF-8 character, CRLF-terminated."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + CRLF
    parts = []
    pos, limit = 0, 75
    while len(data) - pos > limit:
        cut = pos + limit
        while data[cut] & 0xC0 == 0x80:  # continuation byte: back off to the character's start
            cut -= 1
        parts.append(data[pos:cut])
        pos, limit = cut, 74  # continuation lines start with a space, which counts
    parts.append(data[pos:])
    return b"\r\n ".join(parts).decode("utf-8") + CRLF


def utc_stamp(moment: datetime) -> str:
    """An aware date-time as a UTC DATE-TIME value: ``20261124T101500Z``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} is naive; pass an aware date-time (UTC)")
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def local_stamp(moment: datetime) -> str:
    """The wall-clock part of a date-time: ``20261124T183000`` (written with its TZID)."""
    return moment.strftime("%Y%m%dT%H%M%S")


def date_value(day: date) -> str:
    return day.strftime("%Y%m%d")


def exact_duration(value: timedelta) -> str:
    """An exact DURATION (``PT1H30M``): hours, never days, since a day is nominal in RFC 5545."""
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    body = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")
    return f"{sign}PT{body or '0S'}"


def nominal_duration(value: timedelta) -> str:
    """A DURATION where whole days are nominal (``P1D``: same local time the day before/after)."""
    seconds = int(value.total_seconds())
    if seconds % 86400 or not seconds:
        return exact_duration(value)
    sign = "-" if seconds < 0 else ""
    return f"{sign}P{abs(seconds) // 86400}D"
