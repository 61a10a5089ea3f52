"""Fixtures of the storage tests: plan folders written byte for byte."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def plans_with(tmp_path: Path) -> Callable[[str, bytes], Path]:
    """``plans_with(name, data)``: the folder ``tmp_path / "plans"`` holding one file with exactly these bytes."""

    def make(name: str, data: bytes) -> Path:
        plans = tmp_path / "plans"
        plans.mkdir()
        (plans / name).write_bytes(data)
        return plans

    return make
