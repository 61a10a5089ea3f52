"""The agenda list driven with the Pilot: one line per coming slot, Enter edits it as the week view does."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import DataTable, Input

from calendar_app.ui.screens.agenda import AgendaScreen
from calendar_app.ui.screens.post_editor import PostEditor
from calendar_app.ui.screens.week import WeekScreen

pytestmark = pytest.mark.asyncio
SIZE = (80, 24)


def line(table: DataTable, row: int) -> list[str]:
    return [cell.plain for cell in table.get_row_at(row)]


async def open_agenda(pilot, settle) -> AgendaScreen:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AgendaScreen)
    return screen


async def test_one_line_per_coming_slot(bundled_plans, today, make_app, settle):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, settle)
        table = screen.query_one(DataTable)
        # Tuesday 24 November 2026 (today) in the bundled example, then Wednesday's draft.
        # At 80 columns a title gets what the other columns leave: 80 - (10 + 5 + 16 + 11, each with
        # its 2 cells of padding) - 2 (its own padding) - 2 (the scrollbar) = 26 cells, … included.
        assert line(table, 0) == ["Tue 24 Nov", "08:30", "LinkedIn", "★ published", "Artisanat et commandes d'…"]
        assert line(table, 1) == ["Tue 24 Nov", "12:30", "Facebook", "⏱ scheduled", "Rendez-vous au Salon des…"]
        podcast = next(i for i, slot in enumerate(screen.rows) if slot.channel == "podcast")
        assert line(table, podcast)[2] == "Podcast « Les M…"  # 16 cells
        assert line(table, 2)[:4] == ["Wed 25 Nov", "18:00", "Instagram", "✎ draft"]
        starts = [slot.start for slot in screen.rows]
        assert starts == sorted(starts) and starts[0].date() == today
        assert table.row_count == len(screen.rows)
        # Six weeks from today: the last line is before Tuesday 5 January.
        assert starts[-1].date() < today.replace(year=2027, month=1, day=5)
        assert table.max_scroll_x == 0, "a title runs past the screen's edge"


async def test_enter_opens_the_post_editor_on_that_slot_and_the_list_shows_the_save(
        bundled_plans, today, make_app, settle, posts_by_time, paste_into):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot, settle)
        await pilot.press("down", "down")
        await pilot.pause()
        chosen = screen.selected
        assert (chosen.channel, chosen.planned) == ("instagram", datetime(2026, 11, 25, 18, 0))
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, PostEditor) and editor.slot == chosen
        assert editor.query_one("#title", Input).value == "Black Friday : pourquoi nous ne bradons pas nos pièces"
        await paste_into(pilot, "#title", "Black Friday : nos pièces à prix juste ✨")
        await pilot.press("ctrl+s")
        await settle(pilot)
        if type(app.screen).__name__ == "CommentWarning":  # instagram.toml has comments: write anyway
            await pilot.press("y")
            await settle(pilot)
        assert app.screen is screen, "saving goes back to the agenda"
        posts = posts_by_time(bundled_plans / "instagram.toml")
        assert posts[datetime(2026, 11, 25, 18, 0)]["title"] == "Black Friday : nos pièces à prix juste ✨"
        table = screen.query_one(DataTable)
        assert table.cursor_row == 2
        assert line(table, 2)[4] == "Black Friday : nos pièces…"
        assert screen.rows[2].title == "Black Friday : nos pièces à prix juste ✨"


async def test_escape_and_a_go_back_to_the_week(bundled_plans, today, make_app, settle):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(pilot, settle)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
        await open_agenda(pilot, settle)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)


async def test_hidden_channels_stay_out(bundled_plans, today, make_app, settle):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.week_screen.hidden = frozenset({"instagram", "facebook"})
        screen = await open_agenda(pilot, settle)
        channels = {slot.channel for slot in screen.rows}
        assert channels and not channels & {"instagram", "facebook"}


async def test_no_channel_shown_says_so_and_enter_edits_nothing(bundled_plans, today, make_app, settle):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.week_screen.hidden = frozenset(c.id for c in app.session.plan.channels)
        screen = await open_agenda(pilot, settle)
        assert screen.rows == []
        empty = screen.query_one("#agenda-empty")
        assert empty.display and str(empty.render()) == "No slot in the next 6 weeks for the channels shown."
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and app.said[-1] == "No slot here to edit."
