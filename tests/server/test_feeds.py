"""The served feeds follow the plan files: edits, broken edits, filters, the index page, tokens."""

from __future__ import annotations

import html
import os
import re
from datetime import timedelta

import icalendar
import pytest

from calendar_app.core.recurrence import expand
from calendar_app.feeds.filter import FeedFilter, feed_window
from calendar_app.files import atomic_write
from calendar_app.server.live import IcsRenderer, LiveFeeds
from calendar_app.storage.reader import load_plan

TOKEN = "Zx8-k2_QmW4rT7uY9pL0aS3d"
OLD_TITLE = "Comment entretenir vos pièces émaillées"


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    atomic_write(path, text.replace(old, new).encode("utf-8"))


def _event(body: bytes, needle: str) -> icalendar.Event:
    cal = icalendar.Calendar.from_ical(body)
    found = [e for e in cal.walk("VEVENT") if needle in str(e.get("SUMMARY"))]
    assert len(found) == 1, needle
    return found[0]


def test_an_edit_on_disk_is_served_on_the_next_request(bundled_plans, serving, get):
    with serving(bundled_plans) as (server, log):
        _, h1, body1 = get(server, "/instagram.ics")
        assert _event(body1, OLD_TITLE)["SEQUENCE"] == 0
        _edit(bundled_plans / "instagram.toml", OLD_TITLE, "Entretenir le grès 🧽")
        status, h2, body2 = get(server, "/instagram.ics", {"If-None-Match": h1["etag"]})
        assert status == 200 and h2["etag"] != h1["etag"]
        event = _event(body2, "Entretenir le grès 🧽")
        assert event["SEQUENCE"] == 1  # the state survives the rebuild, in memory
        assert OLD_TITLE not in body2.decode("utf-8")
        # Feeds that did not change keep their bytes, ETag and Last-Modified.
        _, blog_after, _ = get(server, "/blog.ics")
        assert get(server, "/blog.ics", {"If-None-Match": blog_after["etag"]})[0] == 304


def test_a_new_channel_file_appears_and_a_removed_one_goes(bundled_plans, serving, get):
    with serving(bundled_plans) as (server, _):
        assert get(server, "/tiktok.ics")[0] == 404
        (bundled_plans / "tiktok.toml").write_text(
            '[channel]\nname = "TikTok"\n\n[[rule]]\nid = "clip"\nevery = "week"\ndays = ["tue"]\n'
            'times = ["12:00"]\nstart = 2026-11-01\n', encoding="utf-8")
        status, _, body = get(server, "/tiktok.ics")
        assert status == 200 and b"TikTok" in body
        (bundled_plans / "blog.toml").unlink()
        assert get(server, "/blog.ics")[0] == 404
        assert b"Blog \xc2\xb7" not in get(server, "/all.ics")[2]


def test_an_imported_ics_edit_is_seen(bundled_plans, serving, get):
    with serving(bundled_plans) as (server, _):
        _, h1, body1 = get(server, "/key-dates.ics")
        _edit(bundled_plans / "jours-feries.ics", "SUMMARY:Noël", "SUMMARY:Noël (fermé)")
        _, h2, body2 = get(server, "/key-dates.ics")
        assert h2["etag"] != h1["etag"] and "Noël (fermé)".encode() in body2


def test_a_broken_edit_keeps_the_last_good_feeds(bundled_plans, serving, get):
    with serving(bundled_plans) as (server, log):
        _, good_h, good = get(server, "/all.ics")
        (bundled_plans / "instagram.toml").write_text("[channel\nname = ", encoding="utf-8")
        status, h, body = get(server, "/all.ics")
        assert status == 200 and body == good and h["etag"] == good_h["etag"]
        assert get(server, "/all.ics", {"If-None-Match": good_h["etag"]})[0] == 304
        _, _, page = get(server, "/")
        text = page.decode("utf-8")
        assert "1 problem" in text and "instagram.toml" in text and "invalid TOML" in text
        assert "invalid TOML" in log.getvalue() and "still serving" in log.getvalue()
        # A schema error too: the message names the file and key.
        (bundled_plans / "instagram.toml").write_text(
            '[channel]\nname = "Instagram"\ntimezone = "Europe/Pariss"\n', encoding="utf-8")
        text = get(server, "/")[2].decode("utf-8")
        assert "channel.timezone" in text and get(server, "/all.ics")[2] == good
        # Fixed: new feeds, and the page is clean again.
        (bundled_plans / "instagram.toml").write_text(
            '[channel]\nname = "Instagram"\n\n[[rule]]\nid = "feed"\nevery = "week"\ndays = ["mon"]\n'
            'times = ["18:00"]\nstart = 2026-09-07\n', encoding="utf-8")
        status, h, body = get(server, "/all.ics")
        assert status == 200 and h["etag"] != good_h["etag"]
        assert '<section class="problems">' not in get(server, "/")[2].decode("utf-8")
        assert "valid again" in log.getvalue()


