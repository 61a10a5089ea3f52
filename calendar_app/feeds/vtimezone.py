"""VTIMEZONE blocks built from the zoneinfo transitions (RFC 5545 section 3.6.5); pure, cached."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from calendar_app.feeds.text import fold

_UTC = timezone.utc
#: Probe step when looking for offset changes: no zone changes twice within six hours.
_STEP = timedelta(hours=6)


def _state(moment: datetime, tz: ZoneInfo) -> tuple[timedelta, str, timedelta | None]:
    local = moment.astimezone(tz)
    return local.utcoffset(), local.tzname() or "", local.dst()


def transitions(tzid: str, start: datetime, end: datetime) -> list[tuple[datetime, tuple, tuple]]:
    """``(instant, before, after)`` of every change of the zone in [start, end), aware UTC instants,
    exact to the second; ``before``/``after`` are ``(utcoffset, tzname, dst)``.

    zoneinfo has no public list of transitions, so the zone is probed every six hours and each
    change is narrowed down by bisection. Raises ValueError for an unknown zone.
    """
    tz = _zone(tzid)
    out = []
    at, state = start, _state(start, tz)
    while at < end:
        probe = min(at + _STEP, end)
        new = _state(probe, tz)
        if new != state:
            low, high = at, probe  # state(low) == state, state(high) != state
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) // 2
                if _state(middle, tz) == state:
                    low = middle
                else:
                    high = middle
            new = _state(high, tz)
            out.append((high, state, new))
            at, state = high, new
            continue
        at = probe
    return out


def utc_offset(value: timedelta) -> str:
    """A UTC-OFFSET value: ``+0100``, ``-0930``, ``+053328`` (seconds only when there are some)."""
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


@lru_cache(maxsize=256)
def vtimezone(tzid: str, first_year: int, last_year: int) -> str:
    """The folded VTIMEZONE of an IANA zone covering Jan 1 of ``first_year`` to Jan 1 of ``last_year``.

    One STANDARD or DAYLIGHT block per kind of observance (offset before, offset after, name),
    its onsets as DTSTART plus RDATEs, no RRULE; the first block is the observance in effect at
    the start (its TZOFFSETFROM is its TZOFFSETTO). Each onset is written in the local time of
    the offset *before* it, as RFC 5545 3.6.5 reads it with TZOFFSETFROM (Paris springs forward
    at ``20270328T020000`` with ``TZOFFSETFROM:+0100``). Two reader bugs are worked around: each
    onset has an RDATE line of its own (vobject 0.9.9 reads only the first value of a
    comma-separated RDATE), and DTSTART is repeated as an RDATE (the ``ical`` package expands
    only RRULE/RDATE, so it would miss the first onset). Nothing sits directly under VTIMEZONE
    but TZID: RFC 5545 allows COMMENT only in the observances, and libical flags it there.

    Depends only on the arguments and the tz database: deterministic. Raises ValueError for an
    unknown zone.
    """
    tz = _zone(tzid)
    tz_start = datetime(first_year, 1, 1, tzinfo=tz).astimezone(_UTC)
    tz_end = datetime(last_year, 1, 1, tzinfo=tz).astimezone(_UTC)
    first = _state(tz_start, tz)
    onsets = [(tz_start, first, first), *transitions(tzid, tz_start, tz_end)]
    groups: dict[tuple, list[str]] = {}
    for instant, before, after in onsets:
        # DAYLIGHT when the tz database flags it (Europe/Dublin's and Africa/Casablanca's "negative
        # daylight saving" included: vobject misreads them otherwise)
        key = (bool(after[2]), before[0], after[0], after[1])
        local = (instant + before[0]).strftime("%Y%m%dT%H%M%S")  # the onset in TZOFFSETFROM time
        groups.setdefault(key, []).append(local)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}"]
    for (daylight, offset_from, offset_to, name), starts in groups.items():
        kind = "DAYLIGHT" if daylight else "STANDARD"
        lines += [f"BEGIN:{kind}", f"DTSTART:{starts[0]}", *(f"RDATE:{s}" for s in starts)]
        if name:
            lines.append(f"TZNAME:{name}")
        lines += [f"TZOFFSETFROM:{utc_offset(offset_from)}", f"TZOFFSETTO:{utc_offset(offset_to)}", f"END:{kind}"]
    lines.append("END:VTIMEZONE")
    return "".join(fold(line) for line in lines)


@cache
def _zone(tzid: str) -> ZoneInfo:
    try:
        return ZoneInfo(tzid)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f'"{tzid}" is not a time zone of the tz database') from None
