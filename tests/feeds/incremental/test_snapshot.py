"""The plan snapshot `export` keeps: exact round trip, reused only for unchanged files, never hides an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calendar_app.core.errors import PlanErrors
from calendar_app.feeds.incremental import snapshot as plansnapshot
from calendar_app.feeds.incremental.snapshot import (
    SNAPSHOT_FILE,
    decode,
    encode,
    load_for_export,
    write_snapshot,
)
from calendar_app.storage.reader import load_plan


@pytest.fixture
def plans_of_every_shape(tmp_path: Path, example_plans, dst_plan, agency) -> list[Path]:
    """The bundled example, the DST plan with tricky text, an agency plan set."""
    return [example_plans, dst_plan(tmp_path / "dst"), agency(tmp_path / "agency", channels=8, seed=5)]


def test_channels_round_trip_exactly(tmp_path, plans_of_every_shape):
    for folder in plans_of_every_shape:
        for channel in load_plan(folder).plan.channels:
            back = decode(json.loads(json.dumps(encode(channel))))
            assert back == channel and repr(back) == repr(channel)


def test_a_channel_with_ideas_and_effort_round_trips_exactly():
    from datetime import date, datetime, timedelta

    from calendar_app.core.model import Channel, Idea, Post

    channel = Channel(
        id="ig", name="Instagram", timezone="Europe/Paris", effort={"reel": timedelta(hours=3)},
        posts=(Post(at=datetime(2026, 12, 1, 18), title="Émail", effort=timedelta(minutes=45)),),
        ideas=(Idea("Bol à thé 🍵", ("ig",), id="bol", priority=1, effort=timedelta(hours=2),
                    not_before=date(2026, 12, 1), expires=date(2026, 12, 31), source="ig.toml", index=0),),
    )
    back = decode(json.loads(json.dumps(encode(channel))))
    assert back == channel and repr(back) == repr(channel)


def loaded(plans: Path, out: Path, monkeypatch) -> tuple[object, list[str]]:
    """load_for_export, and the channel files it parsed (the others came from the snapshot)."""
    parsed = []
    real = plansnapshot.load_plan

    def spy(folder, known=None):
        result = real(folder, known=known)
        parsed.extend(c.id for c in result.plan.channels if all(ch is not c for ch, _ in (known or {}).values()))
        return result

    monkeypatch.setattr(plansnapshot, "load_plan", spy)
    plan, snapshot = load_for_export(plans, out)
    return plan, snapshot, sorted(parsed)


def test_only_edited_files_are_parsed_and_the_plan_is_the_same(bundled_plans, tmp_path, monkeypatch):
    out = tmp_path / "feeds"
    out.mkdir()
    plan, snapshot, parsed = loaded(bundled_plans, out, monkeypatch)
    assert len(parsed) == 6  # no snapshot yet
    write_snapshot(out, plan, snapshot)
    again, snapshot, parsed = loaded(bundled_plans, out, monkeypatch)
    assert parsed == [] and again == plan == load_plan(bundled_plans).plan
    path = bundled_plans / "blog.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("[channel]\n", '[channel]\nremind = "3h"\n'), encoding="utf-8")
    write_snapshot(out, again, snapshot)
    edited, snapshot, parsed = loaded(bundled_plans, out, monkeypatch)
    assert parsed == ["blog"] and edited == load_plan(bundled_plans).plan
    assert load_plan(bundled_plans).files == snapshot.files  # digests and comment flags too
    # _calendar.toml changes what a channel file means (its zone): nothing is reused
    write_snapshot(out, edited, snapshot)
    calendar = bundled_plans / "_calendar.toml"
    calendar.write_text(calendar.read_text(encoding="utf-8").replace("Europe/Paris", "Europe/Madrid"), encoding="utf-8")
    moved, _, parsed = loaded(bundled_plans, out, monkeypatch)
    assert len(parsed) == 6 and moved.channel("facebook").timezone == "Europe/Madrid"


def test_an_invalid_edit_is_still_reported(bundled_plans, tmp_path, monkeypatch):
    out = tmp_path / "feeds"
    out.mkdir()
    plan, snapshot, _ = loaded(bundled_plans, out, monkeypatch)
    write_snapshot(out, plan, snapshot)
    path = bundled_plans / "facebook.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('days = ["tue", "thu"]', 'days = ["tue", "thurs"]'),
                    encoding="utf-8")
    with pytest.raises(PlanErrors, match=r"facebook.toml: rule\[1\].days\[2\]"):
        load_for_export(bundled_plans, out)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "entry edited", "other code"])
def test_a_damaged_snapshot_means_parsing(bundled_plans, tmp_path, monkeypatch, damage):
    out = tmp_path / "feeds"
    out.mkdir()
    plan, snapshot, _ = loaded(bundled_plans, out, monkeypatch)
    write_snapshot(out, plan, snapshot)
    path = out / SNAPSHOT_FILE
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00{not json")
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "entry edited":  # a channel named otherwise than its file: never taken
        path.write_bytes(data.replace(b'"Instagram"', b'"Instagrum"'))
    else:
        monkeypatch.setattr(plansnapshot, "loader_salt", lambda: "another version")
    again, _, parsed = loaded(bundled_plans, out, monkeypatch)
    assert again == load_plan(bundled_plans).plan
    assert ("instagram" in parsed) and (len(parsed) == 6 or damage in ("truncated", "entry edited"))
