"""What the TOML schema accepts and how it names what it refuses: rrule texts, channel ids, zones,
key dates, text fields (the one-file-per-error fixtures are in test_plan_errors.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from calendar_app.core.recurrence import expand
from calendar_app.storage.reader import load_plan

CHANNEL = '[channel]\nname = "Blog"\ntimezone = "Europe/Paris"\n'
RRULE_CHANNEL = ('[channel]\nname = "X"\ntimezone = "Europe/Paris"\n'
                 '[[rule]]\nid = "a"\nrrule = "{rrule}"\ntimes = ["18:00"]\nstart = 2026-01-01\n')


# --- rrule texts: accepted when RFC 5545 allows them, else a clear error; never a hang -----------


def load(tmp_path: Path, rrule: str):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "x.toml").write_text(RRULE_CHANNEL.format(rrule=rrule), encoding="utf-8")
    return load_plan(plans)


@pytest.mark.parametrize("text", [
    "freq=weekly;byday=mo",            # RFC 5545: names and values are case-insensitive
    "FREQ=WEEKLY;BYDAY=MO;",           # a trailing semicolon
    " FREQ = WEEKLY ; BYDAY = MO ",    # spaces around the parts
    "RRULE:FREQ=WEEKLY;;BYDAY=MO",
])
def test_harmless_spellings_mean_every_monday(tmp_path, text):
    result = load(tmp_path, text)
    assert result.errors == []
    slots = expand(result.plan, date(2026, 11, 23), date(2026, 12, 7))
    assert [s.planned.date() for s in slots] == [date(2026, 11, 23), date(2026, 11, 30)]


@pytest.mark.parametrize("text, key_words", [
    ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0"),         # dateutil loops forever on it
    ("FREQ=DAILY;INTERVAL=-1", "INTERVAL=-1"),       # dateutil raises while expanding
    ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0"),   # dateutil ignores the 0 silently
    ("FREQ=MONTHLY;BYMONTHDAY=1,32", "BYMONTHDAY=32"),
    ("FREQ=WEEKLY;FREQ=DAILY", "FREQ is given twice"),
])
def test_bad_parts_are_named(tmp_path, text, key_words):
    result = load(tmp_path, text)
    messages = [str(e) for e in result.errors]
    assert len(messages) == 1, messages
    assert "rule[1].rrule" in messages[0] and key_words in messages[0]
    assert "unpack" not in messages[0]
    assert result.plan.channels == ()


def test_only_semicolons_is_one_clear_error(tmp_path):
    messages = [str(e) for e in load(tmp_path, ";;;").errors]
    assert len(messages) == 1 and "needs FREQ" in messages[0]


# --- channel ids, zones, key dates, text --------------------------------------------------------


def test_a_channel_id_may_not_start_with_a_dash(tmp_path, plans_with):
    # `--channel -x` would be read as an option by every command.
    result = load_plan(plans_with("-x.toml", CHANNEL.encode()))
    assert [str(e) for e in result.errors] == [
        (f'{tmp_path / "plans" / "-x.toml"}: "-x" is not a channel id (lowercase letters, digits and "-", '
         'starting with a letter or digit); rename the file to x.toml')
    ]


def test_localtime_is_not_a_plan_zone(plans_with):
    # It is whatever zone the machine reading the plan has, and a TZID no calendar app knows.
    text = CHANNEL.replace("Europe/Paris", "localtime")
    errors = load_plan(plans_with("blog.toml", text.encode())).errors
    assert [(e.key, e.message) for e in errors] == [
        ("channel.timezone", '"localtime" is the zone of the machine reading the plan, not a zone name; '
                             'use an IANA name like "Europe/Paris"')]


def test_key_dates_out_of_range_are_named(plans_with):
    plans = plans_with("blog.toml", CHANNEL.encode())
    (plans / "_calendar.toml").write_text(
        '[[key_date]]\ndate = 2026-01-01\nend = 9999-12-31\ntitle = "Toujours"\n'
        '[[key_date]]\ndate = 0001-01-01\ntitle = "Jamais"\n', encoding="utf-8")
    result = load_plan(plans)
    assert [(e.key, e.message) for e in result.errors] == [
        ("key_date[1].end", "9999-12-31 is out of range (years 1900 to 2200)"),
        ("key_date[2].date", "0001-01-01 is out of range (years 1900 to 2200)"),
    ]


def test_a_blank_key_date_title_is_named(plans_with):
    plans = plans_with("blog.toml", CHANNEL.encode())
    (plans / "_calendar.toml").write_text('[[key_date]]\ndate = 2026-01-01\ntitle = ""\n', encoding="utf-8")
    assert [e.key for e in load_plan(plans).errors] == ["key_date[1].title"]


def test_tabs_and_newlines_stay_allowed_in_notes(plans_with):
    text = CHANNEL + '[[post]]\nat = 2026-12-01T18:00:00\nnotes = """a\tb\r\nc"""\n'
    result = load_plan(plans_with("blog.toml", text.encode()))
    assert result.errors == []
    assert result.plan.channels[0].posts[0].notes == "a\tb\nc"
