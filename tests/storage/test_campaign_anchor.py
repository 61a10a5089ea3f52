"""Moving a campaign's anchor rewrites only its line: the comment, a date-time's time and every other byte kept."""

from __future__ import annotations

from datetime import date

import pytest

from calendar_app.storage.campaign_anchor import anchor_moved, move_anchor
from calendar_app.storage.reader import digest
from calendar_app.storage.writer import ConflictError

TEXT = '# Salon é 🎉\n[campaign]\nname = "Salon"\nanchor = 2026-12-04   # ouverture\n\n[[step]]\noffset = "-7d"\n'


def test_only_the_anchor_line_changes():
    assert anchor_moved(TEXT, date(2026, 12, 18)) == TEXT.replace("2026-12-04", "2026-12-18")
    assert anchor_moved("anchor = 2026-12-04T09:30:00\n", date(2027, 1, 2)) == "anchor = 2027-01-02T09:30:00\n"


def test_move_anchor_writes_and_refuses_a_file_changed_meanwhile(tmp_path):
    path = tmp_path / "salon.toml"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(ConflictError):
        move_anchor(path, date(2026, 12, 18), digest(b"something else"))
    assert path.read_text(encoding="utf-8") == TEXT
    assert move_anchor(path, date(2026, 12, 18), digest(TEXT.encode("utf-8"))) == TEXT.encode("utf-8")
    assert path.read_text(encoding="utf-8") == TEXT.replace("2026-12-04", "2026-12-18")
    assert [p.name for p in tmp_path.iterdir()] == ["salon.toml"]  # no temporary file left
