"""The published pages as files: valid HTML5 (html5lib, strict), nothing loaded from the network, plan
text escaped, the language of the plan, the feeds' links on the index (not on a client's)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

import html5lib
import pytest

from calendar_app.core.model import CalendarSettings, Channel, Plan, Post, Rule
from calendar_app.i18n import set_language
from calendar_app.site.model import build_site
from calendar_app.site.render import render_site
from calendar_app.storage.reader import load_plan_strict

START, END = date(2026, 11, 1), date(2027, 2, 1)
FEEDS = ["all.ics", "instagram.ics", "key-dates.ics", "campaigns.ics"]


@pytest.fixture
def french():
    set_language("fr")
    try:
        yield
    finally:
        set_language("en")


def site_files(plans: Path, *, client: bool = False, feeds_base: str | None = "https://example.org/feeds/",
               today: date = date(2026, 11, 24)) -> dict[str, bytes]:
    plan = load_plan_strict(plans)
    return render_site(build_site(plan, START, END, client=client, feeds=FEEDS), today=today, feeds_base=feeds_base)


def parse(data: bytes):
    """Strict html5lib: any parse error of the HTML5 algorithm raises."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(data)


@pytest.mark.parametrize("client", [False, True])
def test_every_page_is_valid_html5_and_loads_nothing_from_the_network(example_plans, client):
    files = site_files(example_plans, client=client)
    pages = [n for n in files if n.endswith(".html")]
    assert sorted(pages)[:4] == ["2026-11.html", "2026-12.html", "2026-W44.html", "2026-W45.html"]
    assert len(pages) == 1 + 3 + 14
    for name in pages:
        tree = parse(files[name])
        assert tree.get("lang") == "en"
        for element in tree.iter():
            for attribute in ("src", "srcset", "poster", "data"):
                assert attribute not in element.attrib, (name, element.tag)
            if element.tag == "link":
                assert element.get("href") == "style.css", (name, element.attrib)
            assert element.tag not in ("script", "iframe", "img", "object", "embed", "base"), (name, element.tag)
            assert "style" not in element.attrib, (name, element.tag)  # every style in style.css
        for link in tree.iter("a"):  # a link loads nothing: it goes to another page of the site, or away
            href = link.get("href")
            assert href in files or re.match(r"(https|webcal)://", href), (name, href)
    css = files["style.css"].decode()
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


def test_every_day_cell_has_its_date_and_every_slot_its_uid(example_plans):
    files = site_files(example_plans)
    tree = parse(files["2026-12.html"])
    cells = [td for td in tree.iter("td") if "data-date" in td.attrib]
    assert [c.get("data-date") for c in cells] == [f"2026-12-{d:02d}" for d in range(1, 32)]
    uids = [li.get("data-uid") for li in tree.iter("li") if "data-uid" in li.attrib]
    assert len(uids) == len(set(uids)) > 20
    assert all(re.fullmatch(r"[a-z0-9-]+\.[a-z0-9-]+\.\d{8}T\d{4}(-\d+)?@calendar-app", u) for u in uids)


def test_plan_text_is_escaped(tmp_path, write_plan):
    nasty = '<script>alert("x")</script> & <b>gras</b>'
    write_plan(tmp_path / "plans", {"calendar": {"name": nasty, "timezone": "Europe/Paris"}},
               {"ig": {"channel": {"name": nasty, "color": "#E1306C"},
                       "rule": [{"id": "feed", "label": nasty, "every": "day", "times": ["18:00"],
                                 "start": date(2026, 11, 1)}],
                       "post": [{"at": datetime(2026, 11, 3, 18, 0), "title": nasty, "status": "draft", "notes": nasty,
                                 "owner": nasty}]}})
    files = site_files(tmp_path / "plans")
    for name, data in files.items():
        if name.endswith(".html"):
            text = data.decode()
            assert "<script>" not in text and "<b>" not in text, name
            parse(data)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;" in files["2026-W45.html"].decode()


def test_cancelled_posts_are_struck_through_on_internal_pages_only():
    ig = Channel(id="ig", name="Instagram", timezone="Europe/Paris", rules=(
        Rule(id="feed", times=(time(18, 0),), start=date(2026, 11, 1), every="day"),),
        posts=(Post(at=datetime(2026, 11, 3, 18, 0), title="Annulé ✗ 🎄", status="cancelled"),))
    plan = Plan((ig,), CalendarSettings(name="Atelier", timezone="Europe/Paris"))
    internal = render_site(build_site(plan, START, END), today=START)
    client = render_site(build_site(plan, START, END, client=True), today=START)
    assert '<del class="title">Annulé ✗ 🎄</del>' in internal["2026-11.html"].decode()
    assert '<del class="title">Annulé ✗ 🎄</del>' in internal["2026-W45.html"].decode()
    assert "Annulé" not in client["2026-11.html"].decode()


def test_the_index_offers_the_feeds_internally_but_not_to_a_client(example_plans):
    index = site_files(example_plans)["index.html"].decode()
    assert 'href="webcal://example.org/feeds/all.ics"' in index
    assert 'href="https://example.org/feeds/instagram.ics"' in index
    # each feed under its name, not its file name
    labels = re.findall(r'<span class="feed">([^<]+)</span>.*?href="https://example.org/feeds/([^"]+)"', index)
    assert ("Campaigns", "campaigns.ics") in labels and ("Key dates", "key-dates.ics") in labels, labels
    relative = site_files(example_plans, feeds_base="../feeds/")["index.html"].decode()
    assert 'href="../feeds/all.ics"' in relative and "webcal://" not in relative
    client = site_files(example_plans, client=True)["index.html"].decode()
    assert ".ics" not in client
    assert all(f'href="{m}"' in index and f'href="{m}"' in client for m in ("2026-11.html", "2027-W04.html"))


def test_pages_speak_the_current_language(example_plans, french):
    files = site_files(example_plans)
    month = files["2026-12.html"].decode()
    assert '<html lang="fr">' in month
    assert "<h1>décembre 2026</h1>" in month
    assert '<abbr title="lundi">lun.</abbr>' in month
    assert "mardi 24 novembre 2026" in files["index.html"].decode()  # the day it was updated
    assert "<h2>mardi 1er décembre 2026</h2>" in files["2026-W49.html"].decode()


def test_accents_and_emoji_survive_in_utf8(example_plans):
    files = site_files(example_plans)
    assert "Fermeture de l&#39;atelier — Noël 🎄" in files["2026-12.html"].decode("utf-8")
    assert "Black Friday 🛍️" in files["2026-11.html"].decode("utf-8")
    assert b'<meta charset="utf-8">' in files["index.html"]
