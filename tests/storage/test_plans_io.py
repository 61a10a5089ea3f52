"""Plan files on disk: loading the bundled example, writing back, atomicity, conflicts, files in odd shapes."""

from __future__ import annotations

import os
import tomllib
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from calendar_app import files as plans_mod
from calendar_app.core.model import Post
from calendar_app.storage.reader import load_plan, load_plan_strict
from calendar_app.storage.schema import read_channel
from calendar_app.storage.writer import ConflictError, channel_to_toml, read_stamp, save_channel

CHANNEL = '[channel]\nname = "Blog"\ntimezone = "Europe/Paris"\n'


def test_bundled_plans_are_valid_and_realistic(bundled_plans: Path):
    plan = load_plan_strict(bundled_plans)
    ids = {c.id for c in plan.channels}
    assert {"instagram", "facebook", "linkedin", "blog", "newsletter", "podcast"} <= ids
    statuses = {p.status for c in plan.channels for p in c.posts}
    assert {"idea", "draft", "ready", "scheduled", "published"} <= statuses
    titles = " ".join(p.title or "" for c in plan.channels for p in c.posts)
    assert "é" in titles and "🎄" in titles
    assert any(k.blackout for k in plan.key_dates)
    assert any(k.source == "jours-feries.ics" and k.title == "Noël (férié)" for k in plan.key_dates)


def test_every_channel_round_trips_through_toml(bundled_plans: Path):
    result = load_plan(bundled_plans)
    for channel in result.plan.channels:
        text = channel_to_toml(channel)
        again, errors = read_channel("x.toml", channel.id, tomllib.loads(text), result.plan.calendar.timezone)
        assert errors == [] and again == channel, channel.id


def test_written_file_is_stable_and_sorted(bundled_plans: Path):
    result = load_plan(bundled_plans)
    insta = result.plan.channel("instagram")
    early = Post(at=datetime(2026, 9, 7, 18, 0), title="Premier post ✨", status="published")
    edited = replace(insta, posts=insta.posts + (early,))
    path = result.files["instagram"].path
    stamp = save_channel(path, edited, result.files["instagram"].digest)
    text = path.read_text(encoding="utf-8")
    doc = tomllib.loads(text)
    assert [p["at"] for p in doc["post"]] == sorted(p["at"] for p in doc["post"])
    assert doc["post"][0]["title"] == "Premier post ✨"
    assert list(doc) == ["channel", "rule", "post"]
    assert stamp == read_stamp(path) or stamp.digest == read_stamp(path).digest
    # Writing the same channel again gives the same bytes (small git diffs).
    save_channel(path, load_plan(bundled_plans).plan.channel("instagram"), stamp.digest)
    assert path.read_text(encoding="utf-8") == text


def test_conflicting_edit_on_disk_is_not_overwritten(bundled_plans: Path):
    result = load_plan(bundled_plans)
    path = result.files["blog"].path
    outside = path.read_bytes() + b'\n[[post]]\nat = 2027-01-07T10:00:00\ntitle = "Ajout ailleurs"\n'
    path.write_bytes(outside)
    with pytest.raises(ConflictError) as info:
        save_channel(path, result.plan.channel("blog"), result.files["blog"].digest)
    assert "changed on disk since it was read" in str(info.value)
    assert path.read_bytes() == outside


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch):
    target = tmp_path / "blog.toml"
    target.write_bytes(b"old")

    def boom(fd):
        raise OSError("disk full")

    monkeypatch.setattr(plans_mod.os, "fsync", boom)
    with pytest.raises(OSError):
        plans_mod.atomic_write(target, b"new content")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["blog.toml"]  # no temp file left behind


def test_comments_are_detected_before_a_rewrite(bundled_plans: Path):
    files = load_plan(bundled_plans).files
    assert files["instagram"].has_comments is True
    assert files["blog"].has_comments is False


