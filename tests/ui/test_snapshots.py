"""The look of the editor pinned with pytest-textual-snapshot (today fixed at 2026-11-24).

Update after an intended change with ``pytest tests/ui/test_snapshots.py --snapshot-update``
and look at the SVGs in ``tests/ui/__snapshots__/test_snapshots/`` before committing them.
"""

from __future__ import annotations

SIZE = (120, 36)


def test_snapshot_week_view(snap_compare, bundled_plans, today, make_app, settle):
    assert snap_compare(make_app(bundled_plans, today), terminal_size=SIZE, run_before=settle)


def test_snapshot_post_editor(snap_compare, bundled_plans, today, make_app, settle, steady_cursors):
    async def open_wednesday_draft(pilot) -> None:
        await settle(pilot)
        await pilot.press("l", "enter")  # Wednesday's Instagram post, a draft with notes
        await settle(pilot)
        await steady_cursors(pilot)

    assert snap_compare(make_app(bundled_plans, today), terminal_size=SIZE, run_before=open_wednesday_draft)


def test_snapshot_month_view(snap_compare, bundled_plans, today, make_app, settle):
    async def open_month(pilot) -> None:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)

    assert snap_compare(make_app(bundled_plans, today), terminal_size=SIZE, run_before=open_month)
