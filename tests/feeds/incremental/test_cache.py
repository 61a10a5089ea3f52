"""Incremental export: reusing unchanged channel feeds gives exactly the bytes a full render would."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from calendar_app.core.recurrence import expand
from calendar_app.feeds.filter import FeedFilter
from calendar_app.feeds.folder import STATE_FILE
from calendar_app.feeds.incremental import cache as feedcache
from calendar_app.feeds.incremental.export import export_feeds, read_state
from calendar_app.feeds.sequence import recorded_events
from calendar_app.storage.reader import load_plan_strict

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(hours=2)
WINDOW = {"start": date(2026, 10, 25), "end": date(2027, 2, 16)}
CHANNELS = 6  # the bundled plan's


def ics_files(folder: Path) -> dict[str, bytes]:
    """The .ics files of an export folder, by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.ics"))}


def without_cache(folder: Path) -> Path:
    """A copy of an export folder whose state keeps the SEQUENCE record but no cache: exporting
    into it renders every channel, from the same prior state."""
    twin = folder.with_name(folder.name + "-cold")
    shutil.rmtree(twin, ignore_errors=True)
    shutil.copytree(folder, twin)
    state = json.loads((twin / STATE_FILE).read_text(encoding="utf-8"))
    state.pop("cache", None)
    (twin / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    return twin


def export_both(plans: Path, out: Path, *, now=LATER, filter=FeedFilter(), window=WINDOW):
    """Export the plan into ``out`` (incremental) and into a cache-less twin (cold); check that
    files, counts and SEQUENCE record are the same; return the incremental result."""
    plan = load_plan_strict(plans)
    twin = without_cache(out)
    cold = export_feeds(plan, twin, now=now, filter=filter, **window)
    warm = export_feeds(plan, out, now=now, filter=filter, **window)
    assert cold.reused == 0
    assert ics_files(out) == ics_files(twin)
    assert (warm.events, warm.changed, [p.name for p in warm.paths], [p.name for p in warm.removed]) == (
        cold.events, cold.changed, [p.name for p in cold.paths], [p.name for p in cold.removed])
    # the state as records, not as where they are kept (the twin wrote them all into one pack)
    states = [read_state(f)[0] for f in (out, twin)]
    exported = {p.name.removesuffix(".ics") for p in warm.paths}
    for state in states:  # the stats of the files differ between the two folders; with a --channel
        # filter, the twin has no record to keep for the channels left out
        feeds = state["cache"]["feeds"]
        state["cache"]["feeds"] = {k: {**v, "stat": None} for k, v in feeds.items() if k in exported}
    assert states[0] == states[1]
    return warm


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def out(bundled_plans, tmp_path) -> Path:
    folder = tmp_path / "feeds"
    first = export_feeds(load_plan_strict(bundled_plans), folder, now=NOW, **WINDOW)
    assert first.reused == 0 and first.state == "missing"
    return folder


def test_unchanged_plan_reuses_every_channel(bundled_plans, out):
    before = ics_files(out)
    result = export_both(bundled_plans, out)
    assert result.reused == CHANNELS and result.changed == 0 and result.written == ()
    assert ics_files(out) == before


@pytest.mark.parametrize(
    ("file", "old", "new", "changed_channel"),
    [
        ("instagram.toml", "Black Friday : pourquoi nous ne bradons pas nos pièces", "Black Friday, autrement 🎉",
         "instagram"),
        ("facebook.toml", 'times = ["12:30"]', 'times = ["12:45"]', "facebook"),  # a rule
        ("linkedin.toml", "[channel]\n", '[channel]\ntimezone = "America/Montreal"\n', "linkedin"),  # its zone
        ("blog.toml", "[channel]\n", '[channel]\nremind = "2h"\n', "blog"),
    ],
)
def test_one_channel_edited_is_the_only_one_rendered(bundled_plans, out, file, old, new, changed_channel):
    before = ics_files(out)
    edit(bundled_plans / file, old, new)
    result = export_both(bundled_plans, out)
    assert result.reused == CHANNELS - 1
    assert {p.name for p in result.written} == {f"{changed_channel}.ics", "all.ics"}
    after = ics_files(out)
    assert {n for n in after if after[n] != before[n]} == {f"{changed_channel}.ics", "all.ics"}


def test_a_removed_channel(bundled_plans, out):
    (bundled_plans / "podcast.toml").unlink()
    result = export_both(bundled_plans, out)
    assert result.reused == CHANNELS - 1 and [p.name for p in result.removed] == ["podcast.ics"]
    assert not (out / "podcast.ics").exists()
    assert "podcast" not in json.loads((out / STATE_FILE).read_text(encoding="utf-8"))["cache"]["feeds"]


def test_key_dates_blackouts_and_calendar_settings(bundled_plans, out):
    calendar = bundled_plans / "_calendar.toml"
    edit(calendar, 'title = "Black Friday 🛍️"', 'title = "Black Friday 🛍️ (J-0)"')  # not a blackout
    result = export_both(bundled_plans, out)
    assert result.reused == CHANNELS and {p.name for p in result.written} == {"key-dates.ics"}
    edit(calendar, 'title = "Black Friday 🛍️ (J-0)"', 'title = "Black Friday 🛍️ (J-0)"\nblackout = true')
    assert export_both(bundled_plans, out).reused == 0  # a blackout can remove any channel's slots
    edit(calendar, 'name = "Atelier Terre & Feu', 'name = "Atelier Terre et Feu')  # in every feed's name
    assert export_both(bundled_plans, out).reused == 0
    edit(bundled_plans / "instagram.toml", "[channel]\n", '[channel]\ntimezone = "Europe/Paris"\n')
    assert export_both(bundled_plans, out).reused == CHANNELS - 1  # the same zone, but said in the channel
    edit(calendar, 'timezone = "Europe/Paris"', 'timezone = "Europe/Brussels"')  # the others inherit it
    assert export_both(bundled_plans, out).reused == 1


def test_filters_and_windows_are_part_of_the_fingerprint(bundled_plans, out):
    assert export_both(bundled_plans, out, filter=FeedFilter(owner="Julien", statuses=("open",))).reused == 0
    assert export_both(bundled_plans, out).reused == 0  # back to the full feeds: rendered again
    edit(bundled_plans / "blog.toml", "[channel]\n", '[channel]\ndescription = "Le blog"\n')
    mine = export_both(bundled_plans, out, filter=FeedFilter(channels=("blog", "podcast")))
    assert mine.reused == 1 and [p.name for p in mine.paths] == ["blog.ics", "podcast.ics", "all.ics", "key-dates.ics", "campaigns.ics"]
    assert export_both(bundled_plans, out).reused == CHANNELS  # blog's record was updated by the filtered run
    moved = {"start": WINDOW["start"] + timedelta(days=1), "end": WINDOW["end"] + timedelta(days=1)}
    assert export_both(bundled_plans, out, window=moved).reused == 0  # the rolling window: everything again
    assert export_both(bundled_plans, out, window=moved).reused == CHANNELS


def test_sequence_follows_edits_across_incremental_exports(bundled_plans, out, ics):
    uid = "instagram.feed.20261125T1800@calendar-app"
    for n, (old, new) in enumerate([("Black Friday", "Titre 1"), ("Titre 1", "Titre 2")], start=1):
        edit(bundled_plans / "instagram.toml", f'title = "{old}', f'title = "{new}')
        export_both(bundled_plans, out, now=LATER + timedelta(hours=n))
        event = next(b for b in ics.blocks((out / "instagram.ics").read_bytes().decode()) if f"UID:{uid}" in b)
        assert ics.prop(event, "SEQUENCE") == [str(n)]
        assert ics.prop(event, "DTSTAMP") == [(LATER + timedelta(hours=n)).strftime("%Y%m%dT%H%M%SZ")]
    assert recorded_events(read_state(out)[0])[uid]["sequence"] == 2


@pytest.mark.parametrize("damage", ["state deleted", "state corrupt", "cache garbage", "feed edited", "feed deleted",
                                    "feed edited, mtime put back", "code changed"])
def test_damaged_cache_falls_back_to_rendering(bundled_plans, out, monkeypatch, damage):
    state_path, feed = out / STATE_FILE, out / "blog.ics"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    if damage == "state deleted":
        state_path.unlink()
    elif damage == "state corrupt":
        state_path.write_text("{not json", encoding="utf-8")
    elif damage == "cache garbage":
        feeds = state["cache"]["feeds"]
        feeds["blog"]["count"] = 1  # one event where the feed has many
        feeds["instagram"]["events_at"] = 3
        feeds["facebook"] = {"fingerprint": 5}
        feeds["linkedin"]["stat"] = "?"
        state["cache"]["vtimezones"] = {k: [v[0], "BEGIN:VTIMEZONE\r\nbroken"] for k, v in state["cache"]["vtimezones"].items()}
        state_path.write_text(json.dumps(state), encoding="utf-8")
    elif damage == "feed edited":
        feed.write_bytes(feed.read_bytes().replace(b"SEQUENCE:0", b"SEQUENCE:7"))
    elif damage == "feed deleted":
        feed.unlink()
    elif damage == "feed edited, mtime put back":
        st = feed.stat()
        data = feed.read_bytes()
        with open(feed, "r+b") as f:  # same size, same inode
            f.write(data.replace(b"SEQUENCE:0", b"SEQUENCE:7", 1))
        os.utime(feed, ns=(st.st_atime_ns, st.st_mtime_ns))
    elif damage == "code changed":
        monkeypatch.setattr(feedcache, "code_salt", lambda: "another version")
    plan = load_plan_strict(bundled_plans)
    result = export_feeds(plan, out, now=LATER, **WINDOW)
    fresh = export_feeds(plan, out.with_name("fresh"), now=LATER, **WINDOW)
    if damage.startswith("state"):
        assert result.reused == 0 and ics_files(out) == ics_files(out.with_name("fresh"))  # started over, valid
    else:
        expected = {"cache garbage": CHANNELS - 4, "code changed": 0}.get(damage, CHANNELS - 1)
        assert result.reused == expected
        twin = export_feeds(plan, without_cache(out), now=LATER, **WINDOW)
        assert twin.reused == 0 and ics_files(out) == ics_files(out.with_name("feeds-cold"))
        assert b"SEQUENCE:7" not in feed.read_bytes()
        assert fresh.events == result.events


def test_all_ics_interleaves_channels_in_slot_order_across_zones(tmp_path, agency, ics):
    plans = agency(tmp_path / "plans", channels=12, seed=3)
    window = {"start": date(2026, 10, 20), "end": date(2026, 11, 10)}  # across the October DST changes
    out = tmp_path / "feeds"
    export_feeds(load_plan_strict(plans), out, now=NOW, **window)
    edit(plans / "blog-003.toml", 'title = "Post ', 'title = "Post (revu) ')
    assert export_both(plans, out, window=window).reused == 11
    plan = load_plan_strict(plans)
    uids = [ics.prop(b, "UID")[0] for b in ics.blocks((out / "all.ics").read_bytes().decode())]
    assert uids == [s.uid for s in expand(plan, **window) if s.status != "cancelled"]


def test_dst_plan_with_tricky_text_reexports_identically(tmp_path, dst_plan):
    plans = dst_plan(tmp_path / "plans")
    window = {"start": date(2026, 10, 1), "end": date(2027, 4, 15)}
    out = tmp_path / "feeds"
    export_feeds(load_plan_strict(plans), out, now=NOW, **window)
    edit(plans / "sydney.toml", '"02:30",', '"02:30",\n    "03:30",')
    assert export_both(plans, out, window=window).reused == 2
    assert export_both(plans, out, window=window, filter=FeedFilter(owner="Zoé")).reused == 0
