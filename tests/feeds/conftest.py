"""Fixtures of the feed tests: text that needs every escape, a plan across DST nights, the agency plan set."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

#: Text that needs every TEXT escape, accents, emoji and a newline.
TRICKY = 'Virgule, point-virgule; antislash \\ et "guillemets"\nligne 2 — été 🎉👩🏽‍💻'
#: Long enough to be folded several times, with multi-byte characters around every fold point.
LONG = "Éléphant 🐘 " * 20


@pytest.fixture(scope="session")
def tricky() -> str:
    """Text that needs every TEXT escape, accents, emoji and a newline."""
    return TRICKY


@pytest.fixture(scope="session")
def long_text() -> str:
    """Long enough to be folded several times, with multi-byte characters around every fold point."""
    return LONG


@pytest.fixture(scope="session")
def dst_plan(write_plan) -> Callable[[Path], Path]:
    """``dst_plan(folder)``: Paris and Sydney channels with slots at 02:30 (nonexistent or ambiguous
    on DST nights) and 09:00, tricky text everywhere, a cancelled post, a reminder, and a channel
    with no slot."""

    def write(folder: Path) -> Path:
        calendar = {
            "calendar": {"name": "Agence « Été », test; \\ 🎉", "timezone": "Europe/Paris"},
            "key_date": [
                {"date": date(2026, 10, 30), "title": "Salon, jour 1; \\ 🎪"},
                {"date": date(2026, 12, 24), "end": date(2026, 12, 26), "title": "Fermeture — Noël 🎄",
                 "blackout": True},
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
                    {"id": "monday", "every": "week", "days": ["mon"], "times": ["09:00"],
                     "start": date(2026, 9, 1)},
                ],
            },
            "later": {
                "channel": {"name": "Later", "timezone": "America/New_York", "owner": "Zoé"},
                "rule": [{"id": "x", "every": "week", "times": ["10:00"], "start": date(2030, 1, 7)}],
            },
        }
        return write_plan(folder, calendar, channels)

    return write


@pytest.fixture(scope="session")
def agency() -> Callable[..., Path]:
    """``agency(folder, channels=N, seed=S)``: the agency-scale plan set of the benchmarks
    (bench/agency.py), deterministic for a seed."""
    path = Path(__file__).resolve().parents[2] / "bench" / "agency.py"
    spec = importlib.util.spec_from_file_location("bench_agency", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate
