"""`calendar-app export`: files, identity across exports, SEQUENCE bookkeeping, bad input leaves no trace."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import vobject

from calendar_app.cli import main
from calendar_app.feeds.filter import FeedFilter
from calendar_app.feeds.folder import STATE_FILE
from calendar_app.feeds.incremental.export import INDEX_FORMAT, PACK_DIR, export_feeds, read_state
from calendar_app.feeds.incremental.snapshot import SNAPSHOT_FILE
from calendar_app.feeds.sequence import recorded_events
from calendar_app.storage.reader import load_plan_strict

TODAY = ["--today", "2026-11-24"]
FEEDS = ["instagram.ics", "facebook.ics", "linkedin.ics", "blog.ics", "newsletter.ics", "podcast.ics",
         "all.ics", "key-dates.ics", "campaigns.ics"]


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    """The CLI in this process (fast); returns exit code, stdout, stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (the state's packs included), by relative path."""
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # read_text() would turn CRLF into LF


@pytest.fixture(scope="session")
def events(ics):
    """``events(path)``: the VEVENTs of a feed file, as logical lines, by UID."""
    return lambda path: {ics.prop(b, "UID")[0]: b for b in ics.blocks(read(path))}


def set_title(plans: Path, old: str, new: str) -> None:
    path = plans / "instagram.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- what is written ------------------------------------------------------------------------


def test_export_writes_every_feed_and_the_state(bundled_plans, tmp_path, capsys, events):
    out = tmp_path / "feeds"
    code, stdout, stderr = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
    assert (code, stderr) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == sorted([*FEEDS, STATE_FILE, SNAPSHOT_FILE, PACK_DIR])  # no temporary file left
    assert [p.suffix for p in (out / PACK_DIR).iterdir()] == [".pack"]  # one pack of SEQUENCE records, no temporary file
    assert stdout.startswith(f"{out}: 9 feeds for Sun 25 Oct 2026 → Mon 15 Feb 2027, ")
    n_events = len({uid for name in FEEDS for uid in events(out / name)})
    assert f"{n_events} events ({n_events} new or changed), 9 files rewritten." in stdout
    state, status = read_state(out)
    assert status == "ok" and sorted(state["files"]) == sorted(FEEDS)
    assert len(recorded_events(state)) == n_events
    assert {e["sequence"] for e in recorded_events(state).values()} == {0}


def test_default_out_is_feeds_in_the_current_folder(bundled_plans, tmp_path, cli):
    result = cli("export", "--plans", str(bundled_plans), *TODAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "feeds").glob("*.ics")) == sorted(FEEDS)


def test_window_options(bundled_plans, tmp_path, capsys, ics, cli):
    out = tmp_path / "feeds"
    code, stdout, _ = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY,
                               "--past-days", "0", "--weeks", "1")
    assert code == 0 and "for Tue 24 Nov 2026 → Mon 30 Nov 2026" in stdout
    starts = [ics.prop(b, "DTSTART")[0] for b in ics.blocks(read(out / "all.ics"))]
    assert min(starts) >= "20261124" and max(starts) < "20261201"
    code, stdout, _ = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY,
                               "--from", "2026-11-01", "--weeks", "2")
    # --from D --weeks N: N weeks after D, as for agenda (not N weeks after today)
    assert code == 0 and "for Sun 01 Nov 2026 → Sat 14 Nov 2026" in stdout
    assert sorted(ics.prop(b, "UID")[0] for b in ics.blocks(read(out / "all.ics"))) == sorted(
        s["uid"] for s in json.loads(cli("agenda", "--plans", str(bundled_plans), "--json", *TODAY,
                                         "--from", "2026-11-01", "--weeks", "2").stdout)
        if s["status"] != "cancelled")
    # the same words give the same files whatever today is
    again = tmp_path / "later"
    code, stdout, _ = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(again),
                               "--today", "2027-03-01", "--from", "2026-11-01", "--weeks", "2")
    assert code == 0

    def unstamped(folder: Path) -> dict[str, list[str]]:  # the revision time is the export's clock
        return {p.name: [line for line in ics.unfold(read(p)) if not line.startswith(("DTSTAMP:", "LAST-MODIFIED:"))]
                for p in sorted(folder.glob("*.ics"))}
    assert unstamped(again) == unstamped(out)


