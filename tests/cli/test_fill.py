"""`calendar-app fill`: the dry run writes nothing, --json, --write edits every file or none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import calendar_app.commands.fill as fill_command
from calendar_app.cli import main

TODAY = "2026-11-24"

INSTAGRAM = """\
# Instagram : le feed
[channel]
name = "Instagram"
timezone = "Europe/Paris"
owner = "Camille"

[[rule]]
id = "feed"
every = "week"
days = ["mon", "wed", "fri"]
times = ["18:00"]
start = 2026-09-07
format = "photo"

[[post]]
at = 2026-11-25T18:00:00
title = "Émaux d'hiver ❄️"
status = "ready"

# Les idées en attente
[[idea]]
title = "Tournage d'un bol 🍵"
notes = "Plan serré sur les mains."

[[idea]]
id = "video"
title = "Une vidéo"
format = "video"
"""

IDEAS = """\
# Idées pour tous les canaux
[[idea]]
id = "four"
title = "Le four à 1 280 °C 🔥"
channels = ["instagram"]
priority = 1
"""


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["fill", *argv])
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "_calendar.toml").write_text('[calendar]\nname = "Atelier"\n', encoding="utf-8")
    (folder / "instagram.toml").write_text(INSTAGRAM, encoding="utf-8")
    (folder / "_ideas.toml").write_text(IDEAS, encoding="utf-8")
    return folder


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_dry_run_lists_the_placements_and_writes_nothing(capsys, plans):
    before = contents(plans)
    code, out, err = run_cli(capsys, "--plans", str(plans), "--today", TODAY)
    assert (code, err) == (0, "")
    assert "2 ideas placed" in out
    assert "Instagram  💡 Le four à 1 280 °C 🔥  [photo · @Camille]" in out
    assert "Une vidéo: no open slot has the format « video »  [format]" in out
    assert "Dry run: nothing was written" in out
    assert contents(plans) == before


def test_json_gives_each_placement_with_its_slot_and_each_idea_left_with_its_reason(capsys, plans):
    code, out, _ = run_cli(capsys, "--plans", str(plans), "--today", TODAY, "--json")
    assert code == 0
    # Wed 25 is taken by a post: the priority-1 idea gets Fri 27, the next one Mon 30.
    assert json.loads(out) == {
        "placements": [
            {"idea": "four", "title": "Le four à 1 280 °C 🔥", "channel": "instagram",
             "start": "2026-11-27T18:00:00+01:00", "uid": "instagram.feed.20261127T1800@calendar-app"},
            {"idea": None, "title": "Tournage d'un bol 🍵", "channel": "instagram",
             "start": "2026-11-30T18:00:00+01:00", "uid": "instagram.feed.20261130T1800@calendar-app"},
        ],
        "unplaced": [{"idea": "video", "title": "Une vidéo", "reason": "format",
                      "message": "no open slot has the format « video »"}],
    }


def test_write_turns_the_ideas_into_posts_and_keeps_the_comments(capsys, plans):
    code, out, err = run_cli(capsys, "--plans", str(plans), "--today", TODAY, "--write")
    assert (code, err) == (0, "")
    assert "Wrote 2 posts with status idea into" in out
    text = (plans / "instagram.toml").read_text(encoding="utf-8")
    assert text.startswith("# Instagram : le feed\n")
    assert '[[post]]\nat = 2026-11-27T18:00:00\ntitle = "Le four à 1 280 °C 🔥"\nstatus = "idea"\n' in text
    assert ('[[post]]\nat = 2026-11-30T18:00:00\ntitle = "Tournage d\'un bol 🍵"\nstatus = "idea"\n'
            'notes = "Plan serré sur les mains."\n') in text
    assert text.count("[[idea]]") == 1 and 'id = "video"' in text
    assert (plans / "_ideas.toml").read_text(encoding="utf-8") == "# Idées pour tous les canaux\n"
    code, out, _ = run_cli(capsys, "--plans", str(plans), "--today", TODAY, "--json")
    assert json.loads(out)["placements"] == []  # nothing left to place: the ideas became posts


def test_write_is_all_or_nothing_when_a_file_changed_on_disk(capsys, plans, monkeypatch):
    real_fill = fill_command.fill
    changed = IDEAS + '\n[[idea]]\ntitle = "Ajoutée pendant ce temps"\nchannels = ["instagram"]\n'

    def fill_then_someone_edits(*args, **kwargs):
        result = real_fill(*args, **kwargs)
        (plans / "_ideas.toml").write_text(changed, encoding="utf-8")  # the second file of the change
        return result

    monkeypatch.setattr(fill_command, "fill", fill_then_someone_edits)
    before = (plans / "instagram.toml").read_bytes()
    code, out, err = run_cli(capsys, "--plans", str(plans), "--today", TODAY, "--write")
    assert code == 2
    assert err == (f"calendar-app fill: {plans / '_ideas.toml'} changed on disk since it was read; "
                   "nothing was written, run the command again\n")
    assert (plans / "instagram.toml").read_bytes() == before
    assert (plans / "_ideas.toml").read_text(encoding="utf-8") == changed


def test_a_bad_idea_is_reported_with_its_file_and_key(capsys, plans):
    (plans / "_ideas.toml").write_text('[[idea]]\ntitle = "x"\nchannels = ["instagam"]\npriority = 7\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "--plans", str(plans), "--today", TODAY)
    assert code == 2
    assert f"{plans / '_ideas.toml'}: idea[1].priority: must be 1 (high) to 5 (low), got 7" in err
    (plans / "_ideas.toml").write_text('[[idea]]\ntitle = "x"\nchannels = ["instagam"]\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "--plans", str(plans), "--today", TODAY)
    assert 'idea[1].channels[1]: "instagam" is not a channel; did you mean "instagram"?' in err
    assert code == 2


def test_fill_takes_the_window_and_channel_options_of_agenda(capsys, plans):
    code, _, err = run_cli(capsys, "--plans", str(plans), "--today", TODAY, "--from", "2026-13-01")
    assert code == 2 and '"2026-13-01" is not a date' in err
    code, out, _ = run_cli(capsys, "--plans", str(plans), "--today", TODAY, "--from", "2026-12-01", "--weeks", "1",
                           "--json")
    assert [p["start"][:10] for p in json.loads(out)["placements"]] == ["2026-12-02", "2026-12-04"]
