"""The session's undo and redo of a campaign file written as bytes: put back exactly, conflict-checked, other files' history kept."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from calendar_app.core.model import Post
from calendar_app.storage.campaign_steps import add_step
from calendar_app.storage.writer import ConflictError
from calendar_app.ui.session import FileEdit, Session
from tests.ui.test_campaigns import CAMPAIGN

KEY = "campaigns/salon-b12"


@pytest.fixture
def session(bundled_plans: Path) -> Session:
    (bundled_plans / "campaigns").mkdir()
    shutil.copy(CAMPAIGN, bundled_plans / "campaigns" / "salon-b12.toml")
    return Session(bundled_plans)


def write_step(session: Session) -> bytes:
    path = session.path_of(KEY)
    before, stamp = add_step(path, {"channel": "blog", "offset": "+1d", "time": "10:00", "title": "Été ☀️"},
                             session.stamps[KEY].digest)
    session.record_file_edit(FileEdit(KEY, before, path.read_bytes(), "added a step"), stamp)
    return before


def test_a_campaign_file_has_a_stamp_and_is_not_seen_as_changed(session):
    assert session.path_of(KEY) == session.plans_dir / "campaigns" / "salon-b12.toml"
    assert KEY in session.stamps
    assert session.changed_on_disk() == []
    session.path_of(KEY).write_text(CAMPAIGN.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert session.changed_on_disk() == ["campaigns/salon-b12.toml"]


def test_undo_and_redo_put_the_bytes_back(session):
    path = session.path_of(KEY)
    before = write_step(session)
    after = path.read_bytes()
    assert session.undo().label == "added a step"
    assert path.read_bytes() == before
    assert session.redo().label == "added a step"
    assert path.read_bytes() == after
    assert session.changed_on_disk() == []


def test_an_outside_change_is_not_overwritten_by_undo(session):
    path = session.path_of(KEY)
    write_step(session)
    changed = path.read_bytes().replace(b"B12", b"B14")
    path.write_bytes(changed)
    with pytest.raises(ConflictError):
        session.undo()
    assert path.read_bytes() == changed
    assert len(session.undo_stack) == 1  # still there: keep mine (force) can undo it
    session.undo(force=True)
    assert b"B12" in path.read_bytes() and "Été ☀️" not in path.read_text(encoding="utf-8")


def test_a_channel_edit_before_stays_undoable(session):
    blog = session.channel("blog")
    post = Post(at=datetime(2026, 12, 17, 10, 0), title="Noël à l'atelier 🎄")
    session.save(replace(blog, posts=(*blog.posts, post)), "added a post")
    write_step(session)
    assert [c.label for c in session.undo_stack] == ["added a post", "added a step"]
    session.undo()
    session.undo()
    assert date(2026, 12, 17) not in {p.at.date() for p in session.channel("blog").posts}
