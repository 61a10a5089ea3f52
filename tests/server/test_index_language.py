"""The server's index page speaks the language chosen for the run; in French, no English word."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from calendar_app.i18n import set_language
from calendar_app.server.index_page import render_index
from calendar_app.server.live import Snapshot
from calendar_app.storage.reader import load_plan_strict

MARKERS = re.compile(r"\b(open|slots?|weeks?|channels?|errors?|press|save|must|should|expected|invalid|"
                     r"did you mean|feeds?|subscribe|next|regularity|personal|problems?|untitled|none)\b",
                     re.IGNORECASE)
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)


class _Text(HTMLParser):
    """The page's text as people read it: element text and title attributes, not code or links."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("code", "style", "a"):
            self._skip += 1
        self.parts += [v for k, v in attrs if k == "title" and v]

    def handle_endtag(self, tag):
        if tag in ("code", "style", "a"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _page(plans: Path, problems: tuple[str, ...] = ()) -> str:
    plan = load_plan_strict(plans)
    feeds = {f"{c.id}.ics": b"" for c in plan.channels} | {"all.ics": b"", "key-dates.ics": b""}
    snap = Snapshot(generation=1, build=1, feeds=feeds, plan=plan, problems=problems,
                    window=(date(2026, 10, 25), date(2027, 2, 16)), today=date(2026, 11, 24), built=NOW,
                    checked=NOW, key=())
    return render_index(snap, http_base="http://127.0.0.1:8080/", webcal_base="webcal://127.0.0.1:8080/",
                        today=date(2026, 11, 24), now=NOW).decode("utf-8")


def _plan_words(plans: Path) -> list[str]:
    plan = load_plan_strict(plans)
    words = [plan.calendar.name]
    for channel in plan.channels:
        words += [channel.name, f"{channel.id}.ics"]
        words += [post.title for post in channel.posts if post.title]
        words += [rule.label for rule in channel.rules if rule.label]
    return sorted(set(words), key=len, reverse=True)


@pytest.fixture
def french():
    set_language("fr")
    yield
    set_language("en")


def test_the_index_page_in_french_has_no_english_outside_the_plan(example_plans: Path, french):
    html = _page(example_plans, problems=("plans/blog.toml: channel.color: « pink » n'est pas une couleur",))
    assert '<html lang="fr">' in html
    parser = _Text()
    parser.feed(html)
    text = " ".join(parser.parts)
    assert "Prochains créneaux" in text and "Flux personnels" in text and "Les fichiers du plan ont 1 problème" in text
    assert "Tous les canaux" in text or "Every channel" not in text
    for word in _plan_words(example_plans):
        text = text.replace(word, " ")
    assert MARKERS.findall(text) == []


def test_the_index_page_in_english_is_as_before(example_plans: Path):
    html = _page(example_plans)
    assert '<html lang="en">' in html
    assert "<th>Next slots</th>" in html and "<h2>Personal feeds</h2>" in html
    assert "events from 25 Oct 2026 to 15 Feb 2027" in html
