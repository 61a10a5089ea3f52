"""FEEDS.md 11: each VTIMEZONE onset is its change's local time in the offset before it (RFC 5545 3.6.5)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from calendar_app.feeds import vtimezone as vtz
from calendar_app.feeds.vtimezone import utc_offset, vtimezone

UTC = timezone.utc
ZONES = ["Europe/Paris", "America/New_York", "Australia/Sydney", "Pacific/Chatham", "America/Sao_Paulo",
         "Asia/Kolkata", "Europe/Dublin", "Australia/Lord_Howe", "Africa/Casablanca", "UTC"]


def observances(text: str) -> list[dict]:
    """Each STANDARD/DAYLIGHT block: its kind, and its properties (name -> list of values)."""
    lines = text.replace("\r\n ", "").split("\r\n")[:-1]
    assert lines[0] == "BEGIN:VTIMEZONE" and lines[-1] == "END:VTIMEZONE"
    out, current = [], None
    for line in lines[1:-1]:
        if line in ("BEGIN:STANDARD", "BEGIN:DAYLIGHT"):
            current = {"kind": line[6:]}
        elif line in ("END:STANDARD", "END:DAYLIGHT"):
            out.append(current)
            current = None
        else:
            name, value = line.split(":", 1)
            if current is None:  # directly under VTIMEZONE: RFC 5545 allows TZID, LAST-MODIFIED, TZURL
                assert name == "TZID", line
            else:
                current.setdefault(name, []).append(value)
    return out


def offset(text: str) -> timedelta:
    sign = -1 if text[0] == "-" else 1
    hours, minutes, seconds = int(text[1:3]), int(text[3:5]), int(text[5:7] or 0)
    return sign * timedelta(hours=hours, minutes=minutes, seconds=seconds)


def changes(zone: str, start: datetime, end: datetime) -> list[tuple[datetime, timedelta, timedelta]]:
    """Every change of UTC offset by brute force: a probe every hour, then to the minute."""
    tz = ZoneInfo(zone)
    out = []
    at = start
    while at < end:
        nxt = at + timedelta(hours=1)
        before, after = at.astimezone(tz).utcoffset(), nxt.astimezone(tz).utcoffset()
        if before != after:
            minute = next(at + timedelta(minutes=m) for m in range(1, 61)
                          if (at + timedelta(minutes=m)).astimezone(tz).utcoffset() == after)
            out.append((minute, before, after))
        at = nxt
    return out


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("years", [(2018, 2020), (2026, 2028)])
def test_every_onset_is_a_change_in_the_offset_before_it(zone, years):
    text = vtimezone(zone, *years)
    start = datetime(years[0], 1, 1, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    end = datetime(years[1], 1, 1, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    onsets = []
    for block in observances(text):
        (dtstart,), (before,), (after,) = block["DTSTART"], block["TZOFFSETFROM"], block["TZOFFSETTO"]
        assert dtstart in block["RDATE"]  # the `ical` package expands RDATEs only
        assert all("," not in rdate for rdate in block["RDATE"])  # vobject reads one value per RDATE
        for local in block["RDATE"]:
            instant = datetime.strptime(local, "%Y%m%dT%H%M%S").replace(tzinfo=UTC) - offset(before)
            onsets.append((instant, offset(before), offset(after)))
        dst = datetime.strptime(dtstart, "%Y%m%dT%H%M%S").replace(tzinfo=UTC) - offset(before)
        assert (block["kind"] == "DAYLIGHT") == bool(dst.astimezone(ZoneInfo(zone)).dst()), block
    onsets.sort()
    first, *rest = onsets
    # the first observance is the one in effect at the start of the window
    assert first == (start, start.astimezone(ZoneInfo(zone)).utcoffset(), start.astimezone(ZoneInfo(zone)).utcoffset())
    # the others are exactly the changes of UTC offset in the window (tz names may change alone)
    assert [o for o in rest if o[1] != o[2]] == changes(zone, start, end)


def test_rfc_5545_example_new_york_2007():
    """RFC 5545 3.6.5's own example: DTSTART:20070311T020000 with TZOFFSETFROM:-0500."""
    blocks = observances(vtimezone("America/New_York", 2007, 2008))
    daylight = next(b for b in blocks if b["kind"] == "DAYLIGHT")
    assert (daylight["DTSTART"], daylight["TZOFFSETFROM"], daylight["TZOFFSETTO"], daylight["TZNAME"]) == (
        ["20070311T020000"], ["-0500"], ["-0400"], ["EDT"])
    standard = [b for b in blocks if b["kind"] == "STANDARD" and b["TZOFFSETFROM"] == ["-0400"]]
    assert [b["DTSTART"] for b in standard] == [["20071104T020000"]]


def test_paris_springs_forward_at_two_and_falls_back_at_three():
    """What icalendar 7.3's Timezone.from_tzinfo gets wrong (it writes 03:00 for the DAYLIGHT onset)."""
    blocks = {(b["kind"], b["TZOFFSETFROM"][0]): b for b in observances(vtimezone("Europe/Paris", 2027, 2028))}
    assert blocks["DAYLIGHT", "+0100"]["DTSTART"] == ["20270328T020000"]
    assert blocks["STANDARD", "+0200"]["DTSTART"] == ["20271031T030000"]


def test_no_comment_and_lines_folded():
    for zone in ZONES:
        text = vtimezone(zone, 1990, 2030)
        assert "COMMENT" not in text
        assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_deterministic_and_cached():
    first = vtimezone("Pacific/Chatham", 2026, 2028)
    vtz.vtimezone.cache_clear()
    assert vtimezone("Pacific/Chatham", 2026, 2028) == first


def test_unknown_zone_is_a_value_error():
    with pytest.raises(ValueError, match='"Mars/Olympus" is not a time zone'):
        vtimezone("Mars/Olympus", 2026, 2027)


@pytest.mark.parametrize(("value", "text"), [
    (timedelta(0), "+0000"), (timedelta(hours=-9, minutes=-30), "-0930"), (timedelta(hours=5, minutes=45), "+0545"),
    (timedelta(hours=13, minutes=45), "+1345"), (timedelta(minutes=9, seconds=21), "+000921"),
])
def test_utc_offsets(value, text):
    assert utc_offset(value) == text