# --- identity and updates ---------------------------------------------------------------------


def test_second_export_of_an_unchanged_plan_is_byte_identical(bundled_plans, tmp_path, capsys):
    out = tmp_path / "feeds"
    run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
    first = snapshot(out)
    code, stdout, _ = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
    assert code == 0 and "(0 new or changed), 0 files rewritten." in stdout
    assert snapshot(out) == first


def test_uids_are_stable_and_come_from_the_data(bundled_plans, tmp_path, export, events):
    a, b = tmp_path / "a", tmp_path / "b"
    export(bundled_plans, a, *TODAY)
    export(bundled_plans, b, *TODAY)  # fresh folder, no state: only DTSTAMP/LAST-MODIFIED may differ
    for name in FEEDS:
        first, second = events(a / name), events(b / name)
        assert list(first) == list(second)
        strip = lambda lines: [x for x in lines if not x.startswith(("DTSTAMP:", "LAST-MODIFIED:"))]  # noqa: E731
        assert [strip(v) for v in first.values()] == [strip(v) for v in second.values()]
    assert "instagram.feed.20261125T1800@calendar-app" in events(a / "instagram.ics")


def test_bytes_do_not_depend_on_the_tz_variable_nor_the_hash_seed(bundled_plans, tmp_path, export):
    utc, tokyo = tmp_path / "utc", tmp_path / "tokyo"
    export(bundled_plans, utc, *TODAY, env={"TZ": "UTC", "PYTHONHASHSEED": "1"})
    shutil.copytree(utc, tokyo)  # the same state: same revision times
    (tokyo / "all.ics").unlink()
    export(bundled_plans, tokyo, *TODAY, env={"TZ": "Asia/Tokyo", "PYTHONHASHSEED": "2"})
    export(bundled_plans, utc, *TODAY, env={"TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "3"})
    ics = lambda folder: {k: v for k, v in snapshot(folder).items() if k.endswith(".ics")}  # noqa: E731
    assert ics(tokyo) == ics(utc) and len(ics(utc)) == 9
    assert b"DTSTART;TZID=Europe/Paris:20261125T180000\r\n" in (tokyo / "all.ics").read_bytes()


def test_sequence_is_bumped_only_for_the_changed_event(bundled_plans, tmp_path, export, events, ics):
    out = tmp_path / "feeds"
    export(bundled_plans, out, *TODAY)
    before = events(out / "all.ics")
    stamp = ics.prop(next(iter(before.values())), "DTSTAMP")[0]
    set_title(bundled_plans, "Black Friday : pourquoi nous ne bradons pas nos pièces", "Black Friday, autrement")
    # fill an open slot (same UID), add a one-off post, remove one
    path = bundled_plans / "instagram.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('at = 2026-12-03T19:00:00', 'at = 2026-12-03T19:30:00')
    text += '\n[[post]]\nat = 2026-11-28T11:00:00\ntitle = "Reel : le tour du four"\nstatus = "idea"\n'
    path.write_text(text, encoding="utf-8")
    result = export(bundled_plans, out, *TODAY)
    after = events(out / "all.ics")
    changed = {
        "instagram.feed.20261125T1800@calendar-app",  # new title
        "instagram.reel.20261128T1100@calendar-app",  # open slot filled: same UID, new content
        "instagram.post.20261203T1930@calendar-app",  # moved one-off post: a new UID
    }
    assert "instagram.post.20261203T1900@calendar-app" in before
    assert "instagram.post.20261203T1900@calendar-app" not in after  # removed: gone, not CANCELLED
    assert set(after) - set(before) == {"instagram.post.20261203T1930@calendar-app"}
    assert "(3 new or changed)" in result.stdout
    for uid, lines in after.items():
        if uid in changed:
            assert ics.prop(lines, "SEQUENCE") == ["0" if uid not in before else "1"], uid
            assert ics.prop(lines, "DTSTAMP")[0] >= stamp and ics.prop(lines, "LAST-MODIFIED") == ics.prop(lines, "DTSTAMP")
        else:
            assert lines == before[uid], uid  # byte for byte, DTSTAMP and SEQUENCE included
    assert ics.prop(after["instagram.feed.20261125T1800@calendar-app"], "SUMMARY") == ["Instagram · Black Friday\\, autrement"]
    # a second edit of the same event: SEQUENCE 2
    set_title(bundled_plans, "Black Friday, autrement", "Black Friday : autrement")
    export(bundled_plans, out, *TODAY)
    assert ics.prop(events(out / "instagram.ics")["instagram.feed.20261125T1800@calendar-app"], "SEQUENCE") == ["2"]


def test_deleted_or_corrupt_state_starts_over_with_valid_feeds(bundled_plans, tmp_path, capsys, ics):
    out = tmp_path / "feeds"
    run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
    set_title(bundled_plans, "Comment entretenir vos pièces émaillées", "Entretenir ses pièces")
    run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
    assert "SEQUENCE:1" in read(out / "all.ics")
    for damage in ("delete", "corrupt"):
        if damage == "delete":
            (out / STATE_FILE).unlink()
        else:
            (out / STATE_FILE).write_text("{not json", encoding="utf-8")
        code, _, stderr = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
        assert code == 0
        assert ("unreadable" in stderr) == (damage == "corrupt")
        text = read(out / "all.ics")
        assert set(re.findall(r"SEQUENCE:(\d+)", text)) == {"0"}
        assert len(vobject.readOne(text, validate=True).vevent_list) == len(ics.blocks(text))
        assert json.loads((out / STATE_FILE).read_text(encoding="utf-8"))["format"] == INDEX_FORMAT


# --- bad input: exit 2, a clear message, nothing touched ------------------------------------------


def test_failing_export_leaves_previous_feeds_untouched(bundled_plans, tmp_path, capsys):
    out = tmp_path / "feeds"
    run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
    before = snapshot(out)
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    path = bundled_plans / "facebook.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('days = ["tue", "thu"]', 'days = ["tue", "thurs"]'),
                    encoding="utf-8")
    code, stdout, stderr = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
    assert code == 2 and stdout == ""
    assert "facebook.toml: rule[1].days[2]:" in stderr and "nothing was written" in stderr
    assert "Traceback" not in stderr
    assert snapshot(out) == before
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == mtimes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--channel", "instagran"], '--channel "instagran" is not a channel; did you mean "instagram"?'),
        (["--owner", "Camile"], '--owner "Camile" owns nothing in the plan; did you mean "Camille"?'),
        (["--status", "cancelled"], "--status cancelled: cancelled posts are never in a feed"),
        (["--from", "2027-06-01", "--past-days", "3"],
         "--past-days counts back from today, and --from 2027-06-01 already gives the first day; give one of them"),
        (["--weeks", "0"], '"0" is not a whole number of 1 or more'),
        (["--status", "done"], "invalid choice: 'done'"),
    ],
)
def test_bad_arguments_exit_2_and_write_nothing(bundled_plans, tmp_path, capsys, args, message):
    out = tmp_path / "feeds"
    code, stdout, stderr = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY, *args)
    assert code == 2 and stdout == ""
    assert message in stderr
    assert "Traceback" not in stderr
    assert not out.exists()