def test_503_only_while_there_never_was_a_valid_plan(tmp_path, serving, get):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "blog.toml").write_text('[channel]\nname = "Blog"\ntimezone = "Mars/Olympus"\n', encoding="utf-8")
    with serving(plans) as (server, _):
        status, headers, body = get(server, "/all.ics")
        assert status == 503 and "Mars/Olympus" in body.decode("utf-8") and headers["retry-after"]
        page = get(server, "/")
        assert page[0] == 200 and "503" in page[2].decode("utf-8") and "Mars/Olympus" in page[2].decode("utf-8")
        (plans / "blog.toml").write_text(
            '[channel]\nname = "Blog"\ntimezone = "Europe/Paris"\n\n[[rule]]\nid = "post"\nevery = "week"\n'
            'days = ["thu"]\ntimes = ["10:00"]\nstart = 2026-09-03\n', encoding="utf-8")
        assert get(server, "/blog.ics")[0] == 200
        (plans / "blog.toml").write_text("broken = [", encoding="utf-8")
        assert get(server, "/blog.ics")[0] == 200  # from now on the last good feed stays


def test_nothing_is_reloaded_while_nothing_changes(bundled_plans, serving, get):
    calls = []

    def loader(path):
        calls.append(path)
        return load_plan(path)

    feeds = LiveFeeds(bundled_plans, loader=loader)
    with serving(bundled_plans, feeds=feeds) as (server, _):
        for _ in range(5):
            assert get(server, "/all.ics")[0] == 200
        assert len(calls) == 1
        path = bundled_plans / "blog.toml"
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
        get(server, "/all.ics")
        assert len(calls) == 2


def test_the_window_rolls_with_the_day_without_rereading_files(bundled_plans, today, serving, get):
    day = [today]
    calls = []

    def loader(path):
        calls.append(path)
        return load_plan(path)

    feeds = LiveFeeds(bundled_plans, loader=loader)
    with serving(bundled_plans, feeds=feeds, today=lambda: day[0]) as (server, _):
        _, h1, body1 = get(server, "/all.ics")
        day[0] = today + timedelta(days=7)
        _, h2, body2 = get(server, "/all.ics")
        assert h1["etag"] != h2["etag"] and len(calls) == 1
        assert feeds.snapshot.window == feed_window(today + timedelta(days=7))


class _Flaky(IcsRenderer):
    """The real renderer, failing on demand (a bug must not take the feeds down)."""

    fail = False

    def render(self, *args, **kwargs):
        if self.fail:
            raise RuntimeError("boom")
        return super().render(*args, **kwargs)


def test_a_failing_build_keeps_the_last_feeds(bundled_plans, serving, get):
    renderer = _Flaky()
    with serving(bundled_plans, feeds=LiveFeeds(bundled_plans, renderer)) as (server, log):
        _, _, good = get(server, "/all.ics")
        renderer.fail = True
        _edit(bundled_plans / "instagram.toml", OLD_TITLE, "Autre titre")
        assert get(server, "/all.ics")[2] == good
        assert "RuntimeError: boom" in get(server, "/")[2].decode("utf-8")


def test_a_crash_in_a_request_is_a_logged_500_and_the_server_goes_on(bundled_plans, get, serving):
    renderer = _Flaky()
    with serving(bundled_plans, feeds=LiveFeeds(bundled_plans, renderer)) as (server, log):
        renderer.fail = True  # the unfiltered feeds are built; a personal feed is rendered on demand
        status, headers, body = get(server, "/all.ics?owner=Camille")
        assert status == 500 and headers["connection"] == "close" and b"boom" not in body
        assert headers["x-content-type-options"] == "nosniff"
        renderer.fail = False
        assert get(server, "/all.ics?owner=Camille")[0] == 200
        for _ in range(300):
            if "RuntimeError: boom" in log.getvalue():
                break
            __import__("time").sleep(0.01)
        assert "internal error" in log.getvalue() and "RuntimeError: boom" in log.getvalue()


# --- filtered feeds ---------------------------------------------------------------------------


