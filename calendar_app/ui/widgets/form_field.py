"""One labelled form control with its problem (or hint) shown right under it."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static


class FormField(Vertical):
    """``Label  [control]`` on one line; below it the first problem, or a hint, when there is one.

    The field gets the ``-invalid`` class while it shows a problem and ``-hinted`` while it
    shows a hint (the stylesheet hides the empty lines).
    """

    def __init__(self, label: str, control: Widget, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.label_text = label
        self.field_control = control
        self.errors: tuple[str, ...] = ()
        self.hint = ""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-line"):
            yield Label(self.label_text, classes="field-label")
            yield self.field_control
        yield Static("", classes="field-error", markup=False)
        yield Static("", classes="field-hint", markup=False)

    def show_errors(self, messages: Sequence[str]) -> None:
        """Show the first of ``messages`` (and how many more); an empty list clears it."""
        messages = tuple(messages)
        if messages == self.errors:
            return
        self.errors = messages
        text = messages[0] + (f" (+{len(messages) - 1} more)" if len(messages) > 1 else "") if messages else ""
        self.query_one(".field-error", Static).update(text)
        self.set_class(bool(messages), "-invalid")

    def show_hint(self, text: str) -> None:
        """A line of advice under the control (hidden while a problem is shown)."""
        if text == self.hint:
            return
        self.hint = text
        self.query_one(".field-hint", Static).update(text)
        self.set_class(bool(text), "-hinted")
