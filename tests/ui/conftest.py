"""Fixtures of the editor's Pilot tests: the app on a copy of the plans, one screen alone in a host app,
waiting, moving and typing as a user would, reading the files written."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input

import calendar_app.ui
from calendar_app.ui.app import CalendarApp
from calendar_app.ui.widgets.week_grid import WeekGrid

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
BACKGROUND = {"badges", "prefetch", "reload", "export"}
_UNSET = object()


class RecordingApp(CalendarApp):
    """The editor, keeping every notification it showed in ``said``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.said: list[str] = []

    def notify(self, message: str, **kwargs) -> None:
        self.said.append(message)
        super().notify(message, **kwargs)


class ScreenHost(App):
    """Pushes ``make_screen()`` on mount; ``result`` is what it dismissed with (``dismissed`` tells whether it did)."""

    CSS_PATH = Path(calendar_app.ui.__file__).parent / "app.tcss"

    def __init__(self, make_screen: Callable[[], Screen]) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.result: Any = _UNSET
        self.screen_under_test: Screen | None = None

    @property
    def dismissed(self) -> bool:
        return self.result is not _UNSET

    def on_mount(self) -> None:
        self.screen_under_test = self.make_screen()
        self.push_screen(self.screen_under_test, self._done)

    def _done(self, result: Any) -> None:
        self.result = result


# --- apps -------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def make_app() -> Callable[[Path, date], RecordingApp]:
    """``make_app(plans, today)``: the editor on ``plans`` (a clock stopped at 2026-11-24 09:00 UTC,
    feeds exported next to the plans), keeping what it said in ``app.said``."""
    return lambda plans, today: RecordingApp(plans, today, now=lambda: NOW, feeds_dir=plans.parent / "feeds")


@pytest.fixture(scope="session")
def screen_host() -> Callable[[Callable[[], Screen]], ScreenHost]:
    """``screen_host(make_screen)``: a bare app (the editor's stylesheet) that pushes one screen and
    keeps what it dismissed with in ``app.result``; the screen is ``app.screen_under_test``."""
    return ScreenHost


@pytest.fixture(scope="session")
def grid() -> Callable[[CalendarApp], WeekGrid]:
    """``grid(app)``: the week grid of the editor's week screen."""
    return lambda app: app.week_screen.query_one(WeekGrid)


# --- a plan with a backlog ----------------------------------------------------------------------------

CHANNEL_IDEAS = '''
[[idea]]
title = "Reel : centrer la terre en 30 secondes 🌀"
format = "reel"
pillar = "coulisses"
priority = 2
effort = "3h"

[[idea]]
title = "Photo : la vitrine de Noël"
format = "photo"
pillar = "produit"
'''
SHARED_IDEAS = '''# Idées pour plusieurs canaux.
[[idea]]
id = "portrait-ines"
title = "Portrait d'Inès à l'atelier"
channels = ["instagram", "facebook"]
pillar = "coulisses"
priority = 1
owner = "Inès"

# Pour le blog, plus tard.
[[idea]]
title = "Tuto émaillage en vidéo"
channels = ["blog"]
pillar = "techniques"
format = "article"
priority = 4
'''


@pytest.fixture
def backlog_plans(bundled_plans: Path) -> Path:
    """A private copy of the example with four ideas: two in instagram.toml (a reel, priority 2; a
    photo), two in _ideas.toml (a portrait for instagram and facebook, priority 1; a blog tutorial)."""
    with open(bundled_plans / "instagram.toml", "a", encoding="utf-8") as f:
        f.write(CHANNEL_IDEAS)
    (bundled_plans / "_ideas.toml").write_text(SHARED_IDEAS, encoding="utf-8")
    return bundled_plans



# --- waiting and moving --------------------------------------------------------------------------------


async def _settle(pilot) -> None:
    app = pilot.app
    for _ in range(3):
        await pilot.pause()
        busy = [w for w in app.workers if w.group in BACKGROUND and not w.is_finished]
        if busy:
            await app.workers.wait_for_complete(busy)
    await pilot.pause()


@pytest.fixture(scope="session")
def settle():
    """``await settle(pilot)``: let messages, screens and background threads (not the dialogs
    waiting for us) finish."""
    return _settle


