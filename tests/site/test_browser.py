"""The published example in a real browser (headless Chromium): every page loads without a console
error or a failed request, the month grid shows agenda's slots on their days, a month prints on one A4
landscape page, client pages hold no owner, note or open slot, and the pages pass an accessibility check."""

from __future__ import annotations

import io
import json
import re
import urllib.request
from collections import defaultdict
from pathlib import Path

import pypdf
import pytest

# A4 landscape in PostScript points (297 x 210 mm); Chromium rounds to its CSS pixels.
A4_LANDSCAPE = (297 / 25.4 * 72, 210 / 25.4 * 72)

DAYS_AND_SLOTS = """JSON.stringify([...document.querySelectorAll('[data-date]')].map(cell => [
  cell.dataset.date,
  [...cell.querySelectorAll('[data-uid]')].map(e => [e.dataset.uid, e.querySelector('.time').textContent,
                                                   e.getClientRects().length > 0])]))"""
HEADINGS = "JSON.stringify([...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]))"
CHIPS = """JSON.stringify([...document.querySelectorAll('.chip')].map(e => {
  const s = getComputedStyle(e); return [e.textContent, s.color, s.backgroundColor]; }))"""
PRINTED_CELLS = """JSON.stringify([...document.querySelectorAll('td[data-date] .cell')].map(cell => {
  const shown = [...cell.querySelectorAll('.slot')].filter(e => e.getClientRects().length > 0).length;
  const more = cell.querySelector('.more');
  return [cell.parentElement.dataset.date, cell.querySelectorAll('.slot').length, shown,
          more ? more.textContent : null, cell.scrollHeight <= cell.clientHeight + 1];
}))"""


