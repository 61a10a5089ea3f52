"""The question before a write when the file changed on disk and the two edits clash: reload or keep mine.

Contract: ``ConflictScreen(path, what)`` dismisses with ``"reload"``, ``"keep"`` or None
(cancel: nothing written). Edits that touch different items are merged without asking.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

ConflictAnswer = Literal["reload", "keep"]
"""Read the file as it is on disk, or overwrite it with this version."""


class ConflictScreen(ModalScreen[ConflictAnswer | None]):
    """The file was changed elsewhere since it was read: never overwrite without asking."""

    BINDINGS = [
        Binding("r", "choose('reload')", "Reload theirs"),
        Binding("k", "choose('keep')", "Keep mine"),
        Binding("escape", "choose(None)", "Cancel"),
    ]

    def __init__(self, path: Path, what: str) -> None:
        super().__init__()
        self.path = Path(path)
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict", classes="dialog -warning"):
            yield Static(f"{self.path.name} changed on disk", classes="dialog-title")
            yield Static(
                f"Someone (another editor, a git pull…) changed {self.path} after it was read, so your "
                f"edit ({self.what}) was NOT written.\n\n"
                "• Reload: read the file as it is now; your edit is dropped (redo it if needed)\n"
                "• Keep mine: overwrite the file with your version; the other change is lost\n"
                "• Cancel: write nothing for now",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (esc)", id="cancel")
                yield Button("Keep mine, overwrite (k)", id="keep", variant="error")
                yield Button("Reload theirs (r)", id="reload", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reload", Button).focus()

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)
