"""The incremental layer is deletable: an export with it gives, byte for byte, the files of a full render."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from calendar_app.feeds import folder
from calendar_app.feeds.filter import FeedFilter
from calendar_app.feeds.incremental import export as incremental
from calendar_app.storage.reader import load_plan_strict

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)


def _feeds(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.ics"))}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _steps(plans: Path):
    """(label, filter, edit) for a run of exports: cold, unchanged, edits of every kind, filters."""
    first = next(p for p in sorted(plans.glob("*.toml"))
                 if not p.name.startswith("_") and 'title = "' in p.read_text(encoding="utf-8"))
    yield "cold", FeedFilter(), None
    yield "unchanged", FeedFilter(), None
    yield "post title", FeedFilter(), lambda: _edit(first, 'title = "', 'title = "Édité 🎉 ')
    yield "rule time", FeedFilter(), lambda: _replace_first_time(first)
    yield "one channel", FeedFilter(channels=(first.stem,)), None
    yield "a channel added", FeedFilter(), lambda: shutil.copy(first, plans / "copie.toml")
    yield "a channel removed", FeedFilter(), lambda: (plans / "copie.toml").unlink()
    yield "owner filter", FeedFilter(statuses=("open", "draft")), None
    yield "back to everything", FeedFilter(), None


def _replace_first_time(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    m = re.search(r'times = \[\s*"(\d\d):(\d\d)"', text)
    assert m, path
    hour = (int(m.group(1)) + 1) % 24
    path.write_text(text[:m.start(1)] + f"{hour:02d}" + text[m.end(1):], encoding="utf-8")


@pytest.fixture(params=["bundled", "dst", "agency"])
def plans(request, tmp_path: Path, bundled_plans: Path, dst_plan, agency) -> Path:
    """The example plan, the DST plan and a 12-channel agency set, each in its own folder."""
    if request.param == "bundled":
        return bundled_plans
    if request.param == "agency":
        return agency(tmp_path / "agency", channels=12)
    return dst_plan(tmp_path / "dst")


def test_incremental_export_gives_the_bytes_of_a_full_render(plans: Path, tmp_path: Path):
    kind = plans.name
    full, fast = tmp_path / "full", tmp_path / "fast"
    start, end = date(2026, 10, 1), date(2027, 4, 30)
    reused = 0
    for n, (label, flt, edit) in enumerate(_steps(plans)):
        if edit is not None:
            edit()
        plan = load_plan_strict(plans)
        now = NOW + timedelta(hours=n)
        a = folder.export_feeds(plan, full, start=start, end=end, now=now, filter=flt)
        b = incremental.export_feeds(plan, fast, start=start, end=end, now=now, filter=flt)
        assert _feeds(full) == _feeds(fast), f"{kind}, {label}: the files differ"
        assert (a.events, a.changed) == (b.events, b.changed), label
        assert [p.name for p in a.written] == [p.name for p in b.written], label
        reused += b.reused
    assert reused > 0  # the layer did skip work: the comparison is not between two full renders
