"""A bare App that pushes one screen and keeps what it dismissed with: the harness of the UI screen tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.screen import Screen

import calendar_app.ui

STYLESHEET = Path(calendar_app.ui.__file__).parent / "app.tcss"
_UNSET = object()


class ScreenHost(App):
    """Pushes ``make_screen()`` on mount; ``result`` is what it dismissed with (``UNSET`` before)."""

    CSS_PATH = STYLESHEET

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


async def type_into(pilot, selector: str, text: str) -> None:
    """Focus the Input at ``selector``, clear it and type ``text`` key by key, as a user would."""
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u", *text)


async def wait_for_preview(pilot, preview, since: int, tries: int = 200) -> None:
    """Let the app run until ``preview`` has redrawn past version ``since`` and no change waits
    for it (the preview is redrawn a moment after the typing stops)."""
    screen = preview.screen
    for _ in range(tries):
        if preview.version > since and not getattr(screen, "preview_pending", False):
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError(f"the preview was not redrawn (still version {preview.version})")
