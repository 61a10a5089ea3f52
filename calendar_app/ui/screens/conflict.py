"""Questions before a write: the file changed on disk (reload or keep mine), comments will be lost.

Contract: ``ConflictScreen(path, what)`` dismisses with ``"reload"``, ``"keep"`` or None
(cancel: nothing written); ``CommentWarning(path)`` dismisses with True (write anyway) or False.
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


class CommentWarning(ModalScreen[bool]):
    """Said once per file, before its first rewrite: the ``#`` comments will not be kept."""

    BINDINGS = [
        Binding("y", "answer(True)", "Write anyway"),
        Binding("n,escape", "answer(False)", "Cancel"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = Path(path)

    def compose(self) -> ComposeResult:
        with Vertical(id="comment-warning", classes="dialog -warning"):
            yield Static(f"{self.path.name} has comments", classes="dialog-title")
            yield Static(
                f"{self.path} contains # comments. Saving rewrites the file in a standard layout "
                "and the comments will not be kept (the data is). Commit the file to git first if you "
                "want to keep them.\n\nWrite it anyway? (asked once per file)",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (n)", id="no")
                yield Button("Write anyway (y)", id="yes", variant="warning")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
