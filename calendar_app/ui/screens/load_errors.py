"""Every problem found in the plan files at start-up (or on reload), in one screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from calendar_app.core.errors import PlanError
from calendar_app.i18n import N_, _, ngettext
from calendar_app.ui.bindings import translate_bindings


class LoadErrorsScreen(ModalScreen[None]):
    """Names file and key of each problem; the valid channels stay open behind it."""

    BINDINGS = [Binding("escape,enter,q", "close", N_("Close"))]

    def __init__(self, errors: list[PlanError], channels: int) -> None:
        super().__init__()
        translate_bindings(self)
        self.errors = errors
        self.channels = channels

    def compose(self) -> ComposeResult:
        n = len(self.errors)
        files = len({str(e.path) for e in self.errors})
        with Vertical(id="load-errors", classes="dialog -error"):
            yield Static(
                ngettext("{count} problem", "{count} problems", n).format(count=n) + " "
                + ngettext("in {count} plan file", "in {count} plan files", files).format(count=files),
                classes="dialog-title",
            )
            with VerticalScroll(id="load-errors-list"):
                for error in self.errors:
                    line = Text()
                    line.append(str(error.path), style="bold")
                    if error.key:
                        line.append(f"  {error.key}", style="bold")
                    line.append(f"\n  {error.message}")
                    yield Static(line, classes="load-error")
            yield Static(
                ngettext("The {count} valid channel is open.", "The {count} valid channels are open.",
                         self.channels).format(count=self.channels) + " "
                + _("A file with a problem is left out until it is fixed: fix it in your editor, "
                    "then press ctrl+r to reload."),
                classes="form-hint",
            )
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
