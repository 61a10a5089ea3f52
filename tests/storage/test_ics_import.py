"""Key dates imported from .ics files: all-day spans, RRULE/RDATE/EXDATE expansion, and unusual content
(a clear error or the right days, never a hang)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from calendar_app.storage.ics_import import import_key_dates
from calendar_app.storage.reader import load_plan


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


def test_ics_import_keeps_all_day_spans_and_expands_recurrence():
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
        "BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20270113\r\n"
        "DTEND;VALUE=DATE:20270210\r\nSUMMARY:Soldes d'hiver\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260214\r\n"
        "RRULE:FREQ=YEARLY;COUNT=3\r\nSUMMARY:Saint-Valentin ❤️\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    ).encode()
    got = [(k.date, k.end, k.title) for k in import_key_dates(data, "x.ics")]
    assert got == [
        (date(2027, 1, 13), date(2027, 2, 9), "Soldes d'hiver"),
        (date(2026, 2, 14), None, "Saint-Valentin ❤️"),
        (date(2027, 2, 14), None, "Saint-Valentin ❤️"),
        (date(2028, 2, 14), None, "Saint-Valentin ❤️"),
    ]


def test_unreadable_ics_is_a_clear_error(bundled_plans: Path):
    (bundled_plans / "jours-feries.ics").write_text("not a calendar", encoding="utf-8")
    errors = [str(e) for e in load_plan(bundled_plans).errors]
    assert len(errors) == 1
    assert errors[0].startswith(f'{bundled_plans / "_calendar.toml"}: calendar.ics[1]: "jours-feries.ics" is not a readable iCalendar file')


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
def test_malformed_events_are_plan_errors(bundled_plans, lines):
    (bundled_plans / "jours-feries.ics").write_bytes(ics(*lines))
    result = load_plan(bundled_plans)
    assert [e.key for e in result.errors] == ["calendar.ics[1]"]
    assert '"jours-feries.ics"' in str(result.errors[0])


def test_a_binary_file_gets_a_short_message(bundled_plans):
    (bundled_plans / "jours-feries.ics").write_bytes(bytes(range(256)) * 40)
    result = load_plan(bundled_plans)
    assert [e.key for e in result.errors] == ["calendar.ics[1]"]
    assert len(str(result.errors[0])) < 300


def test_an_endless_secondly_rule_returns():
    got = days(ics("DTSTART:20261210T100000", "RRULE:FREQ=SECONDLY"))
    assert got[0] == date(2026, 12, 10) and len(got) <= 5


def test_rdate_adds_days_and_a_period_counts_from_its_start():
    got = days(ics("DTSTART;VALUE=DATE:20261210", "RDATE;VALUE=DATE:20261224,20261231",
                   "RDATE;VALUE=PERIOD:20270105T100000Z/PT2H"))
    assert got == [date(2026, 12, 10), date(2026, 12, 24), date(2026, 12, 31), date(2027, 1, 5)]


def test_imported_titles_lose_their_control_characters():
    data = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\n"
            "DTSTART;VALUE=DATE:20261210\r\nSUMMARY:F\x1b[31mête\\nici 👨‍👩‍👧\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()
    assert [k.title for k in import_key_dates(data, "x.ics")] == ["F [31mête ici 👨‍👩‍👧"]


def test_imported_key_dates_stay_in_the_plan_years():
    def event(*lines: str) -> str:
        return "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:E\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VEVENT\r\n"

    data = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
            + event("DTSTART;VALUE=DATE:00010101")
            + event("DTSTART:20261210T100000", "DTEND:99991231T100000")
            + event("DTSTART;VALUE=DATE:18990101", "RRULE:FREQ=YEARLY;COUNT=3")
            + "END:VCALENDAR\r\n").encode()
    got = [(k.date, k.last) for k in import_key_dates(data, "x.ics")]
    assert got == [(date(2026, 12, 10), date(2200, 12, 31)), (date(1900, 1, 1), date(1900, 1, 1)),
                   (date(1901, 1, 1), date(1901, 1, 1))]
