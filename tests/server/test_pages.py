"""The published calendar served live under /calendar/: publish's pages, behind the same token, with the
feeds' ETags, 304s, gzip and Last-Modified, following plan edits and keeping the last good plan."""

from __future__ import annotations

import gzip
import os
import re
import time
from pathlib import Path

import pytest

TOKEN = "s3cret-token-for-tests"
BASE = f"/{TOKEN}/calendar/"


@pytest.fixture
def server(bundled_plans, serving):
    with serving(bundled_plans, token=TOKEN) as (srv, _):
        yield srv


def publish(cli, plans: Path, out: Path) -> dict[str, bytes]:
    result = cli("publish", "--plans", str(plans), "--out", str(out), "--today", "2026-11-24")
    assert result.returncode == 0, result.stderr
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}


def test_the_pages_are_publishs_pages(server, get, cli, bundled_plans, tmp_path):
    files = publish(cli, bundled_plans, tmp_path / "site")
    assert len(files) == 1 + 1 + 3 + 14  # index, style.css, three months, fourteen weeks
    for name, data in files.items():
        status, headers, body = get(server, BASE + name)
        assert status == 200, name
        assert headers["content-type"] == ("text/css; charset=utf-8" if name.endswith(".css")
                                           else "text/html; charset=utf-8")
        if name != "index.html":  # the index links the feeds at the server's own address
            assert body == data, name
    status, _, index = get(server, BASE)
    assert status == 200 and index == get(server, BASE + "index.html")[2]
    port = server.port
    assert f'href="webcal://127.0.0.1:{port}/{TOKEN}/all.ics"'.encode() in index
    assert f'href="http://127.0.0.1:{port}/{TOKEN}/instagram.ics"'.encode() in index


def test_the_token_rules_are_the_feeds(server, get):
    assert get(server, "/calendar/")[0] == 404
    assert get(server, "/wrong-token-for-tests/calendar/2026-11.html")[0] == 404
    status, headers, _ = get(server, f"/{TOKEN}/calendar")
    assert status == 308 and headers["location"] == BASE
    for path in ("2030-01.html", "2026-13.html", "../all.ics", "..%2Fall.ics", "style.css/", "x.html",
                 "2026-11.html/..", "%2e%2e/all.ics"):
        assert get(server, BASE + path)[0] == 404, path
    # the feeds' index page links the calendar
    assert b'<a href="calendar/">' in get(server, f"/{TOKEN}/")[2]


def test_etag_304_gzip_and_head_as_for_the_feeds(server, get):
    status, headers, body = get(server, BASE + "2026-12.html")
    etag = headers["etag"]
    assert status == 200 and re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert headers["cache-control"] == "no-cache" and headers["vary"] == "Accept-Encoding"
    assert "style-src 'self'" in headers["content-security-policy"] and "script-src" not in \
        headers["content-security-policy"]
    assert get(server, BASE + "2026-12.html")[1]["etag"] == etag  # stable
    status, headers304, body304 = get(server, BASE + "2026-12.html", {"If-None-Match": etag})
    assert status == 304 and body304 == b"" and headers304["etag"] == etag
    assert get(server, BASE + "2026-12.html", {"If-None-Match": f'W/{etag}, "other"'})[0] == 304
    assert get(server, BASE + "2026-12.html", {"If-Modified-Since": headers["last-modified"]})[0] == 304
    assert get(server, BASE + "2026-11.html", {"If-None-Match": etag})[0] == 200  # another page, another tag
    status, gz_headers, gz_body = get(server, BASE + "2026-12.html", {"Accept-Encoding": "gzip"})
    assert status == 200 and gz_headers["content-encoding"] == "gzip" and gzip.decompress(gz_body) == body
    assert gz_headers["etag"] == etag[:-1] + '-gz"'
    status, head_headers, head_body = get(server, BASE + "2026-12.html", method="HEAD")
    assert status == 200 and head_body == b"" and head_headers["etag"] == etag
    assert get(server, BASE + "2026-12.html", method="POST")[0] == 405


def test_an_edit_changes_the_pages_it_shows_and_no_other(server, get, bundled_plans):
    before = {n: get(server, BASE + n)[1] for n in ("2026-12.html", "2026-W49.html", "2027-01.html")}
    path = bundled_plans / "instagram.toml"
    text = path.read_text(encoding="utf-8")
    assert "Live : on prépare le stand du Salon des Métiers d'Art" in text
    path.write_text(text.replace("Live : on prépare le stand", "Live : nous préparons le stand"), encoding="utf-8")
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))
    status, headers, body = get(server, BASE + "2026-12.html")
    assert status == 200 and "Live : nous préparons le stand".encode() in body
    assert headers["etag"] != before["2026-12.html"]["etag"]
    assert get(server, BASE + "2026-W49.html")[1]["etag"] != before["2026-W49.html"]["etag"]
    after = get(server, BASE + "2027-01.html")[1]
    assert after["etag"] == before["2027-01.html"]["etag"]
    assert after["last-modified"] == before["2027-01.html"]["last-modified"]


def test_a_broken_edit_keeps_the_last_good_pages(server, get, bundled_plans):
    good = get(server, BASE + "2026-12.html")
    path = bundled_plans / "instagram.toml"
    path.write_text("[channel\nname = ", encoding="utf-8")
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))
    status, headers, body = get(server, BASE + "2026-12.html")
    assert status == 200 and body == good[2] and headers["etag"] == good[1]["etag"]


def test_no_valid_plan_yet_is_503(tmp_path, serving, get):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "broken.toml").write_text("[channel\n", encoding="utf-8")
    with serving(plans) as (srv, _):
        status, headers, body = get(srv, "/calendar/2026-11.html")
    assert status == 503 and headers["retry-after"] == "30" and b"broken.toml" in body
