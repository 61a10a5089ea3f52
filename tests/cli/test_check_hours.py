"""`calendar-app check` with effort and [[owner]] hours: the hours table and over_capacity."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from calendar_app.cli import main

CALENDAR = """\
[calendar]
name = "Atelier"
timezone = "Europe/Paris"
effort = { reel = "3h", photo = "45m" }

[[owner]]
name = "Camille"
hours_week = 5
"""

CHANNEL = """\
[channel]
name = "Instagram"
owner = "Camille"

[[post]]
at = 2026-11-24T18:00:00
title = "Reel 1"
status = "draft"
format = "reel"

[[post]]
at = 2026-11-26T18:00:00
title = "Reel 2"
status = "draft"
format = "reel"

[[post]]
at = 2026-12-01T18:00:00
title = "Photo"
status = "draft"
format = "photo"
"""


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "_calendar.toml").write_text(CALENDAR, encoding="utf-8")
    (folder / "instagram.toml").write_text(CHANNEL, encoding="utf-8")
    return folder


def check(capsys, *argv) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--today", "2026-11-23", "--weeks", "2", *argv])
    return exit_info.value.code, capsys.readouterr().out


def test_the_hours_of_each_owner_week_and_the_week_over_capacity(capsys, plans):
    code, out = check(capsys, "--plans", str(plans))
    assert code == 1
    assert re.search(r"\nCamille +6h 0h45 +5h\n", out)  # two reels in W48, a photo in W49; hours_week 5h
    assert "⏳ Camille has 6h of work in 2026-W48" in out and "[over_capacity]" in out


def test_the_json_gives_hours_and_hours_week_per_owner_week(capsys, plans):
    code, out = check(capsys, "--plans", str(plans), "--json")
    owner = json.loads(out)["owners"][0]
    assert code == 1
    assert [(w["week"], w["hours"], w["hours_week"]) for w in owner["weeks"]] == [
        ("2026-W48", 6.0, 5.0), ("2026-W49", 0.75, 5.0)]
    assert [p["kind"] for p in owner["problems"]] == ["over_capacity"]
