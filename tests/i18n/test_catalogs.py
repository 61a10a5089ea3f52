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


def _calls_inside_fstrings(source: str) -> list[int]:
    """Lines where a gettext call sits inside an f-string, where extraction cannot see it."""
    import io
    import re
    import tokenize

    call = re.compile(r"\{[^{}]*\b(?:_|ngettext|pgettext|npgettext)\(")
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING and re.match(r"(?i)[rb]*f", token.string) and call.search(token.string):
            found.append(token.start[0])
    return found


def test_no_message_hides_inside_an_fstring():
    hidden = {
        str(path.relative_to(ROOT)): lines
        for path in sorted((ROOT / "calendar_app").rglob("*.py"))
        if (lines := _calls_inside_fstrings(path.read_text(encoding="utf-8")))
    }
    assert hidden == {}


def test_the_fstring_scan_sees_a_hidden_call():
    assert _calls_inside_fstrings('x = f"<p>{escape(_(\'Hidden\'))}</p>"\n') == [1]
