"""Helpers for the feed tests: running the CLI, generated plans, reading iCalendar text by hand."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import tomli_w

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "plans"
BIN = Path(sys.executable).parent

#: Text that needs every TEXT escape, accents, emoji and a newline.
TRICKY = 'Virgule, point-virgule; antislash \\ et "guillemets"\nligne 2 — été 🎉👩🏽‍💻'
#: Long enough to be folded several times, with multi-byte characters around every fold point.
LONG = "Éléphant 🐘 " * 20


def cli(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m calendar_app ARGS`` in a subprocess (for TZ and PYTHONHASHSEED to apply)."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "calendar_app", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def export(plans: Path, out: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    result = cli("export", "--plans", str(plans), "--out", str(out), *args, env=env)
    assert result.returncode == 0, result.stderr
    return result


def agenda_json(plans: Path, *args: str) -> list[dict]:
    result = cli("agenda", "--plans", str(plans), "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def write_plan(folder: Path, calendar: dict | None, channels: dict[str, dict]) -> Path:
    """A plan folder from TOML-shaped dicts: ``{"paris": {"channel": {...}, "rule": [...]}}``."""
    folder.mkdir(parents=True, exist_ok=True)
    if calendar is not None:
        (folder / "_calendar.toml").write_text(tomli_w.dumps(calendar), encoding="utf-8")
    for channel_id, doc in channels.items():
        (folder / f"{channel_id}.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")
    return folder


def dst_plan(folder: Path) -> Path:
    """Paris and Sydney channels with slots at 02:30 (nonexistent or ambiguous on DST nights) and
    09:00, tricky text everywhere, a cancelled post, a reminder, and a channel with no slot."""
    from datetime import date, datetime

    calendar = {
        "calendar": {"name": "Agence « Été », test; \\ 🎉", "timezone": "Europe/Paris"},
        "key_date": [
            {"date": date(2026, 10, 30), "title": "Salon, jour 1; \\ 🎪"},
            {"date": date(2026, 12, 24), "end": date(2026, 12, 26), "title": "Fermeture — Noël 🎄", "blackout": True},
        ],
    }
    channels = {
        "paris": {
            "channel": {"name": "Paris, l'atelier", "timezone": "Europe/Paris", "color": "#E1306C",
                        "owner": "Camille", "duration": "1h", "remind": "1d"},
            "rule": [
                {"id": "nuit", "label": "Nuit; test, \\ 🌙", "every": "day", "times": ["02:30"],
                 "start": date(2026, 9, 1), "pillars": ["a", "b"], "format": "photo"},
                {"id": "matin", "every": "week", "days": ["mon", "wed", "fri"], "times": ["09:00"],
                 "start": date(2026, 9, 1)},
            ],
            "post": [
                {"at": datetime(2026, 10, 25, 2, 30), "title": TRICKY, "status": "draft", "owner": "Zoé",
                 "notes": TRICKY, "link": "https://exemple.fr/café?x=1&y=2"},
                {"at": datetime(2026, 10, 26, 9, 0), "title": LONG, "status": "ready", "pillar": "b"},
                {"at": datetime(2026, 10, 28, 9, 0), "title": "Annulé", "status": "cancelled"},
                {"at": datetime(2027, 3, 28, 2, 45), "title": "Hors règle dans le trou", "status": "scheduled"},
            ],
        },
        "sydney": {
            "channel": {"name": "Sydney", "timezone": "Australia/Sydney", "color": "#00FF7F",
                        "owner": "Ava", "duration": "1h30m"},
            "rule": [
                {"id": "night", "every": "day", "times": ["02:30"], "start": date(2026, 9, 1)},
                {"id": "monday", "every": "week", "days": ["mon"], "times": ["09:00"], "start": date(2026, 9, 1)},
            ],
        },
        "later": {
            "channel": {"name": "Later", "timezone": "America/New_York", "owner": "Zoé"},
            "rule": [{"id": "x", "every": "week", "times": ["10:00"], "start": date(2030, 1, 7)}],
        },
    }
    return write_plan(folder, calendar, channels)


# --- reading iCalendar text -----------------------------------------------------------------


def unfold(text: str) -> list[str]:
    """Logical content lines."""
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def calendar_props(text: str) -> list[str]:
    """Logical lines of the VCALENDAR itself (before its first subcomponent)."""
    out = []
    for line in unfold(text)[1:]:
        if line.startswith("BEGIN:"):
            break
        out.append(line)
    return out


def prop(lines: list[str], name: str) -> list[str]:
    """Values of property ``name`` (with its parameters stripped) among ``lines``."""
    pattern = re.compile(rf"^{re.escape(name)}(?:;[^:]*)?:(.*)$")
    return [m.group(1) for line in lines if (m := pattern.match(line))]


def blocks(text: str, component: str = "VEVENT") -> list[list[str]]:
    """Logical lines of each top-level ``component``."""
    out, current, depth = [], None, 0
    for line in unfold(text):
        if line == f"BEGIN:{component}" and current is None:
            current, depth = [], 0
            continue
        if current is not None:
            if line.startswith("BEGIN:"):
                depth += 1
            elif line == f"END:{component}" and depth == 0:
                out.append(current)
                current = None
                continue
            elif line.startswith("END:"):
                depth -= 1
            current.append(line)
    return out


def rename_tzids(text: str, zones: list[str]) -> str:
    """Every TZID renamed to a name no library knows (fresh each call: vobject and icalendar
    cache zones by TZID), so parsers must use the VTIMEZONE body."""
    for zone in zones:
        new = f"Renamed-{uuid.uuid4().hex}/{zone.replace('/', '-')}"
        text = text.replace(f"TZID:{zone}\r\n", f"TZID:{new}\r\n").replace(f"TZID={zone}:", f"TZID={new}:")
    return text


def khal_config(tmp: Path, calendar_dir: Path, local_zone: str = "Europe/Paris") -> Path:
    """A minimal khal configuration with one calendar folder and its own database."""
    config = tmp / "khal.conf"
    config.write_text(
        "[calendars]\n[[feeds]]\n"
        f"path = {calendar_dir}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        f"local_timezone = {local_zone}\ndefault_timezone = {local_zone}\n"
        f"[sqlite]\npath = {tmp / 'khal.db'}\n",
        encoding="utf-8",
    )
    return config


def tool(name: str) -> str:
    """A console script installed next to this Python (khal, vdirsyncer from the test extra)."""
    path = BIN / name
    assert path.exists(), f"{name} is not installed next to {sys.executable}; pip install -e '.[test]'"
    return str(path)
