"""What people type, in French or English, read into dates, times and canonical weekday tokens.

Pure: no clock (``today`` is an argument), no I/O. The command line uses it for every date and
time it is given, and the editor's fields can call the same functions. Plan files keep one
canonical spelling (ISO dates, ``HH:MM``, ``mon``..``sun``); this module is for what a person
types, where both languages are accepted whatever the language spoken:

- dates: ``2026-12-24``, ``24/12/2026``, ``24/12`` (in the year of ``today``), ``aujourd'hui`` /
  ``today``, ``demain`` / ``tomorrow``, ``hier`` / ``yesterday``, a weekday (``lundi``, ``lun``,
  ``monday``, ``mon``: the next such day after today), ``+3j`` / ``+3d`` (days) and ``+2s`` /
  ``+2w`` (weeks), ``-1s`` back;
- times: ``18:30``, ``18h30``, ``18h``, ``9h05``;
- weekday tokens: ``lun``..``dim``, ``lundi``..``dimanche``, English names, with an ordinal for
  monthly rules (``1mar`` is ``1tue``, ``-1ven`` is ``-1fri``).

Weekday names come from Babel's CLDR data, read on first use.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time, timedelta
from functools import cache

from calendar_app.i18n import _

#: The canonical weekday tokens of plan files, Monday first (as ``date.weekday()``).
WEEKDAY_TOKENS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Earliest and latest years the tool plans for.
YEARS = (1900, 2200)

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{4}))?$")
_OFFSET = re.compile(r"^([+-])\s*(\d{1,4})\s*([a-z]+)$")
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2})|h(\d{2})?)$")
_ORDINAL = re.compile(r"^([+-]?\d{1,2})?([^\d+-].*)$")

#: Unit words of ``+N<unit>`` -> days per unit: j/d (jours, days), s/w (semaines, weeks).
_UNITS = {"j": 1, "d": 1, "jour": 1, "jours": 1, "day": 1, "days": 1,
          "s": 7, "w": 7, "sem": 7, "semaine": 7, "semaines": 7, "week": 7, "weeks": 7}
#: Relative day words -> days from today (CLDR has no list of these that Babel exposes).
_RELATIVE = {"aujourd'hui": 0, "aujourdhui": 0, "auj": 0, "today": 0,
             "demain": 1, "tomorrow": 1, "hier": -1, "yesterday": -1}


def _fold(text: str) -> str:
    """Lower case, accents and the trailing dot of an abbreviation taken off, ’ as '."""
    text = unicodedata.normalize("NFKD", text.strip().lower().replace("\u2019", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).rstrip(".")


@cache
def _weekday_words() -> dict[str, int]:
    """Every weekday name of both languages (wide, abbreviated, short), folded -> 0..6."""
    from babel.dates import get_day_names

    words = {token: i for i, token in enumerate(WEEKDAY_TOKENS)}
    for locale in ("en", "fr"):
        for width in ("wide", "abbreviated", "short"):
            for index, name in get_day_names(width, locale=locale).items():
                words.setdefault(_fold(name), index)
    return words


def weekday_index(text: str) -> int | None:
    """0 (Monday) .. 6 (Sunday) for a weekday name of either language, else None."""
    return _weekday_words().get(_fold(text))


def parse_weekday(text: str) -> str:
    """The canonical token of a weekday as typed: ``lun``, ``Lundi``, ``monday`` -> ``mon``; with
    an ordinal, ``1mar`` -> ``1tue``, ``-1ven`` -> ``-1fri``. Raises ValueError."""
    m = _ORDINAL.match(text.strip())
    index = weekday_index(m.group(2)) if m else None
    if index is None:
        raise ValueError(_('"{text}" is not a weekday; write mon..sun or lun..dim, e.g. "tue" or "mar"').format(text=text))
    return f"{m.group(1) or ''}{WEEKDAY_TOKENS[index]}"


def canonical_weekday(text: str) -> str | None:
    """The canonical token for ``text`` when it is a weekday in other words (``lun`` -> ``mon``);
    None when it already is canonical or is no weekday at all (for did-you-mean hints)."""
    try:
        token = parse_weekday(text)
    except ValueError:
        return None
    return None if token == text else token


def parse_date(text: str, today: date) -> date:
    """The date meant by ``text`` (see the module's forms), relative to ``today``. Raises
    ValueError with a message to show."""
    folded = _fold(text)
    value = _read_date(folded, today)
    if value is None:
        raise ValueError(_('"{text}" is not a date; write YYYY-MM-DD, DD/MM/YYYY, DD/MM, today, tomorrow, a '
                           'weekday or +2w, e.g. 2026-12-01').format(text=text))
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise ValueError(_('"{text}" is out of range; use a date between 1900 and 2200').format(text=text))
    return value


def _read_date(folded: str, today: date) -> date | None:
    try:
        if m := _ISO.match(folded):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(folded):
            return date(int(m[3]) if m[3] else today.year, int(m[2]), int(m[1]))
        if m := _OFFSET.match(folded):
            unit = _UNITS.get(m[3])
            if unit is None:
                return None
            return today + timedelta(days=int(m[2]) * unit * (-1 if m[1] == "-" else 1))
    except OverflowError:  # +9999w from a late today: past year 9999, so out of range
        return date.min
    except ValueError:  # 31/02, 2026-13-01
        return None
    if not folded or folded[0].isdigit():  # no weekday name: spare loading CLDR's
        return None
    if folded in _RELATIVE:
        return today + timedelta(days=_RELATIVE[folded])
    index = weekday_index(folded)
    if index is not None:
        return today + timedelta(days=(index - today.weekday() - 1) % 7 + 1)
    return None


def parse_time(text: str) -> time:
    """A wall-clock time as typed: ``18:30``, ``18h30``, ``18h``, ``9h05`` -> ``time``. Raises
    ValueError with a message to show."""
    m = _TIME.match(_fold(text).replace(" ", ""))
    if m:
        hour, minute = int(m[1]), int(m[2] or m[3] or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValueError(_('"{text}" is not a time; write HH:MM in 24-hour form or 18h30, e.g. 12:30').format(text=text))


def canonical_time(text: str) -> str | None:
    """``"18:30"`` for ``"18h30"`` (for did-you-mean hints in plan files); None when ``text`` is
    no time or already canonical."""
    try:
        value = parse_time(text)
    except ValueError:
        return None
    canonical = f"{value:%H:%M}"
    return None if canonical == text else canonical
