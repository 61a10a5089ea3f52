"""Review meetings on their day in ``agenda``, as text and in ``--json``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

REVIEW = '''
[[review]]
title = "Point mensuel 🎉 é"
every = "month"
days = ["1mon"]
time = "10:00"
duration = "1h30m"
'''


def plans(tmp_path: Path, example_plans: Path) -> Path:
    folder = tmp_path / "plans"
    shutil.copytree(example_plans, folder)
    with open(folder / "_calendar.toml", "a", encoding="utf-8") as f:
        f.write(REVIEW)
    return folder


def test_agenda_json_has_the_meeting_among_the_slots(tmp_path, example_plans, cli):
    folder = plans(tmp_path, example_plans)
    result = cli("agenda", "--plans", str(folder), "--json", "--from", "2026-11-02", "--weeks", "1")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    reviews = [i for i in items if i.get("kind") == "review"]
    assert reviews == [{
        "kind": "review", "channel": None, "rule": None, "start": "2026-11-02T10:00:00+01:00",
        "end": "2026-11-02T11:30:00+01:00", "planned": "2026-11-02T10:00",
        "uid": reviews[0]["uid"], "status": None, "title": "Point mensuel 🎉 é"}]
    starts = [i["start"] for i in items]
    assert starts == sorted(starts)  # one zone here: the strings sort like the instants
    only = cli("agenda", "--plans", str(folder), "--json", "--from", "2026-11-02", "--weeks", "1", "--channel", "blog")
    assert all(i.get("kind") != "review" for i in json.loads(only.stdout))


def test_agenda_text_shows_the_meeting_on_its_day(tmp_path, example_plans, cli):
    folder = plans(tmp_path, example_plans)
    result = cli("agenda", "--plans", str(folder), "--from", "2026-11-02", "--weeks", "1", "--lang", "en")
    assert "  10:00  ▣ review: Point mensuel 🎉 é (1h30m)" in result.stdout
    day = result.stdout.split("Monday 02 November 2026")[1].split("Tuesday")[0]
    assert "▣ review: Point mensuel" in day


def test_agenda_text_in_french(tmp_path, example_plans, cli):
    folder = plans(tmp_path, example_plans)
    result = cli("agenda", "--plans", str(folder), "--from", "2026-11-02", "--weeks", "1", "--lang", "fr")
    assert "  10:00  ▣ point d'équipe : Point mensuel 🎉 é (1h30m)" in result.stdout
