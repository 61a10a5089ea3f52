"""The message catalogs are in step with the code: every message extracted, translated and compiled."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tool():
    spec = importlib.util.spec_from_file_location("catalogs_tool", ROOT / "tools" / "catalogs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_message_of_the_code_is_in_the_catalogs_translated_and_compiled():
    assert _tool().problems() == []


def test_a_new_untranslated_message_is_caught(tmp_path, monkeypatch):
    tool = _tool()
    package = tmp_path / "calendar_app"
    package.mkdir()
    (package / "probe.py").write_text('from calendar_app.i18n import _\nX = _("A message nobody translated")\n')
    monkeypatch.setattr(tool, "PACKAGE", package)
    found = tool.problems()
    assert any("out of date" in p for p in found), found