def pages_of(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.html"))


@pytest.fixture
def tab(browser):
    """One tab for the test (pages are loaded into it one after the other)."""
    page = browser.open("about:blank")
    yield page
    page.close()


def open_page(page, path: Path | str, origin: str = "file://"):
    """``path`` (a file, or a URL under ``origin``) loaded in the tab, and the problems the browser
    reported while loading it; a request elsewhere than ``origin`` is one."""
    page.goto(path if isinstance(path, str) else path.as_uri())
    page.evaluate("1")  # a round trip: events of the load have arrived
    problems = []
    for event in page.events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
            problems.append(("console", params.get("args")))
        elif method == "Runtime.exceptionThrown":
            problems.append(("exception", params.get("exceptionDetails", {}).get("text")))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
            problems.append(("log", params["entry"].get("text"), params["entry"].get("url")))
        elif method == "Network.loadingFailed":
            problems.append(("failed", params.get("errorText")))
        elif method == "Network.requestWillBeSent" and not params["request"]["url"].startswith(origin):
            problems.append(("network", params["request"]["url"]))
        elif method == "Network.responseReceived" and params["response"].get("status", 0) >= 400:
            problems.append(("status", params["response"]["url"], params["response"]["status"]))
    requests = [e["params"]["request"]["url"] for e in page.events if e["method"] == "Network.requestWillBeSent"]
    return page, problems, requests


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio of two sRGB colors (0-255 channels), computed here, not by the code under test."""
    def lum(rgb):
        lin = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def rgb(css: str) -> tuple[float, float, float]:
    return tuple(float(x) for x in re.findall(r"[\d.]+", css)[:3])


@pytest.mark.parametrize("edition", ["internal", "client"])
def test_every_page_loads_without_a_console_error_or_a_failed_request(tab, published, edition):
    folder = getattr(published, edition)
    pages = pages_of(folder)
    assert len(pages) == 1 + 3 + 14  # index, three months, the ISO weeks W44..W05
    for path in pages:
        page, problems, requests = open_page(tab, path)
        assert problems == [], (path.name, problems)
        assert path.as_uri() in requests and (folder / "style.css").as_uri() in requests, (path.name, requests)


def test_the_month_grid_shows_agendas_slots_on_their_days(tab, published, example_slots):
    expected: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s in example_slots:
        expected[s["start"][:10]].append((s["uid"], s["start"][11:16]))
    seen_days = set()
    for path in sorted(published.internal.glob("20??-??.html")):
        page, _, _ = open_page(tab, path)
        cells = json.loads(page.evaluate(DAYS_AND_SLOTS))
        year, month = path.stem.split("-")
        assert [d for d, _ in cells] == sorted(d for d, _ in cells)
        assert all(d.startswith(f"{year}-{month}-") for d, _ in cells)
        for day, slots in cells:
            seen_days.add(day)
            assert [(uid, time) for uid, time, _ in slots] == expected.get(day, []), day
            assert all(visible for _, _, visible in slots), day
    assert len(seen_days) == 30 + 31 + 31
    assert sum(len(v) for v in expected.values()) > 50  # the example is busy enough to mean something


def test_the_week_pages_list_the_same_slots(tab, published, example_slots):
    expected = defaultdict(list)
    for s in example_slots:
        expected[s["start"][:10]].append(s["uid"])
    found = defaultdict(list)
    for path in sorted(published.internal.glob("20??-W??.html")):
        page, _, _ = open_page(tab, path)
        for day, slots in json.loads(page.evaluate(DAYS_AND_SLOTS)):
            found[day].extend(uid for uid, _, _ in slots)
    assert {d: v for d, v in found.items() if v} == dict(expected)


def test_a_month_prints_on_exactly_one_a4_landscape_page(tab, published, tmp_path):
    for path in sorted(published.internal.glob("20??-??.html")):
        page, _, _ = open_page(tab, path)
        pdf = page.pdf()
        (tmp_path / f"{path.stem}.pdf").write_bytes(pdf)
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == 1, path.name
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - A4_LANDSCAPE[0]) < 1.5 and abs(float(box.height) - A4_LANDSCAPE[1]) < 1.5, box


def test_publish_pdf_writes_one_a4_landscape_page_per_month(published, chromium_path):
    assert published.pdf
    pdfs = sorted(published.internal.glob("month-*.pdf"))
    assert [p.name for p in pdfs] == ["month-2026-11.pdf", "month-2026-12.pdf", "month-2027-01.pdf"]
    for path in pdfs:
        reader = pypdf.PdfReader(path)
        assert len(reader.pages) == 1, path.name
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - A4_LANDSCAPE[0]) < 1.5 and abs(float(box.height) - A4_LANDSCAPE[1]) < 1.5
        assert "décembre 2026" in pypdf.PdfReader(pdfs[1]).pages[0].extract_text() or \
               "December 2026" in pypdf.PdfReader(pdfs[1]).pages[0].extract_text()


def test_the_printed_month_fits_its_cells_and_says_how_many_slots_it_could_not_show(tab, published):
    for path in sorted(published.internal.glob("20??-??.html")):
        page, _, _ = open_page(tab, path)
        page.send("Emulation.setEmulatedMedia", {"media": "print"})
        for day, total, shown, more, fits in json.loads(page.evaluate(PRINTED_CELLS)):
            assert fits, (path.name, day)
            if more is None:
                assert shown == total, (path.name, day)
            else:
                assert int(re.search(r"\d+", more).group()) == total - shown, (path.name, day, more)


def test_client_pages_hold_no_owner_note_or_open_slot(tab, published, example_slots):
    owners = {s["owner"] for s in example_slots if s["owner"]}
    notes = {s["notes"].strip() for s in example_slots if s["notes"]}
    assert len(owners) >= 2 and notes

    def read(folder: Path) -> tuple[str, list[str], int]:
        text, statuses, marked = "", [], 0
        for path in pages_of(folder):
            page, _, _ = open_page(tab, path)
            text += page.evaluate("document.documentElement.outerHTML")
            statuses += page.evaluate("[...document.querySelectorAll('[data-uid]')].map(e => e.className)")
            marked += page.evaluate("document.querySelectorAll('.owner, .notes, .st-open').length")
        return text, statuses, marked

    text, statuses, marked = read(published.client)
    assert marked == 0
    assert statuses and all(re.search(r"\bst-(ready|scheduled|published)\b", c) for c in statuses)
    assert not [o for o in owners if o in text]
    assert not [n for n in notes if n in text]
    # The same check finds them on the internal pages: it could fail.
    text, statuses, marked = read(published.internal)
    assert marked > 0 and any("st-open" in c for c in statuses) and all(o in text for o in owners)
    assert any(n.splitlines()[0] in text for n in notes)


def test_accessibility_lang_headings_in_order_and_chip_contrast(tab, published):
    for folder in (published.internal, published.client):
        for path in pages_of(folder):
            page, _, _ = open_page(tab, path)
            assert page.evaluate("document.documentElement.lang") in ("en", "fr")
            levels = json.loads(page.evaluate(HEADINGS))
            assert levels[0] == 1 and levels.count(1) == 1, (path.name, levels)
            assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (path.name, levels)
            assert page.evaluate("[...document.querySelectorAll('a')].every(a => a.textContent.trim() !== '')")
            for name, color, background in json.loads(page.evaluate(CHIPS)):
                fg, bg = rgb(color), rgb(background)
                ratio = contrast(fg, bg)
                best = max(contrast((0, 0, 0), bg), contrast((255, 255, 255), bg))
                assert fg in ((0, 0, 0), (255, 255, 255)), (name, color)
                assert ratio >= 4.5 and ratio == pytest.approx(best), (path.name, name, color, background)


def test_a_screenshot_of_the_month_page_is_kept(tab, published, tmp_path):
    page, _, _ = open_page(tab, published.internal / "2026-12.html")
    png = page.screenshot()
    shot = tmp_path / "month-2026-12.png"
    shot.write_bytes(png)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000, shot


def test_a_phone_gets_one_column_of_days(browser, published):
    page = browser.open((published.internal / "2026-12.html").as_uri(), width=390, height=844)
    widths = page.evaluate("[...document.querySelectorAll('td[data-date]')].filter(td => td.getClientRects().length)"
                           ".map(td => td.getBoundingClientRect().width)")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.close()
    assert widths and min(widths) > 300 and not overflow


def test_the_served_pages_load_under_their_content_security_policy(tab, bundled_plans, serving):
    """serve's /calendar/ pages in the browser: the policy lets the stylesheet in (and nothing else
    is asked for), no page reports a problem, and the grid is styled (the policy did not block it)."""
    with serving(bundled_plans, token="browser-token-0123456") as (server, _):
        origin = f"http://127.0.0.1:{server.port}/"
        base = f"{origin}browser-token-0123456/calendar/"
        with urllib.request.urlopen(base, timeout=30) as response:
            index = response.read().decode()
        names = ["", *sorted(set(re.findall(r'href="(20[0-9-W]+\.html)"', index)))]
        assert len(names) == 1 + 3 + 14
        for name in names:
            page, problems, requests = open_page(tab, base + name, origin)
            assert problems == [], (name, problems)
            assert base + "style.css" in requests, (name, requests)
        page, _, _ = open_page(tab, base + "2026-12.html", origin)
        assert page.evaluate("getComputedStyle(document.querySelector('table.month')).borderCollapse") == "collapse"


def review_page(cli, tmp_path: Path) -> Path:
    """``review --format html`` of the review fixture, in French, written to a file."""
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "review" / "plans"
    result = cli("review", "--plans", str(fixture), "--today", "2026-11-16", "--format", "html", "--lang", "fr")
    assert result.returncode == 0, result.stderr
    path = tmp_path / "bilan.html"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_the_review_page_in_the_browser(tab, cli, tmp_path):
    """review --format html as a meeting opens it: no problem reported and no request (the charts are
    inline), one h1 and headings in order, every chart drawn with a size, tables within the page on
    a laptop and on a phone."""
    path = review_page(cli, tmp_path)
    page, problems, requests = open_page(tab, path)
    assert problems == [] and requests == [path.as_uri()]
    assert page.evaluate("document.documentElement.lang") == "fr"
    levels = json.loads(page.evaluate(HEADINGS))
    assert levels[0] == 1 and levels.count(1) == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    sizes = json.loads(page.evaluate("JSON.stringify([...document.querySelectorAll('svg.chart')].map(s => {"
                                     "const r = s.getBoundingClientRect(); return [s.getAttribute('class'), r.width, r.height]; }))"))
    assert [c for c, _w, _h in sizes] == ["chart weekly", "chart weekly", "chart trajectory"]
    assert all(w > 100 and h > 50 for _c, w, h in sizes), sizes
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_review_page_fits_a_phone(browser, cli, tmp_path):
    page = browser.open(review_page(cli, tmp_path).as_uri(), width=390, height=844)
    widths = page.evaluate("[...document.querySelectorAll('svg.chart')].map(s => s.getBoundingClientRect().width)")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.close()
    assert widths and max(widths) <= 390 and overflow <= 0, (widths, overflow)
