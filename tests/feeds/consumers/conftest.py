"""Fixtures of the consumer tests: the readers of every independent consumer, as one namespace."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture(scope="session")
def readers(ics, khal_config, tool) -> ModuleType:
    """The consumers' readers (``readers.py`` beside this file), wired to the suite's helpers."""
    spec = importlib.util.spec_from_file_location("consumer_readers", Path(__file__).parent / "readers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.blocks, module.prop, module.rename_tzids = ics.blocks, ics.prop, ics.rename_tzids
    module.khal_config, module.tool = khal_config, tool
    return module
