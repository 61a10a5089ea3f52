"""The editor's store without a screen: saves, conflicts and merges, undo, reload, the slot cache."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from calendar_app.core.editing import post_at, update_post
from calendar_app.core.recurrence import expand
from calendar_app.storage.writer import ConflictError
from calendar_app.ui.forms.date_target import parse_target
from calendar_app.ui.session import Session, monday_of

TUESDAY = datetime(2026, 11, 24, 12, 30)


def _retitled(session: Session, title: str):
    fb = session.channel("facebook")
    old = post_at(fb, TUESDAY)
    return update_post(fb, old, replace(old, title=title))


def _title_on_disk(path) -> str:
    posts = tomllib.loads(path.read_text(encoding="utf-8"))["post"]
    return next(p["title"] for p in posts if p["at"] == TUESDAY)


def test_save_writes_and_undo_puts_back(bundled_plans):
    session = Session(bundled_plans)
    path = bundled_plans / "facebook.toml"
    original = tomllib.loads(path.read_text(encoding="utf-8"))
    session.save(_retitled(session, "Nouveau titre"), "retitle")
    assert _title_on_disk(path) == "Nouveau titre"
    assert session.changed_on_disk() == []
    change = session.undo()
    assert change.label == "retitle" and session.undo_stack == []
    assert tomllib.loads(path.read_text(encoding="utf-8")) == original
    assert session.undo() is None


def test_redo_makes_the_undone_edit_again_until_a_new_edit(bundled_plans):
    session = Session(bundled_plans)
    path = bundled_plans / "facebook.toml"
    original = path.read_bytes()
    session.save(_retitled(session, "Nouveau titre"), "retitle")
    edited = path.read_bytes()
    assert session.redo() is None  # nothing undone yet
    session.undo()
    assert path.read_bytes() == original and [c.label for c in session.redo_stack] == ["retitle"]
    assert session.redo().label == "retitle"
    assert path.read_bytes() == edited and _title_on_disk(path) == "Nouveau titre"
    assert [c.label for c in session.undo_stack] == ["retitle"] and session.redo_stack == []
    session.undo()
    session.save(_retitled(session, "Autre titre"), "retitle again")  # a new edit forgets the undone one
    assert session.redo_stack == [] and session.redo() is None
    assert _title_on_disk(path) == "Autre titre"


def test_save_refuses_to_overwrite_an_outside_edit(bundled_plans):
    session = Session(bundled_plans)
    path = bundled_plans / "facebook.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# une note\n", encoding="utf-8")
    theirs = path.read_bytes()
    assert session.changed_on_disk() == ["facebook.toml"]
    with pytest.raises(ConflictError):
        session.save(_retitled(session, "Mine"), "retitle")
    assert path.read_bytes() == theirs and session.undo_stack == []
    session.save(_retitled(session, "Mine"), "retitle", force=True)
    assert _title_on_disk(path) == "Mine"


def test_reload_drops_undo_entries_of_changed_channels(bundled_plans):
    session = Session(bundled_plans)
    session.save(_retitled(session, "Mine"), "retitle")
    news = bundled_plans / "newsletter.toml"
    news.write_text(news.read_text(encoding="utf-8").replace('"Newsletter"', '"La Lettre"'), encoding="utf-8")
    assert session.reload() == ["newsletter"]
    assert session.channel("newsletter").name == "La Lettre"
    assert [c.channel for c in session.undo_stack] == ["facebook"]
    fb = bundled_plans / "facebook.toml"
    fb.write_text(fb.read_text(encoding="utf-8").replace("Mine", "Theirs"), encoding="utf-8")
    assert session.reload() == ["facebook"]
    assert session.undo_stack == []


def test_an_edit_merged_with_an_outside_change_is_saved_and_undone_alone(bundled_plans):
    session = Session(bundled_plans)
    path = bundled_plans / "facebook.toml"
    mine = _retitled(session, "Mine")
    theirs = path.read_text(encoding="utf-8").replace("Album photo : la fournée", "Album (Inès)")
    path.write_text(theirs, encoding="utf-8")
    with pytest.raises(ConflictError):
        session.save(mine, "retitle")
    merged = session.merge_save(mine, "retitle")
    assert merged.clashes == () and session.channel("facebook") == merged.channel
    assert _title_on_disk(path) == "Mine"
    assert "Album (Inès)" in path.read_text(encoding="utf-8")
    assert session.changed_on_disk() == []  # the stamp is the merged file's
    session.undo()  # back to the file as found on disk: their change stays
    assert path.read_text(encoding="utf-8") == theirs


def test_an_outside_change_of_the_same_post_is_not_merged(bundled_plans):
    session = Session(bundled_plans)
    path = bundled_plans / "facebook.toml"
    mine = _retitled(session, "Mine")
    theirs = path.read_text(encoding="utf-8").replace("Rendez-vous au Salon", "RDV au Salon")
    path.write_text(theirs, encoding="utf-8")
    merged = session.merge_save(mine, "retitle")
    assert merged.channel is None and merged.clashes == ("post at 2026-11-24T12:30",)
    assert path.read_text(encoding="utf-8") == theirs and session.undo_stack == []


def test_remove_and_undo_a_channel(bundled_plans):
    session = Session(bundled_plans)
    path = bundled_plans / "blog.toml"
    session.remove("blog", "delete")
    assert not path.exists() and "blog" not in [c.id for c in session.plan.channels]
    session.undo()
    assert path.exists() and session.channel("blog").name == "Blog"


def test_slot_cache_matches_expand_and_follows_edits(bundled_plans):
    session = Session(bundled_plans)
    monday = date(2026, 11, 23)
    for start, days in ((monday, 7), (date(2026, 12, 20), 14), (date(2027, 3, 25), 9)):
        end = start + timedelta(days=days)
        cached = session.slots.slots(session.plan, start, end)
        direct = [s for s in expand(session.plan, start - timedelta(days=1), end + timedelta(days=1))
                  if start <= s.start.date() < end]
        assert [s.uid for s in cached] == [s.uid for s in direct]
    session.save(_retitled(session, "Cache"), "retitle")
    tuesday = [s for s in session.slots.slots(session.plan, monday, monday + timedelta(days=7)) if s.planned == TUESDAY]
    assert tuesday[0].title == "Cache"
    hidden = session.slots.slots(session.plan, monday, monday + timedelta(days=7), frozenset({"facebook"}))
    assert all(s.channel != "facebook" for s in hidden)


def test_monday_of():
    assert monday_of(date(2026, 11, 29)) == date(2026, 11, 23)
    assert monday_of(date(2026, 11, 23)) == date(2026, 11, 23)


def test_go_to_date_understands_relative_and_week_numbers():
    today = date(2026, 11, 24)
    assert parse_target("2026-12-01", today) == date(2026, 12, 1)
    assert parse_target("+2w", today) == date(2026, 12, 8)
    assert parse_target("-3d", today) == date(2026, 11, 21)
    assert parse_target("W05", today) == date(2026, 1, 26)
    assert parse_target("2027-w05", today) == date(2027, 2, 1)
    assert parse_target("demain", today) == date(2026, 11, 25)  # French input too (issue 12)
    assert parse_target("someday", today) is None


def test_slot_cache_never_serves_slots_of_an_older_channel_version(bundled_plans):
    """A worker may fill the cache from the plan as it was; the edited channel still wins."""
    session = Session(bundled_plans)
    old_plan = session.plan
    monday = date(2026, 11, 23)
    session.save(_retitled(session, "Nouveau"), "retitle")
    session.slots.slots(old_plan, monday, monday + timedelta(days=7))  # the late worker
    tuesday = [s for s in session.slots.slots(session.plan, monday, monday + timedelta(days=7)) if s.planned == TUESDAY]
    assert tuesday[0].title == "Nouveau"


def test_slot_cache_keeps_only_recent_blocks(bundled_plans):
    session = Session(bundled_plans)
    for week in range(60):
        first = date(2026, 1, 5) + timedelta(weeks=week)
        session.slots.slots(session.plan, first, first + timedelta(days=7))
    assert len(session.slots._blocks) <= session.slots.MAX_BLOCKS


def test_edit_without_a_plans_folder_exits_2_before_opening_anything(tmp_path, capsys):
    from calendar_app.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--plans", str(tmp_path / "nope"), "--today", "2026-11-24"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'nope'}: no such plans directory; pass --plans DIR" in err
    assert "Traceback" not in err
