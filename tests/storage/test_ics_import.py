"""Imported .ics key dates with unusual content: a clear error or the right days, never a hang."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from calendar_app.storage.plans import import_key_dates, load_plan

ROOT = Path(__file__).parents[2]


def ics(*lines: str) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//EN", "BEGIN:VEVENT", "UID:1@t",
            "SUMMARY:Fête", *lines, "END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(body).encode("utf-8")


def days(data: bytes) -> list[date]:
    out = []
    for kd in import_key_dates(data, "x.ics"):
        day = kd.date
        while day <= kd.last:
            out.append(day)
            day = date.fromordinal(day.toordinal() + 1)
    return sorted(out)


def test_a_yearly_holiday_from_1970_still_falls_this_year():
    got = days(ics("DTSTART;VALUE=DATE:19700714", "RRULE:FREQ=YEARLY"))
    assert date(2026, 7, 14) in got and date(2030, 7, 14) in got


def test_exdate_removes_an_occurrence():
    got = days(ics("DTSTART;VALUE=DATE:20261210", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE;VALUE=DATE:20261211"))
    assert got == [date(2026, 12, 10), date(2026, 12, 12)]


def test_duration_gives_the_span():
    got = days(ics("DTSTART;VALUE=DATE:20261210", "DURATION:P3D"))
    assert got == [date(2026, 12, 10), date(2026, 12, 11), date(2026, 12, 12)]


def test_a_secondly_rule_ends_quickly_with_its_days():
    got = days(ics("DTSTART:20261210T100000", "RRULE:FREQ=MINUTELY;COUNT=3000"))
    assert got == [date(2026, 12, 10), date(2026, 12, 11), date(2026, 12, 12)]


@pytest.mark.parametrize("lines", [
    ("DTSTART:2026XX10",),
    ("DTSTART;VALUE=DATE:20261210", "DTEND:garbage"),
    ("DTSTART;VALUE=DATE:20261210", "RRULE:FREQ=DAILY;INTERVAL=0"),
    ("DTSTART;VALUE=DATE:20261210", "RRULE:FREQ=DAILY;INTERVAL=-1"),
    ("DTSTART;VALUE=DATE:20261210", "DURATION:soon"),
])
def test_malformed_events_are_plan_errors(tmp_path, lines):
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    (plans / "jours-feries.ics").write_bytes(ics(*lines))
    result = load_plan(plans)
    assert [e.key for e in result.errors] == ["calendar.ics[1]"]
    assert '"jours-feries.ics"' in str(result.errors[0])


def test_a_binary_file_gets_a_short_message(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    (plans / "jours-feries.ics").write_bytes(bytes(range(256)) * 40)
    result = load_plan(plans)
    assert [e.key for e in result.errors] == ["calendar.ics[1]"]
    assert len(str(result.errors[0])) < 300


def test_an_endless_secondly_rule_returns():
    got = days(ics("DTSTART:20261210T100000", "RRULE:FREQ=SECONDLY"))
    assert got[0] == date(2026, 12, 10) and len(got) <= 5


def test_rdate_adds_days_and_a_period_counts_from_its_start():
    got = days(ics("DTSTART;VALUE=DATE:20261210", "RDATE;VALUE=DATE:20261224,20261231",
                   "RDATE;VALUE=PERIOD:20270105T100000Z/PT2H"))
    assert got == [date(2026, 12, 10), date(2026, 12, 24), date(2026, 12, 31), date(2027, 1, 5)]