@pytest.fixture(scope="session")
def go_to_slot(grid):
    """``await go_to_slot(pilot, day, channel, hour, minute=0)``: move the cursor with the keys, as a
    user would, to the slot of ``channel`` at that time."""

    async def go(pilot, day: date, channel: str, hour: int, minute: int = 0) -> None:
        app = pilot.app
        screen = app.week_screen
        while screen.day != day:
            await pilot.press("l" if screen.day < day else "h")
            await _settle(pilot)
        for _ in range(len(grid(app).column.slots) + 1):
            slot = screen.selected
            if slot and slot.channel == channel and (slot.planned.hour, slot.planned.minute) == (hour, minute):
                return
            await pilot.press("j")
            await pilot.pause()
        await pilot.press(*["k"] * len(grid(app).column.slots))
        for _ in range(len(grid(app).column.slots)):
            slot = screen.selected
            if slot and slot.channel == channel and (slot.planned.hour, slot.planned.minute) == (hour, minute):
                return
            await pilot.press("j")
            await pilot.pause()
        raise AssertionError(f"no {channel} slot at {hour:02d}:{minute:02d} on {day}")

    return go


@pytest.fixture(scope="session")
def steady_cursors():
    """``await steady_cursors(pilot)``: stop the text cursors on screen blinking (the focused field
    keeps its cursor shown), so a snapshot does not depend on the half second it is taken in."""

    async def stop(pilot) -> None:
        for field in pilot.app.screen.query("Input, TextArea"):
            field.cursor_blink = False
        await pilot.pause()

    return stop


@pytest.fixture(scope="session")
def wait_for_preview():
    """``await wait_for_preview(pilot, preview, since, tries=200)``: let the app run until ``preview``
    has redrawn past version ``since`` and no change waits for it (the preview is redrawn a moment
    after the typing stops)."""

    async def wait(pilot, preview, since: int, tries: int = 200) -> None:
        screen = preview.screen
        for _ in range(tries):
            if preview.version > since and not getattr(screen, "preview_pending", False):
                await pilot.pause()
                return
            await pilot.pause(0.02)
        raise AssertionError(f"the preview was not redrawn (still version {preview.version})")

    return wait


@pytest.fixture(scope="session")
def edit_thursday_title(settle, go_to_slot, paste_into):
    """``await edit_thursday_title(pilot, app)``: retitle Thursday's Facebook post in the post editor."""

    async def edit(pilot, app) -> None:
        await settle(pilot)
        await go_to_slot(pilot, date(2026, 11, 26), "facebook", 12, 30)
        await pilot.press("enter")
        await settle(pilot)
        await paste_into(pilot, "#title", "Album : la fournée")
        await pilot.press("enter")
        await settle(pilot)

    return edit


# --- typing ---------------------------------------------------------------------------------------------


async def _paste(pilot, text: str) -> None:
    pilot.app.post_message(events.Paste(text))  # as the terminal does: the app forwards it
    await pilot.pause()


@pytest.fixture(scope="session")
def paste():
    """``await paste(pilot, text)``: paste ``text`` into the focused field, as from the clipboard
    (one event, not a key each)."""
    return _paste


@pytest.fixture(scope="session")
def paste_into():
    """``await paste_into(pilot, selector, text)``: focus the Input, clear it (end, ctrl+u) and paste ``text``."""

    async def fill(pilot, selector: str, text: str) -> None:
        widget = pilot.app.screen.query_one(selector, Input)
        widget.focus()
        await pilot.pause()
        await pilot.press("end", "ctrl+u")
        if text:
            await _paste(pilot, text)

    return fill


@pytest.fixture(scope="session")
def type_into():
    """``await type_into(pilot, selector, text)``: focus the Input at ``selector``, clear it and type
    ``text`` key by key, as a user would."""

    async def type_keys(pilot, selector: str, text: str) -> None:
        widget = pilot.app.screen.query_one(selector)
        widget.focus()
        await pilot.pause()
        await pilot.press("end", "ctrl+u", *text)

    return type_keys


# --- the files written ------------------------------------------------------------------------------------


def _read_toml(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def read_toml() -> Callable[[Path], dict]:
    """``read_toml(path)``: the TOML document in that file."""
    return _read_toml


@pytest.fixture(scope="session")
def posts_by_time() -> Callable[[Path], dict[datetime, dict]]:
    """``posts_by_time(path)``: the ``[[post]]`` tables of a channel file by their ``at``."""
    return lambda path: {p["at"]: p for p in _read_toml(path).get("post", [])}
