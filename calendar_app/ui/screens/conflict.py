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

from calendar_app.i18n import N_, _
from calendar_app.ui.bindings import translate_bindings

ConflictAnswer = Literal["reload", "keep"]
"""Read the file as it is on disk, or overwrite it with this version."""


class ConflictScreen(ModalScreen[ConflictAnswer | None]):
    """The file was changed elsewhere since it was read: never overwrite without asking."""

    BINDINGS = [
        Binding("r", "choose('reload')", N_("Reload theirs")),
        Binding("k", "choose('keep')", N_("Keep mine")),
        Binding("escape", "choose(None)", N_("Cancel")),
    ]

    def __init__(self, path: Path, what: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.path = Path(path)
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict", classes="dialog -warning"):
            yield Static(_("{file} changed on disk").format(file=self.path.name), classes="dialog-title")
            yield Static(
                _("Someone (another editor, a git pull…) changed {path} after it was read, so your "
                  "edit ({what}) was NOT written.").format(path=self.path, what=self.what) + "\n\n"
                + _("• Reload: read the file as it is now; your edit is dropped (redo it if needed)") + "\n"
                + _("• Keep mine: overwrite the file with your version; the other change is lost") + "\n"
                + _("• Cancel: write nothing for now"),
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel (esc)"), id="cancel")
                yield Button(_("Keep mine, overwrite (k)"), id="keep", variant="error")
                yield Button(_("Reload theirs (r)"), id="reload", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reload", Button).focus()

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)
