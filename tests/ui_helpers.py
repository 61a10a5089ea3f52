"""Shared pieces of the editor's Pilot tests: the app on a copy of the plans, waiting, reading files."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, timezone
from pathlib import Path

from textual import events
from textual.widgets import Input

from calendar_app.ui.app import CalendarApp
from calendar_app.ui.screens.week import WeekScreen
from calendar_app.ui.widgets.week_grid import WeekGrid

SIZE = (120, 36)
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
BACKGROUND = {"badges", "prefetch", "reload", "export"}


class RecordingApp(CalendarApp):
    """The editor, keeping every notification it showed in ``said``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.said: list[str] = []

    def notify(self, message: str, **kwargs) -> None:
        self.said.append(message)
        super().notify(message, **kwargs)


def make_app(plans: Path, today: date) -> RecordingApp:
    return RecordingApp(plans, today, now=lambda: NOW, feeds_dir=plans.parent / "feeds")


async def settle(pilot) -> None:
    """Let messages, screens and background threads (not the dialogs waiting for us) finish."""
    app = pilot.app
    for _ in range(3):
        await pilot.pause()
        busy = [w for w in app.workers if w.group in BACKGROUND and not w.is_finished]
        if busy:
            await app.workers.wait_for_complete(busy)
    await pilot.pause()


def week(app: CalendarApp) -> WeekScreen:
    return app.week_screen


def grid(app: CalendarApp) -> WeekGrid:
    return app.week_screen.query_one(WeekGrid)


async def go_to_slot(pilot, day: date, channel: str, hour: int, minute: int = 0) -> None:
    """Move the cursor with the arrow keys, as a user would, to the slot of ``channel`` at that time."""
    app = pilot.app
    screen = week(app)
    while screen.day != day:
        await pilot.press("l" if screen.day < day else "h")
        await settle(pilot)
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


async def paste(pilot, text: str) -> None:
    """Paste ``text`` into the focused field, as from the clipboard (one event, not a key each)."""
    pilot.app.post_message(events.Paste(text))  # as the terminal does: the app forwards it
    await pilot.pause()


async def type_into(pilot, selector: str, text: str) -> None:
    """Focus the Input, clear it (end, ctrl+u) and paste ``text``."""
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u")
    if text:
        await paste(pilot, text)


def read_toml(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def posts_by_time(path: Path) -> dict[datetime, dict]:
    return {p["at"]: p for p in read_toml(path).get("post", [])}
