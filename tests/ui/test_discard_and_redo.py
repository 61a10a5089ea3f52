"""Forms that do not lose work (Escape asks before discarding) and redo of an undone edit, with the Pilot."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import Footer

from calendar_app.ui.screens.confirm import ConfirmScreen
from calendar_app.ui.screens.help import HelpScreen
from calendar_app.ui.screens.post_editor import PostEditor
from calendar_app.ui.screens.week import WeekScreen

SIZE = (120, 36)
THU_26_NOV = datetime(2026, 11, 26, 12, 30)  # Facebook « Album photo : la fournée de novembre »
ORIGINAL = "Album photo : la fournée de novembre"

pytestmark = pytest.mark.asyncio


def _message(screen) -> str:
    return str(screen.query_one("#confirm-message").render())


async def test_escape_on_an_edited_post_asks_and_keep_editing_keeps_the_text(bundled_plans, today, make_app, settle,
                                                                            go_to_slot, paste_into, posts_by_time):
    path = bundled_plans / "facebook.toml"
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_slot(pilot, THU_26_NOV.date(), "facebook", 12, 30)
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        await paste_into(pilot, "#title", "Album : vingt bols émaillés 🥣")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert _message(app.screen) == "Discard your changes to this post?"
        assert str(app.screen.query_one("#confirm-no").label) == "Keep editing (n)"
        assert app.screen.focused.id == "confirm-no"  # a stray Enter keeps the work
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is editor
        assert editor.query_one("#title").value == "Album : vingt bols émaillés 🥣"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
    assert posts_by_time(path)[THU_26_NOV]["title"] == "Album : vingt bols émaillés 🥣"


async def test_escape_on_an_unchanged_post_closes_at_once(bundled_plans, today, make_app, settle, go_to_slot):
    path = bundled_plans / "facebook.toml"
    before = path.read_bytes()
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_slot(pilot, THU_26_NOV.date(), "facebook", 12, 30)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PostEditor)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
    assert path.read_bytes() == before


async def test_discarding_a_new_post_writes_nothing(bundled_plans, today, make_app, settle, paste):
    before = {p.name: p.read_bytes() for p in bundled_plans.glob("*.toml")}
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PostEditor)
        await paste(pilot, "Idée : les coulisses du four")
        await pilot.press("escape")
        await settle(pilot)
        assert _message(app.screen) == "Discard this new post?"
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
    assert {p.name: p.read_bytes() for p in bundled_plans.glob("*.toml")} == before
    assert not any("Saved" in m for m in app.said)


async def test_undo_then_redo_writes_the_edit_again(bundled_plans, today, make_app, settle, edit_thursday_title,
                                                    posts_by_time):
    path = bundled_plans / "facebook.toml"
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = {b.binding.key: b.binding.description for b in app.screen.active_bindings.values()}
        assert keys["U"] == "Redo"
        assert "Redo" in [str(k.description) for k in app.screen.query_one(Footer).query("FooterKey")]
        await pilot.press("U")
        await settle(pilot)
        assert app.said[-1] == "Nothing to redo: undo an edit first (u)."
        await edit_thursday_title(pilot, app)
        edited = path.read_bytes()
        assert posts_by_time(path)[THU_26_NOV]["title"] == "Album : la fournée"
        await pilot.press("u")
        await settle(pilot)
        assert posts_by_time(path)[THU_26_NOV]["title"] == ORIGINAL
        assert app.week_screen.selected.title == ORIGINAL
        await pilot.press("U")
        await settle(pilot)
        assert path.read_bytes() == edited
        assert app.week_screen.selected.title == "Album : la fournée"
        assert app.said[-1] == "Redone in facebook.toml: edited « Album : la fournée ». (u undoes it again)"
        await pilot.press("U")
        await settle(pilot)
        assert app.said[-1] == "Nothing to redo: undo an edit first (u)."
        await pilot.press("u")  # and undone again
        await settle(pilot)
        assert posts_by_time(path)[THU_26_NOV]["title"] == ORIGINAL


async def test_redo_is_in_the_help_and_the_palette(bundled_plans, today, make_app, settle):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text").source
        assert "| `U` | redo the edit undone last (until a new edit is saved) |" in text
        await pilot.press("escape")
        await settle(pilot)
        from calendar_app.ui.palette import CalendarCommands

        names = [name for name, _, _ in CalendarCommands(app.screen)._actions()]
        assert "Redo" in names and names.index("Redo") == names.index("Undo") + 1

