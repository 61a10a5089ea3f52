"""Commands import only what they use: a whole `calendar-app` process for `validate`, `agenda --json`
and `check --json` never loads rich, textual or aiohttp, and icalendar only for an .ics import
that is not in the cache yet (a shell pays every import at every run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("rich", "textual", "aiohttp", "icalendar", "recurring_ical_events", "jinja2")

PROBE = """
import json, sys
watched = set(json.loads(sys.argv[2]))
sys.argv = ["calendar-app", *json.loads(sys.argv[1])]
import calendar_app.cli
try:
    calendar_app.cli.main()
except SystemExit as exit:
    code = exit.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & watched)
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def loaded(args: list[str], cache: Path) -> dict:
    """Run the CLI with ``args`` in a fresh interpreter; the heavy packages it imported, and its exit code."""
    env = {**os.environ, "CALENDAR_APP_CACHE": str(cache), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args), json.dumps(HEAVY)], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120, stdin=subprocess.DEVNULL)
    return json.loads(proc.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("command", [
    ["validate"],
    ["agenda", "--json", "--weeks", "8"],
    ["check", "--json", "--weeks", "8"],
])
def test_one_shot_commands_import_no_ui_library(bundled_plans, tmp_path, command):
    args = [*command, "--plans", str(bundled_plans)] + (["--today", "2026-11-24"] if command[0] != "validate" else [])
    first = loaded(args, tmp_path / "cache")
    assert first["code"] in (0, 1)
    # The first run imports the bundled jours-feries.ics (icalendar); nothing drawing text.
    assert first["heavy"] == ["icalendar"]
    again = loaded(args, tmp_path / "cache")
    assert again == {"code": first["code"], "heavy": []}


def test_text_output_still_draws_with_rich(bundled_plans, tmp_path):
    # The probe can see an import: the agenda as text does load rich.
    got = loaded(["agenda", "--plans", str(bundled_plans), "--today", "2026-11-24"], tmp_path / "cache")
    assert got == {"code": 0, "heavy": ["icalendar", "rich"]}
