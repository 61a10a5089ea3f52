"""The editor's form logic without Textual: post form texts to a Post, wizard ids, go-to-date answers."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, time

import pytest

from calendar_app.core.model import Post
from calendar_app.storage.reader import load_plan
from calendar_app.ui.forms.date_target import parse_target
from calendar_app.ui.forms.new_channel import id_problem, suggest_id
from calendar_app.ui.forms.post_form import (
    form_changed,
    parse_date_text,
    parse_time_text,
    post_fields,
    read_post_form,
)

THU_26_NOV = datetime(2026, 11, 26, 12, 30)  # Facebook « Album photo », rule mardi-jeudi


@pytest.fixture(scope="module")
def plan(example_plans):
    return load_plan(example_plans).plan


def test_the_forms_package_imports_no_textual():
    code = ("import sys, calendar_app.ui.forms.post_form, calendar_app.ui.forms.channel_form, "
            "calendar_app.ui.forms.new_channel, calendar_app.ui.forms.date_target; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(("text", "expected"), [
    ("18:00", time(18, 0)), (" 9:05 ", time(9, 5)), ("24:00", None), ("12:60", None), ("6pm", None), ("", None),
])
def test_times_are_read_in_24_hour_form(text, expected):
    assert parse_time_text(text) == expected


def test_dates_are_read_as_iso_or_as_french_write_them():
    assert parse_date_text(" 2026-12-01 ") == date(2026, 12, 1)
    assert parse_date_text("01/12/2026") == date(2026, 12, 1)
    assert parse_date_text("24/12", today=date(2026, 12, 1)) == date(2026, 12, 24)
    assert parse_date_text("demain", today=date(2026, 12, 1)) == date(2026, 12, 2)
    assert parse_date_text("24/12") is None  # no year and no today to take it from
    assert parse_date_text("31/02/2026") is None
    assert parse_date_text("") is None


@pytest.mark.parametrize(("text", "expected"), [("18h", time(18, 0)), ("18h30", time(18, 30)), ("9h05", time(9, 5)),
                                                ("24h", None), ("18h60", None)])
def test_times_are_read_in_french_form_too(text, expected):
    assert parse_time_text(text) == expected


def test_a_post_opens_as_its_texts_and_reads_back_as_the_same_post(plan):
    post = next(p for p in plan.channel("facebook").posts if p.at == THU_26_NOV)
    fields = post_fields("facebook", post, post.at)
    assert (fields["date"], fields["time"], fields["title"], fields["status"]) == (
        "2026-11-26", "12:30", "Album photo : la fournée de novembre", "ready")
    form = read_post_form(plan, fields, editing=post)
    assert form.post == post and form.problems == {}
    assert form.hint == "→ fills the slot of rule « Mardi et jeudi midi »"


def test_a_new_post_gets_its_values_stripped_and_empty_ones_left_out(plan):
    fields = post_fields("facebook", None, datetime(2026, 12, 2, 10, 0))
    fields.update(title="  Vitrine de Noël 🎄 ", owner="Inès", notes="deux photos\n\n")
    form = read_post_form(plan, fields)
    assert form.post == Post(at=datetime(2026, 12, 2, 10, 0), title="Vitrine de Noël 🎄", status="idea",
                             owner="Inès", notes="deux photos")
    assert form.hint == "→ a one-off post (no rule slot at this time)"


def test_problems_are_given_under_their_field_and_no_post(plan):
    fields = post_fields("facebook", None, datetime(2026, 12, 2, 10, 0))
    fields.update(time="25:00", link="example.com/post")
    form = read_post_form(plan, fields)
    assert form.post is None
    assert form.problems == {
        "when": "write the time as HH:MM in 24-hour form, e.g. 18:00",
        "link": '"example.com/post" is not a URL; write it in full, e.g. https://example.com/post',
    }
    fields.update(date="2026-13-01", time="10:00", link="")
    assert read_post_form(plan, fields).problems == {"when": "write the date as YYYY-MM-DD, e.g. 2026-12-01"}


def test_a_second_post_at_the_same_time_is_refused(plan):
    fields = post_fields("facebook", None, THU_26_NOV)
    form = read_post_form(plan, fields)
    assert form.post is None
    assert form.problems["when"] == "Facebook already has « Album photo : la fournée de novembre » at this time; pick another"


def test_form_changed_ignores_surrounding_blanks_only():
    start = post_fields("facebook", None, THU_26_NOV)
    assert not form_changed(start, {**start, "title": "  ", "notes": "\n"})
    assert form_changed(start, {**start, "title": "Vitrine"})
    assert form_changed(start, {**start, "status": "draft"})


def test_the_wizard_suggests_an_id_and_checks_it():
    assert suggest_id("Podcast « Les Mains » été") == "podcast-les-mains-ete"
    assert id_problem("blog", {"blog"}) == '"blog" is already a channel; pick another id'
    assert id_problem("Tik Tok", set()) == 'use lowercase letters, digits and "-" only, e.g. "tik-tok"'
    assert id_problem("tiktok", {"blog"}) is None


def test_go_to_date_answers():
    today = date(2026, 11, 24)
    assert parse_target("+2w", today) == date(2026, 12, 8)
    assert parse_target("W05", today) == date(2026, 1, 26)
    assert parse_target("demain", today) == date(2026, 11, 25)  # French input too (issue 12)
    assert parse_target("24/12", today) == date(2026, 12, 24)
    assert parse_target("jamais", today) is None


def test_editing_a_post_keeps_its_effort_which_the_form_does_not_show(plan):
    from dataclasses import replace
    from datetime import timedelta

    facebook = plan.channel("facebook")
    post = replace(next(p for p in facebook.posts if p.at == THU_26_NOV), effort=timedelta(hours=5))
    facebook = replace(facebook, posts=tuple(post if p.at == THU_26_NOV else p for p in facebook.posts))
    plan = replace(plan, channels=tuple(facebook if c.id == "facebook" else c for c in plan.channels))
    fields = {**post_fields("facebook", post, post.at), "title": "Album photo, retouché"}
    form = read_post_form(plan, fields, editing=post)
    assert form.post == replace(post, title="Album photo, retouché")