def _expected_uids(plans, flt: FeedFilter, today) -> set[str]:
    plan = load_plan(plans).plan
    start, end = feed_window(today)
    return {s.uid for s in expand(plan, start, end) if s.status != "cancelled" and flt.matches(s)}


def _uids(body: bytes) -> set[str]:
    return {str(e["UID"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


@pytest.mark.parametrize("query, flt", [
    ("owner=Camille", FeedFilter(owner="Camille")),
    ("owner=camille", FeedFilter(owner="Camille")),
    ("owner=Ines", FeedFilter(owner="Inès")),  # accents ignored as well as case
    ("owner=IN%C3%88S", FeedFilter(owner="Inès")),
    ("status=draft&status=idea", FeedFilter(statuses=("idea", "draft"))),
    ("status=draft,idea", FeedFilter(statuses=("idea", "draft"))),
    ("owner=Camille&status=open", FeedFilter(owner="Camille", statuses=("open",))),
    ("channel=blog,podcast", FeedFilter(channels=("blog", "podcast"))),
])
def test_filtered_feeds(bundled_plans, query, flt, serving, get, today):
    with serving(bundled_plans) as (server, _):
        status, headers, body = get(server, f"/all.ics?{query}")
        assert status == 200 and headers["content-type"] == "text/calendar; charset=utf-8"
        expected = _expected_uids(bundled_plans, flt, today)
        assert expected and _uids(body) == expected
        assert get(server, f"/all.ics?{query}", {"If-None-Match": headers["etag"]})[0] == 304
        assert headers["etag"] != get(server, "/all.ics")[1]["etag"]


def test_filter_spellings_share_one_feed(bundled_plans, serving, get):
    with serving(bundled_plans) as (server, _):
        tags = {get(server, f"/all.ics?{q}")[1]["etag"]
                for q in ("status=draft,idea", "status=idea&status=draft", "status=idea,draft,idea")}
        assert len(tags) == 1


def test_filtered_feed_follows_edits(bundled_plans, serving, get):
    with serving(bundled_plans) as (server, _):
        _, _, before = get(server, "/all.ics?status=published")
        _edit(bundled_plans / "instagram.toml", 'title = "Comment entretenir vos pièces émaillées"\nstatus = "published"',
              'title = "Comment entretenir vos pièces émaillées"\nstatus = "draft"')
        _, _, after = get(server, "/all.ics?status=published")
        assert len(_uids(after)) == len(_uids(before)) - 1


@pytest.mark.parametrize("query, words", [
    ("status=drafts", ['status "drafts"', 'did you mean "draft"']),
    ("status=", ['status ""']),
    ("status=draft,cancelled", ['status "cancelled"', "never in a feed"]),
    ("owner=Camile", ['owner "Camile"', 'did you mean "Camille"']),
    ("owner=Innes", ['owner "Innes"', 'did you mean "Inès"']),
    ("owner=", ["owner=NAME"]),
    ("owner=Camille&owner=Lucas", ["one non-empty owner"]),
    ("channel=instagramm", ['channel "instagramm"', 'did you mean "instagram"']),
    ("colour=red", ['unknown parameter "colour"']),
])
def test_bad_filters_are_400_with_a_message(bundled_plans, query, words, serving, get):
    with serving(bundled_plans) as (server, _):
        status, headers, body = get(server, f"/all.ics?{query}")
        text = body.decode("utf-8")
        assert status == 400 and headers["content-type"] == "text/plain; charset=utf-8"
        for word in words:
            assert word in text


def test_key_dates_take_no_filter(bundled_plans, serving, get):
    with serving(bundled_plans) as (server, _):
        assert get(server, "/key-dates.ics?owner=Camille")[0] == 400


# --- index page ---------------------------------------------------------------------------------


def test_index_page_lists_every_feed(bundled_plans, serving, get):
    with serving(bundled_plans) as (server, _):
        status, headers, body = get(server, "/", {"Host": "cal.example.org:8443"})
        assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
        text = body.decode("utf-8")
        for name in ("all.ics", "key-dates.ics", "instagram.ics", "podcast.ics"):
            assert f'href="webcal://cal.example.org:8443/{name}"' in text
            assert f'href="http://cal.example.org:8443/{name}"' in text
        assert "Atelier Terre &amp; Feu — calendrier éditorial" in text
        assert "Podcast « Les Mains dans la Terre »" in text
        assert "Regularity" in text and ("✔" in text or "⚠" in text)
        assert "open slot" in text or "[draft]" in text or "[scheduled]" in text
        assert "all.ics?owner=Camille" in text
        https = get(server, "/", {"Host": "cal.example.org", "X-Forwarded-Proto": "https"})[2].decode()
        assert 'href="https://cal.example.org/all.ics"' in https


def test_index_page_escapes_everything(tmp_path, serving, get):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "cafe.toml").write_text(
        '[channel]\nname = "<script>alert(1)</script> & « Café » 🎉"\ntimezone = "Europe/Paris"\n'
        'owner = "<b>Zoé</b>"\n\n[[rule]]\nid = "r"\nevery = "day"\ntimes = ["10:00"]\nstart = 2026-11-01\n\n'
        '[[post]]\nat = 2026-11-25T10:00:00\ntitle = "<img src=x onerror=alert(2)>"\nstatus = "draft"\n',
        encoding="utf-8")
    with serving(plans) as (server, _):
        text = get(server, "/", {"Host": 'attacker"><script>x</script>'})[2].decode("utf-8")
        assert "<script>alert" not in text and "<img" not in text and "<b>Zoé" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; « Café » 🎉" in text
        assert "&lt;img src=x onerror=alert(2)&gt;" in text
        assert "attacker" not in text  # a bad Host header is not echoed; the bound address is used
        assert f"http://127.0.0.1:{server.port}/cafe.ics" in text
        (plans / "cafe.toml").write_text('[channel]\nname = "<i>x</i>"\ntimezone = "Nowhere/<i>"\n', encoding="utf-8")
        text = get(server, "/")[2].decode("utf-8")
        assert '<section class="problems">' in text and "<i>" not in text and html.escape("Nowhere/<i>") in text


# --- token ----------------------------------------------------------------------------------------


@pytest.fixture
def tokened(bundled_plans, serving):
    with serving(bundled_plans, token=TOKEN) as (server, log):
        yield server, log


@pytest.mark.parametrize("path", [
    "/", "/all.ics", "/instagram.ics", f"/{TOKEN[:-1]}/all.ics", f"/{TOKEN}x/all.ics", f"/x{TOKEN}/all.ics",
    f"/{TOKEN[:-1]}Q/all.ics", "/a/all.ics", f"/{TOKEN * 40}/all.ics", f"/{TOKEN.lower()}/all.ics",
    f"/%C3%A9{TOKEN[2:]}/all.ics", f"/{TOKEN}/../all.ics", f"/{TOKEN}/%2e%2e/all.ics", f"//{TOKEN}/all.ics",
    f"/{TOKEN}/{TOKEN}/all.ics", f"/{TOKEN}/nope.ics",
])
def test_token_gates_every_route(tokened, path, get):
    server, _ = tokened
    status, _, body = get(server, path)
    assert status == 404 and b"BEGIN:VCALENDAR" not in body and TOKEN.encode() not in body


def test_token_routes(tokened, get, raw, status_of):
    server, log = tokened
    status, _, body = get(server, f"/{TOKEN}/all.ics")
    assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")
    assert get(server, f"/{TOKEN}/instagram.ics?owner=Camille")[0] == 200
    for index in (f"/{TOKEN}/", f"/{TOKEN}"):
        status, _, page = get(server, index, {"Host": "cal.example.org"})
        assert status == 200 and f"webcal://cal.example.org/{TOKEN}/all.ics" in page.decode()
    reply = raw(server, f"GET /{TOKEN}/all.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    assert status_of(reply) == 200
    get(server, "/")
    # The access log never carries the secret.
    for _ in range(300):
        if log.getvalue().count("\n") >= 6:
            break
        __import__("time").sleep(0.01)
    assert TOKEN not in log.getvalue() and "/<token>/all.ics" in log.getvalue()


def test_the_token_is_not_logged_even_percent_encoded(tokened, get):
    server, log = tokened
    encoded = "".join(f"%{ord(c):02X}" for c in TOKEN[:3]) + TOKEN[3:]
    assert get(server, f"/{encoded}/all.ics", {"Referer": f"https://x.example/{TOKEN}/"})[0] == 200
    lower_hex = "".join(f"%{ord(c):02x}" for c in TOKEN[:3]) + TOKEN[3:]
    assert get(server, f"/{lower_hex}/key-dates.ics")[0] == 200
    for _ in range(300):
        if log.getvalue().count("\n") >= 2:
            break
        __import__("time").sleep(0.01)
    text = log.getvalue()
    assert "/<token>/all.ics" in text and "/<token>/key-dates.ics" in text and "x.example/<token>/" in text
    assert TOKEN not in text and TOKEN[3:] not in text


def test_route_matching_is_pure_string_work(bundled_plans):
    from calendar_app.server.app import FeedServer

    server = FeedServer(LiveFeeds(bundled_plans), token=TOKEN)
    assert server.route(f"/{TOKEN}/all.ics") == "all.ics"
    assert server.route(f"/{TOKEN}/") == "" and server.route(f"/{TOKEN}") == ""
    for path in ("/", "/all.ics", f"/{TOKEN}/..", f"/{TOKEN}/a/b.ics", f"/{TOKEN}%2fall.ics", "/" + "é" * 50):
        assert server.route(path) is None
    plain = FeedServer(LiveFeeds(bundled_plans))
    assert plain.route("/all.ics") == "all.ics" and plain.route("/") == ""
    assert plain.route("/%61ll.ics") == "all.ics"  # an encoded unreserved letter is just that letter
    assert plain.route(f"/{TOKEN}/all.ics") is None


def test_sequence_state_spans_rebuilds_per_event(bundled_plans, serving, get):
    """Two successive edits of one post: SEQUENCE 0 -> 1 -> 2, other events stay at 0."""
    with serving(bundled_plans) as (server, _):
        get(server, "/instagram.ics")
        _edit(bundled_plans / "instagram.toml", OLD_TITLE, "Titre A")
        get(server, "/instagram.ics")
        _edit(bundled_plans / "instagram.toml", "Titre A", "Titre BB")
        body = get(server, "/instagram.ics")[2]
        assert _event(body, "Titre BB")["SEQUENCE"] == 2
        seqs = {int(e["SEQUENCE"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")
                if "Titre BB" not in str(e["SUMMARY"])}
        assert seqs == {0}
        assert re.search(rb"LAST-MODIFIED:\d{8}T\d{6}Z", body)


@pytest.mark.parametrize("old, new, shown", [
    ("BYDAY=-1FR", "BYDAY=99MO", "podcast.toml: rule[1].rrule: BYDAY=99MO: the ordinal must be"),  # was an IndexError
    ('duration = "1h"', 'duration = "1000000000d"', 'podcast.toml: channel.duration: "1000000000d" is longer than'),
    ('max_gap = "6w"', 'max_gap = "999999999999w"', 'podcast.toml: channel.max_gap: "999999999999w" is longer than'),
])
def test_a_hostile_edit_keeps_the_last_good_feeds_and_shows_on_the_index(bundled_plans, serving, get, old, new, shown):
    with serving(bundled_plans) as (server, _log):
        _, good_h, good = get(server, "/all.ics")
        _, _, good_podcast = get(server, "/podcast.ics")
        _edit(bundled_plans / "podcast.toml", old, new)
        for path, body in (("/all.ics", good), ("/podcast.ics", good_podcast)):
            status, h, served = get(server, path)
            assert status == 200 and served == body
        status, _, page = get(server, "/")
        text = html.unescape(page.decode("utf-8"))
        assert status == 200 and shown in text and '<section class="problems">' in page.decode("utf-8")


def test_any_exception_while_reloading_keeps_the_last_good_feeds(bundled_plans, serving, get):
    calls = {"fail": False}

    def loader(plans):
        if calls["fail"]:
            raise RuntimeError("disk on fire")
        return load_plan(plans)

    with serving(bundled_plans, feeds=LiveFeeds(bundled_plans, loader=loader)) as (server, _log):
        _, _, good = get(server, "/all.ics")
        calls["fail"] = True
        _edit(bundled_plans / "instagram.toml", OLD_TITLE, "Autre titre")
        status, _, body = get(server, "/all.ics")
        assert status == 200 and body == good
        page = html.unescape(get(server, "/")[2].decode("utf-8"))
        assert "the plan could not be read (RuntimeError: disk on fire); still serving the last good feeds" in page
        calls["fail"] = False
        _edit(bundled_plans / "instagram.toml", "Autre titre", "Encore un titre")
        assert "Encore un titre" in get(server, "/all.ics")[2].decode("utf-8")
        assert "disk on fire" not in get(server, "/")[2].decode("utf-8")


def test_the_index_page_shows_control_characters_of_a_plan_escaped(bundled_plans, serving, get):
    with serving(bundled_plans) as (server, _log):
        get(server, "/all.ics")
        _edit(bundled_plans / "podcast.toml", 'max_gap = "6w"', 'max_gap = "6w"\nper_week = "\\u001b]0;pwned\\u0007"')
        page = get(server, "/")[2].decode("utf-8")
        assert "\x1b" not in page and "\x07" not in page
        assert "\\x1b]0;pwned\\x07" in html.unescape(page)
