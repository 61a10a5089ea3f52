"""The new-step form read as plain data: offsets, times and slot words in both languages, problems by field."""

from __future__ import annotations

import pytest

from calendar_app.ui.forms.step_form import new_step_fields, parse_offset, parse_when, read_step_form

CHANNELS = ("blog", "instagram", "newsletter")


@pytest.mark.parametrize(("text", "written"), [
    ("-7d", "-7d"), ("+1d", "+1d"), ("0d", "+0d"), ("-0d", "+0d"), ("+2w", "+2w"), ("3", "+3d"),
    ("-3j", "-3d"), ("+2s", "+2w"), (" - 1 semaine ", "-1w"), ("+10 days", "+10d"),
])
def test_offsets_are_written_in_the_files_spelling(text, written):
    assert parse_offset(text) == written


@pytest.mark.parametrize("text", ["", "d", "+2m", "7 mois", "+-1d", "1.5d"])
def test_other_offsets_are_refused(text):
    assert parse_offset(text) is None


@pytest.mark.parametrize(("text", "when"), [
    ("18:00", ("time", "18:00")), ("9h05", ("time", "09:05")), ("18h", ("time", "18:00")),
    ("next", ("slot", "next")), ("Suivant", ("slot", "next")), ("précédent", ("slot", "previous")),
    ("previous", ("slot", "previous")), ("25:00", None), ("bientôt", None),
])
def test_when_is_a_time_or_a_slot_word(text, when):
    assert parse_when(text) == when


def test_a_filled_form_gives_the_step_keys_in_the_files_order():
    fields = {"channel": "instagram", "offset": "-1s", "when": "18h30", "title": "Teaser : le stand 🎉",
              "format": "reel", "pillar": "", "status": "draft"}
    form = read_step_form(CHANNELS, fields)
    assert form.problems == {}
    assert list(form.step.items()) == [("channel", "instagram"), ("offset", "-1w"), ("time", "18:30"),
                                       ("title", "Teaser : le stand 🎉"), ("format", "reel"), ("status", "draft")]


def test_a_new_form_is_the_next_slot_on_the_anchor_day():
    form = read_step_form(CHANNELS, new_step_fields("newsletter"))
    assert form.step == {"channel": "newsletter", "offset": "+0d", "slot": "next", "status": "idea"}


def test_every_problem_at_once():
    form = read_step_form(CHANNELS, {"channel": "tiktok", "offset": "demain", "when": "soon", "status": "idea"})
    assert form.step is None
    assert form.problems == {
        "channel": "choose one of the plan's channels",
        "offset": "write the offset from the anchor as -7d, +1d, 0d or +2w",
        "when": "write a time as HH:MM, or next / previous for the channel's nearest slot",
    }
