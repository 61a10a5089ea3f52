"""all.ics spliced from the previous one after a post edit: the same bytes as assembling it in full."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from calendar_app.feeds.folder import STATE_FILE
from calendar_app.feeds.incremental import build as feeds
from calendar_app.feeds.incremental import cache as feedcache
from calendar_app.feeds.incremental.export import INDEX_FORMAT, PACK_DIR, export_feeds, read_state
from calendar_app.feeds.sequence import recorded_events
from calendar_app.storage.reader import load_plan_strict

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(hours=2)
WINDOW = {"start": date(2026, 10, 25), "end": date(2027, 2, 16)}
TITLE = ("Black Friday : pourquoi nous ne bradons pas nos pièces", "Titre révisé 🎉")


def ics_files(folder: Path) -> dict[str, bytes]:
    """The .ics files of an export folder, by name."""
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
    assert ics_files(out) == ics_files(twin)
    return ics_files(out)


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


@pytest.mark.parametrize("copy", ["by the kernel", "refused by the file system", "not available"])
def test_a_spliced_all_ics_is_the_same_however_ranges_are_copied(bundled_plans, out, spliced, monkeypatch, copy):
    calls = []
    real = getattr(os, "copy_file_range", None)

    def copy_file_range(*args):
        calls.append(args)
        if copy == "refused by the file system":
            raise OSError(18, "Invalid cross-device link")
        return real(*args)

    if copy == "not available":
        monkeypatch.delattr(os, "copy_file_range", raising=False)
    elif real is not None:
        monkeypatch.setattr(os, "copy_file_range", copy_file_range)
    edit(bundled_plans / "instagram.toml", *TITLE)
    after = reexport(bundled_plans, out)  # the same bytes as a full render
    assert spliced[0] is True and TITLE[1].encode("utf-8") in after["all.ics"]
    assert bool(calls) == (copy != "not available" and real is not None)


def test_an_edit_that_changes_no_event_rewrites_no_feed(bundled_plans, out, spliced):
    stats = {p.name: p.stat().st_mtime_ns for p in out.glob("*.ics")}
    edit(bundled_plans / "instagram.toml", "per_week = 4", "per_week = 3")  # a regularity target only
    result = export_feeds(load_plan_strict(bundled_plans), out, now=LATER, **WINDOW)
    assert spliced == [True] and result.reused == 5 and result.written == () and result.changed == 0
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.ics")} == stats
    assert reexport(bundled_plans, out) == ics_files(out)  # and a full render agrees


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
    assert full.reused == 0 and ics_files(out) == ics_files(twin)


def index(out: Path) -> dict:
    return json.loads((out / STATE_FILE).read_text(encoding="utf-8"))


def test_only_the_records_of_rendered_channels_are_written(bundled_plans, out):
    first = index(out)
    assert first["format"] == INDEX_FORMAT and len({e["pack"] for e in first["channels"].values()}) == 1
    edit(bundled_plans / "instagram.toml", *TITLE)
    reexport(bundled_plans, out)
    second = index(out)
    assert set(second["channels"]) == set(first["channels"])
    for cid, entry in first["channels"].items():  # instagram's record is a line of a new pack
        assert (second["channels"][cid] == entry) == (cid != "instagram"), cid
    packs = sorted(p.name for p in (out / PACK_DIR).iterdir())
    assert packs == sorted({e["pack"] for e in second["channels"].values()}) and len(packs) == 2
    new_pack = (out / PACK_DIR / second["channels"]["instagram"]["pack"]).read_bytes()
    assert new_pack.count(b"\n") == 1 and TITLE[1].encode("utf-8") not in new_pack  # records hold hashes, not text
    moved = {"start": WINDOW["start"] + timedelta(days=7), "end": WINDOW["end"] + timedelta(days=7)}
    export_feeds(load_plan_strict(bundled_plans), out, now=LATER, **moved)  # every channel rendered again
    assert [p.name for p in (out / PACK_DIR).iterdir()] == [index(out)["channels"]["blog"]["pack"]]  # the others pruned


@pytest.mark.parametrize("damage", ["line edited", "pack deleted", "entry garbage"])
def test_a_damaged_record_starts_its_channel_over(bundled_plans, out, damage):
    uid = "instagram.feed.20261125T1800@calendar-app"
    edit(bundled_plans / "instagram.toml", *TITLE)
    export_feeds(load_plan_strict(bundled_plans), out, now=LATER, **WINDOW)
    expected = f"UID:{uid}\r\nDTSTAMP:20261124T110000Z\r\nLAST-MODIFIED:20261124T110000Z\r\nSEQUENCE:1"
    assert expected in (out / "all.ics").read_bytes().decode()
    state = index(out)
    entry = state["channels"]["instagram"]
    pack = out / PACK_DIR / entry["pack"]
    if damage == "line edited":
        data = bytearray(pack.read_bytes())
        data[entry["at"] + entry["size"] // 2] ^= 1
        pack.write_bytes(bytes(data))
    elif damage == "pack deleted":
        pack.unlink()
    else:
        state["channels"]["instagram"] = {**entry, "at": "0"}
        (out / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    blog = (out / "blog.ics").read_bytes()
    edit(bundled_plans / "instagram.toml", TITLE[1], "Troisième titre")
    result = export_feeds(load_plan_strict(bundled_plans), out, now=LATER + timedelta(hours=1), **WINDOW)
    feed = (out / "instagram.ics").read_bytes().decode()
    assert result.state == "ok" and result.reused == 5 and (out / "blog.ics").read_bytes() == blog
    assert set(re.findall(r"SEQUENCE:(\d+)", feed)) == {"0"}  # started over, still valid
    events = recorded_events(read_state(out)[0])
    assert events[uid]["sequence"] == 0
    blog_events = [e for u, e in events.items() if u.startswith("blog.")]  # the others keep their records
    assert blog_events and {e["revised"] for e in blog_events} == {NOW.strftime("%Y%m%dT%H%M%SZ")}


def test_a_state_with_records_inline_keeps_its_sequence_numbers(bundled_plans, out):
    """The layout before packs (format 2: every record inside .state.json) is read once, then
    written as an index and a pack."""
    uid = "instagram.feed.20261125T1800@calendar-app"
    edit(bundled_plans / "instagram.toml", *TITLE)
    export_feeds(load_plan_strict(bundled_plans), out, now=LATER, **WINDOW)
    inline = read_state(out)[0]
    assert inline["format"] == 2 and isinstance(inline["channels"]["instagram"], str)
    (out / STATE_FILE).write_text(json.dumps(inline), encoding="utf-8")
    shutil.rmtree(out / PACK_DIR)
    edit(bundled_plans / "instagram.toml", TITLE[1], "Troisième titre")
    result = export_feeds(load_plan_strict(bundled_plans), out, now=LATER + timedelta(hours=1), **WINDOW)
    assert result.state == "ok" and result.changed == 1
    assert recorded_events(read_state(out)[0])[uid]["sequence"] == 2
    assert index(out)["format"] == INDEX_FORMAT and len(list((out / PACK_DIR).iterdir())) == 1


def test_more_channels_rendered_than_splice_max_assembles_in_full(bundled_plans, out, spliced, monkeypatch):
    from calendar_app.feeds.incremental import parts as feedparts

    monkeypatch.setattr(feedparts, "SPLICE_MAX", 1)
    edit(bundled_plans / "instagram.toml", *TITLE)
    edit(bundled_plans / "blog.toml", "[channel]\n", '[channel]\ndescription = "Le blog"\n')
    reexport(bundled_plans, out)
    assert spliced[0] is False
