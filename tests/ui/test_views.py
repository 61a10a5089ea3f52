"""The editor's views driven with the Pilot: week navigation, month, sidebar, errors, export, help, palette."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.command import CommandPalette

from calendar_app.ui.screens.go_to_date import GoToDate
from calendar_app.ui.screens.help import HelpScreen
from calendar_app.ui.screens.load_errors import LoadErrorsScreen
from calendar_app.ui.screens.month import MonthScreen
from calendar_app.ui.screens.week import WeekScreen
from calendar_app.ui.widgets.sidebar import ChannelSidebar

SIZE = (120, 36)

pytestmark = pytest.mark.asyncio


async def test_week_view_opens_on_today_with_key_dates_and_moves(bundled_plans, today, make_app, settle, grid):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.week_screen
        data = grid(app).data
        assert screen.day == today and data.monday == date(2026, 11, 23)
        assert screen.sub_title == "Week 48 · 23 Nov – 29 Nov 2026"
        friday = data.days[4]
        assert [k.title for k in friday.key_dates] == ["Black Friday 🛍️"]
        assert {s.channel for s in friday.slots} == {"instagram", "podcast"}
        first = screen.selected
        assert first.start.date() == today
        await pilot.press("j")
        await pilot.pause()
        assert screen.selected.start.date() == today and screen.selected.start > first.start
        await pilot.press("k", "l")
        await settle(pilot)
        assert screen.day == date(2026, 11, 25)
        assert screen.selected.channel == "instagram"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert (screen.day, grid(app).data.monday) == (date(2026, 12, 2), date(2026, 11, 30))
        assert screen.sub_title.startswith("Week 49")
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert grid(app).data.monday == date(2026, 11, 16)
        await pilot.press("t")
        await settle(pilot)
        assert screen.day == today
        await pilot.press("h", "h")  # Tuesday -> Monday -> Sunday of the week before
        await settle(pilot)
        assert screen.day == date(2026, 11, 22) and grid(app).data.monday == date(2026, 11, 16)


async def test_blackout_days_show_and_have_no_rule_slot(bundled_plans, today, make_app, settle, grid):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.week_screen.show(date(2026, 12, 25))
        await settle(pilot)
        christmas = next(c for c in grid(app).data.days if c.day == date(2026, 12, 25))
        assert christmas.blackout
        # The rule slots are gone, the Christmas post placed by hand stays.
        assert [(s.channel, s.rule) for s in christmas.slots] == [("instagram", None)]


async def test_month_view_counts_and_opens_a_day(bundled_plans, today, make_app, settle, grid):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        month = app.screen
        assert isinstance(month, MonthScreen)
        assert month.sub_title == "November 2026"
        days = {d.day: d for d in month.month_data.days}
        assert min(days) == date(2026, 10, 26) and max(days) == date(2026, 12, 6)  # Monday to Sunday
        friday = days[date(2026, 11, 27)]
        assert dict(friday.per_channel) == {"instagram": 1, "podcast": 1}
        saturday = days[date(2026, 11, 28)]
        assert (dict(saturday.per_channel), saturday.open) == ({"instagram": 1}, 1)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert month.sub_title == "December 2026"
        await pilot.press("j", "l")  # a week later, a day later
        await settle(pilot)
        assert month.day == date(2026, 12, 9)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
        assert app.week_screen.day == date(2026, 12, 9) and grid(app).data.monday == date(2026, 12, 7)


async def test_sidebar_toggles_channels_and_shows_badges(bundled_plans, today, make_app, settle, grid):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.week_screen.query_one(ChannelSidebar)
        assert sidebar.badges["instagram"].startswith("⚠")  # the Wednesday draft is late
        assert sidebar.badges["facebook"].startswith("✔")
        await pilot.press("tab")
        await pilot.pause()
        assert sidebar.has_focus and sidebar.highlighted_channel == "blog"
        await pilot.press("down", "space")  # hide Facebook
        await settle(pilot)
        assert app.week_screen.hidden == frozenset({"facebook"})
        shown = {s.channel for c in grid(app).data.days for s in c.slots}
        assert "facebook" not in shown and "instagram" in shown
        await pilot.press("o")  # only Facebook
        await settle(pilot)
        assert {s.channel for c in grid(app).data.days for s in c.slots} == {"facebook"}
        await pilot.press("a")
        await settle(pilot)
        assert app.week_screen.hidden == frozenset()
        assert set(sidebar.selected) == {c.id for c in app.session.plan.channels}


async def test_invalid_plan_at_start_lists_problems_and_opens_valid_channels(bundled_plans, today, make_app, settle):
    linkedin = bundled_plans / "linkedin.toml"
    linkedin.write_text(linkedin.read_text(encoding="utf-8").replace('days = ["tue"]', 'days = ["tuesday"]'), encoding="utf-8")
    (bundled_plans / "blog.toml").write_text("[channel\nname = 'Blog'\n", encoding="utf-8")
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LoadErrorsScreen)
        assert str(screen.query_one(".dialog-title").render()) == "2 problems in 2 plan files"
        listed = [str(w.render()) for w in screen.query(".load-error")]
        assert any("blog.toml" in text and "line 1" in text and "invalid TOML" in text for text in listed)
        assert any("linkedin.toml" in text and "rule[1].days[1]" in text and "not a weekday" in text for text in listed)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
        assert [c.id for c in app.week_screen.channels] == ["facebook", "instagram", "newsletter", "podcast"]


async def test_export_writes_the_feeds_and_says_where(bundled_plans, today, make_app, settle):
    app = make_app(bundled_plans, today)
    feeds = bundled_plans.parent / "feeds"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
    names = sorted(p.name for p in feeds.glob("*.ics"))
    assert {"all.ics", "instagram.ics", "newsletter.ics"} <= set(names)
    assert b"BEGIN:VCALENDAR" in (feeds / "instagram.ics").read_bytes()
    assert any(str(feeds) in m and "feeds" in m for m in app.said if m.startswith(f"{len(names)} feeds"))


async def test_help_screen_and_go_to_date(bundled_plans, today, make_app, settle, paste, grid):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "g")
        await settle(pilot)
        assert isinstance(app.screen, GoToDate)
        await paste(pilot, "2027-02-14")
        await pilot.press("enter")
        await settle(pilot)
        assert app.week_screen.day == date(2027, 2, 14)
        sunday = grid(app).data.days[6]
        assert [k.title for k in sunday.key_dates] == ["Saint-Valentin ❤️"]


async def test_command_palette_offers_actions_and_channels(bundled_plans, today, make_app, settle, paste):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await paste(pilot, "jump podcast")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
        selected = app.week_screen.selected
        assert selected.channel == "podcast" and selected.planned == datetime(2026, 11, 27, 7, 0)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await paste(pilot, "export feeds")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    assert (bundled_plans.parent / "feeds" / "all.ics").exists()
