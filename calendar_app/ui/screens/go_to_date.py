"""Ask for a date to jump to: ``GoToDate(today)`` dismisses with a date, or None."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from calendar_app.i18n import N_, _
from calendar_app.ui.bindings import translate_bindings
from calendar_app.ui.forms.date_target import parse_target


class GoToDate(ModalScreen[date | None]):
    """One input; Enter jumps, Escape stays where you are."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, today: date) -> None:
        super().__init__()
        translate_bindings(self)
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="go-to-date", classes="dialog"):
            yield Static(_("Go to date"), classes="dialog-title")
            yield Input(placeholder=_("2026-12-01, +2w, -3d or W05"), id="target")
            yield Static("", id="target-error", classes="form-error")
        yield Footer()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        bad = event.value.strip() and parse_target(event.value, self.today) is None
        error = self.query_one("#target-error", Static)
        error.update(_("write a date as YYYY-MM-DD, or +2w / -3d / W05") if bad else "")
        error.set_class(bool(bad), "-shown")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        target = parse_target(event.value, self.today)
        if target is not None:
            self.dismiss(target)

    def action_cancel(self) -> None:
        self.dismiss(None)
