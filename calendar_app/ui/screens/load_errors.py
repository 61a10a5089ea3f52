"""Every problem found in the plan files at start-up (or on reload), in one screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from calendar_app.core.errors import PlanError


class LoadErrorsScreen(ModalScreen[None]):
    """Names file and key of each problem; the valid channels stay open behind it."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, errors: list[PlanError], channels: int) -> None:
        super().__init__()
        self.errors = errors
        self.channels = channels

    def compose(self) -> ComposeResult:
        n = len(self.errors)
        files = len({str(e.path) for e in self.errors})
        with Vertical(id="load-errors", classes="dialog -error"):
            yield Static(
                f"{n} problem{'s' if n != 1 else ''} in {files} plan file{'s' if files != 1 else ''}",
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
                f"The {self.channels} valid channel{'s are' if self.channels != 1 else ' is'} open. A file with a "
                "problem is left out until it is fixed: fix it in your editor, then press ctrl+r to reload.",
                classes="form-hint",
            )
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