def test_default_timezone_comes_from_the_calendar_and_is_not_written_back(bundled_plans: Path):
    blog = load_plan_strict(bundled_plans).channel("blog")
    assert blog.timezone == "Europe/Paris" and blog.timezone_from_calendar
    assert "timezone" not in tomllib.loads(channel_to_toml(blog))["channel"]


def test_files_are_read_as_utf8_whatever_the_locale(bundled_plans: Path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("PYTHONIOENCODING", "ascii")
    plan = load_plan_strict(bundled_plans)
    assert any("🎄" in (p.title or "") for p in plan.channel("instagram").posts)
    assert os.environ["LC_ALL"] == "C"


def test_saving_an_unchanged_hand_written_file_changes_no_byte(bundled_plans: Path):
    result = load_plan(bundled_plans)
    for channel_id in ("blog", "facebook", "linkedin", "newsletter", "podcast", "instagram"):
        stamp = result.files[channel_id]
        before = stamp.path.read_bytes()  # instagram's header comment included
        save_channel(stamp.path, result.plan.channel(channel_id), stamp.digest)
        assert stamp.path.read_bytes() == before, channel_id


def test_written_style_matches_hand_written_toml(bundled_plans: Path):
    text = channel_to_toml(load_plan_strict(bundled_plans).channel("instagram"))
    assert 'days = ["mon", "wed", "fri"]' in text
    assert "at = 2026-11-25T18:00:00" in text
    assert 'notes = """Ton posé, pas de promo agressive.\nRappeler' in text  # multi-line notes stay readable
    assert "pillar_share = { coulisses = 0.4, produit = 0.3, conseils = 0.3 }" in text


@pytest.mark.parametrize("text, minutes, written", [
    ("30m", 30, "30m"), ("1h30m", 90, "1h30m"), ("36h", 2160, "1d12h"), ("3d", 4320, "3d"),
    ("2w", 20160, "14d"), ("5w", 50400, "5w"), ("1d30m", 1470, "1d30m"),
])
def test_durations_parse_and_format(text, minutes, written):
    from calendar_app.storage.values import format_duration, parse_duration

    assert parse_duration(text).total_seconds() == minutes * 60
    assert format_duration(parse_duration(text)) == written
    assert parse_duration(written) == parse_duration(text)


# --- files in odd shapes: a BOM, pipes, broken and looping links ---------------------------------

def test_a_utf8_bom_is_accepted(plans_with):
    # Windows Notepad saves "UTF-8" with a byte order mark; tomllib alone says "Invalid statement".
    result = load_plan(plans_with("blog.toml", b"\xef\xbb\xbf" + CHANNEL.encode()))
    assert result.errors == []
    assert [c.name for c in result.plan.channels] == ["Blog"]


def test_a_named_pipe_is_reported_not_waited_on(plans_with):
    plans = plans_with("blog.toml", CHANNEL.encode())
    os.mkfifo(plans / "pipe.toml")
    (plans / "_calendar.toml").write_text('[calendar]\nics = ["feed.ics"]\n', encoding="utf-8")
    os.mkfifo(plans / "feed.ics")
    result = load_plan(plans)  # used to block forever on open()
    assert sorted((Path(e.path).name, e.key) for e in result.errors) == [
        ("_calendar.toml", "calendar.ics[1]"), ("pipe.toml", "")]
    assert all("not a regular file" in e.message for e in result.errors)


def test_a_broken_calendar_link_is_named(tmp_path, plans_with):
    plans = plans_with("blog.toml", CHANNEL.encode())
    (plans / "_calendar.toml").symlink_to(tmp_path / "gone.toml")
    result = load_plan(plans)
    assert [(Path(e.path).name, e.message) for e in result.errors] == [
        ("_calendar.toml", f"cannot read the file (a symbolic link to {tmp_path / 'gone.toml'}, which does not exist)")]


def test_a_symlink_loop_is_named(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "x.toml").symlink_to("x.toml")
    assert [e.message for e in load_plan(plans).errors] == ["cannot read the file (Too many levels of symbolic links)"]
