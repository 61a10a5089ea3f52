"""The editor opening the channel editor, wizard, dashboard and delete confirmation, and saving what they return."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.app import App
from textual.widgets import DataTable

from calendar_app.storage.reader import load_plan
from calendar_app.ui.app import CalendarApp
from calendar_app.ui.screens.confirm import ConfirmScreen
from calendar_app.ui.screens.dashboard import Dashboard
from calendar_app.ui.screens.effective_date import EffectiveDate
from calendar_app.ui.screens.rule_editor import ChannelEditor
from calendar_app.ui.screens.week import WeekScreen
from calendar_app.ui.session import Session
from calendar_app.ui.widgets.sidebar import ChannelSidebar

SIZE = (120, 36)

pytestmark = pytest.mark.asyncio


async def test_e_edits_the_newsletter_rule_to_the_second_tuesday(bundled_plans, today, make_app, settle, go_to_slot,
                                                                 paste_into, read_toml, grid):
    path = bundled_plans / "newsletter.toml"
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await go_to_slot(pilot, date(2026, 12, 1), "newsletter", 9)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ChannelEditor)
        await paste_into(pilot, "#rule-days", "2tue")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # A new timing asks from when; Enter takes the default, tomorrow (no published letter).
        assert isinstance(app.screen, EffectiveDate)
        assert app.screen.query_one("#effective-day").value == "2026-11-25"
        await pilot.press("enter")
        await settle(pilot)
        assert app.week_screen.day == date(2026, 12, 1)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        tuesday = next(c for c in grid(app).data.days if c.day == date(2026, 12, 8))
        assert [(s.channel, s.rule) for s in tuesday.slots if s.channel == "newsletter"] == [
            ("newsletter", "mensuelle-2026-11-25")]
    old, new = read_toml(path)["rule"]
    assert (old["id"], old["days"], old["end"]) == ("mensuelle", ["1tue"], date(2026, 11, 24))
    assert (new["id"], new["days"], new["start"]) == ("mensuelle-2026-11-25", ["2tue"], date(2026, 11, 25))
    # The December letter stays where it was, now a one-off post keeping its slot's format.
    [letter] = read_toml(path)["post"]
    assert (letter["at"], letter["format"]) == (datetime(2026, 12, 1, 9, 0), "newsletter")


async def test_c_creates_a_channel_file(bundled_plans, today, make_app, settle, paste, read_toml):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await paste(pilot, "TikTok Atelier")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "tiktok-atelier" in [c.id for c in app.week_screen.channels]
        assert app.week_screen.selected.channel == "tiktok-atelier"
    assert read_toml(bundled_plans / "tiktok-atelier.toml")["channel"]["name"] == "TikTok Atelier"


async def test_r_opens_the_dashboard_and_enter_jumps_to_the_slot(bundled_plans, today, make_app, settle):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, Dashboard)
        target = next(i for i, p in enumerate(dashboard.shown) if p.kind == "blackout_post")
        dashboard.query_one("#dash-problems", DataTable).focus()
        await pilot.press(*["down"] * target, "enter")
        await settle(pilot)
        assert app.week_screen.day == date(2026, 12, 25)
        assert app.week_screen.selected.uid == "instagram.post.20261225T1000@calendar-app"


async def test_delete_in_the_sidebar_removes_the_channel_after_confirmation_and_u_restores_it(bundled_plans, today,
                                                                                              make_app, settle):
    path = bundled_plans / "podcast.toml"
    before = load_plan(bundled_plans).plan.channel("podcast")
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.week_screen.query_one(ChannelSidebar)
        sidebar.focus()
        sidebar.highlight_channel("podcast")
        await pilot.pause()
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert path.exists()
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not path.exists()
        assert "podcast" not in [c.id for c in app.week_screen.channels]
        await pilot.press("u")
        await settle(pilot)
        assert "podcast" in [c.id for c in app.week_screen.channels]
        await pilot.press("U")  # redo: deleted again
        await settle(pilot)
        assert not path.exists() and "podcast" not in [c.id for c in app.week_screen.channels]
        await pilot.press("u")
        await settle(pilot)
    assert load_plan(bundled_plans).plan.channel("podcast") == before  # same data ("6w" is written "42d")


class ListeningHost(App):
    """The week screen alone, in an app that only writes down what the screen says."""

    CSS_PATH = CalendarApp.CSS_PATH

    def __init__(self, plans, today) -> None:
        super().__init__()
        self.session = Session(plans)
        self.today = today
        self.heard: list = []

    def get_default_screen(self) -> WeekScreen:
        return WeekScreen(self.session, self.today)

    def on_week_screen_slot_chosen(self, message) -> None:
        self.heard.append(message)

    on_week_screen_new_post_chosen = on_week_screen_channel_edit_chosen = on_week_screen_slot_chosen
    on_week_screen_month_chosen = on_week_screen_dashboard_chosen = on_week_screen_slot_chosen
    on_week_screen_new_channel_chosen = on_week_screen_slot_chosen


async def test_the_week_screen_says_what_was_chosen_and_opens_nothing_itself(bundled_plans, today, settle):
    app = ListeningHost(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "n", "e", "c", "m", "r")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)  # no form opened: the app decides
        selected = app.screen.selected
        chosen, new_post, edit, new_channel, month, dashboard = app.heard
    assert type(chosen) is WeekScreen.SlotChosen and chosen.slot == selected
    assert chosen.day == today and chosen.channel == chosen.slot.channel
    assert (type(new_post), new_post.day, new_post.channel) == (WeekScreen.NewPostChosen, today, chosen.slot.channel)
    assert (type(edit), edit.channel) == (WeekScreen.ChannelEditChosen, chosen.slot.channel)
    assert type(new_channel) is WeekScreen.NewChannelChosen
    assert (type(month), month.day) == (WeekScreen.MonthChosen, today)
    assert (type(dashboard), dashboard.monday) == (WeekScreen.DashboardChosen, date(2026, 11, 23))
