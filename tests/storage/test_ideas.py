"""The backlog's schema: [[idea]] tables, effort per format and [[owner]] hours, every problem with its key."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from calendar_app.storage.reader import load_plan

CHANNEL = """\
[channel]
name = "Instagram"
timezone = "Europe/Paris"
effort = { reel = "2h" }

[[post]]
at = 2026-12-01T18:00:00
title = "Émail"
effort = "1h30m"
"""


def write(folder: Path, **files: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    return [f"{Path(e.path).name}: {e.key}: {e.message}" for e in load_plan(folder).errors]


def test_ideas_effort_and_owners_are_read(tmp_path):
    folder = write(tmp_path / "plans", **{
        "instagram__toml": CHANNEL + '\n[[idea]]\nid = "bol-the"\ntitle = "Bol à thé 🍵"\npriority = 1\n'
                                     'effort = "3h"\nnot_before = 2026-12-01\nexpires = 2026-12-31\n',
        "_calendar__toml": '[calendar]\neffort = { photo = "45m" }\n\n[[owner]]\nname = "Camille"\nhours_week = 12\n',
        "_ideas__toml": '[[idea]]\ntitle = "Partout"\nchannels = ["instagram"]\n',
    })
    result = load_plan(folder)
    assert result.errors == []
    plan = result.plan
    channel = plan.channels[0]
    assert channel.effort == {"reel": timedelta(hours=2)}
    assert channel.posts[0].effort == timedelta(hours=1, minutes=30)
    (idea,) = channel.ideas
    assert (idea.id, idea.title, idea.channels, idea.priority, idea.effort, idea.not_before, idea.expires) == (
        "bol-the", "Bol à thé 🍵", ("instagram",), 1, timedelta(hours=3), date(2026, 12, 1), date(2026, 12, 31))
    assert [(i.title, i.source, i.channels) for i in plan.backlog()] == [
        ("Bol à thé 🍵", "instagram.toml", ("instagram",)), ("Partout", "_ideas.toml", ("instagram",))]
    assert plan.calendar.effort == {"photo": timedelta(minutes=45)}
    assert plan.calendar.hours_week("Camille") == 12.0 and plan.calendar.hours_week("Inès") is None
    assert result.ideas_file is not None and result.ideas_file.path == folder / "_ideas.toml"


def test_every_problem_of_the_backlog_is_reported_with_its_key(tmp_path):
    folder = write(tmp_path / "plans", **{
        "instagram__toml": CHANNEL.replace('"2h"', '"2 heures"') + (
            '\n[[idea]]\ntitle = "a"\nchannels = ["instagram"]\n'
            '\n[[idea]]\nid = "Bol"\ntitle = ""\nefort = "1h"\n'
            '\n[[idea]]\nid = "x"\ntitle = "b"\n\n[[idea]]\nid = "x"\ntitle = "c"\nnot_before = 2027-01-02\n'
            'expires = 2027-01-01\n'),
        "_calendar__toml": '[[owner]]\nname = "Camille"\nhours_week = 0\n\n[[owner]]\nhours_week = 3\n',
        "_ideas__toml": '[[idea]]\ntitle = "Partout"\n',
    })
    assert problems(folder) == [
        "_calendar.toml: owner[1].hours_week: must be more than 0 and at most 168 hours, got 0",
        "_calendar.toml: owner[2].name: is required (as written in the posts' owner, e.g. name = \"Camille\")",
        'instagram.toml: channel.effort.reel: "2 heures" is not a duration; write it like "30m", "1h30m", "2d" or "36h"',
        "instagram.toml: idea[1].channels: an idea in a channel's file is for that channel; "
        "move it to _ideas.toml to offer it to several channels",
        'instagram.toml: idea[2].efort: unknown key; did you mean "effort"?',
        "instagram.toml: idea[2].title: is empty; say what the post is about",
        'instagram.toml: idea[2].id: "Bol" may only use lowercase letters, digits and "-"',
        'instagram.toml: idea[4].id: "x" is already the id of idea[3]; idea ids must be unique',
        "instagram.toml: idea[4].expires: 2027-01-01 is before not_before 2027-01-02",
        "_ideas.toml: idea[1].channels: is required in _ideas.toml: the channels the idea may go to, "
        'e.g. channels = ["instagram"]',
    ]
