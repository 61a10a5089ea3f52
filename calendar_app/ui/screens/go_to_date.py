"""Ask for a date to jump to: ``GoToDate(today)`` dismisses with a date, or None."""

from __future__ import annotations

import re
from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

_RELATIVE = re.compile(r"^([+-]\d+)\s*([dwm]?)$")
_WEEK = re.compile(r"^(?:(\d{4})-)?w(\d{1,2})$", re.IGNORECASE)


def parse_target(text: str, today: date) -> date | None:
    """``2026-12-01``, ``+2w``, ``-3d``, ``+1m`` (4 weeks), ``W05`` or ``2027-W05`` -> a date."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    m = _RELATIVE.match(text)
    if m:
        n, unit = int(m.group(1)), m.group(2) or "d"
        return today + timedelta(days=n * {"d": 1, "w": 7, "m": 28}[unit])
    m = _WEEK.match(text)
    if m:
        year = int(m.group(1) or today.isocalendar()[0])
        try:
            return date.fromisocalendar(year, int(m.group(2)), 1)
        except ValueError:
            return None
    return None


class GoToDate(ModalScreen[date | None]):
    """One input; Enter jumps, Escape stays where you are."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="go-to-date", classes="dialog"):
            yield Static("Go to date", classes="dialog-title")
            yield Input(placeholder="2026-12-01, +2w, -3d or W05", id="target")
            yield Static("", id="target-error", classes="form-error")
        yield Footer()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        bad = event.value.strip() and parse_target(event.value, self.today) is None
        error = self.query_one("#target-error", Static)
        error.update("write a date as YYYY-MM-DD, or +2w / -3d / W05" if bad else "")
        error.set_class(bool(bad), "-shown")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        target = parse_target(event.value, self.today)
        if target is not None:
            self.dismiss(target)

    def action_cancel(self) -> None:
        self.dismiss(None)
