"""Adversarial rrule texts: accepted when RFC 5545 allows them, else a clear error; never a hang."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from calendar_app.storage.plans import load_plan
from calendar_app.core.recurrence import expand

CHANNEL = '[channel]\nname = "X"\ntimezone = "Europe/Paris"\n[[rule]]\nid = "a"\nrrule = "{rrule}"\ntimes = ["18:00"]\nstart = 2026-01-01\n'


def load(tmp_path: Path, rrule: str):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "x.toml").write_text(CHANNEL.format(rrule=rrule), encoding="utf-8")
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
