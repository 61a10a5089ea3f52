"""Command lines people mistype: a misspelt command, dates with blanks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


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
