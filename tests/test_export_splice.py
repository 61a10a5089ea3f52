"""all.ics spliced from the previous one after a post edit: the same bytes as assembling it in full."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from calendar_app import feedcache, feeds
from calendar_app.export import STATE_FILE, export_feeds
from calendar_app.plans import load_plan_strict

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(hours=2)
WINDOW = {"start": date(2026, 10, 25), "end": date(2027, 2, 16)}
TITLE = ("Black Friday : pourquoi nous ne bradons pas nos pièces", "Titre révisé 🎉")


def ics(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.ics"))}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def spliced(monkeypatch) -> list[bool]:
    """One entry per export: whether all.ics was spliced from the previous one."""
    calls: list[bool] = []
    splice = feeds.splice

    def spy(*args):
        data = splice(*args)
        calls.append(data is not None)
        return data

    monkeypatch.setattr(feeds, "splice", spy)
    return calls


def reexport(plans: Path, out: Path) -> dict[str, bytes]:
    """Export into ``out`` and into a copy of it without the cache (every feed assembled in full,
    from the same SEQUENCE record); the two must give the same files."""
    twin = out.with_name(out.name + "-full")
    shutil.rmtree(twin, ignore_errors=True)
    shutil.copytree(out, twin)
    state = json.loads((twin / STATE_FILE).read_text(encoding="utf-8"))
    state.pop("cache")
    (twin / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    plan = load_plan_strict(plans)
    export_feeds(plan, out, now=LATER, **WINDOW)
    export_feeds(plan, twin, now=LATER, **WINDOW)
    assert ics(out) == ics(twin)
    return ics(out)


@pytest.fixture
def out(bundled_plans, tmp_path) -> Path:
    folder = tmp_path / "feeds"
    export_feeds(load_plan_strict(bundled_plans), folder, now=NOW, **WINDOW)
    return folder


def test_a_post_edit_splices_all_ics(bundled_plans, out, spliced):
    before = (out / "all.ics").read_bytes()
    edit(bundled_plans / "instagram.toml", *TITLE)
    after = reexport(bundled_plans, out)
    assert spliced[0] is True  # the incremental export; the twin had no cache
    assert after["all.ics"] != before and TITLE[1].encode("utf-8") in after["all.ics"]
    edit(bundled_plans / "instagram.toml", TITLE[1], "Deuxième titre")  # again, from a spliced all.ics
    reexport(bundled_plans, out)
    assert spliced[2] is True


def test_a_moved_slot_assembles_all_ics_in_full(bundled_plans, out, spliced):
    edit(bundled_plans / "facebook.toml", 'times = ["12:30"]', 'times = ["12:45"]')  # the merge keys change
    reexport(bundled_plans, out)
    assert spliced[0] is False


@pytest.mark.parametrize("damage", ["all.ics edited, mtime put back", "all.ics deleted", "record garbage",
                                    "record of another channel list", "channel feed edited"])
def test_a_damaged_all_ics_or_record_is_assembled_in_full(bundled_plans, out, spliced, damage):
    path = out / "all.ics"
    if damage == "all.ics edited, mtime put back":
        st, data = path.stat(), path.read_bytes()
        with open(path, "r+b") as f:  # same size, same inode
            f.write(data.replace(b"SEQUENCE:0", b"SEQUENCE:7", 1))
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    elif damage == "all.ics deleted":
        path.unlink()
    elif damage == "channel feed edited":  # its old VEVENTs cannot be found in all.ics
        feed = out / "instagram.ics"
        feed.write_bytes(feed.read_bytes().replace(b"SEQUENCE:0", b"SEQUENCE:7"))
    else:
        state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
        record = state["cache"]["feeds"]["all"]
        if damage == "record garbage":
            record["parts"] = [["instagram", 3], "x"]
        else:
            record["parts"] = record["parts"][::-1]
        (out / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    edit(bundled_plans / "instagram.toml", *TITLE)
    after = reexport(bundled_plans, out)
    assert spliced[0] is False
    assert b"SEQUENCE:7" not in after["all.ics"]


def test_a_kept_feed_changed_after_its_check_is_rendered_again(bundled_plans, out, spliced, monkeypatch):
    """A channel feed kept is read only when all.ics is assembled in full; if it changed on disk
    since its stat was checked, that channel is rendered after all."""
    read = feedcache._read_unchanged
    monkeypatch.setattr(feedcache, "_read_unchanged", lambda path, stat: None if path.name == "blog.ics" else read(path, stat))
    edit(bundled_plans / "facebook.toml", 'times = ["12:30"]', 'times = ["12:45"]')  # all.ics in full
    plan = load_plan_strict(bundled_plans)
    twin = out.with_name("twin")
    shutil.copytree(out, twin)
    result = export_feeds(plan, out, now=LATER, **WINDOW)
    assert spliced == [False] and result.reused == 4  # facebook edited, blog unreadable
    assert {p.name for p in result.paths} >= {"blog.ics", "facebook.ics", "all.ics"}
    full = export_feeds(plan, twin, now=LATER, **WINDOW)  # a copy: other stats, every channel rendered
    assert full.reused == 0 and ics(out) == ics(twin)


def test_state_lines_of_unchanged_channels_are_copied(bundled_plans, out):
    from calendar_app.export import _member_lines, state_bytes

    raw = (out / STATE_FILE).read_bytes()
    lines = _member_lines(raw)
    assert {s for s, _ in lines} == {"feeds", "channels"} and ("channels", "instagram") in lines
    edit(bundled_plans / "instagram.toml", *TITLE)
    reexport(bundled_plans, out)  # the same state (as JSON) as a full render's
    new = _member_lines((out / STATE_FILE).read_bytes())
    assert new[("channels", "blog")] == lines[("channels", "blog")]
    assert new[("channels", "instagram")] != lines[("channels", "instagram")]
    # a line is copied only when its member is equal to the one json read from it
    state = json.loads(raw)
    edited = {**state, "channels": {**state["channels"], "blog": "changed"}}
    assert json.loads(state_bytes(edited, state, lines)) == edited
    assert json.loads(state_bytes(state, state, lines)) == state
    assert state_bytes(state, state, lines) == raw


@pytest.mark.parametrize("layout", ["json.dumps", "a member over two lines", "no section end"])
def test_state_in_another_layout_gives_no_lines(out, layout):
    from calendar_app.export import _member_lines

    raw = (out / STATE_FILE).read_bytes()
    if layout == "json.dumps":
        raw = json.dumps(json.loads(raw)).encode()
        assert _member_lines(raw) == {}
        return
    if layout == "a member over two lines":
        raw = raw.replace(b'"blog": {', b'"blog":\n{', 1)
    else:
        raw = raw.replace(b'\n}, "vtimezones"', b'\n, "vtimezones"', 1)
    assert ("channels", "blog") not in _member_lines(raw)


def test_more_channels_rendered_than_splice_max_assembles_in_full(bundled_plans, out, spliced, monkeypatch):
    from calendar_app import feedparts

    monkeypatch.setattr(feedparts, "SPLICE_MAX", 1)
    edit(bundled_plans / "instagram.toml", *TITLE)
    edit(bundled_plans / "blog.toml", "[channel]\n", '[channel]\ndescription = "Le blog"\n')
    reexport(bundled_plans, out)
    assert spliced[0] is False
