"""FEEDS.md "Bytes": UTF-8, CRLF, 75-octet folding on character boundaries, TEXT escaping round trips."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import icalendar
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from calendar_app.feeds.render import render_feeds
from calendar_app.feeds.text import escape_text, exact_duration, fold, nominal_duration, text_list, uri
from calendar_app.storage.reader import load_plan_strict

NOW = datetime(2026, 11, 24, 9, 15, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def generated(tmp_path_factory, dst_plan):
    plan = load_plan_strict(dst_plan(tmp_path_factory.mktemp("dst") / "plans"))
    files, _ = render_feeds(plan, date(2026, 10, 1), date(2027, 4, 15), now=NOW)
    return files


@pytest.fixture(scope="module")
def bundled(example_plans):
    files, _ = render_feeds(load_plan_strict(example_plans), date(2026, 10, 25), date(2027, 2, 16), now=NOW)
    return files


def check_wire_format(data: bytes) -> None:
    assert data.endswith(b"END:VCALENDAR\r\n")
    physical = data.split(b"\r\n")
    assert physical[-1] == b""  # the last line ends in CRLF too
    for line in physical[:-1]:
        assert b"\r" not in line and b"\n" not in line, line  # no bare CR or LF anywhere
        assert len(line) <= 75, (len(line), line)
        line.decode("utf-8")  # each physical line is whole UTF-8: folding never split a character


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_every_feed_is_crlf_utf8_and_folded_at_75_octets(which, request):
    files = request.getfixturevalue(which)
    assert len(files) >= 4
    for data in files.values():
        check_wire_format(data)
    assert any(len(line) > 70 for data in files.values() for line in data.split(b"\r\n"))  # folding was needed


def test_long_multibyte_title_is_folded_and_reads_back_whole(generated, long_text):
    data = generated["paris.ics"]
    assert data.count(b"\r\n ") > 10
    text = data.decode("utf-8")
    summaries = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}
    assert f"Paris, l'atelier · {long_text}" in summaries
    by_vobject = {e.summary.value for e in vobject.readOne(text).vevent_list}
    assert f"Paris, l'atelier · {long_text}" in by_vobject


def test_escaped_text_reads_back_identically_in_three_parsers(generated, tricky, ics):
    text = generated["paris.ics"].decode("utf-8")
    raw = next(b for b in ics.blocks(text) if "UID:paris.nuit.20261025T0230@calendar-app" in b)
    summary = ics.prop(raw, "SUMMARY")[0]
    # a title's line break is a space in SUMMARY (calcurse refuses a SUMMARY with one); DESCRIPTION keeps it
    assert summary == "Paris\\, l'atelier · " + 'Virgule\\, point-virgule\\; antislash \\\\ et "guillemets" ligne 2 — été 🎉👩🏽\u200d💻'
    assert "\\nligne 2" in ics.prop(raw, "DESCRIPTION")[0]
    expected = f"Paris, l'atelier · {tricky.replace(chr(10), ' ')}"
    ev = next(e for e in icalendar.Calendar.from_ical(text).walk("VEVENT") if e["UID"] == "paris.nuit.20261025T0230@calendar-app")
    assert str(ev["SUMMARY"]) == expected
    assert tricky in str(ev["DESCRIPTION"])
    vo = next(e for e in vobject.readOne(text).vevent_list if e.uid.value == "paris.nuit.20261025T0230@calendar-app")
    assert vo.summary.value == expected and tricky in vo.description.value
    ic = next(e for e in IcsCalendarStream.calendar_from_ics(text).events if e.uid == "paris.nuit.20261025T0230@calendar-app")
    assert ic.summary == expected and tricky in ic.description


def test_calendar_names_and_categories_with_commas_read_back(generated):
    text = generated["paris.ics"].decode("utf-8")
    cal = vobject.readOne(text)
    assert cal.contents["x-wr-calname"][0].value == "Paris, l'atelier · Agence « Été », test; \\ 🎉"
    first = cal.vevent_list[0]
    # "Paris, l'atelier" is one category: its comma is escaped, the separators are not
    assert first.categories.value == ["Paris, l'atelier", "photo", "a"]
    parsed = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert [str(c) for c in parsed["CATEGORIES"].cats] == ["Paris, l'atelier", "photo", "a"]


def test_physical_lines_reassemble_to_the_same_events(generated, ics):
    text = generated["all.ics"].decode("utf-8")
    logical = ics.unfold(text)
    assert logical[0] == "BEGIN:VCALENDAR" and logical[-1] == "END:VCALENDAR"
    assert len(ics.blocks(text)) == len(icalendar.Calendar.from_ical(text).walk("VEVENT")) > 300


# --- the primitives, on arbitrary text -----------------------------------------------------

any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(["SUMMARY", "DESCRIPTION", "X-WR-CALNAME"]), value=any_text)
def test_fold_never_exceeds_75_octets_nor_splits_a_character(name, value):
    line = f"{name}:{escape_text(value)}"
    folded = fold(line).encode("utf-8")
    assert folded.endswith(b"\r\n")
    physical = folded.split(b"\r\n")[:-1]
    for i, part in enumerate(physical):
        assert len(part) <= 75
        part.decode("utf-8")
        assert i == 0 or part.startswith(b" ")
    assert folded.decode("utf-8").replace("\r\n ", "")[:-2] == line


def _one_event(summary_line: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:u\r\n"
        "DTSTAMP:20260101T000000Z\r\n" + summary_line + "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


@settings(max_examples=300, deadline=None)
@given(value=any_text)
def test_escape_text_round_trips_through_icalendar_and_vobject(value):
    expected = value.replace("\r\n", "\n").replace("\r", "\n")
    expected = "".join(c for c in expected if c in "\t\n" or not (ord(c) < 32 or ord(c) == 127))
    escaped = escape_text(value)
    assert "\n" not in escaped and "\r" not in escaped
    text = _one_event(fold(f"SUMMARY:{escaped}"))
    assert str(icalendar.Calendar.from_ical(text).walk("VEVENT")[0].get("SUMMARY", "")) == expected
    event = vobject.readOne(text).vevent
    assert (event.summary.value if "summary" in event.contents else "") == expected


def test_text_list_keeps_commas_inside_values():
    assert text_list(["a,b", "c;d", "e\\f"]) == "a\\,b,c\\;d,e\\\\f"


def test_uri_encodes_what_a_uri_cannot_hold():
    assert uri("https://exemple.fr/café?x=1&y=2#top") == "https://exemple.fr/caf%C3%A9?x=1&y=2#top"
    assert uri("https://ex.com/a b") == "https://ex.com/a%20b"
    assert uri("https://ex.com/already%20encoded") == "https://ex.com/already%20encoded"


@pytest.mark.parametrize(
    ("value", "exact", "nominal"),
    [
        (timedelta(minutes=30), "PT30M", "PT30M"),
        (timedelta(hours=1, minutes=30), "PT1H30M", "PT1H30M"),
        (timedelta(days=1), "PT24H", "P1D"),
        (-timedelta(days=2), "-PT48H", "-P2D"),
        (-timedelta(hours=36), "-PT36H", "-PT36H"),
        (timedelta(0), "PT0S", "PT0S"),
    ],
)
def test_durations(value, exact, nominal):
    assert exact_duration(value) == exact
    assert nominal_duration(value) == nominal
    assert icalendar.vDuration.from_ical(exact) == value
    assert icalendar.vDuration.from_ical(nominal) == value
