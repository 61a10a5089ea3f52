"""A yes/no question as a modal: ``ConfirmScreen(message, ...)`` dismisses with True (yes) or False (no).

Contract: ``app.push_screen(ConfirmScreen("Delete the channel « Blog »?", yes="Delete",
destructive=True), callback)``; the callback gets ``True`` only when the user chose yes
(``y``, or the yes button); ``n``, Escape and the no button give ``False``. With
``destructive=True`` the focus starts on the safe answer, so a stray Enter changes nothing.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from calendar_app.i18n import N_, _
from calendar_app.ui.bindings import translate_bindings


class ConfirmScreen(ModalScreen[bool]):
    """Ask one question; answer with ``y``/``n`` or the buttons."""

    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes")),
        Binding("n,escape", "answer(False)", N_("No")),
    ]

    def __init__(self, message: str, *, title: str | None = None, yes: str | None = None,
                 no: str | None = None, destructive: bool = False) -> None:
        super().__init__(classes="-destructive" if destructive else None)
        translate_bindings(self)
        self.message = message
        self.title_text = title or _("Please confirm")
        self.yes_label = yes or _("Yes")
        self.no_label = no or _("No")
        self.destructive = destructive
        self.AUTO_FOCUS = "#confirm-no" if destructive else "#confirm-yes"

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(self.title_text, id="confirm-title")
            yield Static(self.message, id="confirm-message", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(_("{label} (n)").format(label=self.no_label), id="confirm-no")
                yield Button(_("{label} (y)").format(label=self.yes_label), id="confirm-yes",
                             variant="error" if self.destructive else "primary")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)


def ask_before_discarding(screen: ModalScreen, question: str) -> None:
    """Escape on a form with unsaved changes: ask ``question``; ``screen`` is dismissed with None
    only on "Discard" ("Keep editing", n or Escape leave the form as it is)."""

    def answered(discard: bool | None) -> None:
        if discard:
            screen.dismiss(None)

    screen.app.push_screen(
        ConfirmScreen(question, title=_("Unsaved changes"), yes=_("Discard"), no=_("Keep editing"), destructive=True),
        answered,
    )