def test_out_that_is_a_file_is_exit_2(bundled_plans, tmp_path, capsys):
    out = tmp_path / "feeds"
    out.write_text("not a folder", encoding="utf-8")
    code, _, stderr = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
    assert code == 2 and f"cannot write the feeds to {out} (exists and is not a folder)" in stderr
    assert out.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize("name", [PACK_DIR, STATE_FILE])
def test_state_in_the_way_is_exit_2_before_any_write(bundled_plans, tmp_path, capsys, name):
    out = tmp_path / "feeds"
    out.mkdir()
    if name == PACK_DIR:
        (out / name).write_text("not a folder", encoding="utf-8")
        problem = "exists and is not a folder"
    else:
        (out / name).mkdir()
        problem = "is a folder, where the export keeps its state file"
    code, _, stderr = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
    assert code == 2 and f"cannot write the feeds to {out / name} ({problem})" in stderr
    assert sorted(p.name for p in out.iterdir()) == [name]


def test_a_channel_named_like_a_combined_feed_is_refused(bundled_plans, tmp_path, capsys):
    shutil.copy(bundled_plans / "blog.toml", bundled_plans / "all.toml")
    out = tmp_path / "feeds"
    code, _, stderr = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
    assert code == 2
    assert 'channel "all" would write all.ics, the name of the combined feed; rename its plan file' in stderr
    assert not out.exists()


