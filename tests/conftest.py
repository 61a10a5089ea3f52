"""Fixtures shared by the whole suite: the bundled plans, a fixed today, plan folders in tmp_path."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "plans"
TODAY = date(2026, 11, 24)


@pytest.fixture
def bundled_plans(tmp_path: Path) -> Path:
    """A private copy of the bundled example plans (tests may edit it)."""
    target = tmp_path / "plans"
    shutil.copytree(BUNDLED, target)
    return target


@pytest.fixture
def today() -> date:
    return TODAY
