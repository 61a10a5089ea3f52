"""Plan values (durations, times, colors, zones) and the Reader that collects problems per file."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfoNotFoundError, available_timezones

from calendar_app.core.errors import PlanError, did_you_mean
from calendar_app.core.recurrence import zone
from calendar_app.i18n import N_, _

DURATION_RE = re.compile(r"^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")
TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones()) - {"localtime", "posixrules"}  # machine files, not names


#: Longer durations raise OverflowError: a hundred years, far beyond any plan's limit but inside timedelta.
_LONGEST_MINUTES = 100 * 366 * 1440


def parse_duration(text: str) -> timedelta:
    """``"1h30m"`` -> 90 minutes; units w, d, h, m in that order. Raises ValueError, or
    OverflowError for a duration of more than a hundred years."""
    m = DURATION_RE.match(text.strip()) if isinstance(text, str) else None
    if not m or not any(m.groups()):
        raise ValueError(text)
    w, d, h, mins = (int(g or 0) for g in m.groups())
    if ((w * 7 + d) * 24 + h) * 60 + mins > _LONGEST_MINUTES:
        raise OverflowError(text)  # "1000000000d" would overflow timedelta (or a date after it)
    return timedelta(weeks=w, days=d, hours=h, minutes=mins)


def format_duration(value: timedelta) -> str:
    """Inverse of :func:`parse_duration`: 90 minutes -> ``"1h30m"``, 35 days -> ``"5w"``.

    Whole weeks of 4 or more are written in weeks (people write "5w", but "14d" or "3d").
    """
    minutes = int(value.total_seconds() // 60)
    if minutes % (7 * 1440) == 0 and minutes >= 28 * 1440:
        return f"{minutes // (7 * 1440)}w"
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    out = (f"{days}d" if days else "") + (f"{hours}h" if hours else "") + (f"{mins}m" if mins else "")
    return out or "0m"


def parse_time(value: Any) -> time:
    """``"18:00"`` or a TOML local time -> ``time``. Raises ValueError."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0) if value.second == 0 else _bad(value)
    if isinstance(value, str):
        m = TIME_RE.match(value.strip())
        if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
            return time(int(m.group(1)), int(m.group(2)))
    raise ValueError(value)


def _bad(value):
    raise ValueError(value)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return repr(value)


#: What a TOML value is, in words, by Python type (the first match wins).
_TYPE_NAMES = ((bool, N_("a boolean")), (datetime, N_("a date-time")), (date, N_("a date")), (time, N_("a time")),
               ((int, float), N_("a number")), (str, N_("a string")), (list, N_("a list")), (dict, N_("a table")))
#: What a key expects, in words, by the Python type it takes.
_EXPECTED = {str: N_("a string"), int: N_("a whole number"), float: N_("a number"), bool: N_("true or false"),
             date: N_("a date (2026-12-01)"), list: N_("a list"), dict: N_("a table"),
             datetime: N_("a local date-time (2026-12-01T18:00)")}


def _type_name(value: Any) -> str:
    for kind, name in _TYPE_NAMES:
        if isinstance(value, kind):
            return _(name)
    return type(value).__name__


class Reader:
    """Collects problems for one file while converting its tables."""

    def __init__(self, path: Path | str):
        self.path = path
        self.errors: list[PlanError] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append(PlanError(self.path, key, message))

    def unknown_keys(self, table: dict, allowed: tuple[str, ...], prefix: str) -> None:
        for key in table:
            if key not in allowed:
                where = f"{prefix}.{key}" if prefix else key
                hint = did_you_mean(key, allowed) or _("; known keys: {keys}").format(keys=", ".join(allowed))
                self.error(where, _("unknown key{hint}").format(hint=hint))

    def get(self, table: dict, key: str, prefix: str, kind: type | tuple, *, required=False,
            what: str = "", default: Any = None) -> Any:
        """The value of ``key`` if it has the right type; records a problem otherwise."""
        where = f"{prefix}.{key}" if prefix else key
        if key not in table:
            if required:
                self.error(where, _("is required{what}").format(what=what))
            return default
        value = table[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
        if ok and date in kinds and datetime not in kinds and isinstance(value, datetime):
            ok = False
        if not ok:
            expected = _(" or ").join(_(_EXPECTED[k]) if k in _EXPECTED else k.__name__ for k in kinds)
            self.error(where, _("expected {expected}, got {kind} ({value})").format(
                expected=expected, kind=_type_name(value), value=_show(value)))
            return default
        if isinstance(value, str) and self.control_character(value, where):
            return default
        return value

    def control_character(self, value: str, where: str) -> bool:
        """Record a problem if ``value`` holds a control character other than tab and newline.

        An escape sequence in a title would be replayed by every terminal that shows it.
        """
        for i, char in enumerate(value):
            if char not in "\t\n" and unicodedata.category(char) == "Cc":
                self.error(where, _("contains a control character (U+{code}, character {position}); remove it").format(
                    code=f"{ord(char):04X}", position=i + 1))
                return True
        return False

    def string_list(self, table: dict, key: str, prefix: str) -> list[str] | None:
        values = self.get(table, key, prefix, list)
        if values is None:
            return None
        out = []
        for i, v in enumerate(values, 1):
            if isinstance(v, str) and v.strip():
                if not self.control_character(v, f"{prefix}.{key}[{i}]"):
                    out.append(v)
            else:
                self.error(f"{prefix}.{key}[{i}]", _("expected a non-empty string, got {value}").format(value=_show(v)))
        return out

    def duration(self, table: dict, key: str, prefix: str) -> timedelta | None:
        text = self.get(table, key, prefix, str)
        if text is None:
            return None
        try:
            value = parse_duration(text)
        except OverflowError:
            self.error(f"{prefix}.{key}", _('"{text}" is longer than a year; use at most "52w"').format(text=text))
            return None
        except ValueError:
            self.error(f"{prefix}.{key}", _('"{text}" is not a duration; write it like "30m", "1h30m", "2d" or "36h"')
                       .format(text=text))
            return None
        if value <= timedelta(0):
            self.error(f"{prefix}.{key}", _('"{text}" must be longer than zero').format(text=text))
            return None
        if value > timedelta(days=366):  # a slot's end or lead time would leave the calendar
            self.error(f"{prefix}.{key}", _('"{text}" is longer than a year; use at most "52w"').format(text=text))
            return None
        return value

    def timezone(self, value: str, where: str) -> str | None:
        if value in ("localtime", "posixrules") or value.startswith(("posix/", "right/")):
            # Machine files that zoneinfo finds on disk, but no TZID a calendar app knows.
            canonical = value.split("/", 1)[1] if "/" in value else ""
            if canonical in _zone_names():
                self.error(where, _('"{value}" is a copy of "{canonical}" that calendar apps do not know; write "{canonical}"')
                           .format(value=value, canonical=canonical))
            else:
                self.error(where, _('"{value}" is the zone of the machine reading the plan, not a zone name; '
                                    'use an IANA name like "Europe/Paris"').format(value=value))
            return None
        try:
            zone(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            hint = did_you_mean(value, _zone_names()) if "/" in value or value else ""
            if not hint:
                by_city = [z for z in _zone_names() if z.rsplit("/", 1)[-1].lower() == value.lower()]
                hint = (_('; did you mean "{choice}"?').format(choice=by_city[0]) if by_city
                        else _('; use an IANA name like "Europe/Paris"'))
            self.error(where, _('"{value}" is not a known time zone{hint}').format(value=value, hint=hint))
            return None
        return value


def array_of_tables(r: Reader, data: dict, key: str) -> list[dict]:
    value = data.get(key, [])
    if isinstance(value, dict):
        r.error(key, _("write [[{key}]] (double brackets) for each {key}, not [{key}]").format(key=key))
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        r.error(key, _("expected [[{key}]] tables").format(key=key))
        return []
    return value
