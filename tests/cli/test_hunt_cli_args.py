"""Command lines people mistype: a misspelt command, dates with blanks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "calendar_app", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)


def test_a_misspelt_command_is_named_not_turned_into_the_agenda(tmp_path):
    result = run("agnda", cwd=tmp_path)
    assert result.returncode == 2
    assert "no terminal" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        'calendar-app: error: "agnda" is not a command; did you mean "agenda"? '
        "(commands: edit, validate, agenda, export, check, serve)")


def test_a_date_with_blanks_around_it_is_read(tmp_path):
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    padded = run("agenda", "--json", "--from", " 2026-12-01 ", "--today", "2026-11-24", cwd=tmp_path)
    plain = run("agenda", "--json", "--from", "2026-12-01", "--today", "2026-11-24", cwd=tmp_path)
    assert padded.returncode == 0, padded.stderr
    assert padded.stdout == plain.stdout


def test_a_title_on_two_lines_stays_on_its_agenda_row(tmp_path):
    # Multi-line titles are allowed (the feeds escape them); the agenda keeps one row per slot.
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "x.toml").write_text(
        '[channel]\nname = "Chaîne\\nbis"\ntimezone = "Europe/Paris"\n'
        '[[post]]\nat = 2026-11-26T18:00:00\nstatus = "draft"\ntitle = """ligne 1\nligne 2"""\n', encoding="utf-8")
    result = run("agenda", "--today", "2026-11-24", "--weeks", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "18:00" in line]
    assert len(rows) == 1
    assert "Chaîne bis" in rows[0] and "ligne 1 ligne 2" in rows[0]
