"""Writing the backlog: ideas appended or removed in place (comments kept), a new _ideas.toml, all files or none."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from calendar_app.core.model import Idea
from calendar_app.storage.backlog_write import FileChange, create_ideas_file, ideas_file_text, write_changes
from calendar_app.storage.reader import load_plan
from calendar_app.storage.writer import ConflictError, channel_file_text

CHANNEL = '''# Instagram, à la main.
[channel]
name = "Instagram"
timezone = "Europe/Paris"

# La première idée.
[[idea]]
title = "Émaux d'hiver ❄️"
'''
SHARED = '''# Idées partagées.
[[idea]]
title = "un"
channels = ["insta"]

# Celle-ci reste.
[[idea]]
title = "deux"
channels = ["insta"]
'''


def _plans(tmp_path, shared: str | None = SHARED):
    (tmp_path / "insta.toml").write_text(CHANNEL, encoding="utf-8")
    if shared is not None:
        (tmp_path / "_ideas.toml").write_text(shared, encoding="utf-8")
    return load_plan(tmp_path)


def test_a_new_idea_is_appended_to_the_channel_file_comments_kept(tmp_path):
    result = _plans(tmp_path)
    channel = result.plan.channel("insta")
    new = Idea("Tour de main", ("insta",), effort=timedelta(hours=2), source="insta.toml", index=1)
    text = channel_file_text(replace(channel, ideas=channel.ideas + (new,)), CHANNEL, "insta.toml")
    assert text == CHANNEL + '\n[[idea]]\ntitle = "Tour de main"\neffort = "2h"\n'


def test_removing_the_first_shared_idea_keeps_the_comment_of_the_next(tmp_path):
    plan = _plans(tmp_path).plan
    text = ideas_file_text(SHARED, plan.ideas, plan.ideas[1:])
    assert text == '# Idées partagées.\n\n# Celle-ci reste.\n[[idea]]\ntitle = "deux"\nchannels = ["insta"]\n'


def test_a_new_ideas_file_reads_back_and_is_never_written_over(tmp_path):
    _plans(tmp_path, shared=None)
    ideas = (Idea("Calendrier de l'Avent 🎄", ("insta",), priority=1),)
    create_ideas_file(tmp_path / "_ideas.toml", ideas)
    read = load_plan(tmp_path)
    assert not read.errors
    assert [(i.title, i.priority, i.source) for i in read.plan.ideas] == [("Calendrier de l'Avent 🎄", 1, "_ideas.toml")]
    with pytest.raises(ConflictError):
        create_ideas_file(tmp_path / "_ideas.toml", ideas)


def test_nothing_is_written_when_one_file_changed_on_disk(tmp_path):
    result = _plans(tmp_path)
    plan = result.plan
    channel = plan.channel("insta")
    (tmp_path / "_ideas.toml").write_text(SHARED + "# ailleurs\n", encoding="utf-8")
    with pytest.raises(ConflictError):
        write_changes([FileChange(result.files["insta"], channel=replace(channel, ideas=())),
                       FileChange(result.ideas_file, ideas=plan.ideas[1:], old_ideas=plan.ideas)])
    assert (tmp_path / "insta.toml").read_text(encoding="utf-8") == CHANNEL