def test_missing_plans_folder_is_exit_2(tmp_path, cli):
    result = cli("export", "--plans", str(tmp_path / "nope"), "--out", str(tmp_path / "feeds"), *TODAY)
    assert result.returncode == 2 and "no such plans directory" in result.stderr
    assert not (tmp_path / "feeds").exists()


# --- filters and stale feeds -------------------------------------------------------------------


def test_channel_filter_writes_those_channels_and_keeps_the_others(bundled_plans, tmp_path, capsys, events):
    out = tmp_path / "feeds"
    run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
    instagram = (out / "instagram.ics").read_bytes()
    code, stdout, _ = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY,
                               "--channel", "blog", "--channel", "podcast")
    assert code == 0 and f"{out}: 5 feeds" in stdout
    assert (out / "instagram.ics").read_bytes() == instagram  # not selected: left alone
    uids = events(out / "all.ics")
    assert uids and {u.split(".")[0] for u in uids} == {"blog", "podcast"}
    state = read_state(out)[0]
    assert "instagram.ics" in state["files"]
    assert any(u.startswith("instagram.") for u in recorded_events(state))  # their revision times are kept


def test_owner_and_status_filters(bundled_plans, tmp_path, capsys, events, ics):
    out = tmp_path / "mine"
    code, _, _ = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY,
                          "--owner", "julien", "--status", "open", "--status", "draft")
    assert code == 0
    found = events(out / "all.ics")
    assert found and {u.split(".")[0] for u in found} <= {"blog", "linkedin", "newsletter"}
    assert all(ics.prop(b, "STATUS") == ["TENTATIVE"] for b in found.values())
    assert "Idées cadeaux faits main" in read(out / "blog.ics")
    assert "(owner julien\\, status open/draft)" in ics.unfold(read(out / "blog.ics"))[4]


def test_feeds_of_removed_channels_are_deleted(bundled_plans, tmp_path, capsys, events):
    out = tmp_path / "feeds"
    run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
    (out / "notes.ics").write_text("someone else's file", encoding="utf-8")
    (bundled_plans / "podcast.toml").unlink()
    code, stdout, _ = run_main(capsys, "export", "--plans", str(bundled_plans), "--out", str(out), *TODAY)
    assert code == 0 and "1 stale feed removed" in stdout
    assert not (out / "podcast.ics").exists()
    assert read(out / "notes.ics") == "someone else's file"  # never ours: kept
    assert not any(u.startswith("podcast.") for u in events(out / "all.ics"))


# --- the API the editor calls ------------------------------------------------------------------


def test_export_feeds_api(tmp_path, example_plans):
    plan = load_plan_strict(example_plans)
    now = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)
    start, end = date(2026, 11, 1), date(2026, 12, 1)
    first = export_feeds(plan, tmp_path / "feeds", start=start, end=end, now=now)
    assert [p.name for p in first.paths] == [f"{c.id}.ics" for c in plan.channels] + ["all.ics", "key-dates.ics", "campaigns.ics"]
    assert first.written == first.paths and first.removed == () and first.state == "missing"
    assert first.changed == first.events > 0
    assert "DTSTAMP:20261124T100000Z" in read(tmp_path / "feeds" / "all.ics")
    again = export_feeds(plan, tmp_path / "feeds", start=start, end=end, now=now + timedelta(hours=1))
    assert again.written == () and again.changed == 0 and again.events == first.events and again.state == "ok"
    assert "DTSTAMP:20261124T110000Z" not in read(tmp_path / "feeds" / "all.ics")
    mine = export_feeds(plan, tmp_path / "feeds", start=start, end=end, now=now, filter=FeedFilter(channels=("blog",)))
    assert [p.name for p in mine.paths] == ["blog.ics", "all.ics", "key-dates.ics", "campaigns.ics"]
    assert [p.name for p in mine.written] == ["all.ics"]
