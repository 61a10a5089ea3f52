"""The regularity dashboard driven with the Pilot: facts per channel, problems, Enter returns where to jump."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from textual.widgets import DataTable

from calendar_app.core.recurrence import expand
from calendar_app.core.regularity import badge, check_plan
from calendar_app.storage.reader import load_plan
from calendar_app.ui.screens.dashboard import Dashboard, JumpTarget
from calendar_app.ui.widgets.heat_strip import HeatStrip, heat_glyph, heat_level, heat_text

SIZE = (120, 36)
MONDAY = date(2026, 11, 23)


@pytest.fixture
def plan(bundled_plans):
    return load_plan(bundled_plans).plan


@pytest.fixture
def report(plan, today):
    end = MONDAY + timedelta(weeks=6)
    slots = expand(plan, MONDAY, end)
    return slots, check_plan(plan, slots, MONDAY, end, today=today)


@pytest.fixture
def dashboard_app(screen_host, plan, report, today):
    """``dashboard_app()``: the dashboard of that report, alone in a host app (a new one each call)."""
    slots, checked = report
    return lambda: screen_host(lambda: Dashboard(plan, slots, checked, today))


def cell_texts(table: DataTable, row: int) -> list[str]:
    return [str(getattr(c, "plain", c)) for c in table.get_row_at(row)]


@pytest.mark.asyncio
async def test_dashboard_lists_every_channel_and_every_problem(plan, report, dashboard_app):
    _, checked = report
    app = dashboard_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen_under_test
        channels = screen.query_one("#dash-channels", DataTable)
        assert channels.row_count == len(plan.channels) == len(checked.channels)
        for row, c in enumerate(checked.channels):
            cells = cell_texts(channels, row)
            assert cells[0] == c.name and cells[1] == badge(c) and cells[2] == str(c.slots)
            assert cells[4] == heat_text(c.weeks).plain and len(cells[4]) == 6
        problems = screen.query_one("#dash-problems", DataTable)
        expected = [p for c in checked.channels for p in c.problems] + [p for o in checked.owners for p in o.problems]
        assert expected and problems.row_count == len(expected)
        assert {p.message for p in screen.shown} == {p.message for p in expected}
        stamps = [p.at for p in screen.shown if p.at is not None]
        assert stamps == sorted(stamps)


@pytest.mark.asyncio
async def test_enter_on_a_problem_returns_its_slot(dashboard_app):
    app = dashboard_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen_under_test
        target = next(i for i, p in enumerate(screen.shown) if p.kind == "blackout_post")
        screen.query_one("#dash-problems", DataTable).focus()
        await pilot.press(*["down"] * target, "enter")
        await pilot.pause()
    assert app.result == JumpTarget(date(2026, 12, 25), "instagram", "instagram.post.20261225T1000@calendar-app")


@pytest.mark.asyncio
async def test_enter_on_a_channel_lists_only_its_problems(report, dashboard_app):
    _, checked = report
    app = dashboard_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen_under_test
        row = [c.channel for c in checked.channels].index("facebook")
        await pilot.press(*["down"] * row)
        await pilot.pause()
        assert screen.query_one(HeatStrip).weeks == checked.channels[row].weeks
        await pilot.press("enter")
        await pilot.pause()
        assert screen.only == "facebook"
        assert [p.message for p in screen.shown] == [p.message for p in checked.channels[row].problems]
        assert screen.focused is screen.query_one("#dash-problems", DataTable)
        week = next(p for p in screen.shown if p.kind == "below_target")
        await pilot.press(*["down"] * screen.shown.index(week), "enter")
        await pilot.pause()
    # A week-wide problem has no slot: jump to the week's Monday.
    assert app.result == JumpTarget(date(2026, 12, 21), "facebook", None)


@pytest.mark.asyncio
async def test_a_lists_all_again_and_escape_returns_none(dashboard_app):
    app = dashboard_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen_under_test
        total = len(screen.shown)
        await pilot.press("enter")
        await pilot.pause()
        assert len(screen.shown) < total
        await pilot.press("a")
        await pilot.pause()
        assert len(screen.shown) == total and screen.only is None
        await pilot.press("escape")
        await pilot.pause()
    assert app.dismissed and app.result is None


def test_heat_levels_follow_the_check(report):
    _, checked = report
    blog = next(c for c in checked.channels if c.channel == "blog")
    newsletter = next(c for c in checked.channels if c.channel == "newsletter")
    assert [heat_level(w) for w in newsletter.weeks] == ["none"] * 6
    assert [heat_glyph(w) for w in newsletter.weeks] == ["·", "█", "·", "·", "·", "·"]
    assert [heat_level(w) for w in blog.weeks] == ["met" if not w.below else ("short" if w.count else "empty")
                                                   for w in blog.weeks]
    assert "empty" in {heat_level(w) for w in blog.weeks}


def test_for_window_checks_checks_window_from_today(plan, today):
    screen = Dashboard.for_window(plan, today)
    assert (screen.report.start, screen.report.end) == (today, today + timedelta(weeks=6))
    assert {s.channel for s in screen.slots} == {c.id for c in plan.channels}


def test_snapshot_dashboard(snap_compare, dashboard_app):
    assert snap_compare(dashboard_app(), terminal_size=SIZE)


@pytest.mark.asyncio
async def test_the_dashboard_and_check_share_the_window_today_and_problems(bundled_plans, make_app, settle, capsys):
    # The editor's `r` on today's week and `check` on the same plan and day: one window, one list.
    from calendar_app.cli import main

    today = date(2026, 12, 1)
    with pytest.raises(SystemExit):
        main(["check", "--json", "--plans", str(bundled_plans), "--today", today.isoformat()])
    checked = json.loads(capsys.readouterr().out)
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, Dashboard)
        report = dashboard.report
    assert (report.start.isoformat(), report.end.isoformat()) == (checked["start"], checked["end"]) == (
        "2026-12-01", "2027-01-12")
    shown = sorted((p.kind, p.message, p.at.isoformat() if p.at else None, p.uid) for p in dashboard.problems)
    printed = sorted((p["kind"], p["message"], p["at"], p["uid"])
                     for c in checked["channels"] + checked["owners"] for p in c["problems"])
    assert shown == printed
    kinds = {p[0] for p in shown}
    assert {"missed", "blacked_out", "gap"} <= kinds
