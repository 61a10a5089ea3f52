"""Every screen of the editor at 80×24, 100×30 and 200×50: the key widgets on screen and usable, a snapshot each at 80×24.

Update the snapshots after an intended change with ``pytest tests/ui/test_screen_sizes.py --snapshot-update``
and look at the SVGs in ``tests/ui/__snapshots__/test_screen_sizes/`` before committing them.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets._footer import FooterKey

from calendar_app.core.errors import PlanError
from calendar_app.core.model import Slot
from calendar_app.ui.screens.agenda import AgendaScreen
from calendar_app.ui.screens.backlog import BacklogScreen, IdeaEditor, IdeaPicker
from calendar_app.ui.screens.channel_wizard import ChannelWizard
from calendar_app.ui.screens.confirm import ConfirmScreen
from calendar_app.ui.screens.conflict import ConflictScreen
from calendar_app.ui.screens.dashboard import Dashboard
from calendar_app.ui.screens.effective_date import EffectiveDate
from calendar_app.ui.screens.go_to_date import GoToDate
from calendar_app.ui.screens.help import HelpScreen
from calendar_app.ui.screens.load_errors import LoadErrorsScreen
from calendar_app.ui.screens.month import MonthScreen
from calendar_app.ui.screens.post_editor import MoveChoice, PostEditor
from calendar_app.ui.screens.rule_editor import ChannelEditor
from calendar_app.ui.screens.week import WeekScreen
from tests.ui.fit import assert_in_sight, assert_inputs_usable, open_from_week, shown

PARIS = ZoneInfo("Europe/Paris")
SIZES = [(80, 24), (100, 30), (200, 50)]
SMALLEST = (80, 24)
"""Room to read a date or a time being typed: below this a field is there but useless."""

#: Screen opened from the week view: the keys, the screen then shown, the widgets that must be in
#: sight whole (not scrolled away, nothing over them).
FROM_THE_WEEK = {
    "week": ((), WeekScreen, ("#week-grid", "Footer")),
    "agenda": (("a",), AgendaScreen, ("#agenda-table", "Footer")),
    "post_editor": (("enter",), PostEditor, ("#save", "#cancel", "#title", "#date", "#time")),
    "channel_editor": (("e",), ChannelEditor, ("#save", "#cancel", "#editor-form", "#preview")),
    "wizard": (("c",), ChannelWizard, ("#wizard-create", "#wizard-cancel", "#wizard-name")),
    "dashboard": (("r",), Dashboard, ("#dash-channels", "#dash-problems", "#dash-problem-detail")),
    "month": (("m",), MonthScreen, ("#month-grid", "Footer")),
    "go_to_date": (("g",), GoToDate, ("#target",)),
    "help": (("question_mark",), HelpScreen, ("#help",)),
}


@pytest.fixture(autouse=True)
def quick_debounce(monkeypatch):
    monkeypatch.setattr(ChannelEditor, "PREVIEW_DELAY", 0.05)


@pytest.mark.asyncio
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(FROM_THE_WEEK))
async def test_screen_fits(name, size, bundled_plans, today, make_app, settle):
    keys, expected, in_sight = FROM_THE_WEEK[name]
    app = make_app(bundled_plans, today)
    async with app.run_test(size=size) as pilot:
        await open_from_week(pilot, settle, keys, expected)
        screen = app.screen
        for selector in in_sight:
            assert_in_sight(screen, screen.query_one(selector))
        assert_inputs_usable(screen)


@pytest.mark.asyncio
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_post_editor_buttons_in_sight_with_problems_shown(size, bundled_plans, today, make_app, settle,
                                                                 paste_into):
    """Problems under the fields make the form taller: it scrolls, Save and Cancel stay in sight."""
    app = make_app(bundled_plans, today)
    async with app.run_test(size=size) as pilot:
        await open_from_week(pilot, settle, ("n",), PostEditor)
        await paste_into(pilot, "#date", "2026-13-45")
        await paste_into(pilot, "#link", "not a link")
        await pilot.pause()
        screen = app.screen
        assert screen.problems.keys() == {"when", "link"}
        for selector in ("#save", "#cancel"):
            assert_in_sight(screen, screen.query_one(selector))


@pytest.mark.asyncio
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_wizard_custom_rhythm_fits(size, bundled_plans, today, make_app, settle):
    """The custom rhythm adds four fields: they get room, Create stays in sight."""
    app = make_app(bundled_plans, today)
    async with app.run_test(size=size) as pilot:
        await open_from_week(pilot, settle, ("c",), ChannelWizard)
        screen = app.screen
        presets = screen.query_one("#wizard-preset")
        presets.focus()
        await pilot.press("up", "enter")  # wraps round to the last preset: custom…
        await pilot.pause()
        assert shown(screen.query_one("#wizard-days"))
        assert_inputs_usable(screen)
        assert_in_sight(screen, screen.query_one("#wizard-create"))


def footer_keys(screen) -> dict[str, FooterKey]:
    return {key.action: key for key in screen.query(FooterKey)}


@pytest.mark.asyncio
async def test_week_footer_shows_the_main_keys_first_at_80x24(bundled_plans, today, make_app, settle):
    app = make_app(bundled_plans, today)
    async with app.run_test(size=SMALLEST) as pilot:
        await settle(pilot)
        keys = footer_keys(app.screen)
        width = app.screen.size.width
        for action in ("select", "week(-1)", "new_post", "agenda", "month", "dashboard", "app.help"):
            assert action in keys, sorted(keys)
            assert keys[action].region.right <= width, f"{action} is cut at {keys[action].region}"
        # The rest is reachable from help and the palette, not the footer.
        for hidden in ("today", "go_to_date", "new_channel", "toggle_sidebar", "clear_post"):
            assert hidden not in keys


@pytest.mark.asyncio
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_dialogs_fit(size, bundled_plans, today, screen_host):
    for make, in_sight in dialogs(bundled_plans):
        app = screen_host(make)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screen = app.screen
            for selector in in_sight:
                assert_in_sight(screen, screen.query_one(selector))
            assert_inputs_usable(screen)


def dialogs(plans):
    """The questions the editor asks, each with the widgets that must be in sight."""
    slot = Slot("instagram", "feed", datetime(2026, 11, 25, 18, 0), datetime(2026, 11, 25, 18, 0, tzinfo=PARIS),
                datetime(2026, 11, 25, 18, 30, tzinfo=PARIS))
    errors = [PlanError(plans / f"channel-{n}.toml", f"rule[{n}].days[1]", '"wdn" is not a weekday; did you mean "wed"?')
              for n in range(12)]
    return [
        (lambda: MoveChoice("Instagram", slot, "Post feed (lun/mer/ven)", datetime(2026, 11, 26, 18, 0)),
         ("#reopen", "#skip", "#cancel")),
        (lambda: LoadErrorsScreen(errors, 4), ("#load-errors-list", "#load-errors .form-hint")),
        (lambda: ConflictScreen(plans / "instagram.toml", "edited « Émaux d'hiver »"), ("#reload", "#keep", "#cancel")),
        (lambda: ConfirmScreen("Delete the channel « Blog »? Its file blog.toml and its 3 posts are removed "
                               "(u undoes it in this session).", title="Delete channel", yes="Delete",
                               destructive=True), ("#confirm-yes", "#confirm-no")),
        (lambda: EffectiveDate(
            "Rule « Post du mardi matin » (hebdo): every week on tue at 08:30 → every week on tue, thu at 12:30.",
            date(2026, 12, 1), date(2026, 9, 1), lambda day: [f"from {day}: new rule hebdo-2"]),
         ("#effective-day", "#apply", "#whole", "#cancel")),
    ]


# --- the look at 80×24 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FROM_THE_WEEK))
def test_snapshot_80x24(name, snap_compare, bundled_plans, today, make_app, settle):
    keys, expected, _ = FROM_THE_WEEK[name]

    async def run_before(pilot) -> None:
        await open_from_week(pilot, settle, keys, expected)

    assert snap_compare(make_app(bundled_plans, today), terminal_size=SMALLEST, run_before=run_before)


def test_snapshot_conflict_80x24(snap_compare, screen_host):
    app = screen_host(lambda: ConflictScreen(Path("plans/instagram.toml"), "edited « Émaux d'hiver »"))
    assert snap_compare(app, terminal_size=SMALLEST)


def test_snapshot_agenda_in_french_80x24(snap_compare, bundled_plans, today, make_app, settle, french):
    async def run_before(pilot) -> None:
        await open_from_week(pilot, settle, ("a",), AgendaScreen)

    assert snap_compare(make_app(bundled_plans, today), terminal_size=SMALLEST, run_before=run_before)


@pytest.fixture
def french():
    from calendar_app import i18n

    i18n.set_language("fr")
    yield
    i18n.set_language("en")



# --- the backlog's screens (on the example with four ideas) -------------------------------------------

#: name -> the keys from the week view, one screen after the other, the screen shown, the widgets in sight.
BACKLOG = {
    "backlog": (("b",), BacklogScreen, ("#backlog-table", "Footer")),
    "idea_editor": (("b", "n"), IdeaEditor, ("#idea-save", "#idea-cancel", "#idea-title", "#idea-notes")),
    "idea_picker": (("right", "right", "right", "right", "f"), IdeaPicker, ("#idea-options",)),  # Saturday's open reel
}


async def open_backlog_screen(pilot, settle, keys, expected) -> None:
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    await open_from_week(pilot, settle, (), expected)


@pytest.mark.asyncio
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(BACKLOG))
async def test_backlog_screen_fits(name, size, backlog_plans, today, make_app, settle):
    keys, expected, in_sight = BACKLOG[name]
    app = make_app(backlog_plans, today)
    async with app.run_test(size=size) as pilot:
        await open_backlog_screen(pilot, settle, keys, expected)
        screen = app.screen
        for selector in in_sight:
            assert_in_sight(screen, screen.query_one(selector))
        assert_inputs_usable(screen)


@pytest.mark.parametrize("name", list(BACKLOG))
def test_snapshot_backlog_80x24(name, snap_compare, backlog_plans, today, make_app, settle):
    keys, expected, _ = BACKLOG[name]

    async def run_before(pilot) -> None:
        await open_backlog_screen(pilot, settle, keys, expected)

    assert snap_compare(make_app(backlog_plans, today), terminal_size=SMALLEST, run_before=run_before)
